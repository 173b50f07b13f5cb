import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { commissionOf, gpmOf, mulDivHalfUp, onTrack, results, termIssues } from './jobs.ts';

describe('commission arithmetic', () => {
  test('round half up to the fen', () => {
    expect(commissionOf(12_345, 1_000)).toBe(1_235); // 1234.5 → 1235
    expect(commissionOf(12_344, 1_000)).toBe(1_234); // 1234.4 → 1234
    expect(commissionOf(1, 5_000)).toBe(1); // 0.5 → 1
    expect(commissionOf(1, 4_999)).toBe(0);
    expect(commissionOf(0, 10_000)).toBe(0);
    expect(commissionOf(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
  });
  test('property: exact against the rational value, within half a fen, and monotone in GMV and rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 0, max: 10_000 }), (gmv, bp) => {
        const c = commissionOf(gmv, bp);
        // 10000 × c lies in (gmv × bp − 5000, gmv × bp + 5000]
        const scaled = BigInt(c) * 10_000n;
        const exact = BigInt(gmv) * BigInt(bp);
        expect(scaled - exact <= 5_000n && exact - scaled < 5_000n).toBe(true);
        expect(commissionOf(gmv + 1, bp)).toBeGreaterThanOrEqual(c);
        if (bp < 10_000) expect(commissionOf(gmv, bp + 1)).toBeGreaterThanOrEqual(c);
      }),
    );
  });
  test('GPM: fen per 1,000 views', () => {
    expect(gpmOf(100_000, 3)).toBe(33_333_333);
    expect(gpmOf(5, 2_000)).toBe(3); // 2.5 → 3
    expect(gpmOf(5, 0)).toBe(0);
    expect(mulDivHalfUp(7, 1, 2)).toBe(4);
  });
});

describe('onTrack', () => {
  const day = 86_400_000;
  test('sessions done must keep pace with the elapsed share of the period', () => {
    // 10 sessions over 10 days; 4 days in.
    expect(onTrack(4, 10, 0, 10 * day, 4 * day)).toBe(true);
    expect(onTrack(3, 10, 0, 10 * day, 4 * day)).toBe(false);
    expect(onTrack(0, 10, 0, 10 * day, -day)).toBe(true); // not started
    expect(onTrack(9, 10, 0, 10 * day, 20 * day)).toBe(false); // over, one short
    expect(onTrack(10, 10, 0, 10 * day, 20 * day)).toBe(true);
  });
  test('property: more sessions never fall off track; later never gets easier', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 100 * day }),
        fc.integer({ min: -day, max: 200 * day }),
        fc.integer({ min: 0, max: day }),
        (done, agreed, period, now, later) => {
          if (onTrack(done, agreed, 0, period, now))
            expect(onTrack(done + 1, agreed, 0, period, now)).toBe(true);
          if (onTrack(done, agreed, 0, period, now + later))
            expect(onTrack(done, agreed, 0, period, now)).toBe(true);
        },
      ),
    );
  });
});

describe('results', () => {
  test('sums the sessions, commission on the total, hours, GPM, on-track', () => {
    const h = 3_600_000;
    const r = results(
      [
        { id: 'a', title: 'A', startedAtMs: 0, endedAtMs: 2 * h, gmv: 10_001, orders: 3, views: 400 },
        {
          id: 'b',
          title: null,
          startedAtMs: 5 * h,
          endedAtMs: 5 * h + 90 * 60_000,
          gmv: 20_000,
          orders: 2,
          views: 600,
        },
        { id: 'c', title: 'live', startedAtMs: 10 * h, endedAtMs: null, gmv: 4, orders: 1, views: 0 },
      ],
      { sessions: 4, fixedFee: 50_000, commissionBp: 1_250, periodStartMs: 0, periodEndMs: 20 * h },
      11 * h,
    );
    expect(r).toMatchObject({
      sessionsDone: 2,
      sessionsAgreed: 4,
      hours: 4.5, // 2 + 1.5 + 1 (the live one so far)
      gmv: 30_005,
      orders: 6,
      views: 1_000,
      commission: 3_751, // 30005 × 12.5% = 3750.625
      fee: 50_000,
      total: 53_751,
      gpm: 30_005,
      onTrack: false, // 2 done × 20 h < 4 agreed × 11 h elapsed
    });
  });
  test('term rules', () => {
    const ok = {
      startsOn: '2026-11-01',
      endsOn: '2026-11-10',
      sessions: 5,
      hoursPerSession: 2.5,
      fixedFee: 0,
      commissionBp: 1000,
      minFollowers: 0,
    };
    expect(termIssues(ok)).toEqual([]);
    expect(
      termIssues({
        ...ok,
        endsOn: '2026-10-31',
        sessions: 0,
        hoursPerSession: 2.55,
        commissionBp: 10_001,
      }).map((i) => i.field),
    ).toEqual(['endsOn', 'sessions', 'hoursPerSession', 'commissionBp']);
  });
});
