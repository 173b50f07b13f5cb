import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { periodicJob } from '../../core/periodic.ts';
import { ingestRoutes } from './ingest.routes.ts';
import { ensureEventPartitions, rollingWindow } from './partitions.service.ts';
import { queryRoutes } from './query.routes.ts';

export { ingestAfterSales, ingestReviews, ingestServiceSessions } from './aftersales.service.ts';
export type { BatchOptions, BatchResult } from './batch.ts';
export { ingestCatalog } from './catalog.service.ts';
export { ingestLiveSessions } from './live-sessions.service.ts';
export * as schemas from './domain/schemas.ts';
export * from './domain/vocab.ts';
export { checkOrderRecord } from './domain/order-rules.ts';
export { checkEvent, EVENT_COLUMNS, eventRow, ingestEvents } from './events.service.ts';
export { type IngestEnv, ingestOrders } from './orders.service.ts';
export { type NewOrder, ORDER_CREATE_HOOKS, type OrderCreateHook } from './order-hooks.ts';
export { EVENTS_WRITTEN, type EventsWrittenHook } from './event-hooks.ts';
export {
  type EnsureResult,
  type EventPartition,
  ensureEventPartitions,
  listEventPartitions,
  rollingWindow,
} from './partitions.service.ts';
export { LINE_COLUMNS, lineRows, ORDER_COLUMNS, orderRow } from './orders.repo.ts';

/** Marketplace substrate: catalog, parties, orders, after-sales, reviews, service sessions and behaviour events. */
export const marketplaceModule: ModuleDef = {
  name: 'marketplace',
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(ingestRoutes(ctx));
      await app.register(queryRoutes(ctx));
    },
  // Keep the months around today attached so new events never pile up in events_default. Runs in the
  // background: attaching scans the default partition, which takes a while when it is large.
  ...periodicJob('event partition maintenance', 6 * 3_600_000, async (ctx) => {
    const w = rollingWindow(new Date(), ctx.cfg.timeZone);
    const r = await ensureEventPartitions(ctx.db.kysely, w.from, w.to);
    if (r.created.length) ctx.log.info({ created: r.created }, 'event partitions attached');
    if (r.skipped.length)
      ctx.log.warn(
        { months: r.skipped },
        'events of these months are in events_default: run `tributary partitions --move-default`',
      );
  }),
};
