import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { KEY_CACHE_MS } from './auth.ts';
import { loadCatalog, paidOrder } from '../../test/fixtures.ts';
import { type TestApp, testApp } from '../../test/harness.ts';

let t: TestApp;
let m1: string;
let m2: string;
let creator: string;

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  await t.req(t.keys.integration!, {
    method: 'POST',
    url: '/v1/orders',
    payload: { records: [paidOrder('o-m1')] },
  });
  m1 = await t.key('merchant', 'm1');
  m2 = await t.key('merchant', 'm2');
  creator = await t.key('creator', 'cr1');
  await t.ctx.auth.createUser('op', 'pw-operator', 'operator', null, 'Op');
});
afterAll(() => t.close());

describe('authentication', () => {
  test('a revoked API key stops working once its cached resolution lapses', async () => {
    const key = await t.ctx.auth.createApiKey('integration', null, 'revoke-me');
    expect((await t.ctx.auth.resolve(key.token))?.role).toBe('integration');
    await t.ctx.db.kysely
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('id', '=', key.id)
      .execute();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + KEY_CACHE_MS + 1);
      expect(await t.ctx.auth.resolve(key.token)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
  test('no or bad credentials: 401 problem', async () => {
    expect((await t.req(null, { method: 'GET', url: '/v1/merchants' })).status).toBe(401);
    const bad = await t.req('trb_nope', { method: 'GET', url: '/v1/merchants' });
    expect(bad.status).toBe(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
  test('console login gives a session token that works like a key; logout ends it', async () => {
    expect(
      (
        await t.req(null, {
          method: 'POST',
          url: '/v1/auth/login',
          payload: { login: 'op', password: 'wrong' },
        })
      ).status,
    ).toBe(401);
    const r = await t.req(null, {
      method: 'POST',
      url: '/v1/auth/login',
      payload: { login: 'op', password: 'pw-operator' },
    });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ login: 'op', role: 'operator' });
    const me = await t.req(r.body.token, { method: 'GET', url: '/v1/auth/me' });
    expect(me.body.user.displayName).toBe('Op');
    expect((await t.req(r.body.token, { method: 'POST', url: '/v1/auth/logout' })).status).toBe(204);
    expect((await t.req(r.body.token, { method: 'GET', url: '/v1/auth/me' })).status).toBe(401);
  });
  test('passwords are stored hashed', async () => {
    const row = await t.ctx.db.kysely
      .selectFrom('console_users')
      .select('password_hash')
      .where('login', '=', 'op')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain('pw-operator');
    expect(row.password_hash).toMatch(/^scrypt\$/);
  });
});

describe('tenant scope', () => {
  test('a merchant reads its own data', async () => {
    expect(
      (await t.req(m1, { method: 'GET', url: '/v1/merchants/m1/overview?to=2026-11-02&days=7' })).body.totals
        .gmv,
    ).toBe(7480);
    expect((await t.req(m1, { method: 'GET', url: '/v1/orders/o-m1' })).status).toBe(200);
  });
  test("a merchant key cannot read another merchant's data", async () => {
    for (const url of [
      '/v1/merchants/m1',
      '/v1/merchants/m1/overview',
      '/v1/merchants/m1/products',
      '/v1/orders/o-m1',
    ]) {
      const r = await t.req(m2, { method: 'GET', url });
      expect(r.status, url).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain('7480');
    }
    expect((await t.req(m2, { method: 'GET', url: '/v1/merchants' })).status).toBe(403);
    expect((await t.req(m2, { method: 'GET', url: '/v1/overview/operator' })).status).toBe(403);
  });
  test("a merchant key cannot write another merchant's data", async () => {
    const foreign = {
      id: 'p1',
      storeId: 's1',
      categoryId: 'c111',
      title: 'Hijacked',
      listedAt: '2026-11-01T00:00:00Z',
      skus: [{ id: 'k1', price: 1, stock: 1 }],
    };
    const r = await t.req(m2, {
      method: 'POST',
      url: '/v1/catalog/products',
      payload: { records: [foreign] },
    });
    expect(r.status).toBe(403);
    const title = await t.ctx.db.kysely
      .selectFrom('products')
      .select('title')
      .where('id', '=', 'p1')
      .executeTakeFirstOrThrow();
    expect(title.title).not.toBe('Hijacked');
    expect(
      (await t.req(m2, { method: 'POST', url: '/v1/orders', payload: { records: [paidOrder('o-evil')] } }))
        .status,
    ).toBe(403);
    expect(
      (await t.req(m2, { method: 'POST', url: '/v1/catalog/stores', payload: { records: [] } })).status,
    ).toBe(403);
  });
  test('a merchant may push its own products', async () => {
    const own = {
      id: 'p2',
      storeId: 's2',
      categoryId: 'c111',
      title: 'Walnuts 1kg, new crop',
      listedAt: '2026-11-01T00:00:00Z',
      skus: [{ id: 'k2', price: 5990, stock: 40 }],
    };
    expect(
      (await t.req(m2, { method: 'POST', url: '/v1/catalog/products', payload: { records: [own] } })).status,
    ).toBe(200);
  });
  test("a creator cannot see a merchant's private data", async () => {
    for (const url of [
      '/v1/merchants/m1',
      '/v1/merchants/m1/overview',
      '/v1/orders/o-m1',
      '/v1/merchants',
      '/v1/overview/operator',
    ]) {
      expect((await t.req(creator, { method: 'GET', url })).status, url).toBe(403);
    }
    expect(
      (await t.req(creator, { method: 'POST', url: '/v1/events', payload: { records: [] } })).status,
    ).toBe(403);
  });
  test('only operators issue API keys; scoped keys need a party; retries with an Idempotency-Key issue one key', async () => {
    expect(
      (await t.req(m1, { method: 'POST', url: '/v1/api-keys', payload: { role: 'operator', label: 'x' } }))
        .status,
    ).toBe(403);
    expect(
      (
        await t.req(t.keys.operator!, {
          method: 'POST',
          url: '/v1/api-keys',
          payload: { role: 'merchant', label: 'x' },
        })
      ).status,
    ).toBe(400);
    const send = (label: string) =>
      t.req(t.keys.operator!, {
        method: 'POST',
        url: '/v1/api-keys',
        payload: { role: 'merchant', partyId: 'm1', label },
        headers: { 'idempotency-key': 'k-1' },
      });
    const a = await send('erp');
    const b = await send('erp');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.token).toBe(a.body.token);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect((await send('other')).status).toBe(422);
    const n = await t.ctx.db.kysely
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('label', '=', 'erp')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });
});
