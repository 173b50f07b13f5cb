import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';

let t: TestApp;
const get = (token: string | null, url: string) => t.req(token, { method: 'GET', url });

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
});
afterAll(() => t.close());

describe('GET /v1/categories', () => {
  test('every signed-in role reads the categories: id, name, nameZh, level, parentId', async () => {
    for (const token of [
      t.keys.operator!,
      t.keys.integration!,
      await t.key('merchant', 'm1'),
      await t.key('creator', 'cr1'),
      await t.key('agency', 'ag1'),
      await t.key('promoter', 'pr1'),
    ]) {
      const r = await get(token, '/v1/categories');
      expect(r.status).toBe(200);
      expect(r.body.items).toEqual([
        { id: 'c1', name: 'Food', nameZh: '食品', level: 1, parentId: null },
        { id: 'c11', name: 'Snacks', nameZh: '零食', level: 2, parentId: 'c1' },
        { id: 'c111', name: 'Nuts', nameZh: '坚果', level: 3, parentId: 'c11' },
      ]);
    }
  });

  test('filters by level and by parent', async () => {
    const op = t.keys.operator!;
    expect((await get(op, '/v1/categories?level=2')).body.items.map((c: { id: string }) => c.id)).toEqual([
      'c11',
    ]);
    expect(
      (await get(op, '/v1/categories?parentId=c11')).body.items.map((c: { id: string }) => c.id),
    ).toEqual(['c111']);
    expect((await get(op, '/v1/categories?level=1&parentId=c1')).body.items).toEqual([]);
    expect((await get(op, '/v1/categories?parentId=nope')).body.items).toEqual([]);
  });

  test('bad input is a 400 problem+json; no credentials is 401', async () => {
    for (const q of ['level=0', 'level=4', 'level=x', 'parentId=', 'other=1']) {
      const r = await get(t.keys.operator!, `/v1/categories?${q}`);
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get(null, '/v1/categories')).status).toBe(401);
  });
});
