import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { dayRange } from '../../core/time.ts';
import { ratio } from './domain/ratios.ts';
import { DOMAINS, type Domain, domainOf, type Source } from './domain/sources.ts';
import type { DayRange } from './http.ts';
import type { AllDomain } from './types.ts';

/**
 * The all-domain (全域) view of a merchant: self-stream vs distribution vs shelf GMV by day and follows by domain
 * from the source rollups; new buyers per domain and the flows between domains from the flow rollups.
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
  // First orders (from 'new') give the new buyers of each domain; the rest are repeat orders by previous domain.
  const fl = await sql<{
    from_domain: Domain | 'new';
    to_domain: Domain;
    orders: number;
    buyers: number;
    gmv: string;
  }>`
    SELECT from_domain, to_domain, sum(orders)::int AS orders, sum(buyers)::int AS buyers, sum(gmv)::bigint AS gmv
    FROM an_domain_flow_day WHERE store_id = ANY(${stores}::text[]) AND day BETWEEN ${r.from}::date AND ${r.to}::date
    GROUP BY 1, 2`.execute(db);
  const flows: AllDomain['flows'] = [];
  for (const x of fl.rows) {
    if (x.from_domain === 'new') dom.get(x.to_domain)!.newBuyers += x.buyers;
    else flows.push({ from: x.from_domain, to: x.to_domain, orders: x.orders, gmv: Number(x.gmv) });
  }
  const order = (d: Domain) => DOMAINS.indexOf(d);
  flows.sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to));
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
    flows,
    followsByDomain: DOMAINS.map((d) => ({ domain: d, follows: dom.get(d)!.follows })),
  };
}
