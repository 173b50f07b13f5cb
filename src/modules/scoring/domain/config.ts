import type { FieldIssue } from '../../../core/errors.ts';
import { DIMENSIONS, METRICS, SCORE_KINDS } from './metrics.ts';

/**
 * Operator configuration of the scores, stored versioned (each change is a new version; snapshots name the
 * version they were computed with). A metric's value maps to a goodness in [0, 1] linearly between its
 * `floor` (0) and its `target` (1); for metrics where lower is better the floor is above the target.
 */

export interface MetricConfig {
  weight: number;
  floor: number;
  target: number;
}

export interface Grade {
  grade: string;
  /** Lowest score of the grade (inclusive). */
  min: number;
}

export interface KindConfig {
  windowDays: number;
  /** Pseudo-observations of the peer group's rate or mean added to every entity (Bayesian shrinkage). */
  priorStrength: number;
  /** Below this volume the score is provisional: shown, but graded 'N' and left neutral by the linkage. */
  minVolume: number;
  scale: { min: number; max: number };
  /** Highest first. */
  grades: Grade[];
  dimensions: Record<string, number>;
  metrics: Record<string, MetricConfig>;
}

export interface Linkage {
  /** Traffic weight multiplier per grade (the traffic capability multiplies ranking scores by it). */
  trafficMultiplier: Record<string, number>;
  /** Lowest store score admitted to platform campaigns (and a product score for campaign products). */
  campaignMinStoreScore: number;
  campaignMinProductScore: number;
  /** Lowest store score eligible for platform subsidies (coupons funded by the platform). */
  subsidyMinStoreScore: number;
  /** Lowest creator score admitted to campaign distribution plans. */
  campaignMinCreatorScore: number;
}

export interface ScoringConfig {
  store: KindConfig;
  product: KindConfig;
  creator: KindConfig;
  linkage: Linkage;
}

const mc = (weight: number, floor: number, target: number): MetricConfig => ({ weight, floor, target });
const FIVE_GRADES = (a: number, b: number, c: number): Grade[] => [
  { grade: 'A', min: a },
  { grade: 'B', min: b },
  { grade: 'C', min: c },
  { grade: 'D', min: Number.NEGATIVE_INFINITY },
];

/** Defaults, calibrated on the simulator's marketplace (docs/scoring.md explains each figure). */
export const DEFAULT_CONFIG: ScoringConfig = {
  store: {
    windowDays: 30,
    priorStrength: 30,
    minVolume: 30,
    scale: { min: 3, max: 5 },
    grades: FIVE_GRADES(4.6, 4.3, 4.0),
    dimensions: { quality: 0.35, logistics: 0.25, service: 0.25, stability: 0.15 },
    metrics: {
      quality_refund_rate: mc(3, 0.08, 0.005),
      negative_review_rate: mc(2, 0.3, 0.03),
      product_rating: mc(2, 3.2, 4.8),
      pickup_24h_rate: mc(2, 0.3, 0.98),
      delivery_hours: mc(2, 110, 30),
      logistics_negative_rate: mc(1, 0.3, 0.03),
      first_response_seconds: mc(2, 400, 20),
      refusal_rate: mc(1, 0.5, 0.05),
      intervention_rate: mc(1, 0.25, 0.01),
      aftersale_hours: mc(1, 96, 8),
      service_rating: mc(2, 3.2, 4.8),
      cancel_rate: mc(2, 0.12, 0.01),
      stockout_rate: mc(1, 0.03, 0),
      violation_points: mc(1, 12, 0),
    },
  },
  product: {
    windowDays: 30,
    priorStrength: 20,
    minVolume: 10,
    scale: { min: 0, max: 100 },
    grades: FIVE_GRADES(80, 65, 50),
    dimensions: { information: 0.1, heat: 0.2, quality: 0.3, service: 0.1, brand: 0.1, price: 0.2 },
    metrics: {
      completeness: mc(1, 40, 100),
      sales_velocity: mc(2, 0, 1),
      click_through: mc(1, 0, 1),
      favorite_rate: mc(1, 0, 1),
      quality_refund_rate: mc(3, 0.1, 0.005),
      negative_review_rate: mc(2, 0.3, 0.03),
      product_rating: mc(2, 3.2, 4.8),
      aftersale_hours: mc(1, 96, 8),
      dispute_rate: mc(1, 0.25, 0.01),
      brand_strength: mc(1, 0, 1),
      price_index: mc(1, 1.6, 0.8),
    },
  },
  creator: {
    windowDays: 30,
    priorStrength: 20,
    minVolume: 20,
    scale: { min: 3, max: 5 },
    grades: FIVE_GRADES(4.6, 4.3, 4.0),
    dimensions: { content: 0.3, product: 0.45, service: 0.25 },
    metrics: {
      misdescription_rate: mc(2, 0.03, 0.001),
      repeat_rate: mc(1, 0, 0.25),
      quality_refund_rate: mc(3, 0.08, 0.005),
      product_rating: mc(2, 3.2, 4.8),
      negative_review_rate: mc(1, 0.3, 0.03),
      service_rating: mc(2, 3.2, 4.8),
      refusal_rate: mc(1, 0.5, 0.05),
      delivery_hours: mc(1, 110, 30),
    },
  },
  linkage: {
    trafficMultiplier: { A: 1.3, B: 1.1, C: 1, D: 0.7, N: 1 },
    campaignMinStoreScore: 4.3,
    campaignMinProductScore: 60,
    subsidyMinStoreScore: 4.5,
    campaignMinCreatorScore: 4.3,
  },
};

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Every mistake of a configuration (field paths like `store.metrics.cancel_rate.weight`), none when valid. */
export function checkConfig(c: ScoringConfig): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const bad = (field: string, reason: string, code: string) => issues.push({ field, reason, code });
  for (const kind of SCORE_KINDS) {
    const k = c[kind];
    const at = (f: string) => `${kind}.${f}`;
    if (!Number.isInteger(k.windowDays) || k.windowDays < 1 || k.windowDays > 365)
      bad(at('windowDays'), 'must be a whole number of days from 1 to 365', 'window_range');
    if (!finite(k.priorStrength) || k.priorStrength < 0 || k.priorStrength > 10_000)
      bad(at('priorStrength'), 'must be from 0 to 10000 pseudo-observations', 'prior_range');
    if (!Number.isInteger(k.minVolume) || k.minVolume < 0)
      bad(at('minVolume'), 'must be a whole number ≥ 0', 'min_volume_range');
    if (!finite(k.scale.min) || !finite(k.scale.max) || k.scale.min >= k.scale.max)
      bad(at('scale'), 'min must be below max', 'scale_order');
    const gs = k.grades;
    if (!gs.length) bad(at('grades'), 'needs at least one grade', 'grades_empty');
    for (let i = 1; i < gs.length; i++)
      if (!(gs[i]!.min < gs[i - 1]!.min))
        bad(at(`grades.${i}.min`), 'grades go from the highest to the lowest minimum', 'grades_order');
    if (gs.some((g) => g.grade === 'N'))
      bad(at('grades'), "'N' is reserved for provisional scores", 'grade_reserved');
    const dims = DIMENSIONS[kind];
    for (const d of Object.keys(k.dimensions))
      if (!dims.includes(d))
        bad(at(`dimensions.${d}`), `is not a ${kind} dimension (${dims.join(', ')})`, 'unknown_dimension');
    let dimSum = 0;
    for (const d of dims) {
      const w = k.dimensions[d];
      if (!finite(w) || w < 0) bad(at(`dimensions.${d}`), 'needs a weight ≥ 0', 'weight_range');
      else dimSum += w;
    }
    if (dimSum <= 0) bad(at('dimensions'), 'at least one dimension needs a positive weight', 'weights_zero');
    const ids = METRICS[kind].map((d) => d.id);
    for (const id of Object.keys(k.metrics))
      if (!ids.includes(id)) bad(at(`metrics.${id}`), `is not a ${kind} metric`, 'unknown_metric');
    for (const def of METRICS[kind]) {
      const x = k.metrics[def.id];
      const f = at(`metrics.${def.id}`);
      if (!x) {
        bad(f, 'is missing', 'metric_missing');
        continue;
      }
      if (!finite(x.weight) || x.weight < 0) bad(`${f}.weight`, 'must be ≥ 0', 'weight_range');
      if (!finite(x.floor) || !finite(x.target) || x.floor === x.target)
        bad(`${f}.target`, 'floor and target must be different numbers', 'floor_target_equal');
      else if (def.higherIsBetter !== x.target > x.floor)
        bad(
          `${f}.target`,
          def.higherIsBetter
            ? 'higher is better here: the target must be above the floor'
            : 'lower is better here: the target must be below the floor',
          'floor_target_direction',
        );
    }
  }
  for (const [g, x] of Object.entries(c.linkage.trafficMultiplier))
    if (!finite(x) || x < 0 || x > 10)
      bad(`linkage.trafficMultiplier.${g}`, 'must be from 0 to 10', 'multiplier_range');
  return issues;
}
