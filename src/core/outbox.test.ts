import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog, paidOrder } from '../../test/fixtures.ts';
import { type TestApp, testApp } from '../../test/harness.ts';
import { publish, signWebhook, verifyWebhook } from './outbox.ts';
import { retryDelayMs } from './webhooks.ts';

let t: TestApp;
let server: http.Server;
let url: string;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let failNext = 0;

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((u, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url: u, payload: payload as never }),
  );
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  server.close();
  await t.close();
});

describe('outbox dispatcher', () => {
  test('runs each handler once per event even when an event is redelivered', async () => {
    const seen: number[] = [];
    t.ctx.dispatcher.subscribe('test.counter', ['test.ping'], async (ev) => {
      seen.push(ev.id);
    });
    await publish(t.ctx.db.kysely, [{ topic: 'test.ping', aggregateId: 'a', payload: { n: 1 } }]);
    await t.ctx.dispatcher.drain();
    expect(seen).toHaveLength(1);
    // Simulate a crash after the handler committed but before the event was marked dispatched.
    await sql`UPDATE outbox SET dispatched_at = NULL WHERE topic = 'test.ping'`.execute(t.ctx.db.kysely);
    await t.ctx.dispatcher.drain();
    expect(seen).toHaveLength(1);
  });

  test('a failing event stays pending with the ones after it; those before it are dispatched; order is kept', async () => {
    // Effects are written in the handler's transaction: a failed batch leaves none behind.
    await sql`CREATE TABLE test_effects (n text NOT NULL)`.execute(t.ctx.db.kysely);
    const handled = async () =>
      (await sql<{ n: string }>`SELECT n FROM test_effects ORDER BY n`.execute(t.ctx.db.kysely)).rows.map(
        (r) => r.n,
      );
    let broken = true;
    t.ctx.dispatcher.subscribe('test.flaky', ['test.flaky'], async (ev, trx) => {
      const n = (ev.payload as { n: string }).n;
      await sql`INSERT INTO test_effects (n) VALUES (${n})`.execute(trx);
      if (n === 'b' && broken) throw new Error('boom');
    });
    await publish(
      t.ctx.db.kysely,
      ['a', 'b', 'c'].map((n) => ({ topic: 'test.flaky', aggregateId: n, payload: { n } })),
    );
    expect(await t.ctx.dispatcher.runOnce()).toBe(1);
    const rows = await sql<{ aggregate_id: string; dispatched_at: Date | null; last_error: string | null }>`
      SELECT aggregate_id, dispatched_at, last_error FROM outbox WHERE topic = 'test.flaky' ORDER BY id`.execute(
      t.ctx.db.kysely,
    );
    expect(rows.rows.map((r) => [r.aggregate_id, r.dispatched_at !== null])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
    expect(rows.rows[1]!.last_error).toContain('boom');
    expect(await handled()).toEqual(['a']);
    broken = false;
    await t.ctx.dispatcher.drain();
    expect(await handled()).toEqual(['a', 'b', 'c']);
  });
});

describe('webhooks', () => {
  test('order events reach a subscribed endpoint, signed; failures retry with backoff', async () => {
    const r = await t.req(t.keys.operator!, {
      method: 'POST',
      url: '/v1/webhooks',
      payload: { url, topics: ['order.created'] },
    });
    expect(r.status).toBe(201);
    const { id, secret } = r.body as { id: string; secret: string };
    await t.req(t.keys.integration!, {
      method: 'POST',
      url: '/v1/orders',
      payload: { records: [paidOrder('wh-1')] },
    });
    await t.ctx.dispatcher.drain();
    failNext = 1;
    expect(await t.ctx.webhooks.sendDue()).toBe(1);
    expect(received).toHaveLength(0);
    const pending = await t.req(t.keys.operator!, { method: 'GET', url: `/v1/webhooks/${id}/deliveries` });
    expect(pending.body.items[0]).toMatchObject({ status: 'pending', attempts: 1, last_status: 503 });
    // Not due yet (backoff), then due.
    expect(await t.ctx.webhooks.sendDue()).toBe(0);
    await sql`UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 second'`.execute(
      t.ctx.db.kysely,
    );
    expect(await t.ctx.webhooks.sendDue()).toBe(1);
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(verifyWebhook(secret, got.body, String(got.headers['tributary-signature']))).toBe(true);
    expect(verifyWebhook('whsec_other', got.body, String(got.headers['tributary-signature']))).toBe(false);
    expect(JSON.parse(got.body)).toMatchObject({
      topic: 'order.created',
      data: { id: 'wh-1', payAmount: 7480 },
    });
    const done = await t.req(t.keys.operator!, { method: 'GET', url: `/v1/webhooks/${id}/deliveries` });
    expect(done.body.items[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    // Another merchant's key can't read this endpoint's deliveries.
    const m2 = await t.key('merchant', 'm2');
    expect((await t.req(m2, { method: 'GET', url: `/v1/webhooks/${id}/deliveries` })).status).toBe(404);
  });

  test('signatures expire and backoff grows', () => {
    const body = '{"a":1}';
    const old = signWebhook('s', body, Math.floor(Date.now() / 1000) - 3600);
    expect(verifyWebhook('s', body, old)).toBe(false);
    expect(retryDelayMs(1)).toBe(10_000);
    expect(retryDelayMs(3)).toBe(40_000);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });
});
