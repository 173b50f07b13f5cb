/**
 * What the scoring suite times and checks: the anchor (one plain SQL aggregation over the same window), the full
 * recompute() end to end, and the snapshots it wrote (counts, scale, spread, volumes against the raw tables).
 */
import fs from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database, Db } from '../../src/core/db.ts';
import {
  activeConfig,
  recompute,
  SCORE_KINDS,
  type ScoreKind,
  spearman,
} from '../../src/modules/scoring/index.ts';
import { creatorFigures, productFigures, storeFigures } from '../../src/modules/scoring/metrics.repo.ts';
import { windowOf } from '../../src/modules/scoring/recompute.service.ts';

export const TRIGGER = 'bench';

/** The anchor, word for word (also printed in the results). */
export function anchorSql(from: string, to: string): string {
  return `SELECT ol.product_id, count(*) AS lines, sum(ol.quantity) AS units, sum(ol.paid) AS paid
FROM orders o JOIN order_lines ol ON ol.order_id = o.id
WHERE o.paid_day BETWEEN '${from}' AND '${to}'
GROUP BY ol.product_id`;
}

/** CPU ms (user + system) of a process from /proc, null when it cannot be read. */
function procCpuMs(pid: number): number | null {
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return null;
  }
}

/** Busy CPU ms of the whole machine (every process, every core) from /proc/stat, null elsewhere. */
function machineBusyMs(): number | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!) * 10;
  } catch {
    return null;
  }
}

export interface Cpu {
  /** This process (process.cpuUsage; on PGlite the database runs in it too). */
  nodeCpuMs: number;
  /** The PostgreSQL backends of this benchmark's database (its pool's connections; parallel workers not counted). */
  pgCpuMs: number | null;
  /** Every process on the machine, all cores (other users of the shared machine included). */
  machineCpuMs: number | null;
}

/**
 * A CPU meter for a measured step. PostgreSQL backends are found in pg_stat_activity (this database) and read in
 * /proc, which works when the server runs on this machine; a backend that ends during the step is lost.
 */
async function cpuMeter(database: Database) {
  const backends = async () => {
    if (database.pglite) return new Map<number, number>();
    const r = await database.pool.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
    );
    return new Map(
      r.rows.flatMap((x) => {
        const c = procCpuMs(x.pid);
        return c === null ? [] : [[x.pid, c] as [number, number]];
      }),
    );
  };
  const pg0 = await backends();
  const node0 = process.cpuUsage();
  const m0 = machineBusyMs();
  return {
    async stop(): Promise<Cpu> {
      const node = process.cpuUsage(node0);
      const m1 = machineBusyMs();
      const pg1 = await backends();
      let pg = 0;
      for (const [pid, c] of pg1) pg += c - (pg0.get(pid) ?? 0);
      return {
        nodeCpuMs: Math.round((node.user + node.system) / 1000),
        pgCpuMs: database.pglite || pg1.size === 0 ? null : pg,
        machineCpuMs: m0 === null || m1 === null ? null : m1 - m0,
      };
    },
  };
}

export interface AnchorRun extends Cpu {
  ms: number;
  rows: number;
}

/** The anchor through the same pool and driver as recompute(), every row fetched to this process. */
export async function anchor(database: Database, from: string, to: string): Promise<AnchorRun> {
  const cpu = await cpuMeter(database);
  const t = performance.now();
  const r = await sql.raw<Record<string, unknown>>(anchorSql(from, to)).execute(database.kysely);
  const ms = performance.now() - t;
  return { ms: Math.round(ms), rows: r.rows.length, ...(await cpu.stop()) };
}

/** Tables of the scoring module's event rollups (emptied before a 'first' run; absent tables are skipped). */
const ROLLUP_TABLES = ['scoring_product_events', 'scoring_rollup_days'];

/** Empties the event rollups, so the next recompute rolls up the whole window (not timed). */
export async function clearRollups(db: Db): Promise<string[]> {
  const found: string[] = [];
  for (const t of ROLLUP_TABLES) {
    const r = await sql<{ t: string | null }>`SELECT to_regclass(${t})::text AS t`.execute(db);
    if (r.rows[0]?.t) found.push(t);
  }
  if (found.length) await sql.raw(`TRUNCATE ${found.join(', ')}`).execute(db);
  return found;
}

export interface RecomputeRun extends Cpu {
  /** 'first': the event rollups were empty (the whole window rolled up); 'daily': rollups of earlier runs kept. */
  mode: 'first' | 'daily';
  /** Wall time around recompute() here, and the total it reports itself. */
  ms: number;
  totalMs: number;
  timings: Record<string, number>;
  counts: Partial<Record<ScoreKind, number>>;
  /** Days of events the run rolled up (null when the module keeps no rollup). */
  rolledDays: number | null;
}

/**
 * One full recompute of `day` (every kind). The day's snapshots of the previous run are removed first (not
 * timed), so every run writes into the same empty table, like the first run of a new day.
 */
export async function timedRecompute(
  database: Database,
  day: string,
  timeZone: string,
  mode: RecomputeRun['mode'],
): Promise<RecomputeRun> {
  const db = database.kysely;
  await sql`TRUNCATE score_snapshots`.execute(db);
  const hasRollups = (
    await sql<{ t: string | null }>`SELECT to_regclass('scoring_rollup_days')::text AS t`.execute(db)
  ).rows[0]?.t;
  if (hasRollups && mode === 'daily') {
    // The day after: the window's last day is new to the rollups (not timed), as on the server, where each
    // daily run rolls the day that just ended and re-checks the recent ones for late events.
    await sql`DELETE FROM scoring_product_events WHERE day = ${day}::date`.execute(db);
    await sql`DELETE FROM scoring_rollup_days WHERE day = ${day}::date`.execute(db);
  }
  const since = (await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(db)).rows[0]!.now;
  const cpu = await cpuMeter(database);
  const t = performance.now();
  const r = await recompute(database, { day, trigger: TRIGGER, timeZone });
  const ms = performance.now() - t;
  const c = await cpu.stop();
  let rolledDays: number | null = null;
  if (hasRollups) {
    const q = sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM scoring_rollup_days WHERE rolled_at >= ${since}`;
    rolledDays = Number((await q.execute(db)).rows[0]!.n);
  }
  return {
    mode,
    ms: Math.round(ms),
    totalMs: r.totalMs,
    timings: r.timings,
    counts: r.counts,
    rolledDays,
    ...c,
  };
}

function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(`benchmark check failed: ${what}`);
}

export interface Verified {
  checks: string[];
  expected: Record<ScoreKind, number>;
  /** Per kind: snapshots, min / max / stddev of the score, grades seen, provisional share. */
  spread: Record<
    string,
    { n: number; min: number; max: number; sd: number; grades: string; provisional: number }
  >;
  /** Spearman ρ of the store score against the stores' latent experience (reported, not required). */
  storeRho: { n: number; rho: number };
}

/**
 * Checks the snapshots of `day` so a benchmark cannot pass on an empty or constant result: one row per expected
 * entity of each kind (counted independently from the raw tables), the run's counts the same, scores within the
 * configured scale and not all equal, more than one grade, and volumes that add up to the raw tables' figures.
 */
export async function verify(
  database: Database,
  day: string,
  timeZone: string,
  last: RecomputeRun,
): Promise<Verified> {
  const db = database.kysely;
  const w = windowOf(day, 30, timeZone);
  const { config } = await activeConfig(db);
  const checks: string[] = [];
  const one = async (q: ReturnType<typeof sql<{ n: string | number }>>) =>
    Number((await q.execute(db)).rows[0]!.n);
  const expected: Record<ScoreKind, number> = {
    store: await one(sql`SELECT count(*) AS n FROM stores WHERE opened_at <= ${day}::date`),
    product: await one(sql`SELECT count(*) AS n FROM products p WHERE p.listed_at < ${w.asOf}
      AND (p.status = 'listed' OR EXISTS (SELECT 1 FROM order_lines ol JOIN orders o ON o.id = ol.order_id
        WHERE ol.product_id = p.id AND o.paid_day BETWEEN ${w.from}::date AND ${w.to}::date AND o.paid_at < ${w.asOf}
          AND (o.cancelled_at IS NULL OR o.cancelled_at >= ${w.asOf})))`),
    creator: await one(sql`SELECT count(*) AS n FROM creators WHERE joined_at <= ${day}::date`),
  };
  const { rows } = await sql<{
    kind: ScoreKind;
    n: number;
    min: number;
    max: number;
    sd: number;
    grades: string;
    provisional: number;
    volume: string | number;
  }>`SELECT kind, count(*)::int AS n, round(min(score)::numeric, 2)::float8 AS min, round(max(score)::numeric, 2)::float8 AS max,
      coalesce(stddev_pop(score), 0)::float8 AS sd, string_agg(DISTINCT grade, '' ORDER BY grade) AS grades,
      avg(provisional::int)::float8 AS provisional, sum(volume) AS volume
    FROM score_snapshots WHERE day = ${day}::date GROUP BY kind`.execute(db);
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  const spread: Verified['spread'] = {};
  for (const kind of SCORE_KINDS) {
    const r = byKind.get(kind);
    const e = expected[kind];
    check(r && r.n === e, `${kind} snapshots: ${r?.n ?? 0}, expected ${e}`);
    check(
      last.counts[kind] === e,
      `${kind} count reported by recompute: ${last.counts[kind]}, expected ${e}`,
    );
    const scale = config[kind].scale;
    check(
      r.min >= scale.min && r.max <= scale.max,
      `${kind} scores ${r.min}–${r.max} within ${scale.min}–${scale.max}`,
    );
    check(r.sd > 0, `${kind} scores are not all equal (stddev ${r.sd})`);
    check(r.grades.replace('N', '').length >= 2, `${kind} scores fall in more than one grade (${r.grades})`);
    check(r.provisional < 1, `${kind}: not every score is provisional`);
    spread[kind] = { n: r.n, min: r.min, max: r.max, sd: r.sd, grades: r.grades, provisional: r.provisional };
    checks.push(
      `${kind}: ${r.n} snapshots = expected, scores ${r.min}–${r.max} (sd ${r.sd.toFixed(3)}) within ${scale.min}–${scale.max}, grades ${r.grades}`,
    );
  }
  const paid =
    await one(sql`SELECT count(*) AS n FROM orders WHERE paid_day BETWEEN ${w.from}::date AND ${w.to}::date
    AND paid_at < ${w.asOf}`);
  check(
    Number(byKind.get('store')!.volume) === paid,
    `store volumes add up to the ${paid} orders paid in the window`,
  );
  const units = await one(sql`SELECT coalesce(sum(ol.quantity), 0) AS n FROM orders o
    JOIN order_lines ol ON ol.order_id = o.id
    WHERE o.paid_day BETWEEN ${w.from}::date AND ${w.to}::date AND o.paid_at < ${w.asOf}
      AND (o.cancelled_at IS NULL OR o.cancelled_at >= ${w.asOf})`);
  check(Number(byKind.get('product')!.volume) === units, `product volumes add up to the ${units} units sold`);
  const creatorOrders = await one(sql`SELECT count(*) AS n FROM orders WHERE creator_id IS NOT NULL
    AND paid_day BETWEEN ${w.from}::date AND ${w.to}::date AND paid_at < ${w.asOf}
    AND (cancelled_at IS NULL OR cancelled_at >= ${w.asOf})`);
  check(
    Number(byKind.get('creator')!.volume) === creatorOrders,
    `creator volumes add up to the ${creatorOrders} creator orders`,
  );
  checks.push(
    `volumes: stores ${paid} paid orders, products ${units} units not cancelled, creators ${creatorOrders} orders (from the raw tables)`,
  );
  const latent = await sql<{ s: number; t: number }>`SELECT s.score::float8 AS s,
      0.35 * b.q + 0.40 * b.lg + 0.25 * b.sv AS t
    FROM score_snapshots s JOIN bench_stores b ON b.id = s.entity_id
    WHERE s.kind = 'store' AND s.day = ${day}::date AND NOT s.provisional`.execute(db);
  const storeRho = {
    n: latent.rows.length,
    rho: spearman(
      latent.rows.map((r) => Number(r.s)),
      latent.rows.map((r) => Number(r.t)),
    ),
  };
  return { checks, expected, spread, storeRho };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the three aggregations as recompute() sends them (captured from a logging Kysely
 * on the same pool; each query also runs once for the capture) and of the anchor, into `file`.
 */
export async function explainAggregations(
  database: Database,
  day: string,
  timeZone: string,
  file: string,
  log: (s: string) => void,
): Promise<void> {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const k = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: database.pool }),
    log: (e) => {
      if (e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  const w = windowOf(day, 30, timeZone);
  const out: string[] = [];
  for (const [name, f] of [
    ['storeFigures', storeFigures],
    ['productFigures', productFigures],
    ['creatorFigures', creatorFigures],
  ] as const) {
    captured.length = 0;
    await f(k as unknown as Db, w);
    const q = captured[0]!;
    log(`explain ${name}`);
    const plan = await database.pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.parameters as unknown[]);
    out.push(`## ${name}`, '', q.sql, '', ...plan.rows.map((r) => String(r['QUERY PLAN'])), '');
  }
  const plan = await database.pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${anchorSql(w.from, w.to)}`);
  out.push(
    '## anchor',
    '',
    anchorSql(w.from, w.to),
    '',
    ...plan.rows.map((r) => String(r['QUERY PLAN'])),
    '',
  );
  fs.writeFileSync(file, out.join('\n'));
  log(`plans written to ${file}`);
}
