import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { adRoutes } from './ads.routes.ts';
import { campaignRoutes } from './campaigns.routes.ts';
import { JOBS } from './jobs.ts';
import { partnerRoutes } from './partners.routes.ts';

export { seedJointDemo } from './demo.service.ts';
export { rebuildPartners, recommendPartners, refreshPartners } from './partners.service.ts';

/**
 * Joint marketing: merchant-organised cross-store campaigns (threshold promotions, coupons, ad crowdfunding,
 * shared decoration) priced by the pricing engine, partner recommendation from co-purchase statistics, ad
 * crowdfunding held on the ledger and run as a traffic program, the joint pool and the shared dashboard.
 */
export const jointModule: ModuleDef = {
  name: 'joint',
  start(ctx) {
    for (const j of JOBS) j.start(ctx);
  },
  async stop(ctx) {
    await Promise.all(JOBS.map((j) => j.stop(ctx)));
  },
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(campaignRoutes(ctx));
      await app.register(partnerRoutes(ctx));
      await app.register(adRoutes(ctx));
    },
};
