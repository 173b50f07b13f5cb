import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import type { EventsWrittenHook } from '../marketplace/index.ts';
import { floorMinute } from './domain/metrics.ts';

/**
 * Live aggregates kept exact and incremental. Ingestion marks the (session, minute) pairs that received events
 * in live_dirty (idempotent, so duplicates, retries and late events only mark again); a fold recomputes exactly
 * those minutes from the raw events and drops the marks, in one transaction. Folds are serialized by an advisory
 * lock and take the marks first: a mark added while a fold runs waits for it (the row is being deleted) and
 * survives it, so an event is never left unfolded.
 */

const LOCK = sql`SELECT pg_advisory_xact_lock(hashtext('live_fold'))`;

/** Marks the minutes of the batch's room events (the EVENTS_WRITTEN hook). */
export const liveEventsHook: EventsWrittenHook = {
  name: 'live metrics',
  async written(db, events) {
    const pairs = new Set<string>();
    const s: string[] = [];
    const m: string[] = [];
    for (const e of events) {
      if (!e.liveSessionId) continue;
      const minute = floorMinute(Date.parse(e.occurredAt));
      const k = `${e.liveSessionId}\u0000${minute}`;
      if (pairs.has(k)) continue;
      pairs.add(k);
      s.push(e.liveSessionId);
      m.push(new Date(minute).toISOString());
    }
    if (!s.length) return;
    await sql`INSERT INTO live_dirty (session_id, minute)
      SELECT * FROM unnest(${s}::text[], ${m}::timestamptz[]) ORDER BY 1, 2
      ON CONFLICT DO NOTHING`.execute(db);
  },
};

/** The aggregate columns of one minute, from the events of `src` (a FROM clause naming the rows as `e`). */
const minuteSelect = (src: ReturnType<typeof sql>) => sql`
  SELECT e.live_session_id, date_trunc('minute', e.occurred_at) AS minute,
    count(*) FILTER (WHERE e.type = 'live_enter')::int,
    count(*) FILTER (WHERE e.type = 'live_leave')::int,
    COALESCE(sum(e.duration_ms) FILTER (WHERE e.type = 'live_leave'), 0)::bigint,
    count(*) FILTER (WHERE e.type = 'click' AND e.product_id IS NOT NULL)::int,
    count(*) FILTER (WHERE e.type = 'follow')::int
  ${src}
  GROUP BY 1, 2
  HAVING count(*) FILTER (WHERE e.type IN ('live_enter', 'live_leave', 'click', 'follow')) > 0`;

const productSelect = (src: ReturnType<typeof sql>) => sql`
  SELECT e.live_session_id, e.product_id, date_trunc('minute', e.occurred_at), count(*)::int
  ${src} AND e.type = 'click' AND e.product_id IS NOT NULL
  GROUP BY 1, 2, 3`;

const viewerSelect = (src: ReturnType<typeof sql>) => sql`
  SELECT e.live_session_id, e.user_id, min(e.occurred_at)
  ${src} AND e.type = 'live_enter' AND e.user_id IS NOT NULL
  GROUP BY 1, 2 ORDER BY 1, 2`;

const VIEWER_UPSERT = sql`ON CONFLICT (session_id, user_id) DO UPDATE SET first_at = EXCLUDED.first_at
  WHERE EXCLUDED.first_at < live_viewers.first_at`;

export interface FoldResult {
  minutes: number;
  sessions: number;
}

/**
 * Folds the dirty minutes (of one session, or of all) into live_minutes, live_product_minutes and
 * live_viewers. Returns how many minutes were refolded.
 */
export async function foldLive(db: Db, sessionId?: string): Promise<FoldResult> {
  return db.transaction().execute(async (trx) => {
    await LOCK.execute(trx);
    const taken = await sql<{ session_id: string; minute: Date }>`DELETE FROM live_dirty
      ${sessionId === undefined ? sql`` : sql`WHERE session_id = ${sessionId}`}
      RETURNING session_id, minute`.execute(trx);
    if (!taken.rows.length) return { minutes: 0, sessions: 0 };
    const s = taken.rows.map((r) => r.session_id);
    const m = taken.rows.map((r) => new Date(r.minute).toISOString());
    const d = sql`unnest(${s}::text[], ${m}::timestamptz[]) AS d(s, m)`;
    await sql`DELETE FROM live_minutes x USING ${d} WHERE x.session_id = d.s AND x.minute = d.m`.execute(trx);
    await sql`DELETE FROM live_product_minutes x USING ${d} WHERE x.session_id = d.s AND x.minute = d.m`.execute(
      trx,
    );
    // One index range scan per dirty minute (LATERAL keeps the planner on the (live_session_id, occurred_at) index).
    await writeAll(
      trx,
      sql`FROM ${d} CROSS JOIN LATERAL (SELECT * FROM events x WHERE x.live_session_id = d.s
        AND x.occurred_at >= d.m AND x.occurred_at < d.m + interval '1 minute') e`,
      true,
    );
    return { minutes: taken.rows.length, sessions: new Set(s).size };
  });
}

/** Rebuilds the aggregates of the given sessions (or of every session with room events) from scratch. */
export async function recomputeSessions(db: Db, sessionIds: readonly string[] | 'all'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await LOCK.execute(trx);
    const only = sessionIds === 'all' ? null : [...sessionIds];
    const which = (col: ReturnType<typeof sql>) =>
      only ? sql`${col} = ANY(${only}::text[])` : sql`${col} IS NOT NULL`;
    for (const t of ['live_dirty', 'live_minutes', 'live_product_minutes', 'live_viewers'])
      await sql`DELETE FROM ${sql.table(t)} WHERE ${which(sql.ref('session_id'))}`.execute(trx);
    await writeAll(trx, sql`FROM events e WHERE ${which(sql.ref('e.live_session_id'))}`, false);
  });
}

/**
 * Aggregates the events of `src` (a FROM clause naming the rows `e`) into the three tables in one statement:
 * the events are read once into a materialized CTE that the three grouped inserts share.
 */
async function writeAll(trx: Tx, src: ReturnType<typeof sql>, upsertViewers: boolean) {
  // Grouping a session's users in memory instead of spilling to disk.
  await sql`SET LOCAL work_mem = '128MB'`.execute(trx);
  const ev = sql`FROM ev e WHERE true`;
  await sql`WITH ev AS MATERIALIZED (
      SELECT e.live_session_id, e.type, e.user_id, e.product_id, e.occurred_at, e.duration_ms ${src}),
    a AS (INSERT INTO live_minutes (session_id, minute, enters, leaves, watch_ms, clicks, follows) ${minuteSelect(ev)}),
    b AS (INSERT INTO live_product_minutes (session_id, product_id, minute, clicks) ${productSelect(ev)})
    INSERT INTO live_viewers (session_id, user_id, first_at) ${viewerSelect(ev)}
    ${upsertViewers ? VIEWER_UPSERT : sql``}`.execute(trx);
}

/** Rebuilds one session's aggregates from scratch (set-based: three grouped scans of its events). */
export const recomputeSession = (db: Db, sessionId: string) => recomputeSessions(db, [sessionId]);
