import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { businessDay, dayRange, iso, shiftDay } from '../../core/time.ts';
import { rebuildOpportunityData } from './opportunities.service.ts';
import { rollupDay } from './rollups.sql.ts';
import type { RollupStatus } from './types.ts';

/** Minute rows are kept for today and the comparison day (yesterday); older ones are pruned. */
export const MINUTE_DAYS = 2;

export interface RebuildOptions {
  from: string;
  to: string;
  timeZone: string;
  kind?: 'rebuild' | 'close';
  /** Called after each day (progress bars, logs). */
  onDay?: (day: string) => void;
  /** Days rebuilt side by side, each on its own connection (PostgreSQL; PGlite has one connection). Default 1. */
  parallel?: number;
}

const minuteFloor = (timeZone: string) => shiftDay(businessDay(Date.now(), timeZone), -(MINUTE_DAYS - 1));

/**
 * Recomputes every rollup of the day range from the raw tables, a day per transaction (idempotent: a day's rows
 * are replaced), then the opportunity center's search and price tables of the range. The batch behind `tributary analytics rebuild`, the nightly close and the demo.
 */
export async function rebuildRollups(db: Db, o: RebuildOptions): Promise<{ days: number; ms: number }> {
  const started = Date.now();
  const run = await sql<{ id: string }>`INSERT INTO an_rollup_runs (kind, from_day, to_day, started_at)
    VALUES (${o.kind ?? 'rebuild'}, ${o.from}::date, ${o.to}::date, now()) RETURNING id`.execute(db);
  const runId = run.rows[0]!.id;
  const floor = minuteFloor(o.timeZone);
  const days = dayRange(o.from, o.to);
  try {
    let next = 0;
    let failed = false;
    const worker = async () => {
      for (let day = days[next++]; day !== undefined && !failed; day = days[next++]) {
        const d = day;
        await db
          .transaction()
          .execute(async (trx) => {
            await rollupDay(trx, { day: d, timeZone: o.timeZone, stores: null }, { minutes: d >= floor });
          })
          .catch((err) => {
            failed = true; // the other workers stop after their day
            throw err;
          });
        o.onDay?.(d);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.parallel ?? 1) }, worker));
    // Search demand and demand by price (the opportunity center), for the same days.
    await rebuildOpportunityData(db, { from: o.from, to: o.to });
  } catch (err) {
    await sql`UPDATE an_rollup_runs SET finished_at = now(), error = ${String((err as Error).message ?? err)}
      WHERE id = ${runId}`.execute(db);
    throw err;
  }
  const ms = Date.now() - started;
  await sql`UPDATE an_rollup_runs SET finished_at = now(), duration_ms = ${ms} WHERE id = ${runId}`.execute(
    db,
  );
  return { days: days.length, ms };
}

/** The days the raw tables hold orders or events for (null when empty). */
export async function dataDays(db: Db): Promise<{ from: string; to: string } | null> {
  const r = await sql<{ lo: string | null; hi: string | null }>`SELECT
      least((SELECT min(paid_day) FROM orders), (SELECT min(day) FROM events))::text AS lo,
      greatest((SELECT max(paid_day) FROM orders), (SELECT max(day) FROM events))::text AS hi`.execute(db);
  const { lo, hi } = r.rows[0]!;
  return lo && hi ? { from: lo, to: hi } : null;
}

/** The last finished batch of a kind. */
async function lastRun(db: Db, kind: 'rebuild' | 'close') {
  const r = await sql<{
    from_day: string;
    to_day: string;
    finished_at: Date | null;
    duration_ms: number | null;
  }>`
    SELECT from_day::text, to_day::text, finished_at, duration_ms FROM an_rollup_runs
    WHERE kind = ${kind} AND error IS NULL AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`.execute(db);
  return r.rows[0] ?? null;
}

/**
 * At start: when no batch ever covered the data (a fresh install, a generated demo), rebuild every day that has
 * data; otherwise close the days between the last batch and today (a server that was down over midnight).
 */
export async function catchUp(
  db: Db,
  timeZone: string,
  log: (msg: string, o?: object) => void,
): Promise<void> {
  const range = await dataDays(db);
  if (!range) return;
  const today = businessDay(Date.now(), timeZone);
  const to = range.to < today ? range.to : today;
  const last = await sql<{ hi: string | null }>`SELECT max(to_day)::text AS hi FROM an_rollup_runs
    WHERE error IS NULL AND finished_at IS NOT NULL AND kind IN ('rebuild', 'close')`.execute(db);
  const hi = last.rows[0]!.hi;
  const from = hi ? (hi >= to ? to : shiftDay(hi, 1)) : range.from;
  if (hi && hi >= to) return;
  const r = await rebuildRollups(db, { from, to, timeZone, kind: hi ? 'close' : 'rebuild' });
  log('analytics rollups caught up', { from, to, ...r });
}

/** Closes yesterday (every store, from raw) and prunes minute rows older than the comparison day. */
export async function closeYesterday(db: Db, timeZone: string): Promise<void> {
  const today = businessDay(Date.now(), timeZone);
  const yesterday = shiftDay(today, -1);
  const done = await lastRun(db, 'close');
  if (!done || done.to_day < yesterday)
    await rebuildRollups(db, { from: yesterday, to: yesterday, timeZone, kind: 'close' });
  await sql`DELETE FROM an_store_minute WHERE minute < ${new Date(Date.now() - MINUTE_DAYS * 86_400_000 - 3_600_000)}`.execute(
    db,
  );
  await sql`DELETE FROM an_rt_visit WHERE day < ${minuteFloor(timeZone)}::date`.execute(db);
}

export async function rollupStatus(
  db: Db,
  realtime: { lastFlushAt: Date | null; pendingStores: number },
): Promise<RollupStatus> {
  const rebuild = await lastRun(db, 'rebuild');
  const close = await lastRun(db, 'close');
  const rows = await sql<{ s: number; p: number; m: number }>`SELECT
      (SELECT count(*) FROM an_store_day)::int AS s, (SELECT count(*) FROM an_product_day)::int AS p,
      (SELECT count(*) FROM an_store_minute)::int AS m`.execute(db);
  const c = rows.rows[0]!;
  return {
    lastRebuild: rebuild
      ? {
          fromDay: rebuild.from_day,
          toDay: rebuild.to_day,
          finishedAt: iso(rebuild.finished_at),
          durationMs: rebuild.duration_ms,
        }
      : null,
    lastClose: close ? { day: close.to_day, finishedAt: iso(close.finished_at) } : null,
    realtime: { lastFlushAt: iso(realtime.lastFlushAt), pendingStores: realtime.pendingStores },
    rows: { storeDays: c.s, productDays: c.p, minutes: c.m },
  };
}
