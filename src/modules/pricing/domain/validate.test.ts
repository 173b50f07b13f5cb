import { describe, expect, test } from 'vitest';
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

  test('end before start names endsAt in a sentence', () => {
    const issues = validateOffer(
      offer({ kind: 'price_cut', rule: { type: 'off', off: 100 }, endsAt: '2026-10-01T00:00:00Z' }),
    );
    expect(issues).toEqual([
      {
        field: 'endsAt',
        reason: expect.stringMatching(/^endsAt .* must be after startsAt .*end before it starts\.$/),
      },
    ]);
  });

  test('满100减100 or more is refused', () => {
    const issues = validateOffer(offer({ kind: 'store_threshold', rule: tiers([10000, 10000]) }));
    expect(issues).toEqual([{ field: 'rule.tiers.0.off', reason: expect.stringContaining('满¥100减¥100') }]);
  });

  test('overlapping tiers: thresholds not increasing, savings not increasing', () => {
    expect(
      fields(validateOffer(offer({ kind: 'store_threshold', rule: tiers([29900, 4000], [19900, 2000]) }))),
    ).toEqual(['rule.tiers.1.min']);
    const same = validateOffer(offer({ kind: 'store_threshold', rule: tiers([19900, 3000], [29900, 3000]) }));
    expect(same).toEqual([
      { field: 'rule.tiers.1.off', reason: expect.stringContaining('higher threshold has to save more') },
    ]);
    const pct = validateOffer(
      offer({
        kind: 'store_threshold',
        rule: {
          type: 'qty_percent_tiers',
          tiers: [
            { minQty: 2, rateBp: 9000 },
            { minQty: 3, rateBp: 9500 },
          ],
        },
      }),
    );
    expect(fields(pct)).toEqual(['rule.tiers.1.rateBp']);
  });

  test('rates outside 1..9999 bp', () => {
    for (const rateBp of [0, 10000, 12000]) {
      const issues = validateOffer(offer({ kind: 'price_cut', rule: { type: 'rate', rateBp } }));
      expect(issues).toEqual([
        { field: 'rule.rateBp', reason: expect.stringContaining('between 1 and 9999') },
      ]);
    }
  });

  test('a rule of the wrong family, and fields a rule does not use', () => {
    expect(fields(validateOffer(offer({ kind: 'price_cut', rule: tiers([100, 10]) })))).toEqual([
      'rule.type',
    ]);
    expect(fields(validateOffer(offer({ kind: 'store_threshold', rule: { type: 'off', off: 10 } })))).toEqual(
      ['rule.type'],
    );
    expect(
      fields(validateOffer(offer({ kind: 'price_cut', rule: { type: 'rate', rateBp: 9000, off: 100 } }))),
    ).toEqual(['rule.off']);
  });

  test('flash sales need stock and a per-buyer limit; others may not have them', () => {
    const issues = validateOffer(offer({ kind: 'flash_sale', rule: { type: 'price', price: 990 } }));
    expect(fields(issues)).toEqual(['stockLeft', 'perUserLimit']);
    expect(issues[0]!.reason).toContain('stockLeft is required');
    expect(
      fields(validateOffer(offer({ kind: 'price_cut', rule: { type: 'off', off: 1 }, stockLeft: 5 }))),
    ).toEqual(['stockLeft']);
  });

  test('presale: worth below deposit, balance window before the offer or reversed', () => {
    const presale = {
      depositPerUnit: 5000,
      worthPerUnit: 4000,
      balanceStartsAt: '2026-10-20T00:00:00Z',
      balanceEndsAt: '2026-10-19T00:00:00Z',
    };
    const issues = validateOffer(offer({ kind: 'presale', rule: { type: 'off', off: 100 }, presale }));
    expect(fields(issues).sort()).toEqual(
      ['presale.balanceEndsAt', 'presale.balanceStartsAt', 'presale.worthPerUnit'].sort(),
    );
    expect(fields(validateOffer(offer({ kind: 'presale', rule: { type: 'off', off: 100 } })))).toEqual([
      'presale',
    ]);
  });

  test('buy X get Y with zero; every-X-off-Y giving everything away', () => {
    expect(
      fields(
        validateOffer(offer({ kind: 'store_threshold', rule: { type: 'buy_x_get_y', buy: 2, get: 0 } })),
      ),
    ).toEqual(['rule.get']);
    expect(
      fields(
        validateOffer(
          offer({ kind: 'store_threshold', rule: { type: 'amount_every', every: 300, off: 300 } }),
        ),
      ),
    ).toEqual(['rule.off']);
  });

  test('ownership and scope: platform kinds have no merchant, cross-store needs two stores', () => {
    const cross = validateOffer(
      offer({ kind: 'cross_store_threshold', rule: tiers([30000, 5000]), scope: { storeIds: ['s1'] } }),
    );
    expect(fields(cross).sort()).toEqual(['merchantId', 'scope.storeIds']);
    const noStore = validateOffer(offer({ kind: 'store_threshold', rule: tiers([100, 10]), scope: {} }));
    expect(fields(noStore)).toEqual(['scope.storeIds']);
    const both = validateOffer(
      offer({
        kind: 'price_cut',
        rule: { type: 'off', off: 1 },
        scope: { storeIds: ['s1'], skuIds: ['k1'], exclude: { skuIds: ['k1'] } },
      }),
    );
    expect(fields(both)).toEqual(['scope.exclude.skuIds']);
  });

  test('reports every issue, not only the first', () => {
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
    for (const i of issues) expect(i.reason).toMatch(/^[a-zA-Z].*\.$/);
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

  test('discount at or above the threshold', () => {
    const issues = validateCouponTemplate(template({ rule: { type: 'amount', min: 5000, off: 5000 } }));
    expect(issues).toEqual([{ field: 'rule.off', reason: expect.stringContaining('no-threshold coupon') }]);
  });

  test('per-user limit above the total, daily limit above the per-user limit', () => {
    const issues = validateCouponTemplate(
      template({ totalQuantity: 5, perUserLimit: 10, perUserDailyLimit: 20 }),
    );
    expect(fields(issues)).toEqual(['perUserLimit', 'perUserDailyLimit']);
    expect(issues[0]!.reason).toContain('one buyer could never claim that many');
  });

  test('validity missing, both kinds given, or ending before claims open', () => {
    expect(fields(validateCouponTemplate(template({ validity: {} })))).toEqual(['validity']);
    expect(fields(validateCouponTemplate(template({ validity: { from: '2026-11-01T00:00:00Z' } })))).toEqual([
      'validity.to',
    ]);
    expect(
      fields(validateCouponTemplate(template({ validity: { days: 3, to: '2026-12-01T00:00:00Z' } }))),
    ).toEqual(['validity']);
    expect(
      fields(
        validateCouponTemplate(
          template({ validity: { from: '2026-10-01T00:00:00Z', to: '2026-10-20T00:00:00Z' } }),
        ),
      ),
    ).toEqual(['validity.to']);
  });

  test('claim window reversed; percent coupons need a rate in range', () => {
    expect(fields(validateCouponTemplate(template({ claimEndsAt: '2026-10-01T00:00:00Z' })))).toEqual([
      'claimEndsAt',
    ]);
    expect(
      fields(validateCouponTemplate(template({ rule: { type: 'percent', min: 0, rateBp: 10000 } }))),
    ).toEqual(['rule.rateBp']);
  });

  test('kind rules: channel coupons name a channel; platform coupons have no merchant', () => {
    expect(fields(validateCouponTemplate(template({ kind: 'channel' })))).toEqual(['channel']);
    expect(fields(validateCouponTemplate(template({ kind: 'platform', scope: {} })))).toEqual(['merchantId']);
    expect(fields(validateCouponTemplate(template({ kind: 'product' })))).toEqual(['scope.productIds']);
  });
});
