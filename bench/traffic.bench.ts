/**
 * Benchmark suite `traffic`: `npm run bench -- traffic [--db pglite|postgres|both] [--part rank|http|concurrency|evaluate|all]
 * [--days N] [--requests N] [--warmup N] [--seconds S] [--warmup-seconds S] [--concurrency C]
 * [--conc-requests N] [--conc-inflight C] [--conc-pool N] [--conc-stores N] [--eval-size small|test]
 * [--database-url URL] [--keep]`.
 *
 * Per database (PostgreSQL: fresh databases bench_traffic_<stamp> and bench_traffic_eval_<stamp>, dropped
 * afterwards unless --keep; PGlite: temporary data folders):
 *   - the market: the simulator's marketplace (EVAL_SIZES.small's sizes: 80 merchants, ~2,400 products) over
 *     `--days` days (default 15: the catalog reads 14 days of rates) ending yesterday, scored, with the ranker's signals (bench/traffic/market.ts);
 *   - rank: `Ranker.rank` in process, 1,000 supplied candidates → a page of 20, `--requests` after `--warmup`,
 *     with no program and with a campaign budget filling the slots; anchor: the bare work of ranking on the same
 *     candidate sets. Target: p99 ≤ 10 ms (bench/traffic/rank.ts);
 *   - http: the whole app on that database, POST /v1/traffic/rank (server-generated candidates; 1,000 supplied
 *     ids), `--concurrency` in flight for `--seconds`; anchor: a trivial JSON route. Target: ≥ 2,000 requests/s
 *     (bench/traffic/http.ts);
 *   - concurrency: a budget for a fresh day with a small pool, the server hammered with requests sweeping the
 *     day while a second Ranker shares the quotas; overshoot and delivered vs returned (bench/traffic/concurrency.ts);
 *   - evaluate: evaluateTraffic on its own fresh database (pacing, protection, Chuanliu, race, the score A/B).
 * Writes bench/results/traffic-<part>-<db>-<stamp>.json and regenerates bench/results/traffic-latest.md
 * (the newest run of each part and database).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { type Database, type DbKind, openDatabase } from '../src/core/db.ts';
import { migrate } from '../src/core/migrate.ts';
import { businessDay, shiftDay } from '../src/core/time.ts';
import { createPgDatabase, dropPgDatabase } from './lib/db.ts';
import { engineRevision, latestRuns, machine, stamp, writeRun } from './lib/results.ts';
import { concurrencyFigures } from './traffic/concurrency.ts';
import { evaluateTraffic } from './traffic/evaluate.ts';
import { markdown, PARTS, type Part, type Run } from './traffic/figures.ts';
import { httpFigures, startApp } from './traffic/http.ts';
import { buildMarket, type Market } from './traffic/market.ts';
import { benchDays, rankFigures } from './traffic/rank.ts';
import { EVAL_SIZES } from './traffic/sizes.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(here, 'results');
const log = (s: string) => process.stderr.write(`[traffic] ${new Date().toISOString().slice(11, 19)} ${s}\n`);
const TIME_ZONE = 'Asia/Shanghai';

interface Opts {
  dbs: DbKind[];
  parts: Part[];
  days: number;
  requests: number;
  warmup: number;
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  concRequests: number;
  concInflight: number;
  concPool: number;
  concStores: number;
  evalSize: keyof typeof EVAL_SIZES;
  databaseUrl: string;
  keep: boolean;
}

function parse(args: string[]): Opts {
  const { values: v } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: 'both' },
      part: { type: 'string', default: 'all' },
      days: { type: 'string', default: '15' },
      requests: { type: 'string', default: '20000' },
      warmup: { type: 'string', default: '2000' },
      seconds: { type: 'string', default: '15' },
      'warmup-seconds': { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '16' },
      'conc-requests': { type: 'string', default: '40000' },
      'conc-inflight': { type: 'string', default: '64' },
      'conc-pool': { type: 'string', default: '20000' },
      'conc-stores': { type: 'string', default: '10' },
      'eval-size': { type: 'string', default: 'small' },
      'database-url': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const int = (name: string, s: string, min: number) => {
    const n = Number(s.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const num = (name: string, s: string, min: number) => {
    const n = Number(s);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return n;
  };
  const dbs: DbKind[] =
    v.db === 'both' ? ['postgres', 'pglite'] : v.db === 'pglite' || v.db === 'postgres' ? [v.db] : [];
  if (!dbs.length) throw new Error('--db must be postgres, pglite or both');
  const parts = v.part === 'all' ? [...PARTS] : (v.part.split(',') as Part[]);
  if (!parts.length || parts.some((p) => !PARTS.includes(p)))
    throw new Error(`--part must be all or some of ${PARTS.join(', ')} (comma-separated)`);
  if (!(v['eval-size'] in EVAL_SIZES))
    throw new Error(`--eval-size must be one of ${Object.keys(EVAL_SIZES).join(', ')}`);
  return {
    dbs,
    parts,
    days: int('days', v.days, 15),
    requests: int('requests', v.requests, 100),
    warmup: int('warmup', v.warmup, 0),
    seconds: num('seconds', v.seconds, 1),
    warmupSeconds: num('warmup-seconds', v['warmup-seconds'], 0.5),
    concurrency: int('concurrency', v.concurrency, 1),
    concRequests: int('conc-requests', v['conc-requests'], 100),
    concInflight: int('conc-inflight', v['conc-inflight'], 1),
    concPool: int('conc-pool', v['conc-pool'], 1),
    concStores: int('conc-stores', v['conc-stores'], 1),
    evalSize: v['eval-size'] as keyof typeof EVAL_SIZES,
    databaseUrl:
      v['database-url'] ??
      process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    keep: v.keep,
  };
}

/** A fresh database of `kind`: opened and migrated; `dispose` drops it (PostgreSQL) or removes its folder. */
async function freshDatabase(kind: DbKind, o: Opts, name: string) {
  let url: string | undefined;
  let dataDir: string | undefined;
  if (kind === 'postgres') {
    url = await createPgDatabase(o.databaseUrl, name);
    log(`postgres: fresh database ${name}`);
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-traffic-'));
    log(`pglite: data folder ${dataDir}`);
  }
  const db = await openDatabase({ databaseUrl: url, dataDir, poolSize: 8 });
  db.pool.on('error', (err) => log(`${kind}: pool: ${err.message}`));
  await migrate(db);
  const version = (await sql<{ v: string }>`SELECT version() AS v`.execute(db.kysely)).rows[0]!.v.split(
    ' on ',
  )[0]!;
  return {
    db,
    url,
    database: kind === 'pglite' ? `PGlite (${version})` : version,
    async dispose() {
      if (url && !o.keep) await dropPgDatabase(o.databaseUrl, name);
      else if (url) log(`kept database ${name}`);
      if (dataDir && !o.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes a run and formats its JSON as the repository's formatter would (bench/ is checked by biome). */
function save(r: Run, ts: string) {
  const file = writeRun(resultsDir, r, ts);
  try {
    execFileSync(path.join(here, '..', 'node_modules', '.bin', 'biome'), ['format', '--write', file], {
      stdio: 'ignore',
    });
  } catch (e) {
    log(`biome format ${path.basename(file)}: ${(e as Error).message}`);
  }
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

const ENGINE_PATHS = ['src/modules/traffic', 'src/modules/scoring', 'src/core', 'bench/traffic'];

async function marketParts(kind: DbKind, o: Opts, ts: string): Promise<void> {
  const parts = o.parts.filter((p) => p !== 'evaluate');
  if (!parts.length) return;
  const name = `bench_traffic_${ts.replace('-', '_')}`;
  const fresh = await freshDatabase(kind, o, name);
  let db: Database | undefined = fresh.db;
  let stopServer: (() => Promise<void>) | undefined;
  const engine = engineRevision(ENGINE_PATHS);
  try {
    const endDay = shiftDay(businessDay(Date.now(), TIME_ZONE), -1);
    const size = EVAL_SIZES.small;
    const m: Market = await buildMarket(db, {
      endDay,
      days: o.days,
      seed: size.seed,
      overrides: size.overrides,
      timeZone: TIME_ZONE,
      log: (s) => log(`${kind}: ${s}`),
    });
    log(
      `${kind}: market ready: ${m.products} listed products, ${m.stores} stores, ${m.users.length} users (simulate ${(m.ms.simulate / 1000).toFixed(0)} s, scores ${(m.ms.scores / 1000).toFixed(1)} s, signals ${(m.ms.signals / 1000).toFixed(1)} s)`,
    );
    const days = benchDays(endDay);
    const marketParams = {
      engine,
      market: `simulator seed ${size.seed}, ${o.days} days to ${endDay} (${TIME_ZONE}), ${JSON.stringify(size.overrides)}`,
      listedProducts: m.products,
      stores: m.stores,
      users: m.users.length,
    };
    const write = (
      part: Part,
      m0: Record<string, unknown>,
      startedAt: string,
      params: Record<string, unknown>,
      body: Partial<Run>,
    ) => {
      const r: Run = {
        suite: 'traffic',
        part: `${part}-${kind}`,
        startedAt,
        machine: { ...m0, loadEnd: machine().load },
        params: { ...marketParams, ...params },
        ...body,
      };
      save(r, ts);
    };

    if (parts.includes('rank')) {
      const startedAt = new Date().toISOString();
      const m0 = machine(fresh.database);
      const rank = await rankFigures(db, m, {
        requests: o.requests,
        warmup: o.warmup,
        sets: 500,
        seed: 17,
        timeZone: TIME_ZONE,
        plainDay: days.plain,
        programDay: days.program,
        poolPerStore: 200_000,
        programStores: 12,
        log: (s) => log(`${kind}: ${s}`),
      });
      write('rank', m0, startedAt, { requests: o.requests, warmup: o.warmup, candidateSets: 500 }, { rank });
    }

    if (parts.includes('http') || parts.includes('concurrency')) {
      const app = await startApp(db);
      stopServer = () => app.server.stop(); // closes the database too
      db = app.server.ctx.db;
      log(`${kind}: server listening on ${app.server.url}`);
      if (parts.includes('http')) {
        const startedAt = new Date().toISOString();
        const m0 = machine(fresh.database);
        const ids = (
          await sql<{ id: string }>`SELECT id FROM products WHERE status = 'listed' ORDER BY id`.execute(
            db.kysely,
          )
        ).rows.map((r) => r.id);
        const http = await httpFigures(app, m, ids, {
          seconds: o.seconds,
          warmupSeconds: o.warmupSeconds,
          concurrency: o.concurrency,
          seed: 23,
          postgres: kind === 'postgres',
          log: (s) => log(`${kind}: ${s}`),
        });
        write(
          'http',
          m0,
          startedAt,
          { seconds: o.seconds, warmupSeconds: o.warmupSeconds, concurrency: o.concurrency, poolSize: 8 },
          { http },
        );
      }
      if (parts.includes('concurrency')) {
        const startedAt = new Date().toISOString();
        const m0 = machine(fresh.database);
        const concurrency = await concurrencyFigures(app, db, m, {
          day: days.concurrency,
          requests: o.concRequests,
          concurrency: o.concInflight,
          sideWorkers: 16,
          pool: o.concPool,
          stores: o.concStores,
          seed: 29,
          timeZone: TIME_ZONE,
          databaseUrl: fresh.url,
          log: (s) => log(`${kind}: ${s}`),
        });
        write(
          'concurrency',
          m0,
          startedAt,
          {
            requests: o.concRequests,
            inFlight: o.concInflight,
            pool: o.concPool,
            enrolledStores: o.concStores,
          },
          { concurrency },
        );
      }
    }
  } finally {
    if (stopServer) await stopServer().catch((e) => log(`${kind}: server stop: ${(e as Error).message}`));
    else await db?.close().catch(() => {});
    await fresh.dispose();
  }
}

async function evaluatePart(kind: DbKind, o: Opts, ts: string): Promise<void> {
  const name = `bench_traffic_eval_${ts.replace('-', '_')}`;
  const fresh = await freshDatabase(kind, o, name);
  try {
    const startedAt = new Date().toISOString();
    const m0 = machine(fresh.database);
    const size = EVAL_SIZES[o.evalSize];
    const evaluation = await evaluateTraffic(fresh.db, {
      ...size,
      log: (s) => log(`${kind}: evaluate: ${s}`),
    });
    log(
      `${kind}: evaluate: GMV/1000 exposures score ${evaluation.ab.score.gmvPerMille.toFixed(0)} vs holdout ${evaluation.ab.holdout.gmvPerMille.toFixed(0)} (z ${evaluation.ab.gmvLiftZ.toFixed(2)}), pacing ${evaluation.pacing.within2pct}/${evaluation.pacing.participantDays}`,
    );
    const r: Run = {
      suite: 'traffic',
      part: `evaluate-${kind}`,
      startedAt,
      machine: { ...m0, loadEnd: machine().load },
      params: {
        engine: engineRevision(ENGINE_PATHS),
        size: o.evalSize,
        seed: size.seed,
        endDay: size.endDay,
        windowDays: size.windowDays,
        trafficDays: size.trafficDays,
        feedRequests: size.feedRequests,
        liveRequests: size.liveRequests,
        holdoutBp: size.holdoutBp,
        budgetPerDay: size.budgetPerDay,
        budgetStores: size.budgetStores,
        protectionMinDaily: size.protectionMinDaily,
      },
      evaluation,
    };
    save(r, ts);
  } finally {
    await fresh.db.close().catch(() => {});
    await fresh.dispose();
  }
}

export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const ts = stamp();
  const t0 = performance.now();
  for (const kind of o.dbs) {
    await marketParts(kind, o, ts);
    if (o.parts.includes('evaluate')) await evaluatePart(kind, o, ts);
  }
  log(`done in ${((performance.now() - t0) / 60_000).toFixed(1)} min`);
  const md = markdown(
    latestRuns<Run>(
      resultsDir,
      'traffic',
      PARTS.flatMap((p) => ['postgres', 'pglite'].map((k) => `${p}-${k}`)),
    ),
  );
  fs.writeFileSync(path.join(resultsDir, 'traffic-latest.md'), md);
  process.stdout.write(`${md}\n`);
}
