import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { periodicJob } from '../../core/periodic.ts';
import { EVENTS_WRITTEN } from '../marketplace/index.ts';
import { foldLive, liveEventsHook } from './fold.service.ts';
import { liveRoutes } from './live.routes.ts';
import { marketRoutes } from './market.routes.ts';
import { matchRoutes } from './match.routes.ts';

export { foldLive, liveEventsHook, recomputeSession, recomputeSessions } from './fold.service.ts';
export { type LiveMetrics, sessionMetrics, totalsOf } from './metrics.service.ts';
export { createSession, endSession, startExplanation, startSession } from './sessions.service.ts';

const foldJob = periodicJob('live metrics fold', 2_000, (ctx) => foldLive(ctx.db.kysely));

/**
 * Live commerce and the creator marketplace: live rooms and sessions with their metrics, live penetration,
 * sample requests (寄样), proxy-streaming jobs (代播) and creator–product matching.
 */
export const liveModule: ModuleDef = {
  name: 'live',
  // Room events mark their minutes dirty as they are ingested; the fold job folds them every ~2 s.
  setup(ctx) {
    ctx.hooks.add(EVENTS_WRITTEN, liveEventsHook);
  },
  start: foldJob.start,
  stop: foldJob.stop,
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(liveRoutes(ctx));
      await app.register(marketRoutes(ctx));
      await app.register(matchRoutes(ctx));
    },
};
