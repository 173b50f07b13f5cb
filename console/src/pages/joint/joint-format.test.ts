import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { jointEn } from '../../i18n/joint.en';
import { jointZh } from '../../i18n/joint.zh';
import { zh } from '../../i18n/zh';
import { translator } from '../../test-i18n';
import {
  campaignBody,
  canCancel,
  canRemove,
  equalSplit,
  formField,
  fundedPercent,
  isDark,
  liftText,
  myInvitations,
  needsShare,
  pctText,
  ruleSummary,
  sharesLeft,
  sharesSplit,
  tierIssues,
} from './joint-format';
import type { Campaign, Participant } from './joint-types';

const part = (over: Partial<Participant>): Participant => ({
  storeId: 's1',
  storeName: 'Store 1',
  merchantId: 'm1',
  merchantName: 'M1',
  role: 'participant',
  status: 'invited',
  shareBp: null,
  invitedAt: '2025-01-01T00:00:00Z',
  respondedAt: null,
  note: null,
  ...over,
});

const base = {
  type: 'cross_store_threshold' as const,
  name: ' Dinner party ',
  storeId: 's_own',
  startsAt: '2025-06-01T00:00:00.000Z',
  endsAt: '2025-06-15T00:00:00.000Z',
};

describe('the create form to the API body', () => {
  it('sends 满199减100 in fen, names trimmed, partners deduplicated', () => {
    const body = campaignBody(
      {
        ...base,
        nameZh: ' 跨店满199减100 ',
        tiers: [
          { min: 199, off: 100 },
          { min: 299.9, off: 150 },
        ],
        invite: ['a', 'b', 'a'],
      },
      'jc_1',
    );
    expect(body).toEqual({
      id: 'jc_1',
      type: 'cross_store_threshold',
      name: 'Dinner party',
      nameZh: '跨店满199减100',
      storeId: 's_own',
      startsAt: base.startsAt,
      endsAt: base.endsAt,
      rules: {
        rule: {
          type: 'amount_tiers',
          tiers: [
            { min: 19900, off: 10000 },
            { min: 29990, off: 15000 },
          ],
        },
      },
      funding: { mode: 'own_lines' },
      invite: ['a', 'b'],
    });
  });

  it('builds each type’s rules, shares, the fan offer and the decoration', () => {
    const every = campaignBody({ ...base, thresholdType: 'amount_every', every: 100, everyOff: 10, cap: 50 });
    expect(every.rules).toEqual({ rule: { type: 'amount_every', every: 10000, off: 1000, cap: 5000 } });

    const coupon = campaignBody({
      ...base,
      type: 'cross_store_coupon',
      couponType: 'percent',
      couponMin: 0,
      couponPercent: 15,
      couponMaxOff: 30,
      quantity: 500,
      perUserLimit: 2,
      fundingMode: 'shares',
      organiserShare: 40,
      fanEnabled: true,
      fanMin: 50,
      fanOff: 5,
      fanQuantity: 100,
    });
    expect(coupon.rules).toEqual({
      coupon: { type: 'percent', min: 0, rateBp: 8500, maxOff: 3000 },
      quantity: 500,
      perUserLimit: 2,
    });
    expect(coupon.funding).toEqual({ mode: 'shares', organiserShareBp: 4000 });
    expect(coupon.fanOffer).toEqual({ rule: { type: 'amount', min: 5000, off: 500 }, quantity: 100 });

    const ad = campaignBody({
      ...base,
      type: 'ad_crowdfunding',
      adSlot: 'feed_top',
      adPrice: 5000,
      adDeadline: '2025-05-30T00:00:00.000Z',
      adSplit: 'equal',
      adSeats: 4,
      adMax: 10,
    });
    expect(ad.rules.ad).toEqual({
      slot: 'feed_top',
      price: 500000,
      deadline: '2025-05-30T00:00:00.000Z',
      split: 'equal',
      seats: 4,
      maxParticipants: 10,
    });
    expect(ad.funding).toBeUndefined();
    const shares = campaignBody({ ...base, type: 'ad_crowdfunding', adSplit: 'shares', adShare: 25.5 });
    expect(shares.rules.ad).toMatchObject({ split: 'shares', shareBp: 2550 });
    expect(shares.rules.ad).not.toHaveProperty('seats');

    const deco = campaignBody({
      ...base,
      type: 'shared_decoration',
      theme: 'spring',
      bannerText: ' Spring picnic ',
      bannerTextZh: '春日野餐',
      color: '#52c41a',
      giftWrap: true,
      giftWrapFee: 2.5,
    });
    expect(deco.rules).toEqual({});
    expect(deco.decoration).toEqual({
      theme: 'spring',
      bannerText: 'Spring picnic',
      bannerTextZh: '春日野餐',
      color: '#52c41a',
      giftWrap: true,
      giftWrapFee: 250,
    });
    // Requirements only when set.
    expect(campaignBody({ ...base, tiers: [], minStoreScore: 80 }).requirements).toEqual({
      minStoreScore: 80,
      categoryIds: [],
    });
    expect(campaignBody({ ...base, tiers: [] }).requirements).toBeUndefined();
  });

  it('puts a server issue beside the field it concerns', () => {
    expect(formField('rules.rule.tiers.0.off')).toBe('tiers');
    expect(formField('/rules/ad/price')).toBe('adPrice');
    expect(formField('rules.ad.shareBp')).toBe('adShare');
    expect(formField('endsAt')).toBe('dates');
    expect(formField('invite.2')).toBe('invite');
    expect(formField('requirements.categoryIds[1]')).toBe('categoryIds');
    expect(formField('funding.organiserShareBp')).toBe('organiserShare');
    expect(formField('fanOffer.rule.off')).toBe('fanOff');
    expect(formField('decoration')).toBe('bannerText');
    expect(formField('name')).toBe('name');
  });

  it('checks tiers before asking', () => {
    expect(
      tierIssues([
        { min: 199, off: 100 },
        { min: 299, off: 150 },
      ]),
    ).toEqual([]);
    expect(tierIssues([])).toEqual(['empty']);
    expect(tierIssues([{ min: 100, off: 100 }])).toEqual(['off_not_below_min']);
    expect(
      tierIssues([
        { min: 299, off: 100 },
        { min: 199, off: 50 },
      ]),
    ).toEqual(['not_rising']);
  });
});

describe('ad money, exact to the fen', () => {
  it('splits equally and by shares without losing a fen', () => {
    const seats = equalSplit(100000, 3);
    expect(seats).toEqual([33333, 33333, 33334]);
    expect(seats.reduce((a, b) => a + b, 0)).toBe(100000);
    expect(equalSplit(7, 20).reduce((a, b) => a + b, 0)).toBe(7);
    expect(equalSplit(100, 0)).toEqual([]);
    const s = sharesSplit(99999, [3333, 3333, 3334]);
    expect(s.reduce((a, b) => a + b, 0)).toBe(99999);
    expect(s).toEqual([33329, 33330, 33340]);
  });

  it('reports progress and what is left', () => {
    expect(fundedPercent({ raised: 0, price: 100 })).toBe(0);
    expect(fundedPercent({ raised: 99999, price: 100000 })).toBe(99);
    expect(fundedPercent({ raised: 100000, price: 100000 })).toBe(100);
    const contributions = [
      { shareBp: 2500, status: 'held' },
      { shareBp: 5000, status: 'voided' },
      { shareBp: 1000, status: 'posted' },
    ] as never;
    expect(sharesLeft({ contributions })).toBe(6500);
  });
});

describe('who may do what', () => {
  const c = {
    status: 'inviting',
    organiser: { merchantId: 'm0', merchantName: 'M0', storeId: 's0', storeName: 'S0' },
    participants: [
      part({ storeId: 's0', merchantId: 'm0', role: 'organiser', status: 'accepted' }),
      part({ storeId: 's1', merchantId: 'm1', status: 'invited' }),
      part({ storeId: 's2', merchantId: 'm1', status: 'declined' }),
    ],
  } as unknown as Campaign;
  it('finds my invitations, lets the organiser remove before start, never the organiser', () => {
    expect(myInvitations(c, 'm1').map((p) => p.storeId)).toEqual(['s1']);
    expect(myInvitations(c, null)).toEqual([]);
    expect(canRemove(c, c.participants[1] as Participant, true)).toBe(true);
    expect(canRemove(c, c.participants[0] as Participant, true)).toBe(false);
    expect(canRemove(c, c.participants[2] as Participant, true)).toBe(false);
    expect(canRemove({ status: 'running' }, c.participants[1] as Participant, true)).toBe(false);
    expect(canCancel({ status: 'running' }, 'merchant', true)).toBe(false);
    expect(canCancel({ status: 'running' }, 'operator', false)).toBe(true);
    expect(canCancel({ status: 'inviting' }, 'merchant', true)).toBe(true);
    expect(
      needsShare({
        type: 'cross_store_threshold',
        funding: { mode: 'shares', platformFundedBp: 0 },
        rules: {},
        ad: null,
      }),
    ).toBe(true);
    expect(
      needsShare({
        type: 'ad_crowdfunding',
        funding: { mode: 'own_lines', platformFundedBp: 0 },
        rules: { ad: { split: 'equal' } as never },
        ad: null,
      }),
    ).toBe(false);
  });
});

describe('words and figures', () => {
  it('reads 满199减100 in Chinese and spend & save in English', async () => {
    const c = {
      type: 'cross_store_threshold' as const,
      rules: { rule: { type: 'amount_tiers' as const, tiers: [{ min: 19900, off: 10000 }] } },
      ad: null,
    };
    const tz = await translator<never>('zh', en, zh);
    const te = await translator<never>('en', en, zh);
    expect(ruleSummary(c, tz, 'zh')).toBe('满199减100');
    expect(ruleSummary(c, te, 'en')).toContain('199');
    const coupon = {
      type: 'cross_store_coupon' as const,
      rules: { coupon: { type: 'amount' as const, min: 9900, off: 2000 }, quantity: 500 },
      ad: null,
    };
    expect(ruleSummary(coupon, tz, 'zh')).toBe('满99减20 × 500');
  });

  it('formats partner figures', () => {
    expect(pctText(0.1234)).toBe('12.3%');
    expect(pctText(0.0004)).toBe('<0.1%');
    expect(pctText(null)).toBe('—');
    expect(liftText(2.345)).toBe('×2.35');
    expect(isDark('#d4380d')).toBe(true);
    expect(isDark('#ffe58f')).toBe(false);
  });

  it('has every key in both languages, and reads naturally in Chinese', async () => {
    const keys = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${p}${k}`] : keys(v, `${p}${k}.`)));
    expect(keys(jointZh).sort()).toEqual(keys(jointEn).sort());
    const t = await translator<(k: string, o?: object) => string>('zh', jointEn, jointZh);
    expect(t('types.cross_store_threshold')).toBe('跨店满减');
    expect(t('nav.campaigns')).toBe('联合营销');
    expect(t('nav.ads')).toBe('广告众筹');
    expect(t('pool.cartStores', { count: 2 })).toBe('来自 2 家店铺');
    expect(t('codes.requirement.min_store_score', { score: 72, min: 80 })).toBe(
      '该店铺评分为 72，本活动要求不低于 80',
    );
  });
});
