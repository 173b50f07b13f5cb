import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';

/** The host pickers of the schedule form: creators by followers, agencies with the creators contracted today. */
let t: TestApp;
const post = (url: string, payload: unknown) =>
  t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never });
const get = (url: string, token = t.keys.operator!) => t.req(token, { method: 'GET', url });

beforeAll(async () => {
  t = await testApp();
  await loadCatalog(post);
  const creators = await post('/v1/catalog/creators', {
    records: [
      { id: 'cr2', name: 'Big Star', followers: 900_000, categories: ['c1'], joinedAt: '2026-03-01' },
      { id: 'cr3', name: 'Small Fry', followers: 800, categories: [], joinedAt: '2026-03-01' },
    ],
  });
  expect(creators.status).toBe(200);
  const agencies = await post('/v1/catalog/agencies', {
    records: [
      {
        id: 'ag1',
        name: 'Star MCN',
        contracts: [
          { creatorId: 'cr2', splitBp: 3000, startsOn: '2026-01-01' },
          // Ended: cr3 is no longer with the agency.
          { creatorId: 'cr3', splitBp: 3000, startsOn: '2026-01-01', endsOn: '2026-02-01' },
        ],
      },
      { id: 'ag2', name: 'Empty MCN' },
    ],
  });
  expect(agencies.status).toBe(200);
}, 60_000);
afterAll(() => t?.close());

describe('GET /v1/live/hosts', () => {
  test('creators by followers, agencies with their creators under contract today', async () => {
    const r = await get('/v1/live/hosts');
    expect(r.status).toBe(200);
    expect(r.body.creators).toEqual([
      { id: 'cr2', name: 'Big Star', followers: 900_000 },
      { id: 'cr1', name: 'Lily Eats', followers: 120_000 },
      { id: 'cr3', name: 'Small Fry', followers: 800 },
    ]);
    expect(r.body.agencies).toEqual([
      { id: 'ag2', name: 'Empty MCN', creators: [] },
      { id: 'ag1', name: 'Star MCN', creators: [{ id: 'cr2', name: 'Big Star' }] },
    ]);
  });

  test('q matches a creator by name or id; limit bounds the list', async () => {
    expect((await get('/v1/live/hosts?q=lily')).body.creators.map((c: { id: string }) => c.id)).toEqual([
      'cr1',
    ]);
    expect((await get('/v1/live/hosts?q=CR3')).body.creators.map((c: { id: string }) => c.id)).toEqual([
      'cr3',
    ]);
    expect((await get('/v1/live/hosts?limit=1')).body.creators).toHaveLength(1);
    expect((await get('/v1/live/hosts?limit=0')).status).toBe(400);
  });

  test('merchants may ask; creators may not', async () => {
    expect((await get('/v1/live/hosts', await t.key('merchant', 'm1'))).status).toBe(200);
    expect((await get('/v1/live/hosts', await t.key('creator', 'cr1'))).status).toBe(403);
  });
});
