import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { loadCatalog } from '../../../test/fixtures.ts';

/** Live sessions through the API: lifecycle, scope, validation, idempotency, products with live prices. */
let t: TestApp;
let m1: string;
let m2: string;
let cr1: string;
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const call = (token: string, method: Method, url: string, payload?: unknown) =>
  t.req(token, { method, url, ...(payload === undefined ? {} : { payload: payload as never }) });
const SCHEDULED = new Date(Date.now() + 86_400_000).toISOString();
const body = (o: Record<string, unknown> = {}) => ({
  id: 'ls-1',
  storeId: 's1',
  hostType: 'self',
  title: 'Autumn nuts special',
  scheduledAt: SCHEDULED,
  products: [{ productId: 'p1', livePrice: 2990 }],
  ...o,
});
const quotePrice = async (liveSessionId?: string) => {
  const r = await call(t.keys.integration!, 'POST', '/v1/pricing/quote', {
    userId: 'u1',
    lines: [{ skuId: 'k1', quantity: 2 }],
    ...(liveSessionId ? { context: { liveSessionId } } : {}),
  });
  expect(r.status).toBe(201);
  return r.body.payAmount as number;
};

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  const ag = await call(t.keys.integration!, 'POST', '/v1/catalog/agencies', {
    records: [
      {
        id: 'ag1',
        name: 'Star MCN',
        contracts: [{ creatorId: 'cr1', splitBp: 3000, startsOn: '2026-03-01' }],
      },
    ],
  });
  expect(ag.status).toBe(200);
  m1 = await t.key('merchant', 'm1');
  m2 = await t.key('merchant', 'm2');
  cr1 = await t.key('creator', 'cr1');
});
afterAll(() => t?.close());

describe('creating a session', () => {
  test('a merchant schedules a session in its store; the same id and body again is the same answer', async () => {
    const r = await call(m1, 'POST', '/v1/live/sessions', body());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: 'ls-1',
      storeId: 's1',
      storeName: 'Hill Foods Flagship',
      merchantId: 'm1',
      merchantName: 'Hill Foods',
      hostType: 'self',
      status: 'scheduled',
      scheduledAt: SCHEDULED,
      startedAt: null,
      totals: null,
      explanations: [],
    });
    expect(r.body.products).toHaveLength(1);
    expect(r.body.products[0]).toMatchObject({ productId: 'p1', position: 1, price: 3990, livePrice: 2990 });
    expect(r.body.products[0].offerId).toMatch(/^lp_/);
    const again = await call(m1, 'POST', '/v1/live/sessions', body());
    expect(again.status).toBe(200);
    expect(again.body).toEqual(r.body);
    const other = await call(m1, 'POST', '/v1/live/sessions', body({ title: 'Something else' }));
    expect(other.status).toBe(409);
    expect(other.body.errors[0]).toMatchObject({ field: 'id', code: 'id_taken' });
  });

  test('another merchant may neither create in the store nor read the session', async () => {
    expect((await call(m2, 'POST', '/v1/live/sessions', body({ id: 'ls-x' }))).status).toBe(403);
    expect((await call(m2, 'GET', '/v1/live/sessions/ls-1')).status).toBe(403);
    expect((await call(m2, 'GET', '/v1/live/sessions/ls-1/metrics')).status).toBe(403);
    expect((await call(m2, 'POST', '/v1/live/sessions/ls-1/start', {})).status).toBe(403);
    const list = await call(m2, 'GET', '/v1/live/sessions');
    expect(list.body).toEqual({ items: [], total: 0 });
    expect((await call(m2, 'GET', '/v1/live/sessions?storeId=s1')).status).toBe(403);
    expect((await call(m2, 'GET', '/v1/live/rooms?merchantId=m1')).status).toBe(403);
    expect((await call(cr1, 'GET', '/v1/live/sessions/ls-1')).status).toBe(403);
  });

  test('inconsistent sessions are refused with 422 naming each field; nothing is written', async () => {
    const r = await call(
      m1,
      'POST',
      '/v1/live/sessions',
      body({
        id: 'ls-bad',
        hostType: 'agency',
        products: [
          { productId: 'p2' },
          { productId: 'p1', livePrice: 3990 },
          { productId: 'p1' },
          { productId: 'nope' },
        ],
      }),
    );
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['creatorId', 'required'],
      ['agencyId', 'required'],
      ['products.0.productId', 'product_not_in_store'],
      ['products.1.livePrice', 'live_price_not_below_price'],
      ['products.2.productId', 'duplicate_product'],
      ['products.3.productId', 'unknown_product'],
    ]);
    expect((await call(t.keys.operator!, 'GET', '/v1/live/sessions/ls-bad')).status).toBe(404);
    const schema = await call(
      m1,
      'POST',
      '/v1/live/sessions',
      body({ id: 'ls-bad', products: [{ productId: 'p1', livePrice: 0 }] }),
    );
    expect(schema.status).toBe(400);
    expect(schema.body.errors[0].field).toBe('products.0.livePrice');
    const creator = await call(
      m1,
      'POST',
      '/v1/live/sessions',
      body({ id: 'ls-bad', hostType: 'creator', creatorId: 'ghost' }),
    );
    expect(creator.status).toBe(422);
    expect(creator.body.errors).toEqual([
      expect.objectContaining({ field: 'creatorId', code: 'unknown_creator' }),
    ]);
  });

  test('agency and creator sessions name their host; the host lists and reads them', async () => {
    const a = await call(
      t.keys.operator!,
      'POST',
      '/v1/live/sessions',
      body({ id: 'ls-ag', hostType: 'agency', creatorId: 'cr1', agencyId: 'ag1', products: [] }),
    );
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      hostType: 'agency',
      creatorId: 'cr1',
      creatorName: 'Lily Eats',
      agencyId: 'ag1',
      agencyName: 'Star MCN',
    });
    const c = await call(
      m1,
      'POST',
      '/v1/live/sessions',
      body({ id: 'ls-cr', hostType: 'creator', creatorId: 'cr1', products: [] }),
    );
    expect(c.status).toBe(201);
    const mine = await call(cr1, 'GET', '/v1/live/sessions?status=scheduled');
    expect(mine.body.items.map((s: { id: string }) => s.id).sort()).toEqual(['ls-ag', 'ls-cr']);
    expect((await call(cr1, 'GET', '/v1/live/sessions/ls-cr')).status).toBe(200);
    const agency = await call(await t.key('agency', 'ag1'), 'GET', '/v1/live/sessions');
    expect(agency.body.items.map((s: { id: string }) => s.id)).toEqual(['ls-ag']);
  });
});

describe('lifecycle', () => {
  test('scheduled → live → ended, with wrong transitions refused with 409', async () => {
    expect((await call(m1, 'PATCH', '/v1/live/sessions/ls-1', { title: 'Nuts night' })).body.title).toBe(
      'Nuts night',
    );
    const early = await call(m1, 'POST', '/v1/live/sessions/ls-1/end', {});
    expect(early.status).toBe(409);
    expect(early.body.errors[0]).toMatchObject({
      field: 'status',
      code: 'wrong_status',
      params: { status: 'scheduled' },
    });
    const start = await call(m1, 'POST', '/v1/live/sessions/ls-1/start', {});
    expect(start.status).toBe(200);
    expect(start.body.status).toBe('live');
    expect(start.body.totals).toMatchObject({ views: 0, gmv: 0, uniqueViewers: 0 });
    const again = await call(m1, 'POST', '/v1/live/sessions/ls-1/start', {});
    expect(again.body.startedAt).toBe(start.body.startedAt);
    expect((await call(m1, 'PATCH', '/v1/live/sessions/ls-1', { title: 'x' })).status).toBe(409);
    expect((await call(m1, 'POST', '/v1/live/sessions/ls-1/cancel')).status).toBe(409);
    const live = await call(m1, 'GET', '/v1/live/sessions?status=live');
    expect(live.body.items.map((s: { id: string }) => s.id)).toEqual(['ls-1']);

    const x = await call(m1, 'POST', '/v1/live/sessions/ls-1/explanations', { id: 'x1', productId: 'p1' });
    expect(x.status).toBe(201);
    expect(x.body).toMatchObject({ id: 'x1', productId: 'p1', endedAt: null });
    expect(
      (await call(m1, 'POST', '/v1/live/sessions/ls-1/explanations', { id: 'x1', productId: 'p1' })).status,
    ).toBe(200);
    const notListed = await call(m1, 'POST', '/v1/live/sessions/ls-1/explanations', { productId: 'p2' });
    expect(notListed.status).toBe(422);
    expect(notListed.body.errors[0]).toMatchObject({ field: 'productId', code: 'not_listed' });

    const end = await call(m1, 'POST', '/v1/live/sessions/ls-1/end', {});
    expect(end.status).toBe(200);
    expect(end.body.status).toBe('ended');
    // The open window closed with the session.
    expect(end.body.explanations[0].endedAt).toBe(end.body.endedAt);
    expect((await call(m1, 'POST', '/v1/live/sessions/ls-1/end', {})).body.endedAt).toBe(end.body.endedAt);
    expect((await call(m1, 'POST', '/v1/live/sessions/ls-1/start', {})).status).toBe(409);
    expect((await call(m1, 'PUT', '/v1/live/sessions/ls-1/products', { products: [] })).status).toBe(409);
  });

  test('a scheduled session can be cancelled (then it is gone); the host creator runs its own session', async () => {
    expect((await call(cr1, 'POST', '/v1/live/sessions/ls-cr/cancel')).status).toBe(403);
    expect((await call(m1, 'POST', '/v1/live/sessions/ls-cr/cancel')).status).toBe(204);
    expect((await call(m1, 'GET', '/v1/live/sessions/ls-cr')).status).toBe(404);
    expect((await call(cr1, 'POST', '/v1/live/sessions/ls-ag/start', {})).body.status).toBe('live');
  });
});

describe('live prices', () => {
  test('a listed live price prices orders from the room only, and stops when the session ends', async () => {
    const r = await call(
      m1,
      'POST',
      '/v1/live/sessions',
      body({ id: 'ls-price', products: [{ productId: 'p1', livePrice: 3500 }] }),
    );
    expect(r.status).toBe(201);
    expect(await quotePrice()).toBe(2 * 3990);
    expect(await quotePrice('ls-price')).toBe(2 * 3500);
    expect(await quotePrice('ls-ag')).toBe(2 * 3990); // another room
    // Repricing replaces the offer; removing the product ends it.
    const re = await call(m1, 'PUT', '/v1/live/sessions/ls-price/products', {
      products: [{ productId: 'p1', livePrice: 3300 }],
    });
    expect(re.status).toBe(200);
    expect(re.body.products[0]).toMatchObject({ livePrice: 3300 });
    expect(re.body.products[0].offerId).not.toBe(r.body.products[0].offerId);
    expect(await quotePrice('ls-price')).toBe(2 * 3300);
    await call(m1, 'POST', '/v1/live/sessions/ls-price/start', {});
    await call(m1, 'POST', '/v1/live/sessions/ls-price/end', {});
    expect(await quotePrice('ls-price')).toBe(2 * 3990);
  });
});
