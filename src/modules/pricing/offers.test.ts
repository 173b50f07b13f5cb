import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { ago, DAY, storeOffer } from '../../../test/pricing.ts';

let t: TestApp;
let m1: string;
let m2: string;
let creator: string;
const as = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = {}) =>
  t.req(token, { method, url, payload: payload as never, headers });
const offers = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pricing_offers`.execute(t.ctx.db.kysely)).rows[0]!
    .n;

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  m1 = await t.key('merchant', 'm1');
  m2 = await t.key('merchant', 'm2');
  creator = await t.key('creator', 'cr1');
});
afterAll(() => t.close());

describe('offers: scope', () => {
  test('a merchant creates offers for its own stores; merchantId defaults to itself', async () => {
    const { merchantId: _m, ...body } = storeOffer({ id: 'off-m1' });
    const r = await as(m1, 'POST', '/v1/pricing/offers', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: 'off-m1', merchantId: 'm1', status: 'active', version: 1 });
  });

  test("a merchant cannot create an offer for another merchant's store, nor for another merchant", async () => {
    const before = await offers();
    const foreign = await as(m1, 'POST', '/v1/pricing/offers', storeOffer({ scope: { storeIds: ['s2'] } }));
    expect(foreign.status).toBe(403);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    expect(foreign.body.errors).toEqual([
      { field: 'scope.storeIds.0', reason: expect.stringContaining('store s2 belongs to another merchant') },
    ]);
    const other = await as(
      m1,
      'POST',
      '/v1/pricing/offers',
      storeOffer({ merchantId: 'm2', scope: { storeIds: ['s2'] } }),
    );
    expect(other.status).toBe(403);
    expect(await offers()).toBe(before);
  });

  test('merchants cannot create platform kinds; creators cannot create or read offers', async () => {
    const cross = storeOffer({
      kind: 'cross_store_threshold',
      merchantId: undefined,
      scope: { storeIds: ['s1', 's2'] },
    });
    expect((await as(m1, 'POST', '/v1/pricing/offers', cross)).status).toBe(403);
    expect(
      (await as(t.keys.operator!, 'POST', '/v1/pricing/offers', { ...cross, id: 'off-cross' })).status,
    ).toBe(201);
    expect((await as(creator, 'POST', '/v1/pricing/offers', storeOffer())).status).toBe(403);
    expect((await as(creator, 'GET', '/v1/pricing/offers')).status).toBe(403);
    expect((await as(creator, 'GET', '/v1/pricing/offers/off-m1')).status).toBe(403);
  });

  test("a merchant cannot read, change or see the stats of another merchant's offer", async () => {
    expect((await as(m2, 'GET', '/v1/pricing/offers/off-m1')).status).toBe(403);
    expect((await as(m2, 'GET', '/v1/pricing/offers/off-m1/stats')).status).toBe(403);
    expect((await as(m2, 'PATCH', '/v1/pricing/offers/off-m1', { name: 'mine now' })).status).toBe(403);
    expect((await as(m2, 'POST', '/v1/pricing/offers/off-m1/pause')).status).toBe(403);
    expect((await as(m2, 'GET', '/v1/pricing/offers?merchantId=m1')).status).toBe(403);
    const own = await as(m2, 'GET', '/v1/pricing/offers');
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([]);
    expect((await as(m1, 'GET', '/v1/pricing/offers/off-m1/stats')).body).toEqual({
      offerId: 'off-m1',
      orders: 0,
      units: 0,
      discount: 0,
      platformFunded: 0,
      merchantFunded: 0,
      gmv: 0,
    });
    expect((await as(m1, 'GET', '/v1/pricing/offers/off-cross/stats')).status).toBe(403);
  });
});

describe('offers: validation', () => {
  test('schema problems are 400 with field names; nothing is written', async () => {
    const before = await offers();
    const r = await as(
      m1,
      'POST',
      '/v1/pricing/offers',
      storeOffer({ startsAt: 'yesterday', colour: 'red' }),
    );
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'startsAt']);
    expect(await offers()).toBe(before);
  });

  test('rule mistakes are 422 with every issue explained, never a 500 or a partial write', async () => {
    const before = await offers();
    const r = await as(
      m1,
      'POST',
      '/v1/pricing/offers',
      storeOffer({
        endsAt: ago(2 * DAY),
        rule: {
          type: 'amount_tiers',
          tiers: [
            { min: 10000, off: 10000 },
            { min: 9000, off: 500 },
          ],
        },
        scope: { storeIds: ['s1', 'nope'] },
      }),
    );
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'endsAt',
      'rule.tiers.0.off',
      'rule.tiers.1.min',
      'scope.storeIds.1',
    ]);
    expect(await offers()).toBe(before);
  });

  test('validate returns the issues without saving, schema issues included', async () => {
    const before = await offers();
    const bad = await as(
      m1,
      'POST',
      '/v1/pricing/offers/validate',
      storeOffer({ rule: { type: 'rate', rateBp: 12000 } }),
    );
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.issues.map((i: { field: string }) => i.field)).toEqual(['rule.type']);
    const half = await as(m1, 'POST', '/v1/pricing/offers/validate', { kind: 'flash_sale' });
    expect(half.body.valid).toBe(false);
    expect(half.body.issues.length).toBeGreaterThan(2);
    const good = await as(m1, 'POST', '/v1/pricing/offers/validate', storeOffer());
    expect(good.body).toEqual({ valid: true, issues: [] });
    expect(await offers()).toBe(before);
  });
});

describe('offers: idempotency and lifecycle', () => {
  test('the same id twice is a no-op; different terms under it are a 409', async () => {
    const body = storeOffer({ id: 'off-idem' });
    expect((await as(m1, 'POST', '/v1/pricing/offers', body)).status).toBe(201);
    const again = await as(m1, 'POST', '/v1/pricing/offers', body);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
    const changed = await as(m1, 'POST', '/v1/pricing/offers', { ...body, name: 'other' });
    expect(changed.status).toBe(409);
  });

  test('Idempotency-Key replays the first answer for offers without an id', async () => {
    const headers = { 'idempotency-key': 'create-1' };
    const body = storeOffer();
    const a = await as(m1, 'POST', '/v1/pricing/offers', body, headers);
    const b = await as(m1, 'POST', '/v1/pricing/offers', body, headers);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.id).toBe(a.body.id);
  });

  test('patch bumps the version, checks the expected version and validates the result', async () => {
    const p = await as(m1, 'PATCH', '/v1/pricing/offers/off-idem', { name: 'Renamed', version: 1 });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ name: 'Renamed', version: 2 });
    expect((await as(m1, 'PATCH', '/v1/pricing/offers/off-idem', { name: 'x', version: 1 })).status).toBe(
      409,
    );
    const bad = await as(m1, 'PATCH', '/v1/pricing/offers/off-idem', {
      rule: { type: 'amount_tiers', tiers: [] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('rule.tiers');
    const unknown = await as(m1, 'PATCH', '/v1/pricing/offers/off-idem', { colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'colour', reason: 'unknown field' }]);
    expect((await as(m1, 'GET', '/v1/pricing/offers/off-idem')).body.version).toBe(2);
  });

  test('pause, resume, end; an ended offer cannot change', async () => {
    expect((await as(m1, 'POST', '/v1/pricing/offers/off-idem/pause')).body.status).toBe('paused');
    expect((await as(m1, 'POST', '/v1/pricing/offers/off-idem/pause')).status).toBe(409);
    expect((await as(m1, 'POST', '/v1/pricing/offers/off-idem/resume')).body.status).toBe('active');
    expect((await as(m1, 'POST', '/v1/pricing/offers/off-idem/end')).body.status).toBe('ended');
    expect((await as(m1, 'PATCH', '/v1/pricing/offers/off-idem', { name: 'again' })).status).toBe(409);
    expect((await as(m1, 'POST', '/v1/pricing/offers/off-idem/resume')).status).toBe(409);
  });

  test('lists filter by status, kind and the instant they are live', async () => {
    const ended = await as(t.keys.operator!, 'GET', '/v1/pricing/offers?merchantId=m1&status=ended');
    expect(ended.body.items.map((o: { id: string }) => o.id)).toEqual(['off-idem']);
    const live = await as(
      m1,
      'GET',
      `/v1/pricing/offers?activeAt=${encodeURIComponent(new Date().toISOString())}&limit=2`,
    );
    expect(live.body.total).toBeGreaterThanOrEqual(2);
    expect(live.body.items).toHaveLength(2);
    const platform = await as(t.keys.operator!, 'GET', '/v1/pricing/offers?merchantId=platform');
    expect(platform.body.items.map((o: { id: string }) => o.id)).toEqual(['off-cross']);
  });

  test('flash sales keep their stock; it shows on the offer', async () => {
    const flash = storeOffer({
      id: 'off-flash',
      kind: 'flash_sale',
      rule: { type: 'price', price: 2990 },
      scope: { storeIds: ['s1'], skuIds: ['k1'] },
      stockLeft: 10,
      perUserLimit: 2,
    });
    expect((await as(m1, 'POST', '/v1/pricing/offers', flash)).status).toBe(201);
    expect((await as(m1, 'GET', '/v1/pricing/offers/off-flash')).body).toMatchObject({
      stockLeft: 10,
      sold: 0,
    });
    await as(m1, 'PATCH', '/v1/pricing/offers/off-flash', { stockLeft: 6 });
    expect((await as(m1, 'GET', '/v1/pricing/offers/off-flash')).body).toMatchObject({ stockLeft: 6 });
  });
});
