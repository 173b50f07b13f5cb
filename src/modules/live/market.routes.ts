import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';

export const marketRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
