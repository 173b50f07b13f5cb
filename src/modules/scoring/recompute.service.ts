import { sql } from 'kysely';
import { type BulkColumn, copyCsv, csvQuote } from '../../core/bulk.ts';
import type { Database } from '../../core/db.ts';
import { businessDay, dayStart, shiftDay } from '../../core/time.ts';
import { activeConfig } from './config.service.ts';
import type { KindConfig } from './domain/config.ts';
import { SCORE_KINDS, type ScoreKind } from './domain/metrics.ts';
import { type RawRow, toPopulation } from './domain/population.ts';
import { type Population, type Scored, scorePopulation } from './domain/score.ts';
import {
  creatorFigures,
  productFigures,
  rollUpProductEvents,
  storeFigures,
  type Window,
} from './metrics.repo.ts';

/**
 * The daily recompute: for each kind, one set-based aggregation over its window, the pure score math, and the
 * day's snapshots written by COPY. A run is visible to readers only once it is done (its counts name the kinds
 * it holds); recomputing a day that was already scored hides that day until the new run finishes.
 */

export interface RecomputeOptions {
  /** Last business day of the window (the snapshot's day). */
  day: string;
  kinds?: readonly ScoreKind[];
  trigger: string;
  timeZone: string;
}

export interface RunSummary {
  runId: number;
  day: string;
  configVersion: number;
  counts: Partial<Record<ScoreKind, number>>;
  /** Milliseconds per kind and phase (rollup = new days of events, aggregate = SQL, score = math, write = COPY). */
  timings: Record<string, number>;
  totalMs: number;
}

const FIGURES = { store: storeFigures, product: productFigures, creator: creatorFigures } as const;

const SNAPSHOT_COLUMNS: BulkColumn[] = [
  { name: 'kind', type: 'text' },
  { name: 'day', type: 'date' },
  { name: 'entity_id', type: 'text' },
  { name: 'group_id', type: 'text' },
  { name: 'merchant_id', type: 'text' },
  { name: 'score', type: 'text' },
  { name: 'grade', type: 'text' },
  { name: 'provisional', type: 'boolean' },
  { name: 'volume', type: 'int' },
  { name: 'dims', type: 'jsonb' },
  { name: 'vals', type: 'jsonb' },
  { name: 'pct', type: 'jsonb' },
  { name: 'config_version', type: 'int' },
];

export function windowOf(day: string, windowDays: number, timeZone: string): Window {
  const from = shiftDay(day, -(windowDays - 1));
  return { from, to: day, start: dayStart(from, timeZone), asOf: dayStart(shiftDay(day, 1), timeZone) };
}

/*
 * Snapshot CSV for COPY. A million products mean some 30 million figures: fields are collected in arrays and
 * joined (string += of numbers is about three times slower), shares are written as whole basis points (small
 * integers print and parse faster than decimals), metric values with 6 decimals, unknowns as null.
 */
function decimals(cols: Float64Array[], i: number): string {
  const out = new Array<number | string>(cols.length);
  for (let j = 0; j < cols.length; j++) {
    const v = cols[j]![i]!;
    out[j] = !Number.isNaN(v) ? Math.round(v * 1e6) / 1e6 : 'null';
  }
  return `"[${out.join(',')}]"`;
}

function basisPoints(cols: Float64Array[], i: number): string {
  const out = new Array<number | string>(cols.length);
  for (let j = 0; j < cols.length; j++) {
    const v = cols[j]![i]!;
    out[j] = !Number.isNaN(v) ? Math.round(v * 10_000) : 'null';
  }
  return `"[${out.join(',')}]"`;
}

/** CSV of the snapshot rows lo..hi (COPY input, SNAPSHOT_COLUMNS order). */
export function snapshotCsv(
  kind: ScoreKind,
  day: string,
  version: number,
  pop: Population,
  rows: readonly RawRow[],
  s: Scored,
  lo: number,
  hi: number,
): string {
  const lines = new Array<string>(hi - lo);
  const row = new Array<string | number>(SNAPSHOT_COLUMNS.length);
  for (let i = lo; i < hi; i++) {
    const m = rows[i]!.merchant_id;
    row[0] = kind;
    row[1] = day;
    row[2] = csvQuote(pop.ids[i]!);
    row[3] = csvQuote(pop.groupNames[pop.group[i]!]!);
    row[4] = m == null ? '' : csvQuote(String(m));
    row[5] = s.score[i]!;
    row[6] = s.grade[i]!;
    row[7] = s.provisional[i] ? 't' : 'f';
    row[8] = pop.volume[i]!;
    row[9] = basisPoints(s.dims, i);
    row[10] = decimals(s.values, i);
    row[11] = basisPoints(s.pct, i);
    row[12] = version;
    lines[i - lo] = row.join(',');
  }
  return `${lines.join('\n')}\n`;
}

const CHUNK = 50_000;
const COPIES_IN_FLIGHT = 2;

async function scoreKind(
  database: Database,
  kind: ScoreKind,
  cfg: KindConfig,
  day: string,
  version: number,
  timeZone: string,
  timings: Record<string, number>,
): Promise<number> {
  const w = windowOf(day, cfg.windowDays, timeZone);
  let t = performance.now();
  if (kind === 'product') {
    // Events of the last two days may still arrive: those days are rolled up again at every run.
    const recent = shiftDay(businessDay(Date.now(), timeZone), -2);
    await rollUpProductEvents(database.kysely, w, recent);
    timings['product.rollup'] = Math.round(performance.now() - t);
    t = performance.now();
  }
  const rows = await FIGURES[kind](database.kysely, w);
  timings[`${kind}.aggregate`] = Math.round(performance.now() - t);
  t = performance.now();
  const pop = toPopulation(kind, rows, cfg.windowDays);
  const scored = scorePopulation(kind, cfg, pop);
  timings[`${kind}.score`] = Math.round(performance.now() - t);
  t = performance.now();
  await sql`DELETE FROM score_snapshots WHERE kind = ${kind} AND day = ${day}::date`.execute(database.kysely);
  // Two COPYs in flight on two connections while the next chunk's CSV is built: PostgreSQL ingests on one core
  // per connection, and Node builds CSV on its own (PGlite, with one connection, simply takes them in turn).
  const inflight: Promise<Error | null>[] = [];
  let failed: Error | null = null;
  for (let lo = 0; lo < pop.ids.length && !failed; lo += CHUNK) {
    const csv = snapshotCsv(kind, day, version, pop, rows, scored, lo, Math.min(pop.ids.length, lo + CHUNK));
    if (inflight.length >= COPIES_IN_FLIGHT) failed = await inflight.shift()!;
    inflight.push(
      copyCsv(database, 'score_snapshots', SNAPSHOT_COLUMNS, csv).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      ),
    );
  }
  for (const p of inflight) failed ??= await p;
  if (failed) throw failed;
  timings[`${kind}.write`] = Math.round(performance.now() - t);
  return pop.ids.length;
}

export async function recompute(database: Database, opts: RecomputeOptions): Promise<RunSummary> {
  const t0 = performance.now();
  const db = database.kysely;
  const kinds = opts.kinds?.length ? opts.kinds : SCORE_KINDS;
  const { version, config } = await activeConfig(db);
  // Earlier runs of the same day give up these kinds: readers fall back to the day before until this run is done.
  await sql`UPDATE score_runs SET counts = counts - ${sql.val([...kinds])}::text[]
    WHERE day = ${opts.day}::date AND counts ?| ${sql.val([...kinds])}::text[]`.execute(db);
  const run = await sql<{ id: number }>`
    INSERT INTO score_runs (day, config_version, trigger) VALUES (${opts.day}::date, ${version}, ${opts.trigger})
    RETURNING id`.execute(db);
  const runId = run.rows[0]!.id;
  const counts: Partial<Record<ScoreKind, number>> = {};
  const timings: Record<string, number> = {};
  for (const kind of kinds)
    counts[kind] = await scoreKind(database, kind, config[kind], opts.day, version, opts.timeZone, timings);
  const totalMs = Math.round(performance.now() - t0);
  await sql`UPDATE score_runs SET finished_at = now(), counts = ${JSON.stringify(counts)}::jsonb,
    timings = ${JSON.stringify({ ...timings, total: totalMs })}::jsonb WHERE id = ${runId}`.execute(db);
  return { runId, day: opts.day, configVersion: version, counts, timings, totalMs };
}

/** The latest day whose run for this kind finished (what readers show), or null before the first run. */
export async function latestDay(database: Database, kind: ScoreKind): Promise<string | null> {
  const { rows } = await sql<{ day: string }>`
    SELECT max(day)::text AS day FROM score_runs WHERE finished_at IS NOT NULL AND counts ? ${kind}`.execute(
    database.kysely,
  );
  return rows[0]?.day ?? null;
}

export interface RunView {
  id: number;
  day: string;
  configVersion: number;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  counts: Partial<Record<ScoreKind, number>>;
  timings: Record<string, number>;
}

/** The most recent runs, newest first (operators watch the daily recompute with them). */
export async function listRuns(database: Database, limit = 30): Promise<RunView[]> {
  const { rows } = await sql<{
    id: number;
    day: string;
    config_version: number;
    trigger: string;
    started_at: Date;
    finished_at: Date | null;
    counts: RunView['counts'];
    timings: RunView['timings'];
  }>`SELECT id, day::text AS day, config_version, trigger, started_at, finished_at, counts, timings
    FROM score_runs ORDER BY id DESC LIMIT ${limit}`.execute(database.kysely);
  return rows.map((r) => ({
    id: r.id,
    day: r.day,
    configVersion: r.config_version,
    trigger: r.trigger,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    counts: r.counts,
    timings: r.timings,
  }));
}
