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

/** Handles many events in one transaction (one statement for all of them where it can). */
export type BatchHandler = (events: OutboxEvent[], trx: Tx) => Promise<void>;

interface Subscription {
  name: string;
  topics: string[] | '*';
  handle: BatchHandler;
}

/**
 * In-process dispatcher: reads undispatched events in id order, a batch at a time. Each subscribed handler
 * takes the batch in one transaction together with its outbox_handled rows, so a redelivered event is skipped
 * and handling is exactly-once per handler. A failing batch is retried one event at a time to find the event
 * that fails; events before it are marked dispatched, it and those after it stay pending (order is kept).
 */
export function createDispatcher(
  db: Db,
  log: { error: (o: object, m: string) => void },
  opts = { batch: 500, intervalMs: 250 },
) {
  const subs: Subscription[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = true;

  function add(name: string, topics: string[] | '*', handle: BatchHandler) {
    if (subs.some((s) => s.name === name)) throw new Error(`handler ${name} is already subscribed`);
    subs.push({ name, topics, handle });
  }
  const subscribe = (name: string, topics: string[] | '*', handle: Handler) =>
    add(name, topics, async (evs, trx) => {
      for (const ev of evs) await handle(ev, trx);
    });

  async function handleInTx(s: Subscription, evs: OutboxEvent[]) {
    await db.transaction().execute(async (trx) => {
      const claimed = await sql<{ event_id: string | number }>`INSERT INTO outbox_handled (handler, event_id)
        SELECT ${s.name}, unnest(${evs.map((e) => e.id)}::bigint[]) ON CONFLICT DO NOTHING RETURNING event_id`.execute(
        trx,
      );
      const ids = new Set(claimed.rows.map((r) => Number(r.event_id)));
      const fresh = evs.filter((e) => ids.has(e.id));
      if (fresh.length) await s.handle(fresh, trx);
    });
  }

  /** Dispatches one batch; returns how many events were marked dispatched. */
  async function runOnce(): Promise<number> {
    const rows = await db
      .selectFrom('outbox')
      .selectAll()
      .where('dispatched_at', 'is', null)
      .orderBy('id')
      .limit(opts.batch)
      .execute();
    const events: OutboxEvent[] = rows.map((r) => ({
      id: Number(r.id),
      topic: r.topic,
      aggregateId: r.aggregate_id,
      payload: r.payload,
      createdAt: r.created_at,
    }));
    let stopAt = events.length;
    let failure: { id: number; message: string } | null = null;
    for (const s of subs) {
      const mine = events.slice(0, stopAt).filter((e) => s.topics === '*' || s.topics.includes(e.topic));
      if (!mine.length) continue;
      try {
        await handleInTx(s, mine);
      } catch {
        for (const ev of mine) {
          try {
            await handleInTx(s, [ev]);
          } catch (err) {
            log.error({ err, event: ev.id, handler: s.name }, 'outbox handler failed');
            const at = events.indexOf(ev);
            if (at < stopAt) {
              stopAt = at;
              failure = { id: ev.id, message: `${s.name}: ${(err as Error).message}` };
            }
            break;
          }
        }
      }
    }
    const done = events.slice(0, stopAt).map((e) => e.id);
    if (done.length) {
      await sql`UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY(${done}::bigint[])`.execute(
        db,
      );
    }
    if (failure) {
      await sql`UPDATE outbox SET attempts = attempts + 1, last_error = ${failure.message} WHERE id = ${failure.id}`.execute(
        db,
      );
    }
    return done.length;
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
    subscribeBatch: add,
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
