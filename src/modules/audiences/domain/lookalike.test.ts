import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Bitmap } from '../bitmap.ts';
import { lookalike, tagWeights, topN } from './lookalike.ts';

describe('tagWeights', () => {
  test('over-represented tags weigh more; smoothing tempers tiny seeds', () => {
    const universe = Bitmap.fromRange(0, 1000);
    const seed = Bitmap.fromRange(0, 100);
    const tags = [
      // 80 of the 100 seed users, 100 of 1000 overall: lift 8.
      { key: 'hot', users: Bitmap.orMany([Bitmap.fromRange(0, 80), Bitmap.fromRange(900, 920)]) },
      // Same share in seed and universe: no weight.
      { key: 'flat', users: Bitmap.from(Array.from({ length: 100 }, (_, i) => i * 10)) },
      { key: 'cold', users: Bitmap.fromRange(500, 900) },
    ];
    const w = tagWeights(seed, universe, tags);
    expect(w.map((x) => x.key)).toEqual(['hot']);
    const pu = 0.1;
    expect(w[0]!.weight).toBeCloseTo(Math.log((80 + 20 * pu) / 120 / pu), 10);
    // A 2-user seed holding a rare tag: the smoothed lift stays modest.
    const tiny = tagWeights(Bitmap.of(1, 2), universe, [{ key: 'rare', users: Bitmap.of(1, 2, 3) }]);
    expect(tiny[0]!.weight).toBeLessThan(Math.log(2 / 2 / (3 / 1000)));
  });
});

describe('lookalike', () => {
  test('ranks holders of the seed’s distinctive tags first, never returns the seed, ties by index', () => {
    const universe = Bitmap.fromRange(0, 1000);
    const seed = Bitmap.fromRange(0, 50);
    const hot = Bitmap.orMany([Bitmap.fromRange(0, 50), Bitmap.of(700, 600, 990)]);
    const warm = Bitmap.orMany([Bitmap.fromRange(0, 30), Bitmap.of(600, 10, 300)]);
    const { users } = lookalike(
      seed,
      universe,
      [
        { key: 'hot', users: hot },
        { key: 'warm', users: warm },
      ],
      5,
    );
    // 600 holds both; 700 and 990 hot only; 300 warm only; then the lowest unscored index (50).
    expect([...users].sort((a, b) => a - b)).toEqual([50, 300, 600, 700, 990]);
    expect(users.andCardinality(seed)).toBe(0);
  });

  test('returns exactly min(size, candidates), excluding the seed and `exclude`', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 60 }),
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 80 }), { maxLength: 6 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 400 }),
        (seedA, tagA, exA, n) => {
          const universe = Bitmap.fromRange(0, 301);
          const seed = Bitmap.from(seedA);
          const exclude = Bitmap.from(exA);
          const tags = tagA.map((t, i) => ({ key: `t:${i}`, users: Bitmap.from(t) }));
          const { users } = lookalike(seed, universe, tags, n, { exclude });
          const candidates = Bitmap.andNot(Bitmap.andNot(universe, seed), exclude);
          expect(users.size).toBe(Math.min(n, candidates.size));
          expect(users.isSubset(candidates)).toBe(true);
        },
      ),
    );
  });

  test('topN takes the highest scores, ties at the cut by the lower index', () => {
    const idx = Uint32Array.from([3, 5, 8, 9]);
    const score = Float64Array.from([1, 2, 2, 0.5]);
    expect([...topN(idx, score, 1)]).toEqual([5]);
    expect([...topN(idx, score, 2)]).toEqual([5, 8]);
    expect([...topN(idx, score, 3)]).toEqual([3, 5, 8]);
    expect([...topN(idx, score, 10)]).toEqual([3, 5, 8, 9]);
    expect([...topN(idx, score, 0)]).toEqual([]);
  });

  test('topN agrees with a full sort by (score desc, index asc)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 200, maxLength: 200 }),
        fc.integer({ min: 1, max: 220 }),
        (ids, scores, n) => {
          const idx = Uint32Array.from(ids.sort((a, b) => a - b));
          const score = Float64Array.from(idx, (_, i) => scores[i]! / 2);
          const want = [...idx.keys()]
            .sort((a, b) => score[b]! - score[a]! || a - b)
            .slice(0, n)
            .map((i) => idx[i]!)
            .sort((a, b) => a - b);
          expect([...topN(idx, score, n)]).toEqual(want);
        },
      ),
    );
  });
});
