import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { attribute, positionWeights } from './attribution.ts';
import { SOURCES } from './sources.ts';

describe('position weights', () => {
  test('40 / 40 / 20 split over the middle; 1 touch 100%, 2 touches 50/50', () => {
    const share = (n: number) => {
      const w = positionWeights(n);
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((x) => x / s);
    };
    expect(share(1)).toEqual([1]);
    expect(share(2)).toEqual([0.5, 0.5]);
    expect(share(3)).toEqual([0.4, 0.2, 0.4]);
    expect(share(4)).toEqual([0.4, 0.1, 0.1, 0.4]);
    expect(share(6).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.4, 0.05, 0.05, 0.05, 0.05, 0.4]);
  });
});

describe('attribute', () => {
  test('hand-computed: three orders', () => {
    const t = attribute([
      // search → feed → live: last touch live; position 40/20/40 of 10001 fen = 4000.4 / 2000.2 / 4000.4
      { gmv: 10_001, path: ['search', 'feed', 'live'], fallback: 'other' },
      // two touches of the same source: all of it to ads under both models
      { gmv: 999, path: ['ads', 'ads'], fallback: 'search' },
      // no touch: the order's own source
      { gmv: 500, path: [], fallback: 'creator' },
    ]);
    expect(t.orders).toBe(3);
    expect(t.ordersWithPath).toBe(2);
    expect(t.touches).toBe(5);
    expect(Object.fromEntries(t.lastTouch)).toEqual({
      live: { orders: 1, gmv: 10_001 },
      ads: { orders: 1, gmv: 999 },
      creator: { orders: 1, gmv: 500 },
    });
    const pb = Object.fromEntries(t.positionBased);
    // largest remainder: 4000.4, 2000.2, 4000.4 → 4000, 2000, 4000 and the extra fen to the first of the largest
    // remainders (ties to the earlier index)
    expect(pb.search).toEqual({ orders: 0.4, gmv: 4001 });
    expect(pb.feed).toEqual({ orders: 0.2, gmv: 2000 });
    expect(pb.live).toEqual({ orders: 0.4, gmv: 4000 });
    expect(pb.ads).toEqual({ orders: 1, gmv: 999 });
    expect(pb.creator).toEqual({ orders: 1, gmv: 500 });
  });

  test('both models credit every fen and every order exactly once', () => {
    const order = fc.record({
      gmv: fc.integer({ min: 0, max: 10_000_000 }),
      path: fc.array(fc.constantFrom(...SOURCES), { maxLength: 12 }),
      fallback: fc.constantFrom(...SOURCES),
    });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 40 }), (orders) => {
        const t = attribute(orders);
        const gmv = orders.reduce((a, o) => a + o.gmv, 0);
        for (const m of [t.lastTouch, t.positionBased]) {
          const cs = [...m.values()];
          expect(cs.reduce((a, c) => a + c.gmv, 0)).toBe(gmv);
          expect(cs.every((c) => Number.isInteger(c.gmv) && c.gmv >= 0)).toBe(true);
          expect(cs.reduce((a, c) => a + c.orders, 0)).toBeCloseTo(orders.length, 9);
        }
      }),
    );
  });
});
