import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';

let t: TestApp;
const post = (url: string, payload: unknown) =>
  t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never });

beforeAll(async () => {
  t = await testApp();
  await loadCatalog(post);
});
afterAll(() => t?.close());

describe('POST /v1/live-sessions', () => {
  test('sessions are upserted by id through their lifecycle; the merchant comes from the store', async () => {
    const s = { id: 'ls1', storeId: 's1', hostType: 'self', scheduledAt: at(0) };
    expect((await post('/v1/live-sessions', { records: [s] })).body).toMatchObject({ created: 1 });
    const live = { ...s, startedAt: at(5) };
    expect((await post('/v1/live-sessions', { records: [live] })).body).toMatchObject({ updated: 1 });
    expect((await post('/v1/live-sessions', { records: [live] })).body).toMatchObject({ unchanged: 1 });
    const ended = { ...live, endedAt: at(125) };
    expect((await post('/v1/live-sessions', { records: [ended] })).body).toMatchObject({ updated: 1 });
    const row = (
      await sql<{
        merchant_id: string;
        ended_at: Date;
      }>`SELECT merchant_id, ended_at FROM live_sessions WHERE id = 'ls1'`.execute(t.ctx.db.kysely)
    ).rows[0]!;
    const store = (
      await sql<{ merchant_id: string }>`SELECT merchant_id FROM stores WHERE id = 's1'`.execute(
        t.ctx.db.kysely,
      )
    ).rows[0]!;
    expect(row.merchant_id).toBe(store.merchant_id);
    expect(new Date(row.ended_at).toISOString()).toBe(at(125));
  });

  test('inconsistent sessions are refused with the field named, and nothing of the batch is written', async () => {
    const r = await post('/v1/live-sessions', {
      records: [
        { id: 'ok1', storeId: 's1', hostType: 'self', startedAt: at(0) },
        { id: 'bad1', storeId: 's1', hostType: 'self', startedAt: at(10), endedAt: at(5) },
        { id: 'bad2', storeId: 's1', hostType: 'agency', creatorId: 'cr1', startedAt: at(0) },
        { id: 'bad3', storeId: 'nope', hostType: 'self', startedAt: at(0) },
        { id: 'bad4', storeId: 's1', hostType: 'creator', startedAt: at(0) },
      ],
    });
    expect(r.status).toBe(422);
    const fields = r.body.errors.map((e: { index: number; field: string }) => [e.index, e.field]);
    expect(fields).toEqual([
      [1, 'endedAt'],
      [2, 'agencyId'],
      [4, 'creatorId'],
    ]);
    const n = (
      await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM live_sessions WHERE id = 'ok1'`.execute(
        t.ctx.db.kysely,
      )
    ).rows[0]!;
    expect(n.n).toBe(0);
    const partial = await t.req(t.keys.integration!, {
      method: 'POST',
      url: '/v1/live-sessions?atomic=false',
      payload: {
        records: [
          { id: 'ok2', storeId: 's1', hostType: 'self', startedAt: at(0) },
          { id: 'bad5', storeId: 'nope', hostType: 'self' },
        ],
      },
    });
    expect(partial.body).toMatchObject({
      created: 1,
      rejected: [{ index: 1, errors: [{ field: 'storeId' }] }],
    });
  });
});
