import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import { EVENT_TYPES, type schemas } from '../marketplace/index.ts';
import { AFFINITY_HALF_LIFE_DAYS, AFFINITY_POINTS } from './domain/catalog.ts';
import { AFFINITY_EPOCH_MS, tagChannel, tagChannelSql } from './domain/profile.ts';

type BehaviourEvent = schemas.BehaviourEvent;

/**
 * Profiles, kept set-wise in SQL:
 * - behaviour deltas (the EVENTS_WRITTEN hook): per user × level-1 category (decayed affinity, views, carts,
 *   favorites, last seen, last view/cart), per user × brand (affinity) and per user × channel (clicks, last event),
 *   added with `ON CONFLICT DO UPDATE x = x + excluded.x` — ingestion hands the hook only newly stored events,
 *   so a duplicate is never added twice;
 * - order-derived stats (the outbox subscription): recomputed from orders/order_lines for the touched consumers;
 * - the rebuild from scratch (demo, bench, repair): the same SQL over every event and order.
 * Affinities are stored at the reference epoch (see the 0700 migration and domain/profile.ts).
 */

/** Runs `f` in `db`'s transaction when it is one, or in a new one. */
const inTx = <T>(db: Db, f: (trx: Tx) => Promise<T>): Promise<T> =>
  db.isTransaction ? f(db as Tx) : db.transaction().execute(f);

const HALF_LIFE_MS = AFFINITY_HALF_LIFE_DAYS * 86_400_000;
/** The epoch-referenced weight of an instant column, in SQL. */
const weight = (col: RawBuilder<unknown>) =>
  sql`power(2::float8, ((extract(epoch FROM ${col}) * 1000)::float8 - ${AFFINITY_EPOCH_MS}::float8) / ${HALF_LIFE_MS}::float8)`;

/** The level-1 category of category `c` (joined with its parent `pc`), in SQL. */
const LEVEL1 = sql`CASE c.level WHEN 1 THEN c.id WHEN 2 THEN c.parent_id ELSE pc.parent_id END`;

/** Event types that count as behaviour (exposures are impressions, not the user's doing). */
const ACTIVE = new Set<string>(EVENT_TYPES.filter((t) => t !== 'exposure'));

/**
 * Writes behaviour deltas for events of `src` (a FROM clause over rows `e` with user_id, type, occurred_at,
 * product_id and ch, the tag channel; users must have an idx), added to existing rows (the rebuild empties the
 * tables first).
 */
async function writeEventDeltas(trx: Db, src: RawBuilder<unknown>) {
  const P = AFFINITY_POINTS;
  await sql`WITH ev AS MATERIALIZED (
      SELECT u.idx, e.type, e.occurred_at, e.ch,
        ${LEVEL1} AS l1, p.brand_id, ${weight(sql`e.occurred_at`)} *
          CASE e.type WHEN 'view' THEN ${P.view}::float8 WHEN 'cart' THEN ${P.cart}::float8
            WHEN 'favorite' THEN ${P.favorite}::float8 ELSE 0::float8 END AS pts
      ${src}
      JOIN aud_users u ON u.consumer_id = e.user_id
      LEFT JOIN products p ON p.id = e.product_id
      LEFT JOIN categories c ON c.id = p.category_id
      LEFT JOIN categories pc ON pc.id = c.parent_id
      WHERE e.type <> 'exposure'),
    wc AS (INSERT INTO aud_profile_categories AS t (idx, category_id, aff_ev, views, carts, favorites, last_seen, last_intent)
      SELECT idx, l1, sum(pts), count(*) FILTER (WHERE type = 'view'), count(*) FILTER (WHERE type = 'cart'),
        count(*) FILTER (WHERE type = 'favorite'), max(occurred_at),
        max(occurred_at) FILTER (WHERE type IN ('view', 'cart'))
      FROM ev WHERE l1 IS NOT NULL AND type IN ('view', 'cart', 'favorite', 'click')
      GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (idx, category_id) DO UPDATE SET aff_ev = t.aff_ev + excluded.aff_ev,
        views = t.views + excluded.views, carts = t.carts + excluded.carts,
        favorites = t.favorites + excluded.favorites, last_seen = GREATEST(t.last_seen, excluded.last_seen),
        last_intent = GREATEST(t.last_intent, excluded.last_intent)),
    wb AS (INSERT INTO aud_profile_brands AS t (idx, brand_id, aff_ev)
      SELECT idx, brand_id, sum(pts) FROM ev WHERE brand_id IS NOT NULL AND pts > 0
      GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (idx, brand_id) DO UPDATE SET aff_ev = t.aff_ev + excluded.aff_ev)
    INSERT INTO aud_profile_channels AS t (idx, channel, clicks, last_at)
      SELECT idx, ch, count(*) FILTER (WHERE type = 'click'), max(occurred_at) FROM ev
      GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (idx, channel) DO UPDATE SET clicks = t.clicks + excluded.clicks,
        last_at = GREATEST(t.last_at, excluded.last_at)`.execute(trx);
}

/** Assigns an idx to the consumers that have none (one statement). */
async function ensureUsers(db: Db, ids: readonly string[]) {
  if (!ids.length) return;
  await sql`INSERT INTO aud_users (consumer_id)
    SELECT u FROM (SELECT DISTINCT u FROM unnest(${[...ids]}::text[]) AS t(u)) d
    WHERE NOT EXISTS (SELECT 1 FROM aud_users a WHERE a.consumer_id = d.u) ORDER BY u
    ON CONFLICT (consumer_id) DO NOTHING`.execute(db);
}

/**
 * Adds newly stored events to the profiles (the EVENTS_WRITTEN hook): two statements per batch, the users' idx
 * and one statement writing the three delta tables from the batch's values (products and categories joined for
 * the level-1 category and the brand). Exposures and anonymous events are skipped. Returns the events counted.
 */
export async function applyEventDeltas(db: Db, events: readonly BehaviourEvent[]): Promise<number> {
  const ev = events.filter((e) => e.userId && ACTIVE.has(e.type));
  if (!ev.length) return 0;
  const col = <T>(f: (e: BehaviourEvent) => T | undefined) => ev.map((e) => f(e) ?? null);
  await inTx(db, async (trx) => {
    await ensureUsers(trx, [...new Set(ev.map((e) => e.userId!))]);
    await writeEventDeltas(
      trx,
      // The tag channel from the event's scene and ids here (events carry no share code), not in SQL: one array
      // instead of five to send and parse.
      sql`FROM unnest(${col((e) => e.userId)}::text[], ${col((e) => e.type)}::text[],
        ${col((e) => e.occurredAt)}::timestamptz[], ${col((e) => e.productId)}::text[],
        ${col((e) => tagChannel(e))}::text[]) AS e(user_id, type, occurred_at, product_id, ch)`,
    );
  });
  return ev.length;
}

/**
 * Recomputes the order-derived parts of the profiles of the users `which` selects (a condition on `u`, the
 * aud_users row): the order stats row, the categories' order affinity and last purchase, the brands' order
 * affinity and the channels' order counts. Paid orders: paid_at set, not cancelled, paid at or before `now`.
 */
async function writeOrderStats(trx: Db, which: RawBuilder<unknown>, now: Date, fresh: boolean) {
  const y = new Date(now.getTime() - 365 * 86_400_000);
  if (!fresh) {
    await sql`DELETE FROM aud_profile_orders o USING aud_users u WHERE o.idx = u.idx AND ${which}`.execute(
      trx,
    );
    await sql`UPDATE aud_profile_categories t SET aff_ord = 0, last_bought = NULL FROM aud_users u
      WHERE t.idx = u.idx AND ${which} AND (t.aff_ord <> 0 OR t.last_bought IS NOT NULL)`.execute(trx);
    await sql`UPDATE aud_profile_brands t SET aff_ord = 0 FROM aud_users u
      WHERE t.idx = u.idx AND ${which} AND t.aff_ord <> 0`.execute(trx);
    await sql`UPDATE aud_profile_channels t SET orders = 0 FROM aud_users u
      WHERE t.idx = u.idx AND ${which} AND t.orders <> 0`.execute(trx);
  }
  const P = AFFINITY_POINTS;
  await sql`WITH o AS MATERIALIZED (
      SELECT u.idx, o.id, o.paid_at, o.pay_amount, o.items_amount, o.discount_amount,
        ${sql.raw(tagChannelSql('o', true))} AS ch,
        (o.scene = 'share' OR o.share_code IS NOT NULL OR o.creator_id IS NOT NULL OR o.promoter_id IS NOT NULL) AS social,
        o.paid_at >= ${y} AS recent
      FROM aud_users u JOIN orders o ON o.consumer_id = u.consumer_id
      WHERE ${which} AND o.paid_at IS NOT NULL AND o.status <> 'cancelled' AND o.paid_at <= ${now}),
    l AS MATERIALIZED (
      SELECT o.idx, o.paid_at, o.recent, l.quantity, l.paid, ${LEVEL1} AS l1, p.brand_id,
        ${weight(sql`o.paid_at`)} * ${P.order}::float8 AS pts
      FROM o JOIN order_lines l ON l.order_id = o.id
      LEFT JOIN products p ON p.id = l.product_id
      LEFT JOIN categories c ON c.id = l.category_id
      LEFT JOIN categories pc ON pc.id = c.parent_id),
    lu AS (SELECT idx, sum(quantity) FILTER (WHERE recent) AS units, sum(paid) FILTER (WHERE recent) AS paid
      FROM l GROUP BY idx),
    s AS (INSERT INTO aud_profile_orders (idx, paid_orders, social_orders, first_paid_at, last_paid_at, orders_365,
        monetary_365, discounted_365, items_365, discount_365, units_365, paid_lines_365, refreshed_at)
      SELECT o.idx, count(*), count(*) FILTER (WHERE social), min(paid_at), max(paid_at),
        count(*) FILTER (WHERE recent), COALESCE(sum(pay_amount) FILTER (WHERE recent), 0),
        count(*) FILTER (WHERE recent AND discount_amount > 0), COALESCE(sum(items_amount) FILTER (WHERE recent), 0),
        COALESCE(sum(discount_amount) FILTER (WHERE recent), 0), COALESCE(max(lu.units), 0),
        COALESCE(max(lu.paid), 0), now()
      FROM o LEFT JOIN lu ON lu.idx = o.idx GROUP BY o.idx ORDER BY o.idx),
    wc AS (INSERT INTO aud_profile_categories AS t (idx, category_id, aff_ord, last_bought)
      SELECT idx, l1, sum(pts), max(paid_at) FROM l WHERE l1 IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (idx, category_id) DO UPDATE SET aff_ord = excluded.aff_ord, last_bought = excluded.last_bought),
    wb AS (INSERT INTO aud_profile_brands AS t (idx, brand_id, aff_ord)
      SELECT idx, brand_id, sum(pts) FROM l WHERE brand_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (idx, brand_id) DO UPDATE SET aff_ord = excluded.aff_ord)
    INSERT INTO aud_profile_channels AS t (idx, channel, orders)
      SELECT idx, ch, count(*) FROM o GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (idx, channel) DO UPDATE SET orders = excluded.orders`.execute(trx);
  if (!fresh) {
    // Rows left with nothing (an order cancelled): gone, as a rebuild would not write them.
    await sql`DELETE FROM aud_profile_categories t USING aud_users u WHERE t.idx = u.idx AND ${which}
      AND t.aff_ev = 0 AND t.aff_ord = 0 AND t.views = 0 AND t.carts = 0 AND t.favorites = 0
      AND t.last_seen IS NULL AND t.last_intent IS NULL AND t.last_bought IS NULL`.execute(trx);
    await sql`DELETE FROM aud_profile_brands t USING aud_users u WHERE t.idx = u.idx AND ${which}
      AND t.aff_ev = 0 AND t.aff_ord = 0`.execute(trx);
    await sql`DELETE FROM aud_profile_channels t USING aud_users u WHERE t.idx = u.idx AND ${which}
      AND t.clicks = 0 AND t.orders = 0 AND t.last_at IS NULL`.execute(trx);
  }
}

/**
 * Recomputes the order-derived stats of these consumers from their orders (the outbox subscription, or any
 * caller). Returns how many consumers were refreshed.
 */
export async function refreshProfiles(
  db: Db,
  consumerIds: readonly string[],
  opts: { now?: Date } = {},
): Promise<number> {
  const ids = [...new Set(consumerIds)].sort();
  if (!ids.length) return 0;
  await inTx(db, async (trx) => {
    await ensureUsers(trx, ids);
    await writeOrderStats(trx, sql`u.consumer_id = ANY(${ids}::text[])`, opts.now ?? new Date(), false);
  });
  return ids.length;
}

export interface RebuildStats {
  users: number;
  ms: number;
}

/**
 * Rebuilds every profile from scratch from the marketplace tables, set-wise: every consumer gets an idx (new
 * ones in registration order; existing indexes are kept), the profile tables are emptied and refilled from all
 * events and all orders. Deltas written concurrently may be lost or doubled: run it on a quiet database (demo,
 * bench) or follow it by nothing else writing.
 */
export async function rebuildProfiles(db: Db, opts: { now?: Date } = {}): Promise<RebuildStats> {
  const t0 = performance.now();
  const now = opts.now ?? new Date();
  await inTx(db, async (trx) => {
    await sql`SET LOCAL work_mem = '256MB'`.execute(trx);
    await sql`INSERT INTO aud_users (consumer_id)
      SELECT c.id FROM consumers c WHERE NOT EXISTS (SELECT 1 FROM aud_users a WHERE a.consumer_id = c.id)
      ORDER BY c.registered_at, c.id
      ON CONFLICT (consumer_id) DO NOTHING`.execute(trx);
    // Users seen only in events or orders (not in consumers) still get an index.
    await sql`INSERT INTO aud_users (consumer_id)
      SELECT DISTINCT o.consumer_id FROM orders o
      WHERE NOT EXISTS (SELECT 1 FROM aud_users a WHERE a.consumer_id = o.consumer_id)
      ON CONFLICT (consumer_id) DO NOTHING`.execute(trx);
    await sql`INSERT INTO aud_users (consumer_id)
      SELECT DISTINCT e.user_id FROM events e
      WHERE e.user_id IS NOT NULL AND e.type <> 'exposure'
        AND NOT EXISTS (SELECT 1 FROM aud_users a WHERE a.consumer_id = e.user_id)
      ON CONFLICT (consumer_id) DO NOTHING`.execute(trx);
    await sql`TRUNCATE aud_profile_orders, aud_profile_categories, aud_profile_brands, aud_profile_channels`.execute(
      trx,
    );
    await writeEventDeltas(
      trx,
      sql`FROM (SELECT user_id, type, occurred_at, product_id, ${sql.raw(tagChannelSql('events', false))} AS ch
        FROM events WHERE user_id IS NOT NULL AND type <> 'exposure' AND occurred_at <= ${now}) e`,
    );
    await writeOrderStats(trx, sql`true`, now, true);
  });
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM aud_users`.execute(db);
  return { users: r.rows[0]!.n, ms: Math.round(performance.now() - t0) };
}
