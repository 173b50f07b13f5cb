/** Figures of the pricing suite and how they are written: a JSON file per run and a latest.md summary. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  figure: string;
  count: number;
  unit: string;
  ms: number;
  rate: number;
  p50?: number;
  p99?: number;
  anchor?: { name: string; ms: number; rate: number };
  /** rate ÷ anchor rate (or as the note says). */
  ratio?: number;
  target?: string;
  note?: string;
}

export interface Run {
  suite: string;
  part: string;
  startedAt: string;
  machine: Record<string, unknown>;
  figures: Figure[];
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

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
const ms = (n?: number) => (n === undefined ? '—' : n.toFixed(3));
const pct = (r?: number) =>
  r === undefined ? '—' : r >= 10 ? `${r.toFixed(1)}×` : `${(r * 100).toFixed(0)}%`;

export function markdown(title: string, intro: string, runs: Run[]): string {
  const out = [`# ${title}`, '', intro, ''];
  for (const r of runs) {
    const m = r.machine;
    out.push(`## ${r.part} — ${r.startedAt}`, '');
    out.push(
      `Machine: ${m.cores} cores (${m.cpu}), Node ${m.node}, load ${m.load}${m.database ? `; database: ${m.database}` : ''}.`,
      '',
    );
    out.push(
      '| figure | count | rate /s | p50 ms | p99 ms | anchor | anchor /s | ratio | target | notes |',
      '|---|---:|---:|---:|---:|---|---:|---:|---|---|',
    );
    for (const f of r.figures)
      out.push(
        `| ${f.figure} | ${fmt(f.count)} ${f.unit} | ${fmt(f.rate)} | ${ms(f.p50)} | ${ms(f.p99)} | ${f.anchor?.name ?? '—'} | ${f.anchor ? fmt(f.anchor.rate) : '—'} | ${pct(f.ratio)} | ${f.target ?? ''} | ${(f.note ?? '').replace(/\|/g, '/')} |`,
      );
    out.push('');
  }
  return out.join('\n');
}

export function writeRun(dir: string, r: Run, stamp: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${r.suite}-${r.part}-${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}

/** The newest run of each part, so running one part keeps the others' latest figures. */
export function latestRuns(dir: string, suite: string, parts: readonly string[]): Run[] {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  return parts.flatMap((part) => {
    const f = files
      .filter((x) => x.startsWith(`${suite}-${part}-`) && x.endsWith('.json'))
      .sort()
      .pop();
    return f ? [JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Run] : [];
  });
}

export function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
