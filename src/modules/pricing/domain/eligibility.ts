import { compileCoupon, compileOffer } from './catalog.ts';
import type { BuyerContext, CouponTerms, ItemOffer, Offer, Reason, WalletCoupon } from './types.ts';

export interface Gate {
  reason: Reason;
  detail: string;
}

function audienceGate(audienceId: string | undefined, ctx: BuyerContext): Gate | null {
  if (!audienceId) return null;
  if (ctx.audienceIds?.includes(audienceId)) return null;
  return { reason: 'not_in_audience', detail: `only for audience ${audienceId}` };
}

function liveGate(required: string | undefined, ctx: BuyerContext): Gate | null {
  if (!ctx.liveSessionId)
    return { reason: 'not_live_order', detail: 'only for orders placed in a live session' };
  if (required && required !== ctx.liveSessionId)
    return { reason: 'not_live_order', detail: `only for live session ${required}` };
  return null;
}

/** Why an offer cannot apply to this buyer now, whatever the cart holds (null: it can). */
export function offerGate(offer: Offer, ctx: BuyerContext, now: number): Gate | null {
  const c = compileOffer(offer);
  if (now < c.start) return { reason: 'not_started', detail: `starts at ${offer.startsAt}` };
  if (now >= c.end) return { reason: 'ended', detail: `ended at ${offer.endsAt}` };
  const a = audienceGate(offer.audienceId, ctx);
  if (a) return a;
  if (offer.kind === 'live_price') return liveGate((offer as ItemOffer).liveSessionId, ctx);
  if (offer.kind === 'new_customer_price' && !offer.merchantId && !ctx.newToPlatform)
    return { reason: 'not_new_customer', detail: 'only for buyers who have never ordered on the platform' };
  return null;
}

/** Gates that depend on the line's store: fan and store new-customer prices. */
export function storeGate(offer: ItemOffer, storeId: string, ctx: BuyerContext): Gate | null {
  if (offer.kind === 'fan_price' && !ctx.followedStoreIds?.includes(storeId))
    return { reason: 'not_follower', detail: 'only for followers of the store' };
  if (offer.kind === 'new_customer_price' && offer.merchantId && ctx.purchasedStoreIds?.includes(storeId))
    return {
      reason: 'not_new_customer',
      detail: 'only for buyers who have not ordered from the store before',
    };
  return null;
}

/** Units this buyer may still buy at a flash sale's price. */
export function flashAllowance(offer: ItemOffer, ctx: BuyerContext): number {
  const stock = offer.stockLeft ?? Number.POSITIVE_INFINITY;
  const perUser = (offer.perUserLimit ?? Number.POSITIVE_INFINITY) - (ctx.flashBought?.[offer.id] ?? 0);
  return Math.max(0, Math.min(stock, perUser));
}

function couponTermsGate(t: CouponTerms, ctx: BuyerContext): Gate | null {
  const a = audienceGate(t.audienceId, ctx);
  if (a) return a;
  if (t.kind === 'live') return liveGate(t.liveSessionId, ctx);
  if (t.kind === 'channel') {
    const c = t.channel ?? {};
    const ok =
      (c.promoterId !== undefined && c.promoterId === ctx.promoterId) ||
      (c.creatorId !== undefined && c.creatorId === ctx.creatorId);
    if (!ok) {
      const who = c.promoterId ? `promoter ${c.promoterId}` : `creator ${c.creatorId ?? '?'}`;
      return { reason: 'wrong_channel', detail: `only for orders attributed to ${who}` };
    }
  }
  return null;
}

/** Why a held coupon cannot be used now, whatever the cart holds (null: it can). */
export function couponGate(c: WalletCoupon, ctx: BuyerContext, now: number): Gate | null {
  const t = compileCoupon(c);
  if (now < t.start) return { reason: 'not_started', detail: `valid from ${c.validFrom}` };
  if (now >= t.end) return { reason: 'ended', detail: `expired at ${c.validTo}` };
  return couponTermsGate(c.terms, ctx);
}
