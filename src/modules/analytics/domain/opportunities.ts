/**
 * Opportunity scores: simple, documented and explainable, so that every figure behind a score can be shown.
 *
 * Every component is a ratio r of a figure to its basis (the previous period, the marketplace median, the supply
 * share) mapped to 0..1 by h(r) = r / (1 + r): 0.5 means "as usual" (r = 1), 2/3 twice the basis, 0.8 four times,
 * and a missing basis counts as neutral (r = 1). A score is 100 × a weighted mean of components, 0..100.
 *
 * - Category (level 3): 0.4·h(search growth) + 0.4·h(searches per listed product ÷ marketplace median)
 *   + 0.2·h(conversion ÷ marketplace median). Search growth is smoothed: (cur + 5) / (prev + 5), so a handful of
 *   searches cannot look like a boom. A category's searches are its queries' searches shared by where their clicks
 *   landed. Conversion is orders ÷ visitors of the category's products.
 * - Query: the same with searches per result product (listed products of the categories its clicks landed in,
 *   weighted by the click shares) and click-through (searches followed by a click ÷ searches) for conversion.
 * - Price band: bands are the quintiles of the category's paid unit prices (weighted by units); gap = share of
 *   paid units in the band − share of the category's listed SKUs priced in it; score = 100·h(demand share ÷ supply
 *   share) (supply share 0 with demand → 100).
 * - Trending product: 100·h((units + 5) / (previous units + 5)); ranked by the increase of paid units.
 * - A merchant's opportunity: the market score × fit weight (own category 1, adjacent 0.8).
 *
 * Evidence keys (the console translates them; value and basis as stated):
 * - `searches`: searches in the range; basis: searches in the previous period.
 * - `search_growth`: (cur − prev) ÷ prev of searches; basis: the marketplace median of that growth. Only when prev > 0.
 * - `demand_per_product`: searches per listed product (per result product for queries); basis: marketplace median.
 * - `listed_products`: listed products (categories: in the category; queries: result products); no basis.
 * - `stores`: stores with listed products in the category; no basis.
 * - `supply_growth`: listed products at the end of the range ÷ those listed before it − 1 (new listings still
 *   listed; delistings are not dated); no basis. Only when there were listings before.
 * - `conversion`: orders ÷ visitors of the category; basis: marketplace median.
 * - `click_through`: searches followed by a click ÷ searches; basis: marketplace median over queries.
 * - `query_category_share`: share of the query's clicks that landed in its category; no basis.
 * - `paid_units`: paid units in the range; basis: previous period.
 * - `units_growth`: (cur − prev) ÷ prev of paid units; basis: null. Only when prev > 0.
 * - `demand_share`: share of the category's paid units in the price band; no basis.
 * - `supply_share`: share of the category's listed SKUs priced in the band; no basis.
 * - `price_band_gap`: demand_share − supply_share; no basis.
 * - `price_min`, `price_max`: the band's bounds in fen, inclusive (no `price_max`: and above; merchant view only).
 * - `own_skus_in_band`: the merchant's own listed SKUs in the band (merchant view only); basis: its SKUs in the category.
 * - `gmv`: GMV (fen) in the range; basis: previous period (product rows; rounded down for other merchants' products).
 */

/** Added to both periods' counts before a growth ratio: a few searches or units cannot look like a boom. */
export const GROWTH_SMOOTHING = 5;
export const CATEGORY_WEIGHTS = { growth: 0.4, supply: 0.4, conversion: 0.2 } as const;
export const FIT_WEIGHT = { own_category: 1, adjacent: 0.8 } as const;
/** Quantiles of paid unit prices that cut a category into price bands (quintiles). */
export const BAND_QUANTILES = [0.2, 0.4, 0.6, 0.8] as const;
/** Fewer searches (queries, categories) or paid units (bands, trending) than this in the range: not listed. */
export const MIN_SEARCHES = 5;
export const MIN_BAND_UNITS = 20;
export const MIN_TREND_UNITS = 3;

export type EvidenceKey =
  | 'searches'
  | 'search_growth'
  | 'demand_per_product'
  | 'listed_products'
  | 'stores'
  | 'supply_growth'
  | 'conversion'
  | 'click_through'
  | 'query_category_share'
  | 'paid_units'
  | 'units_growth'
  | 'demand_share'
  | 'supply_share'
  | 'price_band_gap'
  | 'price_min'
  | 'price_max'
  | 'own_skus_in_band'
  | 'gmv';

/** The same normalisation as the SQL of the rebuild: trimmed, lower-cased, inner whitespace collapsed. */
export const normaliseQuery = (q: string) => q.replace(/\s+/g, ' ').trim().toLowerCase();

/** r / (1 + r): 0.5 at r = 1; ∞ → 1; a negative or NaN ratio → 0. */
export function squash(r: number): number {
  if (r === Number.POSITIVE_INFINITY) return 1;
  if (!(r > 0)) return 0;
  return r / (1 + r);
}

/** value ÷ basis, neutral (1) when either is unknown or the basis is not positive. */
export function relative(value: number | null, basis: number | null): number {
  if (value === null || basis === null || !(basis > 0)) return 1;
  return value / basis;
}

export const smoothedGrowth = (cur: number, prev: number) =>
  (cur + GROWTH_SMOOTHING) / (prev + GROWTH_SMOOTHING);

/** (cur − prev) ÷ prev, null when there was nothing before. */
export const growth = (cur: number, prev: number): number | null => (prev > 0 ? (cur - prev) / prev : null);

export const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export function median(xs: readonly (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export interface DemandFigures {
  searches: number;
  prevSearches: number;
  /** searches per listed (result) product, and its marketplace median */
  demandPerProduct: number | null;
  medianDemandPerProduct: number | null;
  /** conversion (categories) or click-through (queries), and its marketplace median */
  conversion: number | null;
  medianConversion: number | null;
}

/** Category and query score (see the module comment), 0..100 with one decimal. */
export function demandScore(f: DemandFigures): number {
  const w = CATEGORY_WEIGHTS;
  const s =
    w.growth * squash(smoothedGrowth(f.searches, f.prevSearches)) +
    w.supply * squash(relative(f.demandPerProduct, f.medianDemandPerProduct)) +
    w.conversion * squash(relative(f.conversion, f.medianConversion));
  return round1(100 * s);
}

/** Searches per listed product; a category without products counts as having one (demand with no supply). */
export const demandPerProduct = (searches: number, products: number) => searches / Math.max(products, 1);

export interface PricePoint {
  price: number;
  /** paid units (demand) or listed SKUs (supply) at this price */
  n: number;
}

/**
 * Weighted quantiles: for each q the smallest price whose cumulative weight reaches q × total (null when empty).
 */
export function weightedQuantiles(points: readonly PricePoint[], qs: readonly number[]): number[] | null {
  const v = points.filter((p) => p.n > 0).sort((a, b) => a.price - b.price);
  const total = v.reduce((s, p) => s + p.n, 0);
  if (total === 0) return null;
  return qs.map((q) => {
    let cum = 0;
    for (const p of v) {
      cum += p.n;
      if (cum >= q * total - 1e-9) return p.price;
    }
    return v[v.length - 1]!.price;
  });
}

export interface PriceBand {
  /** inclusive, fen */
  min: number;
  /** inclusive, fen; null: and above */
  max: number | null;
  demandUnits: number;
  supplySkus: number;
  demandShare: number;
  supplyShare: number;
  gap: number;
}

/**
 * Price bands of a category: cut at the distinct quantiles of paid prices (a band ends at its edge, inclusive),
 * the last open above; each band's share of paid units and of listed SKUs, and the gap between them.
 */
export function priceBands(
  demand: readonly PricePoint[],
  supply: readonly PricePoint[],
  qs: readonly number[] = BAND_QUANTILES,
): PriceBand[] {
  const q = weightedQuantiles(demand, qs);
  if (!q) return [];
  const edges = [...new Set(q)].sort((a, b) => a - b);
  const bands = [
    ...edges.map((max, i) => ({ min: i === 0 ? 0 : edges[i - 1]! + 1, max: max as number | null })),
    { min: edges[edges.length - 1]! + 1, max: null },
  ];
  const bandOf = (price: number) => {
    const i = edges.findIndex((e) => price <= e);
    return i < 0 ? edges.length : i;
  };
  const d = bands.map(() => 0);
  const s = bands.map(() => 0);
  for (const p of demand) if (p.n > 0) d[bandOf(p.price)]! += p.n;
  for (const p of supply) if (p.n > 0) s[bandOf(p.price)]! += p.n;
  const dt = d.reduce((a, b) => a + b, 0);
  const st = s.reduce((a, b) => a + b, 0);
  return bands.map((b, i) => {
    const demandShare = dt > 0 ? d[i]! / dt : 0;
    const supplyShare = st > 0 ? s[i]! / st : 0;
    return {
      ...b,
      demandUnits: d[i]!,
      supplySkus: s[i]!,
      demandShare,
      supplyShare,
      gap: demandShare - supplyShare,
    };
  });
}

/** 100·h(demand share ÷ supply share); no supply under real demand is the strongest signal. */
export function bandScore(demandShare: number, supplyShare: number): number {
  if (demandShare <= 0) return 0;
  return round1(100 * squash(supplyShare > 0 ? demandShare / supplyShare : Number.POSITIVE_INFINITY));
}

export const trendScore = (units: number, prevUnits: number) =>
  round1(100 * squash(smoothedGrowth(units, prevUnits)));

/**
 * Figures of another merchant's product shown to a merchant: rounded down to one significant digit, as public
 * "sold 1000+" badges are (operators see exact figures).
 */
export function publicFigure(x: number): number {
  if (x < 10) return x;
  const p = 10 ** Math.floor(Math.log10(x));
  return Math.floor(x / p) * p;
}
