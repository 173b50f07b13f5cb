import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { dayStart, shiftDay } from '../../core/time.ts';
import { domainSql, sourceSql } from './domain/sources.ts';

/**
 * The rollup statements of one business day, for every store or only some (the speed layer's changed stores).
 * Each replaces its rows: delete the day's (stores') rows, insert them again from the raw tables, so running one
 * twice gives the same rows. Visitors are users with a behaviour event other than an exposure (an exposure is an
 * impression, not a visit). The funnel's exposed users are those with an exposure or any visit: a visit implies the
 * store was shown, and impression logs are often sampled.
 */
export interface DaySlice {
  day: string;
  timeZone: string;
  /** Only these stores (null: every store). */
  stores: string[] | null;
}

/** Where a slice's events are read: a whole day from its one-pass copy, some stores from `events` by index. */
const eventsOf = (s: DaySlice) => sql.table(s.stores ? 'events' : 'an_day_events');

const ORDER_SOURCE = sql.raw(sourceSql('o'));
const EVENT_SOURCE = sql.raw(sourceSql('e'));
const DOMAIN_O = sql.raw(domainSql('o'));
const DOMAIN_P = sql.raw(domainSql('p'));

function window(s: DaySlice) {
  return { t0: dayStart(s.day, s.timeZone), t1: dayStart(shiftDay(s.day, 1), s.timeZone) };
}

/** `AND <col> = ANY(stores)` when the slice names stores. */
function storeFilter(col: string, s: DaySlice): RawBuilder<unknown> {
  return s.stores ? sql`AND ${sql.ref(col)} = ANY(${s.stores}::text[])` : sql``;
}

/** One rollup table's rows of a slice: the rows in `scope`, computed by `rows` (columns in `cols` order). */
interface RowSet {
  table: string;
  key: string[];
  cols: string[];
  /** The slice's rows of the table (a WHERE condition on its unqualified columns). */
  scope: RawBuilder<unknown>;
  rows: RawBuilder<unknown>;
}

/**
 * Writes a slice's rows. A whole day is deleted and inserted again (a batch writes nearly every row anyway). Some
 * stores' rows (the speed layer) are upserted only where a value changed and deleted where the row no longer
 * exists: a flush of a thousand stores recomputes all their rows but writes only the few that moved (rewriting
 * tens of thousands of unchanged product rows was about half of such a flush).
 */
async function writeRows(db: Db, s: DaySlice, r: RowSet): Promise<void> {
  const table = sql.table(r.table);
  const cols = sql.join(r.cols.map((c) => sql.ref(c)));
  if (!s.stores) {
    await sql`DELETE FROM ${table} WHERE ${r.scope}`.execute(db);
    await sql`INSERT INTO ${table} (${cols}) ${r.rows}`.execute(db);
    return;
  }
  const rest = r.cols.filter((c) => !r.key.includes(c));
  const set = sql.join(rest.map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`));
  const now = sql.join(rest.map((c) => sql.ref(`t.${c}`)));
  const next = sql.join(rest.map((c) => sql.ref(`excluded.${c}`)));
  const key = sql.join(r.key.map((c) => sql.ref(c)));
  // NOT IN over the (non-null) key, not NOT EXISTS: the planner guesses a CTE filtered by day at one row and chose
  // a nested-loop anti-join (3k × 3k comparisons, 1.4 s of a 1.43 s statement); NOT IN runs as one hashed subplan.
  await sql`WITH src (${cols}) AS MATERIALIZED (${r.rows}),
    up AS (INSERT INTO ${table} AS t (${cols}) SELECT ${cols} FROM src
      ON CONFLICT (${key}) DO UPDATE SET ${set}
      WHERE (${now}) IS DISTINCT FROM (${next}))
    DELETE FROM ${table} AS t WHERE ${r.scope} AND (${key}) NOT IN (SELECT ${key} FROM src)`.execute(db);
}

/** `day = <day>` and the slice's stores. */
const dayScope = (s: DaySlice) => sql`day = ${s.day}::date ${storeFilter('store_id', s)}`;

const list = (cols: string) => cols.split(',').map((c) => c.trim());

async function storeDay(db: Db, s: DaySlice) {
  const { t0, t1 } = window(s);
  await writeRows(db, s, {
    table: 'an_store_day',
    key: ['store_id', 'day'],
    cols: list(`store_id, day, merchant_id, category_id, gmv, orders, buyers, units, discount, placed_orders,
      placed_buyers, refunds, refund_amount, visitors, views, exposures, clicks, carts, exposure_users, click_users,
      cart_users`),
    scope: dayScope(s),
    rows: sql`WITH paid AS (
      SELECT o.store_id, sum(o.pay_amount)::bigint AS gmv, count(*)::int AS orders,
        count(DISTINCT o.consumer_id)::int AS buyers, sum(o.discount_amount)::bigint AS discount
      FROM orders o WHERE o.paid_day = ${s.day}::date ${storeFilter('o.store_id', s)} GROUP BY o.store_id
    ), units AS (
      SELECT o.store_id, sum(l.quantity)::int AS units FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.paid_day = ${s.day}::date ${storeFilter('o.store_id', s)} GROUP BY o.store_id
    ), placed AS (
      SELECT o.store_id, count(*)::int AS n, count(DISTINCT o.consumer_id)::int AS buyers FROM orders o
      WHERE o.created_at >= ${t0} AND o.created_at < ${t1} ${storeFilter('o.store_id', s)} GROUP BY o.store_id
    ), refunds AS (
      SELECT a.store_id, count(*)::int AS n, sum(a.amount)::bigint AS amount FROM after_sales a
      WHERE a.status = 'refunded' AND a.refunded_at >= ${t0} AND a.refunded_at < ${t1} ${storeFilter('a.store_id', s)}
      GROUP BY a.store_id
    ), per_user AS (
      SELECT e.store_id, e.user_id,
        count(*) FILTER (WHERE e.type <> 'exposure') AS visits,
        count(*) FILTER (WHERE e.type = 'view') AS views,
        count(*) FILTER (WHERE e.type = 'exposure') AS exposures,
        count(*) FILTER (WHERE e.type = 'click') AS clicks,
        count(*) FILTER (WHERE e.type = 'cart') AS carts
      FROM ${eventsOf(s)} e WHERE e.day = ${s.day}::date AND e.store_id IS NOT NULL ${storeFilter('e.store_id', s)}
      GROUP BY e.store_id, e.user_id
    ), ev AS (
      SELECT store_id,
        count(user_id) FILTER (WHERE visits > 0)::int AS visitors,
        sum(views)::int AS views, sum(exposures)::int AS exposures, sum(clicks)::int AS clicks, sum(carts)::int AS carts,
        count(user_id) FILTER (WHERE exposures > 0 OR visits > 0)::int AS exposure_users,
        count(user_id) FILTER (WHERE clicks > 0)::int AS click_users,
        count(user_id) FILTER (WHERE carts > 0)::int AS cart_users
      FROM per_user GROUP BY store_id
    ), keys AS (
      SELECT store_id FROM paid UNION SELECT store_id FROM placed UNION SELECT store_id FROM refunds
      UNION SELECT store_id FROM ev
    )
    SELECT k.store_id, ${s.day}::date, st.merchant_id, coalesce(c2.parent_id, c1.parent_id, c1.id),
      coalesce(p.gmv, 0), coalesce(p.orders, 0), coalesce(p.buyers, 0), coalesce(u.units, 0), coalesce(p.discount, 0),
      coalesce(pl.n, 0), coalesce(pl.buyers, 0), coalesce(r.n, 0), coalesce(r.amount, 0),
      coalesce(ev.visitors, 0), coalesce(ev.views, 0), coalesce(ev.exposures, 0), coalesce(ev.clicks, 0),
      coalesce(ev.carts, 0), coalesce(ev.exposure_users, 0), coalesce(ev.click_users, 0), coalesce(ev.cart_users, 0)
    FROM keys k JOIN stores st ON st.id = k.store_id
    LEFT JOIN categories c1 ON c1.id = st.main_category_id LEFT JOIN categories c2 ON c2.id = c1.parent_id
    LEFT JOIN paid p ON p.store_id = k.store_id LEFT JOIN units u ON u.store_id = k.store_id
    LEFT JOIN placed pl ON pl.store_id = k.store_id LEFT JOIN refunds r ON r.store_id = k.store_id
    LEFT JOIN ev ON ev.store_id = k.store_id`,
  });
}

async function sourceDay(db: Db, s: DaySlice) {
  await writeRows(db, s, {
    table: 'an_source_day',
    key: ['store_id', 'day', 'source'],
    cols: list(
      'store_id, day, source, merchant_id, gmv, orders, buyers, visitors, exposures, clicks, views, follows',
    ),
    scope: dayScope(s),
    rows: sql`WITH paid AS (
      SELECT o.store_id, ${ORDER_SOURCE} AS source, sum(o.pay_amount)::bigint AS gmv, count(*)::int AS orders,
        count(DISTINCT o.consumer_id)::int AS buyers
      FROM orders o WHERE o.paid_day = ${s.day}::date ${storeFilter('o.store_id', s)} GROUP BY 1, 2
    ), ev AS (
      SELECT e.store_id, ${EVENT_SOURCE} AS source,
        count(DISTINCT e.user_id) FILTER (WHERE e.type <> 'exposure')::int AS visitors,
        count(*) FILTER (WHERE e.type = 'exposure')::int AS exposures,
        count(*) FILTER (WHERE e.type = 'click')::int AS clicks,
        count(*) FILTER (WHERE e.type = 'view')::int AS views,
        count(*) FILTER (WHERE e.type = 'follow')::int AS follows
      FROM ${eventsOf(s)} e WHERE e.day = ${s.day}::date AND e.store_id IS NOT NULL ${storeFilter('e.store_id', s)}
      GROUP BY 1, 2
    )
    SELECT st.id, ${s.day}::date, coalesce(p.source, ev.source), st.merchant_id,
      coalesce(p.gmv, 0), coalesce(p.orders, 0), coalesce(p.buyers, 0), coalesce(ev.visitors, 0),
      coalesce(ev.exposures, 0), coalesce(ev.clicks, 0), coalesce(ev.views, 0), coalesce(ev.follows, 0)
    FROM paid p FULL JOIN ev ON ev.store_id = p.store_id AND ev.source = p.source
    JOIN stores st ON st.id = coalesce(p.store_id, ev.store_id)`,
  });
}

async function productDay(db: Db, s: DaySlice) {
  await writeRows(db, s, {
    table: 'an_product_day',
    key: ['product_id', 'day'],
    cols: list(
      'product_id, day, store_id, merchant_id, category_id, gmv, units, orders, buyers, views, visitors, carts',
    ),
    scope: dayScope(s),
    rows: sql`WITH sold AS (
      SELECT l.product_id, sum(l.paid)::bigint AS gmv, sum(l.quantity)::int AS units,
        count(DISTINCT l.order_id)::int AS orders, count(DISTINCT o.consumer_id)::int AS buyers
      FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.paid_day = ${s.day}::date ${storeFilter('o.store_id', s)} GROUP BY l.product_id
    ), ev AS (
      SELECT e.product_id, count(*) FILTER (WHERE e.type = 'view')::int AS views,
        count(DISTINCT e.user_id) FILTER (WHERE e.type <> 'exposure')::int AS visitors,
        count(*) FILTER (WHERE e.type = 'cart')::int AS carts
      FROM ${eventsOf(s)} e WHERE e.day = ${s.day}::date AND e.product_id IS NOT NULL ${storeFilter('e.store_id', s)}
      GROUP BY e.product_id
    )
    SELECT pr.id, ${s.day}::date, pr.store_id, pr.merchant_id, pr.category_id,
      coalesce(sold.gmv, 0), coalesce(sold.units, 0), coalesce(sold.orders, 0), coalesce(sold.buyers, 0),
      coalesce(ev.views, 0), coalesce(ev.visitors, 0), coalesce(ev.carts, 0)
    FROM sold FULL JOIN ev ON ev.product_id = sold.product_id
    JOIN products pr ON pr.id = coalesce(sold.product_id, ev.product_id) ${storeFilter('pr.store_id', s)}`,
  });
}

/**
 * All-domain flows of a day: each paid order by the domain of the same buyer's previous paid order in the store
 * (one index probe per order through orders_consumer) and its own domain.
 */
async function domainFlowDay(db: Db, s: DaySlice): Promise<void> {
  await writeRows(db, s, {
    table: 'an_domain_flow_day',
    key: ['store_id', 'day', 'from_domain', 'to_domain'],
    cols: list('store_id, day, from_domain, to_domain, merchant_id, orders, buyers, gmv'),
    scope: dayScope(s),
    rows: sql`SELECT o.store_id, ${s.day}::date, coalesce(prev.domain, 'new'), ${DOMAIN_O}, min(o.merchant_id),
      count(*)::int, count(DISTINCT o.consumer_id)::int, sum(o.pay_amount)::bigint
    FROM orders o
    LEFT JOIN LATERAL (
      SELECT ${DOMAIN_P} AS domain FROM orders p
      WHERE p.consumer_id = o.consumer_id AND p.store_id = o.store_id AND p.paid_at IS NOT NULL
        AND (p.paid_at, p.id) < (o.paid_at, o.id)
      ORDER BY p.paid_at DESC, p.id DESC LIMIT 1
    ) prev ON true
    WHERE o.paid_day = ${s.day}::date ${storeFilter('o.store_id', s)}
    GROUP BY 1, 3, 4`,
  });
}

/**
 * Rollup writers of a day (the speed layer, the nightly close, a rebuild; other servers) take turns: each
 * transaction that rewrites a day's rollup rows holds that day's lock, so two never delete and insert the same rows
 * at once (a deadlock), while different days can be rebuilt side by side.
 */
export async function lockRollupDay(db: Db, day: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('tributary analytics rollups'), hashtext(${day}))`.execute(
    db,
  );
}

/** The marketplace's day totals from its store rows (after them). */
async function marketTotalDay(db: Db, day: string): Promise<void> {
  await sql`DELETE FROM an_market_total_day WHERE day = ${day}::date`.execute(db);
  await sql`INSERT INTO an_market_total_day (day, gmv, orders, buyers, visitors, units, refunds, refund_amount)
    SELECT ${day}::date, coalesce(sum(gmv), 0)::bigint, coalesce(sum(orders), 0)::int, coalesce(sum(buyers), 0)::int,
      coalesce(sum(visitors), 0)::int, coalesce(sum(units), 0)::int, coalesce(sum(refunds), 0)::int,
      coalesce(sum(refund_amount), 0)::bigint
    FROM an_store_day WHERE day = ${day}::date`.execute(db);
}

/** The marketplace's day by source and in total, from the stores' rows (after them). */
export async function marketRows(db: Db, day: string) {
  await marketTotalDay(db, day);
  await sql`DELETE FROM an_market_day WHERE day = ${day}::date`.execute(db);
  await sql`INSERT INTO an_market_day (day, source, gmv, orders, buyers, visitors)
    SELECT ${day}::date, source, sum(gmv)::bigint, sum(orders)::int, sum(buyers)::int, sum(visitors)::int
    FROM an_source_day WHERE day = ${day}::date GROUP BY source`.execute(db);
}

/** Marketplace-wide rows (sources, categories, creators): only for whole days, after the day's store and product rows. */
export async function marketDay(db: Db, day: string) {
  await marketRows(db, day);
  await sql`DELETE FROM an_category_day WHERE day = ${day}::date`.execute(db);
  await sql`INSERT INTO an_category_day (category_id, day, gmv, units, orders, views, visitors, carts, products_sold,
      stores_sold)
    WITH sold AS (
      SELECT l.category_id, sum(l.paid)::bigint AS gmv, sum(l.quantity)::int AS units,
        count(DISTINCT l.order_id)::int AS orders, count(DISTINCT l.product_id)::int AS products_sold,
        count(DISTINCT o.store_id)::int AS stores_sold
      FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.paid_day = ${day}::date GROUP BY l.category_id
    ), ev AS (
      SELECT category_id, sum(views)::int AS views, sum(visitors)::int AS visitors, sum(carts)::int AS carts
      FROM an_product_day WHERE day = ${day}::date GROUP BY category_id
    )
    SELECT coalesce(sold.category_id, ev.category_id), ${day}::date, coalesce(sold.gmv, 0), coalesce(sold.units, 0),
      coalesce(sold.orders, 0), coalesce(ev.views, 0), coalesce(ev.visitors, 0), coalesce(ev.carts, 0),
      coalesce(sold.products_sold, 0), coalesce(sold.stores_sold, 0)
    FROM sold FULL JOIN ev ON ev.category_id = sold.category_id`.execute(db);
  await sql`DELETE FROM an_creator_day WHERE day = ${day}::date`.execute(db);
  await sql`INSERT INTO an_creator_day (creator_id, day, gmv, orders, buyers)
    SELECT creator_id, ${day}::date, sum(pay_amount)::bigint, count(*)::int, count(DISTINCT consumer_id)::int
    FROM orders WHERE paid_day = ${day}::date AND creator_id IS NOT NULL GROUP BY creator_id`.execute(db);
}

async function storeMinutes(db: Db, s: DaySlice) {
  const { t0, t1 } = window(s);
  if (!s.stores) {
    // The day's visitors, the speed layer's seen set (realtime.views.ts).
    await sql`DELETE FROM an_rt_visit WHERE day = ${s.day}::date`.execute(db);
    await sql`INSERT INTO an_rt_visit (day, store_id, user_id)
      SELECT DISTINCT ${s.day}::date, e.store_id, e.user_id FROM an_day_events e
      WHERE e.type <> 'exposure' AND e.user_id IS NOT NULL AND e.store_id IS NOT NULL`.execute(db);
  }
  await writeRows(db, s, {
    table: 'an_store_minute',
    key: ['store_id', 'minute'],
    cols: list('store_id, minute, gmv, orders, views, new_buyers, new_visitors'),
    scope: sql`minute >= ${t0} AND minute < ${t1} ${storeFilter('store_id', s)}`,
    rows: sql`WITH paid AS (
      SELECT o.store_id, date_trunc('minute', o.paid_at) AS m, sum(o.pay_amount)::bigint AS gmv, count(*)::int AS orders
      FROM orders o WHERE o.paid_day = ${s.day}::date ${storeFilter('o.store_id', s)} GROUP BY 1, 2
    ), first_buy AS (
      SELECT store_id, m, count(*)::int AS n FROM (
        SELECT o.store_id, min(date_trunc('minute', o.paid_at)) AS m FROM orders o
        WHERE o.paid_day = ${s.day}::date ${storeFilter('o.store_id', s)} GROUP BY o.store_id, o.consumer_id
      ) x GROUP BY 1, 2
    ), views AS (
      SELECT e.store_id, date_trunc('minute', e.occurred_at) AS m, count(*)::int AS n FROM ${eventsOf(s)} e
      WHERE e.day = ${s.day}::date AND e.type = 'view' AND e.store_id IS NOT NULL ${storeFilter('e.store_id', s)}
      GROUP BY 1, 2
    ), first_visit AS (
      SELECT store_id, m, count(*)::int AS n FROM (
        SELECT e.store_id, min(date_trunc('minute', e.occurred_at)) AS m FROM ${eventsOf(s)} e
        WHERE e.day = ${s.day}::date AND e.type <> 'exposure' AND e.user_id IS NOT NULL AND e.store_id IS NOT NULL
          ${storeFilter('e.store_id', s)}
        GROUP BY e.store_id, e.user_id
      ) x GROUP BY 1, 2
    ), keys AS (
      SELECT store_id, m FROM paid UNION SELECT store_id, m FROM views UNION SELECT store_id, m FROM first_visit
    )
    SELECT k.store_id, k.m, coalesce(p.gmv, 0), coalesce(p.orders, 0), coalesce(v.n, 0), coalesce(b.n, 0),
      coalesce(f.n, 0)
    FROM keys k JOIN stores st ON st.id = k.store_id
    LEFT JOIN paid p ON p.store_id = k.store_id AND p.m = k.m
    LEFT JOIN first_buy b ON b.store_id = k.store_id AND b.m = k.m
    LEFT JOIN views v ON v.store_id = k.store_id AND v.m = k.m
    LEFT JOIN first_visit f ON f.store_id = k.store_id AND f.m = k.m`,
  });
}

/**
 * Every rollup of one day (or of some stores' day). `minutes` adds the minute rows (recent days only);
 * marketplace-wide rows (categories, creators) are rebuilt only for whole days.
 */
export async function rollupDay(db: Db, s: DaySlice, opts: { minutes: boolean }): Promise<void> {
  await lockRollupDay(db, s.day);
  // These statements join several aggregates whose row counts the planner cannot know, so it overestimates them by
  // orders of magnitude and JIT-compiles each one: about a second per statement, more than the work itself.
  await sql`SET LOCAL jit = off`.execute(db);
  // Some stores' day still aggregates tens of thousands of events: in memory, not in a sort spilled to disk.
  if (s.stores) await sql`SET LOCAL work_mem = '64MB'`.execute(db);
  else {
    // A whole day: its events are read once into a temporary copy that every rollup then scans (a day is a few
    // percent of its month's partition: fetched through the key, aggregated by hash in memory).
    await sql`SET LOCAL work_mem = '256MB'`.execute(db);
    await sql`SET LOCAL random_page_cost = 1.1`.execute(db);
    await sql`CREATE TEMP TABLE an_day_events ON COMMIT DROP AS
      SELECT day, occurred_at, type, user_id, product_id, store_id, scene, channel FROM events
      WHERE day = ${s.day}::date`.execute(db);
  }
  await storeDay(db, s);
  await sourceDay(db, s);
  await productDay(db, s);
  await domainFlowDay(db, s);
  if (!s.stores) await marketDay(db, s.day);
  if (opts.minutes) await storeMinutes(db, s);
}
