import type { Db } from './db.ts';
import { sql } from 'kysely';
import type { Dispatcher } from './outbox.ts';
import { signWebhook } from './outbox.ts';

const MAX_ATTEMPTS = 8;
/** Backoff after attempt n (1-based): 10s, 20s, 40s … capped at one hour. */
export const retryDelayMs = (attempt: number) => Math.min(3600_000, 10_000 * 2 ** (attempt - 1));

/**
 * Webhooks ride on the outbox: a handler fans each event out to the endpoints subscribed to its topic
 * (one delivery row per endpoint and event, unique), and a sender posts due deliveries with retries.
 */
export function createWebhooks(
  db: Db,
  dispatcher: Dispatcher,
  opts: { timeoutMs: number; fetchImpl?: typeof fetch },
) {
  const doFetch = opts.fetchImpl ?? fetch;
  // One statement per batch: every (endpoint, event) pair whose topic matches becomes a pending delivery.
  dispatcher.subscribeBatch('webhooks.fanout', '*', async (events, trx) => {
    const bodies = events.map((ev) =>
      JSON.stringify({
        id: ev.id,
        topic: ev.topic,
        aggregateId: ev.aggregateId,
        data: ev.payload,
        createdAt: ev.createdAt,
      }),
    );
    await sql`INSERT INTO webhook_deliveries (endpoint_id, event_id, topic, payload)
      SELECT e.id, t.event_id, t.topic, t.body
      FROM unnest(${events.map((ev) => ev.id)}::bigint[], ${events.map((ev) => ev.topic)}::text[], ${bodies}::jsonb[]) AS t(event_id, topic, body)
      JOIN webhook_endpoints e ON e.active AND (t.topic = ANY(e.topics) OR '*' = ANY(e.topics))
      ON CONFLICT (endpoint_id, event_id) DO NOTHING`.execute(trx);
  });

  async function sendDue(limit = 50): Promise<number> {
    const due = await db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select(['d.id', 'd.payload', 'd.attempts', 'd.topic', 'e.url', 'e.secret'])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', new Date())
      .orderBy('d.id')
      .limit(limit)
      .execute();
    for (const d of due) {
      const body = JSON.stringify(d.payload);
      const attempt = d.attempts + 1;
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await doFetch(d.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'tributary-signature': signWebhook(d.secret, body),
            'tributary-event-id': String(d.payload.id),
            'tributary-topic': d.topic,
          },
          body,
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
        status = res.status;
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (err) {
        error = (err as Error).message;
      }
      const done = error === null;
      await db
        .updateTable('webhook_deliveries')
        .set({
          attempts: attempt,
          last_status: status,
          last_error: error,
          status: done ? 'delivered' : attempt >= MAX_ATTEMPTS ? 'failed' : 'pending',
          delivered_at: done ? new Date() : null,
          next_attempt_at: new Date(Date.now() + retryDelayMs(attempt)),
        })
        .where('id', '=', d.id)
        .execute();
    }
    return due.length;
  }

  let timer: NodeJS.Timeout | null = null;
  return {
    sendDue,
    start(intervalMs = 1000) {
      const loop = () => {
        sendDue()
          .catch(() => 0)
          .finally(() => {
            if (timer) timer = setTimeout(loop, intervalMs);
          });
      };
      timer = setTimeout(loop, intervalMs);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
export type Webhooks = ReturnType<typeof createWebhooks>;
