/**
 * Benchmark suite `live`: `npm run bench -- live [--db pglite|postgres|both] [--part metrics|recommend|all]
 * [--database-url URL] [--keep] [--<option> value …]` (options each part reads are documented in its file).
 *
 * Per part and database, a fresh database (PostgreSQL: bench_live_<part>_<stamp>, dropped afterwards unless
 * --keep; PGlite: a temporary data folder), migrated, handed to the part:
 *   - metrics (bench/live/metrics.ts): live metrics of one session with 1M events, computed from scratch, and
 *     kept up to date incrementally while events keep arriving. Target: under 2 s on PostgreSQL;
 *   - recommend (bench/live/recommend.ts): creator recommendations for one merchant across 100,000 creators.
 *     Target: p99 ≤ 100 ms.
 * Writes bench/results/live-<part>-<db>-<stamp>.json and regenerates bench/results/live-latest.md (the newest
 * run of each part and database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DbKind, openDatabase } from '../src/core/db.ts';
import { migrate } from '../src/core/migrate.ts';
import { createPgDatabase, dropPgDatabase } from './lib/db.ts';
import { engineRevision, latestRuns, machine, stamp, writeRun } from './lib/results.ts';
import type { PartRun } from './live/part.ts';

const PARTS = ['metrics', 'recommend'] as const;
type Part = (typeof PARTS)[number];
const load: Record<Part, () => Promise<PartRun>> = {
  metrics: async () => (await import('./live/metrics.ts')).run,
  recommend: async () => (await import('./live/recommend.ts')).run,
};

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(here, 'results');
const log = (s: string) => process.stderr.write(`[live] ${new Date().toISOString().slice(11, 19)} ${s}\n`);

interface Run {
  suite: 'live';
  part: string;
  db: DbKind;
  at: string;
  revision: string;
  machine: Record<string, unknown>;
  figures: Record<string, unknown>;
  lines: string[];
}

/** `--name value` and `--name=value` options; `--keep` is the only flag. */
function options(argv: string[]): Record<string, string | undefined> & { keep?: string } {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (a === '--keep') out.keep = 'true';
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) out[a.slice(2)] = argv[++i];
    else throw new Error(`${a} needs a value`);
  }
  return out;
}

function parse(argv: string[]) {
  const v = options(argv);
  const str = (k: string) => v[k];
  const db = str('db') ?? 'both';
  const dbs: DbKind[] =
    db === 'both' ? ['postgres', 'pglite'] : db === 'postgres' || db === 'pglite' ? [db] : [];
  if (!dbs.length) throw new Error('--db must be postgres, pglite or both');
  const partArg = str('part') ?? 'all';
  const parts = (partArg === 'all' ? [...PARTS] : partArg.split(',')) as Part[];
  if (parts.some((p) => !PARTS.includes(p)))
    throw new Error(`--part must be all or some of ${PARTS.join(', ')}`);
  const args: Record<string, string | undefined> = {};
  for (const [k, x] of Object.entries(v))
    if (!['db', 'part', 'database-url', 'keep'].includes(k)) args[k] = x;
  return {
    dbs,
    parts,
    args,
    keep: v.keep === 'true',
    databaseUrl:
      str('database-url') ??
      process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
  };
}

async function runPart(part: Part, kind: DbKind, o: ReturnType<typeof parse>, at: string): Promise<Run> {
  const name = `bench_live_${part}_${at.replace('-', '_')}`;
  let url = '';
  let dataDir: string | undefined;
  if (kind === 'postgres') url = await createPgDatabase(o.databaseUrl, name);
  else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-live-'));
  const db = await openDatabase({ databaseUrl: url || undefined, dataDir, poolSize: 8 });
  db.pool.on('error', (err) => log(`${kind}: pool: ${err.message}`));
  try {
    await migrate(db);
    const run = await load[part]();
    const out = await run({ db, kind, url, args: o.args, log: (s) => log(`${part}/${kind}: ${s}`) });
    return {
      suite: 'live',
      part: `${part}-${kind}`,
      db: kind,
      at,
      revision: engineRevision(['src', 'bench']),
      machine: machine(kind === 'postgres' ? 'PostgreSQL' : 'PGlite'),
      ...out,
    };
  } finally {
    await db.close();
    if (kind === 'postgres' && !o.keep) await dropPgDatabase(o.databaseUrl, name);
    if (dataDir && !o.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function latestMarkdown(): string {
  const keys = PARTS.flatMap((p) => (['postgres', 'pglite'] as const).map((d) => `${p}-${d}`));
  const runs = latestRuns<Run>(resultsDir, 'live', keys);
  const out = [
    '# Benchmark suite `live`: latest figures',
    '',
    'Generated by `npm run bench -- live`; each section is the newest run of that part on that database.',
    '',
  ];
  for (const r of runs) {
    out.push(`## ${r.part} (${r.at}, ${r.revision})`, '');
    out.push(
      `Machine: ${r.machine.cores} cores, ${r.machine.cpu}, Node ${r.machine.node}, load ${r.machine.load}.`,
      '',
    );
    out.push(...r.lines, '');
  }
  return out.join('\n');
}

export async function run(argv: string[]): Promise<void> {
  const o = parse(argv);
  const at = stamp();
  for (const part of o.parts)
    for (const kind of o.dbs) {
      log(`${part} on ${kind}`);
      const r = await runPart(part, kind, o, at);
      log(`wrote ${path.relative(process.cwd(), writeRun(resultsDir, r, at))}`);
    }
  const md = latestMarkdown();
  fs.writeFileSync(path.join(resultsDir, 'live-latest.md'), md);
  process.stdout.write(`${md}\n`);
}
