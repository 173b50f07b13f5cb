import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Bitmap } from '../bitmap.ts';
import { bucketOf, isHoldout, splitAudience } from './split.ts';

describe('splitAudience', () => {
  test('partitions the members deterministically, agreeing with isHoldout', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 50 }),
        (id, members, pct) => {
          const m = Bitmap.from(members);
          const a = splitAudience(id, m, pct);
          const b = splitAudience(id, m, pct);
          expect([...a.treatment]).toEqual([...b.treatment]);
          expect([...a.holdout]).toEqual([...b.holdout]);
          expect(a.treatment.andCardinality(a.holdout)).toBe(0);
          expect(a.treatment.size + a.holdout.size).toBe(m.size);
          for (const i of a.holdout) expect(isHoldout(id, i, pct)).toBe(true);
          for (const i of a.treatment) expect(isHoldout(id, i, pct)).toBe(false);
        },
      ),
    );
  });

  test('holds out close to the asked share, independently per activation', () => {
    const m = Bitmap.fromRange(1, 100_001);
    for (const pct of [0, 5, 10, 25, 50]) {
      const { holdout } = splitAudience('act_x', m, pct);
      // Binomial sd at 100k users is under 0.16 points.
      expect(Math.abs((holdout.size / m.size) * 100 - pct)).toBeLessThan(0.6);
    }
    const a = splitAudience('act_a', m, 10).holdout;
    const b = splitAudience('act_b', m, 10).holdout;
    // Independent splits overlap on about 10% × 10% of users, not 10%.
    expect(a.andCardinality(b) / m.size).toBeGreaterThan(0.007);
    expect(a.andCardinality(b) / m.size).toBeLessThan(0.013);
  });

  test('a user keeps its group as the holdout share grows (monotone buckets)', () => {
    const id = 'act_mono';
    for (let idx = 0; idx < 2000; idx++) {
      const b = bucketOf(id, idx);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(10_000);
      if (isHoldout(id, idx, 10)) expect(isHoldout(id, idx, 20)).toBe(true);
    }
  });
});
