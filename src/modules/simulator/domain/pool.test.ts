import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { buildPool, poolPick } from './world.ts';

describe('poolPick', () => {
  it('draws exactly the item the binary search of Rng.cumulative finds for the same stream', () => {
    const shape = new Rng(1, 2, 3, 4);
    for (const n of [1, 2, 3, 17, 1000, 20_000]) {
      // Long-tailed weights with ties and near-zero ones, as product popularity is.
      const weights = Array.from({ length: n }, (_, i) =>
        i % 7 === 0 ? 0 : i % 5 === 0 ? 3 : shape.lognormal(1, 2),
      );
      const pool = buildPool(
        weights.map((_, i) => i * 10),
        (it) => weights[it / 10]!,
      );
      const a = new Rng(n, 9, 8, 7);
      const b = new Rng(n, 9, 8, 7);
      for (let k = 0; k < 20_000; k++) expect(poolPick(pool, a)).toBe(pool.items[b.cumulative(pool.cum)]);
    }
  });

  it('is -1 on an empty pool without drawing', () => {
    const r = new Rng(5, 6, 7, 8);
    expect(
      poolPick(
        buildPool([], () => 1),
        r,
      ),
    ).toBe(-1);
    expect(r.next()).toBe(new Rng(5, 6, 7, 8).next());
  });
});
