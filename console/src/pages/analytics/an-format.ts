// Pure helpers of the analytics pages: rates and changes as text, day ranges, CSV links, the domain flow matrix,
// the forecast band series, confidence-interval geometry, p-values and opportunity evidence in words. No React, no
// I/O: unit-tested in an-format.test.ts.
import { formatFen, formatNumber, type Lang } from '../../format';
import type { Domain, Evidence, Forecast } from './an-types';
import { DOMAINS } from './an-types';

// ---- Rates and changes ----

/** A fraction 0..1 as a percentage, "—" when unknown: 0.1234 → "12.3%". */
export function pct(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

/** A signed change as a percentage: 0.123 → "+12.3%", -0.05 → "-5.0%", null → "—". */
export function signedPct(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  const s = pct(rate, digits);
  return rate > 0 ? `+${s}` : s;
}

/** Percentage points between two rates: 0.12 vs 0.10 → "+2.0 pp". */
export function signedPp(diff: number | null | undefined, digits = 1): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return '—';
  const v = (diff * 100).toFixed(digits);
  return `${diff > 0 ? '+' : ''}${v} pp`;
}

/** (current − previous) / previous, null when previous is 0. */
export const changeOf = (current: number, previous: number): number | null =>
  previous === 0 ? null : (current - previous) / previous;

/** Direction of a change for its colour: up, down or flat (also for unknown). */
export const trend = (change: number | null | undefined): 'up' | 'down' | 'flat' =>
  change === null || change === undefined || change === 0 ? 'flat' : change > 0 ? 'up' : 'down';

/** A rank move: previous 5, now 2 → +3 (up three places); null when new to the ranking. */
export const rankMove = (rank: number, previousRank: number | null): number | null =>
  previousRank === null ? null : previousRank - rank;

// ---- Days ----

const DAY = 86_400_000;
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The business day (Asia/Shanghai) of an instant, YYYY-MM-DD. */
export const dayOf = (at: number): string => dayFormat.format(new Date(at));

/** YYYY-MM-DD plus n days. */
export function addDays(day: string, n: number): string {
  const at = Date.parse(`${day}T00:00:00Z`) + n * DAY;
  return new Date(at).toISOString().slice(0, 10);
}

/** The `days` days ending today. */
export function lastDays(days: number, now = Date.now()): { from: string; to: string } {
  const to = dayOf(now);
  return { from: addDays(to, -(days - 1)), to };
}

const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A minute of the real-time chart as HH:mm: "10:05" stays, an instant reads in the marketplace zone. */
export function minuteLabel(minute: string): string {
  if (/^\d{2}:\d{2}/.test(minute)) return minute.slice(0, 5);
  // PostgreSQL text ('2026-06-10 02:05:00+00') needs the T and a full offset to parse.
  const at = Date.parse(minute.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
  return Number.isNaN(at) ? minute : clock.format(new Date(at));
}

/** Days in an inclusive range. */
export const spanDays = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;

// ---- CSV ----

/** The CSV download path of a JSON endpoint (same query plus format=csv); empty values are left out. */
export function csvPath(path: string, query: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  q.set('format', 'csv');
  return `${path}?${q}`;
}

// ---- All-domain flows ----

export interface FlowCell {
  orders: number;
  gmv: number;
}

/** Flows as a from × to matrix over the three domains (missing pairs are zero), with the largest order count. */
export function flowMatrix(flows: { from: Domain; to: Domain; orders: number; gmv: number }[]): {
  rows: { from: Domain; cells: Record<Domain, FlowCell> }[];
  max: number;
} {
  const zero = (): Record<Domain, FlowCell> => ({
    self_stream: { orders: 0, gmv: 0 },
    distribution: { orders: 0, gmv: 0 },
    shelf: { orders: 0, gmv: 0 },
  });
  const by = new Map<Domain, Record<Domain, FlowCell>>(DOMAINS.map((d) => [d, zero()]));
  let max = 0;
  for (const f of flows) {
    const cell = by.get(f.from)?.[f.to];
    if (!cell) continue;
    cell.orders += f.orders;
    cell.gmv += f.gmv;
    max = Math.max(max, cell.orders);
  }
  return { rows: DOMAINS.map((from) => ({ from, cells: by.get(from) ?? zero() })), max };
}

/** Daily rows keyed by day with one column per key (missing values 0), in day order. */
export function pivotDaily<K extends string>(
  rows: { day: string; key: K; value: number }[],
): { days: string[]; series: Map<K, number[]> } {
  const days = [...new Set(rows.map((r) => r.day))].sort();
  const index = new Map(days.map((d, i) => [d, i]));
  const series = new Map<K, number[]>();
  for (const r of rows) {
    let s = series.get(r.key);
    if (!s) {
      s = days.map(() => 0);
      series.set(r.key, s);
    }
    const i = index.get(r.day);
    if (i !== undefined) s[i] = (s[i] ?? 0) + r.value;
  }
  return { days, series };
}

// ---- Forecast ----

export interface BandPoint {
  day: string;
  actual: number | null;
  forecast: number | null;
  /** Lower edge of the 95% band, then the heights stacked on it: 95→80 low, 80 band, 80→95 high. */
  base95: number | null;
  low95: number | null;
  band80: number | null;
  high95: number | null;
}

/**
 * History and forecast on one axis. Bands are drawn as stacked areas (an invisible base, then the band heights),
 * so each point carries the lower edge and the heights rather than the edges. The forecast line starts at the
 * last actual day so the two lines join.
 */
export function bandPoints(f: Pick<Forecast, 'history' | 'forecast'>): BandPoint[] {
  const out: BandPoint[] = f.history.map((h) => ({
    day: h.day,
    actual: h.value,
    forecast: null,
    base95: null,
    low95: null,
    band80: null,
    high95: null,
  }));
  const last = out[out.length - 1];
  if (last && f.forecast.length) last.forecast = last.actual;
  for (const p of f.forecast) {
    out.push({
      day: p.day,
      actual: null,
      forecast: p.value,
      base95: p.lo95,
      low95: Math.max(0, p.lo80 - p.lo95),
      band80: Math.max(0, p.hi80 - p.lo80),
      high95: Math.max(0, p.hi95 - p.hi80),
    });
  }
  return out;
}

// ---- Experiments ----

/**
 * Where an interval and its point sit on a scale that always shows zero, as percentages of the width: the bar
 * reads "entirely right of zero" at a glance.
 */
export function intervalGeometry(
  ci: [number, number],
  point: number,
): { left: number; width: number; zero: number; point: number } {
  const lo = Math.min(ci[0], 0, point);
  const hi = Math.max(ci[1], 0, point);
  const pad = (hi - lo || 1) * 0.1;
  const min = lo - pad;
  const span = hi + pad - min;
  const at = (v: number) => ((v - min) / span) * 100;
  return { left: at(ci[0]), width: at(ci[1]) - at(ci[0]), zero: at(0), point: at(point) };
}

/** How strong the evidence of a p-value is, in the words the page uses. */
export function pStrength(p: number | null): 'strong' | 'moderate' | 'weak' | 'none' | 'unknown' {
  if (p === null || !Number.isFinite(p)) return 'unknown';
  if (p < 0.01) return 'strong';
  if (p < 0.05) return 'moderate';
  if (p < 0.1) return 'weak';
  return 'none';
}

/** A p-value as text: "< 0.001" below a thousandth, else three decimals. */
export const pText = (p: number | null): string =>
  p === null || !Number.isFinite(p) ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3);

// ---- Opportunity evidence ----

type EvidenceKind = 'rate' | 'change' | 'points' | 'money' | 'count' | 'ratio';

/**
 * How a value of an evidence key reads (the keys of src/modules/analytics/domain/opportunities.ts); keys not listed
 * read by their suffix, else as a plain number.
 */
const EVIDENCE_KINDS: Record<string, EvidenceKind> = {
  searches: 'count',
  search_growth: 'change',
  demand_per_product: 'ratio',
  listed_products: 'count',
  stores: 'count',
  supply_growth: 'change',
  conversion: 'rate',
  click_through: 'rate',
  query_category_share: 'rate',
  paid_units: 'count',
  units_growth: 'change',
  demand_share: 'rate',
  supply_share: 'rate',
  price_band_gap: 'points',
  price_min: 'money',
  price_max: 'money',
  own_skus_in_band: 'count',
  gmv: 'money',
};

export function evidenceKind(key: string): EvidenceKind {
  const k = EVIDENCE_KINDS[key];
  if (k) return k;
  if (/_growth$|_change$/.test(key)) return 'change';
  if (/_(rate|share|conversion)$/.test(key)) return 'rate';
  if (/_gap$/.test(key)) return 'points';
  if (/_fen$|_gmv$|^gmv_|price/.test(key)) return 'money';
  if (/_per_/.test(key)) return 'ratio';
  return 'count';
}

/** A value of an evidence key as text. */
export function evidenceValue(key: string, value: number, lang: Lang): string {
  switch (evidenceKind(key)) {
    case 'change':
      return signedPct(value, 0);
    case 'rate':
      return pct(value, 1);
    case 'points':
      return signedPp(value, 1);
    case 'money':
      return formatFen(value, lang);
    case 'ratio':
      return value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 1 });
    default:
      return formatNumber(value, lang);
  }
}

/**
 * A price band's bounds (`price_min`, `price_max`) read as one item: the band in fen, and the other items.
 * No `price_max` means "and above".
 */
export function splitPriceBand(items: Evidence[]): {
  band: { min: number; max: number | null } | null;
  rest: Evidence[];
} {
  const min = items.find((e) => e.key === 'price_min');
  const max = items.find((e) => e.key === 'price_max');
  const rest = items.filter((e) => e.key !== 'price_min' && e.key !== 'price_max');
  return { band: min ? { min: min.value, max: max ? max.value : null } : null, rest };
}

/** An unknown key in words for the generic sentence: "price_band_gap" → "price band gap". */
export const humanKey = (key: string): string => key.replaceAll('_', ' ');

/** The figures of one evidence item, ready for its sentence: value and basis formatted alike. */
export function evidenceParams(
  e: Evidence,
  lang: Lang,
): { value: string; basis: string | null; key: string } {
  return {
    key: humanKey(e.key),
    value: evidenceValue(e.key, e.value, lang),
    basis: e.basis === null || e.basis === undefined ? null : evidenceValue(e.key, e.basis, lang),
  };
}
