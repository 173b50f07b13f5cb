import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';

export const matchRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
