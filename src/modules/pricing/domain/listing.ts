import { compileCoupon, compileOffer, itemCandidates, offerIndex } from './catalog.ts';
import { couponGate, offerGate } from './eligibility.ts';
import { itemParts } from './items.ts';
import { quote } from './quote.ts';
import { couponDiscount, thresholdDiscount } from './rules.ts';
import type { BuyerContext, CartLine, Fen, ItemOffer, NotUsed, Offer, WalletCoupon } from './types.ts';

export type ListingItem = Omit<CartLine, 'lineId' | 'quantity'>;

export interface ListingPrice {
  skuId: string;
  listPrice: Fen;
  /** After item-level offers (the price shown crossed out by 券后价 on listing pages). */
  itemPrice: Fen;
  /** The best price of one unit with threshold offers and coupons (券后价). */
  price: Fen;
  saving: Fen;
  offerIds: string[];
  couponIds: string[];
  /** True when conflicting offers sent this SKU through the full engine instead of the fast path. */
  searched: boolean;
}

interface Candidate {
  id: string;
  d: Fen;
  end: number;
}

/** Per-batch view of offers and coupons: gates decided once per offer touched, coupons by store. */
function batchIndex(ctx: BuyerContext, offers: readonly Offer[], coupons: readonly WalletCoupon[]) {
  const now = Date.parse(ctx.now);
  const ix = offerIndex(offers);
  const gates = new Map<Offer, boolean>();
  const open = (o: Offer) => {
    let g = gates.get(o);
    if (g === undefined) {
      g = offerGate(o, ctx, now) === null;
      gates.set(o, g);
    }
    return g;
  };
  const couponsByStore = new Map<string, WalletCoupon[]>();
  const couponsEverywhere: WalletCoupon[] = [];
  for (const c of coupons) {
    if (couponGate(c, ctx, now)) continue;
    const stores = c.terms.scope.storeIds;
    if (!stores) {
      couponsEverywhere.push(c);
      continue;
    }
    for (const s of stores) {
      const list = couponsByStore.get(s);
      if (list) list.push(c);
      else couponsByStore.set(s, [c]);
    }
  }
  const conflicts = (x: { group?: string; stackable?: boolean }) =>
    x.group !== undefined || x.stackable === false;
  return { ix, open, couponsByStore, couponsEverywhere, conflicts };
}

const slotOf = (c: WalletCoupon) => {
  const k = c.terms.kind;
  return k === 'product'
    ? 0
    : k === 'store' || k === 'channel' || k === 'live'
      ? 1
      : k === 'cross_store'
        ? 2
        : 3;
};

/**
 * Best single-unit price of each SKU for a buyer (or an anonymous one): item price, then the best
 * threshold offer of each layer that one unit reaches, then the best coupon of each slot. The fast path
 * takes each layer's best independently, which is exact when nothing conflicts; a SKU touched by an
 * exclusion group or a non-stackable offer goes through the full engine, so both always agree.
 */
export function listingPrices(
  items: readonly ListingItem[],
  ctx: BuyerContext,
  offers: readonly Offer[],
  coupons: readonly WalletCoupon[],
): ListingPrice[] {
  const b = batchIndex(ctx, offers, coupons);
  const out: ListingPrice[] = [];
  const sink: NotUsed[] = [];
  for (const it of items) {
    const line: CartLine = {
      lineId: it.skuId,
      skuId: it.skuId,
      productId: it.productId,
      storeId: it.storeId,
      merchantId: it.merchantId,
      categoryIds: it.categoryIds,
      brandId: it.brandId,
      unitPrice: it.unitPrice,
      quantity: 1,
    };
    const cands: ItemOffer[] = [];
    for (const o of itemCandidates(b.ix, it.skuId, it.productId))
      if (compileOffer(o).match(line) && b.open(o)) cands.push(o);
    // Most SKUs have no item offer: their unit price is the list price, without building parts.
    const part = cands.length ? itemParts(line, cands, ctx, sink)[0]! : null;
    sink.length = 0;
    const itemOffer = part?.offer;
    const unit = part ? part.unitBasis : it.unitPrice;
    let conflicted = itemOffer !== undefined && b.conflicts(itemOffer);
    // Threshold layers: the best offer per layer reached by one unit.
    let bestStore: Candidate | null = null;
    let bestCross: Candidate | null = null;
    const units = [{ qty: 1, unitBasis: unit }];
    const storeList = b.ix.thresholdsByStore.get(it.storeId);
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? storeList : b.ix.platformThresholds;
      if (!list) continue;
      for (const o of list) {
        if (!compileOffer(o).match(line) || !b.open(o)) continue;
        if (b.conflicts(o)) conflicted = true;
        const d = thresholdDiscount(o.rule, units, unit, 1);
        if (d <= 0) continue;
        if (o.kind === 'store_threshold') {
          if (!bestStore || d > bestStore.d) bestStore = { id: o.id, d, end: 0 };
        } else if (!bestCross || d > bestCross.d) bestCross = { id: o.id, d, end: 0 };
      }
    }
    const bestSlot: (Candidate | null)[] = [null, null, null, null];
    const storeCoupons = b.couponsByStore.get(it.storeId);
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? storeCoupons : b.couponsEverywhere;
      if (!list) continue;
      for (const c of list) {
        const cc = compileCoupon(c);
        if (!cc.match(line)) continue;
        if (b.conflicts(c.terms)) conflicted = true;
        const d = couponDiscount(c.terms.rule, unit);
        if (d <= 0) continue;
        const k = slotOf(c);
        const cur = bestSlot[k];
        if (!cur || d > cur.d || (d === cur.d && cc.end < cur.end))
          bestSlot[k] = { id: c.couponId, d, end: cc.end };
      }
    }
    if (conflicted) {
      const q = quote({
        lines: [line],
        ctx,
        offers: offers as Offer[],
        wallet: { coupons: coupons as WalletCoupon[] },
      });
      out.push({
        skuId: it.skuId,
        listPrice: it.unitPrice,
        itemPrice: unit,
        price: q.payAmount,
        saving: it.unitPrice - q.payAmount,
        offerIds: q.applied.filter((a) => a.sourceType === 'offer').map((a) => a.id),
        couponIds: q.applied.filter((a) => a.sourceType === 'coupon').map((a) => a.id),
        searched: true,
      });
      continue;
    }
    let price = unit;
    const offerIds: string[] = itemOffer ? [itemOffer.id] : [];
    const couponIds: string[] = [];
    for (const c of [bestStore, bestCross]) {
      if (!c || price <= 0) continue;
      price -= Math.min(c.d, price);
      offerIds.push(c.id);
    }
    for (const c of bestSlot) {
      if (!c || price <= 0) continue;
      price -= Math.min(c.d, price);
      couponIds.push(c.id);
    }
    out.push({
      skuId: it.skuId,
      listPrice: it.unitPrice,
      itemPrice: unit,
      price,
      saving: it.unitPrice - price,
      offerIds,
      couponIds,
      searched: false,
    });
  }
  return out;
}
