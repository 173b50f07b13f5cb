import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import type { RawRow } from './domain/population.ts';

/**
 * The raw figures behind the scores: one set-based aggregation per kind over the window (orders paid on the
 * window's business days, after-sales, reviews, service sessions and events of its instants). Everything is
 * counted as of the window's end (`asOf`), so a past day recomputed later gives the snapshot it had then.
 * Columns are named `<metric>_a` / `<metric>_b` (numerator and denominator, or sum and count).
 */

export interface Window {
  /** First and last business day (inclusive). */
  from: string;
  to: string;
  /** Instants: start of `from` and start of the day after `to`, in the marketplace time zone. */
  start: Date;
  asOf: Date;
}

export type { RawRow } from './domain/population.ts';

/**
 * Runs a big aggregation without JIT: at the benchmark's size PostgreSQL spent 3.3 s compiling the product query
 * (JIT's cost model counts rows, not the few passes this query makes over them).
 */
function withoutJit<T>(db: Db, q: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    return q(trx);
  });
}

export async function storeFigures(db: Db, w: Window): Promise<RawRow[]> {
  const { rows } = await withoutJit(db, (trx) =>
    sql<RawRow>`
    WITH o AS (
      SELECT store_id,
        count(*) AS paid,
        count(*) FILTER (WHERE cancelled_at < ${w.asOf}) AS cancelled,
        count(*) FILTER (WHERE cancelled_at < ${w.asOf} AND cancel_reason ILIKE '%stock%') AS stockout,
        count(*) FILTER (WHERE paid_at < ${w.asOf}::timestamptz - interval '24 hours'
          AND (cancelled_at IS NULL OR cancelled_at >= ${w.asOf})) AS pickup_due,
        count(*) FILTER (WHERE paid_at < ${w.asOf}::timestamptz - interval '24 hours'
          AND (cancelled_at IS NULL OR cancelled_at >= ${w.asOf})
          AND collected_at <= paid_at + interval '24 hours') AS pickup_ok,
        count(*) FILTER (WHERE delivered_at < ${w.asOf}) AS delivered,
        coalesce(sum(extract(epoch FROM delivered_at - paid_at)) FILTER (WHERE delivered_at < ${w.asOf}), 0) / 3600.0 AS delivery_h
      FROM orders
      WHERE paid_day BETWEEN ${w.from}::date AND ${w.to}::date AND paid_at < ${w.asOf}
      GROUP BY store_id
    ), a AS (
      SELECT store_id,
        count(*) AS requested,
        count(*) FILTER (WHERE quality_related) AS quality,
        count(*) FILTER (WHERE platform_intervened) AS intervened,
        count(*) FILTER (WHERE resolved_at < ${w.asOf}) AS resolved,
        count(*) FILTER (WHERE resolved_at < ${w.asOf} AND status = 'rejected') AS rejected,
        coalesce(sum(extract(epoch FROM resolved_at - requested_at)) FILTER (WHERE resolved_at < ${w.asOf}), 0) / 3600.0 AS handle_h
      FROM after_sales
      WHERE requested_at >= ${w.start} AND requested_at < ${w.asOf}
      GROUP BY store_id
    ), r AS (
      SELECT store_id, count(*) AS n, sum(product_rating) AS pr, sum(service_rating) AS sr,
        count(*) FILTER (WHERE product_rating <= 2) AS pneg, count(*) FILTER (WHERE logistics_rating <= 2) AS lneg
      FROM reviews WHERE created_at >= ${w.start} AND created_at < ${w.asOf}
      GROUP BY store_id
    ), s AS (
      SELECT store_id, count(*) AS n, sum(least(coalesce(first_response_seconds, 3600), 3600)) AS secs
      FROM service_sessions WHERE started_at >= ${w.start} AND started_at < ${w.asOf}
      GROUP BY store_id
    ), v AS (
      SELECT store_id, sum(points) AS pts FROM store_violations
      WHERE occurred_at >= ${w.start} AND occurred_at < ${w.asOf}
      GROUP BY store_id
    )
    SELECT st.id, st.merchant_id, coalesce(st.main_category_id, '-') AS group_id,
      coalesce(o.paid, 0) AS volume,
      coalesce(a.quality, 0) AS quality_refund_rate_a, coalesce(o.paid - o.cancelled, 0) AS quality_refund_rate_b,
      coalesce(r.pneg, 0) AS negative_review_rate_a, coalesce(r.n, 0) AS negative_review_rate_b,
      coalesce(r.pr, 0) AS product_rating_a, coalesce(r.n, 0) AS product_rating_b,
      coalesce(o.pickup_ok, 0) AS pickup_24h_rate_a, coalesce(o.pickup_due, 0) AS pickup_24h_rate_b,
      coalesce(o.delivery_h, 0) AS delivery_hours_a, coalesce(o.delivered, 0) AS delivery_hours_b,
      coalesce(r.lneg, 0) AS logistics_negative_rate_a, coalesce(r.n, 0) AS logistics_negative_rate_b,
      coalesce(s.secs, 0) AS first_response_seconds_a, coalesce(s.n, 0) AS first_response_seconds_b,
      coalesce(a.rejected, 0) AS refusal_rate_a, coalesce(a.resolved, 0) AS refusal_rate_b,
      coalesce(a.intervened, 0) AS intervention_rate_a, coalesce(a.requested, 0) AS intervention_rate_b,
      coalesce(a.handle_h, 0) AS aftersale_hours_a, coalesce(a.resolved, 0) AS aftersale_hours_b,
      coalesce(r.sr, 0) AS service_rating_a, coalesce(r.n, 0) AS service_rating_b,
      coalesce(o.cancelled, 0) AS cancel_rate_a, coalesce(o.paid, 0) AS cancel_rate_b,
      coalesce(o.stockout, 0) AS stockout_rate_a, coalesce(o.paid, 0) AS stockout_rate_b,
      coalesce(v.pts, 0) AS violation_points_a, 1 AS violation_points_b
    FROM stores st
    LEFT JOIN o ON o.store_id = st.id
    LEFT JOIN a ON a.store_id = st.id
    LEFT JOIN r ON r.store_id = st.id
    LEFT JOIN s ON s.store_id = st.id
    LEFT JOIN v ON v.store_id = st.id
    WHERE st.opened_at <= ${w.to}::date
    ORDER BY st.id`.execute(trx),
  );
  return rows;
}

/**
 * Products' figures: orders, after-sales, reviews and prices in one query, the window's event rollups in a
 * second one run at the same time on another connection (on PostgreSQL the two overlap; the first one's joins
 * are largely single-threaded), joined here by product id.
 */
export async function productFigures(db: Db, w: Window): Promise<RawRow[]> {
  const [rows, events] = await Promise.all([productOrderFigures(db, w), productEventFigures(db, w)]);
  const byId = new Map<string, ProductEvents>();
  for (const e of events) byId.set(e.product_id, e);
  for (const r of rows) {
    const e = byId.get(r.id as string);
    r.click_through_a = e ? Number(e.clicks) : 0;
    r.click_through_b = e ? Number(e.exposures) : 0;
    r.favorite_rate_a = e ? Number(e.keeps) : 0;
    r.favorite_rate_b = e ? Number(e.views) : 0;
  }
  return rows;
}

interface ProductEvents {
  product_id: string;
  exposures: string;
  clicks: string;
  views: string;
  keeps: string;
}

async function productEventFigures(db: Db, w: Window): Promise<ProductEvents[]> {
  const { rows } = await sql<ProductEvents>`
    SELECT product_id, sum(exposures) AS exposures, sum(clicks) AS clicks, sum(views) AS views, sum(keeps) AS keeps
    FROM scoring_product_events
    WHERE day BETWEEN ${w.from}::date AND ${w.to}::date
    GROUP BY product_id`.execute(db);
  return rows;
}

async function productOrderFigures(db: Db, w: Window): Promise<RawRow[]> {
  const { rows } = await withoutJit(db, (trx) =>
    sql<RawRow>`
    WITH l AS (
      SELECT ol.product_id, sum(ol.quantity) AS units, count(*) AS lines, sum(ol.paid) AS gmv
      FROM orders o JOIN order_lines ol ON ol.order_id = o.id
      WHERE o.paid_day BETWEEN ${w.from}::date AND ${w.to}::date AND o.paid_at < ${w.asOf}
        AND (o.cancelled_at IS NULL OR o.cancelled_at >= ${w.asOf})
      GROUP BY ol.product_id
    ), a AS (
      SELECT ol.product_id, count(*) AS requested,
        count(*) FILTER (WHERE x.quality_related) AS quality,
        count(*) FILTER (WHERE x.platform_intervened) AS intervened,
        count(*) FILTER (WHERE x.resolved_at < ${w.asOf}) AS resolved,
        coalesce(sum(extract(epoch FROM x.resolved_at - x.requested_at)) FILTER (WHERE x.resolved_at < ${w.asOf}), 0) / 3600.0 AS handle_h
      FROM after_sales x
      -- Each after-sale finds its line by the order's primary key (not a scan of every line); one filed
      -- against the whole order counts against each of the order's products.
      JOIN LATERAL (
        SELECT ol.product_id FROM order_lines ol
        WHERE ol.order_id = x.order_id AND (x.line_no IS NULL OR ol.line_no = x.line_no)
      ) ol ON true
      WHERE x.requested_at >= ${w.start} AND x.requested_at < ${w.asOf}
      GROUP BY ol.product_id
    ), r AS (
      SELECT product_id, count(*) AS n, sum(product_rating) AS pr, count(*) FILTER (WHERE product_rating <= 2) AS pneg
      FROM reviews WHERE created_at >= ${w.start} AND created_at < ${w.asOf}
      GROUP BY product_id
    ), k AS (
      SELECT product_id, min(price) AS price FROM skus GROUP BY product_id
    )
    SELECT p.id, p.merchant_id, p.category_id AS group_id, p.brand_id,
      coalesce(l.units, 0) AS volume, coalesce(l.gmv, 0) AS gmv, k.price,
      p.detail_completeness AS completeness_a, 1 AS completeness_b,
      coalesce(a.quality, 0) AS quality_refund_rate_a, coalesce(l.lines, 0) AS quality_refund_rate_b,
      coalesce(r.pneg, 0) AS negative_review_rate_a, coalesce(r.n, 0) AS negative_review_rate_b,
      coalesce(r.pr, 0) AS product_rating_a, coalesce(r.n, 0) AS product_rating_b,
      coalesce(a.handle_h, 0) AS aftersale_hours_a, coalesce(a.resolved, 0) AS aftersale_hours_b,
      coalesce(a.intervened, 0) AS dispute_rate_a, coalesce(a.requested, 0) AS dispute_rate_b
    FROM products p
    LEFT JOIN l ON l.product_id = p.id
    LEFT JOIN a ON a.product_id = p.id
    LEFT JOIN r ON r.product_id = p.id
    LEFT JOIN k ON k.product_id = p.id
    WHERE p.listed_at < ${w.asOf} AND (p.status = 'listed' OR l.units > 0)
    ORDER BY p.id`.execute(trx),
  );
  return rows;
}

export async function creatorFigures(db: Db, w: Window): Promise<RawRow[]> {
  const { rows } = await withoutJit(db, (trx) =>
    sql<RawRow>`
    WITH o AS (
      SELECT id, creator_id, consumer_id, paid_at, delivered_at
      FROM orders
      WHERE creator_id IS NOT NULL AND paid_day BETWEEN ${w.from}::date AND ${w.to}::date
        AND paid_at < ${w.asOf} AND (cancelled_at IS NULL OR cancelled_at >= ${w.asOf})
    ), oo AS (
      SELECT creator_id, count(*) AS n, count(DISTINCT consumer_id) AS buyers,
        count(*) FILTER (WHERE delivered_at < ${w.asOf}) AS delivered,
        coalesce(sum(extract(epoch FROM delivered_at - paid_at)) FILTER (WHERE delivered_at < ${w.asOf}), 0) / 3600.0 AS delivery_h
      FROM o GROUP BY creator_id
    ), rep AS (
      SELECT creator_id, count(*) AS repeaters
      FROM (SELECT creator_id, consumer_id FROM o GROUP BY creator_id, consumer_id HAVING count(*) >= 2) x
      GROUP BY creator_id
    ), a AS (
      SELECT o.creator_id,
        count(*) FILTER (WHERE x.quality_related) AS quality,
        count(*) FILTER (WHERE x.reason_code IN ('not_as_described', 'counterfeit')) AS misdescribed,
        count(*) FILTER (WHERE x.resolved_at < ${w.asOf}) AS resolved,
        count(*) FILTER (WHERE x.resolved_at < ${w.asOf} AND x.status = 'rejected') AS rejected
      FROM after_sales x JOIN o ON o.id = x.order_id
      WHERE x.requested_at < ${w.asOf}
      GROUP BY o.creator_id
    ), r AS (
      SELECT o.creator_id, count(*) AS n, sum(v.product_rating) AS pr, sum(v.service_rating) AS sr,
        count(*) FILTER (WHERE v.product_rating <= 2) AS pneg
      FROM reviews v JOIN o ON o.id = v.order_id
      WHERE v.created_at < ${w.asOf}
      GROUP BY o.creator_id
    )
    SELECT c.id, NULL AS merchant_id, 'all' AS group_id, coalesce(oo.n, 0) AS volume,
      coalesce(a.misdescribed, 0) AS misdescription_rate_a, coalesce(oo.n, 0) AS misdescription_rate_b,
      coalesce(rep.repeaters, 0) AS repeat_rate_a, coalesce(oo.buyers, 0) AS repeat_rate_b,
      coalesce(a.quality, 0) AS quality_refund_rate_a, coalesce(oo.n, 0) AS quality_refund_rate_b,
      coalesce(r.pr, 0) AS product_rating_a, coalesce(r.n, 0) AS product_rating_b,
      coalesce(r.pneg, 0) AS negative_review_rate_a, coalesce(r.n, 0) AS negative_review_rate_b,
      coalesce(r.sr, 0) AS service_rating_a, coalesce(r.n, 0) AS service_rating_b,
      coalesce(a.rejected, 0) AS refusal_rate_a, coalesce(a.resolved, 0) AS refusal_rate_b,
      coalesce(oo.delivery_h, 0) AS delivery_hours_a, coalesce(oo.delivered, 0) AS delivery_hours_b
    FROM creators c
    LEFT JOIN oo ON oo.creator_id = c.id
    LEFT JOIN rep ON rep.creator_id = c.id
    LEFT JOIN a ON a.creator_id = c.id
    LEFT JOIN r ON r.creator_id = c.id
    WHERE c.joined_at <= ${w.to}::date
    ORDER BY c.id`.execute(trx),
  );
  return rows;
}

// Serialises rollups of the same days between concurrent recomputes.
const ROLLUP_LOCK = 720_401;

/**
 * Rolls up the events of the window's days that were never rolled up, and of those still recent enough to
 * receive late events (on or after `refreshFrom`) whose event count changed since. Returns the days rolled.
 */
export async function rollUpProductEvents(db: Db, w: Window, refreshFrom: string): Promise<string[]> {
  const days = await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})`.execute(trx);
    // Days never rolled up, and recent days whose event count changed since they were (late events).
    const { rows } = await sql<{ day: string }>`
      SELECT d::date::text AS day FROM generate_series(${w.from}::date, ${w.to}::date, interval '1 day') AS d
      LEFT JOIN scoring_rollup_days r ON r.day = d::date
      WHERE CASE
        WHEN r.day IS NULL THEN true
        -- CASE, so only the recent days' events are counted
        WHEN d::date >= ${refreshFrom}::date
          THEN r.events IS DISTINCT FROM (SELECT count(*) FROM events e WHERE e.day = d::date)
        ELSE false
      END`.execute(trx);
    const days = rows.map((r) => r.day);
    if (!days.length) return days;
    const list = sql`${sql.val(days)}::date[]`;
    await sql`DELETE FROM scoring_product_events WHERE day = ANY(${list})`.execute(trx);
    await sql`INSERT INTO scoring_product_events (day, product_id, exposures, clicks, views, keeps)
      SELECT day, product_id,
        count(*) FILTER (WHERE type = 'exposure'), count(*) FILTER (WHERE type = 'click'),
        count(*) FILTER (WHERE type = 'view'), count(*) FILTER (WHERE type IN ('favorite', 'cart'))
      FROM events
      WHERE day = ANY(${list}) AND product_id IS NOT NULL AND type IN ('exposure', 'click', 'view', 'favorite', 'cart')
      GROUP BY day, product_id`.execute(trx);
    await sql`INSERT INTO scoring_rollup_days (day, events)
      SELECT d, (SELECT count(*) FROM events e WHERE e.day = d) FROM unnest(${list}) AS d
      ON CONFLICT (day) DO UPDATE SET rolled_at = now(), events = excluded.events`.execute(trx);
    return days;
  });
  // Fresh statistics: without them the planner took a month of rollups (15M rows at the benchmark's size) for
  // 200 groups and planned a serial hash aggregate that took 19 s.
  if (days.length) await sql`ANALYZE scoring_product_events`.execute(db);
  return days;
}
