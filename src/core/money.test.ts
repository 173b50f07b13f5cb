import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyBp, formatFen, mulDiv, splitByWeights, splitEvenly } from './money.ts';

describe('applyBp', () => {
  test('rounds half away from zero to the fen', () => {
    expect(applyBp(12345, 150)).toBe(185); // 185.175
    expect(applyBp(100, 50)).toBe(1); // 0.5 → 1
    expect(applyBp(-100, 50)).toBe(-1);
    expect(applyBp(99, 50)).toBe(0); // 0.495
    expect(applyBp(0, 1234)).toBe(0);
  });
  test('stays exact for amounts near 2^53 (no float drift)', () => {
    expect(applyBp(9_000_000_000_000_000, 10)).toBe(9_000_000_000_000);
  });
  test('rejects fractional fen and fractional rates', () => {
    expect(() => applyBp(1.5, 100)).toThrow(RangeError);
    expect(() => applyBp(100, 1.5)).toThrow(RangeError);
  });
  test('mulDiv rounds like applyBp', () => {
    expect(mulDiv(1000, 1, 3)).toBe(333);
    expect(mulDiv(1000, 2, 3)).toBe(667);
    expect(() => mulDiv(1000, 1, 0)).toThrow(RangeError);
  });
});

describe('splitByWeights (largest remainder)', () => {
  test('known cases', () => {
    expect(splitByWeights(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByWeights(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(splitByWeights(1000, [3990, 5990])).toEqual([400, 600]);
    expect(splitByWeights(1, [1, 1])).toEqual([1, 0]);
    expect(splitByWeights(7, [0, 0])).toEqual([4, 3]);
    expect(splitEvenly(10, 3)).toEqual([4, 3, 3]);
  });

  test('parts always sum to the total and stay within one fen of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = splitByWeights(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            const exact = sum === 0 ? total / weights.length : (total * weights[i]!) / sum;
            expect(Math.abs(p - exact)).toBeLessThan(1);
            expect(Number.isInteger(p)).toBe(true);
          });
        },
      ),
    );
  });

  test('is deterministic and monotone in weight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 10 }),
        (total, weights) => {
          const a = splitByWeights(total, weights);
          expect(splitByWeights(total, weights)).toEqual(a);
          for (let i = 0; i < weights.length; i++)
            for (let j = 0; j < weights.length; j++)
              if (weights[i]! > weights[j]!) expect(a[i]!).toBeGreaterThanOrEqual(a[j]!);
        },
      ),
    );
  });

  test('rejects bad input', () => {
    expect(() => splitByWeights(10, [])).toThrow(RangeError);
    expect(() => splitByWeights(10, [-1, 2])).toThrow(RangeError);
    expect(() => splitByWeights(10.5, [1])).toThrow(RangeError);
    expect(splitByWeights(0, [])).toEqual([]);
  });
});

test('formatFen', () => {
  expect(formatFen(123456)).toBe('¥1,234.56');
  expect(formatFen(-5)).toBe('-¥0.05');
});

describe('fast paths agree with exact BigInt arithmetic', () => {
  const refBp = (a: number, bp: number) => {
    const p = BigInt(a) * BigInt(bp);
    const abs = p < 0n ? -p : p;
    const q = (abs * 2n + 10000n) / 20000n;
    return Number(p < 0n ? -q : q);
  };
  const refSplit = (total: number, ws: number[]) => {
    const sum = ws.reduce((a, b) => a + b, 0);
    const w = sum === 0 ? ws.map(() => 1) : ws;
    const s = BigInt(w.reduce((a, b) => a + b, 0));
    const t = BigInt(Math.abs(total));
    const parts = w.map((x) => (t * BigInt(x)) / s);
    const rems = w.map((x, i) => ({ i, r: (t * BigInt(x)) % s }));
    rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
    let left = t - parts.reduce((a, b) => a + b, 0n);
    for (let k = 0; left > 0n; k++, left--) parts[rems[k]!.i]! += 1n;
    return parts.map((p) => (total < 0 ? -Number(p) : Number(p)) || 0);
  };
  test('applyBp near and beyond 2^53', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
        fc.integer({ min: -20000, max: 20000 }),
        (a, bp) => {
          const want = refBp(a, bp);
          // ±2^52 × ±2 reaches ±2^53: past the safe integers, applyBp refuses rather than round.
          if (Number.isSafeInteger(want)) expect(applyBp(a, bp)).toBe(want);
          else expect(() => applyBp(a, bp)).toThrow(RangeError);
        },
      ),
    );
    expect(() => applyBp(2 ** 52, 20000)).toThrow(/exceeds the safe integer range/);
    expect(applyBp(2 ** 52 - 1, 20000)).toBe(2 ** 53 - 2);
  });
  test('splitByWeights with products around 2^53', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 13 }), { minLength: 1, maxLength: 12 }),
        (t, ws) => {
          expect(splitByWeights(t, ws)).toEqual(refSplit(t, ws));
        },
      ),
    );
  });
});
