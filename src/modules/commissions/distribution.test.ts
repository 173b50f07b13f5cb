import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog, paidOrder } from '../../../test/fixtures.ts';
import { ago, ahead, DAY } from '../../../test/pricing.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { putScores } from '../../../test/scores.ts';

let t: TestApp;
let cr1: string;
let cr2: string;
let m1: string;
const as = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  t.req(token, { method, url, payload: payload as never });
const ids = (r: { body: { items: { productId: string }[] } }) => r.body.items.map((i) => i.productId);
const post = async (url: string, records: unknown[]) => {
  const r = await t.req(t.keys.integration!, { method: 'POST', url, payload: { records } as never });
  if (r.status !== 200) throw new Error(`${url}: ${JSON.stringify(r.body)}`);
};

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  await post('/v1/catalog/creators', [
    { id: 'cr2', name: 'Sam Cooks', followers: 900, joinedAt: '2026-03-01' },
  ]);
  const product = (id: string, title: string, price: number) => ({
    id,
    storeId: 's1',
    categoryId: 'c111',
    title,
    listedAt: ago(10 * DAY),
    skus: [{ id: `k-${id}`, price, stock: 10 }],
  });
  await post('/v1/catalog/categories', [
    { id: 'c2', level: 1, name: 'Home' },
    { id: 'c22', parentId: 'c2', level: 2, name: 'Kitchen' },
    { id: 'c222', parentId: 'c22', level: 3, name: 'Tins' },
  ]);
  await post('/v1/catalog/products', [
    product('p3', 'Cashews 200g', 2990),
    { ...product('p4', 'Pistachio tin 300g', 4990), categoryId: 'c222' },
  ]);
  // Sales: 2 units of p1 yesterday, 5 of p3 two days ago, 7 of p3 forty days ago (outside the 30 days).
  const order = (id: string, sku: string, qty: number, price: number, when: string) =>
    paidOrder(id, {
      lines: [{ lineNo: 1, skuId: sku, quantity: qty, unitPrice: price, discount: 0 }],
      itemsAmount: qty * price,
      discountAmount: 0,
      payAmount: qty * price,
      payments: [{ id: `${id}-pay`, kind: 'full', amount: qty * price, paidAt: when }],
      createdAt: when,
      paidAt: when,
    });
  await post('/v1/orders', [
    order('o1', 'k1', 2, 3990, ago(DAY)),
    order('o2', 'k-p3', 5, 2990, ago(2 * DAY)),
    order('o3', 'k-p3', 7, 2990, ago(40 * DAY)),
  ]);
  m1 = await t.key('merchant', 'm1');
  cr1 = await t.key('creator', 'cr1');
  cr2 = await t.key('creator', 'cr2');
  const plan = async (token: string, body: Record<string, unknown>) =>
    expect((await as(token, 'POST', '/v1/distribution/plans', { startsAt: ago(DAY), ...body })).status).toBe(
      201,
    );
  await plan(m1, { id: 'open-m1', name: 'all of m1', kind: 'open', defaultRateBp: 1000 });
  await plan(m1, {
    id: 'tgt-m1',
    name: 'cashews for Lily',
    kind: 'targeted',
    defaultRateBp: 3000,
    products: [{ productId: 'p3' }],
    parties: [{ type: 'creator', id: 'cr1' }],
    boosts: [{ name: '双11', extraBp: 500, startsAt: ago(DAY / 2), endsAt: ahead(DAY) }],
  });
  const op = t.keys.operator!;
  await plan(op, {
    id: 'ex-m2',
    merchantId: 'm2',
    name: 'walnuts exclusive',
    kind: 'exclusive',
    defaultRateBp: 1500,
    products: [{ productId: 'p2' }],
    parties: [{ type: 'creator', id: 'cr1' }],
  });
  await plan(op, {
    id: 'paused-m2',
    merchantId: 'm2',
    name: 'paused',
    kind: 'open',
    defaultRateBp: 4000,
    status: 'paused',
  });
  await plan(op, {
    id: 'later-m2',
    merchantId: 'm2',
    name: 'later',
    kind: 'open',
    defaultRateBp: 4000,
    startsAt: ahead(DAY),
  });
});
afterAll(() => t.close());

describe('GET /v1/distribution/products', () => {
  test('products under active plans open to the caller, best rate first, with boosts, price and 30-day sales', async () => {
    const r = await as(cr1, 'GET', '/v1/distribution/products');
    expect(r.status).toBe(200);
    expect(ids(r)).toEqual(['p3', 'p2', 'p1', 'p4']);
    expect(r.body.total).toBe(4);
    expect(r.body.items[0]).toMatchObject({
      productId: 'p3',
      title: 'Cashews 200g',
      merchantId: 'm1',
      storeId: 's1',
      price: 2990,
      planId: 'tgt-m1',
      planKind: 'targeted',
      rateBp: 3500,
      boostBp: 500,
      commissionPerUnit: 1046, // 2990 × 35% = 1046.5, rounded down
      sales30d: 5,
      selected: false,
    });
    expect(r.body.items[1]).toMatchObject({ productId: 'p2', planId: 'ex-m2', rateBp: 1500, price: 5990 });
    expect(r.body.items[2]).toMatchObject({ productId: 'p1', rateBp: 1000, sales30d: 2 });
  });

  test('another creator sees only the open plan: no targeted rate, no exclusive product, no paused or future plan', async () => {
    const r = await as(cr2, 'GET', '/v1/distribution/products?sort=price');
    expect(ids(r)).toEqual(['p3', 'p1', 'p4']);
    expect(
      r.body.items.every(
        (i: { rateBp: number; planId: string }) => i.rateBp === 1000 && i.planId === 'open-m1',
      ),
    ).toBe(true);
  });

  test('filters by category at any level and by keyword; sorts by sales and price; pages', async () => {
    expect(ids(await as(cr1, 'GET', '/v1/distribution/products?categoryId=c1&sort=price'))).toEqual([
      'p3',
      'p1',
      'p2',
    ]);
    expect(ids(await as(cr1, 'GET', '/v1/distribution/products?categoryId=c2'))).toEqual(['p4']);
    expect(ids(await as(cr1, 'GET', '/v1/distribution/products?q=CASHEW'))).toEqual(['p3']);
    expect(ids(await as(cr1, 'GET', '/v1/distribution/products?q=100%25'))).toEqual([]);
    const sales = await as(cr1, 'GET', '/v1/distribution/products?sort=sales');
    expect(ids(sales)).toEqual(['p3', 'p1', 'p2', 'p4']);
    expect(sales.body.items.map((i: { sales30d: number }) => i.sales30d)).toEqual([5, 2, 0, 0]);
    expect(ids(await as(cr1, 'GET', '/v1/distribution/products?sort=price&order=desc'))).toEqual([
      'p2',
      'p4',
      'p1',
      'p3',
    ]);
    const page = await as(cr1, 'GET', '/v1/distribution/products?limit=2&offset=2');
    expect(ids(page)).toEqual(['p1', 'p4']);
    expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 2 });
  });

  test('merchants cannot browse it; operators name the party', async () => {
    expect((await as(m1, 'GET', '/v1/distribution/products')).status).toBe(403);
    expect((await as(t.keys.operator!, 'GET', '/v1/distribution/products')).status).toBe(422);
    const op = await as(t.keys.operator!, 'GET', '/v1/distribution/products?partyType=creator&partyId=cr2');
    expect(ids(op)).toEqual(['p1', 'p3', 'p4']);
    expect((await as(cr2, 'GET', '/v1/distribution/products?partyType=creator&partyId=cr1')).status).toBe(
      403,
    );
  });
});

describe('scores and creator filters on the square', () => {
  test('items carry the latest product and store scores; filter by rate, price and product score; sort by score', async () => {
    const db = t.ctx.db.kysely;
    // An older run scored p4; the latest product run did not: p4 shows no score.
    await putScores(db, 'product', '2026-10-01', [{ id: 'p4', score: 99 }]);
    await putScores(db, 'product', '2026-10-02', [
      { id: 'p1', score: 72.5 },
      { id: 'p2', score: 88 },
      { id: 'p3', score: 55, provisional: true },
    ]);
    await putScores(db, 'store', '2026-10-02', [{ id: 's1', score: 4.62 }]);
    const all = await as(cr1, 'GET', '/v1/distribution/products');
    const byId = Object.fromEntries(
      all.body.items.map(
        (i: { productId: string; productScore: number | null; storeScore: number | null }) => [
          i.productId,
          [i.productScore, i.storeScore],
        ],
      ),
    );
    expect(byId).toEqual({ p1: [72.5, 4.62], p2: [88, null], p3: [55, 4.62], p4: [null, 4.62] });
    expect(ids(await as(cr1, 'GET', '/v1/distribution/products?sort=score'))).toEqual([
      'p2',
      'p1',
      'p3',
      'p4',
    ]);
    expect(ids(await as(cr1, 'GET', '/v1/distribution/products?sort=score&order=asc'))).toEqual([
      'p3',
      'p1',
      'p2',
      'p4',
    ]);
    const good = await as(cr1, 'GET', '/v1/distribution/products?minProductScore=60');
    expect(ids(good)).toEqual(['p2', 'p1']);
    expect(good.body.total).toBe(2);
    expect(ids(await as(cr1, 'GET', '/v1/distribution/products?minRateBp=1500'))).toEqual(['p3', 'p2']);
    expect(ids(await as(cr1, 'GET', '/v1/distribution/products?minPrice=3990&maxPrice=4990'))).toEqual([
      'p1',
      'p4',
    ]);
    expect(ids(await as(cr1, 'GET', '/v1/distribution/products?maxPrice=2989'))).toEqual([]);
    expect((await as(cr1, 'GET', '/v1/distribution/products?minRateBp=-1')).status).toBe(400);
  });
});

describe('selection', () => {
  test('a creator adds products open to it (idempotently), lists and removes them', async () => {
    expect((await as(cr1, 'POST', '/v1/distribution/selection', { productId: 'p3' })).status).toBe(201);
    expect((await as(cr1, 'POST', '/v1/distribution/selection', { productId: 'p3' })).status).toBe(200);
    expect((await as(cr1, 'POST', '/v1/distribution/selection', { productId: 'p2' })).status).toBe(201);
    const list = await as(cr1, 'GET', '/v1/distribution/selection');
    expect(list.status).toBe(200);
    expect(ids(list).sort()).toEqual(['p2', 'p3']);
    expect(list.body.items.find((i: { productId: string }) => i.productId === 'p3')).toMatchObject({
      available: true,
      rateBp: 3500,
      sales30d: 5,
    });
    const products = await as(cr1, 'GET', '/v1/distribution/products?q=cashew');
    expect(products.body.items[0].selected).toBe(true);
    expect((await as(cr1, 'DELETE', '/v1/distribution/selection/p2')).status).toBe(204);
    expect((await as(cr1, 'DELETE', '/v1/distribution/selection', { productId: 'p2' })).status).toBe(204);
    expect(ids(await as(cr1, 'GET', '/v1/distribution/selection'))).toEqual(['p3']);
  });

  test('products not open to the party are refused with 422; selections are private', async () => {
    const r = await as(cr2, 'POST', '/v1/distribution/selection', { productId: 'p2' });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ field: 'productId', reason: expect.stringContaining('creator cr2') }]);
    expect((await as(cr2, 'POST', '/v1/distribution/selection', { productId: 'nope' })).status).toBe(422);
    expect(ids(await as(cr2, 'GET', '/v1/distribution/selection'))).toEqual([]);
    expect((await as(cr2, 'GET', '/v1/distribution/selection?partyType=creator&partyId=cr1')).status).toBe(
      403,
    );
    expect((await as(m1, 'GET', '/v1/distribution/selection')).status).toBe(403);
  });

  test('a selected product whose plan ends stays listed as unavailable', async () => {
    expect((await as(m1, 'POST', '/v1/distribution/plans/tgt-m1/end')).status).toBe(200);
    const list = await as(cr1, 'GET', '/v1/distribution/selection');
    // The open plan still covers p3, at its own rate.
    expect(list.body.items[0]).toMatchObject({
      productId: 'p3',
      available: true,
      planId: 'open-m1',
      rateBp: 1000,
    });
    expect((await as(m1, 'POST', '/v1/distribution/plans/open-m1/pause')).status).toBe(200);
    const after = await as(cr1, 'GET', '/v1/distribution/selection');
    expect(after.body.items).toEqual([{ productId: 'p3', available: false, selectedAt: expect.any(String) }]);
  });
});

describe('delisted products', () => {
  test('leave the square and get no links', async () => {
    await post('/v1/catalog/products', [
      {
        id: 'p4',
        storeId: 's1',
        categoryId: 'c222',
        title: 'Pistachio tin 300g',
        listedAt: ago(10 * DAY),
        status: 'delisted',
        skus: [{ id: 'k-p4', price: 4990, stock: 10 }],
      },
    ]);
    expect(ids(await as(cr2, 'GET', '/v1/distribution/products'))).not.toContain('p4');
    const link = await as(cr2, 'POST', '/v1/distribution/links', { productId: 'p4' });
    expect(link.status).toBe(422);
    expect(link.body.errors).toEqual([{ field: 'productId', reason: 'product p4 is delisted.' }]);
    expect((await as(cr2, 'POST', '/v1/distribution/selection', { productId: 'p4' })).status).toBe(422);
  });
});
