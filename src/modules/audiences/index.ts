import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { audienceRoutes } from './audiences.routes.ts';
import { dailyRefreshJob } from './audiences.service.ts';
import { profilesJob, setupProfiles } from './profiles.hooks.ts';
import { tagRoutes } from './tags.routes.ts';

export { Bitmap, fromBytes, toBytes } from './bitmap.ts';
export { createActivation } from './activations.service.ts';
export { seedAudiencesDemo } from './demo.service.ts';
export { buildTags, rebuildProfiles, tagIndex } from './tags.store.ts';

/**
 * Audiences and precision marketing: user profiles and a tag catalog kept as Roaring bitmaps, an audience builder
 * with instant sizes, insights with TGI, store relationship tiers, lookalike expansion and activation with holdouts.
 */
export const audiencesModule: ModuleDef = {
  name: 'audiences',
  // Profiles follow newly stored events (hook) and changed orders (outbox).
  setup: setupProfiles,
  // Tag builds every 10 minutes; saved daily audiences snapshotted once a day.
  start(ctx) {
    profilesJob.start(ctx);
    dailyRefreshJob.start(ctx);
  },
  async stop(ctx) {
    await Promise.all([profilesJob.stop(ctx), dailyRefreshJob.stop(ctx)]);
  },
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(tagRoutes(ctx));
      await app.register(audienceRoutes(ctx));
    },
};
