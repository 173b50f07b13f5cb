import { describe, expect, it } from 'vitest';
import { spendInRange } from './spread.ts';

describe('spendInRange', () => {
  it('splits a cost evenly over its days and takes the range part, exact to the fen', () => {
    // ¥100.00 over 3 days: 3,334 + 3,333 + 3,333.
    expect(spendInRange(10_000, '2026-11-01', '2026-11-03', '2026-11-01', '2026-11-01')).toBe(3_334);
    expect(spendInRange(10_000, '2026-11-01', '2026-11-03', '2026-11-02', '2026-11-30')).toBe(6_666);
    expect(spendInRange(10_000, '2026-11-01', '2026-11-03', '2026-10-01', '2026-10-31')).toBe(0);
    expect(spendInRange(10_000, '2026-11-01', '2026-11-03', '2026-10-01', '2026-12-31')).toBe(10_000);
  });
  it('ranges that tile the run add up to the total', () => {
    for (const total of [1, 7, 99_999, 123_456_789]) {
      let sum = 0;
      for (let d = 1; d <= 30; d += 4) {
        const from = `2026-11-${String(d).padStart(2, '0')}`;
        const to = `2026-11-${String(Math.min(30, d + 3)).padStart(2, '0')}`;
        sum += spendInRange(total, '2026-11-05', '2026-11-21', from, to);
      }
      expect(sum).toBe(total);
    }
  });
  it('a run with its last day before the first counts on the first day', () => {
    expect(spendInRange(500, '2026-11-05', '2026-11-04', '2026-11-05', '2026-11-05')).toBe(500);
    expect(spendInRange(500, '2026-11-05', '2026-11-04', '2026-11-06', '2026-11-09')).toBe(0);
  });
});
