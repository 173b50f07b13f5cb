/**
 * Monthly category horse races (赛马): stores of a category ranked by a metric over the month; the top N win
 * exposure quota delivered over the next month.
 */

export const RACE_METRICS = ['gmv', 'gmv_growth', 'live_gmv', 'orders'] as const;
export type RaceMetric = (typeof RACE_METRICS)[number];

export interface RaceParams {
  /** Level-1 category whose stores (by main category) race. */
  categoryId: string;
  metric: RaceMetric;
  topN: number;
  /** Exposures won by rank 1, 2, … (the last figure repeats for ranks beyond the list). */
  prizes: number[];
  /** gmv_growth only counts stores with at least this GMV (fen) in the previous month. */
  minPreviousGmv: number;
}

export interface RaceRow {
  storeId: string;
  merchantId: string;
  gmv: number;
  previousGmv: number;
  liveGmv: number;
  orders: number;
}

export interface Standing extends RaceRow {
  rank: number;
  value: number;
  prize: number;
}

/** The metric's value for a store, or null when the store does not qualify (growth without a base). */
export function metricValue(r: RaceRow, p: RaceParams): number | null {
  switch (p.metric) {
    case 'gmv':
      return r.gmv;
    case 'live_gmv':
      return r.liveGmv;
    case 'orders':
      return r.orders;
    case 'gmv_growth':
      return r.previousGmv >= Math.max(1, p.minPreviousGmv) ? r.gmv / r.previousGmv - 1 : null;
  }
}

/** Ranked standings: higher value first, ties by store id; stores with no value or a zero one are not ranked. */
export function standings(rows: readonly RaceRow[], p: RaceParams): Standing[] {
  const ranked = rows
    .map((r) => ({ r, v: metricValue(r, p) }))
    .filter((x): x is { r: RaceRow; v: number } => x.v !== null && (p.metric === 'gmv_growth' || x.v > 0))
    .sort((a, b) => b.v - a.v || (a.r.storeId < b.r.storeId ? -1 : 1));
  return ranked.map((x, i) => ({
    ...x.r,
    rank: i + 1,
    value: x.v,
    prize: i < p.topN ? prizeOf(p.prizes, i + 1) : 0,
  }));
}

export const prizeOf = (prizes: readonly number[], rank: number) =>
  prizes.length ? (prizes[Math.min(rank, prizes.length) - 1] ?? 0) : 0;

/** The month after `month` (YYYY-MM). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}
