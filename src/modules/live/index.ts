import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { liveRoutes } from './live.routes.ts';
import { marketRoutes } from './market.routes.ts';
import { matchRoutes } from './match.routes.ts';

/**
 * Live commerce and the creator marketplace: live rooms and sessions with their metrics, live penetration,
 * sample requests (寄样), proxy-streaming jobs (代播) and creator–product matching.
 */
export const liveModule: ModuleDef = {
  name: 'live',
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(liveRoutes(ctx));
      await app.register(marketRoutes(ctx));
      await app.register(matchRoutes(ctx));
    },
};
