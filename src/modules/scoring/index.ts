import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { periodicJob } from '../../core/periodic.ts';
import { businessDay, shiftDay } from '../../core/time.ts';
import { recompute, latestDay } from './recompute.service.ts';
import { scoringRoutes } from './scoring.routes.ts';

export { activeConfig } from './config.service.ts';
export { DEFAULT_CONFIG, type ScoringConfig } from './domain/config.ts';
export { METRICS, SCORE_KINDS, type ScoreKind } from './domain/metrics.ts';
export { spearman } from './domain/stats.ts';
export { type RunSummary, recompute, latestDay } from './recompute.service.ts';
export {
  allTrafficMultipliers,
  latestStoreScores,
  linkageOf,
  productEngagement,
  scoreOf,
  trafficMultipliers,
} from './scores.service.ts';

/**
 * Scores the `days` business days ending the day before `endDay` (oldest first), so score history has a trend
 * from the start: the demo backfills two weeks after generating its marketplace.
 */
export async function backfillScores(ctx: AppContext, endDay: string, days: number) {
  const runs = [];
  for (let k = days; k >= 1; k--)
    runs.push(
      await recompute(ctx.db, { day: shiftDay(endDay, -k), trigger: 'backfill', timeZone: ctx.cfg.timeZone }),
    );
  return runs;
}

/** Scores yesterday's window once it has ended (the server's hourly check; a no-op when already done). */
export async function scoreDue(ctx: AppContext, now = new Date()) {
  const day = shiftDay(businessDay(now, ctx.cfg.timeZone), -1);
  const done = await latestDay(ctx.db, 'store');
  if (done !== null && done >= day) return null;
  return recompute(ctx.db, { day, trigger: 'schedule', timeZone: ctx.cfg.timeZone });
}

/** Operating scores: product, store experience and creator word-of-mouth scores, explained, with their linkage. */
export const scoringModule: ModuleDef = {
  name: 'scoring',
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(scoringRoutes(ctx));
    },
  ...periodicJob('daily score recompute', 3_600_000, (ctx) => scoreDue(ctx)),
};
