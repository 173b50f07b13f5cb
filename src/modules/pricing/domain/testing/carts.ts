/** Builders and random generators of carts, offers and wallets for the engine's tests and benchmark. */
import fc from 'fast-check';
import type {
  CartLine,
  CouponKind,
  ItemOffer,
  Offer,
  ThresholdOffer,
  ThresholdRule,
  WalletCoupon,
} from '../types.ts';

export const NOW = '2026-11-11T12:00:00.000Z';
export const START = '2026-11-01T00:00:00.000Z';
export const END = '2026-11-30T00:00:00.000Z';

export function line(
  id: string,
  store: string,
  unitPrice: number,
  quantity = 1,
  extra: Partial<CartLine> = {},
): CartLine {
  return {
    lineId: id,
    skuId: `sku_${id}`,
    productId: `p_${id}`,
    storeId: store,
    merchantId: `m_${store}`,
    categoryIds: ['c1'],
    unitPrice,
    quantity,
    ...extra,
  };
}

export function storeOffer(
  id: string,
  store: string,
  rule: ThresholdRule,
  extra: Partial<ThresholdOffer> = {},
): ThresholdOffer {
  return {
    id,
    name: id,
    kind: 'store_threshold',
    merchantId: `m_${store}`,
    scope: { storeIds: [store] },
    startsAt: START,
    endsAt: END,
    rule,
    ...extra,
  };
}

export function crossOffer(
  id: string,
  stores: string[] | null,
  rule: ThresholdRule,
  extra: Partial<ThresholdOffer> = {},
): ThresholdOffer {
  return {
    id,
    name: id,
    kind: stores ? 'cross_store_threshold' : 'platform_threshold',
    scope: stores ? { storeIds: stores } : {},
    startsAt: START,
    endsAt: END,
    rule,
    platformFundedBp: stores ? 0 : 10_000,
    ...extra,
  };
}

export function itemOffer(
  id: string,
  kind: ItemOffer['kind'],
  skuIds: string[],
  rule: ItemOffer['rule'],
  extra: Partial<ItemOffer> = {},
): ItemOffer {
  return { id, name: id, kind, scope: { skuIds }, startsAt: START, endsAt: END, rule, ...extra };
}

export function coupon(
  id: string,
  kind: CouponKind,
  scope: WalletCoupon['terms']['scope'],
  rule: WalletCoupon['terms']['rule'],
  extra: Partial<WalletCoupon['terms']> = {},
  validTo = END,
): WalletCoupon {
  return {
    couponId: id,
    validFrom: START,
    validTo,
    terms: { templateId: `t_${id}`, name: id, kind, scope, rule, ...extra },
  };
}

const fen = (min: number, max: number) => fc.integer({ min, max }).map((x) => x * 100);

const arbRule: fc.Arbitrary<ThresholdRule> = fc.oneof(
  fc.array(fc.tuple(fen(50, 400), fen(5, 60)), { minLength: 1, maxLength: 3 }).map((ts) => ({
    type: 'amount_tiers' as const,
    tiers: ts.map(([min, off]) => ({ min, off: Math.min(off, min - 100) })),
  })),
  fc
    .tuple(fen(100, 300), fen(10, 40), fc.option(fen(30, 120), { nil: undefined }))
    .map(([every, off, cap]) => ({ type: 'amount_every' as const, every, off, ...(cap ? { cap } : {}) })),
  fc
    .tuple(fen(100, 400), fc.integer({ min: 7000, max: 9800 }))
    .map(([min, rateBp]) => ({ type: 'percent_tiers' as const, tiers: [{ min, rateBp }] })),
  fc
    .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 6000, max: 9500 }))
    .map(([minQty, rateBp]) => ({ type: 'qty_percent_tiers' as const, tiers: [{ minQty, rateBp }] })),
  fc
    .tuple(fc.integer({ min: 2, max: 3 }), fen(50, 300))
    .map(([qty, price]) => ({ type: 'qty_fixed_price' as const, qty, price })),
  fc
    .tuple(fc.integer({ min: 1, max: 2 }), fc.constant(1))
    .map(([buy, get]) => ({ type: 'buy_x_get_y' as const, buy, get })),
);

const arbStacking = fc.record({
  group: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
  stackable: fc.option(fc.boolean(), { nil: undefined }),
});

export interface RandomCart {
  lines: CartLine[];
  offers: Offer[];
  coupons: WalletCoupon[];
}

/** Random carts over a few stores with offers and coupons that overlap, conflict and fall short. */
export function arbCart(opts: {
  maxLines: number;
  maxStores: number;
  maxOffers: number;
  maxCoupons: number;
}): fc.Arbitrary<RandomCart> {
  const stores = Array.from({ length: opts.maxStores }, (_, i) => `s${i}`);
  return fc
    .record({
      lines: fc.array(
        fc.tuple(
          fc.constantFrom(...stores),
          fen(5, 300),
          fc.integer({ min: 1, max: 3 }),
          fc.constantFrom('c1', 'c2'),
        ),
        { minLength: 1, maxLength: opts.maxLines },
      ),
      offers: fc.array(
        fc.tuple(
          fc.constantFrom('store', 'cross', 'platform', 'item'),
          fc.constantFrom(...stores),
          arbRule,
          arbStacking,
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 5000, max: 9500 }),
        ),
        { maxLength: opts.maxOffers },
      ),
      coupons: fc.array(
        fc.tuple(
          fc.constantFrom<CouponKind>('store', 'platform', 'cross_store', 'product'),
          fc.constantFrom(...stores),
          fen(0, 400),
          fen(3, 80),
          fc.boolean(),
          arbStacking,
          fc.integer({ min: 12, max: 29 }),
        ),
        { maxLength: opts.maxCoupons },
      ),
    })
    .map(({ lines: ls, offers: os, coupons: cs }) => {
      const lines = ls.map(([s, p, q, c], i) => line(`l${i}`, s, p, q, { categoryIds: [c] }));
      const offers: Offer[] = os.map(([kind, s, rule, stk, prio, rate], i) => {
        const id = `o${i}`;
        if (kind === 'store') return storeOffer(id, s, rule, { ...stk, priority: prio });
        if (kind === 'cross')
          return crossOffer(id, [s, stores[(stores.indexOf(s) + 1) % stores.length]!], rule, {
            ...stk,
            priority: prio,
          });
        if (kind === 'platform')
          return crossOffer(id, null, rule, { ...stk, priority: prio, scope: { categoryIds: ['c1'] } });
        const target = lines[i % lines.length]!;
        return itemOffer(
          id,
          'price_cut',
          [target.skuId],
          { type: 'rate', rateBp: rate },
          { ...stk, priority: prio },
        );
      });
      const coupons = cs.map(([kind, s, min, off, pct, stk, day], i) => {
        const id = `c${i}`;
        const scope =
          kind === 'store'
            ? { storeIds: [s] }
            : kind === 'cross_store'
              ? { storeIds: stores.slice(0, 2) }
              : kind === 'product'
                ? { productIds: [lines[i % lines.length]!.productId] }
                : {};
        const rule = pct
          ? { type: 'percent' as const, min, rateBp: 9000, maxOff: off * 2 }
          : { type: 'amount' as const, min: Math.max(min, off + 100), off };
        return coupon(id, kind, scope, rule, stk, `2026-11-${day}T00:00:00.000Z`);
      });
      return { lines, offers, coupons };
    });
}
