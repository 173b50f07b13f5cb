import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, loadCatalog, paidOrder } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { METRICS } from './domain/metrics.ts';
import { productFigures, rollUpProductEvents } from './metrics.repo.ts';
import { windowOf } from './recompute.service.ts';

let t: TestApp;
const keys: Record<string, string> = {};
const post = (url: string, payload: unknown) =>
  t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never });
const get = (who: string, url: string) => t.req(keys[who] ?? t.keys[who]!, { method: 'GET', url });
const send = (who: string, method: 'POST' | 'PUT', url: string, payload: unknown) =>
  t.req(keys[who] ?? t.keys[who]!, { method, url, payload: payload as never });

/** A delivered order of s1 or s2; every third one of s1 comes through creator cr1. */
function order(i: number, storeId: 's1' | 's2') {
  const base = paidOrder(`${storeId}-o${i}`);
  const s2 = storeId === 's2';
  return {
    ...base,
    storeId,
    consumerId: i % 2 ? 'u1' : 'u2',
    status: 'delivered',
    source: i % 3 === 0 && !s2 ? { scene: 'video', channel: 'creator', creatorId: 'cr1' } : base.source,
    ...(s2
      ? {
          lines: [{ lineNo: 1, skuId: 'k2', quantity: 1, unitPrice: 5990, discount: 0 }],
          itemsAmount: 5990,
          discountAmount: 0,
          payAmount: 5990,
          payments: [{ id: `${storeId}-o${i}-pay`, kind: 'full', amount: 5990, paidAt: at(5) }],
        }
      : {}),
    shippedAt: at(s2 ? 3000 : 300),
    collectedAt: at(s2 ? 3100 : 400),
    deliveredAt: at(s2 ? 6000 : 2000),
    shipment: { carrier: 'SF', trackingNo: `SF${storeId}${i}` },
  };
}

beforeAll(async () => {
  t = await testApp();
  await loadCatalog(post);
  const orders = [
    ...Array.from({ length: 12 }, (_, i) => order(i, 's1')),
    ...Array.from({ length: 6 }, (_, i) => order(i, 's2')),
  ];
  const r = await post('/v1/orders', { records: orders });
  expect(r.status).toBe(200);
  const reviews = orders.map((o, i) => ({
    id: `rv-${o.id}`,
    orderId: o.id,
    lineNo: 1,
    productRating: o.storeId === 's1' ? 5 : 2,
    logisticsRating: o.storeId === 's1' ? 5 : 1,
    serviceRating: o.storeId === 's1' ? 5 : 3,
    createdAt: at(2500 + (o.storeId === 's2' ? 4000 : 0) + i),
  }));
  expect((await post('/v1/reviews', { records: reviews })).status).toBe(200);
  const as = await post('/v1/after-sales', {
    records: [
      {
        id: 'as1',
        orderId: 's2-o1',
        lineNo: 1,
        type: 'return',
        reasonCode: 'damaged',
        amount: 5990,
        status: 'rejected',
        requestedAt: at(6100),
        resolvedAt: at(6200),
        platformIntervened: true,
      },
    ],
  });
  expect(as.status).toBe(200);
  const cs = await post('/v1/service-sessions', {
    records: [
      { id: 'cs1', storeId: 's1', consumerId: 'u1', startedAt: at(100), firstResponseSeconds: 12 },
      { id: 'cs2', storeId: 's2', consumerId: 'u2', startedAt: at(100), firstResponseSeconds: 900 },
    ],
  });
  expect(cs.status).toBe(200);
  keys.m1 = await t.key('merchant', 'm1');
  keys.m2 = await t.key('merchant', 'm2');
  keys.cr1 = await t.key('creator', 'cr1');
  keys.cr2 = await t.key('creator', 'cr2');
});
afterAll(() => t.close());

describe('recompute and read', () => {
  test('nothing to read before the first run', async () => {
    expect((await get('operator', '/v1/scores/stores/s1')).status).toBe(404);
    expect((await get('operator', '/v1/scores/stores')).body).toMatchObject({ day: null, total: 0 });
  });

  test('operators recompute a day; every store, product and creator gets a snapshot', async () => {
    const r = await send('operator', 'POST', '/v1/scoring/recompute', { day: '2026-11-05' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      day: '2026-11-05',
      configVersion: 1,
      counts: { store: 2, product: 2, creator: 1 },
    });
    expect(r.body.timings['store.aggregate']).toBeGreaterThanOrEqual(0);
  });

  test('the better store scores higher, with an explanation of every metric and advice for the weaker one', async () => {
    const s1 = (await get('operator', '/v1/scores/stores/s1')).body;
    const s2 = (await get('operator', '/v1/scores/stores/s2')).body;
    expect(s1.score).toBeGreaterThan(s2.score);
    expect(s1.scale).toEqual({ min: 3, max: 5 });
    expect(s1).toMatchObject({ groupId: 'c1', groupName: 'Food', groupNameZh: '食品' });
    expect(s1.explanation.metrics.map((m: { id: string }) => m.id)).toEqual(METRICS.store.map((d) => d.id));
    // 12 orders < minimum volume 30: shown, but provisional and neutral for traffic.
    expect(s1).toMatchObject({
      grade: 'N',
      provisional: true,
      volume: 12,
      linkage: { trafficMultiplier: 1, campaignEligible: false },
    });
    const rating = s2.explanation.metrics.find((m: { id: string }) => m.id === 'product_rating');
    expect(rating.value).toBeLessThan(
      s1.explanation.metrics.find((m: { id: string }) => m.id === 'product_rating').value,
    );
    expect(rating.percentile).toBe(0.5); // s2 has no main category: alone in its peer group
    const response = s2.explanation.metrics.find((m: { id: string }) => m.id === 'first_response_seconds');
    expect(response.value).toBeGreaterThan(60);
    expect(s2.explanation.advice.length).toBeGreaterThan(0);
    expect(s2.explanation.advice[0]).toMatchObject({
      code: expect.stringMatching(/^improve_/),
      gain: expect.any(Number),
    });
  });

  test('history grows by day, and recomputing a day replaces it', async () => {
    await send('operator', 'POST', '/v1/scoring/recompute', { day: '2026-11-06', kinds: ['store'] });
    await send('operator', 'POST', '/v1/scoring/recompute', { day: '2026-11-06', kinds: ['store'] });
    const h = await get('m1', '/v1/scores/stores/s1/history?days=10');
    expect(h.status).toBe(200);
    expect(h.body.items.map((x: { day: string }) => x.day)).toEqual(['2026-11-05', '2026-11-06']);
    // Products were not recomputed on the 6th: they still read the 5th.
    expect((await get('operator', '/v1/scores/products/p1')).body.day).toBe('2026-11-05');
    expect((await get('operator', '/v1/scores/stores/s1')).body.day).toBe('2026-11-06');
  });

  test('distribution and thresholds for operators', async () => {
    const d = await get('operator', '/v1/scoring/distribution/stores');
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ kind: 'store', total: 2, provisional: 2 });
    expect(d.body.bins).toHaveLength(20);
    expect(d.body.thresholds.map((x: { id: string }) => x.id)).toEqual([
      'campaignMinStoreScore',
      'subsidyMinStoreScore',
    ]);
    expect((await get('m1', '/v1/scoring/distribution/stores')).status).toBe(403);
  });
});

describe('scope', () => {
  test('a merchant reads its own store, never another merchant’s', async () => {
    expect((await get('m1', '/v1/scores/stores/s1')).status).toBe(200);
    expect((await get('m2', '/v1/scores/stores/s1')).status).toBe(403);
    expect((await get('m2', '/v1/scores/stores/s1/history')).status).toBe(403);
    const list = await get('m2', '/v1/scores/stores');
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual(['s2']);
    expect(list.body.scale).toEqual({ min: 3, max: 5 });
    expect((await get('m2', '/v1/scores/stores?merchantId=m1')).status).toBe(403);
  });
  test('a creator reads its own score and product scores, not store scores or other creators', async () => {
    expect((await get('cr1', '/v1/scores/creators/cr1')).status).toBe(200);
    expect((await get('cr2', '/v1/scores/creators/cr1')).status).toBe(403);
    expect((await get('cr1', '/v1/scores/stores/s1')).status).toBe(403);
    expect((await get('cr1', '/v1/scores/stores')).status).toBe(403);
    const p1 = await get('cr1', '/v1/scores/products/p1');
    expect(p1.status).toBe(200);
    // Relative metrics rank a figure among peers: the figure's unit comes with it.
    expect(p1.body.explanation.metrics.find((m: { id: string }) => m.id === 'sales_velocity')).toMatchObject({
      unit: 'percentile',
      baseUnit: 'units_per_day',
    });
    // Merchants see creators' word of mouth (they choose whom to send samples).
    expect((await get('m1', '/v1/scores/creators/cr1')).status).toBe(200);
  });
  test('only operators recompute or configure', async () => {
    expect((await send('m1', 'POST', '/v1/scoring/recompute', {})).status).toBe(403);
    expect((await send('m1', 'PUT', '/v1/scoring/config', { baseVersion: 1, config: {} })).status).toBe(400);
    const cfg = (await get('m1', '/v1/scoring/config')).body;
    expect(
      (await send('m1', 'PUT', '/v1/scoring/config', { baseVersion: cfg.version, config: cfg.config }))
        .status,
    ).toBe(403);
  });
});

describe('configuration', () => {
  test('versions: mistakes are 422 by field, stale edits 409, and a saved version drives the next run', async () => {
    const cur = (await get('operator', '/v1/scoring/config')).body;
    expect(cur.version).toBe(1);
    expect(cur.config.store.grades.at(-1)).toEqual({ grade: 'D', min: null });
    const bad = structuredClone(cur.config);
    bad.store.metrics.delivery_hours.target = 200; // lower is better: a target above the floor is a mistake
    const r = await send('operator', 'PUT', '/v1/scoring/config', { baseVersion: 1, config: bad });
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body.errors[0]).toMatchObject({
      field: 'store.metrics.delivery_hours.target',
      code: 'floor_target_direction',
    });

    const lenient = structuredClone(cur.config);
    lenient.store.minVolume = 5;
    const ok = await send('operator', 'PUT', '/v1/scoring/config', {
      baseVersion: 1,
      config: lenient,
      note: 'small test market',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, note: 'small test market' });
    const stale = await send('operator', 'PUT', '/v1/scoring/config', { baseVersion: 1, config: lenient });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0]).toMatchObject({ code: 'stale_version', params: { base: 1, current: 2 } });

    await send('operator', 'POST', '/v1/scoring/recompute', { day: '2026-11-07', kinds: ['store'] });
    const s1 = (await get('operator', '/v1/scores/stores/s1')).body;
    expect(s1).toMatchObject({ day: '2026-11-07', configVersion: 2, provisional: false });
    expect(s1.grade).not.toBe('N');
    expect(
      (await get('operator', '/v1/scoring/config/history')).body.items.map(
        (v: { version: number }) => v.version,
      ),
    ).toEqual([2, 1]);
  });

  test('bad requests are 4xx problems', async () => {
    expect((await get('operator', '/v1/scores/shops/s1')).status).toBe(400);
    const future = await send('operator', 'POST', '/v1/scoring/recompute', { day: '2099-01-01' });
    expect(future.status).toBe(422);
    expect((await send('operator', 'POST', '/v1/scoring/recompute', { day: '2026-13-01x' })).status).toBe(
      400,
    );
  });
});

describe('violations', () => {
  const v = { id: 'v1', storeId: 's2', points: 6, reason: 'fake shipment', occurredAt: at(3000) };
  test('recorded once by id; count against the store’s stability', async () => {
    const a = await send('operator', 'POST', '/v1/scoring/violations', v);
    expect(a.status).toBe(200);
    expect((await send('operator', 'POST', '/v1/scoring/violations', v)).body).toEqual(a.body);
    expect((await send('operator', 'POST', '/v1/scoring/violations', { ...v, points: 7 })).status).toBe(409);
    expect(
      (await send('operator', 'POST', '/v1/scoring/violations', { ...v, id: 'v2', storeId: 'nope' })).status,
    ).toBe(422);
    expect((await send('m2', 'POST', '/v1/scoring/violations', { ...v, id: 'v3' })).status).toBe(403);
    expect((await get('m1', '/v1/scoring/violations?storeId=s2')).status).toBe(403);
    expect((await get('m2', '/v1/scoring/violations?storeId=s2')).body.items).toHaveLength(1);
    await send('operator', 'POST', '/v1/scoring/recompute', { day: '2026-11-07', kinds: ['store'] });
    const s2 = (await get('operator', '/v1/scores/stores/s2')).body;
    expect(s2.explanation.metrics.find((m: { id: string }) => m.id === 'violation_points').value).toBe(6);
  });
});

describe('event rollups', () => {
  const ev = (id: string, type: string, minutes: number) => ({
    id,
    type,
    occurredAt: at(minutes),
    userId: 'u1',
    productId: 'p1',
    storeId: 's1',
    scene: 'feed',
  });
  test('days are rolled up once, recent days again when their events changed, and click-through reads the rollups', async () => {
    const db = t.ctx.db.kysely;
    const w = windowOf('2026-11-05', 30, t.ctx.cfg.timeZone);
    const events = [
      ...Array.from({ length: 40 }, (_, i) => ev(`x${i}`, 'exposure', 60 + i)),
      ...Array.from({ length: 4 }, (_, i) => ev(`c${i}`, 'click', 200 + i)),
    ];
    expect((await post('/v1/events', { records: events })).status).toBe(200);
    // 2026-11-01 was rolled up by the first recompute; only a refresh of recent days sees the new events, and
    // among those only the day whose events changed is rolled again.
    expect(await rollUpProductEvents(db, w, '2026-12-01')).toEqual([]);
    expect(await rollUpProductEvents(db, w, '2026-11-01')).toEqual(['2026-11-01']);
    expect(await rollUpProductEvents(db, w, '2026-11-01')).toEqual([]);
    const rows = await productFigures(db, w);
    const p1 = rows.find((r) => r.id === 'p1')!;
    expect([Number(p1.click_through_a), Number(p1.click_through_b)]).toEqual([4, 40]);
  });
});
