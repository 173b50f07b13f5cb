import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import { jobRoutes } from './jobs.routes.ts';
import { sampleRoutes } from './samples.routes.ts';

/** The creator marketplace: sample requests (寄样) and proxy-streaming jobs (代播). */
export const marketRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    await app.register(sampleRoutes(ctx));
    await app.register(jobRoutes(ctx));
  };
