import type { Db } from '../../core/db.ts';
import { hookPoint } from '../../core/hooks.ts';
import type { BehaviourEvent } from './domain/schemas.ts';

/**
 * Another capability following behaviour events as they arrive (live metrics add them to their aggregates).
 * `written` is called by ingestEvents after the batch is written with only the events it newly stored — never a
 * duplicate of a stored event (a batch sent again calls it with the events that were not stored yet, or not at
 * all), so a hook may add them to running totals. `before`, if given, is called with the batch's valid events
 * before the write, and what it returns is handed to `written` (to notice what changed in between). Both run on
 * the ingestion's `db` (a pool or its transaction) and must be cheap. A hook failing after the write leaves the
 * events stored without it: a hook keeping totals needs its own repair (live: recompute from the events).
 */
export interface EventsWrittenHook {
  name: string;
  before?(db: Db, events: readonly BehaviourEvent[]): Promise<unknown>;
  written(db: Db, stored: readonly BehaviourEvent[], before?: unknown): Promise<void>;
  /** Resolves once the work this hook deferred behind ingestion (a queue, marks) is done: tests, bench, shutdown. */
  drain?(): Promise<void>;
}

/** Where events-written hooks are registered (`ctx.hooks.add(EVENTS_WRITTEN, hook)`). */
export const EVENTS_WRITTEN = hookPoint<EventsWrittenHook>('marketplace.events_written');
