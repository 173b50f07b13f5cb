import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, loadCatalog, paidOrder } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';

/** The tag catalog, status, rebuild and settings routes: shapes, roles and problem+json errors. */
let t: TestApp;
let merchant: string;
const post = (url: string, payload: unknown) =>
  t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never });
const call = (token: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.req(token, { method, url, ...(payload === undefined ? {} : { payload: payload as never }) });

beforeAll(async () => {
  t = await testApp();
  await loadCatalog(post);
  merchant = await t.key('merchant', 'm1');
  await post('/v1/events', {
    records: [
      {
        id: 'e1',
        type: 'view',
        occurredAt: at(1),
        userId: 'u2',
        productId: 'p1',
        storeId: 's1',
        scene: 'feed',
      },
    ],
  });
  await post('/v1/orders', { records: [paidOrder('o1')] });
  await t.ctx.dispatcher.drain();
}, 60_000);
afterAll(() => t?.close());

describe('tag catalog', () => {
  test('before any build: build 0, every group listed with zero users', async () => {
    const r = await call(merchant, 'GET', '/v1/audiences/tags');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ catalogVersion: 1, build: 0, builtAt: null, users: 0 });
    expect(r.body.groups.map((g: { key: string }) => g.key)).toContain('rfm');
  });

  test('rebuild is for operators; then the catalog has labels and counts', async () => {
    expect((await call(merchant, 'POST', '/v1/audiences/rebuild')).status).toBe(403);
    const r = await call(t.keys.operator!, 'POST', '/v1/audiences/rebuild');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ build: expect.any(Number), users: 2, tags: expect.any(Number) });
    const c = await call(merchant, 'GET', '/v1/audiences/tags');
    expect(c.body).toMatchObject({ build: r.body.build, users: 2 });
    const group = (k: string) => c.body.groups.find((g: { key: string }) => g.key === k);
    expect(group('affinity')).toMatchObject({
      dimension: true,
      values: [{ key: 'affinity:c1', value: 'c1', label: 'Food', labelZh: '食品', users: 1 }], // u2's one view (weeks ago) decays below the floor
    });
    expect(group('gender').values).toEqual([
      { key: 'gender:f', value: 'f', label: 'Female', labelZh: '女', users: 1 },
      { key: 'gender:m', value: 'm', label: 'Male', labelZh: '男', users: 0 },
    ]);
    expect(group('brand')).toMatchObject({
      dimension: false,
      values: [{ key: 'brand:b1', label: 'Acorn', users: 1 }],
    });
    expect(group('region').values).toEqual([
      { key: 'region:Zhejiang', value: 'Zhejiang', label: 'Zhejiang', labelZh: 'Zhejiang', users: 1 },
    ]);
    expect(c.body.groups.filter((g: { dimension: boolean }) => g.dimension)).toHaveLength(10);
  });

  test('status is for operators', async () => {
    expect((await call(merchant, 'GET', '/v1/audiences/status')).status).toBe(403);
    expect((await call(null, 'GET', '/v1/audiences/status')).status).toBe(401);
    const r = await call(t.keys.operator!, 'GET', '/v1/audiences/status');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      build: expect.any(Number),
      builtAt: expect.any(String),
      asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      users: 2,
      tags: expect.any(Number),
      lastBuildMs: expect.any(Number),
      profiles: 2,
    });
  });
});

describe('settings', () => {
  test('anyone signed in reads; operators write within 10..10000', async () => {
    expect((await call(null, 'GET', '/v1/audiences/settings')).status).toBe(401);
    expect((await call(merchant, 'GET', '/v1/audiences/settings')).body).toEqual({ minCell: 50 });
    const denied = await call(merchant, 'PUT', '/v1/audiences/settings', { minCell: 100 });
    expect(denied.status).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
    for (const bad of [
      { minCell: 5 },
      { minCell: 10_001 },
      { minCell: 'x' },
      {},
      { minCell: 20, extra: 1 },
    ]) {
      const r = await call(t.keys.operator!, 'PUT', '/v1/audiences/settings', bad);
      expect(r.status, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.errors?.[0]?.field ?? r.body.issues?.[0]?.field).toBeDefined();
    }
    const ok = await call(t.keys.operator!, 'PUT', '/v1/audiences/settings', { minCell: 100 });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ minCell: 100 });
    expect((await call(merchant, 'GET', '/v1/audiences/settings')).body).toEqual({ minCell: 100 });
  });
});

describe('rebuild with profiles', () => {
  test('profiles=true rebuilds every profile from the tables, for data loaded without the hooks', async () => {
    // A consumer registered through catalog ingestion, which no profile hook follows.
    const added = await post('/v1/catalog/consumers', {
      records: [{ id: 'u9', gender: 'm', registeredAt: '2026-01-05T00:00:00.000Z' }],
    });
    expect(added.status).toBe(200);
    const before = await call(t.keys.operator!, 'POST', '/v1/audiences/rebuild');
    expect(before.body.users).toBe(2); // only the consumers the hook and the order subscription saw
    const consumers = await t.ctx.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM consumers');
    const n = consumers.rows[0]!.n;
    expect(n).toBeGreaterThan(2);
    expect((await call(merchant, 'POST', '/v1/audiences/rebuild?profiles=true')).status).toBe(403);
    const r = await call(t.keys.operator!, 'POST', '/v1/audiences/rebuild?profiles=true');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ users: n, profiles: { users: n, ms: expect.any(Number) } });
    expect((await call(t.keys.operator!, 'POST', '/v1/audiences/rebuild?profiles=nope')).status).toBe(400);
  });
});
