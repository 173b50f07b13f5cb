import type { Db, Tx } from './db.ts';
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';

export interface OutboxEvent<T = unknown> {
  id: number;
  topic: string;
  aggregateId: string;
  payload: T;
  createdAt: Date;
}

export interface NewEvent {
  topic: string;
  aggregateId: string;
  payload: unknown;
}

/** A handler applies an event inside a transaction; the dispatcher records it there too, so redelivery is a no-op. */
export type Handler = (event: OutboxEvent, trx: Tx) => Promise<void>;

/** Writes events in the caller's transaction (many rows in one statement: ingestion writes thousands). */
export async function publish(trx: Db | Tx, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await sql`INSERT INTO outbox (topic, aggregate_id, payload)
    SELECT * FROM unnest(${events.map((e) => e.topic)}::text[], ${events.map((e) => e.aggregateId)}::text[], ${events.map((e) => JSON.stringify(e.payload))}::jsonb[])`.execute(
    trx,
  );
}

interface Subscription {
  name: string;
  topics: string[] | '*';
  handle: Handler;
}

/**
 * In-process dispatcher: polls undispatched events in id order, runs every subscribed handler in its own
 * transaction (handler effects + its outbox_handled row commit together), then marks the event dispatched.
 * At-least-once: a crash between a handler's commit and the mark only causes a skipped redelivery.
 */
export function createDispatcher(
  db: Db,
  log: { error: (o: object, m: string) => void },
  opts = { batch: 200, intervalMs: 250 },
) {
  const subs: Subscription[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = true;

  function subscribe(name: string, topics: string[] | '*', handle: Handler) {
    if (subs.some((s) => s.name === name)) throw new Error(`handler ${name} is already subscribed`);
    subs.push({ name, topics, handle });
  }

  async function runOnce(): Promise<number> {
    const rows = await db
      .selectFrom('outbox')
      .selectAll()
      .where('dispatched_at', 'is', null)
      .orderBy('id')
      .limit(opts.batch)
      .execute();
    for (const r of rows) {
      const ev: OutboxEvent = {
        id: Number(r.id),
        topic: r.topic,
        aggregateId: r.aggregate_id,
        payload: r.payload,
        createdAt: r.created_at,
      };
      let failed: string | null = null;
      for (const s of subs) {
        if (s.topics !== '*' && !s.topics.includes(ev.topic)) continue;
        try {
          await db.transaction().execute(async (trx) => {
            const claimed = await trx
              .insertInto('outbox_handled')
              .values({ handler: s.name, event_id: ev.id })
              .onConflict((oc) => oc.doNothing())
              .returning('event_id')
              .executeTakeFirst();
            if (claimed) await s.handle(ev, trx);
          });
        } catch (err) {
          failed = `${s.name}: ${(err as Error).message}`;
          log.error({ err, event: ev.id, handler: s.name }, 'outbox handler failed');
        }
      }
      if (failed) {
        await db
          .updateTable('outbox')
          .set({ attempts: sql`attempts + 1`, last_error: failed })
          .where('id', '=', ev.id)
          .execute();
        break; // keep order: retry this event on the next tick
      }
      await db
        .updateTable('outbox')
        .set({ dispatched_at: new Date(), attempts: sql`attempts + 1` })
        .where('id', '=', ev.id)
        .execute();
    }
    return rows.length;
  }

  /** Dispatch until nothing is pending (tests and CLI use this to settle). */
  async function drain(): Promise<void> {
    for (;;) {
      if (running) await running;
      running = runOnce();
      const n = await running.finally(() => {
        running = null;
      });
      if (n === 0) return;
    }
  }

  function tick() {
    if (stopped) return;
    if (!running) {
      running = runOnce()
        .catch((err) => {
          log.error({ err }, 'outbox dispatch failed');
          return 0;
        })
        .finally(() => {
          running = null;
        });
    }
    timer = setTimeout(tick, opts.intervalMs);
  }

  return {
    subscribe,
    drain,
    runOnce,
    start() {
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
export type Dispatcher = ReturnType<typeof createDispatcher>;

/** Signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (Stripe-style, replay-resistant). */
export function signWebhook(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${mac}`;
}

export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  toleranceSec = 300,
  now = Date.now(),
): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(now / 1000 - t) > toleranceSec) return false;
  return signWebhook(secret, body, t) === header;
}
