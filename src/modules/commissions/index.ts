import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { periodicJob } from '../../core/periodic.ts';
import { commissionRoutes } from './commissions.routes.ts';
import { distributionRoutes } from './distribution.routes.ts';
import { handleOrderEvents, TOPICS } from './sync.service.ts';

import { clickRoutes } from './distribution.routes.ts';

export { clickRoutes };
// Used by the simulator to build the demo marketplace's distribution through the same services.
export { createLink } from './links.service.ts';
export { createPlan } from './plans.service.ts';
// The live module's product recommendations price candidates exactly as the selection square does.
export { listProducts } from './distribution.service.ts';
export { createPolicy } from './policies.service.ts';
export { type SeedClick, seedClicks } from './seed.service.ts';
export type { PlanFacts, RateChoice, RateQuery } from './domain/plans.ts';
export { rateFor } from './domain/plans.ts';
export { type Reconciliation, reconcile } from './reconciliation.service.ts';
export { processOrderEvents } from './run.ts';
export { payStatement, type SettleOptions, type SettleResult } from './settlement.service.ts';
export { orderIdsOf, type SyncResult, syncOrders } from './sync.service.ts';
import { dueMonth, settleMonth as settle } from './settlement.service.ts';

/**
 * Monthly settlement for the app: statements of `month` for every recipient, restartable (see settlement.service).
 */
export const settleMonth = (
  ctx: AppContext,
  month: string,
  now = new Date(),
  opts: { chunkSize?: number } = {},
) => settle(ctx.db.kysely, month, now, { timeZone: ctx.cfg.timeZone, ...opts });

/**
 * Commissions: distribution plans, share links and clicks (the distribution routes), and the commission engine —
 * attribution of paid orders, commission and platform fees per order line, the estimate → completed → settled →
 * paid lifecycle with refunds and fraud review, ledger postings, monthly statements and reconciliation.
 */
/** How often the server looks for a month whose statements are due (the previous one, from its settlement day). */
const SETTLE_CHECK_MS = 3_600_000;

/** Settles the month due at `now`, if any (the server's hourly timer; tests call it directly). */
export async function settleDue(ctx: AppContext, now = new Date()) {
  const month = await dueMonth(ctx.db.kysely, now, ctx.cfg.timeZone);
  return month ? settleMonth(ctx, month, now) : null;
}

export const commissionsModule: ModuleDef = {
  name: 'commissions',
  setup(ctx) {
    ctx.dispatcher.subscribeBatch('commissions', TOPICS, handleOrderEvents(ctx.cfg.timeZone));
  },
  publicRoutes: clickRoutes,
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(distributionRoutes(ctx));
      await app.register(commissionRoutes(ctx));
    },
  ...periodicJob('commission settlement', SETTLE_CHECK_MS, (ctx) => settleDue(ctx), { runAtStart: false }),
};
