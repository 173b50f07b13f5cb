import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { ORDER_CREATE_HOOKS } from '../marketplace/index.ts';
import { couponRoutes } from './coupons.routes.ts';
import { subscribeLifecycle, sweep } from './lifecycle.service.ts';
import { offerRoutes } from './offers.routes.ts';
import { pricingOrderHook } from './orders.hook.ts';
import { quoteRoutes } from './quote.routes.ts';

export { claimCoupon, setAudience, wallet } from './claims.service.ts';
export { quote } from './domain/quote.ts';
export { platformFundedByLine } from './funding.repo.ts';
export type { CartLine, CouponTerms, Offer, Quote, WalletCoupon } from './domain/types.ts';
export { validateCouponTemplate, validateOffer } from './domain/validate.ts';
export { type SweepResult, sweep } from './lifecycle.service.ts';
export { changeOfferStatus, createOffer, patchOffer } from './offers.service.ts';
export { invalidateOffers } from './offer-cache.ts';
export { createQuote, listingPricesFor, POINTS_POLICY, QUOTE_TTL_MS } from './quote.service.ts';
export { CouponRuleSchema, type OfferBody, type TemplateBody } from './schemas.ts';
export { claimInBulk, type SeedClaim, type SeedQuote, storeQuotes } from './seed.service.ts';
export { changeTemplateStatus, createTemplate, patchTemplate } from './templates.service.ts';

/** How often the sweeper releases lapsed reservations and expires coupons. */
const SWEEP_EVERY_MS = 60_000;
const timers = new WeakMap<AppContext, NodeJS.Timeout>();

/** The sweeper's pass at `now` with the configured reservation timeout (tests call this directly). */
export const sweepNow = (ctx: AppContext, now = new Date()) =>
  sweep(ctx.db.kysely, now, ctx.cfg.reservationMinutes * 60_000);

/**
 * Pricing: offers, coupon templates and coupons, quotes, listing prices, add-on suggestions, the price
 * snapshot locked on orders created with a quote, and the coupon lifecycle that follows those orders.
 */
export const pricingModule: ModuleDef = {
  name: 'pricing',
  setup(ctx) {
    ctx.hooks.add(ORDER_CREATE_HOOKS, pricingOrderHook());
    subscribeLifecycle(ctx.dispatcher);
  },
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(offerRoutes(ctx));
      await app.register(couponRoutes(ctx));
      await app.register(quoteRoutes(ctx));
    },
  start(ctx) {
    const tick = () => sweepNow(ctx).catch((err) => ctx.log.error({ err }, 'pricing sweep failed'));
    timers.set(ctx, setInterval(tick, SWEEP_EVERY_MS));
  },
  stop(ctx) {
    const t = timers.get(ctx);
    if (t) clearInterval(t);
    timers.delete(ctx);
  },
};
