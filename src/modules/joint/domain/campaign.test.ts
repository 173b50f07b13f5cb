import { describe, expect, test } from 'vitest';
import { canMove, createIssues, statusOf } from './campaign.ts';
import { headline } from './headline.ts';
import { requirementIssues } from './requirements.ts';

const now = new Date('2026-11-10T00:00:00Z');
const base = { cancelled: false, startsAt: '2026-11-11T00:00:00Z', endsAt: '2026-11-12T00:00:00Z' };

describe('status', () => {
  test('derived from the clock; cancelled wins', () => {
    expect(statusOf(base, now)).toBe('inviting');
    expect(statusOf(base, new Date('2026-11-11T00:00:00Z'))).toBe('running');
    expect(statusOf(base, new Date('2026-11-12T00:00:00Z'))).toBe('ended');
    expect(statusOf({ ...base, cancelled: true }, now)).toBe('cancelled');
  });
  test('participant moves', () => {
    expect(canMove('invited', 'accepted')).toBe(true);
    expect(canMove('removed', 'accepted')).toBe(false);
    expect(canMove('declined', 'accepted')).toBe(true);
  });
});

describe('create checks', () => {
  const ok = { type: 'cross_store_threshold' as const, storeId: 's1', ...base };
  test('a valid body has no issues', () => expect(createIssues(ok, now, false)).toEqual([]));
  test('dates, funding, decoration, invitations', () => {
    const codes = (b: Parameters<typeof createIssues>[0], op = false) =>
      createIssues(b, now, op).map((i) => `${i.field}:${i.code}`);
    expect(codes({ ...ok, endsAt: ok.startsAt })).toEqual(['endsAt:end_before_start']);
    expect(codes({ ...ok, startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-11-02T00:00:00Z' })).toEqual([
      'endsAt:in_past',
    ]);
    expect(codes({ ...ok, funding: { mode: 'own_lines', platformFundedBp: 100 } })).toEqual([
      'funding.platformFundedBp:merchant_cannot_fund',
    ]);
    expect(codes({ ...ok, funding: { mode: 'own_lines', platformFundedBp: 100 } }, true)).toEqual([]);
    expect(codes({ ...ok, type: 'shared_decoration' })).toEqual(['decoration:required']);
    expect(codes({ ...ok, invite: ['s2', 's1'] })).toEqual(['invite.1:organiser_store']);
  });
});

describe('headline', () => {
  const c = { name: 'Autumn', nameZh: null, decoration: null, fanOffer: null };
  test('threshold tiers and every', () => {
    expect(
      headline({
        ...c,
        type: 'cross_store_threshold',
        rules: { rule: { type: 'amount_tiers', tiers: [{ min: 19900, off: 10000 }] } },
      }),
    ).toEqual({ en: '¥100 off ¥199 across stores', zh: '跨店满199减100' });
    expect(
      headline({
        ...c,
        type: 'cross_store_threshold',
        rules: { rule: { type: 'amount_every', every: 19900, off: 10000, cap: 30000 } },
      }),
    ).toEqual({ en: '¥100 off every ¥199 across stores, up to ¥300', zh: '跨店每满199减100，最高减300' });
  });
  test('coupons, fan offers and decoration', () => {
    expect(
      headline({
        ...c,
        type: 'cross_store_coupon',
        rules: { coupon: { type: 'amount', min: 9950, off: 1500 }, quantity: 10 },
      }),
    ).toEqual({
      en: '¥15 off ¥99.5 cross-store coupon',
      zh: '跨店券满99.5减15',
    });
    const h = headline({
      ...c,
      type: 'cross_store_coupon',
      rules: { coupon: { type: 'percent', min: 10000, rateBp: 8500 }, quantity: 10 },
      fanOffer: { rule: { type: 'amount', min: 5000, off: 500 } },
    });
    expect(h.zh).toBe('跨店券满100享8.5折；粉丝专享跨店券满50减5');
    expect(h.en).toBe('15% off ¥100+ cross-store coupon; fans: ¥5 off ¥50 cross-store fan coupon');
    expect(
      headline({
        ...c,
        type: 'shared_decoration',
        rules: {},
        decoration: {
          theme: 'festive',
          bannerText: 'Gifts',
          bannerTextZh: '好礼',
          color: '#aa0000',
          giftWrap: true,
        },
      }),
    ).toEqual({ en: 'Gifts', zh: '好礼' });
  });
});

describe('requirements', () => {
  test('score and category checks name what fails', () => {
    const r = { minStoreScore: 80, categoryIds: ['c1'] };
    expect(requirementIssues(r, { storeId: 's', score: 85, categoryPath: ['c11', 'c1'] })).toEqual([]);
    const bad = requirementIssues(r, { storeId: 's', score: 70, categoryPath: ['c2'] });
    expect(bad.map((i) => [i.field, i.code, i.params?.requirement])).toEqual([
      ['requirements.minStoreScore', 'requirement_not_met', 'min_store_score'],
      ['requirements.categoryIds', 'requirement_not_met', 'category'],
    ]);
    expect(requirementIssues(r, { storeId: 's', score: null, categoryPath: ['c1'] })[0]!.reason).toContain(
      'no store score',
    );
    expect(requirementIssues({}, { storeId: 's', score: null, categoryPath: [] })).toEqual([]);
  });
});
