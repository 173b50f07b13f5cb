import type { Db } from '../../core/db.ts';
import type { OutboxEvent } from '../../core/outbox.ts';
import { orderIdsOf, type SyncResult, syncOrders } from './sync.service.ts';

/** Deadlock and serialization failures are worth a retry: the whole transaction rolled back. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Runs a batch of order events in its own transaction, retrying on deadlock (concurrent workers whose batches
 * touch the same parties' accounts). Benchmarks and workers outside the dispatcher call this directly.
 */
export async function processOrderEvents(
  db: Db,
  events: readonly OutboxEvent[],
  timeZone = 'Asia/Shanghai',
  attempts = 5,
): Promise<SyncResult> {
  const ids = orderIdsOf(events);
  for (let i = 1; ; i++) {
    try {
      return await db.transaction().execute((trx) => syncOrders(trx, ids, timeZone));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (i >= attempts || !code || !RETRYABLE.has(code)) throw err;
    }
  }
}
