/**
 * Realistic carts for the benchmark and the scale tests: the offer mix of a big sale day on a Chinese
 * marketplace (item cuts, fan and live prices, tiered store 满减, N件M折, cross-store and category offers,
 * store / product / platform / cross-store coupons, a few exclusion groups and non-stackable offers).
 */
import type { CartLine, Offer, WalletCoupon } from '../types.ts';
import { coupon, crossOffer, END, itemOffer, line, storeOffer } from './carts.ts';

/** A small deterministic PRNG (mulberry32) so carts are the same in every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RealisticCart {
  lines: CartLine[];
  offers: Offer[];
  coupons: WalletCoupon[];
}

export function realisticCart(
  seed: number,
  o: { lines: number; stores: number; offers: number; coupons: number },
): RealisticCart {
  const r = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const stores = Array.from({ length: o.stores }, (_, i) => `s${i}`);
  const cats = ['c_food', 'c_beauty', 'c_home', 'c_digital'];
  const lines = Array.from({ length: o.lines }, (_, i) =>
    line(`l${i}`, stores[i % o.stores]!, int(19, 899) * 100 - pick([0, 1, 10]), r() < 0.8 ? 1 : int(2, 4), {
      categoryIds: [pick(cats), 'c_root'],
      brandId: `b${int(0, 5)}`,
    }),
  );
  const offers: Offer[] = [];
  const add = (x: Offer) => {
    if (offers.length < o.offers) offers.push(x);
  };
  const groupMaybe = () => (r() < 0.12 ? { group: 'subsidy' } : {});
  // Store layer: tiered 满减 and an N件M折 per store.
  for (const s of stores) {
    add(
      storeOffer(
        `st_${s}`,
        s,
        {
          type: 'amount_tiers',
          tiers: [
            { min: 19900, off: 2000 },
            { min: 29900, off: 4000 },
            { min: 59900, off: 9000 },
          ],
        },
        { priority: 2 },
      ),
    );
    if (r() < 0.5)
      add(
        storeOffer(
          `nq_${s}`,
          s,
          {
            type: 'qty_percent_tiers',
            tiers: [
              { minQty: 2, rateBp: 9500 },
              { minQty: 3, rateBp: 9000 },
            ],
          },
          { priority: 1, scope: { storeIds: [s], categoryIds: ['c_food', 'c_home'] } },
        ),
      );
  }
  // Cross layer: cross-store 每满300减40 and a category offer.
  add(
    crossOffer(
      'x_every',
      stores,
      { type: 'amount_every', every: 30000, off: 4000, cap: 40000 },
      { priority: 3 },
    ),
  );
  add(
    crossOffer(
      'x_beauty',
      null,
      { type: 'amount_tiers', tiers: [{ min: 39900, off: 5000 }] },
      { scope: { categoryIds: ['c_beauty'] }, ...groupMaybe() },
    ),
  );
  // Item layer fills the rest: cuts, fan and live prices on the cart's SKUs.
  let k = 0;
  while (offers.length < o.offers) {
    const l = lines[k % lines.length]!;
    const kind = pick(['price_cut', 'price_cut', 'fan_price', 'live_price', 'new_customer_price'] as const);
    add(
      itemOffer(
        `i${k}_${l.lineId}`,
        kind,
        [l.skuId],
        { type: 'rate', rateBp: int(85, 97) * 100 },
        { merchantId: l.merchantId },
      ),
    );
    k++;
  }
  const coupons: WalletCoupon[] = [];
  for (let i = 0; i < o.coupons; i++) {
    const s = pick(stores);
    const kind = pick(['store', 'store', 'store', 'platform', 'cross_store', 'product'] as const);
    const min = pick([0, 9900, 19900, 29900, 49900]);
    const off = Math.max(300, Math.floor((min || 5000) * pick([0.05, 0.1, 0.15])));
    const scope =
      kind === 'store'
        ? { storeIds: [s] }
        : kind === 'cross_store'
          ? { storeIds: stores }
          : kind === 'product'
            ? { productIds: [pick(lines).productId] }
            : {};
    const stacking = kind === 'platform' ? groupMaybe() : r() < 0.05 ? { stackable: false } : {};
    coupons.push(
      coupon(
        `cp${i}`,
        kind,
        scope,
        { type: 'amount', min: Math.max(min, off + 100), off },
        stacking,
        `2026-11-${int(12, 29)}T00:00:00.000Z`,
      ),
    );
  }
  void END;
  return { lines, offers, coupons };
}
