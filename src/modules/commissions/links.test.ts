import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { ago, DAY } from '../../../test/pricing.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';

let t: TestApp;
let m1: string;
let cr1: string;
let cr2: string;
let pr1: string;
let agency: string;
const as = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.req(token, { method, url, payload: payload as never });
const clicks = async (code: string) =>
  (
    await sql<{
      consumer_id: string | null;
      ip_hash: string | null;
      ua_hash: string | null;
      sub_id: string | null;
      store_id: string;
    }>`
      SELECT consumer_id, ip_hash, ua_hash, sub_id, store_id FROM share_clicks WHERE code = ${code} ORDER BY id`.execute(
      t.ctx.db.kysely,
    )
  ).rows;

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  await t.req(t.keys.integration!, {
    method: 'POST',
    url: '/v1/catalog/creators',
    payload: { records: [{ id: 'cr2', name: 'Sam Cooks', followers: 900, joinedAt: '2026-03-01' }] } as never,
  });
  m1 = await t.key('merchant', 'm1');
  cr1 = await t.key('creator', 'cr1');
  cr2 = await t.key('creator', 'cr2');
  pr1 = await t.key('promoter', 'pr1');
  agency = await t.key('agency', 'ag1');
  // m1: an open plan for all its products; m2: a plan targeted at cr1 only.
  const open = { id: 'cpl-1', name: 'open', kind: 'open', defaultRateBp: 1000, startsAt: ago(DAY) };
  expect((await as(m1, 'POST', '/v1/distribution/plans', open)).status).toBe(201);
  const targeted = {
    id: 'cpl-2',
    merchantId: 'm2',
    name: 'for Lily',
    kind: 'targeted',
    defaultRateBp: 2000,
    startsAt: ago(DAY),
    parties: [{ type: 'creator', id: 'cr1' }],
  };
  expect((await as(t.keys.operator!, 'POST', '/v1/distribution/plans', targeted)).status).toBe(201);
});
afterAll(() => t.close());

describe('links: create', () => {
  test('a creator gets one link per product and sub-id: asking again returns the same code', async () => {
    const r = await as(cr1, 'POST', '/v1/distribution/links', { productId: 'p1', subId: 'wechat-group-7' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      partyType: 'creator',
      partyId: 'cr1',
      planId: 'cpl-1',
      productId: 'p1',
      storeId: 's1',
      subId: 'wechat-group-7',
    });
    expect(r.body.code).toMatch(/^[0-9a-z]{8}$/);
    expect(r.body.targetUrl).toBe(
      `https://shop.example.com/item/p1?tr_code=${r.body.code}&tr_sub=wechat-group-7`,
    );
    const again = await as(cr1, 'POST', '/v1/distribution/links', {
      productId: 'p1',
      subId: 'wechat-group-7',
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(r.body);
    const other = await as(cr1, 'POST', '/v1/distribution/links', { productId: 'p1' });
    expect(other.status).toBe(201);
    expect(other.body.code).not.toBe(r.body.code);
    expect(other.body.subId).toBeNull();
  });

  test('concurrent requests for the same link agree on one code', async () => {
    const rs = await Promise.all(
      Array.from({ length: 6 }, () =>
        as(pr1, 'POST', '/v1/distribution/links', { productId: 'p1', subId: 'race' }),
      ),
    );
    expect(new Set(rs.map((r) => r.body.code)).size).toBe(1);
    expect(rs.filter((r) => r.status === 201).length).toBeLessThanOrEqual(1);
  });

  test('store links and a given landing page', async () => {
    const r = await as(cr1, 'POST', '/v1/distribution/links', {
      storeId: 's2',
      targetUrl: 'https://m.example.com/shop/s2?from=live',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ planId: 'cpl-2', productId: null, storeId: 's2' });
    expect(r.body.targetUrl).toBe(`https://m.example.com/shop/s2?from=live&tr_code=${r.body.code}`);
  });

  test('only under a plan open to the party; mistakes are 422 naming the field', async () => {
    const closed = await as(cr2, 'POST', '/v1/distribution/links', { productId: 'p2' });
    expect(closed.status).toBe(422);
    expect(closed.body.errors).toEqual([
      { field: 'productId', reason: expect.stringContaining('creator cr2') },
    ]);
    expect((await as(cr2, 'POST', '/v1/distribution/links', { storeId: 's2' })).body.errors[0].field).toBe(
      'storeId',
    );
    expect((await as(cr2, 'POST', '/v1/distribution/links', { productId: 'nope' })).status).toBe(422);
    // A product with its own store is the product's link; with another store it is a mistake.
    const both = await as(cr1, 'POST', '/v1/distribution/links', { productId: 'p1', storeId: 's1' });
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ productId: 'p1', storeId: 's1', subId: null });
    const wrong = await as(cr1, 'POST', '/v1/distribution/links', { productId: 'p1', storeId: 's2' });
    expect(wrong.body.errors).toEqual([{ field: 'storeId', reason: 'product p1 is not in store s2.' }]);
    const neither = await as(cr1, 'POST', '/v1/distribution/links', {});
    expect(neither.body.errors[0].field).toBe('productId');
    const script = await as(cr1, 'POST', '/v1/distribution/links', {
      productId: 'p1',
      targetUrl: 'javascript:alert(1)',
    });
    expect(script.body.errors).toEqual([{ field: 'targetUrl', reason: 'must be an http or https URL' }]);
    expect(
      (await as(cr1, 'POST', '/v1/distribution/links', { productId: 'p1', subId: 'has space' })).status,
    ).toBe(400);
  });

  test('agencies and merchants do not get links; operators create them for a party', async () => {
    expect((await as(agency, 'POST', '/v1/distribution/links', { productId: 'p1' })).status).toBe(403);
    expect((await as(m1, 'POST', '/v1/distribution/links', { productId: 'p1' })).status).toBe(403);
    expect(
      (await as(cr2, 'POST', '/v1/distribution/links', { productId: 'p1', partyId: 'cr1' })).status,
    ).toBe(403);
    const op = await as(t.keys.operator!, 'POST', '/v1/distribution/links', {
      productId: 'p1',
      partyType: 'creator',
      partyId: 'cr2',
    });
    expect(op.status).toBe(201);
    expect(op.body.partyId).toBe('cr2');
    const missing = await as(t.keys.operator!, 'POST', '/v1/distribution/links', { productId: 'p1' });
    expect(missing.status).toBe(422);
  });
});

describe('clicks', () => {
  let code: string;
  let linkId: string;
  beforeAll(async () => {
    const r = await as(cr1, 'POST', '/v1/distribution/links', { productId: 'p1', subId: 'post-1' });
    code = r.body.code;
    linkId = r.body.id;
  });

  test('GET /c/:code needs no credentials, records the click and redirects', async () => {
    const r = await t.req(null, {
      method: 'GET',
      url: `/c/${code}?uid=u1`,
      headers: { 'user-agent': 'WeChat/8.0', 'x-forwarded-for': '1.2.3.4' },
    });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(`https://shop.example.com/item/p1?tr_code=${code}&tr_sub=post-1`);
    const rows = await clicks(code);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ consumer_id: 'u1', sub_id: 'post-1', store_id: 's1' });
    expect(rows[0]!.ua_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[0]!.ua_hash).not.toContain('WeChat');
    expect(rows[0]!.ip_hash).toMatch(/^[0-9a-f]{32}$/);
  });

  test('the consumer comes from the uid cookie when there is no uid parameter; anonymous otherwise', async () => {
    await t.req(null, { method: 'GET', url: `/c/${code}`, headers: { cookie: 'theme=dark; uid=u2' } });
    await t.req(null, { method: 'GET', url: `/c/${code}` });
    expect((await clicks(code)).map((c) => c.consumer_id)).toEqual(['u1', 'u2', null]);
  });

  test('unknown or malformed codes are 404 problems and record nothing', async () => {
    const before = (await clicks(code)).length;
    for (const c of ['zzzzzzzz', 'not-a-code', 'ABCDEFGH', 'x'.repeat(300)]) {
      const r = await t.req(null, { method: 'GET', url: `/c/${c}` });
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await clicks(code)).length).toBe(before);
  });

  test('a burst of concurrent clicks is written in batches and none is lost', async () => {
    const before = (await clicks(code)).length;
    const rs = await Promise.all(
      Array.from({ length: 40 }, (_, i) => t.req(null, { method: 'GET', url: `/c/${code}?uid=burst${i}` })),
    );
    expect(rs.every((r) => r.status === 302)).toBe(true);
    const after = await clicks(code);
    expect(after.length).toBe(before + 40);
    expect(new Set(after.slice(before).map((c) => c.consumer_id)).size).toBe(40);
  });

  test('a creator lists its own links with click counts, and the clicks of a link by day', async () => {
    const mine = await as(cr1, 'GET', '/v1/distribution/links?subId=post-1');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ id: linkId, code, clicks: 43, consumers: 42 });
    expect(mine.body.items[0].lastClickAt).toMatch(/Z$/);
    const all = await as(cr1, 'GET', '/v1/distribution/links');
    expect(all.body.items.every((l: { partyId: string }) => l.partyId === 'cr1')).toBe(true);
    const days = await as(cr1, 'GET', `/v1/distribution/links/${linkId}/clicks`);
    expect(days.status).toBe(200);
    expect(days.body.clicks).toBe(43);
    expect(days.body.days.reduce((s: number, d: { clicks: number }) => s + d.clicks, 0)).toBe(43);
  });

  test("a creator cannot see another creator's links or clicks", async () => {
    const theirs = await as(cr2, 'GET', '/v1/distribution/links');
    expect(theirs.body.items.every((l: { partyId: string }) => l.partyId === 'cr2')).toBe(true);
    expect(theirs.body.items.some((l: { id: string }) => l.id === linkId)).toBe(false);
    expect((await as(cr2, 'GET', `/v1/distribution/links/${linkId}/clicks`)).status).toBe(403);
    expect((await as(cr2, 'GET', '/v1/distribution/links?partyType=creator&partyId=cr1')).status).toBe(403);
    expect((await as(m1, 'GET', '/v1/distribution/links')).status).toBe(403);
    const op = await as(
      t.keys.operator!,
      'GET',
      '/v1/distribution/links?partyType=creator&partyId=cr1&subId=post-1',
    );
    expect(op.body.items[0].clicks).toBe(43);
  });
});
