import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { periodicJob } from '../../core/periodic.ts';
import { businessDay, shiftDay } from '../../core/time.ts';
import { planDay, refreshProtection } from './plan.service.ts';
import { Ranker } from './ranker.ts';
import { refreshSignals } from './signals.service.ts';
import { trafficRoutes } from './traffic.routes.ts';

export { type Catalog, onAir } from './domain/catalog.ts';
export { DEFAULT_PARAMS, PROGRAM_KINDS, type ProgramKind } from './domain/programs.ts';
export { DEFAULT_SETTINGS, RANK_SCENES, type RankScene, type TrafficSettings } from './domain/settings.ts';
export { planDay } from './plan.service.ts';
export { createProgram, getProgram, listPrograms, type Program, updateProgram } from './programs.service.ts';
export { programDelivery, programTotals } from './reports.service.ts';
export { enrol } from './enrolment.service.ts';
export { type RankRequest, type RankResponse, Ranker } from './ranker.ts';
export { saveSettings } from './settings.service.ts';
export { refreshSignals } from './signals.service.ts';

/** Catalog age after which the ranker rebuilds it in the background. */
const CATALOG_MS = 15 * 60_000;
const rankers = new WeakMap<AppContext, Promise<Ranker>>();

/** The context's ranking service, created on first use (catalog loaded, quota book and exposure log running). */
export function rankerOf(ctx: AppContext): Promise<Ranker> {
  let r = rankers.get(ctx);
  if (!r) {
    r = (async () => {
      const k = new Ranker(ctx.db, ctx.cfg.timeZone, { catalogMs: CATALOG_MS });
      await k.init();
      k.start();
      return k;
    })();
    rankers.set(ctx, r);
  }
  return r;
}

async function stopRanker(ctx: AppContext) {
  const r = rankers.get(ctx);
  if (!r) return;
  rankers.delete(ctx);
  await (await r).stop();
}

/** Plans today (programs' quota lines), protects streamers who went live since, and once a day refreshes signals. */
async function daily(ctx: AppContext) {
  const today = businessDay(Date.now(), ctx.cfg.timeZone);
  await planDay(ctx.db, today, ctx.cfg.timeZone);
  await refreshProtection(ctx.db, today, ctx.cfg.timeZone);
  await refreshSignalsOnce(ctx, shiftDay(today, -1));
}

async function refreshSignalsOnce(ctx: AppContext, day: string) {
  const done = await sql`SELECT 1 FROM traffic_jobs WHERE job = 'signals' AND day = ${day}::date`.execute(
    ctx.db.kysely,
  );
  if (done.rows.length) return;
  const r = await refreshSignals(ctx.db, day);
  await sql`INSERT INTO traffic_jobs (job, day, summary) VALUES ('signals', ${day}::date, ${JSON.stringify(r)}::jsonb)
    ON CONFLICT DO NOTHING`.execute(ctx.db.kysely);
}

const job = periodicJob('traffic daily plan', 10 * 60_000, daily);

/** Traffic: the ranking service, growth programs and the accounting of exposure. */
export const trafficModule: ModuleDef = {
  name: 'traffic',
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(trafficRoutes(ctx, () => rankerOf(ctx)));
      // The ranker's timers write to the database: stop them before the app (and a test's database) closes.
      app.addHook('onClose', async () => stopRanker(ctx));
    },
  start: job.start,
  async stop(ctx) {
    await job.stop(ctx);
    await stopRanker(ctx);
  },
};
