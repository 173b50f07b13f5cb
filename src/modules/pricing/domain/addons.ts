import { compileCoupon, compileOffer, offerIndex } from './catalog.ts';
import { couponGate, offerGate } from './eligibility.ts';
import type { ListingItem } from './listing.ts';
import { listingPrices } from './listing.ts';
import { couponDiscount, nextThreshold, thresholdDiscount } from './rules.ts';
import type { QuoteInput } from './quote.ts';
import type { Fen, Quote } from './types.ts';

export interface AddOnSuggestion {
  sourceType: 'offer' | 'coupon';
  id: string;
  name: string;
  /** What the cart holds in the offer's scope now (fen, or items for quantity rules). */
  basis: number;
  nextMin: number;
  unit: 'fen' | 'items';
  gap: number;
  /** How much more the offer or coupon saves at the next tier than now. */
  nextSaving: Fen;
  items: { skuId: string; price: Fen; excess: Fen }[];
}

/**
 * 凑单: for each threshold offer and held coupon that covers the cart, how far the next tier is and the
 * SKUs (from `candidates`, priced by their item-level offers) that fill the gap with the least excess.
 */
export function addOnSuggestions(
  input: QuoteInput,
  q: Quote,
  candidates: readonly ListingItem[],
  opts: { perSource?: number; limit?: number } = {},
): AddOnSuggestion[] {
  const now = Date.parse(input.ctx.now);
  const perSource = opts.perSource ?? 3;
  // Unit price after item-level offers of each cart line and candidate.
  const lineBasis = q.lines.map((l, i) => ({
    line: input.lines[i]!,
    amount: l.parts.reduce((a, p) => a + p.quantity * p.unitPrice, 0),
  }));
  const candidatePrices = listingPrices(candidates, input.ctx, input.offers, []);
  const itemPrice = new Map(candidatePrices.map((p) => [p.skuId, p.itemPrice]));
  const inCart = new Set(q.lines.map((l) => l.skuId));
  const out: AddOnSuggestion[] = [];

  const consider = (
    sourceType: 'offer' | 'coupon',
    id: string,
    name: string,
    match: (it: ListingItem) => boolean,
    at: (amount: Fen, qty: number) => { d: Fen; next: ReturnType<typeof nextThreshold> },
  ) => {
    let amount = 0;
    let qty = 0;
    for (const { line, amount: a } of lineBasis) {
      if (!match(line)) continue;
      amount += a;
      qty += line.quantity;
    }
    if (qty === 0) return;
    const now = at(amount, qty);
    if (!now.next) return;
    const unit = now.next.unit;
    const gap = unit === 'fen' ? now.next.min - amount : now.next.min - qty;
    const target = unit === 'fen' ? at(now.next.min, qty + 1) : at(amount, now.next.min);
    const nextSaving = target.d - now.d;
    if (nextSaving <= 0) return;
    const fits = candidates
      .filter((c) => !inCart.has(c.skuId) && match(c))
      .map((c) => {
        const price = itemPrice.get(c.skuId) ?? c.unitPrice;
        return { skuId: c.skuId, price, excess: unit === 'fen' ? price - gap : price };
      })
      .filter((c) => unit === 'items' || c.excess >= 0)
      .sort((a, b) => a.excess - b.excess || (a.skuId < b.skuId ? -1 : 1))
      .slice(0, perSource);
    out.push({
      sourceType,
      id,
      name,
      basis: unit === 'fen' ? amount : qty,
      nextMin: now.next.min,
      unit,
      gap,
      nextSaving,
      items: fits,
    });
  };

  for (const o of offerIndex(input.offers).thresholds) {
    if (offerGate(o, input.ctx, now)) continue;
    const m = compileOffer(o).match;
    consider('offer', o.id, o.name, m, (amount, qty) => ({
      d: thresholdDiscount(o.rule, [{ qty, unitBasis: qty > 0 ? Math.floor(amount / qty) : 0 }], amount, qty),
      next: nextThreshold(o.rule, amount, qty),
    }));
  }
  for (const c of input.wallet.coupons) {
    if (couponGate(c, input.ctx, now)) continue;
    const m = compileCoupon(c).match;
    consider('coupon', c.couponId, c.terms.name, m, (amount) => ({
      d: couponDiscount(c.terms.rule, amount),
      next: nextThreshold(c.terms.rule, amount, 0),
    }));
  }
  return out.sort((a, b) => b.nextSaving - a.nextSaving || (a.id < b.id ? -1 : 1)).slice(0, opts.limit ?? 10);
}
