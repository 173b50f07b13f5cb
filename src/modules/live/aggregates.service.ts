import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import type { BehaviourEvent } from '../marketplace/domain/schemas.ts';
import type { EventsWrittenHook } from '../marketplace/index.ts';

/**
 * Live aggregates (live_minutes, live_product_minutes, live_viewers) kept exact while live by additive deltas:
 * ingestion hands the live hook only the events it newly stored, and the hook adds their counts to their
 * minutes (`ON CONFLICT DO UPDATE SET x = x + excluded.x`: atomic and order-independent, a late event adds to
 * its own minute) and their entries to the viewers, in one transaction. A duplicate is never stored twice, so
 * never added twice. The from-scratch recompute is the repair (a delta lost after its events were stored) and
 * runs when a session ends.
 *
 * Deltas and recomputes exclude each other per session through advisory locks (delta: shared, recompute:
 * exclusive; recompute of all sessions: exclusive on the global key). A batch stored while a recompute was
 * scanning may have been counted by it: each recompute bumps the session's `live_recomputes.gen`, the hook reads
 * the generations before the write and again under the lock, and for a session whose generation moved it drops
 * the delta and recomputes the session instead.
 */

const GLOBAL_KEY = 0x4c495645; // the recompute of all sessions against every delta and recompute
const SESSION_KEY = 0x4c495646; // with hashtext(session id): one session's deltas against its recomputes

/** Runs `f` in `db`'s transaction when it is one (ingestion inside a caller's transaction), or in a new one. */
const inTx = <T>(db: Db, f: (trx: Tx) => Promise<T>): Promise<T> =>
  db.isTransaction ? f(db as Tx) : db.transaction().execute(f);

async function lockSessions(trx: Tx, ids: readonly string[], exclusive: boolean) {
  await sql`SELECT pg_advisory_xact_lock_shared(${GLOBAL_KEY}, 0)`.execute(trx);
  const fn = exclusive ? sql`pg_advisory_xact_lock` : sql`pg_advisory_xact_lock_shared`;
  // In key order, so two lockers of overlapping sets do not deadlock.
  await sql`SELECT ${fn}(${SESSION_KEY}, h)
    FROM (SELECT DISTINCT hashtext(s) AS h FROM unnest(${[...ids]}::text[]) s ORDER BY 1) k`.execute(trx);
}

async function generations(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  const r = await sql<{ session_id: string; gen: string }>`SELECT session_id, gen FROM live_recomputes
    WHERE session_id = ANY(${[...ids]}::text[])`.execute(db);
  return new Map(r.rows.map((x) => [x.session_id, Number(x.gen)]));
}

/** The events that count in the aggregates: room enters, leaves, clicks and follows. */
const COUNTED = new Set(['live_enter', 'live_leave', 'click', 'follow']);
const roomEvents = (events: readonly BehaviourEvent[]) =>
  events.filter((e) => e.liveSessionId && COUNTED.has(e.type));
const sessionsOf = (events: readonly BehaviourEvent[]) =>
  [...new Set(events.map((e) => e.liveSessionId!))].sort();

/** Adds the newly stored events to the aggregates (the EVENTS_WRITTEN hook). */
export const liveEventsHook: EventsWrittenHook = {
  name: 'live metrics',
  async before(db, events) {
    const room = roomEvents(events);
    return room.length ? generations(db, sessionsOf(room)) : null;
  },
  async written(db, stored, before) {
    const room = roomEvents(stored);
    if (!room.length) return;
    const seen = (before as Map<string, number> | null | undefined) ?? new Map<string, number>();
    const stale = await inTx(db, async (trx) => {
      const ids = sessionsOf(room);
      await lockSessions(trx, ids, false);
      const now = await generations(trx, ids);
      const moved = new Set(ids.filter((s) => (now.get(s) ?? 0) !== (seen.get(s) ?? 0)));
      const add = moved.size ? room.filter((e) => !moved.has(e.liveSessionId!)) : room;
      if (add.length) await addDeltas(trx, add);
      return [...moved];
    });
    if (stale.length) await recomputeSessions(db, stale);
  },
};

type Src = ReturnType<typeof sql>;

/** The aggregate columns of each minute, from the events of `src` (a FROM clause naming the rows `e`). */
const minuteSelect = (src: Src) => sql`
  SELECT e.live_session_id, date_trunc('minute', e.occurred_at) AS minute,
    count(*) FILTER (WHERE e.type = 'live_enter')::int,
    count(*) FILTER (WHERE e.type = 'live_leave')::int,
    COALESCE(sum(e.duration_ms) FILTER (WHERE e.type = 'live_leave'), 0)::bigint,
    count(*) FILTER (WHERE e.type = 'click' AND e.product_id IS NOT NULL)::int,
    count(*) FILTER (WHERE e.type = 'follow')::int
  ${src}
  GROUP BY 1, 2
  HAVING count(*) FILTER (WHERE e.type IN ('live_enter', 'live_leave', 'click', 'follow')) > 0
  ORDER BY 1, 2`;

const productSelect = (src: Src) => sql`
  SELECT e.live_session_id, e.product_id, date_trunc('minute', e.occurred_at), count(*)::int
  ${src} AND e.type = 'click' AND e.product_id IS NOT NULL
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

// In key order (the ids are ASCII, for which "C" orders as the index does): byte comparisons with abbreviated
// keys; under the database collation (C.UTF-8) this sort of a 1M-event session's ~280k viewers was the recompute's
// largest step in EXPLAIN ANALYZE.
const viewerSelect = (src: Src) => sql`
  SELECT e.live_session_id, e.user_id, min(e.occurred_at)
  ${src} AND e.type = 'live_enter' AND e.user_id IS NOT NULL
  GROUP BY 1, 2 ORDER BY e.live_session_id COLLATE "C", e.user_id COLLATE "C"`;

/**
 * Aggregates the events of `src` (a FROM clause naming the rows `e`) into the three tables in one statement: the
 * events are read once into a materialized CTE that the three grouped inserts share. `add`: the rows are deltas
 * added to existing ones (in key order, so concurrent deltas lock rows in the same order); otherwise the
 * session's rows were just deleted and are written afresh.
 */
async function writeAll(trx: Tx, src: Src, add: boolean) {
  const ev = sql`FROM ev e WHERE true`;
  const minutes = add
    ? sql`ON CONFLICT (session_id, minute) DO UPDATE SET enters = live_minutes.enters + EXCLUDED.enters,
        leaves = live_minutes.leaves + EXCLUDED.leaves, watch_ms = live_minutes.watch_ms + EXCLUDED.watch_ms,
        clicks = live_minutes.clicks + EXCLUDED.clicks, follows = live_minutes.follows + EXCLUDED.follows`
    : sql``;
  const products = add
    ? sql`ON CONFLICT (session_id, product_id, minute) DO UPDATE
        SET clicks = live_product_minutes.clicks + EXCLUDED.clicks`
    : sql``;
  // A user's first entry: an earlier one arriving late moves it back (so the order of arrival does not matter).
  const viewers = add
    ? sql`ON CONFLICT (session_id, user_id) DO UPDATE SET first_at = EXCLUDED.first_at
        WHERE EXCLUDED.first_at < live_viewers.first_at`
    : sql``;
  await sql`WITH ev AS MATERIALIZED (
      SELECT e.live_session_id, e.type, e.user_id, e.product_id, e.occurred_at, e.duration_ms ${src}),
    a AS (INSERT INTO live_minutes (session_id, minute, enters, leaves, watch_ms, clicks, follows)
      ${minuteSelect(ev)} ${minutes}),
    b AS (INSERT INTO live_product_minutes (session_id, product_id, minute, clicks) ${productSelect(ev)} ${products})
    INSERT INTO live_viewers (session_id, user_id, first_at) ${viewerSelect(ev)} ${viewers}`.execute(trx);
}

/**
 * Adds room events to the aggregates. Grouped by the same SQL as the recompute (the same minute boundaries and
 * filters), from the batch's values only: no table is read.
 */
async function addDeltas(trx: Tx, events: readonly BehaviourEvent[]) {
  const col = <T>(f: (e: BehaviourEvent) => T | undefined) => events.map((e) => f(e) ?? null);
  const src = sql`FROM unnest(${col((e) => e.liveSessionId)}::text[], ${col((e) => e.type)}::text[],
      ${col((e) => e.userId)}::text[], ${col((e) => e.productId)}::text[],
      ${col((e) => e.occurredAt)}::timestamptz[], ${col((e) => e.durationMs)}::int[])
    AS e(live_session_id, type, user_id, product_id, occurred_at, duration_ms) WHERE true`;
  await writeAll(trx, src, true);
}

/**
 * Rebuilds the aggregates of the given sessions (or of every session with room events) from scratch: one scan of
 * their events feeding the three grouped inserts. Records the recompute (generation, the session's end).
 */
export async function recomputeSessions(db: Db, sessionIds: readonly string[] | 'all'): Promise<void> {
  if (sessionIds !== 'all' && !sessionIds.length) return;
  await inTx(db, async (trx) => {
    const only = sessionIds === 'all' ? null : [...new Set(sessionIds)];
    if (only) await lockSessions(trx, only, true);
    else await sql`SELECT pg_advisory_xact_lock(${GLOBAL_KEY}, 0)`.execute(trx);
    // Grouping a session's users in memory instead of spilling to disk.
    await sql`SET LOCAL work_mem = '128MB'`.execute(trx);
    const which = (col: Src) => (only ? sql`${col} = ANY(${only}::text[])` : sql`${col} IS NOT NULL`);
    for (const t of ['live_minutes', 'live_product_minutes', 'live_viewers'])
      await sql`DELETE FROM ${sql.table(t)} WHERE ${which(sql.ref('session_id'))}`.execute(trx);
    await writeAll(trx, sql`FROM events e WHERE ${which(sql.ref('e.live_session_id'))}`, false);
    const ids = only
      ? sql`SELECT unnest(${only}::text[])`
      : sql`SELECT id FROM live_sessions UNION SELECT session_id FROM live_minutes
          UNION SELECT session_id FROM live_recomputes`;
    await sql`INSERT INTO live_recomputes (session_id, gen, ended_at, at)
      SELECT i.id, 1, s.ended_at, now() FROM (${ids}) AS i(id) LEFT JOIN live_sessions s ON s.id = i.id
      ORDER BY 1
      ON CONFLICT (session_id) DO UPDATE SET gen = live_recomputes.gen + 1, ended_at = EXCLUDED.ended_at,
        at = EXCLUDED.at`.execute(trx);
  });
}

/** Rebuilds one session's aggregates from scratch. */
export const recomputeSession = (db: Db, sessionId: string) => recomputeSessions(db, [sessionId]);

/**
 * The repair of ended sessions: recomputes, one at a time, up to `limit` sessions whose end (from the end route
 * or reported by ingestion) was not seen by a recompute yet. Returns how many it recomputed.
 */
export async function recomputeEnded(db: Db, limit = 20): Promise<number> {
  const r = await sql<{ id: string }>`SELECT s.id FROM live_sessions s
    LEFT JOIN live_recomputes r ON r.session_id = s.id
    WHERE s.ended_at IS NOT NULL AND r.ended_at IS DISTINCT FROM s.ended_at
    ORDER BY s.ended_at, s.id LIMIT ${limit}`.execute(db);
  for (const { id } of r.rows) await recomputeSession(db, id);
  return r.rows.length;
}
