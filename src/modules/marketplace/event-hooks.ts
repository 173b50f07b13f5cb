import type { Db } from '../../core/db.ts';
import { hookPoint } from '../../core/hooks.ts';
import type { BehaviourEvent } from './domain/schemas.ts';

/**
 * Another capability following behaviour events as they arrive (live metrics mark the minutes to refold). Called
 * by ingestEvents after the batch is written, with every valid event of the batch — duplicates included, so a
 * batch sent again after a failure re-runs the hook. Runs on the ingestion's `db` (a pool or its transaction);
 * it must be cheap and idempotent.
 */
export interface EventsWrittenHook {
  name: string;
  written(db: Db, events: readonly BehaviourEvent[]): Promise<void>;
}

/** Where events-written hooks are registered (`ctx.hooks.add(EVENTS_WRITTEN, hook)`). */
export const EVENTS_WRITTEN = hookPoint<EventsWrittenHook>('marketplace.events_written');
