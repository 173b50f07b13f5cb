import { sql } from 'kysely';
import { isOperator, type Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import { dayStart, shiftDay } from '../../core/time.ts';
import {
  bandScore,
  demandPerProduct,
  demandScore,
  FIT_WEIGHT,
  growth,
  MIN_BAND_UNITS,
  MIN_SEARCHES,
  MIN_TREND_UNITS,
  median,
  priceBands,
  publicFigure,
  rate,
  trendScore,
} from './domain/opportunities.ts';
import { type DayRange, previousRange } from './http.ts';
import type { Evidence, MarketOpportunities, MerchantOpportunities } from './types.ts';

/**
 * The opportunity center. `rebuildOpportunityData` turns raw searches, clicks and paid lines into per-day tables
 * (migration 1030); the reads combine them with the rollups (an_category_day, an_product_day) and live supply
 * (listed products, stores, SKU prices), and score as documented in domain/opportunities.ts.
 */

/** A search's clicks count when the same user clicks (scene 'search') within this long, before searching again. */
export const SEARCH_CLICK_WINDOW_MINUTES = 30;
/** Days per rebuild transaction: bounds the sort of a long range. */
const REBUILD_CHUNK_DAYS = 7;
/** Queries scored per read (the most searched of the range); the median bases are over these. */
const QUERY_CANDIDATES = 5000;
/** Categories whose price bands the market view computes (the most sold of the range). */
const BAND_CATEGORIES = 50;

/**
 * Recomputes an_query_day, an_query_category_day and an_category_price_day for the day range (idempotent: the
 * range's rows are replaced), in chunks of a week, each one transaction and one pass over the events of its days
 * plus the next (a search late in the evening keeps its clicks after midnight). Called by the daily rollup batch.
 */
export async function rebuildOpportunityData(
  db: Db,
  o: { from: string; to: string },
): Promise<{ days: number; ms: number }> {
  const t0 = performance.now();
  let days = 0;
  for (let from = o.from; from <= o.to; from = shiftDay(from, REBUILD_CHUNK_DAYS)) {
    const end = shiftDay(from, REBUILD_CHUNK_DAYS - 1);
    const to = end < o.to ? end : o.to;
    await db.transaction().execute(async (trx) => {
      await rebuildChunk(trx, from, to);
    });
    days += Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  }
  return { days, ms: Math.round(performance.now() - t0) };
}

async function rebuildChunk(db: Db, from: string, to: string) {
  for (const t of ['an_query_day', 'an_query_category_day', 'an_category_price_day'])
    await sql`DELETE FROM ${sql.table(t)} WHERE day BETWEEN ${from}::date AND ${to}::date`.execute(db);
  const next = shiftDay(to, 1);
  // Sorts and hashes of a week of searches stay in memory (the default work_mem spills them to disk).
  await sql`SET LOCAL work_mem = '256MB'`.execute(db);
  // One sort of the searches and search clicks per user: a running count of searches numbers each search's
  // session (its later clicks share the number), the running max of search times dates the session. The click
  // counts per search are a grouping of those rows; where the clicks landed, one join of clicks to searches.
  await sql`WITH ev AS MATERIALIZED (
      SELECT user_id, occurred_at, day, type, product_id,
        CASE WHEN type = 'search' THEN lower(btrim(regexp_replace(query, '\\s+', ' ', 'g'))) END AS q,
        count(*) FILTER (WHERE type = 'search') OVER w AS grp,
        max(occurred_at) FILTER (WHERE type = 'search') OVER w AS searched_at
      FROM events
      WHERE day BETWEEN ${from}::date AND ${next}::date AND user_id IS NOT NULL
        AND ((type = 'search' AND query IS NOT NULL AND btrim(query) <> '')
          OR (type = 'click' AND scene = 'search' AND product_id IS NOT NULL))
      WINDOW w AS (PARTITION BY user_id ORDER BY occurred_at, type = 'search' DESC, id
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ), per AS (
      SELECT user_id, min(day) FILTER (WHERE type = 'search') AS day, min(q) AS q,
        count(*) FILTER (WHERE type = 'click'
          AND occurred_at <= searched_at + make_interval(mins => ${SEARCH_CLICK_WINDOW_MINUTES}))::int AS clicks
      FROM ev WHERE grp > 0 GROUP BY user_id, grp
    ), qd AS (
      INSERT INTO an_query_day (query, day, searches, users, clicks, clicked_searches)
      SELECT q, day, count(*), count(DISTINCT user_id), sum(clicks), count(*) FILTER (WHERE clicks > 0)
      FROM per WHERE day <= ${to}::date GROUP BY q, day
      RETURNING 1
    )
    INSERT INTO an_query_category_day (query, day, category_id, clicks)
    SELECT c.sq, c.sday, p.category_id, count(*)
    FROM (
      -- Each click with its session's search (the session's first row): a window, not a self-join of the CTE,
      -- which the planner can only nest-loop.
      SELECT type, product_id, occurred_at, searched_at,
        first_value(q) OVER s AS sq, first_value(day) OVER s AS sday
      FROM ev WHERE grp > 0
      WINDOW s AS (PARTITION BY user_id, grp ORDER BY occurred_at, type = 'search' DESC)
    ) c
    JOIN products p ON p.id = c.product_id
    WHERE c.type = 'click' AND c.sday <= ${to}::date
      AND c.occurred_at <= c.searched_at + make_interval(mins => ${SEARCH_CLICK_WINDOW_MINUTES})
    GROUP BY c.sq, c.sday, p.category_id`.execute(db);
  await sql`INSERT INTO an_category_price_day (category_id, day, unit_price, units)
    SELECT l.category_id, o.paid_day, l.unit_price, sum(l.quantity)
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.paid_day BETWEEN ${from}::date AND ${to}::date
    GROUP BY l.category_id, o.paid_day, l.unit_price`.execute(db);
}

// ---- reads ----

interface CategoryFacts {
  categoryId: string;
  name: string;
  nameZh: string | null;
  parentId: string | null;
  l1Name: string;
  l1NameZh: string | null;
  searches: number;
  prevSearches: number;
  units: number;
  prevUnits: number;
  orders: number;
  visitors: number;
  products: number;
  /** listed in the range (and still listed) */
  newProducts: number;
  stores: number;
}

type CategoryOpp = MarketOpportunities['categories'][number];
type QueryOpp = MarketOpportunities['queries'][number];
type BandOpp = MarketOpportunities['priceBands'][number];
type TrendOpp = MarketOpportunities['trending'][number] & { merchantId: string; prevUnits: number };

const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);
const num = (x: unknown) => Number(x ?? 0);
const ev = (key: string, value: number, basis?: number | null): Evidence =>
  basis === undefined ? { key, value: r4(value)! } : { key, value: r4(value)!, basis: r4(basis) };

interface Window {
  cur: DayRange;
  prev: DayRange;
  /** products listed before the end of the range are its supply */
  supplyBefore: Date;
  /** those listed from here on are the range's new listings */
  supplyFrom: Date;
}

const windowOf = (range: DayRange, timeZone: string): Window => ({
  cur: range,
  prev: previousRange(range),
  supplyBefore: dayStart(shiftDay(range.to, 1), timeZone),
  supplyFrom: dayStart(range.from, timeZone),
});

/** Listed products and their stores per level-3 category (all, or the given ones). */
async function supply(db: Db, w: Window, cats: string[] | null) {
  const r = await sql<{ category_id: string; products: number; new_products: number; stores: number }>`
    SELECT category_id, count(*)::int AS products, count(DISTINCT store_id)::int AS stores,
      count(*) FILTER (WHERE listed_at >= ${w.supplyFrom})::int AS new_products
    FROM products WHERE status = 'listed' AND listed_at < ${w.supplyBefore}
      ${cats ? sql`AND category_id = ANY(${cats}::text[])` : sql``}
    GROUP BY category_id`.execute(db);
  return new Map(r.rows.map((x) => [x.category_id, x]));
}

async function categoryFacts(db: Db, w: Window): Promise<CategoryFacts[]> {
  const { cur, prev } = w;
  const [names, searches, sales, sup] = await Promise.all([
    sql<{
      id: string;
      name: string;
      name_zh: string | null;
      parent_id: string | null;
      l1_name: string;
      l1_name_zh: string | null;
    }>`
      SELECT c.id, c.name, c.name_zh, c.parent_id, coalesce(g.name, p.name, c.name) AS l1_name,
        CASE WHEN g.id IS NOT NULL THEN g.name_zh WHEN p.id IS NOT NULL THEN p.name_zh ELSE c.name_zh END AS l1_name_zh
      FROM categories c LEFT JOIN categories p ON p.id = c.parent_id LEFT JOIN categories g ON g.id = p.parent_id
      WHERE c.level = 3`.execute(db),
    // A query's searches go to categories by the shares of its clicks over both periods (a steadier mapping
    // than either period alone, and the same for both, so growth is growth of searches, not of the mapping).
    sql<{ category_id: string; cur: number; prev: number }>`
      WITH qd AS (
        SELECT query, sum(searches) FILTER (WHERE day >= ${cur.from}::date)::float8 AS cur,
          sum(searches) FILTER (WHERE day < ${cur.from}::date)::float8 AS prev
        FROM an_query_day WHERE day BETWEEN ${prev.from}::date AND ${cur.to}::date GROUP BY query
      ), qc AS (
        SELECT query, category_id, sum(clicks)::float8 / sum(sum(clicks)) OVER (PARTITION BY query) AS share
        FROM an_query_category_day WHERE day BETWEEN ${prev.from}::date AND ${cur.to}::date
        GROUP BY query, category_id
      )
      SELECT qc.category_id, sum(coalesce(qd.cur, 0) * qc.share) AS cur, sum(coalesce(qd.prev, 0) * qc.share) AS prev
      FROM qc JOIN qd ON qd.query = qc.query GROUP BY qc.category_id`.execute(db),
    sql<{ category_id: string; units: number; prev_units: number; orders: number; visitors: number }>`
      SELECT category_id,
        coalesce(sum(units) FILTER (WHERE day >= ${cur.from}::date), 0)::int AS units,
        coalesce(sum(units) FILTER (WHERE day < ${cur.from}::date), 0)::int AS prev_units,
        coalesce(sum(orders) FILTER (WHERE day >= ${cur.from}::date), 0)::int AS orders,
        coalesce(sum(visitors) FILTER (WHERE day >= ${cur.from}::date), 0)::int AS visitors
      FROM an_category_day WHERE day BETWEEN ${prev.from}::date AND ${cur.to}::date GROUP BY category_id`.execute(
      db,
    ),
    supply(db, w, null),
  ]);
  const s = new Map(searches.rows.map((x) => [x.category_id, x]));
  const d = new Map(sales.rows.map((x) => [x.category_id, x]));
  return names.rows.map((c) => ({
    categoryId: c.id,
    name: c.name,
    nameZh: c.name_zh,
    parentId: c.parent_id,
    l1Name: c.l1_name,
    l1NameZh: c.l1_name_zh,
    searches: num(s.get(c.id)?.cur),
    prevSearches: num(s.get(c.id)?.prev),
    units: num(d.get(c.id)?.units),
    prevUnits: num(d.get(c.id)?.prev_units),
    orders: num(d.get(c.id)?.orders),
    visitors: num(d.get(c.id)?.visitors),
    products: num(sup.get(c.id)?.products),
    newProducts: num(sup.get(c.id)?.new_products),
    stores: num(sup.get(c.id)?.stores),
  }));
}

/** Every level-3 category with enough searches, scored, best first. */
function scoreCategories(facts: CategoryFacts[]): CategoryOpp[] {
  const searched = facts.filter((f) => f.searches > 0);
  const medDpp = median(searched.map((f) => demandPerProduct(f.searches, f.products)));
  const medConv = median(facts.map((f) => rate(f.orders, f.visitors)));
  const medGrowth = median(searched.map((f) => growth(f.searches, f.prevSearches)));
  return facts
    .filter((f) => f.searches >= MIN_SEARCHES)
    .map((f) => {
      const dpp = demandPerProduct(f.searches, f.products);
      const conversion = rate(f.orders, f.visitors);
      const searchGrowth = growth(f.searches, f.prevSearches);
      const evidence: Evidence[] = [ev('searches', f.searches, f.prevSearches)];
      if (searchGrowth !== null) evidence.push(ev('search_growth', searchGrowth, medGrowth));
      evidence.push(ev('demand_per_product', dpp, medDpp));
      evidence.push(ev('listed_products', f.products), ev('stores', f.stores));
      // Supply growth beside search growth: demand rising faster than listings is the opening.
      const supplyGrowth = growth(f.products, f.products - f.newProducts);
      if (supplyGrowth !== null) evidence.push(ev('supply_growth', supplyGrowth, null));
      if (conversion !== null) evidence.push(ev('conversion', conversion, medConv));
      evidence.push(ev('paid_units', f.units, f.prevUnits));
      const ug = growth(f.units, f.prevUnits);
      if (ug !== null) evidence.push(ev('units_growth', ug, null));
      return {
        categoryId: f.categoryId,
        name: f.name,
        nameZh: f.nameZh,
        l1Name: f.l1Name,
        l1NameZh: f.l1NameZh,
        demandGrowth: r4(ug),
        searches: Math.round(f.searches),
        searchGrowth: r4(searchGrowth),
        conversion: r4(conversion),
        products: f.products,
        stores: f.stores,
        demandPerProduct: r4(dpp),
        score: demandScore({
          searches: f.searches,
          prevSearches: f.prevSearches,
          demandPerProduct: dpp,
          medianDemandPerProduct: medDpp,
          conversion,
          medianConversion: medConv,
        }),
        evidence,
      };
    })
    .sort((a, b) => b.score - a.score || b.searches - a.searches || a.categoryId.localeCompare(b.categoryId));
}

/** The most searched queries of the range, scored, best first; each with its main category. */
async function scoreQueries(db: Db, w: Window, facts: CategoryFacts[]): Promise<QueryOpp[]> {
  const { cur, prev } = w;
  const qd = await sql<{ query: string; cur: number; prev: number; clicked: number }>`
    SELECT query, coalesce(sum(searches) FILTER (WHERE day >= ${cur.from}::date), 0)::int AS cur,
      coalesce(sum(searches) FILTER (WHERE day < ${cur.from}::date), 0)::int AS prev,
      coalesce(sum(clicked_searches) FILTER (WHERE day >= ${cur.from}::date), 0)::int AS clicked
    FROM an_query_day WHERE day BETWEEN ${prev.from}::date AND ${cur.to}::date
    GROUP BY query HAVING coalesce(sum(searches) FILTER (WHERE day >= ${cur.from}::date), 0) >= ${MIN_SEARCHES}
    ORDER BY cur DESC, query LIMIT ${QUERY_CANDIDATES}`.execute(db);
  if (qd.rows.length === 0) return [];
  const queries = qd.rows.map((r) => r.query);
  const qc = await sql<{ query: string; category_id: string; clicks: number }>`
    SELECT query, category_id, sum(clicks)::int AS clicks FROM an_query_category_day
    WHERE day BETWEEN ${prev.from}::date AND ${cur.to}::date AND query = ANY(${queries}::text[])
    GROUP BY query, category_id`.execute(db);
  const byQuery = new Map<string, { category_id: string; clicks: number }[]>();
  for (const r of qc.rows) byQuery.set(r.query, [...(byQuery.get(r.query) ?? []), r]);
  const cat = new Map(facts.map((f) => [f.categoryId, f]));
  const rows = qd.rows.map((r) => {
    const landed = byQuery.get(r.query) ?? [];
    const total = landed.reduce((s, x) => s + x.clicks, 0);
    // Result products: the listed products of the categories the query's clicks land in, weighted by the shares.
    const results = landed.reduce(
      (s, x) => s + (x.clicks / total) * (cat.get(x.category_id)?.products ?? 0),
      0,
    );
    const top = landed.sort((a, b) => b.clicks - a.clicks || a.category_id.localeCompare(b.category_id))[0];
    return {
      r,
      top: top ? { id: top.category_id, share: top.clicks / total } : null,
      results: Math.round(results),
      dpp: demandPerProduct(r.cur, Math.round(results)),
      ctr: rate(r.clicked, r.cur),
    };
  });
  const medDpp = median(rows.map((x) => x.dpp));
  const medCtr = median(rows.map((x) => x.ctr));
  const medGrowth = median(rows.map((x) => growth(x.r.cur, x.r.prev)));
  return rows
    .map(({ r, top, results, dpp, ctr }) => {
      const g = growth(r.cur, r.prev);
      const evidence: Evidence[] = [ev('searches', r.cur, r.prev)];
      if (g !== null) evidence.push(ev('search_growth', g, medGrowth));
      evidence.push(ev('demand_per_product', dpp, medDpp), ev('listed_products', results));
      if (ctr !== null) evidence.push(ev('click_through', ctr, medCtr));
      if (top) evidence.push(ev('query_category_share', top.share));
      return {
        query: r.query,
        categoryId: top?.id ?? null,
        categoryName: top ? (cat.get(top.id)?.name ?? null) : null,
        searches: r.cur,
        growth: r4(g),
        resultsProducts: results,
        score: demandScore({
          searches: r.cur,
          prevSearches: r.prev,
          demandPerProduct: dpp,
          medianDemandPerProduct: medDpp,
          conversion: ctr,
          medianConversion: medCtr,
        }),
        evidence,
      };
    })
    .sort((a, b) => b.score - a.score || b.searches - a.searches || a.query.localeCompare(b.query));
}

interface BandRow extends BandOpp {
  score: number;
  /** the category's listed SKUs (price, merchant): a merchant's own share of the band */
  categorySkus: { price: number; merchant_id: string }[];
}

/** Price bands of the given categories with more paid units than listed SKUs' share, widest gap first. */
async function scoreBands(db: Db, w: Window, facts: CategoryFacts[], cats: string[]): Promise<BandRow[]> {
  if (cats.length === 0) return [];
  const { cur } = w;
  const [demand, skus] = await Promise.all([
    sql<{ category_id: string; price: number; n: number }>`
      SELECT category_id, unit_price AS price, sum(units)::int AS n FROM an_category_price_day
      WHERE day BETWEEN ${cur.from}::date AND ${cur.to}::date AND category_id = ANY(${cats}::text[])
      GROUP BY category_id, unit_price`.execute(db),
    sql<{ category_id: string; price: number; merchant_id: string }>`
      SELECT p.category_id, s.price, p.merchant_id FROM products p JOIN skus s ON s.product_id = p.id
      WHERE p.status = 'listed' AND p.listed_at < ${w.supplyBefore} AND p.category_id = ANY(${cats}::text[])`.execute(
      db,
    ),
  ]);
  const name = new Map(facts.map((f) => [f.categoryId, f.name]));
  const group = <T extends { category_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.category_id, [...(m.get(r.category_id) ?? []), r]);
    return m;
  };
  const d = group(demand.rows);
  const s = group(skus.rows);
  const out: BandRow[] = [];
  for (const c of cats) {
    const dem = d.get(c) ?? [];
    if (dem.reduce((a, x) => a + x.n, 0) < MIN_BAND_UNITS) continue;
    const sup = s.get(c) ?? [];
    const bands = priceBands(
      dem.map((x) => ({ price: num(x.price), n: x.n })),
      sup.map((x) => ({ price: num(x.price), n: 1 })),
    );
    for (const b of bands) {
      if (b.gap <= 0) continue;
      out.push({
        categoryId: c,
        categoryName: name.get(c) ?? c,
        min: b.min,
        max: b.max,
        demandShare: r4(b.demandShare)!,
        supplyShare: r4(b.supplyShare)!,
        gap: r4(b.gap)!,
        score: bandScore(b.demandShare, b.supplyShare),
        categorySkus: sup,
        evidence: [
          ev('price_band_gap', b.gap),
          ev('demand_share', b.demandShare),
          ev('supply_share', b.supplyShare),
          ev('paid_units', b.demandUnits),
        ],
      });
    }
  }
  return out.sort((a, b) => b.gap - a.gap || a.categoryId.localeCompare(b.categoryId) || a.min - b.min);
}

/** Products whose paid units grew the most (from the product rollup). */
async function trending(
  db: Db,
  w: Window,
  limit: number,
  only: { cats: string[]; notMerchant: string } | null,
): Promise<TrendOpp[]> {
  const { cur, prev } = w;
  const r = await sql<{
    product_id: string;
    units: number;
    prev_units: number;
    gmv: number;
    prev_gmv: number;
    title: string;
    category_id: string;
    store_id: string;
    merchant_id: string;
  }>`WITH t AS (
      SELECT product_id,
        coalesce(sum(units) FILTER (WHERE day >= ${cur.from}::date), 0)::int AS units,
        coalesce(sum(units) FILTER (WHERE day < ${cur.from}::date), 0)::int AS prev_units,
        coalesce(sum(gmv) FILTER (WHERE day >= ${cur.from}::date), 0)::bigint AS gmv,
        coalesce(sum(gmv) FILTER (WHERE day < ${cur.from}::date), 0)::bigint AS prev_gmv
      FROM an_product_day WHERE day BETWEEN ${prev.from}::date AND ${cur.to}::date
        ${only ? sql`AND category_id = ANY(${only.cats}::text[]) AND merchant_id <> ${only.notMerchant}` : sql``}
      GROUP BY product_id
      HAVING coalesce(sum(units) FILTER (WHERE day >= ${cur.from}::date), 0) >= ${MIN_TREND_UNITS}
    )
    SELECT t.*, p.title, p.category_id, p.store_id, p.merchant_id FROM t JOIN products p ON p.id = t.product_id
    WHERE t.units > t.prev_units
    ORDER BY t.units - t.prev_units DESC, t.units DESC, t.product_id LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({
    productId: x.product_id,
    title: x.title,
    categoryId: x.category_id,
    storeId: x.store_id,
    merchantId: x.merchant_id,
    gmv: num(x.gmv),
    units: x.units,
    growth: r4(growth(x.units, x.prev_units)),
    evidence: trendEvidence(x.units, x.prev_units, num(x.gmv), num(x.prev_gmv)),
    prevUnits: x.prev_units,
  }));
}

function trendEvidence(units: number, prevUnits: number, gmv: number, prevGmv: number): Evidence[] {
  const g = growth(units, prevUnits);
  return [
    ev('paid_units', units, prevUnits),
    ...(g !== null ? [ev('units_growth', g, null)] : []),
    ev('gmv', gmv, prevGmv),
  ];
}

/** Another merchant's product as a merchant sees it: figures rounded down like public sales badges. */
function forViewer(t: TrendOpp, viewer: Principal): TrendOpp {
  if (isOperator(viewer) || t.merchantId === viewer.partyId) return t;
  return {
    ...t,
    gmv: publicFigure(t.gmv),
    units: publicFigure(t.units),
    evidence: t.evidence.map((e) =>
      e.key === 'paid_units' || e.key === 'gmv'
        ? { ...e, value: publicFigure(e.value), basis: e.basis == null ? e.basis : publicFigure(e.basis) }
        : e,
    ),
  };
}

/** GET /analytics/opportunities/market: market-level opportunities; no merchant is named. */
export async function marketOpportunities(
  db: Db,
  viewer: Principal,
  range: DayRange,
  o: { timeZone: string; limit: number },
): Promise<MarketOpportunities> {
  const w = windowOf(range, o.timeZone);
  const facts = await categoryFacts(db, w);
  const categories = scoreCategories(facts);
  const bandCats = [...facts]
    .filter((f) => f.units >= MIN_BAND_UNITS)
    .sort((a, b) => b.units - a.units || a.categoryId.localeCompare(b.categoryId))
    .slice(0, BAND_CATEGORIES)
    .map((f) => f.categoryId);
  const [queries, bands, trend] = await Promise.all([
    scoreQueries(db, w, facts),
    scoreBands(db, w, facts, bandCats),
    trending(db, w, o.limit, null),
  ]);
  return {
    from: range.from,
    to: range.to,
    categories: categories.slice(0, o.limit),
    queries: queries.slice(0, o.limit),
    priceBands: bands.slice(0, o.limit).map(({ score: _s, categorySkus: _k, ...b }) => b),
    trending: trend.map((t) => forViewer(t, viewer)).map(({ merchantId: _m, prevUnits: _p, ...t }) => t),
  };
}

/** GET /analytics/opportunities: market opportunities that fit the merchant's categories, best first. */
export async function merchantOpportunities(
  db: Db,
  viewer: Principal,
  merchantId: string,
  range: DayRange,
  o: { timeZone: string; limit: number },
): Promise<MerchantOpportunities> {
  const known = await sql`SELECT 1 FROM merchants WHERE id = ${merchantId}`.execute(db);
  if (known.rows.length === 0) throw notFound(`merchant ${merchantId} not found`);
  const w = windowOf(range, o.timeZone);
  const own = (
    await sql<{ category_id: string }>`SELECT DISTINCT category_id FROM products
      WHERE merchant_id = ${merchantId} AND status = 'listed'`.execute(db)
  ).rows.map((r) => r.category_id);
  const facts = await categoryFacts(db, w);
  const byId = new Map(facts.map((f) => [f.categoryId, f]));
  const ownSet = new Set(own);
  const parents = new Set(own.map((c) => byId.get(c)?.parentId).filter((p): p is string => !!p));
  const fit = new Map<string, 'own_category' | 'adjacent'>(own.map((c) => [c, 'own_category']));
  for (const f of facts)
    if (!ownSet.has(f.categoryId) && f.parentId && parents.has(f.parentId)) fit.set(f.categoryId, 'adjacent');
  const cats = [...fit.keys()];
  const empty = { merchantId, from: range.from, to: range.to, rows: [] };
  if (cats.length === 0) return empty;

  const rows: MerchantOpportunities['rows'] = [];
  // Only signals above their basis (market score > 50: "as usual" is 50), weighted by how near they are.
  const push = (r: Omit<MerchantOpportunities['rows'][number], 'fit' | 'score'> & { score: number }) => {
    const f = r.categoryId ? fit.get(r.categoryId) : undefined;
    if (!f || r.score <= 50) return;
    rows.push({ ...r, fit: f, score: Math.round(r.score * FIT_WEIGHT[f] * 10) / 10 });
  };
  for (const c of scoreCategories(facts))
    push({
      id: `category:${c.categoryId}`,
      kind: 'category',
      title: c.name,
      titleZh: c.nameZh,
      categoryId: c.categoryId,
      score: c.score,
      evidence: c.evidence,
    });
  for (const q of await scoreQueries(db, w, facts))
    push({
      id: `query:${q.query}`,
      kind: 'query',
      title: q.query,
      titleZh: null,
      categoryId: q.categoryId,
      score: q.score,
      evidence: q.evidence,
    });
  for (const b of await scoreBands(db, w, facts, cats)) {
    const f = byId.get(b.categoryId);
    const own = b.categorySkus.filter((s) => s.merchant_id === merchantId);
    const ownSkus = own.filter(
      (s) => num(s.price) >= b.min && (b.max === null || num(s.price) <= b.max),
    ).length;
    const band = `¥${b.min / 100}${b.max === null ? '+' : `–${b.max / 100}`}`;
    push({
      id: `price_band:${b.categoryId}:${b.min}`,
      kind: 'price_band',
      title: `${b.categoryName} ${band}`,
      titleZh: f?.nameZh ? `${f.nameZh} ${band}` : null,
      categoryId: b.categoryId,
      score: b.score,
      evidence: [
        ...b.evidence,
        ev('price_min', b.min),
        ...(b.max === null ? [] : [ev('price_max', b.max)]),
        ev('own_skus_in_band', ownSkus, own.length),
      ],
    });
  }
  const trend = await trending(db, w, 50, { cats, notMerchant: merchantId });
  for (const t of trend) {
    const v = forViewer(t, viewer);
    push({
      id: `product:${t.productId}`,
      kind: 'product',
      title: t.title,
      titleZh: null,
      categoryId: t.categoryId,
      score: trendScore(t.units, t.prevUnits),
      evidence: v.evidence,
    });
  }
  rows.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { ...empty, rows: rows.slice(0, o.limit) };
}
