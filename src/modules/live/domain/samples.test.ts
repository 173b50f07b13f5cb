import { describe, expect, test } from 'vitest';
import {
  DEFAULT_POLICY,
  decide,
  dueOn,
  isLate,
  next,
  SAMPLE_ACTIONS,
  SAMPLE_STATUSES,
  viewStatus,
} from './samples.ts';

describe('decide', () => {
  const policy = { ...DEFAULT_POLICY, minCreatorScore: 4.2, minFollowers: 10_000 };
  test('the score rule comes first, then followers; a creator without a score misses a score minimum', () => {
    expect(decide(policy, { score: 4.19, followers: 5 })).toMatchObject({
      status: 'rejected',
      reasonCode: 'creator_score_below_minimum',
    });
    expect(decide(policy, { score: null, followers: 1e6 }).reasonCode).toBe('creator_score_below_minimum');
    expect(decide(policy, { score: 4.2, followers: 9_999 })).toMatchObject({
      status: 'rejected',
      reasonCode: 'followers_below_minimum',
      reason: 'the merchant asks for at least 10000 followers; you have 9999',
    });
    expect(decide(policy, { score: 4.2, followers: 10_000 })).toEqual({
      status: 'requested',
      reasonCode: null,
      reason: null,
    });
    expect(decide({ ...policy, autoApprove: true }, { score: 5, followers: 10_000 }).status).toBe('approved');
  });
  test('no minimum: a creator without a score passes', () => {
    expect(decide(DEFAULT_POLICY, { score: null, followers: 0 }).status).toBe('requested');
  });
});

describe('next', () => {
  test('the allowed transitions, and nothing else', () => {
    const allowed: string[] = [];
    for (const s of SAMPLE_STATUSES)
      for (const a of SAMPLE_ACTIONS)
        for (const ret of [false, true]) {
          const n = next(s, a, ret);
          if (n) allowed.push(`${s} ${a}${ret ? ' (return)' : ''} → ${n}`);
        }
    expect(allowed).toEqual([
      'requested approve → approved',
      'requested approve (return) → approved',
      'requested reject → rejected',
      'requested reject (return) → rejected',
      'approved ship → shipped',
      'approved ship (return) → shipped',
      'shipped receive → received',
      'shipped receive (return) → received',
      'received fulfil → fulfilled',
      'received fulfil (return) → fulfilled',
      'fulfilled return (return) → returned',
      'overdue fulfil → fulfilled',
      'overdue fulfil (return) → fulfilled',
      'overdue return (return) → returned',
    ]);
  });
});

describe('due days and overdue', () => {
  test('content is due contentDays after the day received, across months and years', () => {
    expect(dueOn('2026-11-20', 14)).toBe('2026-12-04');
    expect(dueOn('2026-12-25', 14)).toBe('2027-01-08');
    expect(dueOn('2028-02-28', 1)).toBe('2028-02-29');
  });
  test('a received sample is overdue only after the due day; other statuses never', () => {
    expect(viewStatus('received', '2026-12-04', '2026-12-04')).toBe('received');
    expect(viewStatus('received', '2026-12-04', '2026-12-05')).toBe('overdue');
    expect(viewStatus('fulfilled', '2026-12-04', '2027-01-05')).toBe('fulfilled');
    expect(viewStatus('shipped', null, '2027-01-05')).toBe('shipped');
    expect(isLate('2026-12-04', '2026-12-04')).toBe(false);
    expect(isLate('2026-12-04', '2026-12-05')).toBe(true);
  });
});
