import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import { businessDay, dayRange, dayStart, iso, shiftDay } from '../../core/time.ts';
import { type DayRange, previousRange } from './http.ts';
import { ratio } from './domain/ratios.ts';
import { domainOf, SOURCES, type Source } from './domain/sources.ts';
import type {
  Funnel,
  Kpis,
  Overview,
  Peers,
  ProductRanking,
  Realtime,
  RealtimeKpis,
  Sources,
} from './types.ts';

/** Merchant dashboards, read from the rollups only (the raw tables are never scanned here). */

interface Sums {
  gmv: number;
  orders: number;
  buyers: number;
  visitors: number;
  units: number;
  refund_amount: number;
}
const ZERO: Sums = { gmv: 0, orders: 0, buyers: 0, visitors: 0, units: 0, refund_amount: 0 };

export function kpisOf(s: Sums): Kpis {
  return {
    gmv: s.gmv,
    orders: s.orders,
    buyers: s.buyers,
    visitors: s.visitors,
    conversion: ratio(s.buyers, s.visitors),
    aov: s.orders ? Math.round(s.gmv / s.orders) : null,
    units: s.units,
    refundAmount: s.refund_amount,
    refundRate: ratio(s.refund_amount, s.gmv),
  };
}

/** (current − previous) / previous for every numeric KPI. */
export function changeOf(cur: Kpis, prev: Kpis): Overview['change'] {
  const out: Overview['change'] = {};
  for (const k of Object.keys(cur) as (keyof Kpis)[]) {
    const a = cur[k];
    const b = prev[k];
    out[k] = a === null || b === null || b === 0 ? null : (a - b) / b;
  }
  return out;
}

/** The merchant's stores (a merchant with none is unknown: 404). */
export async function storesOf(db: Db, merchantId: string, storeId?: string): Promise<string[]> {
  const r = await sql<{
    id: string;
  }>`SELECT id FROM stores WHERE merchant_id = ${merchantId} ORDER BY id`.execute(db);
  const ids = r.rows.map((x) => x.id);
  if (!ids.length) throw notFound(`merchant ${merchantId} has no stores`);
  if (storeId === undefined) return ids;
  if (!ids.includes(storeId))
    throw notFound(`store ${storeId} is not one of merchant ${merchantId}'s stores`);
  return [storeId];
}

const SUMS = sql`coalesce(sum(gmv), 0)::bigint AS gmv, coalesce(sum(orders), 0)::int AS orders,
  coalesce(sum(buyers), 0)::int AS buyers, coalesce(sum(visitors), 0)::int AS visitors,
  coalesce(sum(units), 0)::int AS units, coalesce(sum(refund_amount), 0)::bigint AS refund_amount`;

const num = (r: Record<string, unknown>): Sums => ({
  gmv: Number(r.gmv),
  orders: Number(r.orders),
  buyers: Number(r.buyers),
  visitors: Number(r.visitors),
  units: Number(r.units),
  refund_amount: Number(r.refund_amount),
});

async function dailySums(db: Db, stores: string[], r: DayRange) {
  const q = await sql<
    Record<string, unknown> & { day: string }
  >`SELECT day::text AS day, ${SUMS} FROM an_store_day
    WHERE store_id = ANY(${stores}::text[]) AND day BETWEEN ${r.from}::date AND ${r.to}::date GROUP BY day`.execute(
    db,
  );
  const by = new Map(q.rows.map((x) => [x.day, num(x)]));
  return dayRange(r.from, r.to).map((day) => ({ day, ...(by.get(day) ?? ZERO) }));
}

const total = (rows: Sums[]): Sums =>
  rows.reduce(
    (a, b) => ({
      gmv: a.gmv + b.gmv,
      orders: a.orders + b.orders,
      buyers: a.buyers + b.buyers,
      visitors: a.visitors + b.visitors,
      units: a.units + b.units,
      refund_amount: a.refund_amount + b.refund_amount,
    }),
    ZERO,
  );

export async function overview(db: Db, merchantId: string, stores: string[], r: DayRange): Promise<Overview> {
  const prev = previousRange(r);
  const [cur, before] = await Promise.all([dailySums(db, stores, r), dailySums(db, stores, prev)]);
  const kpis = kpisOf(total(cur));
  const previous = kpisOf(total(before));
  return {
    merchantId,
    from: r.from,
    to: r.to,
    kpis,
    previous: { ...previous, from: prev.from, to: prev.to },
    change: changeOf(kpis, previous),
    daily: cur.map((d) => ({
      day: d.day,
      gmv: d.gmv,
      orders: d.orders,
      buyers: d.buyers,
      visitors: d.visitors,
      conversion: ratio(d.buyers, d.visitors),
    })),
  };
}

export async function sources(db: Db, merchantId: string, stores: string[], r: DayRange): Promise<Sources> {
  const prev = previousRange(r);
  const q = await sql<{
    day: string;
    source: Source;
    gmv: string;
    orders: number;
    buyers: number;
    visitors: number;
    exposures: number;
    clicks: number;
    views: number;
  }>`SELECT day::text AS day, source, sum(gmv)::bigint AS gmv, sum(orders)::int AS orders, sum(buyers)::int AS buyers,
      sum(visitors)::int AS visitors, sum(exposures)::int AS exposures, sum(clicks)::int AS clicks,
      sum(views)::int AS views
    FROM an_source_day WHERE store_id = ANY(${stores}::text[]) AND day BETWEEN ${prev.from}::date AND ${r.to}::date
    GROUP BY day, source`.execute(db);
  const acc = new Map<Source, Sources['rows'][number]>();
  const daily: Sources['daily'] = [];
  for (const x of q.rows) {
    let a = acc.get(x.source);
    if (!a) {
      a = {
        source: x.source,
        domain: domainOf(x.source),
        gmv: 0,
        gmvShare: null,
        orders: 0,
        buyers: 0,
        visitors: 0,
        exposures: 0,
        clicks: 0,
        views: 0,
        conversion: null,
        previousGmv: 0,
      };
      acc.set(x.source, a);
    }
    if (x.day < r.from) {
      a.previousGmv += Number(x.gmv);
      continue;
    }
    a.gmv += Number(x.gmv);
    a.orders += x.orders;
    a.buyers += x.buyers;
    a.visitors += x.visitors;
    a.exposures += x.exposures;
    a.clicks += x.clicks;
    a.views += x.views;
    daily.push({ day: x.day, source: x.source, gmv: Number(x.gmv), visitors: x.visitors });
  }
  const rows = SOURCES.flatMap((s) => (acc.has(s) ? [acc.get(s)!] : []));
  const gmv = rows.reduce((s, x) => s + x.gmv, 0);
  for (const x of rows) {
    x.gmvShare = ratio(x.gmv, gmv);
    // Buyers are counted by the order's source and visitors by the events' one: when a source brings more buyers
    // than visitors (orders from push or campaigns with few logged visits) the ratio says nothing.
    x.conversion = x.buyers > x.visitors ? null : ratio(x.buyers, x.visitors);
  }
  rows.sort((a, b) => b.gmv - a.gmv || b.visitors - a.visitors);
  daily.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.source < b.source ? -1 : 1));
  return { merchantId, from: r.from, to: r.to, rows, daily };
}

export async function funnel(db: Db, merchantId: string, stores: string[], r: DayRange): Promise<Funnel> {
  const q = await sql<{ x: number; c: number; k: number; o: number; p: number }>`SELECT
      coalesce(sum(exposure_users), 0)::int AS x, coalesce(sum(click_users), 0)::int AS c,
      coalesce(sum(cart_users), 0)::int AS k, coalesce(sum(placed_buyers), 0)::int AS o,
      coalesce(sum(buyers), 0)::int AS p
    FROM an_store_day WHERE store_id = ANY(${stores}::text[]) AND day BETWEEN ${r.from}::date AND ${r.to}::date`.execute(
    db,
  );
  const v = q.rows[0]!;
  const counts: [Funnel['steps'][number]['step'], number][] = [
    ['exposure', v.x],
    ['click', v.c],
    ['cart', v.k],
    ['order', v.o],
    ['pay', v.p],
  ];
  return {
    merchantId,
    from: r.from,
    to: r.to,
    steps: counts.map(([step, users], i) => ({
      step,
      users,
      fromPrevious: i === 0 ? null : ratio(users, counts[i - 1]![1]),
      fromFirst: i === 0 ? null : ratio(users, counts[0]![1]),
    })),
  };
}

const SORTS = {
  gmv: sql`gmv DESC`,
  units: sql`units DESC`,
  views: sql`views DESC`,
  conversion: sql`(buyers::float8 / nullif(visitors, 0)) DESC NULLS LAST`,
} as const;

export async function products(
  db: Db,
  merchantId: string,
  stores: string[],
  r: DayRange,
  sort: ProductRanking['sort'],
  limit: number,
): Promise<ProductRanking> {
  const prev = previousRange(r);
  const order = SORTS[sort];
  const q = await sql<{
    product_id: string;
    title: string;
    category_id: string;
    gmv: string;
    units: number;
    orders: number;
    buyers: number;
    views: number;
    visitors: number;
    carts: number;
    prev_rank: number | null;
  }>`WITH cur AS (
      SELECT product_id, sum(gmv)::bigint AS gmv, sum(units)::int AS units, sum(orders)::int AS orders,
        sum(buyers)::int AS buyers, sum(views)::int AS views, sum(visitors)::int AS visitors, sum(carts)::int AS carts
      FROM an_product_day WHERE store_id = ANY(${stores}::text[]) AND day BETWEEN ${r.from}::date AND ${r.to}::date
      GROUP BY product_id
    ), top AS (SELECT * FROM cur ORDER BY ${order}, product_id LIMIT ${limit}),
    before AS (
      SELECT product_id, rank() OVER (ORDER BY ${order}, product_id)::int AS prev_rank FROM (
        SELECT product_id, sum(gmv)::bigint AS gmv, sum(units)::int AS units, sum(buyers)::int AS buyers,
          sum(views)::int AS views, sum(visitors)::int AS visitors
        FROM an_product_day WHERE store_id = ANY(${stores}::text[]) AND day BETWEEN ${prev.from}::date AND ${prev.to}::date
        GROUP BY product_id) x
    )
    SELECT top.*, p.title, p.category_id, before.prev_rank FROM top JOIN products p ON p.id = top.product_id
    LEFT JOIN before ON before.product_id = top.product_id
    ORDER BY ${order}, top.product_id`.execute(db);
  return {
    merchantId,
    from: r.from,
    to: r.to,
    sort,
    rows: q.rows.map((x, i) => ({
      rank: i + 1,
      previousRank: x.prev_rank,
      productId: x.product_id,
      title: x.title,
      categoryId: x.category_id,
      gmv: Number(x.gmv),
      units: x.units,
      orders: x.orders,
      buyers: x.buyers,
      views: x.views,
      visitors: x.visitors,
      carts: x.carts,
      conversion: ratio(x.buyers, x.visitors),
    })),
  };
}

/** Share of values below v, ties counted half (mid-rank percentile, 0..1). */
export function percentileOf(v: number, values: readonly number[]): number | null {
  if (!values.length) return null;
  let below = 0;
  let equal = 0;
  for (const x of values) {
    if (x < v) below++;
    else if (x === v) equal++;
  }
  return (below + equal / 2) / values.length;
}

/** The q-quantile (0..1) of sorted values, by linear interpolation. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Where the merchant stands among the stores of its main category (the category of its best-selling store):
 * percentiles of GMV, orders, visitors, conversion and order value, without naming or listing any peer.
 */
export async function peers(db: Db, merchantId: string, stores: string[], r: DayRange): Promise<Peers> {
  const main = await sql<{ category_id: string | null; name: string | null; name_zh: string | null }>`
    SELECT s.main_category_id AS category_id, c.name, c.name_zh FROM stores s
    LEFT JOIN categories c ON c.id = s.main_category_id
    LEFT JOIN (SELECT store_id, sum(gmv) AS gmv FROM an_store_day WHERE store_id = ANY(${stores}::text[])
      AND day BETWEEN ${r.from}::date AND ${r.to}::date GROUP BY store_id) g ON g.store_id = s.id
    WHERE s.id = ANY(${stores}::text[]) ORDER BY g.gmv DESC NULLS LAST, s.id LIMIT 1`.execute(db);
  const cat = main.rows[0]!;
  const base = {
    merchantId,
    from: r.from,
    to: r.to,
    categoryId: cat.category_id,
    categoryName: cat.name,
    categoryNameZh: cat.name_zh,
  };
  const METRICS = ['gmv', 'orders', 'visitors', 'conversion', 'aov'] as const;
  if (!cat.category_id)
    return {
      ...base,
      peers: 0,
      metrics: METRICS.map((metric) => ({ metric, value: null, percentile: null, p50: null, p90: null })),
    };
  const q = await sql<{ merchant_id: string; gmv: string; orders: number; buyers: number; visitors: number }>`
    SELECT merchant_id, sum(gmv)::bigint AS gmv, sum(orders)::int AS orders, sum(buyers)::int AS buyers,
      sum(visitors)::int AS visitors
    FROM an_store_day WHERE category_id = ${cat.category_id} AND day BETWEEN ${r.from}::date AND ${r.to}::date
    GROUP BY merchant_id`.execute(db);
  const metricOf = (x: { gmv: string; orders: number; buyers: number; visitors: number }) => ({
    gmv: Number(x.gmv),
    orders: x.orders,
    visitors: x.visitors,
    conversion: ratio(x.buyers, x.visitors),
    aov: x.orders ? Number(x.gmv) / x.orders : null,
  });
  const own = q.rows.find((x) => x.merchant_id === merchantId);
  const mine = metricOf(own ?? { gmv: '0', orders: 0, buyers: 0, visitors: 0 });
  const others = q.rows.filter((x) => x.merchant_id !== merchantId).map(metricOf);
  return {
    ...base,
    peers: others.length,
    metrics: METRICS.map((metric) => {
      const values = others
        .map((o) => o[metric])
        .filter((v): v is number => v !== null)
        .sort((a, b) => a - b);
      const value = mine[metric];
      return {
        metric,
        value,
        percentile: value === null ? null : percentileOf(value, values),
        p50: quantile(values, 0.5),
        p90: quantile(values, 0.9),
      };
    }),
  };
}

/**
 * Today's indices from the rows the speed layer keeps fresh, with yesterday up to the same time of day for
 * comparison; minute rows give the cumulative GMV curve of both days.
 */
export async function realtime(
  db: Db,
  merchantId: string,
  stores: string[],
  timeZone: string,
  freshness: { lastFlushAt: Date | null; lagMs: number },
): Promise<Realtime> {
  const now = Date.now();
  const day = businessDay(now, timeZone);
  const t0 = dayStart(day, timeZone);
  const y0 = dayStart(shiftDay(day, -1), timeZone);
  const cut = new Date(now - (t0.getTime() - y0.getTime()));
  const q = await sql<{ minute: Date; gmv: string; orders: number; views: number; nb: number; nv: number }>`
    SELECT minute, sum(gmv)::bigint AS gmv, sum(orders)::int AS orders, sum(views)::int AS views,
      sum(new_buyers)::int AS nb, sum(new_visitors)::int AS nv
    FROM an_store_minute WHERE store_id = ANY(${stores}::text[]) AND minute >= ${y0} AND minute < ${new Date(now + 60_000)}
    GROUP BY minute ORDER BY minute`.execute(db);
  const y = { gmv: 0, orders: 0, buyers: 0, visitors: 0 };
  const t = { gmv: 0, orders: 0, buyers: 0, visitors: 0 };
  const yCum: { at: number; cum: number }[] = [];
  const minutes: Realtime['minutes'] = [];
  for (const x of q.rows) {
    const at = new Date(x.minute).getTime();
    const gmv = Number(x.gmv);
    if (at < t0.getTime()) {
      yCum.push({ at: at + (t0.getTime() - y0.getTime()), cum: (yCum.at(-1)?.cum ?? 0) + gmv });
      if (at <= cut.getTime()) {
        y.gmv += gmv;
        y.orders += x.orders;
        y.buyers += x.nb;
        y.visitors += x.nv;
      }
      continue;
    }
    t.gmv += gmv;
    t.orders += x.orders;
    t.buyers += x.nb;
    t.visitors += x.nv;
    minutes.push({
      minute: iso(x.minute)!,
      gmv,
      orders: x.orders,
      views: x.views,
      cumGmv: t.gmv,
      yesterdayCumGmv: 0,
    });
  }
  // Yesterday's cumulative GMV at each of today's minutes (the last yesterday minute at or before it).
  let j = -1;
  for (const m of minutes) {
    const at = Date.parse(m.minute);
    while (j + 1 < yCum.length && yCum[j + 1]!.at <= at) j++;
    m.yesterdayCumGmv = j >= 0 ? yCum[j]!.cum : 0;
  }
  const kp = (s: typeof t): RealtimeKpis => {
    const { gmv, orders, buyers, visitors, conversion, aov } = kpisOf({ ...s, units: 0, refund_amount: 0 });
    return { gmv, orders, buyers, visitors, conversion, aov };
  };
  return {
    merchantId,
    day,
    asOf: new Date(now).toISOString(),
    freshnessMs: freshness.lastFlushAt ? freshness.lagMs : 0,
    today: kp(t),
    yesterdaySameTime: kp(y),
    minutes,
  };
}
