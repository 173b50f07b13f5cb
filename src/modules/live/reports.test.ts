import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, loadCatalog, paidOrder } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';

/**
 * Penetration (开播率), live GMV share and rooms on a small fixture: four merchants (two self-run, two POP),
 * sessions inside and outside the range, live and other orders. Expected figures are counted by hand below.
 */
let t: TestApp;
const post = (url: string, payload: unknown) =>
  t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never });
const get = (url: string, token = t.keys.operator!) => t.req(token, { method: 'GET', url });
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

beforeAll(async () => {
  t = await testApp();
  await loadCatalog(post);
  // m1 (pop, s1 in c1), m2 (self, s2 without a main category) come with the fixture.
  expect(
    (
      await post('/v1/catalog/merchants', {
        records: [
          { id: 'm3', name: 'Pine Snacks', type: 'pop', onboardedAt: '2026-03-01' },
          { id: 'm4', name: 'JD Self Nuts', type: 'self', onboardedAt: '2026-03-01' },
          { id: 'm5', name: 'Too New', type: 'pop', onboardedAt: '2026-12-31' },
        ],
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await post('/v1/catalog/stores', {
        records: [
          { id: 's3', merchantId: 'm3', name: 'Pine Snacks', mainCategoryId: 'c111', openedAt: '2026-03-02' },
          { id: 's4', merchantId: 'm4', name: 'JD Nuts', mainCategoryId: 'c1', openedAt: '2026-03-02' },
        ],
      })
    ).status,
  ).toBe(200);
  const sessions = await post('/v1/live-sessions', {
    records: [
      // In range (2026-11-01 .. 2026-11-02, Shanghai days): m1 self-streams, m2 hosts a creator.
      { id: 'ls-a', storeId: 's1', hostType: 'self', startedAt: at(0), endedAt: at(120) },
      {
        id: 'ls-b',
        storeId: 's2',
        hostType: 'creator',
        creatorId: 'cr1',
        startedAt: at(60),
        endedAt: at(180),
      },
      { id: 'ls-c', storeId: 's1', hostType: 'self', startedAt: at(24 * 60), endedAt: at(24 * 60 + 60) },
      // Before the range: m4 streamed in October only.
      {
        id: 'ls-old',
        storeId: 's4',
        hostType: 'self',
        startedAt: '2026-10-20T12:00:00Z',
        endedAt: '2026-10-20T14:00:00Z',
      },
      // Scheduled, never started: does not count.
      { id: 'ls-plan', storeId: 's3', hostType: 'self', scheduledAt: at(30) },
    ],
  });
  expect(sessions.status).toBe(200);
  const o = await post('/v1/orders', {
    records: [
      paidOrder('o-live', { source: { scene: 'live', channel: 'self_live', liveSessionId: 'ls-a' } }),
      paidOrder('o-plain'),
    ],
  });
  expect(o.status).toBe(200);
}, 60_000);
afterAll(() => t?.close());

describe('penetration', () => {
  test('by merchant type: merchants with a session started in the range, against the targets', async () => {
    const r = await get('/v1/live/penetration?from=2026-11-01&to=2026-11-02');
    expect(r.status).toBe(200);
    // self: m2 (streamed), m4 (not in range) → 1/2; pop: m1 (streamed), m3 (only scheduled) → 1/2; m5 onboarded later.
    expect(r.body.byType).toEqual([
      { merchantType: 'self', merchants: 2, streaming: 1, rateBp: 5000, targetBp: 10000 },
      { merchantType: 'pop', merchants: 2, streaming: 1, rateBp: 5000, targetBp: 6000 },
    ]);
    // By the level-1 category of the store's main category (s2 has none): Food has m1, m3 (pop) and m4 (self).
    expect(r.body.byCategory).toEqual([
      {
        categoryId: 'c1',
        categoryName: 'Food',
        categoryNameZh: '食品',
        merchantType: 'pop',
        merchants: 2,
        streaming: 1,
        rateBp: 5000,
      },
      {
        categoryId: 'c1',
        categoryName: 'Food',
        categoryNameZh: '食品',
        merchantType: 'self',
        merchants: 1,
        streaming: 0,
        rateBp: 0,
      },
    ]);
    // Two paid orders of 7,480 on 2026-11-01, one from ls-a (self-streamed).
    expect(r.body.liveGmv).toEqual({
      gmv: 14960,
      liveGmv: 7480,
      shareBp: 5000,
      byHostType: [
        { hostType: 'self', gmv: 7480, shareBp: 5000 },
        { hostType: 'agency', gmv: 0, shareBp: 0 },
        { hostType: 'creator', gmv: 0, shareBp: 0 },
      ],
    });
    expect(r.body.daily).toEqual([
      { day: '2026-11-01', streamingMerchants: 2, liveGmv: 7480, gmv: 14960 },
      { day: '2026-11-02', streamingMerchants: 1, liveGmv: 0, gmv: 0 },
    ]);
  });

  test('the operator edits the targets; only operators see penetration', async () => {
    expect((await get('/v1/live/settings')).body.targets).toEqual({ self: 10000, pop: 6000 });
    const put = await t.req(t.keys.operator!, {
      method: 'PUT',
      url: '/v1/live/settings',
      payload: { targets: { self: 9000, pop: 7000 } },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ targets: { self: 9000, pop: 7000 }, version: 1 });
    const r = await get('/v1/live/penetration?from=2026-11-01&to=2026-11-02');
    expect(r.body.byType.map((x: { targetBp: number }) => x.targetBp)).toEqual([9000, 7000]);
    const bad = await t.req(t.keys.operator!, {
      method: 'PUT',
      url: '/v1/live/settings',
      payload: { targets: { self: 10001, pop: 0 } },
    });
    expect(bad.status).toBe(400);
    const m1 = await t.key('merchant', 'm1');
    expect((await get('/v1/live/penetration', m1)).status).toBe(403);
    expect((await get('/v1/live/settings', m1)).status).toBe(403);
  });
});

describe('rooms', () => {
  test("a merchant's rooms: live now, last and next session, host types and 30-day live GMV", async () => {
    expect(
      (
        await post('/v1/live-sessions', {
          records: [
            { id: 'ls-now', storeId: 's1', hostType: 'self', startedAt: hoursAgo(1) },
            {
              id: 'ls-next',
              storeId: 's1',
              hostType: 'self',
              scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
            },
          ],
        })
      ).status,
    ).toBe(200);
    const paid = hoursAgo(0.5);
    expect(
      (
        await post('/v1/orders', {
          records: [
            paidOrder('o-now', {
              source: { scene: 'live', channel: 'self_live', liveSessionId: 'ls-now' },
              createdAt: hoursAgo(0.6),
              paidAt: paid,
              payments: [{ id: 'o-now-pay', kind: 'full', amount: 7480, paidAt: paid }],
            }),
          ],
        })
      ).status,
    ).toBe(200);
    const m1 = await t.key('merchant', 'm1');
    const r = await get('/v1/live/rooms', m1);
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      {
        storeId: 's1',
        storeName: 'Hill Foods Flagship',
        sessions: 4,
        liveNow: 'ls-now',
        lastEndedAt: at(24 * 60 + 60),
        nextScheduledAt: expect.any(String),
        gmv30d: 7480,
        hostTypes: { self: 4, agency: 0, creator: 0 },
      },
    ]);
    expect((await get('/v1/live/rooms')).status).toBe(422); // the operator names the merchant
  });
});
