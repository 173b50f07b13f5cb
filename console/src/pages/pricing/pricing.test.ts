import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NotUsed } from '../../api-types';
import { formatInstant, formatPercentOff, formatYuan, formatZhe } from '../../format';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { offerBody, offerDraft, prune, templateBody, templateDraft } from './bodies';
import { issueText } from './issue-text';
import { reasonText } from './reason-text';
import { couponRuleText, offerRuleText } from './rule-text';
import { fromWallClock, toWallClock } from './time';

let tEn: TFunction;
let tZh: TFunction;

beforeAll(async () => {
  const make = async (lng: string) => {
    const i = i18next.createInstance();
    await i.init({
      lng,
      resources: { en: { translation: en }, zh: { translation: zh } },
      interpolation: { escapeValue: false },
    });
    return i.t;
  };
  tEn = await make('en');
  tZh = await make('zh');
});

describe('money and rates for rule text', () => {
  it('shows yuan without trailing zeros, rates as 折 or % off', () => {
    expect(formatYuan(19900)).toBe('199');
    expect(formatYuan(1990)).toBe('19.9');
    expect(formatYuan(1999)).toBe('19.99');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatZhe(9000)).toBe('9');
    expect(formatZhe(8850)).toBe('8.85');
    expect(formatPercentOff(9000)).toBe('10%');
    expect(formatPercentOff(8850)).toBe('11.5%');
  });

  it('reads instants in the marketplace zone, and picks wall-clock times back to the same instant', () => {
    expect(formatInstant('2026-11-01T16:30:00Z')).toBe('2026-11-02 00:30');
    expect(fromWallClock(toWallClock('2026-11-01T16:30:00.000Z'))).toBe('2026-11-01T16:30:00.000Z');
  });
});

describe('rules in words', () => {
  it('writes tiered 满减 the way a back office lists it', () => {
    const rule = {
      type: 'amount_tiers' as const,
      tiers: [
        { min: 19900, off: 2000 },
        { min: 29900, off: 4000 },
      ],
    };
    expect(offerRuleText(rule, tZh, 'zh')).toBe('满199减20 · 满299减40');
    expect(offerRuleText(rule, tEn, 'en')).toBe('Spend ¥199 save ¥20 · Spend ¥299 save ¥40');
  });

  it('covers every rule type in both languages', () => {
    expect(offerRuleText({ type: 'amount_every', every: 30000, off: 3000, cap: 9000 }, tZh, 'zh')).toBe(
      '每满300减30，最多减90',
    );
    expect(
      offerRuleText({ type: 'qty_percent_tiers', tiers: [{ minQty: 2, rateBp: 9000 }] }, tZh, 'zh'),
    ).toBe('2件9折');
    expect(
      offerRuleText({ type: 'qty_percent_tiers', tiers: [{ minQty: 2, rateBp: 9000 }] }, tEn, 'en'),
    ).toBe('2 items 10% off');
    expect(offerRuleText({ type: 'qty_fixed_price', qty: 3, price: 9900 }, tZh, 'zh')).toBe('99元任选3件');
    expect(offerRuleText({ type: 'buy_x_get_y', buy: 2, get: 1 }, tZh, 'zh')).toBe('买2送1');
    expect(offerRuleText({ type: 'percent_tiers', tiers: [{ min: 50000, rateBp: 9000 }] }, tZh, 'zh')).toBe(
      '满500打9折',
    );
    expect(offerRuleText({ type: 'rate', rateBp: 8500 }, tEn, 'en')).toBe('15% off');
    expect(couponRuleText({ type: 'amount', min: 0, off: 500 }, tZh, 'zh')).toBe('无门槛减5');
    expect(couponRuleText({ type: 'percent', min: 10000, rateBp: 9000, maxOff: 5000 }, tZh, 'zh')).toBe(
      '满100打9折，最高减50',
    );
  });
});

describe('server issues in the UI language', () => {
  const offOverMin = {
    field: 'rule.tiers.0.off',
    reason:
      'rule.tiers.0.off (¥199) must be less than rule.tiers.0.min (¥199): 满¥199减¥199 would make the goods free or pay the buyer.',
  };

  it('translates known explanations with their figures', () => {
    expect(issueText(offOverMin, tZh)).toBe('优惠金额（¥199）须小于门槛（¥199）：满¥199减¥199等于白送。');
    expect(issueText(offOverMin, tEn)).toContain('must be less than the threshold (¥199)');
    const overlap = {
      field: 'rule.tiers.1.min',
      reason:
        'rule.tiers.1.min (19900) must be greater than rule.tiers.0.min (19900): list tiers from the lowest threshold up, each threshold once, so they do not overlap.',
    };
    expect(issueText(overlap, tZh)).toBe(
      '第2档门槛（¥199）须高于第1档（¥199）：请从低到高设置各档，避免重叠。',
    );
    const window = {
      field: 'endsAt',
      reason:
        'endsAt (2026-01-01T00:00:00Z) must be after startsAt (2026-01-02T00:00:00Z): the offer would end before it starts.',
    };
    expect(issueText(window, tEn)).toBe(
      'Must be after the start (2026-01-02 08:00): it would end before it starts.',
    );
  });

  it('keeps unknown sentences, without API field paths', () => {
    const odd = { field: 'rule.tiers.2.min', reason: 'rule.tiers.2.min is odd in a new way.' };
    expect(issueText(odd, tEn)).toBe('tier 3 min is odd in a new way.');
  });
});

describe('unused offers and coupons in words', () => {
  const base = { sourceType: 'offer' as const, id: 'o1', name: '满199减20' };
  it('names the gap, the winner and the group', () => {
    const names = new Map([['o2', '店铺新客价']]);
    const short: NotUsed = {
      ...base,
      reason: 'threshold_short',
      detail: 'threshold short by 3000 fen',
      shortBy: 3000,
    };
    expect(reasonText(short, names, tEn, 'en')).toBe('Threshold short by ¥30.00');
    expect(reasonText(short, names, tZh, 'zh')).toBe('还差 ¥30.00 满足门槛');
    const items: NotUsed = { ...base, reason: 'threshold_short', detail: '2 more item(s) needed' };
    expect(reasonText(items, names, tEn, 'en')).toBe('2 more items needed');
    const group: NotUsed = {
      ...base,
      reason: 'excluded_by_group',
      detail: 'shares exclusion group "new" with 店铺新客价',
      by: 'o2',
    };
    expect(reasonText(group, names, tZh, 'zh')).toBe('与「店铺新客价」同属互斥组（new）');
    const expired: NotUsed = { ...base, sourceType: 'coupon', reason: 'ended', detail: 'expired at …' };
    expect(reasonText(expired, names, tEn, 'en')).toBe('Expired');
  });
});

describe('form values to API bodies', () => {
  it('keeps only what the kind and rule type use, and empty tier rows in place', () => {
    const body = offerBody(
      {
        name: ' Autumn ',
        kind: 'store_threshold',
        rule: { type: 'amount_tiers', tiers: [{ min: 19900, off: 2000 }, {}], every: 5 },
        scope: { storeIds: ['s1'], skuIds: [], exclude: { brandIds: [] } },
        stockLeft: 5,
        group: '',
      },
      true,
    );
    expect(body).toEqual({
      name: 'Autumn',
      kind: 'store_threshold',
      rule: { type: 'amount_tiers', tiers: [{ min: 19900, off: 2000 }, {}] },
      scope: { storeIds: ['s1'] },
    });
  });

  it('fills what is missing with stand-ins for live checks, and says which', () => {
    const now = new Date('2026-11-01T00:00:00Z');
    const { body, filled } = offerDraft({ kind: 'presale', rule: { type: 'off', off: 100 }, scope: {} }, now);
    expect(body.name).toBe('draft');
    expect(Date.parse(body.endsAt)).toBeGreaterThan(Date.parse(body.startsAt));
    expect(body.presale?.worthPerUnit).toBeGreaterThanOrEqual(body.presale?.depositPerUnit ?? 0);
    expect([...filled].sort()).toEqual([
      'endsAt',
      'name',
      'presale.balanceEndsAt',
      'presale.balanceStartsAt',
      'presale.depositPerUnit',
      'presale.worthPerUnit',
      'startsAt',
    ]);
    const t = templateDraft(
      templateBody({ kind: 'store', rule: { type: 'amount' }, validityMode: 'days', perUserLimit: 3 }, true),
      now,
    );
    expect(t.body.totalQuantity).toBe(3);
    expect(t.body.rule).toEqual({ type: 'amount', min: 0 });
    expect(t.filled.has('totalQuantity')).toBe(true);
  });

  it('prunes blanks deeply', () => {
    expect(prune({ a: '', b: [], c: { d: undefined }, e: 0, f: false })).toEqual({ e: 0, f: false });
  });
});
