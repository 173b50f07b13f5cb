import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { dayRange } from '../../core/time.ts';
import { kpisOf } from './dashboards.service.ts';
import { ratio } from './domain/ratios.ts';
import { SOURCES, type Source } from './domain/sources.ts';
import { type DayRange, previousRange } from './http.ts';
import type { Health } from './types.ts';

async function kpis(db: Db, r: DayRange): Promise<Health['kpis']> {
  const s = await sql<{
    gmv: string;
    orders: number;
    buyers: number;
    visitors: number;
    units: number;
    refund_amount: string;
  }>`SELECT coalesce(sum(gmv), 0)::bigint AS gmv, coalesce(sum(orders), 0)::int AS orders,
      coalesce(sum(buyers), 0)::int AS buyers, coalesce(sum(visitors), 0)::int AS visitors,
      coalesce(sum(units), 0)::int AS units, coalesce(sum(refund_amount), 0)::bigint AS refund_amount
    FROM an_market_total_day WHERE day BETWEEN ${r.from}::date AND ${r.to}::date`.execute(db);
  // Distinct over the range (a store selling on two days is one active store): the selling rows grouped by store
  // (hashed, index-only), then merchants among those stores; count(DISTINCT) over every row would sort them all.
  const active = await sql<{ merchants: number; stores: number }>`
    SELECT count(DISTINCT merchant_id)::int AS merchants, count(*)::int AS stores FROM (
      SELECT store_id, min(merchant_id) AS merchant_id FROM an_store_day
      WHERE day BETWEEN ${r.from}::date AND ${r.to}::date AND orders > 0 GROUP BY store_id) s`.execute(db);
  const src = await sql<{
    source: Source;
    gmv: string;
  }>`SELECT source, sum(gmv)::bigint AS gmv FROM an_market_day
    WHERE day BETWEEN ${r.from}::date AND ${r.to}::date GROUP BY source`.execute(db);
  const live = await sql<{ n: number }>`SELECT count(DISTINCT l.store_id)::int AS n FROM live_sessions l
    WHERE l.started_at >= ${r.from}::date - 1 AND l.started_at < ${r.to}::date + 2
      AND EXISTS (SELECT 1 FROM an_store_day d WHERE d.store_id = l.store_id
        AND d.day BETWEEN ${r.from}::date AND ${r.to}::date AND d.orders > 0)`.execute(db);
  const x = s.rows[0]!;
  const by = new Map(src.rows.map((y) => [y.source, Number(y.gmv)]));
  const gmv = Number(x.gmv);
  return {
    ...kpisOf({ ...x, gmv, refund_amount: Number(x.refund_amount) }),
    activeMerchants: active.rows[0]!.merchants,
    activeStores: active.rows[0]!.stores,
    livePenetration: ratio(live.rows[0]!.n, active.rows[0]!.stores),
    liveGmvShare: ratio(by.get('live') ?? 0, gmv),
    distributionShare: ratio((by.get('creator') ?? 0) + (by.get('promoter') ?? 0), gmv),
  };
}

/** Marketplace health for operators, from the marketplace, store-activity and category rollups. */
export async function health(db: Db, r: DayRange): Promise<Health> {
  const prev = previousRange(r);
  const [cur, before] = await Promise.all([kpis(db, r), kpis(db, prev)]);
  const days = await sql<{
    day: string;
    source: Source;
    gmv: string;
    orders: number;
  }>`SELECT day::text AS day, source,
      gmv, orders FROM an_market_day WHERE day BETWEEN ${r.from}::date AND ${r.to}::date`.execute(db);
  const refunds = await sql<{
    day: string;
    amount: string;
  }>`SELECT day::text AS day, refund_amount AS amount
    FROM an_market_total_day WHERE day BETWEEN ${r.from}::date AND ${r.to}::date`.execute(db);
  const daily = new Map(
    dayRange(r.from, r.to).map((day) => [
      day,
      { day, gmv: 0, orders: 0, liveGmv: 0, distributionGmv: 0, refundAmount: 0 },
    ]),
  );
  const bySource = new Map<Source, number>();
  for (const x of days.rows) {
    const d = daily.get(x.day)!;
    const g = Number(x.gmv);
    d.gmv += g;
    d.orders += x.orders;
    if (x.source === 'live') d.liveGmv += g;
    if (x.source === 'creator' || x.source === 'promoter') d.distributionGmv += g;
    bySource.set(x.source, (bySource.get(x.source) ?? 0) + g);
  }
  for (const x of refunds.rows) daily.get(x.day)!.refundAmount = Number(x.amount);
  const cats = await sql<{ id: string; name: string; name_zh: string | null; gmv: string; prev: string }>`
    WITH RECURSIVE up AS (
      SELECT id, id AS l1 FROM categories WHERE level = 1
      UNION ALL SELECT c.id, up.l1 FROM categories c JOIN up ON c.parent_id = up.id
    )
    SELECT l1.id, l1.name, l1.name_zh,
      coalesce(sum(d.gmv) FILTER (WHERE d.day >= ${r.from}::date), 0)::bigint AS gmv,
      coalesce(sum(d.gmv) FILTER (WHERE d.day < ${r.from}::date), 0)::bigint AS prev
    FROM an_category_day d JOIN up ON up.id = d.category_id JOIN categories l1 ON l1.id = up.l1
    WHERE d.day BETWEEN ${prev.from}::date AND ${r.to}::date
    GROUP BY l1.id, l1.name, l1.name_zh ORDER BY gmv DESC, l1.id`.execute(db);
  const catTotal = cats.rows.reduce((s, x) => s + Number(x.gmv), 0);
  const total = [...bySource.values()].reduce((s, g) => s + g, 0);
  return {
    from: r.from,
    to: r.to,
    kpis: cur,
    previous: before,
    daily: [...daily.values()],
    bySource: SOURCES.filter((s) => bySource.has(s))
      .map((source) => ({ source, gmv: bySource.get(source)!, share: ratio(bySource.get(source)!, total) }))
      .sort((a, b) => b.gmv - a.gmv),
    byCategory: cats.rows.map((x) => ({
      categoryId: x.id,
      name: x.name,
      nameZh: x.name_zh,
      gmv: Number(x.gmv),
      share: ratio(Number(x.gmv), catTotal),
      growth: Number(x.prev) ? (Number(x.gmv) - Number(x.prev)) / Number(x.prev) : null,
    })),
  };
}
