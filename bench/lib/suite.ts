/**
 * A benchmark suite made of parts, each run on a fresh migrated database per kind: `npm run bench -- <suite>
 * [--db pglite|postgres|both] [--part a,b|all] [--database-url URL] [--keep] [--<option> value …]`.
 * PostgreSQL gets bench_<suite>_<part>_<stamp> (dropped afterwards unless --keep), PGlite a temporary data folder.
 * Each run writes bench/results/<suite>-<part>-<db>-<stamp>.json and regenerates bench/results/<suite>-latest.md
 * (the newest run of each part and database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, type DbKind, openDatabase } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import { createPgDatabase, dropPgDatabase } from './db.ts';
import { engineRevision, latestRuns, machine, stamp, writeRun } from './results.ts';

/** What a part gets: a fresh migrated database, its kind, the command's options and a logger. */
export interface PartInput {
  db: Database;
  kind: DbKind;
  /** PostgreSQL URL of the fresh database ('' on PGlite), for parts that start a server or a second pool. */
  url: string;
  /** `--name value` options of the command line beyond --db, --part and --database-url. */
  args: Record<string, string | undefined>;
  log: (s: string) => void;
}

/** What a part reports: figures kept in the JSON run, and the markdown lines of the suite's latest.md. */
export interface PartOutput {
  figures: Record<string, unknown>;
  /** Markdown (a table or bullets) for this part and database; say what was measured and the anchor ratio. */
  lines: string[];
}

export type PartRun = (input: PartInput) => Promise<PartOutput>;

export interface SuiteDef {
  name: string;
  /** Parts in the order `all` runs them, each loaded on demand. */
  parts: Record<string, () => Promise<PartRun>>;
  /** Pool size of the part's database. */
  poolSize?: number;
}

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

interface Run {
  suite: string;
  part: string;
  db: DbKind;
  at: string;
  revision: string;
  machine: Record<string, unknown>;
  figures: Record<string, unknown>;
  lines: string[];
}

/** `--name value` and `--name=value` options; `--keep` is the only flag. */
function options(argv: string[]): Record<string, string | undefined> {
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

function parse(suite: SuiteDef, argv: string[]) {
  const v = options(argv);
  const names = Object.keys(suite.parts);
  const db = v.db ?? 'both';
  const dbs: DbKind[] =
    db === 'both' ? ['postgres', 'pglite'] : db === 'postgres' || db === 'pglite' ? [db] : [];
  if (!dbs.length) throw new Error('--db must be postgres, pglite or both');
  const partArg = v.part ?? 'all';
  const parts = partArg === 'all' ? names : partArg.split(',');
  if (parts.some((p) => !names.includes(p)))
    throw new Error(`--part must be all or some of ${names.join(', ')}`);
  const args: Record<string, string | undefined> = {};
  for (const [k, x] of Object.entries(v))
    if (!['db', 'part', 'database-url', 'keep'].includes(k)) args[k] = x;
  return {
    dbs,
    parts,
    args,
    keep: v.keep === 'true',
    databaseUrl:
      v['database-url'] ??
      process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
  };
}

async function runPart(suite: SuiteDef, part: string, kind: DbKind, o: ReturnType<typeof parse>, at: string) {
  const log = (s: string) =>
    process.stderr.write(`[${suite.name}] ${new Date().toISOString().slice(11, 19)} ${part}/${kind}: ${s}\n`);
  const name = `bench_${suite.name}_${part}_${at.replace('-', '_')}`;
  let url = '';
  let dataDir: string | undefined;
  if (kind === 'postgres') url = await createPgDatabase(o.databaseUrl, name);
  else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tributary-bench-${suite.name}-`));
  const db = await openDatabase({ databaseUrl: url || undefined, dataDir, poolSize: suite.poolSize ?? 8 });
  db.pool.on('error', (err) => log(`pool: ${err.message}`));
  try {
    await migrate(db);
    const run = await suite.parts[part]!();
    const out = await run({ db, kind, url, args: o.args, log });
    return {
      suite: suite.name,
      part: `${part}-${kind}`,
      db: kind,
      at,
      revision: engineRevision(['src', 'bench']),
      machine: machine(kind === 'postgres' ? 'PostgreSQL' : 'PGlite'),
      ...out,
    } satisfies Run;
  } finally {
    await db.close();
    if (kind === 'postgres' && !o.keep) await dropPgDatabase(o.databaseUrl, name);
    if (dataDir && !o.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function latestMarkdown(suite: SuiteDef): string {
  const keys = Object.keys(suite.parts).flatMap((p) =>
    (['postgres', 'pglite'] as const).map((d) => `${p}-${d}`),
  );
  const runs = latestRuns<Run>(resultsDir, suite.name, keys);
  const out = [
    `# Benchmark suite \`${suite.name}\`: latest figures`,
    '',
    `Generated by \`npm run bench -- ${suite.name}\`; each section is the newest run of that part on that database.`,
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

/** Runs the parts the command line asks for on each database, then rewrites the suite's latest.md. */
export async function runSuite(suite: SuiteDef, argv: string[]): Promise<void> {
  const o = parse(suite, argv);
  const at = stamp();
  for (const part of o.parts)
    for (const kind of o.dbs) {
      process.stderr.write(`[${suite.name}] ${part} on ${kind}\n`);
      const r = await runPart(suite, part, kind, o, at);
      const file = writeRun(resultsDir, r, at);
      process.stderr.write(`[${suite.name}] wrote ${path.relative(process.cwd(), file)}\n`);
    }
  const md = latestMarkdown(suite);
  fs.writeFileSync(path.join(resultsDir, `${suite.name}-latest.md`), md);
  process.stdout.write(`${md}\n`);
}
