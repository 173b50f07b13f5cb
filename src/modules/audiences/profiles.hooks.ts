import { sql } from 'kysely';
import type { AppContext } from '../../core/context.ts';
import type { Db, Tx } from '../../core/db.ts';
import type { OutboxEvent } from '../../core/outbox.ts';
import { periodicJob } from '../../core/periodic.ts';
import { EVENTS_WRITTEN, type EventsWrittenHook } from '../marketplace/index.ts';
import { drainEvents, enqueueEvents } from './profiles.queue.ts';
import { refreshProfiles } from './profiles.service.ts';
import { buildTags } from './tags.store.ts';

export { applyEventDeltas, rebuildProfiles, refreshProfiles } from './profiles.service.ts';

/**
 * Behaviour events newly stored by ingestion are added to the profiles of the context's database (deltas;
 * duplicates never arrive), through the coalescing queue behind ingestion (profiles.queue.ts).
 */
export function profileEventsHook(db: Db, log?: (err: unknown) => void): EventsWrittenHook {
  return {
    name: 'audience profiles',
    async written(_db, stored) {
      await enqueueEvents(db, stored, log);
    },
    drain: () => drainEvents(db),
  };
}

export const ORDER_TOPICS = ['order.created', 'order.status_changed'];

/** The consumers whose orders these outbox events touched (the payload's consumerId, else the order's). */
export async function consumersOfOrderEvents(db: Db, events: readonly OutboxEvent[]): Promise<string[]> {
  const ids = new Set<string>();
  const missing: string[] = [];
  for (const e of events) {
    const c = (e.payload as { consumerId?: unknown } | null)?.consumerId;
    if (typeof c === 'string') ids.add(c);
    else missing.push(e.aggregateId);
  }
  if (missing.length) {
    const r = await sql<{ consumer_id: string }>`SELECT DISTINCT consumer_id FROM orders
      WHERE id = ANY(${missing}::text[])`.execute(db);
    for (const x of r.rows) ids.add(x.consumer_id);
  }
  return [...ids];
}

/** The outbox handler: recomputes the order-derived profile of the consumers whose orders changed. */
export const handleOrderEvents = async (events: OutboxEvent[], trx: Tx) => {
  await refreshProfiles(trx, await consumersOfOrderEvents(trx, events));
};

export function setupProfiles(ctx: AppContext): void {
  ctx.hooks.add(
    EVENTS_WRITTEN,
    profileEventsHook(ctx.db.kysely, (err) => ctx.log.error({ err }, 'audience profile deltas failed')),
  );
  ctx.dispatcher.subscribeBatch('audiences', ORDER_TOPICS, handleOrderEvents);
}

/** How often the tag bitmaps are rebuilt from the profiles. */
export const TAG_BUILD_MS = 600_000;

/**
 * One tick of the tag job: builds the tags when profiles exist and (at start) there is no build yet or the
 * last build is older than the interval; the timer's ticks then build every interval.
 */
export async function tagJobTick(ctx: AppContext, force: boolean): Promise<void> {
  const db = ctx.db.kysely;
  const r = await sql<{ users: boolean; last: Date | null }>`SELECT EXISTS (SELECT 1 FROM aud_users) AS users,
    (SELECT max(built_at) FROM aud_tag_builds) AS last`.execute(db);
  const row = r.rows[0]!;
  if (!row.users) return;
  const stale = !row.last || Date.now() - new Date(row.last).getTime() >= TAG_BUILD_MS - 5_000;
  if (!force && !stale) return;
  const stats = await buildTags(db, { timeZone: ctx.cfg.timeZone });
  ctx.log.info({ ...stats }, 'audience tags built');
}

/** Rebuilds the tag bitmaps every 10 minutes (and at start when there are profiles but no recent build). */
const tagJob = periodicJob('audiences tag rebuild', TAG_BUILD_MS, (ctx) => tagJobTick(ctx, false));

/** The tag job; stopping it also applies the profile deltas still queued. */
export const profilesJob = {
  start: tagJob.start,
  async stop(ctx: AppContext) {
    await tagJob.stop(ctx);
    await drainEvents(ctx.db.kysely);
  },
};
