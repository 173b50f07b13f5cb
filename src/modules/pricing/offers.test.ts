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
      {
        field: 'scope.storeIds.0',
        reason: expect.stringContaining('store s2 belongs to another merchant'),
        code: 'foreign_store',
        params: { store: 's2', merchantId: 'm1' },
      },
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

  test('validate returns the issues with codes and params without saving', async () => {
    const before = await offers();
    const bad = await as(
      m1,
      'POST',
      '/v1/pricing/offers/validate',
      storeOffer({
        rule: { type: 'amount_tiers', tiers: [{ min: 19900, off: 19900 }] },
        scope: { storeIds: ['s1', 'nope'] },
        platformFundedBp: 5000,
      }),
    );
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual({
      valid: false,
      issues: [
        {
          field: 'rule.tiers.0.off',
          code: 'tier_off_not_below_min',
          params: { tier: 1, min: 19900, off: 19900 },
          reason: expect.stringContaining('满¥199减¥199'),
        },
        {
          field: 'scope.storeIds.1',
          code: 'unknown_store',
          params: { store: 'nope' },
          reason: 'scope.storeIds.1: there is no store nope.',
        },
        {
          field: 'platformFundedBp',
          code: 'merchant_cannot_fund',
          params: { platformFundedBp: 5000 },
          reason: expect.stringContaining('merchant cannot commit platform funding'),
        },
      ],
    });
    const good = await as(m1, 'POST', '/v1/pricing/offers/validate', storeOffer());
    expect(good.body).toEqual({ valid: true, issues: [] });
    expect(await offers()).toBe(before);
  });

  test('validate runs the meaning checks on what parsed, beside the schema issues', async () => {
    // endsAt is not an instant, colour is unknown, tier 2's saving is text: schema issues. Tier 1 gives
    // everything away: a meaning issue the merchant learns at the same time.
    const r = await as(
      m1,
      'POST',
      '/v1/pricing/offers/validate',
      storeOffer({
        endsAt: 'next week',
        colour: 'red',
        rule: {
          type: 'amount_tiers',
          tiers: [
            { min: 10000, off: 15000 },
            { min: 20000, off: 'lots' },
          ],
        },
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(false);
    const byField = Object.fromEntries(
      r.body.issues.map((i: { field: string; code: string; params: unknown }) => [
        i.field,
        { code: i.code, params: i.params },
      ]),
    );
    expect(byField).toEqual({
      endsAt: { code: 'schema', params: { rule: 'format', name: 'endsAt' } },
      colour: { code: 'schema', params: { rule: 'unknown_field', name: 'colour' } },
      'rule.tiers.1.off': { code: 'schema', params: { rule: 'type', name: 'off' } },
      'rule.tiers.0.off': { code: 'tier_off_not_below_min', params: { tier: 1, min: 10000, off: 15000 } },
    });
    const reasons = r.body.issues.map((i: { reason: string }) => i.reason);
    expect(reasons).toContain('endsAt must match format "date-time".');
    expect(reasons).toContain('colour is not a field of this body; remove it.');
    expect(reasons).toContain('rule.tiers.1.off must be integer.');

    // A half-filled flash sale: what is missing is said once (schema), what the kind needs besides too.
    const half = await as(m1, 'POST', '/v1/pricing/offers/validate', {
      kind: 'flash_sale',
      scope: { storeIds: ['s1'] },
    });
    expect(half.body.valid).toBe(false);
    expect(
      half.body.issues.map((i: { field: string; code: string }) => `${i.field}:${i.code}`).sort(),
    ).toEqual(
      [
        'endsAt:schema',
        'name:schema',
        'perUserLimit:required',
        'rule:schema',
        'startsAt:schema',
        'stockLeft:required',
      ].sort(),
    );
    expect(half.body.issues.find((i: { field: string }) => i.field === 'name').reason).toBe(
      'name is required.',
    );
  });

  test('validate never fails on a body of any shape', async () => {
    const bodies: unknown[] = [
      null,
      [],
      'offer',
      42,
      {},
      { kind: 'store_threshold', scope: 's1', rule: 5, presale: [], startsAt: 5, priority: 'high' },
      { kind: 'store_threshold', scope: { storeIds: ['s1', 7], exclude: 'x' }, rule: { tiers: 'x' } },
      { kind: 'presale', rule: { type: 'amount_tiers', tiers: [null, 5, { min: 'a' }] }, presale: { x: 1 } },
      { kind: 'price_cut', merchantId: 'm2', scope: { storeIds: ['s2'] }, rule: { type: 'off', off: 1 } },
      { kind: 'platform_threshold', scope: {}, rule: { type: 'rate', skuPrices: { 'a.b': 'x' } } },
    ];
    for (const body of bodies) {
      const r = await t.req(m1, {
        method: 'POST',
        url: '/v1/pricing/offers/validate',
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      expect(r.status, JSON.stringify(body)).toBe(200);
      expect(r.body.valid).toBe(false);
      for (const i of r.body.issues) {
        expect(typeof i.field).toBe('string');
        expect(i.code).toMatch(/^[a-z_]+$/);
        expect(i.reason).toMatch(/\.$/);
      }
    }
    const notMine = await as(m1, 'POST', '/v1/pricing/offers/validate', storeOffer({ merchantId: 'm2' }));
    expect(notMine.body.issues).toEqual([
      {
        field: 'merchantId',
        code: 'not_own_merchant',
        params: { merchantId: 'm2' },
        reason: expect.stringContaining('not those of merchant m2'),
      },
    ]);
    const platform = await as(
      m1,
      'POST',
      '/v1/pricing/offers/validate',
      storeOffer({ kind: 'platform_threshold', merchantId: undefined, scope: {} }),
    );
    expect(platform.body.issues).toEqual([
      {
        field: 'kind',
        code: 'platform_kind',
        params: { kind: 'platform_threshold' },
        reason: expect.stringContaining("is the platform's"),
      },
    ]);
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
    expect(bad.body.errors[0]).toMatchObject({ field: 'rule.tiers', code: 'tiers_required' });
    const stale = await as(m1, 'PATCH', '/v1/pricing/offers/off-idem', { name: 'y', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.errors).toEqual([
      { field: 'version', reason: 'is 2', code: 'version_conflict', params: { version: 2 } },
    ]);
    const unknown = await as(m1, 'PATCH', '/v1/pricing/offers/off-idem', { colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'colour', reason: 'unknown field' }]);
    expect((await as(m1, 'GET', '/v1/pricing/offers/off-idem')).body.version).toBe(2);
  });

  test('patch with null clears an optional field; a required one is a 422', async () => {
    const body = storeOffer({ id: 'off-clear', group: 'autumn', priority: 5, audienceId: 'vip' });
    expect((await as(m1, 'POST', '/v1/pricing/offers', body)).status).toBe(201);
    const cleared = await as(m1, 'PATCH', '/v1/pricing/offers/off-clear', {
      group: null,
      priority: null,
      audienceId: null,
      version: 1,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.version).toBe(2);
    for (const k of ['group', 'priority', 'audienceId']) expect(cleared.body).not.toHaveProperty(k);
    expect((await as(m1, 'GET', '/v1/pricing/offers/off-clear')).body).not.toHaveProperty('group');

    const required = await as(m1, 'PATCH', '/v1/pricing/offers/off-clear', { endsAt: null, name: null });
    expect(required.status).toBe(422);
    expect(required.headers['content-type']).toContain('application/problem+json');
    expect(required.body.errors).toEqual([
      {
        field: 'endsAt',
        code: 'not_clearable',
        params: { name: 'endsAt' },
        reason: 'endsAt cannot be cleared: every offer needs one; send a new value instead of null.',
      },
      expect.objectContaining({ field: 'name', code: 'not_clearable' }),
    ]);
    expect((await as(m1, 'GET', '/v1/pricing/offers/off-clear')).body.version).toBe(2);
    // A wrong value is still a 400 with one issue per field (null is the only extra value taken).
    const wrong = await as(m1, 'PATCH', '/v1/pricing/offers/off-clear', {
      endsAt: 'soon',
      priority: 'high',
      kind: 'nope',
      scope: 5,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'endsAt',
      'kind',
      'priority',
      'scope',
    ]);

    // A flash sale cannot lose its stock: the cleared offer is validated like any other.
    const flash = storeOffer({
      id: 'off-flash-clear',
      kind: 'flash_sale',
      rule: { type: 'price', price: 2990 },
      scope: { storeIds: ['s1'], skuIds: ['k1'] },
      stockLeft: 10,
      perUserLimit: 2,
    });
    expect((await as(m1, 'POST', '/v1/pricing/offers', flash)).status).toBe(201);
    const noStock = await as(m1, 'PATCH', '/v1/pricing/offers/off-flash-clear', { perUserLimit: null });
    expect(noStock.status).toBe(422);
    expect(noStock.body.errors).toEqual([
      expect.objectContaining({ field: 'perUserLimit', code: 'required', params: { what: 'limit' } }),
    ]);
  });

  test('pause, resume, end; an ended offer cannot change', async () => {
    expect((await as(m1, 'POST', '/v1/pricing/offers/off-idem/pause')).body.status).toBe('paused');
    expect((await as(m1, 'POST', '/v1/pricing/offers/off-idem/pause')).status).toBe(409);
    expect((await as(m1, 'POST', '/v1/pricing/offers/off-idem/resume')).body.status).toBe('active');
    expect((await as(m1, 'POST', '/v1/pricing/offers/off-idem/end')).body.status).toBe('ended');
    const ended = await as(m1, 'PATCH', '/v1/pricing/offers/off-idem', { name: 'again' });
    expect(ended.status).toBe(409);
    expect(ended.body.errors[0]).toMatchObject({ field: 'status', code: 'ended' });
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
