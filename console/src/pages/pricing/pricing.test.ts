import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NotUsed } from '../../api-types';
import { formatInstant, formatPercentOff, formatYuan, formatZhe } from '../../format';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import {
  CLEARABLE_OFFER_FIELDS,
  CLEARABLE_TEMPLATE_FIELDS,
  offerBody,
  offerDraft,
  patchBody,
  prune,
  templateBody,
  templateDraft,
} from './bodies';
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

describe('server issues in the UI language, by code', () => {
  const offOverMin = {
    field: 'rule.tiers.0.off',
    reason:
      'rule.tiers.0.off (¥199) must be less than rule.tiers.0.min (¥199): 满¥199减¥199 would make the goods free or pay the buyer.',
    code: 'tier_off_not_below_min',
    params: { tier: 1, min: 19900, off: 19900 },
  };

  it('translates a code with its figures, whatever the sentence says', () => {
    expect(issueText(offOverMin, tZh)).toBe('满¥199减¥199 会让商品免费：优惠金额必须小于门槛。');
    expect(issueText(offOverMin, tEn)).toBe(
      'Spend ¥199 save ¥199 would make the goods free: the saving must be less than the threshold.',
    );
    // The English wording may change on the server; the translation follows the code, not the words.
    const reworded = {
      ...offOverMin,
      reason: 'Tier 1 gives everything away.',
      params: { tier: 1, min: 10000, off: 15050 },
    };
    expect(issueText(reworded, tZh)).toBe('满¥100减¥150.5 会让商品免费：优惠金额必须小于门槛。');
  });

  it('formats money, counts, rates and instants for each language', () => {
    const overlap = {
      field: 'rule.tiers.1.min',
      reason: 'rule.tiers.1.min (19900) must be greater than rule.tiers.0.min (19900): …',
      code: 'tier_min_not_increasing',
      params: { tier: 2, prevTier: 1, value: 19900, prevValue: 19900, unit: 'fen' },
    };
    expect(issueText(overlap, tZh)).toBe(
      '第2档门槛（¥199）须高于第1档（¥199）：请从低到高设置各档，避免重叠。',
    );
    const qty = {
      ...overlap,
      field: 'rule.tiers.1.minQty',
      params: { ...overlap.params, value: 2, prevValue: 3, unit: 'items' },
    };
    expect(issueText(qty, tZh)).toBe('第2档件数（2件）须多于第1档（3件）：请从少到多设置各档，避免重叠。');
    expect(issueText(qty, tEn)).toBe(
      'Tier 2 needs 2 items, not more than tier 1 (3): list tiers from the fewest items up so they do not overlap.',
    );
    const rates = {
      field: 'rule.tiers.1.rateBp',
      reason: '…',
      code: 'tier_rate_not_deeper',
      params: { tier: 2, prevTier: 1, rateBp: 9500, prevRateBp: 9000 },
    };
    expect(issueText(rates, tZh)).toBe('第2档（9.5折）须比第1档（9折）折扣更低：门槛越高，折扣应越大。');
    expect(issueText(rates, tEn)).toBe('Tier 2 (5% off) must give a deeper discount than tier 1 (10% off).');
    const window = {
      field: 'endsAt',
      reason: 'endsAt (2026-01-01T00:00:00Z) must be after startsAt (2026-01-02T00:00:00Z): …',
      code: 'end_before_start',
      params: {
        window: 'offer',
        end: '2026-01-01T00:00:00.000Z',
        start: '2026-01-02T00:00:00.000Z',
        startField: 'startsAt',
      },
    };
    expect(issueText(window, tEn)).toBe(
      'Must be after the start (2026-01-02 08:00): it would end before it starts.',
    );
    expect(issueText(window, tZh)).toBe('须晚于开始时间（2026-01-02 08:00），否则尚未开始就已结束。');
    const coupon = {
      field: 'rule.off',
      reason: '…',
      code: 'coupon_off_not_below_min',
      params: { min: 5000, off: 5000 },
    };
    expect(issueText(coupon, tZh)).toBe(
      '满¥50减¥50 会让商品免费：优惠金额必须小于使用门槛；无门槛券请将门槛设为 0。',
    );
    const every = {
      field: 'rule.off',
      reason: '…',
      code: 'every_off_not_below_step',
      params: { every: 30000, off: 30000 },
    };
    expect(issueText(every, tZh)).toBe('每满¥300减¥300 会让商品免费：优惠金额必须小于每满金额。');
    const onlyFlash = {
      field: 'stockLeft',
      reason: '…',
      code: 'only_for_kind',
      params: { name: 'stockLeft', kind: 'price_cut', for: 'flash_sale' },
    };
    expect(issueText(onlyFlash, tZh)).toBe('仅限时秒杀可设置此项。');
    expect(issueText(onlyFlash, tEn)).toBe('Only for the kind “Flash sale”.');
    const onlyLive = {
      field: 'liveSessionId',
      reason: '…',
      code: 'only_for_kind',
      params: { name: 'liveSessionId', kind: 'store', for: 'live' },
    };
    expect(issueText(onlyLive, tZh)).toBe('仅直播间券可设置此项。');
    const store = {
      field: 'scope.storeIds.1',
      reason: 'scope.storeIds.1: there is no store nope.',
      code: 'unknown_store',
      params: { store: 'nope' },
    };
    expect(issueText(store, tZh)).toBe('店铺 nope 不存在。');
  });

  it('schema issues say what is wrong without the API path', () => {
    const missing = {
      field: 'name',
      reason: 'name is required.',
      code: 'schema',
      params: { rule: 'required', name: 'name' },
    };
    expect(issueText(missing, tZh)).toBe('必填');
    const date = {
      field: 'endsAt',
      reason: 'endsAt must match format "date-time".',
      code: 'schema',
      params: { rule: 'format', name: 'endsAt' },
    };
    expect(issueText(date, tEn)).toBe('Enter a valid date and time.');
    expect(issueText(date, tZh)).toBe('请输入有效的日期和时间。');
    const odd = {
      field: 'rule.tiers.0.off',
      reason: 'rule.tiers.0.off must be odd.',
      code: 'schema',
      params: { rule: 'brand_new' },
    };
    expect(issueText(odd, tEn)).toBe('tier 1 off must be odd.');
    // The generic 400 of create and update routes has no codes; its fixed phrases are still understood.
    expect(issueText({ field: 'name', reason: 'is required' }, tZh)).toBe('必填');
  });

  it('keeps the server sentence for an unknown code, without API field paths', () => {
    const odd = {
      field: 'rule.tiers.2.min',
      reason: 'rule.tiers.2.min is odd in a new way.',
      code: 'odd_in_a_new_way',
      params: {},
    };
    expect(issueText(odd, tEn)).toBe('tier 3 min is odd in a new way.');
    expect(issueText(odd, tZh)).toBe('第3档 min is odd in a new way.');
  });

  it('has words in both languages for every code the server sends', () => {
    // Every code of docs/pricing.md, with figures where the sentence has them.
    const codes: Record<string, Record<string, string | number>> = {
      end_before_start: {
        window: 'claim',
        end: '2026-01-01T00:00:00.000Z',
        start: '2026-01-02T00:00:00.000Z',
      },
      tier_off_not_below_min: { tier: 1, min: 100, off: 100 },
      tier_min_not_increasing: { tier: 2, prevTier: 1, value: 100, prevValue: 200, unit: 'fen' },
      tier_off_not_increasing: { tier: 2, prevTier: 1, off: 100, prevOff: 200 },
      tier_rate_not_deeper: { tier: 2, prevTier: 1, rateBp: 9000, prevRateBp: 8000 },
      tiers_required: { ruleType: 'amount_tiers' },
      every_off_not_below_step: { every: 100, off: 100 },
      cap_below_step: { cap: 50, off: 100 },
      coupon_off_not_below_min: { min: 100, off: 100 },
      rate_out_of_range: { rateBp: 0, min: 1, max: 9999 },
      funding_out_of_range: { platformFundedBp: -1, min: 0, max: 10000 },
      merchant_cannot_fund: { platformFundedBp: 100 },
      required: { what: 'saving' },
      min_one: { what: 'saving', value: 0 },
      scope_included_and_excluded: { list: 'skuIds', ids: 'k1', count: 1 },
      scope_stores_empty: {},
      stores_required: { kind: 'store' },
      two_stores_required: { kind: 'cross_store', count: 1 },
      item_filter_required: { kind: 'product' },
      channel_required: { kind: 'channel' },
      merchant_required: { kind: 'store' },
      merchant_not_allowed: { kind: 'platform' },
      unknown_kind: { kind: 'x' },
      threshold_rule_on_item_offer: { ruleType: 'amount_tiers', kind: 'price_cut' },
      item_rule_on_threshold_offer: { ruleType: 'off', kind: 'store_threshold' },
      rule_field_unused: { ruleType: 'rate', name: 'off', allowed: 'rateBp' },
      limit_over_stock: { limit: 5, stock: 3 },
      presale_required: { kind: 'presale' },
      worth_below_deposit: { worth: 100, deposit: 200 },
      balance_before_start: {
        balanceStartsAt: '2026-01-01T00:00:00.000Z',
        startsAt: '2026-01-02T00:00:00.000Z',
      },
      per_user_over_total: { limit: 5, total: 3 },
      per_day_over_total: { limit: 5, total: 3 },
      daily_over_per_user: { daily: 5, limit: 3, defaultLimit: 0 },
      validity_both: {},
      validity_missing: {},
      validity_incomplete: { missing: 'to' },
      validity_days_out_of_range: { days: 0, min: 1, max: 3650 },
      validity_before_claim: { to: '2026-01-01T00:00:00.000Z', claimStartsAt: '2026-01-02T00:00:00.000Z' },
      unknown_store: { store: 's9' },
      foreign_store: { store: 's2', merchantId: 'm1' },
      not_own_merchant: { merchantId: 'm2' },
      platform_kind: { kind: 'platform' },
      not_clearable: { name: 'endsAt' },
      frozen_after_claim: { name: 'rule', claimed: 3 },
      total_below_claimed: { total: 1, claimed: 3 },
      version_conflict: { version: 3 },
      ended: { status: 'ended' },
      id_taken: { id: 'o1' },
      merchant_cannot_change: {},
    };
    for (const [code, params] of Object.entries(codes)) {
      const issue = { field: 'x', reason: `SERVER SENTENCE ${code}`, code, params };
      const en = issueText(issue, tEn);
      const zh = issueText(issue, tZh);
      expect(en, code).not.toContain('SERVER SENTENCE');
      expect(zh, code).not.toContain('SERVER SENTENCE');
      expect(en + zh, code).not.toMatch(/\{\{|issues\./);
      expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(en, code).not.toMatch(/[\u4e00-\u9fff]/);
    }
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

  it('clears on save what an edit emptied: optional fields the record had become null', () => {
    const stored = { name: 'Autumn', group: 'g1', perUserDailyLimit: 2, perUserLimit: 3, priority: 5 };
    const edited = { name: 'Autumn 2', perUserLimit: 3 };
    expect(patchBody(stored, edited, CLEARABLE_TEMPLATE_FIELDS)).toEqual({
      name: 'Autumn 2',
      perUserLimit: 3,
      group: null,
      perUserDailyLimit: null,
      priority: null,
    });
    // Fields the record never had, and required ones, are left alone.
    expect(
      patchBody({ name: 'x', endsAt: '2026-01-01T00:00:00Z' }, { name: 'y' }, CLEARABLE_OFFER_FIELDS),
    ).toEqual({
      name: 'y',
    });
  });

  it('prunes blanks deeply', () => {
    expect(prune({ a: '', b: [], c: { d: undefined }, e: 0, f: false })).toEqual({ e: 0, f: false });
  });
});
