import { describe, expect, test } from 'vitest';
import {
  bandScore,
  demandPerProduct,
  demandScore,
  growth,
  median,
  normaliseQuery,
  priceBands,
  publicFigure,
  relative,
  smoothedGrowth,
  squash,
  trendScore,
  weightedQuantiles,
} from './opportunities.ts';

describe('score components', () => {
  test('squash maps a ratio to 0..1 with 0.5 at the basis', () => {
    expect(squash(1)).toBe(0.5);
    expect(squash(3)).toBe(0.75);
    expect(squash(Number.POSITIVE_INFINITY)).toBe(1);
    expect(squash(-2)).toBe(0);
    expect(squash(Number.NaN)).toBe(0);
  });
  test('relative is neutral without a basis', () => {
    expect(relative(6, 3)).toBe(2);
    expect(relative(6, 0)).toBe(1);
    expect(relative(null, 3)).toBe(1);
    expect(relative(6, null)).toBe(1);
  });
  test('growth: plain and smoothed', () => {
    expect(growth(40, 5)).toBe(7);
    expect(growth(3, 0)).toBeNull();
    // (45 + 5) / (5 + 5)
    expect(smoothedGrowth(45, 5)).toBe(5);
    expect(smoothedGrowth(0, 0)).toBe(1);
  });
  test('median ignores nulls', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, null, 1, 3, 2])).toBe(2.5);
    expect(median([null])).toBeNull();
  });
  test('demand per product counts no products as one', () => {
    expect(demandPerProduct(30, 6)).toBe(5);
    expect(demandPerProduct(30, 0)).toBe(30);
  });
  test('normalised queries', () => {
    expect(normaliseQuery('  Red \t  Dress ')).toBe('red dress');
    expect(normaliseQuery('连衣裙')).toBe('连衣裙');
  });
});

describe('demandScore', () => {
  test('everything at its basis scores 50', () => {
    expect(
      demandScore({
        searches: 20,
        prevSearches: 20,
        demandPerProduct: 4,
        medianDemandPerProduct: 4,
        conversion: 0.1,
        medianConversion: 0.1,
      }),
    ).toBe(50);
  });
  test('hand-computed: 0.4·h(5) + 0.4·h(2) + 0.2·h(1)', () => {
    // growth (45+5)/(5+5) = 5 → 5/6; demand per product 10 vs 5 → 2/3; conversion at the median → 1/2
    // 100 × (0.4 × 0.8333 + 0.4 × 0.6667 + 0.2 × 0.5) = 70
    expect(
      demandScore({
        searches: 45,
        prevSearches: 5,
        demandPerProduct: 10,
        medianDemandPerProduct: 5,
        conversion: 0.05,
        medianConversion: 0.05,
      }),
    ).toBe(70);
  });
  test('falling demand with plenty of supply scores under 50', () => {
    // growth (5+5)/(15+5) = 0.5 → 1/3; dpp 1 vs 4 → 0.2; unknown conversion → 0.5: 100 × (0.1333 + 0.08 + 0.1)
    expect(
      demandScore({
        searches: 5,
        prevSearches: 15,
        demandPerProduct: 1,
        medianDemandPerProduct: 4,
        conversion: null,
        medianConversion: 0.1,
      }),
    ).toBe(31.3);
  });
});

describe('price bands', () => {
  const even = [100, 200, 300, 400, 500].map((price) => ({ price, n: 10 }));
  test('weighted quintiles', () => {
    expect(weightedQuantiles(even, [0.2, 0.4, 0.6, 0.8])).toEqual([100, 200, 300, 400]);
    // 30 units at 100 and 10 at 900: the first three quintiles are 100 (cumulative 30 ≥ 0.6 × 40 = 24)
    expect(
      weightedQuantiles(
        [
          { price: 900, n: 10 },
          { price: 100, n: 30 },
        ],
        [0.2, 0.4, 0.6, 0.8],
      ),
    ).toEqual([100, 100, 100, 900]);
    expect(weightedQuantiles([], [0.5])).toBeNull();
  });
  test('bands end at their edge; shares and gaps', () => {
    const supply = [50, 150, 150, 450, 600].map((price) => ({ price, n: 1 }));
    const b = priceBands(even, supply);
    expect(b.map((x) => [x.min, x.max])).toEqual([
      [0, 100],
      [101, 200],
      [201, 300],
      [301, 400],
      [401, null],
    ]);
    expect(b.map((x) => x.demandShare)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(b.map((x) => x.supplyShare)).toEqual([0.2, 0.4, 0, 0, 0.4]);
    expect(b.map((x) => Math.round(x.gap * 100) / 100)).toEqual([0, -0.2, 0.2, 0.2, -0.2]);
    expect(b.map((x) => x.supplySkus)).toEqual([1, 2, 0, 0, 2]);
  });
  test('equal quantiles collapse into one band', () => {
    const b = priceBands(
      [{ price: 3000, n: 25 }],
      [3000, 8000, 8000, 8000].map((price) => ({ price, n: 1 })),
    );
    expect(b).toHaveLength(2);
    expect(b[0]).toMatchObject({ min: 0, max: 3000, demandShare: 1, supplyShare: 0.25, gap: 0.75 });
    expect(b[1]).toMatchObject({ min: 3001, max: null, demandShare: 0, supplyShare: 0.75, gap: -0.75 });
  });
  test('no paid units: no bands', () => {
    expect(priceBands([], [{ price: 1, n: 1 }])).toEqual([]);
  });
  test('band score', () => {
    expect(bandScore(0.2, 0.05)).toBe(80);
    expect(bandScore(0.2, 0)).toBe(100);
    expect(bandScore(0.2, 0.2)).toBe(50);
    expect(bandScore(0, 0.1)).toBe(0);
  });
});

describe('products', () => {
  test('trend score', () => {
    // (15 + 5) / (5 + 5) = 2 → 2/3
    expect(trendScore(15, 5)).toBe(66.7);
    expect(trendScore(5, 5)).toBe(50);
  });
  test('public figures are rounded down to one significant digit', () => {
    expect(publicFigure(1234)).toBe(1000);
    expect(publicFigure(87)).toBe(80);
    expect(publicFigure(25)).toBe(20);
    expect(publicFigure(7)).toBe(7);
    expect(publicFigure(0)).toBe(0);
  });
});
