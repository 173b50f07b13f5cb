import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  bareTopK,
  buildMatchIndex,
  gpmNorm,
  overlapCounts,
  overlapNorm,
  type RawMatchData,
  rateNorm,
  reachNorm,
  recommendCreators,
  smoothedGpm,
  smoothedViews,
  storeOverlap,
  TopK,
  typicalFollowers,
  WEIGHTS,
  womNorm,
} from './match.ts';

describe('top-k heap', () => {
  test('keeps exactly the k best of a sort (ties to the lower id)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), fc.nat(30), (xs, k) => {
        const h = new TopK(k);
        xs.forEach((x, i) => {
          h.push(x, i);
        });
        const want = xs
          .map((score, id) => ({ score, id }))
          .sort((a, b) => b.score - a.score || a.id - b.id)
          .slice(0, k);
        expect(h.sorted()).toEqual(want);
      }),
    );
  });

  test('the bare anchor ranks by the weighted sum', () => {
    const f = Float32Array.from([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(bareTopK(f, Float32Array.from([0.5, 0.3, 0, 0, 0.9, 0.7]), 2)).toEqual([2, 3]);
  });
});

describe('features', () => {
  test('weights sum to 1', () => {
    expect(Object.values(WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  test('GPM is smoothed toward the category mean: one lucky session moves it part of the way', () => {
    const prior = { gpm: 100_000, viewsPerSession: 500 };
    // No history: the mean. A session of 500 views at 10× the mean: (500·1000 + 1000·100) / 1500 views.
    expect(smoothedGpm(0, 0, prior)).toBe(100_000);
    const lucky = smoothedGpm(500_000, 500, prior);
    expect(lucky).toBeCloseTo(((500_000 + 1000 * 100) / 1500) * 1000, 6);
    expect(lucky).toBeLessThan(1_000_000 / 2); // its raw GPM is 1,000,000
    // Twenty such sessions approach the creator's own rate.
    expect(smoothedGpm(20 * 500_000, 20 * 500, prior)).toBeGreaterThan(900_000);
    expect(gpmNorm(100_000, 100_000)).toBe(0.5);
    expect(gpmNorm(300_000, 100_000)).toBe(0.75);
  });

  test('reach: half followers against the category typical, half smoothed views per session', () => {
    // 400 views over 2 sessions against a category of 100 per session: (400 + 2·100) / (2 + 2) = 150.
    expect(smoothedViews(400, 2, 100)).toBe(150);
    expect(smoothedViews(0, 0, 100)).toBe(100); // no sessions: the category's
    // Typical followers 1,000: 3,000 followers → 0.75; 150 views/session vs 100 → 0.6.
    expect(reachNorm(3000, 1000, 150, 100)).toBeCloseTo(0.5 * 0.75 + 0.5 * 0.6, 12);
    expect(reachNorm(1000, 1000, 100, 100)).toBe(0.5);
    expect(reachNorm(0, 0, 0, 0)).toBe(0.5); // nothing known: mid-scale
  });

  test('normalizations stay in 0..1', () => {
    expect(womNorm(Number.NaN)).toBe(0.5);
    expect(womNorm(5)).toBe(1);
    expect(womNorm(3)).toBe(0);
    expect(womNorm(4.2)).toBeCloseTo(0.6, 12);
    expect(rateNorm(4500)).toBe(1);
    expect(rateNorm(1500)).toBe(0.5);
    expect(overlapNorm(0.002, 0.004)).toBe(0.2); // the floor (1%) applies when the best share is small
    expect(overlapNorm(0.1, 0.2)).toBe(0.5);
    expect(overlapNorm(0, 0.2)).toBe(0);
  });
});

const raw = (): RawMatchData => ({
  asOf: '2026-11-01',
  categories: [
    { id: 'a', l1: 'a' },
    { id: 'a1', l1: 'a' },
    { id: 'b', l1: 'b' },
  ],
  creators: [
    { id: 'x', name: 'X', followers: 1, categories: ['a1'] },
    { id: 'y', name: 'Y', followers: 1, categories: ['b'] },
    { id: 'z', name: 'Z', followers: 1, categories: ['b'] },
  ],
  sales: [
    { creatorId: 'x', l1: 'a', gmv: 300 },
    { creatorId: 'x', l1: 'b', gmv: 100 },
  ],
  sessions: [],
  wom: [],
  exclusive: [],
  audience: [
    { consumerId: 'u1', creatorIds: ['x', 'y', 'y'] },
    { consumerId: 'u2', creatorIds: ['y'] },
    { consumerId: 'u3', creatorIds: ['z'] },
  ],
  purchases: [
    { consumerId: 'u1', storeIds: ['s'] },
    { consumerId: 'u2', storeIds: ['s', 't'] },
    { consumerId: 'u4', storeIds: ['s'] },
  ],
  stores: [
    { id: 's', merchantId: 'm', l1: 'a' },
    { id: 't', merchantId: 'm', l1: 'b' },
  ],
  plans: [],
});

describe('index and pass', () => {
  test('the inverted walk counts each store buyer once per creator', () => {
    const ix = buildMatchIndex(raw(), 0);
    const s = ix.stores.index.get('s')!;
    const { counts, touched, max } = overlapCounts(ix, s);
    const byId = Object.fromEntries(ix.creators.ids.map((id, i) => [id, counts[i]]));
    expect(byId).toEqual({ x: 1, y: 2, z: 0 });
    expect(max).toBe(2);
    for (const c of touched) counts[c] = 0;
    // The reverse walk (products direction) agrees: y's audience u1, u2 bought at s (2) and t (1).
    const yOverlap = storeOverlap(ix, ix.creators.index.get('y')!);
    expect(yOverlap.get(s)).toBe(2);
    expect(yOverlap.get(ix.stores.index.get('t')!)).toBe(1);
  });

  test('category fit from declarations and sales shares; no fit and no overlap is not eligible', () => {
    const ix = buildMatchIndex(raw(), 0);
    const s = ix.stores.index.get('s')!;
    const r = recommendCreators(ix, { store: s, l1: ix.stores.l1[s]!, merchantId: 'm', rateBp: 0, k: 10 });
    expect(r.evaluated).toBe(2); // z: no fit in a, no overlap
    const x = r.items.find((i) => ix.creators.ids[i.creator] === 'x')!;
    expect(x.reasons[0]!.value).toBeCloseTo(0.5 + 0.5 * 0.75, 6); // declares a (via a1), 75% of sales in a
    // The walk's scratch buffer is left clean for the next request.
    expect(overlapCounts(ix, ix.stores.index.get('t')!).max).toBe(1);
  });

  test('typical followers per category: the geometric mean of 1 + followers of its declaring creators, minus 1', () => {
    const data = raw();
    data.creators = [
      { id: 'x', name: 'X', followers: 99, categories: ['a1'] },
      { id: 'y', name: 'Y', followers: 9999, categories: ['a', 'b'] },
      { id: 'z', name: 'Z', followers: 0, categories: [] },
    ];
    const ix = buildMatchIndex(data, 0);
    const [a, b] = [0, 1]; // l1 ids sorted: a, b
    expect(typicalFollowers(ix, a)).toBeCloseTo(Math.sqrt(100 * 10000) - 1, 6); // 999
    expect(typicalFollowers(ix, b)).toBeCloseTo(9999, 6);
    expect(typicalFollowers(ix, -1)).toBeCloseTo(Math.cbrt(100 * 10000 * 1) - 1, 6); // every creator: 99
    // The pass and the explanation agree on reach: the heap's order is the explained scores' order.
    const s = ix.stores.index.get('s')!;
    const r = recommendCreators(ix, { store: s, l1: a, merchantId: 'm', rateBp: 0, k: 10 });
    for (const it of r.items) {
      expect(it.reasons.map((x) => x.code).at(-1)).toBe('reach');
      expect(it.reasons.reduce((t, x) => t + x.contribution, 0)).toBeCloseTo(it.score, 6);
    }
    const y = r.items.find((i) => ix.creators.ids[i.creator] === 'y')!;
    // y: 9,999 followers vs a's typical 999 → 0.909…; no sessions anywhere → the views half is 0.5.
    expect(y.reasons[5]!.contribution).toBeCloseTo(WEIGHTS.reach * (0.5 * (9999 / (9999 + 999)) + 0.25), 6);
  });

  test('an exclusive creator is kept from other merchants only', () => {
    const data = raw();
    data.exclusive = [{ creatorId: 'y', merchantId: 'other' }];
    const ix = buildMatchIndex(data, 0);
    const s = ix.stores.index.get('s')!;
    const ids = (m: string) =>
      recommendCreators(ix, { store: s, l1: 0, merchantId: m, rateBp: 0, k: 10 }).items.map(
        (i) => ix.creators.ids[i.creator],
      );
    expect(ids('m')).toEqual(['x']);
    expect(ids('other').sort()).toEqual(['x', 'y']);
  });
});
