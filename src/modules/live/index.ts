import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { periodicJob } from '../../core/periodic.ts';
import { EVENTS_WRITTEN } from '../marketplace/index.ts';
import { liveEventsHook, recomputeEnded } from './aggregates.service.ts';
import { liveRoutes } from './live.routes.ts';
import { marketRoutes } from './market.routes.ts';
import { matchRoutes } from './match.routes.ts';

export {
  liveEventsHook,
  recomputeEnded,
  recomputeSession,
  recomputeSessions,
} from './aggregates.service.ts';
export { type LiveMetrics, sessionMetrics, totalsOf } from './metrics.service.ts';
export { createSession, endSession, startExplanation, startSession } from './sessions.service.ts';

// The repair: sessions that ended (end route, or an end reported by ingestion) are recomputed from scratch.
const repairJob = periodicJob('live metrics repair of ended sessions', 5_000, (ctx) =>
  recomputeEnded(ctx.db.kysely),
);

/**
 * Live commerce and the creator marketplace: live rooms and sessions with their metrics, live penetration,
 * sample requests (寄样), proxy-streaming jobs (代播) and creator–product matching.
 */
export const liveModule: ModuleDef = {
  name: 'live',
  // Newly stored room events are added to the aggregates as they are ingested.
  setup(ctx) {
    ctx.hooks.add(EVENTS_WRITTEN, liveEventsHook);
  },
  start: repairJob.start,
  stop: repairJob.stop,
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(liveRoutes(ctx));
      await app.register(marketRoutes(ctx));
      await app.register(matchRoutes(ctx));
    },
};
