// PLACEHOLDER owned by helper A: replace entirely.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';

export const tagRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async () => {};
