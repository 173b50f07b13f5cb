import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import {
  avgWatchSeconds,
  conversionBp,
  gpm,
  type MinuteRow,
  onlineAt,
  peakOnline,
  sumOverlapping,
  timeline,
} from './domain/metrics.ts';

export interface LiveMetrics {
  uniqueViewers: number;
  views: number;
  avgWatchSeconds: number;
  peakOnline: number;
  productClicks: number;
  orders: number;
  buyers: number;
  units: number;
  gmv: number;
  gpm: number;
  conversionBp: number;
  newFollowers: number;
}

/** Paid orders of a live room: paid and not cancelled (as GMV is counted across the marketplace). */
export const PAID = sql`o.paid_at IS NOT NULL AND o.status <> 'cancelled'`;

interface RawTotals {
  views: number;
  leaves: number;
  watchMs: number;
  peak: number;
  clicks: number;
  follows: number;
  uniqueViewers: number;
  orders: number;
  buyers: number;
  units: number;
  gmv: number;
}

export function toMetrics(r: RawTotals): LiveMetrics {
  return {
    uniqueViewers: r.uniqueViewers,
    views: r.views,
    avgWatchSeconds: avgWatchSeconds(r.watchMs, r.leaves),
    peakOnline: r.peak,
    productClicks: r.clicks,
    orders: r.orders,
    buyers: r.buyers,
    units: r.units,
    gmv: r.gmv,
    gpm: gpm(r.gmv, r.views),
    conversionBp: conversionBp(r.buyers, r.uniqueViewers),
    newFollowers: r.follows,
  };
}

const num = (v: unknown) => Number(v ?? 0);

/** Totals of many sessions at once from the aggregates and the orders (set-based). */
export async function totalsOf(db: Db, ids: readonly string[]): Promise<Map<string, LiveMetrics>> {
  const out = new Map<string, LiveMetrics>();
  if (!ids.length) return out;
  const list = [...ids];
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (
      SELECT session_id, sum(enters) AS views, sum(leaves) AS leaves, sum(watch_ms) AS watch, sum(clicks) AS clicks,
        sum(follows) AS follows, GREATEST(0, max(online)) AS peak
      FROM (SELECT *, sum(enters - leaves) OVER (PARTITION BY session_id ORDER BY minute) AS online
            FROM live_minutes WHERE session_id = ANY(${list}::text[])) x
      GROUP BY session_id),
    v AS (SELECT session_id, count(*) AS uv FROM live_viewers WHERE session_id = ANY(${list}::text[]) GROUP BY 1),
    o AS (SELECT o.live_session_id AS session_id, count(*) AS orders, count(DISTINCT o.consumer_id) AS buyers,
            sum(o.pay_amount) AS gmv,
            sum((SELECT sum(l.quantity) FROM order_lines l WHERE l.order_id = o.id)) AS units
          FROM orders o WHERE o.live_session_id = ANY(${list}::text[]) AND ${PAID} GROUP BY 1)
    SELECT i.id, m.views, m.leaves, m.watch, m.clicks, m.follows, m.peak, v.uv, o.orders, o.buyers, o.gmv, o.units
    FROM unnest(${list}::text[]) AS i(id)
    LEFT JOIN m ON m.session_id = i.id LEFT JOIN v ON v.session_id = i.id LEFT JOIN o ON o.session_id = i.id`.execute(
    db,
  );
  for (const r of rows)
    out.set(
      r.id as string,
      toMetrics({
        views: num(r.views),
        leaves: num(r.leaves),
        watchMs: num(r.watch),
        peak: num(r.peak),
        clicks: num(r.clicks),
        follows: num(r.follows),
        uniqueViewers: num(r.uv),
        orders: num(r.orders),
        buyers: num(r.buyers),
        units: num(r.units),
        gmv: num(r.gmv),
      }),
    );
  return out;
}

export interface SessionTimes {
  id: string;
  status: 'scheduled' | 'live' | 'ended';
  startedAt: Date | null;
  endedAt: Date | null;
}

const ms = (d: unknown) => new Date(d as string).getTime();

/**
 * A session's metrics from its aggregates (which hold every event ingested before the call) and its orders:
 * totals, per product, per explanation window and the per-minute timeline.
 */
export async function sessionMetrics(db: Db, s: SessionTimes, now = new Date()) {
  const asOf = now.getTime();
  const [totals, minutes, orderMinutes, productMinutes, productTotals, windows, listed] = await Promise.all([
    totalsOf(db, [s.id]),
    sql<{ minute: Date; enters: number; leaves: number; clicks: number }>`
      SELECT minute, enters, leaves, clicks FROM live_minutes WHERE session_id = ${s.id} ORDER BY minute`.execute(
      db,
    ),
    sql<{ minute: Date; orders: string; gmv: string }>`
      SELECT date_trunc('minute', o.created_at) AS minute, count(*) AS orders, sum(o.pay_amount) AS gmv
      FROM orders o WHERE o.live_session_id = ${s.id} AND ${PAID} GROUP BY 1`.execute(db),
    sql<{ product_id: string; minute: Date; clicks: number }>`
      SELECT product_id, minute, clicks FROM live_product_minutes WHERE session_id = ${s.id}`.execute(db),
    sql<{ product_id: string; orders: string; units: string; gmv: string }>`
      SELECT l.product_id, count(DISTINCT o.id) AS orders, sum(l.quantity) AS units, sum(l.paid) AS gmv
      FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.live_session_id = ${s.id} AND ${PAID} GROUP BY 1`.execute(db),
    sql<{
      id: string;
      product_id: string;
      title: string;
      started_at: Date;
      ended_at: Date | null;
      orders: string;
      units: string;
      gmv: string;
    }>`
      SELECT x.id, x.product_id, p.title, x.started_at, x.ended_at,
        count(DISTINCT ol.order_id) AS orders, COALESCE(sum(ol.quantity), 0) AS units, COALESCE(sum(ol.paid), 0) AS gmv
      FROM live_explanations x JOIN products p ON p.id = x.product_id
      LEFT JOIN LATERAL (
        SELECT l.order_id, l.quantity, l.paid FROM orders o JOIN order_lines l ON l.order_id = o.id AND l.product_id = x.product_id
        WHERE o.live_session_id = x.session_id AND ${PAID}
          AND o.created_at >= x.started_at AND o.created_at < COALESCE(x.ended_at, ${now})) ol ON true
      WHERE x.session_id = ${s.id}
      GROUP BY x.id, x.product_id, p.title, x.started_at, x.ended_at ORDER BY x.started_at, x.id`.execute(db),
    sql<{ product_id: string; title: string; position: number | null }>`
      SELECT p.id AS product_id, p.title, sp.position FROM products p
      LEFT JOIN live_session_products sp ON sp.session_id = ${s.id} AND sp.product_id = p.id
      WHERE sp.session_id IS NOT NULL
         OR p.id IN (SELECT product_id FROM live_product_minutes WHERE session_id = ${s.id})
         OR p.id IN (SELECT l.product_id FROM orders o JOIN order_lines l ON l.order_id = o.id
                     WHERE o.live_session_id = ${s.id} AND ${PAID})`.execute(db),
  ]);

  const deltas = minutes.rows.map((r) => ({
    minute: ms(r.minute),
    enters: num(r.enters),
    leaves: num(r.leaves),
  }));
  const clicksByProduct = new Map<string, { minute: number; n: number }[]>();
  for (const r of productMinutes.rows) {
    const l = clicksByProduct.get(r.product_id) ?? [];
    l.push({ minute: ms(r.minute), n: num(r.clicks) });
    clicksByProduct.set(r.product_id, l);
  }
  const windowCount = new Map<string, number>();
  for (const w of windows.rows) windowCount.set(w.product_id, (windowCount.get(w.product_id) ?? 0) + 1);
  const sales = new Map(productTotals.rows.map((r) => [r.product_id, r]));

  const products = listed.rows
    .map((p) => {
      const o = sales.get(p.product_id);
      return {
        productId: p.product_id,
        title: p.title,
        position: p.position,
        clicks: (clicksByProduct.get(p.product_id) ?? []).reduce((a, r) => a + r.n, 0),
        orders: num(o?.orders),
        units: num(o?.units),
        gmv: num(o?.gmv),
        explanations: windowCount.get(p.product_id) ?? 0,
      };
    })
    // Listed products in their order first, then the others by GMV.
    .sort(
      (a, b) =>
        (a.position ?? 1e9) - (b.position ?? 1e9) || b.gmv - a.gmv || a.productId.localeCompare(b.productId),
    )
    .map(({ position: _, ...p }) => p);

  const explanations = windows.rows.map((w) => {
    const start = ms(w.started_at);
    const end = w.ended_at ? ms(w.ended_at) : asOf;
    return {
      id: w.id,
      productId: w.product_id,
      title: w.title,
      startedAt: new Date(start).toISOString(),
      endedAt: w.ended_at ? new Date(end).toISOString() : null,
      clicks: sumOverlapping(clicksByProduct.get(w.product_id) ?? [], start, end),
      orders: num(w.orders),
      units: num(w.units),
      gmv: num(w.gmv),
      onlineAtStart: onlineAt(deltas, start),
    };
  });

  const byMinute = new Map<number, MinuteRow>();
  const row = (m: number) => {
    let r = byMinute.get(m);
    if (!r) {
      r = { minute: m, enters: 0, leaves: 0, clicks: 0, orders: 0, gmv: 0 };
      byMinute.set(m, r);
    }
    return r;
  };
  for (const r of minutes.rows)
    Object.assign(row(ms(r.minute)), { enters: num(r.enters), leaves: num(r.leaves), clicks: num(r.clicks) });
  for (const r of orderMinutes.rows)
    Object.assign(row(ms(r.minute)), { orders: num(r.orders), gmv: num(r.gmv) });
  const rows = [...byMinute.values()].sort((a, b) => a.minute - b.minute);
  const first = rows[0]?.minute;
  const from = s.startedAt ? Math.min(s.startedAt.getTime(), first ?? Infinity) : first;
  const last = rows.at(-1)?.minute;
  const to = s.endedAt ? Math.max(s.endedAt.getTime(), last ?? 0) : s.status === 'live' ? asOf : last;
  const tl =
    from === undefined || to === undefined
      ? []
      : timeline(rows, from, to).map((p) => ({
          minute: new Date(p.minute).toISOString(),
          online: p.online,
          enters: p.enters,
          leaves: p.leaves,
          clicks: p.clicks,
          orders: p.orders,
          gmv: p.gmv,
        }));

  const t = totals.get(s.id)!;
  // The peak from the same minute rows the timeline shows (equal to the SQL one; computed once here).
  t.peakOnline = peakOnline(deltas);
  return {
    sessionId: s.id,
    status: s.status,
    asOf: now.toISOString(),
    totals: t,
    products,
    explanations,
    timeline: tl,
  };
}
