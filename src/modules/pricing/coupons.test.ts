import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { ago, ahead, DAY, storeTemplate } from '../../../test/pricing.ts';

let t: TestApp;
let m1: string;
let m2: string;
const as = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = {}) =>
  t.req(token, { method, url, payload: payload as never, headers });
const op = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = {}) =>
  as(t.keys.operator!, method, url, payload, headers);
const claim = (tpl: string, userId: string, headers = {}) =>
  as(t.keys.integration!, 'POST', `/v1/pricing/coupon-templates/${tpl}/claim`, { userId }, headers);
const coupons = async (tpl: string) =>
  (
    await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pricing_coupons WHERE template_id = ${tpl}`.execute(t.ctx.db.kysely)
  ).rows[0]!.n;

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  await t.req(t.keys.integration!, {
    method: 'POST',
    url: '/v1/catalog/consumers',
    payload: { records: ['u3', 'u4', 'u5'].map((id) => ({ id, registeredAt: ago(DAY) })) },
  });
  m1 = await t.key('merchant', 'm1');
  m2 = await t.key('merchant', 'm2');
});
afterAll(() => t.close());

describe('coupon templates', () => {
  test('merchants issue store coupons for their own stores only; platform coupons are the operator’s', async () => {
    expect(
      (await as(m1, 'POST', '/v1/pricing/coupon-templates', storeTemplate({ id: 'tpl-a' }))).status,
    ).toBe(201);
    const foreign = await as(
      m1,
      'POST',
      '/v1/pricing/coupon-templates',
      storeTemplate({ scope: { storeIds: ['s2'] } }),
    );
    expect(foreign.status).toBe(403);
    const platform = storeTemplate({ kind: 'platform', merchantId: undefined, scope: {} });
    expect((await as(m1, 'POST', '/v1/pricing/coupon-templates', platform)).status).toBe(403);
    expect(
      (await op('POST', '/v1/pricing/coupon-templates', { ...platform, id: 'tpl-platform' })).status,
    ).toBe(201);
    expect((await as(m2, 'GET', '/v1/pricing/coupon-templates/tpl-a')).status).toBe(403);
    expect((await as(m2, 'GET', '/v1/pricing/coupon-templates/tpl-a/stats')).status).toBe(403);
  });

  test('mistakes are explained: discount ≥ threshold, per-user limit above total, missing validity', async () => {
    const r = await as(
      m1,
      'POST',
      '/v1/pricing/coupon-templates',
      storeTemplate({
        rule: { type: 'amount', min: 5000, off: 6000 },
        totalQuantity: 3,
        perUserLimit: 5,
        validity: {},
      }),
    );
    expect(r.status).toBe(422);
    expect(
      r.body.errors.map((e: { field: string; code: string; params: unknown }) => [e.field, e.code, e.params]),
    ).toEqual([
      ['rule.off', 'coupon_off_not_below_min', { min: 5000, off: 6000 }],
      ['perUserLimit', 'per_user_over_total', { limit: 5, total: 3 }],
      ['validity', 'validity_missing', {}],
    ]);
    const claimStartsAt = ago(DAY);
    const claimEndsAt = ago(2 * DAY);
    const v = await as(
      m1,
      'POST',
      '/v1/pricing/coupon-templates/validate',
      storeTemplate({ claimStartsAt, claimEndsAt }),
    );
    expect(v.body).toEqual({
      valid: false,
      issues: [
        {
          field: 'claimEndsAt',
          code: 'end_before_start',
          params: { window: 'claim', end: claimEndsAt, start: claimStartsAt, startField: 'claimStartsAt' },
          reason: expect.stringContaining('the claim window would end before it starts'),
        },
      ],
    });
  });

  test('validate gives schema and meaning issues together, on a body of any shape', async () => {
    const r = await as(
      m1,
      'POST',
      '/v1/pricing/coupon-templates/validate',
      storeTemplate({ totalQuantity: 'many', perUserLimit: 3, perUserDailyLimit: 5, claimEndsAt: 'soon' }),
    );
    expect(r.status).toBe(200);
    expect(
      r.body.issues.map((i: { field: string; code: string; params: unknown }) => [i.field, i.code, i.params]),
    ).toEqual([
      ['totalQuantity', 'schema', { rule: 'type', name: 'totalQuantity' }],
      ['claimEndsAt', 'schema', { rule: 'format', name: 'claimEndsAt' }],
      ['perUserDailyLimit', 'daily_over_per_user', { daily: 5, limit: 3, defaultLimit: 0 }],
    ]);
    const other = await as(
      m1,
      'POST',
      '/v1/pricing/coupon-templates/validate',
      storeTemplate({ kind: 'platform', merchantId: undefined, scope: {} }),
    );
    expect(other.body.issues).toEqual([
      {
        field: 'kind',
        code: 'platform_kind',
        params: { kind: 'platform' },
        reason: expect.stringContaining("platform coupons are the platform's"),
      },
    ]);
    for (const body of [null, [], {}, { scope: 5, rule: { type: 'amount', min: 'x' }, validity: [] }]) {
      const g = await t.req(m1, {
        method: 'POST',
        url: '/v1/pricing/coupon-templates/validate',
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      expect(g.status, JSON.stringify(body)).toBe(200);
      expect(g.body.valid).toBe(false);
      for (const i of g.body.issues) expect(i.code).toMatch(/^[a-z_]+$/);
    }
    // Creating keeps refusing a body of the wrong shape with a 400.
    const create = await as(
      m1,
      'POST',
      '/v1/pricing/coupon-templates',
      storeTemplate({ totalQuantity: 'many' }),
    );
    expect(create.status).toBe(400);
  });

  test('patch with null clears limits and extras; required fields cannot be cleared', async () => {
    await as(
      m1,
      'POST',
      '/v1/pricing/coupon-templates',
      storeTemplate({ id: 'tpl-clear', perUserLimit: 3, perUserDailyLimit: 2, perDayLimit: 50, group: 'g1' }),
    );
    const cleared = await as(m1, 'PATCH', '/v1/pricing/coupon-templates/tpl-clear', {
      perUserDailyLimit: null,
      perDayLimit: null,
      group: null,
      perUserLimit: null,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.perUserLimit).toBe(1);
    for (const k of ['perUserDailyLimit', 'perDayLimit', 'group']) expect(cleared.body).not.toHaveProperty(k);
    const stored = await sql<{ d: number | null; p: number | null }>`SELECT per_user_daily_limit AS d,
      per_day_limit AS p FROM pricing_coupon_templates WHERE id = 'tpl-clear'`.execute(t.ctx.db.kysely);
    expect(stored.rows[0]).toEqual({ d: null, p: null });

    const required = await as(m1, 'PATCH', '/v1/pricing/coupon-templates/tpl-clear', { validity: null });
    expect(required.status).toBe(422);
    expect(required.body.errors).toEqual([
      {
        field: 'validity',
        code: 'not_clearable',
        params: { name: 'validity' },
        reason: expect.stringContaining('validity cannot be cleared'),
      },
    ]);
  });

  test('terms freeze once coupons are claimed; quantities can still grow', async () => {
    await op('POST', '/v1/pricing/coupon-templates', storeTemplate({ id: 'tpl-freeze', totalQuantity: 2 }));
    expect((await claim('tpl-freeze', 'u1')).status).toBe(201);
    const rule = await as(m1, 'PATCH', '/v1/pricing/coupon-templates/tpl-freeze', {
      rule: { type: 'amount', min: 6000, off: 2000 },
    });
    expect(rule.status).toBe(422);
    expect(rule.body.errors).toEqual([
      expect.objectContaining({
        field: 'rule',
        code: 'frozen_after_claim',
        params: { name: 'rule', claimed: 1 },
      }),
    ]);
    // Clearing a term that was never set changes nothing, so it is not refused; clearing a limit is fine.
    const grow = await as(m1, 'PATCH', '/v1/pricing/coupon-templates/tpl-freeze', {
      totalQuantity: 5,
      channel: null,
      perDayLimit: null,
    });
    expect(grow.body).toMatchObject({ totalQuantity: 5, claimed: 1, version: 2 });
    const shrink = await as(m1, 'PATCH', '/v1/pricing/coupon-templates/tpl-freeze', { totalQuantity: 0 });
    expect(shrink.status).toBe(422);
    expect(shrink.body.errors).toEqual([
      expect.objectContaining({
        field: 'totalQuantity',
        code: 'total_below_claimed',
        params: { total: 0, claimed: 1 },
      }),
    ]);
  });
});

describe('claims', () => {
  test('a claim gives an available coupon valid N days; the wallet shows it', async () => {
    const r = await claim('tpl-a', 'u2');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ templateId: 'tpl-a', userId: 'u2', status: 'available' });
    const days = (Date.parse(r.body.validTo) - Date.parse(r.body.validFrom)) / DAY;
    expect(days).toBeCloseTo(7, 3);
    const w = await as(t.keys.integration!, 'GET', '/v1/pricing/wallet/u2');
    expect(w.body.available.map((c: { couponId: string }) => c.couponId)).toEqual([r.body.couponId]);
    expect(w.body.available[0]).toMatchObject({ name: '¥10 off ¥60', kind: 'store', merchantId: 'm1' });
    expect(w.body.points).toBe(0);
  });

  test('per-user limit: the second claim is a 409 naming the reason', async () => {
    const r = await claim('tpl-a', 'u2');
    expect(r.status).toBe(409);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body.type).toBe('urn:tributary:pricing:user_limit');
    expect(r.body.errors[0].field).toBe('userId');
  });

  test('Idempotency-Key: a retried claim returns the same coupon and claims once', async () => {
    await op(
      'POST',
      '/v1/pricing/coupon-templates',
      storeTemplate({ id: 'tpl-idem', perUserLimit: 3, totalQuantity: 10 }),
    );
    const headers = { 'idempotency-key': 'claim-u1-1' };
    const a = await claim('tpl-idem', 'u1', headers);
    const b = await claim('tpl-idem', 'u1', headers);
    expect(a.status).toBe(201);
    expect(b.body.couponId).toBe(a.body.couponId);
    expect(await coupons('tpl-idem')).toBe(1);
    const other = await claim('tpl-idem', 'u1', { 'idempotency-key': 'claim-u1-2' });
    expect(other.body.couponId).not.toBe(a.body.couponId);
  });

  test('total quantity: sold out is a 409 and nothing is counted for the refused buyer', async () => {
    await op('POST', '/v1/pricing/coupon-templates', storeTemplate({ id: 'tpl-two', totalQuantity: 2 }));
    expect((await claim('tpl-two', 'u1')).status).toBe(201);
    expect((await claim('tpl-two', 'u2')).status).toBe(201);
    const r = await claim('tpl-two', 'u3');
    expect(r.status).toBe(409);
    expect(r.body.type).toBe('urn:tributary:pricing:sold_out');
    expect(r.body.detail).toContain('sold out');
    const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pricing_claims_per_user
      WHERE template_id = 'tpl-two' AND user_id = 'u3'`.execute(t.ctx.db.kysely);
    expect(counted.rows[0]!.n).toBe(0);
    expect((await op('GET', '/v1/pricing/coupon-templates/tpl-two')).body.claimed).toBe(2);
  });

  test('per-day limits: of the buyer, and of everyone together', async () => {
    await op(
      'POST',
      '/v1/pricing/coupon-templates',
      storeTemplate({ id: 'tpl-daily', perUserLimit: 5, perUserDailyLimit: 1, perDayLimit: 2 }),
    );
    expect((await claim('tpl-daily', 'u1')).status).toBe(201);
    const again = await claim('tpl-daily', 'u1');
    expect(again.body.type).toBe('urn:tributary:pricing:user_daily_limit');
    expect((await claim('tpl-daily', 'u2')).status).toBe(201);
    const third = await claim('tpl-daily', 'u3');
    expect(third.status).toBe(409);
    expect(third.body.type).toBe('urn:tributary:pricing:daily_sold_out');
  });

  test('outside the claim window, paused, or not in the audience: 422 with the reason', async () => {
    await op(
      'POST',
      '/v1/pricing/coupon-templates',
      storeTemplate({ id: 'tpl-later', claimStartsAt: ahead(DAY), claimEndsAt: ahead(3 * DAY) }),
    );
    const early = await claim('tpl-later', 'u1');
    expect(early.status).toBe(422);
    expect(early.body.type).toBe('urn:tributary:pricing:outside_window');
    expect(early.body.detail).toContain('opens at');

    await op('POST', '/v1/pricing/coupon-templates', storeTemplate({ id: 'tpl-vip', audienceId: 'vip' }));
    const outsider = await claim('tpl-vip', 'u1');
    expect(outsider.status).toBe(422);
    expect(outsider.body.type).toBe('urn:tributary:pricing:not_in_audience');
    await as(t.keys.integration!, 'POST', '/v1/pricing/audiences/vip/members', { add: ['u1'] });
    expect((await claim('tpl-vip', 'u1')).status).toBe(201);

    await as(m1, 'POST', '/v1/pricing/coupon-templates/tpl-vip/pause');
    const paused = await claim('tpl-vip', 'u2');
    expect(paused.status).toBe(422);
    expect(paused.body.type).toBe('urn:tributary:pricing:not_active');
  });

  test('unknown templates and buyers; merchants cannot claim for buyers', async () => {
    expect((await claim('nope', 'u1')).status).toBe(404);
    expect((await claim('tpl-idem', 'ghost')).status).toBe(422);
    expect(
      (await as(m1, 'POST', '/v1/pricing/coupon-templates/tpl-idem/claim', { userId: 'u1' })).status,
    ).toBe(403);
    expect((await as(m1, 'GET', '/v1/pricing/wallet/u1')).status).toBe(403);
  });

  test('stats count claims by state', async () => {
    const s = await as(m1, 'GET', '/v1/pricing/coupon-templates/tpl-two/stats');
    expect(s.body).toMatchObject({
      totalQuantity: 2,
      claimed: 2,
      available: 2,
      reserved: 0,
      redeemed: 0,
      orders: 0,
    });
  });

  test('points: credit and debit, never below zero', async () => {
    expect((await op('POST', '/v1/pricing/points', { userId: 'u1', delta: 500 })).body.balance).toBe(500);
    const over = await op('POST', '/v1/pricing/points', { userId: 'u1', delta: -600 });
    expect(over.status).toBe(422);
    expect((await op('GET', '/v1/pricing/wallet/u1')).body.points).toBe(500);
  });
});
