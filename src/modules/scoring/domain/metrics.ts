/**
 * The metric catalogue of the three scores (documented in docs/scoring.md). Definitions are code; their
 * weights, floors, targets, windows and thresholds are operator configuration (config.ts).
 *
 * Kinds of metric:
 * - rate: numerator ÷ denominator (e.g. quality after-sales ÷ orders), smoothed toward the peer group's rate;
 * - mean: sum ÷ count (e.g. delivery hours), smoothed toward the peer group's mean;
 * - value: a plain figure of the entity (detail completeness, violation points), not smoothed;
 * - relative: a rate or value ranked among the peer group; the metric's value is that percentile (0–1).
 */

export const SCORE_KINDS = ['store', 'product', 'creator'] as const;
export type ScoreKind = (typeof SCORE_KINDS)[number];

export type MetricKind = 'rate' | 'mean' | 'value' | 'relative';
export type Unit = 'ratio' | 'hours' | 'seconds' | 'rating' | 'points' | 'percent' | 'index' | 'percentile';
/** Unit of the figure a relative metric ranks (its `value`); the metric itself is the percentile. */
export type BaseUnit = 'ratio' | 'units_per_day' | 'fen';

export interface MetricDef {
  id: string;
  dimension: string;
  kind: MetricKind;
  unit: Unit;
  /** Whether a larger value is better (ranks and advice follow it). */
  higherIsBetter: boolean;
  /** What the metric counts, in one line (the API explains every metric with it). */
  definition: string;
  /** For relative metrics: whether the ranked figure is a rate (smoothed first) or a plain value, and its unit. */
  base?: 'rate' | 'value';
  baseUnit?: BaseUnit;
}

const m = (
  id: string,
  dimension: string,
  kind: MetricKind,
  unit: Unit,
  higherIsBetter: boolean,
  definition: string,
  base?: 'rate' | 'value',
  baseUnit?: BaseUnit,
): MetricDef => ({
  id,
  dimension,
  kind,
  unit,
  higherIsBetter,
  definition,
  ...(base ? { base, baseUnit } : {}),
});

export const METRICS: Record<ScoreKind, MetricDef[]> = {
  store: [
    m(
      'quality_refund_rate',
      'quality',
      'rate',
      'ratio',
      false,
      'after-sales for quality reasons (damaged, not as described, wrong item, missing parts, counterfeit, quality issue) requested in the window ÷ orders paid in the window and not cancelled',
    ),
    m(
      'negative_review_rate',
      'quality',
      'rate',
      'ratio',
      false,
      'reviews with a product rating of 1–2 ÷ reviews written in the window',
    ),
    m(
      'product_rating',
      'quality',
      'mean',
      'rating',
      true,
      'mean product rating (1–5) of reviews written in the window',
    ),
    m(
      'pickup_24h_rate',
      'logistics',
      'rate',
      'ratio',
      true,
      'orders collected by the carrier within 24 h of payment ÷ orders paid in the window at least 24 h before its end, not cancelled',
    ),
    m(
      'delivery_hours',
      'logistics',
      'mean',
      'hours',
      false,
      'mean hours from payment to delivery of orders paid and delivered in the window',
    ),
    m(
      'logistics_negative_rate',
      'logistics',
      'rate',
      'ratio',
      false,
      'reviews with a logistics rating of 1–2 ÷ reviews written in the window',
    ),
    m(
      'first_response_seconds',
      'service',
      'mean',
      'seconds',
      false,
      'mean first-response time of customer-service sessions started in the window (unanswered sessions count as one hour, longer answers are capped at one hour)',
    ),
    m(
      'refusal_rate',
      'service',
      'rate',
      'ratio',
      false,
      'after-sales rejected by the store ÷ after-sales resolved in the window',
    ),
    m(
      'intervention_rate',
      'service',
      'rate',
      'ratio',
      false,
      'after-sales in which the platform intervened ÷ after-sales requested in the window',
    ),
    m(
      'aftersale_hours',
      'service',
      'mean',
      'hours',
      false,
      'mean hours from an after-sale request to its resolution, for requests resolved in the window',
    ),
    m(
      'service_rating',
      'service',
      'mean',
      'rating',
      true,
      'mean service rating (1–5) of reviews written in the window',
    ),
    m(
      'cancel_rate',
      'stability',
      'rate',
      'ratio',
      false,
      'orders paid in the window and then cancelled ÷ orders paid in the window',
    ),
    m(
      'stockout_rate',
      'stability',
      'rate',
      'ratio',
      false,
      'paid orders cancelled for being out of stock ÷ orders paid in the window',
    ),
    m(
      'violation_points',
      'stability',
      'value',
      'points',
      false,
      'penalty points of violations recorded by operators in the window',
    ),
  ],
  product: [
    m(
      'completeness',
      'information',
      'value',
      'percent',
      true,
      'detail completeness 0–100 (title, images, attributes, detail), as ingested',
    ),
    m(
      'sales_velocity',
      'heat',
      'relative',
      'percentile',
      true,
      'units sold per day in the window, ranked among products of the same category',
      'value',
      'units_per_day',
    ),
    m(
      'click_through',
      'heat',
      'relative',
      'percentile',
      true,
      'clicks ÷ exposures in the window (smoothed), ranked among products of the same category',
      'rate',
      'ratio',
    ),
    m(
      'favorite_rate',
      'heat',
      'relative',
      'percentile',
      true,
      'favorites and carts ÷ product views in the window (smoothed), ranked among products of the same category',
      'rate',
      'ratio',
    ),
    m(
      'quality_refund_rate',
      'quality',
      'rate',
      'ratio',
      false,
      'after-sales for quality reasons on the product requested in the window ÷ order lines of the product paid in the window',
    ),
    m(
      'negative_review_rate',
      'quality',
      'rate',
      'ratio',
      false,
      'reviews of the product with a rating of 1–2 ÷ its reviews written in the window',
    ),
    m(
      'product_rating',
      'quality',
      'mean',
      'rating',
      true,
      'mean product rating (1–5) of its reviews written in the window',
    ),
    m(
      'aftersale_hours',
      'service',
      'mean',
      'hours',
      false,
      'mean hours from an after-sale request on the product to its resolution',
    ),
    m(
      'dispute_rate',
      'service',
      'rate',
      'ratio',
      false,
      'after-sales on the product in which the platform intervened ÷ its after-sales requested in the window',
    ),
    m(
      'brand_strength',
      'brand',
      'relative',
      'percentile',
      true,
      "the brand's GMV in the window, ranked among the products of the same category (products without a brand rank last)",
      'value',
      'fen',
    ),
    m(
      'price_index',
      'price',
      'value',
      'index',
      false,
      "the product's lowest SKU price ÷ the median lowest price of products in the same category",
    ),
  ],
  creator: [
    m(
      'misdescription_rate',
      'content',
      'rate',
      'ratio',
      false,
      'after-sales saying "not as described" or "counterfeit" on orders the creator brought ÷ those orders',
    ),
    m(
      'repeat_rate',
      'content',
      'rate',
      'ratio',
      true,
      'buyers with two or more orders through the creator in the window ÷ buyers through the creator',
    ),
    m(
      'quality_refund_rate',
      'product',
      'rate',
      'ratio',
      false,
      'quality after-sales on orders the creator brought ÷ those orders (paid in the window, not cancelled)',
    ),
    m(
      'product_rating',
      'product',
      'mean',
      'rating',
      true,
      'mean product rating of reviews of orders the creator brought',
    ),
    m(
      'negative_review_rate',
      'product',
      'rate',
      'ratio',
      false,
      'reviews rated 1–2 ÷ reviews of orders the creator brought',
    ),
    m(
      'service_rating',
      'service',
      'mean',
      'rating',
      true,
      'mean service rating of reviews of orders the creator brought',
    ),
    m(
      'refusal_rate',
      'service',
      'rate',
      'ratio',
      false,
      'after-sales rejected ÷ after-sales resolved, on orders the creator brought',
    ),
    m(
      'delivery_hours',
      'service',
      'mean',
      'hours',
      false,
      'mean hours from payment to delivery of orders the creator brought',
    ),
  ],
};

export const DIMENSIONS: Record<ScoreKind, string[]> = {
  store: ['quality', 'logistics', 'service', 'stability'],
  product: ['information', 'heat', 'quality', 'service', 'brand', 'price'],
  creator: ['content', 'product', 'service'],
};

/** What the volume of each kind counts (minimum-volume rules and the API speak of it). */
export const VOLUME: Record<ScoreKind, string> = {
  store: 'orders paid in the window',
  product: 'units sold in the window',
  creator: 'orders the creator brought in the window',
};
