import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { recomputeSession, recomputeSessions } from './aggregates.service.ts';

/**
 * Live metrics on a small hand-built session: every figure is computed here from the events and orders sent
 * (plain loops, no shared code), then compared with the API, through a duplicate batch, late events in minutes
 * already counted, and against a from-scratch recompute.
 */
let t: TestApp;
const S = 'ls-m';
const T = Date.parse('2026-11-01T12:00:00.000Z');
const at = (min: number, sec = 0) => new Date(T + min * 60_000 + sec * 1000).toISOString();
const post = (url: string, payload: unknown, token = t.keys.integration!) =>
  t.req(token, { method: 'POST', url, payload: payload as never });
const metrics = async () => {
  const r = await t.req(t.keys.operator!, { method: 'GET', url: `/v1/live/sessions/${S}/metrics` });
  expect(r.status).toBe(200);
  return r.body;
};

interface Ev {
  id: string;
  type: 'live_enter' | 'live_leave' | 'click' | 'follow' | 'view';
  occurredAt: string;
  userId: string;
  productId?: string;
  durationMs?: number;
  room?: boolean;
}
const ev = (id: string, type: Ev['type'], occurredAt: string, userId: string, o: Partial<Ev> = {}): Ev => ({
  id,
  type,
  occurredAt,
  userId,
  ...o,
});
const record = (e: Ev) => ({
  id: e.id,
  type: e.type,
  occurredAt: e.occurredAt,
  userId: e.userId,
  scene: e.room === false ? 'feed' : 'live',
  storeId: 's1',
  ...(e.room === false ? {} : { liveSessionId: S, channel: 'self_live' }),
  ...(e.productId ? { productId: e.productId } : {}),
  ...(e.durationMs !== undefined ? { durationMs: e.durationMs } : {}),
});

const batch1: Ev[] = [
  ev('e1', 'live_enter', at(0, 10), 'u1'),
  ev('e2', 'live_enter', at(0, 40), 'u2'),
  ev('e3', 'live_enter', at(1, 5), 'u3'),
  ev('e4', 'click', at(1, 20), 'u1', { productId: 'p1' }),
  ev('e5', 'live_leave', at(2, 10), 'u1', { durationMs: 120_000 }),
  ev('e6', 'click', at(2, 50), 'u2', { productId: 'p1' }),
  ev('e7', 'live_enter', at(3, 0), 'u1'),
  ev('e8', 'click', at(3, 10), 'u3', { productId: 'p3' }),
  ev('e9', 'live_leave', at(3, 30), 'u2', { durationMs: 170_000 }),
  ev('e10', 'follow', at(3, 40), 'u3'),
  ev('e11', 'click', at(3, 45), 'u1', { productId: 'p2' }), // a product not listed: still a product click
  ev('e12', 'view', at(3, 50), 'u1', { productId: 'p1' }), // not a click
  ev('e13', 'click', at(2, 0), 'u5', { productId: 'p1', room: false }), // outside the room
];
// Arrive after the first batch, in minutes already counted.
const late: Ev[] = [
  ev('e20', 'live_enter', at(1, 30), 'u4'),
  ev('e21', 'click', at(1, 45), 'u4', { productId: 'p1' }),
  ev('e22', 'live_leave', at(4, 10), 'u4', { durationMs: 160_000 }),
  ev('e23', 'live_enter', at(4, 20), 'u2'),
];

interface Ord {
  id: string;
  consumerId: string;
  createdMin: number;
  lines: { skuId: string; productId: string; quantity: number; unitPrice: number }[];
  status: 'paid' | 'cancelled' | 'created';
}
const orders: Ord[] = [
  {
    id: 'lo1',
    consumerId: 'u1',
    createdMin: 1.5,
    status: 'paid',
    lines: [{ skuId: 'k1', productId: 'p1', quantity: 1, unitPrice: 3990 }],
  },
  {
    id: 'lo2',
    consumerId: 'u3',
    createdMin: 3.25,
    status: 'paid',
    lines: [
      { skuId: 'k4', productId: 'p3', quantity: 2, unitPrice: 1500 },
      { skuId: 'k1', productId: 'p1', quantity: 1, unitPrice: 3990 },
    ],
  },
  {
    id: 'lo3',
    consumerId: 'u1',
    createdMin: 2.5,
    status: 'paid',
    lines: [{ skuId: 'k1', productId: 'p1', quantity: 3, unitPrice: 3990 }],
  },
  {
    id: 'lo4',
    consumerId: 'u2',
    createdMin: 2.2,
    status: 'cancelled',
    lines: [{ skuId: 'k1', productId: 'p1', quantity: 1, unitPrice: 3990 }],
  },
  {
    id: 'lo5',
    consumerId: 'u4',
    createdMin: 1.7,
    status: 'created',
    lines: [{ skuId: 'k4', productId: 'p3', quantity: 1, unitPrice: 1500 }],
  },
];
const orderRecord = (o: Ord) => {
  const amount = o.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  const created = new Date(T + o.createdMin * 60_000).toISOString();
  const paid = new Date(T + o.createdMin * 60_000 + 5_000).toISOString();
  return {
    id: o.id,
    storeId: 's1',
    consumerId: o.consumerId,
    status: o.status,
    source: { scene: 'live', channel: 'self_live', liveSessionId: S },
    lines: o.lines.map((l, i) => ({
      lineNo: i + 1,
      skuId: l.skuId,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: 0,
    })),
    itemsAmount: amount,
    discountAmount: 0,
    shippingFee: 0,
    payAmount: amount,
    createdAt: created,
    ...(o.status === 'created'
      ? {}
      : { paidAt: paid, payments: [{ id: `${o.id}-pay`, kind: 'full', amount, paidAt: paid }] }),
    ...(o.status === 'cancelled'
      ? { cancelledAt: new Date(T + o.createdMin * 60_000 + 60_000).toISOString() }
      : {}),
  };
};

/** The expected metrics, computed from the events and orders by the definitions in docs/live.md. */
function expected(events: Ev[], ords: Ord[]) {
  const room = events.filter((e) => e.room !== false);
  const enters = room.filter((e) => e.type === 'live_enter');
  const leaves = room.filter((e) => e.type === 'live_leave');
  const minute = (iso: string) => Math.floor((Date.parse(iso) - T) / 60_000);
  const lastMinute = Math.max(...room.map((e) => minute(e.occurredAt)));
  let peak = 0;
  const online: number[] = [];
  for (let m = 0; m <= lastMinute; m++) {
    const n =
      enters.filter((e) => minute(e.occurredAt) <= m).length -
      leaves.filter((e) => minute(e.occurredAt) <= m).length;
    online.push(n);
    peak = Math.max(peak, n);
  }
  const paid = ords.filter((o) => o.status === 'paid');
  const gmv = paid.reduce((s, o) => s + o.lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0), 0);
  const views = enters.length;
  const uv = new Set(enters.map((e) => e.userId)).size;
  const buyers = new Set(paid.map((o) => o.consumerId)).size;
  const watch = leaves.reduce((s, e) => s + e.durationMs!, 0);
  return {
    online,
    totals: {
      uniqueViewers: uv,
      views,
      avgWatchSeconds: Math.round(watch / leaves.length / 1000),
      peakOnline: peak,
      productClicks: room.filter((e) => e.type === 'click' && e.productId).length,
      orders: paid.length,
      buyers,
      units: paid.reduce((s, o) => s + o.lines.reduce((a, l) => a + l.quantity, 0), 0),
      gmv,
      gpm: Math.round((gmv * 1000) / views),
      conversionBp: Math.round((buyers * 10_000) / uv),
      newFollowers: room.filter((e) => e.type === 'follow').length,
    },
  };
}

const aggregates = async () => {
  const q = async (s: ReturnType<typeof sql>) => (await s.execute(t.ctx.db.kysely)).rows;
  return {
    minutes: await q(
      sql`SELECT minute, enters, leaves, watch_ms::text, clicks, follows FROM live_minutes WHERE session_id = ${S} ORDER BY minute`,
    ),
    products: await q(
      sql`SELECT product_id, minute, clicks FROM live_product_minutes WHERE session_id = ${S} ORDER BY 1, 2`,
    ),
    viewers: await q(sql`SELECT user_id, first_at FROM live_viewers WHERE session_id = ${S} ORDER BY 1`),
  };
};

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) => post(url, payload));
  const more = await post('/v1/catalog/products', {
    records: [
      {
        id: 'p3',
        storeId: 's1',
        categoryId: 'c111',
        title: 'Cashews 250g',
        listedAt: '2026-10-01T00:00:00Z',
        skus: [{ id: 'k4', price: 1500, stock: 100 }],
      },
    ],
  });
  expect(more.status).toBe(200);
  const users = await post('/v1/catalog/consumers', {
    records: ['u3', 'u4', 'u5'].map((id) => ({ id, registeredAt: '2026-10-01T00:00:00Z' })),
  });
  expect(users.status).toBe(200);
  const c = await post('/v1/live/sessions', {
    id: S,
    storeId: 's1',
    hostType: 'self',
    title: 'Nuts night',
    scheduledAt: at(0),
    products: [{ productId: 'p1' }, { productId: 'p3', livePrice: 1200 }],
  });
  expect(c.status).toBe(201);
  expect((await post(`/v1/live/sessions/${S}/start`, { at: at(0) })).status).toBe(200);
  expect(
    (await post(`/v1/live/sessions/${S}/explanations`, { id: 'w1', productId: 'p1', startedAt: at(1) }))
      .status,
  ).toBe(201);
  // Starting the next window ends the open one at its start.
  expect(
    (await post(`/v1/live/sessions/${S}/explanations`, { id: 'w2', productId: 'p3', startedAt: at(3) }))
      .status,
  ).toBe(201);
  expect((await post(`/v1/live/sessions/${S}/explanations/w2/end`, { at: at(4, 30) })).status).toBe(200);
  expect((await post(`/v1/live/sessions/${S}/end`, { at: at(4, 50) })).status).toBe(200);
  const o = await post('/v1/orders', { records: orders.map(orderRecord) });
  expect(o.status).toBe(200);
}, 60_000);
afterAll(() => t?.close());

describe('live metrics from events', () => {
  test('ingestion adds the room events to their minutes; the metrics show the exact totals', async () => {
    expect((await post('/v1/events', { records: batch1.map(record) })).status).toBe(200);
    const { minutes } = await aggregates();
    expect(minutes.map((r) => (new Date((r as { minute: Date }).minute).getTime() - T) / 60_000)).toEqual([
      0, 1, 2, 3,
    ]);
    const m = await metrics();
    const e = expected(batch1, orders);
    expect(m.totals).toEqual(e.totals);
    expect(m.totals).toMatchObject({
      views: 4,
      uniqueViewers: 3,
      peakOnline: 3,
      productClicks: 4,
      newFollowers: 1,
    });
  });

  test('a batch sent again changes nothing', async () => {
    const before = await metrics();
    const r = await post('/v1/events', { records: batch1.map(record) });
    expect(r.body).toMatchObject({ inserted: 0, duplicates: batch1.length });
    expect((await metrics()).totals).toEqual(before.totals);
  });

  test('late events add to the minutes already counted; the result equals a recompute from scratch', async () => {
    expect((await post('/v1/events', { records: late.map(record) })).status).toBe(200);
    const all = [...batch1, ...late];
    const m = await metrics();
    const e = expected(all, orders);
    expect(m.totals).toEqual(e.totals);
    // Timeline: one point per minute from the start to the end of activity, online as computed above.
    expect(m.timeline.map((p: { online: number }) => p.online)).toEqual(e.online);
    expect(m.timeline.map((p: { minute: string }) => p.minute)).toEqual(e.online.map((_, i) => at(i)));
    const byMin = (k: string) => m.timeline.map((p: Record<string, number>) => p[k]);
    expect(byMin('orders')).toEqual([0, 1, 1, 1, 0]); // lo1 at 1.5, lo3 at 2.5, lo2 at 3.25
    expect(byMin('gmv')).toEqual([0, 3990, 3 * 3990, 2 * 1500 + 3990, 0]);
    expect(byMin('clicks')).toEqual([0, 2, 1, 2, 0]);

    const incremental = await aggregates();
    await recomputeSession(t.ctx.db.kysely, S);
    expect(await aggregates()).toEqual(incremental);
    expect(incremental.viewers.map((v) => (v as { user_id: string }).user_id)).toEqual([
      'u1',
      'u2',
      'u3',
      'u4',
    ]);
  });

  test('per product and per explanation window', async () => {
    const m = await metrics();
    const p = Object.fromEntries(m.products.map((x: { productId: string }) => [x.productId, x]));
    // Listed first in their order, then others with activity.
    expect(m.products.map((x: { productId: string }) => x.productId)).toEqual(['p1', 'p3', 'p2']);
    expect(p.p1).toEqual({
      productId: 'p1',
      title: 'Roasted almonds 500g gift box',
      clicks: 3,
      orders: 3,
      units: 5,
      gmv: 5 * 3990,
      explanations: 1,
    });
    expect(p.p3).toMatchObject({ clicks: 1, orders: 1, units: 2, gmv: 3000, explanations: 1 });
    expect(p.p2).toMatchObject({ clicks: 1, orders: 0, gmv: 0, explanations: 0 });
    const [w1, w2] = m.explanations;
    // w1: p1 over [1:00, 3:00): clicks of minutes 1 and 2 (e4, e21, e6), orders lo1 (1.5) and lo3 (2.5);
    // online at its start = enters − leaves of minute 0 = 2.
    expect(w1).toMatchObject({
      id: 'w1',
      productId: 'p1',
      startedAt: at(1),
      endedAt: at(3),
      clicks: 3,
      orders: 2,
      units: 4,
      gmv: 4 * 3990,
      onlineAtStart: 2,
    });
    // w2: p3 over [3:00, 4:30): e8; lo2's p3 line only; online at 3:00 = 4 enters (e1, e2, e3, e20) − 1 leave (e5) by the end of minute 2.
    expect(w2).toMatchObject({
      id: 'w2',
      productId: 'p3',
      clicks: 1,
      orders: 1,
      units: 2,
      gmv: 3000,
      onlineAtStart: 3,
    });
  });

  test('the session list and the dashboard read the same totals', async () => {
    const list = await t.req(t.keys.operator!, { method: 'GET', url: '/v1/live/sessions?storeId=s1' });
    const m = await metrics();
    expect(list.body.items.find((s: { id: string }) => s.id === S).totals).toEqual(m.totals);
    const d = await t.req(t.keys.operator!, {
      method: 'GET',
      url: '/v1/live/dashboard?merchantId=m1&from=2026-11-01&to=2026-11-01',
    });
    expect(d.status).toBe(200);
    expect(d.body.totals).toMatchObject({
      sessions: 1,
      views: m.totals.views,
      uniqueViewers: 4,
      orders: 3,
      gmv: m.totals.gmv,
      gpm: m.totals.gpm,
    });
    expect(d.body.byHostType.find((h: { hostType: string }) => h.hostType === 'self')).toMatchObject({
      sessions: 1,
      gmv: m.totals.gmv,
    });
    expect(d.body.top.map((s: { id: string }) => s.id)).toEqual([S]);
  });

  test('a recompute of every session changes nothing', async () => {
    await post('/v1/events', { records: [record(ev('e30', 'live_enter', at(5), 'u5'))] });
    const incremental = await aggregates();
    expect(incremental.minutes.at(-1)).toMatchObject({ enters: 1, leaves: 0, clicks: 0 });
    await recomputeSessions(t.ctx.db.kysely, 'all');
    expect(await aggregates()).toEqual(incremental);
  });
});
