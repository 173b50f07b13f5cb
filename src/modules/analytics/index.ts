import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { dashboardRoutes } from './dashboards.routes.ts';
import { forecastRoutes } from './forecast.routes.ts';
import { JOBS, setupRealtime } from './jobs.ts';
import { measureRoutes } from './measure.routes.ts';
import { opportunityRoutes } from './opportunity.routes.ts';

export { seedAnalyticsDemo } from './demo.service.ts';
export { catchUp, rebuildRollups } from './rollups.service.ts';

/**
 * Analytics, measurement and the opportunity center: rollups of orders and behaviour (closed days by batch, today
 * by the speed layer), merchant and operator dashboards, ROI, holdout incrementality and attribution, daily
 * forecasts with backtests, opportunities, stored daily reports and CSV export.
 */
export const analyticsModule: ModuleDef = {
  name: 'analytics',
  setup: setupRealtime,
  start(ctx) {
    for (const j of JOBS) j.start(ctx);
  },
  async stop(ctx) {
    await Promise.all(JOBS.map((j) => j.stop(ctx)));
  },
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(dashboardRoutes(ctx));
      await app.register(measureRoutes(ctx));
      await app.register(forecastRoutes(ctx));
      await app.register(opportunityRoutes(ctx));
    },
};
