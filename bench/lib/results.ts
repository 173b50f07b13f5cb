/**
 * What every benchmark suite shares about its results: percentiles, the machine a run ran on, one JSON file per
 * run in bench/results/ and the newest run of each part (for the suite's latest.md, which each suite words itself).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The commit code was measured at, and the files under `paths` that differed from it (work in progress). */
export function engineRevision(paths: readonly string[]): string {
  const git = (args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
  try {
    const head = git(['rev-parse', '--short', 'HEAD']).trim();
    const dirty = git(['status', '--porcelain', '--', ...paths])
      .split('\n')
      .filter((l) => l && !l.includes('.test.ts'))
      .map((l) => l.slice(3));
    return dirty.length ? `${head} + uncommitted ${dirty.join(' ')}` : head;
  } catch {
    return 'unknown';
  }
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

export function machine(database?: string): Record<string, unknown> {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    load: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
    ...(database ? { database } : {}),
  };
}

/** A rate or count for a table: whole numbers with thousands separators from 100 up. */
export const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

export function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export function writeRun(dir: string, r: { suite: string; part: string }, at: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${r.suite}-${r.part}-${at}.json`);
  fs.writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}

/** The newest run of each part, so running one part (or one database) keeps the others' latest figures. */
export function latestRuns<R>(dir: string, suite: string, parts: readonly string[]): R[] {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  return parts.flatMap((part) => {
    const f = files
      .filter((x) => x.startsWith(`${suite}-${part}-`) && x.endsWith('.json'))
      .sort()
      .pop();
    return f ? [JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as R] : [];
  });
}
