// PLACEHOLDER owned by helper B: replace entirely.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';

export const audienceRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
