import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Database } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import { mulDiv } from '../../core/money.ts';
import { businessDay } from '../../core/time.ts';
import { assertParticipant } from './access.ts';
import * as repo from './campaigns.repo.ts';

/**
 * The shared campaign dashboard: per accepted store and in total, sales, campaign discount, coupons, traffic
 * and conversion over the campaign window up to now. Aggregates only: no user ids leave this service.
 */

interface Row {
  gmv: number;
  orders: number;
  buyers: number;
  discount: number;
  couponsIssued: number;
  couponsRedeemed: number;
  visitors: number;
  conversionBp: number;
  exposures: number;
}

const empty = (): Row => ({
  gmv: 0,
  orders: 0,
  buyers: 0,
  discount: 0,
  couponsIssued: 0,
  couponsRedeemed: 0,
  visitors: 0,
  conversionBp: 0,
  exposures: 0,
});
const conversion = (r: Row) => (r.visitors > 0 ? Math.min(10_000, mulDiv(r.buyers, 10_000, r.visitors)) : 0);

export async function dashboard(db: Database, p: Principal, id: string, now: Date, timeZone: string) {
  const k = db.kysely;
  const c = await repo.getCampaign(k, id);
  if (!c) throw notFound(`campaign ${id}`);
  const parts = (await repo.participantsOf(k, [id])).get(id)!;
  assertParticipant(p, c, parts);
  const accepted = parts.filter((x) => x.status === 'accepted');
  const stores = accepted.map((x) => x.storeId);
  const from = c.startsAt;
  const to = new Date(
    Math.max(Date.parse(from), Math.min(now.getTime(), Date.parse(c.endsAt))),
  ).toISOString();
  const [d1, d2] = [businessDay(from, timeZone), businessDay(to, timeZone)];
  const offers = c.pricing.offerId ? [c.pricing.offerId] : [];
  const templates = [c.pricing.templateId, c.pricing.fanTemplateId].filter((x): x is string => !!x);
  const inWindow = sql`o.paid_at >= ${from}::timestamptz AND o.paid_at < ${to}::timestamptz AND o.status <> 'cancelled'`;
  const evWindow = sql`e.day BETWEEN ${d1}::date AND ${d2}::date AND e.occurred_at >= ${from}::timestamptz
    AND e.occurred_at < ${to}::timestamptz AND e.store_id = ANY(${stores}::text[]) AND e.product_id IS NOT NULL`;

  const [sales, totalsSales, discount, redeemed, issued, traffic, totalTraffic, daily] = await Promise.all([
    sql<{ store_id: string; gmv: number; orders: number; buyers: number }>`SELECT o.store_id,
        sum(o.pay_amount)::bigint AS gmv, count(*)::int AS orders, count(DISTINCT o.consumer_id)::int AS buyers
      FROM orders o WHERE o.store_id = ANY(${stores}::text[]) AND ${inWindow} GROUP BY o.store_id`.execute(k),
    sql<{ buyers: number }>`SELECT count(DISTINCT o.consumer_id)::int AS buyers FROM orders o
      WHERE o.store_id = ANY(${stores}::text[]) AND ${inWindow}`.execute(k),
    sql<{ store_id: string; amount: number }>`SELECT a.store_id, sum(a.amount)::bigint AS amount
      FROM pricing_allocations a JOIN pricing_order_snapshots s ON s.order_id = a.order_id AND s.status = 'paid'
      WHERE (a.source_type = 'offer' AND a.source_id = ANY(${offers}::text[]))
         OR (a.source_type = 'coupon' AND a.template_id = ANY(${templates}::text[]))
      GROUP BY a.store_id`.execute(k),
    sql<{ store_id: string; n: number }>`SELECT o.store_id, count(*)::int AS n FROM pricing_coupons pc
      JOIN orders o ON o.id = pc.order_id WHERE pc.template_id = ANY(${templates}::text[]) AND pc.status = 'redeemed'
      GROUP BY o.store_id`.execute(k),
    sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pricing_coupons WHERE template_id = ANY(${templates}::text[])`.execute(
      k,
    ),
    sql<{ store_id: string; visitors: number; exposures: number }>`SELECT e.store_id,
        count(DISTINCT e.user_id) FILTER (WHERE e.type <> 'exposure')::int AS visitors,
        count(*) FILTER (WHERE e.type = 'exposure')::int AS exposures
      FROM events e WHERE ${evWindow} GROUP BY e.store_id`.execute(k),
    sql<{ visitors: number }>`SELECT count(DISTINCT e.user_id)::int AS visitors FROM events e
      WHERE ${evWindow} AND e.type <> 'exposure'`.execute(k),
    sql<{
      day: string;
      gmv: number;
      orders: number;
    }>`SELECT o.paid_day::text AS day, sum(o.pay_amount)::bigint AS gmv,
        count(*)::int AS orders FROM orders o WHERE o.store_id = ANY(${stores}::text[]) AND ${inWindow}
      GROUP BY o.paid_day ORDER BY o.paid_day`.execute(k),
  ]);
  const rows = new Map(accepted.map((x) => [x.storeId, empty()]));
  for (const r of sales.rows)
    Object.assign(rows.get(r.store_id)!, { gmv: Number(r.gmv), orders: r.orders, buyers: r.buyers });
  for (const r of discount.rows) if (rows.has(r.store_id)) rows.get(r.store_id)!.discount = Number(r.amount);
  for (const r of redeemed.rows) if (rows.has(r.store_id)) rows.get(r.store_id)!.couponsRedeemed = r.n;
  for (const r of traffic.rows)
    Object.assign(rows.get(r.store_id)!, { visitors: r.visitors, exposures: r.exposures });
  const totals = empty();
  for (const r of rows.values()) {
    r.conversionBp = conversion(r);
    for (const f of ['gmv', 'orders', 'discount', 'couponsRedeemed', 'exposures'] as const) totals[f] += r[f];
  }
  // Buyers and visitors are distinct across stores, not summed; coupons are claimed campaign-wide.
  totals.buyers = totalsSales.rows[0]?.buyers ?? 0;
  totals.visitors = totalTraffic.rows[0]?.visitors ?? 0;
  totals.couponsIssued = issued.rows[0]?.n ?? 0;
  totals.conversionBp = conversion(totals);
  return {
    campaignId: id,
    from,
    to,
    totals,
    participants: accepted.map((x) => ({
      storeId: x.storeId,
      storeName: x.storeName,
      merchantId: x.merchantId,
      ...rows.get(x.storeId)!,
    })),
    daily: daily.rows.map((r) => ({ day: r.day, gmv: Number(r.gmv), orders: r.orders })),
  };
}
