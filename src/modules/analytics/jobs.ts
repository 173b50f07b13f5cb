import type { AppContext } from '../../core/context.ts';
import { periodicJob } from '../../core/periodic.ts';
import { speedLayerOf } from './realtime.service.ts';
import { reportYesterday } from './reports.service.ts';
import { catchUp, closeYesterday } from './rollups.service.ts';

export { setupRealtime } from './realtime.service.ts';

/** How often the speed layer recomputes the changed stores (freshness of the real-time indices: ≤ this + the query). */
export const FLUSH_MS = 1_000;

/** Today's changed stores, every second. */
const flushJob = periodicJob('analytics real-time rollups', FLUSH_MS, async (ctx: AppContext) => {
  await speedLayerOf(ctx).flush();
});

const caughtUp = new WeakSet<AppContext>();

/**
 * At start, rollups catch up with the data (every day on a fresh install or a generated demo); then, hourly, the
 * previous day is closed from the raw tables once it is over (correcting anything the speed layer missed) and its
 * daily reports are stored.
 */
const closeJob = periodicJob('analytics daily close', 3_600_000, async (ctx: AppContext) => {
  const log = (msg: string, o?: object) => ctx.log.info(o ?? {}, msg);
  if (!caughtUp.has(ctx)) {
    await catchUp(ctx.db.kysely, ctx.cfg.timeZone, log);
    caughtUp.add(ctx);
  }
  await closeYesterday(ctx.db.kysely, ctx.cfg.timeZone);
  // Then yesterday's stored daily reports, once.
  await reportYesterday(ctx.db.kysely, ctx.cfg.timeZone);
});

export const JOBS = [flushJob, closeJob];
