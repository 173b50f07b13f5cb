import { describe, expect, test } from 'vitest';
import type { FieldIssue } from '../../../core/errors.ts';
import type { Offer } from './types.ts';
import { type CouponTemplateInput, validateCouponTemplate, validateOffer } from './validate.ts';

const base = {
  id: 'o1',
  name: 'Autumn sale',
  merchantId: 'm1',
  scope: { storeIds: ['s1'] },
  startsAt: '2026-11-01T00:00:00Z',
  endsAt: '2026-11-11T00:00:00Z',
};
const offer = (o: Record<string, unknown>) => ({ ...base, ...o }) as unknown as Offer;
const fields = (issues: { field: string }[]) => issues.map((i) => i.field);
/** What a client sees without reading the sentence: field, code and params. */
const coded = (issues: FieldIssue[]) => issues.map(({ field, code, params }) => ({ field, code, params }));
const tiers = (...t: [number, number][]) => ({
  type: 'amount_tiers',
  tiers: t.map(([min, off]) => ({ min, off })),
});

describe('validateOffer', () => {
  test('a sound tiered store offer has no issues', () => {
    expect(
      validateOffer(offer({ kind: 'store_threshold', rule: tiers([19900, 2000], [29900, 4000]) })),
    ).toEqual([]);
  });

  test('end before start: end_before_start with both instants in ISO and which window', () => {
    const issues = validateOffer(
      offer({
        kind: 'price_cut',
        rule: { type: 'off', off: 100 },
        startsAt: '2026-11-01T08:00:00+08:00',
        endsAt: '2026-10-01T00:00:00Z',
      }),
    );
    expect(issues).toEqual([
      {
        field: 'endsAt',
        code: 'end_before_start',
        params: {
          window: 'offer',
          end: '2026-10-01T00:00:00.000Z',
          start: '2026-11-01T00:00:00.000Z',
          startField: 'startsAt',
        },
        reason: expect.stringMatching(/^endsAt .* must be after startsAt .*end before it starts\.$/),
      },
    ]);
  });

  test('满100减100 or more: tier_off_not_below_min with the 1-based tier and fen', () => {
    const issues = validateOffer(
      offer({ kind: 'store_threshold', rule: tiers([19900, 2000], [29900, 29900]) }),
    );
    expect(issues).toEqual([
      {
        field: 'rule.tiers.1.off',
        code: 'tier_off_not_below_min',
        params: { tier: 2, min: 29900, off: 29900 },
        reason: expect.stringContaining('满¥299减¥299'),
      },
    ]);
  });

  test('overlapping tiers: thresholds not increasing, savings not increasing, rates not deeper', () => {
    expect(
      coded(validateOffer(offer({ kind: 'store_threshold', rule: tiers([29900, 4000], [19900, 2000]) }))),
    ).toEqual([
      {
        field: 'rule.tiers.1.min',
        code: 'tier_min_not_increasing',
        params: { tier: 2, prevTier: 1, value: 19900, prevValue: 29900, unit: 'fen' },
      },
    ]);
    expect(
      coded(validateOffer(offer({ kind: 'store_threshold', rule: tiers([19900, 3000], [29900, 3000]) }))),
    ).toEqual([
      {
        field: 'rule.tiers.1.off',
        code: 'tier_off_not_increasing',
        params: { tier: 2, prevTier: 1, off: 3000, prevOff: 3000 },
      },
    ]);
    const qty = (a: [number, number], b: [number, number]) =>
      validateOffer(
        offer({
          kind: 'store_threshold',
          rule: {
            type: 'qty_percent_tiers',
            tiers: [
              { minQty: a[0], rateBp: a[1] },
              { minQty: b[0], rateBp: b[1] },
            ],
          },
        }),
      );
    expect(coded(qty([2, 9000], [3, 9500]))).toEqual([
      {
        field: 'rule.tiers.1.rateBp',
        code: 'tier_rate_not_deeper',
        params: { tier: 2, prevTier: 1, rateBp: 9500, prevRateBp: 9000 },
      },
    ]);
    expect(coded(qty([3, 9000], [3, 8000]))).toEqual([
      {
        field: 'rule.tiers.1.minQty',
        code: 'tier_min_not_increasing',
        params: { tier: 2, prevTier: 1, value: 3, prevValue: 3, unit: 'items' },
      },
    ]);
  });

  test('no tiers, and a tier missing its figures', () => {
    expect(
      coded(validateOffer(offer({ kind: 'store_threshold', rule: { type: 'amount_tiers', tiers: [] } }))),
    ).toEqual([{ field: 'rule.tiers', code: 'tiers_required', params: { ruleType: 'amount_tiers' } }]);
    const half = validateOffer(
      offer({
        kind: 'store_threshold',
        rule: { type: 'amount_tiers', tiers: [{ min: 19900 }, { min: 29900, off: 0 }] },
      }),
    );
    expect(coded(half)).toEqual([
      { field: 'rule.tiers.0.off', code: 'required', params: { tier: 1, what: 'saving' } },
      { field: 'rule.tiers.1.off', code: 'min_one', params: { tier: 2, what: 'saving', value: 0 } },
    ]);
  });

  test('rates outside 1..9999 bp: rate_out_of_range with the rate and the bounds', () => {
    for (const rateBp of [0, 10000, 12000]) {
      const issues = validateOffer(offer({ kind: 'price_cut', rule: { type: 'rate', rateBp } }));
      expect(issues).toEqual([
        {
          field: 'rule.rateBp',
          code: 'rate_out_of_range',
          params: { rateBp, min: 1, max: 9999 },
          reason: expect.stringContaining('between 1 and 9999'),
        },
      ]);
    }
    const tier = validateOffer(
      offer({
        kind: 'store_threshold',
        rule: { type: 'percent_tiers', tiers: [{ min: 50000, rateBp: 10000 }] },
      }),
    );
    expect(coded(tier)).toEqual([
      {
        field: 'rule.tiers.0.rateBp',
        code: 'rate_out_of_range',
        params: { tier: 1, rateBp: 10000, min: 1, max: 9999 },
      },
    ]);
  });

  test('a rule of the wrong family, and fields a rule does not use', () => {
    expect(coded(validateOffer(offer({ kind: 'price_cut', rule: tiers([100, 10]) })))).toEqual([
      {
        field: 'rule.type',
        code: 'threshold_rule_on_item_offer',
        params: { ruleType: 'amount_tiers', kind: 'price_cut' },
      },
    ]);
    expect(coded(validateOffer(offer({ kind: 'store_threshold', rule: { type: 'off', off: 10 } })))).toEqual([
      {
        field: 'rule.type',
        code: 'item_rule_on_threshold_offer',
        params: { ruleType: 'off', kind: 'store_threshold' },
      },
    ]);
    expect(
      coded(validateOffer(offer({ kind: 'price_cut', rule: { type: 'rate', rateBp: 9000, off: 100 } }))),
    ).toEqual([
      {
        field: 'rule.off',
        code: 'rule_field_unused',
        params: { ruleType: 'rate', name: 'off', allowed: 'rateBp' },
      },
    ]);
    const tierExtra = validateOffer(
      offer({
        kind: 'store_threshold',
        rule: { type: 'amount_tiers', tiers: [{ min: 100, off: 10, rateBp: 9000 }] },
      }),
    );
    expect(coded(tierExtra)).toEqual([
      {
        field: 'rule.tiers.0.rateBp',
        code: 'rule_field_unused',
        params: { tier: 1, ruleType: 'amount_tiers', name: 'rateBp', allowed: 'min, off' },
      },
    ]);
    expect(
      coded(
        validateOffer(
          offer({ kind: 'price_cut', rule: { type: 'price', price: 990, skuPrices: { k1: 0 } } }),
        ),
      ),
    ).toEqual([
      { field: 'rule.skuPrices.k1', code: 'min_one', params: { what: 'price', value: 0, sku: 'k1' } },
    ]);
  });

  test('flash sales need stock and a per-buyer limit within it; others may not have them', () => {
    const issues = validateOffer(offer({ kind: 'flash_sale', rule: { type: 'price', price: 990 } }));
    expect(coded(issues)).toEqual([
      { field: 'stockLeft', code: 'required', params: { what: 'stock' } },
      { field: 'perUserLimit', code: 'required', params: { what: 'limit' } },
    ]);
    expect(issues[0]!.reason).toContain('stockLeft is required');
    expect(
      coded(
        validateOffer(
          offer({ kind: 'flash_sale', rule: { type: 'price', price: 990 }, stockLeft: 5, perUserLimit: 8 }),
        ),
      ),
    ).toEqual([{ field: 'perUserLimit', code: 'limit_over_stock', params: { limit: 8, stock: 5 } }]);
    expect(
      coded(
        validateOffer(
          offer({ kind: 'price_cut', rule: { type: 'off', off: 1 }, stockLeft: 5, liveSessionId: 'ls1' }),
        ),
      ),
    ).toEqual([
      {
        field: 'stockLeft',
        code: 'only_for_kind',
        params: { name: 'stockLeft', kind: 'price_cut', for: 'flash_sale' },
      },
      {
        field: 'liveSessionId',
        code: 'only_for_kind',
        params: { name: 'liveSessionId', kind: 'price_cut', for: 'live_price' },
      },
    ]);
  });

  test('presale: worth below deposit, balance window before the offer or reversed, block missing', () => {
    const presale = {
      depositPerUnit: 5000,
      worthPerUnit: 4000,
      balanceStartsAt: '2026-10-20T00:00:00Z',
      balanceEndsAt: '2026-10-19T00:00:00Z',
    };
    const issues = validateOffer(offer({ kind: 'presale', rule: { type: 'off', off: 100 }, presale }));
    expect(coded(issues)).toEqual([
      { field: 'presale.worthPerUnit', code: 'worth_below_deposit', params: { worth: 4000, deposit: 5000 } },
      {
        field: 'presale.balanceEndsAt',
        code: 'end_before_start',
        params: {
          window: 'balance',
          end: '2026-10-19T00:00:00.000Z',
          start: '2026-10-20T00:00:00.000Z',
          startField: 'presale.balanceStartsAt',
        },
      },
      {
        field: 'presale.balanceStartsAt',
        code: 'balance_before_start',
        params: { balanceStartsAt: '2026-10-20T00:00:00.000Z', startsAt: '2026-11-01T00:00:00.000Z' },
      },
    ]);
    expect(coded(validateOffer(offer({ kind: 'presale', rule: { type: 'off', off: 100 } })))).toEqual([
      { field: 'presale', code: 'presale_required', params: { kind: 'presale' } },
    ]);
    expect(
      coded(validateOffer(offer({ kind: 'price_cut', rule: { type: 'off', off: 100 }, presale }))),
    ).toEqual([
      {
        field: 'presale',
        code: 'only_for_kind',
        params: { name: 'presale', kind: 'price_cut', for: 'presale' },
      },
    ]);
  });

  test('buy X get Y with zero; every-X-off-Y giving everything away; a cap below one step', () => {
    expect(
      coded(validateOffer(offer({ kind: 'store_threshold', rule: { type: 'buy_x_get_y', buy: 2, get: 0 } }))),
    ).toEqual([{ field: 'rule.get', code: 'min_one', params: { what: 'quantity', value: 0 } }]);
    expect(
      coded(
        validateOffer(
          offer({ kind: 'store_threshold', rule: { type: 'amount_every', every: 300, off: 300 } }),
        ),
      ),
    ).toEqual([{ field: 'rule.off', code: 'every_off_not_below_step', params: { every: 300, off: 300 } }]);
    expect(
      coded(
        validateOffer(
          offer({
            kind: 'store_threshold',
            rule: { type: 'amount_every', every: 30000, off: 4000, cap: 3000 },
          }),
        ),
      ),
    ).toEqual([{ field: 'rule.cap', code: 'cap_below_step', params: { cap: 3000, off: 4000 } }]);
  });

  test('ownership and scope: platform kinds have no merchant, cross-store needs two stores', () => {
    const cross = validateOffer(
      offer({ kind: 'cross_store_threshold', rule: tiers([30000, 5000]), scope: { storeIds: ['s1'] } }),
    );
    expect(coded(cross)).toEqual([
      { field: 'merchantId', code: 'merchant_not_allowed', params: { kind: 'cross_store_threshold' } },
      {
        field: 'scope.storeIds',
        code: 'two_stores_required',
        params: { kind: 'cross_store_threshold', count: 1 },
      },
    ]);
    const noStore = validateOffer(offer({ kind: 'store_threshold', rule: tiers([100, 10]), scope: {} }));
    expect(coded(noStore)).toEqual([
      { field: 'scope.storeIds', code: 'stores_required', params: { kind: 'store_threshold' } },
    ]);
    const noMerchant = validateOffer(
      offer({ kind: 'store_threshold', rule: tiers([100, 10]), merchantId: undefined }),
    );
    expect(coded(noMerchant)).toEqual([
      { field: 'merchantId', code: 'merchant_required', params: { kind: 'store_threshold' } },
    ]);
    const both = validateOffer(
      offer({
        kind: 'price_cut',
        rule: { type: 'off', off: 1 },
        scope: { storeIds: ['s1'], skuIds: ['k1', 'k2'], exclude: { skuIds: ['k1'] } },
      }),
    );
    expect(coded(both)).toEqual([
      {
        field: 'scope.exclude.skuIds',
        code: 'scope_included_and_excluded',
        params: { list: 'skuIds', ids: 'k1', count: 1 },
      },
    ]);
    expect(coded(validateOffer(offer({ kind: 'bogus' })))).toEqual([
      { field: 'kind', code: 'unknown_kind', params: { kind: 'bogus' } },
    ]);
  });

  test('funding outside 0..10000 bp', () => {
    expect(
      coded(validateOffer(offer({ kind: 'store_threshold', rule: tiers([100, 10]), platformFundedBp: -1 }))),
    ).toEqual([
      {
        field: 'platformFundedBp',
        code: 'funding_out_of_range',
        params: { platformFundedBp: -1, min: 0, max: 10000 },
      },
    ]);
  });

  test('reports every issue, not only the first, each with a code and a sentence', () => {
    const issues = validateOffer(
      offer({
        kind: 'store_threshold',
        rule: tiers([10000, 12000], [5000, 1000]),
        endsAt: '2026-01-01T00:00:00Z',
        platformFundedBp: 20000,
      }),
    );
    expect(fields(issues).sort()).toEqual([
      'endsAt',
      'platformFundedBp',
      'rule.tiers.0.off',
      'rule.tiers.1.min',
    ]);
    for (const i of issues) {
      expect(i.reason).toMatch(/^[a-zA-Z].*\.$/);
      expect(i.code).toMatch(/^[a-z_]+$/);
    }
  });

  test('a rule without a known type (left by a half-filled form) is not checked field by field', () => {
    expect(validateOffer(offer({ kind: 'store_threshold', rule: { tiers: [{ min: 1, off: 5 }] } }))).toEqual(
      [],
    );
  });
});

const template = (o: Partial<CouponTemplateInput> = {}): CouponTemplateInput => ({
  name: '¥10 off ¥99',
  kind: 'store',
  merchantId: 'm1',
  scope: { storeIds: ['s1'] },
  rule: { type: 'amount', min: 9900, off: 1000 },
  totalQuantity: 1000,
  perUserLimit: 2,
  claimStartsAt: '2026-11-01T00:00:00Z',
  claimEndsAt: '2026-11-11T00:00:00Z',
  validity: { days: 7 },
  ...o,
});

describe('validateCouponTemplate', () => {
  test('a sound store coupon has no issues; a no-threshold coupon is fine', () => {
    expect(validateCouponTemplate(template())).toEqual([]);
    expect(validateCouponTemplate(template({ rule: { type: 'amount', min: 0, off: 500 } }))).toEqual([]);
  });

  test('discount at or above the threshold: coupon_off_not_below_min in fen', () => {
    const issues = validateCouponTemplate(template({ rule: { type: 'amount', min: 5000, off: 5000 } }));
    expect(issues).toEqual([
      {
        field: 'rule.off',
        code: 'coupon_off_not_below_min',
        params: { min: 5000, off: 5000 },
        reason: expect.stringContaining('no-threshold coupon'),
      },
    ]);
  });

  test('rule fields of the other coupon type; a percent cap below 1 fen', () => {
    expect(
      coded(validateCouponTemplate(template({ rule: { type: 'amount', min: 0, off: 500, rateBp: 9000 } }))),
    ).toEqual([
      {
        field: 'rule.rateBp',
        code: 'rule_field_unused',
        params: { ruleType: 'amount', name: 'rateBp', allowed: 'min, off' },
      },
    ]);
    expect(
      coded(
        validateCouponTemplate(
          template({ rule: { type: 'percent', min: 0, rateBp: 9000, maxOff: 0, off: 5 } }),
        ),
      ),
    ).toEqual([
      { field: 'rule.maxOff', code: 'min_one', params: { what: 'cap', value: 0 } },
      {
        field: 'rule.off',
        code: 'rule_field_unused',
        params: { ruleType: 'percent', name: 'off', allowed: 'min, rateBp, maxOff' },
      },
    ]);
  });

  test('per-user limit above the total, daily limits above the per-user limit or the total', () => {
    const issues = validateCouponTemplate(
      template({ totalQuantity: 5, perUserLimit: 10, perUserDailyLimit: 20, perDayLimit: 6 }),
    );
    expect(coded(issues)).toEqual([
      { field: 'perUserLimit', code: 'per_user_over_total', params: { limit: 10, total: 5 } },
      { field: 'perDayLimit', code: 'per_day_over_total', params: { limit: 6, total: 5 } },
      {
        field: 'perUserDailyLimit',
        code: 'daily_over_per_user',
        params: { daily: 20, limit: 10, defaultLimit: 0 },
      },
    ]);
    expect(issues[0]!.reason).toContain('one buyer could never claim that many');
    const byDefault = validateCouponTemplate(template({ perUserLimit: undefined, perUserDailyLimit: 2 }));
    expect(coded(byDefault)).toEqual([
      {
        field: 'perUserDailyLimit',
        code: 'daily_over_per_user',
        params: { daily: 2, limit: 1, defaultLimit: 1 },
      },
    ]);
    expect(byDefault[0]!.reason).toContain('(1, the default)');
    expect(coded(validateCouponTemplate(template({ totalQuantity: 0 })))).toEqual([
      { field: 'totalQuantity', code: 'min_one', params: { what: 'quantity', value: 0 } },
    ]);
  });

  test('validity missing, incomplete, both kinds given, out of range, or ending before claims open', () => {
    expect(coded(validateCouponTemplate(template({ validity: {} })))).toEqual([
      { field: 'validity', code: 'validity_missing', params: {} },
    ]);
    const half = validateCouponTemplate(template({ validity: { from: '2026-11-01T00:00:00Z' } }));
    expect(coded(half)).toEqual([
      { field: 'validity.to', code: 'validity_incomplete', params: { missing: 'to' } },
    ]);
    expect(half[0]!.reason).toBe(
      'validity.to is missing: fixed dates need both from and to (or give days instead).',
    );
    expect(
      coded(validateCouponTemplate(template({ validity: { days: 3, to: '2026-12-01T00:00:00Z' } }))),
    ).toEqual([{ field: 'validity', code: 'validity_both', params: {} }]);
    expect(coded(validateCouponTemplate(template({ validity: { days: 4000 } })))).toEqual([
      {
        field: 'validity.days',
        code: 'validity_days_out_of_range',
        params: { days: 4000, min: 1, max: 3650 },
      },
    ]);
    expect(
      coded(
        validateCouponTemplate(
          template({ validity: { from: '2026-10-01T00:00:00Z', to: '2026-10-20T00:00:00+08:00' } }),
        ),
      ),
    ).toEqual([
      {
        field: 'validity.to',
        code: 'validity_before_claim',
        params: { to: '2026-10-19T16:00:00.000Z', claimStartsAt: '2026-11-01T00:00:00.000Z' },
      },
    ]);
  });

  test('claim window reversed; percent coupons need a rate in range', () => {
    expect(coded(validateCouponTemplate(template({ claimEndsAt: '2026-10-01T00:00:00Z' })))).toEqual([
      {
        field: 'claimEndsAt',
        code: 'end_before_start',
        params: {
          window: 'claim',
          end: '2026-10-01T00:00:00.000Z',
          start: '2026-11-01T00:00:00.000Z',
          startField: 'claimStartsAt',
        },
      },
    ]);
    expect(coded(validateCouponTemplate(template({ rule: { type: 'percent', min: 0 } })))).toEqual([
      { field: 'rule.rateBp', code: 'required', params: { what: 'rate' } },
    ]);
    expect(
      coded(validateCouponTemplate(template({ rule: { type: 'percent', min: 0, rateBp: 10000 } }))),
    ).toEqual([
      { field: 'rule.rateBp', code: 'rate_out_of_range', params: { rateBp: 10000, min: 1, max: 9999 } },
    ]);
  });

  test('kind rules: channel coupons name a channel; platform coupons have no merchant; product coupons filter', () => {
    expect(coded(validateCouponTemplate(template({ kind: 'channel' })))).toEqual([
      { field: 'channel', code: 'channel_required', params: { kind: 'channel' } },
    ]);
    expect(
      coded(validateCouponTemplate(template({ channel: { promoterId: 'pm1' }, liveSessionId: 'ls1' }))),
    ).toEqual([
      { field: 'channel', code: 'only_for_kind', params: { name: 'channel', kind: 'store', for: 'channel' } },
      {
        field: 'liveSessionId',
        code: 'only_for_kind',
        params: { name: 'liveSessionId', kind: 'store', for: 'live' },
      },
    ]);
    expect(coded(validateCouponTemplate(template({ kind: 'platform', scope: {} })))).toEqual([
      { field: 'merchantId', code: 'merchant_not_allowed', params: { kind: 'platform' } },
    ]);
    expect(coded(validateCouponTemplate(template({ kind: 'product' })))).toEqual([
      { field: 'scope.productIds', code: 'item_filter_required', params: { kind: 'product' } },
    ]);
    expect(
      coded(
        validateCouponTemplate(template({ kind: 'store', merchantId: undefined, scope: { storeIds: [] } })),
      ),
    ).toEqual([
      { field: 'scope.storeIds', code: 'scope_stores_empty', params: {} },
      { field: 'merchantId', code: 'merchant_required', params: { kind: 'store' } },
      { field: 'scope.storeIds', code: 'stores_required', params: { kind: 'store' } },
    ]);
    expect(
      coded(
        validateCouponTemplate(
          template({ kind: 'cross_store', merchantId: undefined, scope: { storeIds: ['s1'] } }),
        ),
      ),
    ).toEqual([
      { field: 'scope.storeIds', code: 'two_stores_required', params: { kind: 'cross_store', count: 1 } },
    ]);
    expect(coded(validateCouponTemplate(template({ kind: 'bogus' })))).toEqual([
      { field: 'kind', code: 'unknown_kind', params: { kind: 'bogus' } },
    ]);
  });
});
