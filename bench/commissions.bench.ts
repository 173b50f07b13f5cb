/**
 * Benchmark suite `commissions`: `npm run bench -- commissions [--db postgres|pglite|both] [--orders N]
 * [--settle-orders M] [--workers W] [--database-url URL] [--keep] [--cpu-prof DIR]`.
 *
 * Per database (PostgreSQL: a fresh database bench_commissions_<stamp>, dropped afterwards; PGlite: a temporary
 * data folder), on a marketplace written through the real services (bench/commissions/world.ts):
 *   1. events — N orders ingested phase by phase (paid; refunded before delivery; delivered/completed; refunded
 *      after delivery); after each phase the outbox events go to the commission engine in batches of 500 with W
 *      workers (processOrderEvents). Events/s, p50/p99 per batch, CPU per event, and the ratio to the same number
 *      of balanced ledger transactions inserted by plain SQL in the same run (bench/commissions/events.ts).
 *   2. settlement — M completed orders of one month prepared by bulk SQL from the engine's own rows, then
 *      settleMonth end to end, checked line by line and against the ledger (bench/commissions/settle.ts).
 * Defaults: PostgreSQL N = 50,000, M = 1,000,000, W = 2; PGlite N = 10,000, M = 100,000, one connection.
 * Writes bench/results/commissions-<db>-<stamp>.json and regenerates bench/results/commissions-latest.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { type Database, type DbKind, openDatabase } from '../src/core/db.ts';
import { migrate } from '../src/core/migrate.ts';
import { eventsFigure } from './commissions/events.ts';
import { type Figure, markdown, type Run } from './commissions/figures.ts';
import { engineRevision, latestRuns, stamp, writeRun } from './lib/results.ts';
import { settlementFigure } from './commissions/settle.ts';
import { openWorkers } from './commissions/workers.ts';
import { buildWorld } from './commissions/world.ts';
import { createPgDatabase, dropPgDatabase } from './lib/db.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(here, 'results');
const log = (s: string) => process.stderr.write(`[commissions] ${s}\n`);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface Opts {
  dbs: DbKind[];
  orders?: number;
  settleOrders?: number;
  workers: number;
  databaseUrl: string;
  keep: boolean;
  /** Write CPU profiles of the timed engine phases into this folder (the run's results are not recorded). */
  cpuProf?: string;
}

function parse(args: string[]): Opts {
  const { values: v } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: 'postgres' },
      orders: { type: 'string' },
      'settle-orders': { type: 'string' },
      workers: { type: 'string', default: '2' },
      'database-url': { type: 'string' },
      keep: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
    },
  });
  const int = (name: string, s: string | undefined, min: number) => {
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const dbs: DbKind[] =
    v.db === 'both' ? ['postgres', 'pglite'] : v.db === 'pglite' || v.db === 'postgres' ? [v.db] : [];
  if (!dbs.length) throw new Error('--db must be postgres, pglite or both');
  return {
    dbs,
    orders: int('orders', v.orders, 100),
    settleOrders: int('settle-orders', v['settle-orders'], 0),
    workers: int('workers', v.workers, 1)!,
    databaseUrl:
      v['database-url'] ??
      process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/test',
    keep: v.keep,
    cpuProf: v['cpu-prof'],
  };
}

async function benchDb(kind: DbKind, o: Opts, ts: string): Promise<Run> {
  const startedAt = new Date().toISOString();
  const engine = engineRevision(['src/modules/commissions', 'src/modules/ledger', 'src/core']);
  const loadStart = load();
  const n = o.orders ?? (kind === 'postgres' ? 50_000 : 10_000);
  const m = o.settleOrders ?? (kind === 'postgres' ? 1_000_000 : 100_000);
  const name = `bench_commissions_${ts.replace('-', '_')}`;
  let url: string | undefined;
  let dataDir: string | undefined;
  if (kind === 'postgres') {
    url = await createPgDatabase(o.databaseUrl, name);
    log(`postgres: fresh database ${name}`);
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-commissions-'));
    log(`pglite: data folder ${dataDir}`);
  }
  let db: Database | undefined;
  const figures: Figure[] = [];
  let version = '';
  let workers = 1;
  try {
    db = await openDatabase({ databaseUrl: url, dataDir, poolSize: 4 });
    db.pool.on('error', (err) => log(`${kind}: pool: ${err.message}`));
    await migrate(db);
    version = (await sql<{ v: string }>`SELECT version() AS v`.execute(db.kysely)).rows[0]!.v.split(
      ' on ',
    )[0]!;
    const env = { db: db.kysely, timeZone: 'Asia/Shanghai', maxBatch: 10_000, database: db };
    const world = await buildWorld(
      env,
      { stores: 1000, products: 20_000, consumers: 50_000, creators: 1000, promoters: 1000, agencies: 40 },
      log,
    );
    const w = await openWorkers(db, url, o.workers);
    workers = w.count;
    try {
      const ev = await eventsFigure(db, env, world, w, n, log, o.cpuProf);
      figures.push(...ev.figures);
      if (m > 0) figures.push(...(await settlementFigure(db, w, m, 'bo_', log)));
    } finally {
      await w.close();
    }
  } finally {
    await db?.close().catch(() => {});
    if (url && !o.keep) await dropPgDatabase(o.databaseUrl, name);
    if (dataDir && !o.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const cpus = os.cpus();
  return {
    suite: 'commissions',
    part: kind,
    startedAt,
    machine: {
      cores: cpus.length,
      cpu: cpus[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      os: `${os.type()} ${os.release()}`,
      loadStart,
      loadEnd: load(),
      database: kind === 'pglite' ? `PGlite (${version})` : version,
    },
    params: {
      engine,
      orders: n,
      settleOrders: m,
      workers,
      batch: 500,
      catalog: '1000 stores, 20000 products, 50000 consumers, 1000 creators, 1000 promoters, 40 agencies',
    },
    figures,
  };
}

export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const ts = stamp();
  for (const kind of o.dbs) {
    const r = await benchDb(kind, o, ts);
    if (o.cpuProf) continue; // profiled runs are slower: not recorded
    log(`wrote ${path.relative(process.cwd(), writeRun(resultsDir, r, ts))}`);
  }
  const md = markdown(latestRuns<Run>(resultsDir, 'commissions', ['postgres', 'pglite']));
  fs.writeFileSync(path.join(resultsDir, 'commissions-latest.md'), md);
  process.stdout.write(`${md}\n`);
}
