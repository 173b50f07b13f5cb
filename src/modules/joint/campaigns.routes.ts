import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';

/** Placeholder until the routes land (replaced by the owner of this file). */
export const campaignRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
