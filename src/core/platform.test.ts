import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../test/harness.ts';
import { ConfigError, loadConfig } from './config.ts';
import { listMigrations } from './migrate.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

test('health, metrics and OpenAPI are served', async () => {
  expect((await t.req(null, { method: 'GET', url: '/health' })).body.status).toBe('ok');
  await t.req(t.keys.integration!, { method: 'POST', url: '/v1/events', payload: { records: [] } });
  const m = await t.req(null, { method: 'GET', url: '/metrics' });
  expect(m.status).toBe(200);
  expect(m.body).toContain('tributary_http_request_duration_seconds_bucket');
  const spec = await t.req(null, { method: 'GET', url: '/openapi.json' });
  expect(spec.body.openapi).toBe('3.1.0');
  expect(Object.keys(spec.body.paths)).toEqual(
    expect.arrayContaining([
      '/v1/events',
      '/v1/orders',
      '/v1/catalog/products',
      '/v1/merchants/{merchantId}/overview',
    ]),
  );
  expect((await t.req(null, { method: 'GET', url: '/docs' })).status).toBeLessThan(400);
});

test('migrations are numbered uniquely and applied once', async () => {
  const ids = listMigrations().map((m) => m.id);
  expect(ids[0]).toBe('0001_core');
  const applied = await t.ctx.db.kysely.selectFrom('schema_migrations').select('id').execute();
  expect(applied.map((a) => a.id)).toEqual(ids);
});

test('configuration is validated with a clear message', () => {
  expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
  expect(() => loadConfig({ TRIBUTARY_TIMEZONE: 'Mars/Base' })).toThrow(/time zone/);
  expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
  expect(loadConfig({}).port).toBe(8080);
});
