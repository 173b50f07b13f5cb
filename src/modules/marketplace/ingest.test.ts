import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, catalog, loadCatalog, paidOrder } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';

let t: TestApp;
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never, headers });
const count = async (table: string, where = sql`true`) =>
  (
    await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(
      t.ctx.db.kysely,
    )
  ).rows[0]!.n;

beforeAll(async () => {
  t = await testApp();
  await loadCatalog(post);
});
afterAll(() => t.close());

describe('catalog', () => {
  test('upserts are idempotent and report created / updated / unchanged', async () => {
    const again = await post('/v1/catalog/products', { records: catalog.products });
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    const repriced = { ...catalog.products[0]!, skus: [{ id: 'k1', price: 3590, stock: 100 }] };
    const r = await post('/v1/catalog/products', { records: [repriced, catalog.products[1]] });
    expect(r.body).toMatchObject({ updated: 1, unchanged: 1 });
    expect(
      (await sql<{ price: number }>`SELECT price FROM skus WHERE id = 'k1'`.execute(t.ctx.db.kysely)).rows[0]!
        .price,
    ).toBe(3590);
    await post('/v1/catalog/products', { records: [catalog.products[0]] });
  });

  test('references and the category tree are checked; nothing of a bad batch is written', async () => {
    const r = await post('/v1/catalog/products', {
      records: [
        { ...catalog.products[0]!, id: 'p-new', skus: [{ id: 'k-new', price: 100, stock: 1 }] },
        {
          ...catalog.products[0]!,
          id: 'p-bad',
          categoryId: 'c11',
          skus: [{ id: 'k-bad', price: 100, stock: 1 }],
        },
        {
          ...catalog.products[0]!,
          id: 'p-bad2',
          storeId: 'nope',
          skus: [{ id: 'k-bad2', price: 100, stock: 1 }],
        },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, id: 'p-bad', field: 'categoryId' }),
        expect.objectContaining({ index: 2, id: 'p-bad2', field: 'storeId' }),
      ]),
    );
    expect(await count('products', sql`id = 'p-new'`)).toBe(0);
  });

  test('partial mode writes the valid records and reports the rest', async () => {
    const r = await post('/v1/catalog/brands?atomic=false', {
      records: [{ id: 'b2', name: 'Oak' }, { id: 'b3' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.created).toBe(1);
    expect(r.body.rejected).toEqual([
      { index: 1, id: 'b3', errors: [{ field: 'name', reason: 'is required' }] },
    ]);
    expect(await count('brands', sql`id = 'b2'`)).toBe(1);
  });

  test('promoter hierarchies have at most two levels', async () => {
    const r = await post('/v1/catalog/promoters', {
      records: [{ id: 'pr2', name: 'Sub', leaderId: 'pr1', joinedAt: '2026-03-03' }],
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].field).toBe('leaderId');
  });
});

describe('orders', () => {
  test('create, repeat, move forward; every change leaves one outbox event', async () => {
    const o = paidOrder('ord-a');
    expect((await post('/v1/orders', { records: [o] })).body.results[0].outcome).toBe('created');
    expect((await post('/v1/orders', { records: [o] })).body.results[0].outcome).toBe('unchanged');
    const shipped = {
      ...o,
      status: 'shipped',
      shippedAt: at(60),
      shipment: { carrier: 'SF', trackingNo: 'SF1' },
    };
    expect((await post('/v1/orders', { records: [shipped] })).body.results[0].outcome).toBe('updated');
    expect((await post('/v1/orders', { records: [shipped] })).body.results[0].outcome).toBe('unchanged');
    const events = await sql<{
      topic: string;
    }>`SELECT topic FROM outbox WHERE aggregate_id = 'ord-a' ORDER BY id`.execute(t.ctx.db.kysely);
    expect(events.rows.map((e) => e.topic)).toEqual(['order.created', 'order.status_changed']);
    const row = await sql<{
      status: string;
      paid_day: string;
      merchant_id: string;
    }>`SELECT status, paid_day, merchant_id FROM orders WHERE id = 'ord-a'`.execute(t.ctx.db.kysely);
    expect(row.rows[0]).toEqual({ status: 'shipped', paid_day: '2026-11-01', merchant_id: 'm1' });
  });

  test('illegal transitions and changed amounts are refused with the record and field named', async () => {
    const o = paidOrder('ord-b');
    await post('/v1/orders', { records: [o] });
    const back = await post('/v1/orders', {
      records: [{ ...o, status: 'created', paidAt: undefined, payments: [] }],
    });
    expect(back.status).toBe(422);
    expect(back.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ index: 0, id: 'ord-b', field: 'paidAt' })]),
    );
    const cancelShipped = await post('/v1/orders', {
      records: [{ ...o, status: 'delivered', shippedAt: at(60), deliveredAt: at(120) }],
    });
    expect(cancelShipped.status).toBe(200);
    const r = await post('/v1/orders', {
      records: [{ ...o, status: 'cancelled', shippedAt: at(60), deliveredAt: at(120), cancelledAt: at(200) }],
    });
    expect(r.status).toBe(422);
  });

  test('unknown references, foreign SKUs and negative amounts', async () => {
    const r = await post('/v1/orders', {
      records: [
        paidOrder('ord-c', { consumerId: 'ghost' }),
        paidOrder('ord-d', {
          lines: [{ lineNo: 1, skuId: 'k2', quantity: 2, unitPrice: 3990, discount: 500 }],
        }),
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 0, field: 'consumerId', reason: 'unknown consumer ghost' }),
        expect.objectContaining({ index: 1, field: 'lines.0.skuId' }),
      ]),
    );
    const neg = await post('/v1/orders', { records: [paidOrder('ord-e', { shippingFee: -100 })] });
    expect(neg.status).toBe(400);
    expect(neg.body.errors[0]).toMatchObject({ index: 0, id: 'ord-e', field: 'shippingFee' });
    expect(await count('orders', sql`id IN ('ord-c','ord-d','ord-e')`)).toBe(0);
  });

  test('a batch with a bad record writes none of its good ones (atomic by default)', async () => {
    const r = await post('/v1/orders', {
      records: [paidOrder('ord-f'), paidOrder('ord-g', { payAmount: 1 })],
    });
    expect(r.status).toBe(422);
    expect(await count('orders', sql`id = 'ord-f'`)).toBe(0);
    expect(await count('order_lines', sql`order_id = 'ord-f'`)).toBe(0);
  });

  test('NDJSON batches', async () => {
    const body = `${JSON.stringify(paidOrder('ord-n1'))}\n${JSON.stringify(paidOrder('ord-n2'))}\n`;
    const r = await t.req(t.keys.integration!, {
      method: 'POST',
      url: '/v1/orders',
      payload: body,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(r.status).toBe(200);
    expect(r.body.created).toBe(2);
    const bad = await t.req(t.keys.integration!, {
      method: 'POST',
      url: '/v1/orders',
      payload: '{"id":1}\n{oops',
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('line 2');
  });
});

describe('after-sales, reviews, service sessions', () => {
  test('refunds cannot exceed what was paid on the line', async () => {
    await post('/v1/orders', { records: [paidOrder('ord-r')] });
    const ok = {
      id: 'as1',
      orderId: 'ord-r',
      lineNo: 1,
      type: 'refund_only',
      reasonCode: 'damaged',
      amount: 5000,
      status: 'requested',
      requestedAt: at(30),
    };
    expect((await post('/v1/after-sales', { records: [ok] })).status).toBe(200);
    const over = await post('/v1/after-sales', { records: [{ ...ok, id: 'as2', amount: 2481 }] });
    expect(over.status).toBe(422);
    expect(over.body.errors[0]).toMatchObject({ id: 'as2', field: 'amount' });
    const approved = await post('/v1/after-sales', {
      records: [{ ...ok, status: 'refunded', resolvedAt: at(40), refundedAt: at(41) }],
    });
    expect(approved.body.results[0].outcome).toBe('updated');
    const reopen = await post('/v1/after-sales', { records: [{ ...ok, status: 'requested' }] });
    expect(reopen.status).toBe(422);
    const q = await sql<{
      quality_related: boolean;
    }>`SELECT quality_related FROM after_sales WHERE id = 'as1'`.execute(t.ctx.db.kysely);
    expect(q.rows[0]!.quality_related).toBe(true);
  });

  test('reviews need a delivered line and are immutable', async () => {
    const o = paidOrder('ord-v');
    await post('/v1/orders', { records: [o] });
    const review = {
      id: 'rv1',
      orderId: 'ord-v',
      lineNo: 1,
      productRating: 5,
      logisticsRating: 4,
      serviceRating: 5,
      text: 'great',
      createdAt: at(3000),
    };
    expect((await post('/v1/reviews', { records: [review] })).status).toBe(422);
    await post('/v1/orders', {
      records: [{ ...o, status: 'delivered', shippedAt: at(60), deliveredAt: at(2000) }],
    });
    expect((await post('/v1/reviews', { records: [review] })).body.created).toBe(1);
    expect((await post('/v1/reviews', { records: [review] })).body.unchanged).toBe(1);
    expect((await post('/v1/reviews', { records: [{ ...review, productRating: 1 }] })).status).toBe(422);
    expect((await post('/v1/reviews', { records: [{ ...review, productRating: 6 }] })).status).toBe(400);
  });

  test('service sessions', async () => {
    const r = await post('/v1/service-sessions', {
      records: [{ id: 'cs1', storeId: 's1', consumerId: 'u1', startedAt: at(10), firstResponseSeconds: 25 }],
    });
    expect(r.body.created).toBe(1);
    expect(
      (
        await post('/v1/service-sessions', {
          records: [{ id: 'cs2', storeId: 'nope', consumerId: 'u1', startedAt: at(10) }],
        })
      ).status,
    ).toBe(422);
  });
});

describe('events', () => {
  const ev = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'view',
    occurredAt: '2026-11-01T17:30:00Z',
    userId: 'u1',
    productId: 'p1',
    storeId: 's1',
    scene: 'feed',
    ...extra,
  });
  test('append-only and idempotent by id; business day in the marketplace time zone', async () => {
    const r = await post('/v1/events', {
      records: [ev('e1'), ev('e2', { type: 'search', query: 'almonds', productId: undefined })],
    });
    expect(r.body).toMatchObject({ accepted: 2, inserted: 2, duplicates: 0 });
    const again = await post('/v1/events', { records: [ev('e1'), ev('e3')] });
    expect(again.body).toMatchObject({ accepted: 2, inserted: 1, duplicates: 1 });
    const day = await sql<{ day: string }>`SELECT day::text FROM events WHERE id = 'e1'`.execute(
      t.ctx.db.kysely,
    );
    expect(day.rows[0]!.day).toBe('2026-11-02'); // 17:30 UTC is 01:30 next day in Asia/Shanghai
  });
  test('type-specific fields, unknown fields, wrong types, oversized batches', async () => {
    const r = await post('/v1/events', {
      records: [ev('e4', { type: 'search' }), ev('e5', { color: 'red' }), ev('e6', { durationMs: '5' })],
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 0, field: 'query' }),
        expect.objectContaining({ index: 1, field: 'color', reason: 'unknown field' }),
        expect.objectContaining({ index: 2, field: 'durationMs' }),
      ]),
    );
    const big = await post('/v1/events', {
      records: Array.from({ length: t.ctx.cfg.maxBatch + 1 }, (_, i) => ev(`b${i}`)),
    });
    expect(big.status).toBe(413);
    expect(await count('events', sql`id IN ('e4','e5','e6','b0')`)).toBe(0);
  });
  test('free text survives the COPY path exactly; overlapping and repeated batches stay idempotent', async () => {
    const texts = [
      'a,b',
      'say "hi"',
      'line\nbreak\r\nand more',
      '\\.',
      'back\\slash \\N NULL',
      ' padded ',
      '中文 搜索',
      '"',
      ',',
    ];
    const batch = texts.map((query, i) =>
      ev(`q${i}`, { type: 'search', query, productId: undefined, durationMs: i }),
    );
    const r = await post('/v1/events', { records: batch });
    expect(r.body).toMatchObject({ accepted: texts.length, inserted: texts.length, duplicates: 0 });
    const stored = await sql<{
      id: string;
      query: string;
      product_id: string | null;
      duration_ms: number;
      channel: string;
    }>`SELECT id, query, product_id, duration_ms, channel FROM events WHERE id LIKE 'q%' ORDER BY duration_ms`.execute(
      t.ctx.db.kysely,
    );
    expect(stored.rows.map((x) => x.query)).toEqual(texts);
    expect(stored.rows.every((x) => x.product_id === null && x.channel === 'organic')).toBe(true);
    // A batch overlapping stored events (the COPY fails on the key and writes nothing; the idempotent insert
    // takes over), then the same batch again: only new events are added, each exactly once.
    const overlap = [ev('q0', { type: 'search', query: 'a,b' }), ev('n1'), ev('n2')];
    expect((await post('/v1/events', { records: overlap })).body).toMatchObject({
      accepted: 3,
      inserted: 2,
      duplicates: 1,
    });
    expect((await post('/v1/events', { records: overlap })).body).toMatchObject({
      inserted: 0,
      duplicates: 3,
    });
    expect(await count('events', sql`id IN ('q0','n1','n2')`)).toBe(3);
  });
  test('prototype keys are unknown fields (400), malformed JSON a 400 problem', async () => {
    for (const body of [
      '{"records":[],"__proto__":{"x":1}}',
      '{"records":[{"id":"pp1","type":"view","occurredAt":"2026-11-01T00:00:00Z","productId":"p1","scene":"feed","__proto__":{"x":1}}]}',
      '{"records":[{"id":"pp2","type":"view","occurredAt":"2026-11-01T00:00:00Z","productId":"p1","scene":"feed","constructor":{"prototype":{"x":1}}}]}',
      '{"records": [',
    ]) {
      const r = await t.req(t.keys.integration!, {
        method: 'POST',
        url: '/v1/events',
        payload: body,
        headers: { 'content-type': 'application/json' },
      });
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(await count('events', sql`id IN ('pp1','pp2')`)).toBe(0);
  });
});

describe('malformed requests never give a 500', () => {
  test.each([
    ['malformed JSON', '{"records": [', 'application/json', 400],
    ['not an object', '[1,2]', 'application/json', 400],
    ['records not an array', '{"records": 5}', 'application/json', 400],
    ['unknown envelope field', '{"records": [], "x": 1}', 'application/json', 400],
    ['unsupported content type', '<x/>', 'application/xml', 415],
    ['plain text body', 'hello', 'text/plain', 400],
  ])('%s', async (_name, payload, type, status) => {
    const r = await t.req(t.keys.integration!, {
      method: 'POST',
      url: '/v1/orders',
      payload,
      headers: { 'content-type': type },
    });
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body.status).toBe(status);
  });
  test('unknown route is a 404 problem', async () => {
    const r = await t.req(t.keys.integration!, { method: 'GET', url: '/v1/nothing-here' });
    expect(r.status).toBe(404);
    expect(r.body.title).toBe('Not Found');
  });
});
