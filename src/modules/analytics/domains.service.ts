import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { dayRange } from '../../core/time.ts';
import { ratio } from './domain/ratios.ts';
import { DOMAINS, type Domain, domainOf, sourceOf, type Source } from './domain/sources.ts';
import type { DayRange } from './http.ts';
import type { AllDomain } from './types.ts';

interface PaidOrder {
  consumer_id: string;
  paid_at: Date;
  scene: string;
  channel: string;
  pay_amount: string;
}

/**
 * How one domain feeds another: per buyer, the domain of the first order of the range and of every later one.
 * Pure over the range's paid orders (sorted by buyer then time).
 */
export function domainFlows(
  orders: readonly { buyer: string; domain: Domain; gmv: number }[],
): AllDomain['flows'] {
  const cells = new Map<string, { buyers: Set<string>; gmv: number }>();
  let buyer = '';
  let first: Domain | null = null;
  for (const o of orders) {
    if (o.buyer !== buyer) {
      buyer = o.buyer;
      first = o.domain;
      continue;
    }
    const key = `${first}>${o.domain}`;
    const c = cells.get(key) ?? { buyers: new Set<string>(), gmv: 0 };
    cells.set(key, c);
    c.buyers.add(buyer);
    c.gmv += o.gmv;
  }
  const flows: AllDomain['flows'] = [];
  for (const from of DOMAINS)
    for (const to of DOMAINS) {
      const c = cells.get(`${from}>${to}`);
      if (c) flows.push({ from, to, buyers: c.buyers.size, gmv: c.gmv });
    }
  return flows;
}

/**
 * The all-domain (全域) view of a merchant: self-stream vs distribution vs shelf GMV by day from the source rollups,
 * new buyers per domain and the flows between domains from the range's paid orders, follows by domain.
 */
export async function allDomain(
  db: Db,
  merchantId: string,
  stores: string[],
  r: DayRange,
): Promise<AllDomain> {
  const src = await sql<{
    day: string;
    source: Source;
    gmv: string;
    orders: number;
    buyers: number;
    follows: number;
  }>`
    SELECT day::text AS day, source, sum(gmv)::bigint AS gmv, sum(orders)::int AS orders, sum(buyers)::int AS buyers,
      sum(follows)::int AS follows
    FROM an_source_day WHERE store_id = ANY(${stores}::text[]) AND day BETWEEN ${r.from}::date AND ${r.to}::date
    GROUP BY day, source`.execute(db);
  const dom = new Map<
    Domain,
    { gmv: number; orders: number; buyers: number; newBuyers: number; follows: number }
  >(DOMAINS.map((d) => [d, { gmv: 0, orders: 0, buyers: 0, newBuyers: 0, follows: 0 }]));
  const daily = new Map<string, number>();
  for (const x of src.rows) {
    const d = domainOf(x.source);
    const a = dom.get(d)!;
    a.gmv += Number(x.gmv);
    a.orders += x.orders;
    a.buyers += x.buyers;
    a.follows += x.follows;
    daily.set(`${x.day}|${d}`, (daily.get(`${x.day}|${d}`) ?? 0) + Number(x.gmv));
  }
  // Paid orders of the range (index orders_merchant_paid_day) and which buyers had ordered before it.
  const o = await sql<PaidOrder & { before: boolean }>`WITH cur AS (
      SELECT consumer_id, paid_at, scene, channel, pay_amount FROM orders
      WHERE merchant_id = ${merchantId} AND paid_day BETWEEN ${r.from}::date AND ${r.to}::date
        AND store_id = ANY(${stores}::text[])
    ), old AS (
      SELECT DISTINCT consumer_id FROM orders WHERE merchant_id = ${merchantId} AND paid_day < ${r.from}::date
        AND store_id = ANY(${stores}::text[]) AND consumer_id IN (SELECT consumer_id FROM cur)
    )
    SELECT cur.*, old.consumer_id IS NOT NULL AS before FROM cur LEFT JOIN old USING (consumer_id)
    ORDER BY cur.consumer_id, cur.paid_at`.execute(db);
  const seq = o.rows.map((x) => ({
    buyer: x.consumer_id,
    domain: domainOf(sourceOf(x.scene, x.channel)),
    gmv: Number(x.pay_amount),
    before: x.before,
  }));
  let last = '';
  for (const x of seq) {
    if (x.buyer === last) continue;
    last = x.buyer;
    if (!x.before) dom.get(x.domain)!.newBuyers++;
  }
  const gmv = [...dom.values()].reduce((s, x) => s + x.gmv, 0);
  return {
    merchantId,
    from: r.from,
    to: r.to,
    domains: DOMAINS.map((d) => {
      const a = dom.get(d)!;
      return {
        domain: d,
        gmv: a.gmv,
        share: ratio(a.gmv, gmv),
        orders: a.orders,
        buyers: a.buyers,
        newBuyers: a.newBuyers,
      };
    }),
    daily: dayRange(r.from, r.to).flatMap((day) =>
      DOMAINS.map((d) => ({ day, domain: d, gmv: daily.get(`${day}|${d}`) ?? 0 })),
    ),
    flows: domainFlows(seq),
    followsByDomain: DOMAINS.map((d) => ({ domain: d, follows: dom.get(d)!.follows })),
  };
}
