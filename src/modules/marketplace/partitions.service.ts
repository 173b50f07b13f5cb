import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { businessDay } from '../../core/time.ts';
import { type MonthPartition, monthPartition, monthsCovering, parseBound } from './domain/partitions.ts';

/**
 * Monthly partitions of `events`. The server keeps the months around today attached (last month to two months
 * ahead) so new events never land in `events_default`; the simulator attaches its window before writing;
 * `tributary partitions` attaches any range and can move rows already in the default partition.
 */

export interface EventPartition {
  name: string;
  /** null for the default partition. */
  from: string | null;
  to: string | null;
  rows: number;
}

export interface EnsureResult {
  created: string[];
  /** Partitions created by moving rows out of the default partition, with the rows moved. */
  moved: Record<string, number>;
  /** Months left in the default partition because it holds their rows and moving was not asked for. */
  skipped: string[];
}

// Serialises partition changes between processes sharing the database.
const PARTITION_LOCK = 720_001;

/** The partitions of `events` with their bounds and estimated rows (planner statistics; exact for empty ones). */
export async function listEventPartitions(db: Db): Promise<EventPartition[]> {
  const { rows } = await sql<{ name: string; bound: string; rows: string | number }>`
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound,
           greatest(c.reltuples, 0)::bigint AS rows
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'events'::regclass
    ORDER BY c.relname`.execute(db);
  return rows.map((r) => {
    const b = parseBound(r.bound);
    return { name: r.name, from: b?.from ?? null, to: b?.to ?? null, rows: Number(r.rows) };
  });
}

async function defaultHolds(db: Db, p: MonthPartition): Promise<boolean> {
  const { rows } = await sql`
    SELECT 1 FROM events_default WHERE day >= ${p.from}::date AND day < ${p.to}::date LIMIT 1`.execute(db);
  return rows.length > 0;
}

/**
 * Attaches a monthly partition for every month that days from..to touch and that no partition covers yet.
 * A month whose rows already sit in the default partition is moved into its own partition when `moveDefault`
 * is set (one transaction per month: copy, delete, attach), and otherwise left where it is. Safe to repeat and
 * to run from several processes at once.
 */
export async function ensureEventPartitions(
  db: Db,
  from: string,
  to: string,
  opts: { moveDefault?: boolean } = {},
): Promise<EnsureResult> {
  const out: EnsureResult = { created: [], moved: {}, skipped: [] };
  for (const p of monthsCovering(from, to)) {
    const existing = await listEventPartitions(db);
    if (existing.some((e) => e.from !== null && e.to !== null && e.from < p.to && p.from < e.to)) continue;
    const holds = await defaultHolds(db, p);
    if (holds && !opts.moveDefault) {
      out.skipped.push(p.name);
      continue;
    }
    const moved = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(trx);
      const again = await sql`SELECT 1 FROM pg_class WHERE relname = ${p.name}
        AND relnamespace = current_schema()::regnamespace`.execute(trx);
      if (again.rows.length) return -1;
      // Names and bounds come from monthPartition (digits only), so they are safe as raw SQL.
      const name = sql.raw(p.name);
      const lo = sql.lit(p.from);
      const hi = sql.lit(p.to);
      await sql`CREATE TABLE ${name} (LIKE events INCLUDING DEFAULTS)`.execute(trx);
      // A matching CHECK lets ATTACH skip scanning the new table.
      await sql`ALTER TABLE ${name} ADD CONSTRAINT ${sql.raw(`${p.name}_day`)}
        CHECK (day >= ${lo}::date AND day < ${hi}::date)`.execute(trx);
      let n = 0;
      if (holds) {
        const ins = await sql`INSERT INTO ${name} SELECT * FROM events_default
          WHERE day >= ${lo}::date AND day < ${hi}::date`.execute(trx);
        n = Number(ins.numAffectedRows ?? 0);
        await sql`DELETE FROM events_default WHERE day >= ${lo}::date AND day < ${hi}::date`.execute(trx);
      }
      await sql`ALTER TABLE events ATTACH PARTITION ${name}
        FOR VALUES FROM (${lo}) TO (${hi})`.execute(trx);
      return n;
    });
    if (moved < 0) continue;
    out.created.push(p.name);
    if (holds) out.moved[p.name] = moved;
  }
  return out;
}

/** The server's rolling window: last month through two months ahead of today's business month. */
export function rollingWindow(now: Date, timeZone: string): { from: string; to: string } {
  const today = businessDay(now, timeZone);
  return { from: monthPartition(today, -1).from, to: monthPartition(today, 2).from };
}
