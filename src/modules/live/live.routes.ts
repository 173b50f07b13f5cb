import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';

export const liveRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
