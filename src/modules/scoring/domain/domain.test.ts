import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkConfig, DEFAULT_CONFIG, type ScoringConfig } from './config.ts';
import { explain } from './explain.ts';
import { METRICS, SCORE_KINDS } from './metrics.ts';
import { toPopulation, type RawRow } from './population.ts';
import { scorePopulation } from './score.ts';
import { ranks, spearman } from './stats.ts';

/** A store row with healthy figures, `orders` paid orders and reviews of the given mean rating. */
function store(id: string, orders: number, rating: number, extra: Partial<RawRow> = {}): RawRow {
  const n = orders;
  return {
    id,
    group_id: 'c1',
    volume: n,
    quality_refund_rate_a: Math.round(n * 0.01),
    quality_refund_rate_b: n,
    negative_review_rate_a: 0,
    negative_review_rate_b: n,
    product_rating_a: rating * n,
    product_rating_b: n,
    pickup_24h_rate_a: Math.round(n * 0.9),
    pickup_24h_rate_b: n,
    delivery_hours_a: 48 * n,
    delivery_hours_b: n,
    logistics_negative_rate_a: 0,
    logistics_negative_rate_b: n,
    first_response_seconds_a: 60 * n,
    first_response_seconds_b: n,
    refusal_rate_a: 0,
    refusal_rate_b: 1,
    intervention_rate_a: 0,
    intervention_rate_b: 1,
    aftersale_hours_a: 24,
    aftersale_hours_b: 1,
    service_rating_a: rating * n,
    service_rating_b: n,
    cancel_rate_a: Math.round(n * 0.02),
    cancel_rate_b: n,
    stockout_rate_a: 0,
    stockout_rate_b: n,
    violation_points_a: 0,
    violation_points_b: 1,
    ...extra,
  };
}

const peers = Array.from({ length: 20 }, (_, i) => store(`peer${i}`, 200, 4.3 + (i % 5) * 0.05));

describe('smoothing', () => {
  test('3 orders with all five stars does not outrank 3,000 orders at 4.9', () => {
    const pop = toPopulation('store', [store('tiny', 3, 5), store('big', 3000, 4.9), ...peers], 30);
    const s = scorePopulation('store', DEFAULT_CONFIG.store, pop);
    const tiny = pop.ids.indexOf('tiny');
    const big = pop.ids.indexOf('big');
    expect(s.score[big]!).toBeGreaterThan(s.score[tiny]!);
    // The tiny store's rating is pulled most of the way to its category's (≈ 4.61): (15 + 30 × 4.61) / 33.
    const rating = METRICS.store.findIndex((d) => d.id === 'product_rating');
    expect(s.values[rating]![tiny]!).toBeCloseTo((15 + (30 * (4000 * 4.4 + 14_700 + 15)) / 7003) / 33, 3);
    expect(s.values[rating]![tiny]!).toBeLessThan(s.values[rating]![big]!);
    expect(s.values[rating]![big]!).toBeGreaterThan(4.85);
    expect(s.grade[tiny]).toBe('N');
    expect(s.provisional[tiny]).toBe(1);
    expect(s.grade[big]).not.toBe('N');
  });

  test('without smoothing the tiny store would win: the prior is what stops it', () => {
    const raw: typeof DEFAULT_CONFIG.store = { ...DEFAULT_CONFIG.store, priorStrength: 0 };
    const pop = toPopulation('store', [store('tiny', 3, 5), store('big', 3000, 4.9), ...peers], 30);
    const s = scorePopulation('store', raw, pop);
    expect(s.score[pop.ids.indexOf('tiny')]!).toBeGreaterThan(s.score[pop.ids.indexOf('big')]!);
  });

  test('a metric without data anywhere is left out, not counted as zero', () => {
    const rows = [store('a', 100, 4.5), store('b', 100, 4.5)].map((r) => ({
      ...r,
      first_response_seconds_a: 0,
      first_response_seconds_b: 0,
    }));
    const s = scorePopulation('store', DEFAULT_CONFIG.store, toPopulation('store', rows, 30));
    const j = METRICS.store.findIndex((d) => d.id === 'first_response_seconds');
    expect(Number.isNaN(s.values[j]![0]!)).toBe(true);
    const withData = scorePopulation(
      'store',
      DEFAULT_CONFIG.store,
      toPopulation('store', [store('a', 100, 4.5)], 30),
    );
    // Leaving out a metric re-weights the others rather than dragging the score down.
    expect(Math.abs(s.score[0]! - withData.score[0]!)).toBeLessThan(0.2);
  });
});

describe('score math', () => {
  test('scores stay on the scale, percentiles in [0, 1], and better figures never score lower', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ n: fc.integer({ min: 0, max: 500 }), r: fc.double({ min: 1, max: 5, noNaN: true }) }),
          {
            minLength: 2,
            maxLength: 30,
          },
        ),
        (xs) => {
          const rows = xs.map((x, i) => store(`s${i}`, x.n, x.r));
          const pop = toPopulation('store', rows, 30);
          const s = scorePopulation('store', DEFAULT_CONFIG.store, pop);
          for (let i = 0; i < rows.length; i++) {
            expect(s.score[i]!).toBeGreaterThanOrEqual(3);
            expect(s.score[i]!).toBeLessThanOrEqual(5);
            for (const p of s.pct) if (!Number.isNaN(p[i]!)) expect(p[i]!).toBeGreaterThanOrEqual(0);
          }
          // Same volume, higher rating: never a lower score.
          const a = store('x', 100, 4),
            b = store('y', 100, 4.8);
          const t = scorePopulation(
            'store',
            DEFAULT_CONFIG.store,
            toPopulation('store', [...rows, a, b], 30),
          );
          expect(t.score[rows.length + 1]!).toBeGreaterThanOrEqual(t.score[rows.length]!);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('percentiles rank within the peer group only', () => {
    const rows = [
      { ...store('a', 100, 4.0), group_id: 'g1' },
      { ...store('b', 100, 4.5), group_id: 'g1' },
      { ...store('c', 100, 3.0), group_id: 'g2' },
    ];
    const s = scorePopulation('store', DEFAULT_CONFIG.store, toPopulation('store', rows, 30));
    const j = METRICS.store.findIndex((d) => d.id === 'product_rating');
    expect([s.pct[j]![0], s.pct[j]![1], s.pct[j]![2]]).toEqual([0, 1, 0.5]);
  });

  test('ties share the middle rank, and for lower-is-better metrics the lowest value ranks best', () => {
    const rows = [0, 1, 1, 3].map((k, i) => store(`t${i}`, 100, 4.5, { quality_refund_rate_a: k }));
    const cfg = { ...DEFAULT_CONFIG.store, priorStrength: 0 };
    const s = scorePopulation('store', cfg, toPopulation('store', rows, 30));
    const refunds = METRICS.store.findIndex((d) => d.id === 'quality_refund_rate');
    const rating = METRICS.store.findIndex((d) => d.id === 'product_rating');
    expect(Array.from(s.pct[refunds]!)).toEqual([1, 0.5, 0.5, 0]);
    expect(Array.from(s.pct[rating]!)).toEqual([0.5, 0.5, 0.5, 0.5]); // all equal: everyone in the middle
  });

  test('product price index and brand strength are computed within the category', () => {
    const p = (id: string, price: number, brand: string | null, gmv: number, cat = 'leaf'): RawRow => ({
      id,
      group_id: cat,
      brand_id: brand,
      volume: 30,
      gmv,
      price,
      completeness_a: 80,
      completeness_b: 1,
    });
    const pop = toPopulation(
      'product',
      [p('a', 100, 'b1', 500), p('b', 200, 'b1', 700), p('c', 300, null, 9000)],
      30,
    );
    const idx = (id: string) => METRICS.product.findIndex((d) => d.id === id);
    expect(Array.from(pop.metrics.price_index!.a)).toEqual([0.5, 1, 1.5]);
    expect(Array.from(pop.metrics.brand_strength!.a)).toEqual([1200, 1200, 0]);
    expect(Array.from(pop.metrics.sales_velocity!.a)).toEqual([1, 1, 1]);
    const s = scorePopulation('product', DEFAULT_CONFIG.product, pop);
    expect(s.pct[idx('brand_strength')]![2]).toBe(0); // no brand ranks last
    expect(s.pct[idx('price_index')]![0]).toBe(1); // cheapest is most competitive
  });
});

describe('explanation', () => {
  test('contributions and missed points add up to the score; advice names the biggest gaps first', () => {
    const rows = [
      store('weak', 300, 3.6, { pickup_24h_rate_a: 60, first_response_seconds_a: 300 * 300 }),
      ...peers,
    ];
    const pop = toPopulation('store', rows, 30);
    const s = scorePopulation('store', DEFAULT_CONFIG.store, pop);
    const at = (cols: Float64Array[]) => cols.map((c) => (Number.isNaN(c[0]!) ? null : c[0]!));
    const e = explain('store', DEFAULT_CONFIG.store, {
      values: at(s.values),
      pct: at(s.pct),
      dims: at(s.dims),
    });
    const earned = e.metrics.reduce((a, m) => a + m.contribution, 0);
    const missed = e.metrics.reduce((a, m) => a + m.missed, 0);
    expect(3 + earned).toBeCloseTo(s.score[0]!, 1);
    expect(earned + missed).toBeCloseTo(2, 2);
    expect(e.advice.length).toBeGreaterThan(0);
    expect(e.advice.map((a) => a.gain)).toEqual([...e.advice.map((a) => a.gain)].sort((x, y) => y - x));
    expect(e.advice.map((a) => a.metric)).toContain('pickup_24h_rate');
    expect(e.advice[0]!.text).toMatch(/now .* aim for .*\(up to \+/);
  });
});

describe('configuration', () => {
  test('the defaults are valid', () => expect(checkConfig(DEFAULT_CONFIG)).toEqual([]));
  test('mistakes name their field', () => {
    const bad = structuredClone(DEFAULT_CONFIG) as ScoringConfig;
    bad.store.metrics.cancel_rate = { weight: 1, floor: 0.01, target: 0.12 }; // lower is better: target above floor
    bad.product.dimensions.heat = -1;
    bad.creator.grades = [
      { grade: 'A', min: 4 },
      { grade: 'B', min: 4.5 },
    ];
    (bad.store.metrics as Record<string, unknown>).made_up = { weight: 1, floor: 0, target: 1 };
    const fields = checkConfig(bad).map((i) => `${i.field}:${i.code}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'store.metrics.cancel_rate.target:floor_target_direction',
        'product.dimensions.heat:weight_range',
        'creator.grades.1.min:grades_order',
        'store.metrics.made_up:unknown_metric',
      ]),
    );
  });
});

describe('rank statistics', () => {
  test('mid-ranks and Spearman', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
  });
});

describe('documentation', () => {
  test('docs/scoring.md documents every metric of the catalogue', () => {
    const doc = fs.readFileSync(new URL('../../../../docs/scoring.md', import.meta.url), 'utf8');
    for (const kind of SCORE_KINDS)
      for (const d of METRICS[kind]) expect(doc, `${kind} ${d.id}`).toContain(`\`${d.id}\``);
  });
});
