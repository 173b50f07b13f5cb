import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { shiftDay } from '../../core/time.ts';
import type { Attribution } from './types.ts';
import { attribute, type Credit, type PathOrder } from './domain/attribution.ts';
import { SOURCES, type Source, sourceOf } from './domain/sources.ts';

/** Behaviour events that count as a touch: the buyer acted on the store (an exposure is not the buyer's act). */
export const TOUCH_TYPES = ['click', 'view', 'cart', 'favorite', 'live_enter'] as const;

interface Row {
  id: string;
  gmv: string | number;
  scene: string;
  channel: string;
  scenes: string[] | null;
  channels: string[] | null;
}

/**
 * Last-touch and position-based attribution of the merchant's paid orders of the range (paid_day in [from, to],
 * not cancelled; GMV = pay amount). A touch is an event of the buyer (user_id = consumer) at the order's store of a
 * touch type, at or after created_at − lookback and strictly before the order's created_at. The orders are read by
 * orders_merchant_paid_day; events by events_store_day with the day bounded per order (the event's business day
 * lies within a day of the instant window whatever the time zone) and by the range's end.
 */
export async function attribution(
  db: Db,
  q: { merchantId: string; from: string; to: string; lookbackDays: number },
): Promise<Attribution> {
  const lb = q.lookbackDays;
  const r = await sql<Row>`WITH o AS (
      SELECT id, store_id, consumer_id, created_at, pay_amount, scene, channel FROM orders
      WHERE merchant_id = ${q.merchantId} AND paid_day BETWEEN ${q.from}::date AND ${q.to}::date
        AND status <> 'cancelled')
    SELECT o.id, o.pay_amount AS gmv, o.scene, o.channel,
      array_agg(e.scene ORDER BY e.occurred_at, e.id) FILTER (WHERE e.id IS NOT NULL) AS scenes,
      array_agg(e.channel ORDER BY e.occurred_at, e.id) FILTER (WHERE e.id IS NOT NULL) AS channels
    FROM o LEFT JOIN events e ON e.store_id = o.store_id AND e.user_id = o.consumer_id
      AND e.type = ANY(${[...TOUCH_TYPES]}::text[])
      AND e.day <= ${shiftDay(q.to, 1)}::date
      AND e.day BETWEEN (o.created_at - make_interval(days => ${lb}))::date - 1 AND o.created_at::date + 1
      AND e.occurred_at >= o.created_at - make_interval(days => ${lb}) AND e.occurred_at < o.created_at
    GROUP BY o.id, o.pay_amount, o.scene, o.channel
    ORDER BY o.id`.execute(db);
  const orders: PathOrder[] = r.rows.map((x) => ({
    gmv: Number(x.gmv),
    fallback: sourceOf(x.scene, x.channel),
    path: (x.scenes ?? []).map((s, i) => sourceOf(s, x.channels![i]!)),
  }));
  const t = attribute(orders);
  const gmv = orders.reduce((a, o) => a + o.gmv, 0);
  const view = (c: Credit | undefined) => ({
    orders: round(c?.orders ?? 0, 6),
    gmv: c?.gmv ?? 0,
    share: gmv > 0 ? round((c?.gmv ?? 0) / gmv, 6) : null,
  });
  const rows = SOURCES.filter((s: Source) => t.lastTouch.has(s) || t.positionBased.has(s))
    .map((source) => ({
      source,
      lastTouch: view(t.lastTouch.get(source)),
      positionBased: view(t.positionBased.get(source)),
    }))
    .sort((a, b) => b.lastTouch.gmv - a.lastTouch.gmv || b.positionBased.gmv - a.positionBased.gmv);
  return {
    merchantId: q.merchantId,
    from: q.from,
    to: q.to,
    lookbackDays: lb,
    orders: t.orders,
    ordersWithPath: t.ordersWithPath,
    avgTouches: t.ordersWithPath > 0 ? round(t.touches / t.ordersWithPath, 4) : null,
    rows,
  };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
