import type { KindConfig } from './config.ts';
import { type BaseUnit, DIMENSIONS, METRICS, type ScoreKind, type Unit } from './metrics.ts';
import { goodness } from './score.ts';

/**
 * Per-metric explanation of a stored score and the advice that follows from it: how many points each metric
 * earns, how many it leaves on the table, and what to change to win them back.
 */

export interface MetricExplanation {
  id: string;
  dimension: string;
  unit: Unit;
  higherIsBetter: boolean;
  definition: string;
  /** Relative metrics: the unit of `value`, the figure ranked among peers (the metric is its percentile). */
  baseUnit?: BaseUnit;
  /** Smoothed value (the ranked figure for relative metrics); null when there is no data. */
  value: number | null;
  /** Share of category peers doing worse, 0–1. */
  percentile: number | null;
  goodness: number | null;
  floor: number;
  target: number;
  /** Share of the whole score this metric can move (its weight in its dimension × the dimension's weight). */
  weight: number;
  /** Points on the score's scale this metric earns, and those it misses. */
  contribution: number;
  missed: number;
}

export interface Advice {
  /** Stable code for translations: `improve_<metric id>`. */
  code: string;
  metric: string;
  /** Points the score would gain at the metric's target. */
  gain: number;
  params: { value: number; target: number; unit: Unit; percentile: number | null };
  text: string;
}

export interface Explanation {
  dimensions: { id: string; score: number | null; weight: number }[];
  metrics: MetricExplanation[];
  advice: Advice[];
}

export interface StoredScore {
  values: (number | null)[];
  pct: (number | null)[];
  dims: (number | null)[];
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function formatValue(v: number, unit: Unit): string {
  switch (unit) {
    case 'ratio':
      return `${(v * 100).toFixed(v < 0.1 ? 2 : 1)}%`;
    case 'percentile':
      return `top ${Math.max(1, Math.round((1 - v) * 100))}%`;
    case 'hours':
      return `${v.toFixed(1)} h`;
    case 'seconds':
      return `${Math.round(v)} s`;
    case 'rating':
      return v.toFixed(2);
    case 'index':
      return `${v.toFixed(2)}×`;
    default:
      return String(Math.round(v * 10) / 10);
  }
}

const TEXT: Record<string, string> = {
  quality_refund_rate:
    'Cut quality after-sales: inspect before shipping and fix the listings buyers return for',
  negative_review_rate: 'Answer and resolve 1–2 star reviews; fix what they name',
  product_rating: 'Raise product ratings: deliver what the listing promises',
  pickup_24h_rate: 'Hand parcels to the carrier within 24 hours of payment',
  delivery_hours: 'Ship faster or use a faster carrier',
  logistics_negative_rate: 'Reduce logistics complaints: packaging, carrier choice, tracking updates',
  first_response_seconds: 'Answer customer-service chats faster (staff peak hours, use quick replies)',
  refusal_rate: 'Refuse fewer after-sales requests; settle reasonable ones at once',
  intervention_rate: 'Settle after-sales with buyers before the platform has to step in',
  aftersale_hours: 'Resolve after-sales requests sooner',
  service_rating: 'Improve service ratings: polite, quick, complete answers',
  cancel_rate: 'Cancel fewer paid orders: keep stock and addresses right',
  stockout_rate: 'Keep listed stock real: sync inventory before campaigns',
  violation_points: 'Avoid violations: review the rules your store broke',
  completeness: 'Complete the listing: images, attributes and a detail page',
  sales_velocity: 'Grow sales: promotions, live slots and creator distribution',
  click_through: 'Improve the main image and title to win more clicks',
  favorite_rate: 'Make the detail page convince: more viewers should cart or favorite',
  dispute_rate: 'Settle disputes on this product before the platform intervenes',
  brand_strength: 'Sell under a recognised brand, or build your own',
  price_index: 'Price closer to comparable products in the category',
  misdescription_rate: 'Describe products accurately in content: fewer "not as described" returns',
  repeat_rate: 'Build trust so buyers come back for your picks',
};

export function explain(kind: ScoreKind, cfg: KindConfig, s: StoredScore): Explanation {
  const defs = METRICS[kind];
  const dimNames = DIMENSIONS[kind];
  const span = cfg.scale.max - cfg.scale.min;
  // Weights renormalise over what has data, exactly as the score did.
  const present = (j: number) => s.values[j] != null && s.pct[j] !== undefined;
  const dimPresent = dimNames.map((_, d) => s.dims[d] != null);
  const dimTotal = dimNames.reduce((a, d, i) => a + (dimPresent[i] ? (cfg.dimensions[d] ?? 0) : 0), 0);
  const mTotal = dimNames.map((d) =>
    defs.reduce((a, def, j) => a + (def.dimension === d && present(j) ? cfg.metrics[def.id]!.weight : 0), 0),
  );
  const metrics: MetricExplanation[] = defs.map((def, j) => {
    const c = cfg.metrics[def.id]!;
    const d = dimNames.indexOf(def.dimension);
    const value = s.values[j] ?? null;
    const percentile = s.pct[j] ?? null;
    const x = def.kind === 'relative' ? percentile : value;
    const g = x == null ? null : goodness(x, c.floor, c.target);
    const weight =
      g == null || !dimPresent[d] || dimTotal <= 0 || mTotal[d]! <= 0
        ? 0
        : ((cfg.dimensions[def.dimension] ?? 0) / dimTotal) * (c.weight / mTotal[d]!);
    return {
      id: def.id,
      dimension: def.dimension,
      unit: def.unit,
      higherIsBetter: def.higherIsBetter,
      definition: def.definition,
      ...(def.baseUnit ? { baseUnit: def.baseUnit } : {}),
      value: value == null ? null : r4(value),
      percentile: percentile == null ? null : r4(percentile),
      goodness: g == null ? null : r4(g),
      floor: c.floor,
      target: c.target,
      weight: r4(weight),
      contribution: r4(weight * (g ?? 0) * span),
      missed: r4(weight * (1 - (g ?? 1)) * span),
    };
  });
  const advice: Advice[] = metrics
    .filter((x) => x.missed >= span * 0.005 && x.value != null)
    .sort((a, b) => b.missed - a.missed)
    .slice(0, 3)
    .map((x) => {
      const target = x.unit === 'percentile' ? Math.max(0.8, (x.percentile ?? 0) + 0.2) : x.target;
      const now = x.unit === 'percentile' ? (x.percentile ?? 0) : x.value!;
      return {
        code: `improve_${x.id}`,
        metric: x.id,
        gain: x.missed,
        params: { value: now, target, unit: x.unit, percentile: x.percentile },
        text: `${TEXT[x.id] ?? x.id}: now ${formatValue(now, x.unit)}, aim for ${formatValue(target, x.unit)} (up to +${x.missed.toFixed(span > 10 ? 1 : 2)}).`,
      };
    });
  return {
    dimensions: dimNames.map((id, d) => ({
      id,
      score: s.dims[d] == null ? null : r4(s.dims[d]!),
      weight: dimPresent[d] && dimTotal > 0 ? r4((cfg.dimensions[id] ?? 0) / dimTotal) : 0,
    })),
    metrics,
    advice,
  };
}
