import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { businessDay } from '../../core/time.ts';
import { simulate } from '../simulator/index.ts';
import { TINY } from '../simulator/tiny.fixture.ts';
import { domainOf, sourceOf } from './domain/sources.ts';
import { BEHAVIOUR_CHUNK, CHUNK_MS, LATE_QUIET_MS, speedLayerOf } from './realtime.service.ts';
import { rebuildRollups } from './rollups.service.ts';

/**
 * Rollups of the tiny simulated world reconcile with the raw tables they summarise (computed here independently),
 * are idempotent, and the speed layer brings a new order and a new visit into today's rows and the real-time API.
 */
let t: TestApp;
let merchantId: string;
let storeId: string;
const q = async <T>(s: ReturnType<typeof sql<T>>) => (await s.execute(t.ctx.db.kysely)).rows;
const FROM = '2026-06-10';
const TO = '2026-06-20';
const DAY_OF_LANES = '2026-06-19';

beforeAll(async () => {
  t = await testApp();
  const summary = await simulate(t.ctx.db, TINY);
  merchantId = summary.demo.merchantId;
  storeId = summary.demoStoreId;
  await rebuildRollups(t.ctx.db.kysely, { from: FROM, to: TO, timeZone: TINY.timeZone! });
}, 240_000);
afterAll(() => t?.close());

describe('rollups reconcile with the raw tables', () => {
  test('GMV, orders and distinct buyers per store and day', async () => {
    const raw = await q<{ store_id: string; day: string; gmv: string; orders: number; buyers: number }>(sql`
      SELECT store_id, paid_day::text AS day, sum(pay_amount)::bigint AS gmv, count(*)::int AS orders,
        count(DISTINCT consumer_id)::int AS buyers
      FROM orders WHERE paid_day BETWEEN ${FROM}::date AND ${TO}::date GROUP BY 1, 2 ORDER BY 1, 2`);
    const roll = await q<{ store_id: string; day: string; gmv: string; orders: number; buyers: number }>(sql`
      SELECT store_id, day::text AS day, gmv, orders, buyers FROM an_store_day
      WHERE orders > 0 ORDER BY 1, 2`);
    expect(raw.length).toBeGreaterThan(20);
    expect(roll.map((r) => ({ ...r, gmv: String(r.gmv) }))).toEqual(
      raw.map((r) => ({ ...r, gmv: String(r.gmv) })),
    );
  });

  test('visitors are distinct non-exposure users; the funnel narrows', async () => {
    const raw = await q<{
      n: number;
    }>(sql`SELECT count(*)::int AS n FROM (SELECT DISTINCT store_id, day, user_id
      FROM events WHERE type <> 'exposure' AND user_id IS NOT NULL AND store_id IS NOT NULL
        AND day BETWEEN ${FROM}::date AND ${TO}::date) x`);
    const roll = await q<{ n: number; x: number; c: number; p: number }>(sql`SELECT sum(visitors)::int AS n,
      sum(exposure_users)::int AS x, sum(click_users)::int AS c, sum(buyers)::int AS p FROM an_store_day`);
    expect(roll[0]!.n).toBe(raw[0]!.n);
    expect(roll[0]!.x).toBeGreaterThanOrEqual(roll[0]!.n);
    expect(roll[0]!.n).toBeGreaterThan(roll[0]!.c);
    expect(roll[0]!.c).toBeGreaterThan(0);
  });

  test('sources, products, categories and the market add up to the stores', async () => {
    const [a] = await q<{ s: string; src: string; m: string; p: string; c: string; lines: string }>(sql`SELECT
      (SELECT sum(gmv) FROM an_store_day)::text AS s, (SELECT sum(gmv) FROM an_source_day)::text AS src,
      (SELECT sum(gmv) FROM an_market_day)::text AS m, (SELECT sum(gmv) FROM an_product_day)::text AS p,
      (SELECT sum(gmv) FROM an_category_day)::text AS c,
      (SELECT sum(l.paid) FROM order_lines l JOIN orders o ON o.id = l.order_id
        WHERE o.paid_day BETWEEN ${FROM}::date AND ${TO}::date)::text AS lines`);
    expect(a!.src).toBe(a!.s);
    expect(a!.m).toBe(a!.s);
    expect(a!.p).toBe(a!.lines);
    expect(a!.c).toBe(a!.lines);
    const sources = await q<{ source: string }>(sql`SELECT DISTINCT source FROM an_source_day WHERE gmv > 0`);
    expect(sources.map((s) => s.source)).toEqual(expect.arrayContaining(['search', 'creator', 'live']));
  });

  test('domain flows follow each buyer from the previous order in the store; new buyers are first orders', async () => {
    // Every paid order of the demo merchant's stores, in order; the rollup is checked against a walk over them.
    const orders = await q<{
      store_id: string;
      consumer_id: string;
      day: string;
      scene: string;
      channel: string;
      pay: string;
    }>(sql`
      SELECT store_id, consumer_id, paid_day::text AS day, scene, channel, pay_amount::text AS pay FROM orders
      WHERE merchant_id = ${merchantId} AND paid_at IS NOT NULL ORDER BY paid_at, id`);
    const last = new Map<string, string>();
    const want = new Map<string, { orders: number; gmv: number }>();
    const newBuyers = new Map<string, number>();
    for (const o of orders) {
      const key = `${o.store_id}|${o.consumer_id}`;
      const to = domainOf(sourceOf(o.scene, o.channel));
      const from = last.get(key) ?? 'new';
      last.set(key, to);
      if (o.day < FROM || o.day > TO) continue;
      if (from === 'new') newBuyers.set(to, (newBuyers.get(to) ?? 0) + 1);
      else {
        const c = want.get(`${from}>${to}`) ?? { orders: 0, gmv: 0 };
        want.set(`${from}>${to}`, { orders: c.orders + 1, gmv: c.gmv + Number(o.pay) });
      }
    }
    expect([...want.values()].reduce((n, c) => n + c.orders, 0)).toBeGreaterThan(10);
    const a = await t.req(await t.key('merchant', merchantId), {
      method: 'GET',
      url: `/v1/analytics/all-domain?from=${FROM}&to=${TO}`,
    });
    expect(a.status).toBe(200);
    const got = new Map(
      a.body.flows.map((f: { from: string; to: string; orders: number; gmv: number }) => [
        `${f.from}>${f.to}`,
        { orders: f.orders, gmv: f.gmv },
      ]),
    );
    expect(got).toEqual(want);
    for (const d of a.body.domains as { domain: string; newBuyers: number }[])
      expect(d.newBuyers).toBe(newBuyers.get(d.domain) ?? 0);
  });

  test('the marketplace day totals add up the stores, and active merchants are distinct over the range', async () => {
    const bad = await q<{ day: string }>(sql`SELECT t.day::text AS day FROM an_market_total_day t
      JOIN (SELECT day, sum(gmv) AS gmv, sum(orders) AS orders, sum(refund_amount) AS refund_amount,
          sum(visitors) AS visitors FROM an_store_day GROUP BY day) s USING (day)
      WHERE (t.gmv, t.orders, t.refund_amount, t.visitors) IS DISTINCT FROM (s.gmv, s.orders, s.refund_amount, s.visitors)`);
    expect(bad).toEqual([]);
    expect((await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM an_market_total_day`))[0]!.n).toBe(11);
    const [raw] = await q<{ m: number; s: number }>(sql`SELECT count(DISTINCT merchant_id)::int AS m,
      count(DISTINCT store_id)::int AS s FROM orders WHERE paid_day BETWEEN ${FROM}::date AND ${TO}::date`);
    const h = await t.req(t.keys.operator!, {
      method: 'GET',
      url: `/v1/analytics/health?from=${FROM}&to=${TO}`,
    });
    expect(h.body.kpis.activeMerchants).toBe(raw!.m);
    expect(h.body.kpis.activeStores).toBe(raw!.s);
  });

  test('a rebuild gives the same rows, also two days at a time', async () => {
    const digest = async () => [
      await q(sql`SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS h FROM an_store_day x`),
      await q(sql`SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS h FROM an_domain_flow_day x`),
    ];
    const before = await digest();
    // Two days at a time (each under its own day lock) gives the same rows as one at a time.
    await rebuildRollups(t.ctx.db.kysely, { from: FROM, to: TO, timeZone: TINY.timeZone!, parallel: 2 });
    expect(await digest()).toEqual(before);
  });
});

describe('dashboards read the rollups', () => {
  test('overview, sources and funnel agree with each other and with the raw orders', async () => {
    const token = await t.key('merchant', merchantId);
    const o = await t.req(token, { method: 'GET', url: `/v1/analytics/overview?from=${FROM}&to=${TO}` });
    expect(o.status).toBe(200);
    const [raw] = await q<{ gmv: string }>(sql`SELECT sum(pay_amount)::text AS gmv FROM orders
      WHERE merchant_id = ${merchantId} AND paid_day BETWEEN ${FROM}::date AND ${TO}::date`);
    expect(o.body.kpis.gmv).toBe(Number(raw!.gmv));
    expect(o.body.daily).toHaveLength(11);
    const s = await t.req(token, { method: 'GET', url: `/v1/analytics/sources?from=${FROM}&to=${TO}` });
    expect(s.body.rows.reduce((n: number, r: { gmv: number }) => n + r.gmv, 0)).toBe(o.body.kpis.gmv);
    const f = await t.req(token, { method: 'GET', url: `/v1/analytics/funnel?from=${FROM}&to=${TO}` });
    expect(f.body.steps.map((x: { step: string }) => x.step)).toEqual([
      'exposure',
      'click',
      'cart',
      'order',
      'pay',
    ]);
    expect(f.body.steps[4].users).toBe(o.body.kpis.buyers);
    const csv = await t.req(token, {
      method: 'GET',
      url: `/v1/analytics/sources?from=${FROM}&to=${TO}&format=csv`,
    });
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe(
      'source,domain,gmv_fen,gmv_share,orders,buyers,visitors,conversion,previous_gmv_fen',
    );
  });

  test('products rank by the chosen metric; peers never name a peer', async () => {
    const token = await t.key('merchant', merchantId);
    const p = await t.req(token, {
      method: 'GET',
      url: `/v1/analytics/products?from=${FROM}&to=${TO}&sort=units&limit=5`,
    });
    expect(p.status).toBe(200);
    const units = p.body.rows.map((r: { units: number }) => r.units);
    expect(units).toEqual([...units].sort((a: number, b: number) => b - a));
    // A merchant whose main category has other merchants in it.
    const [shared] = await q<{
      m: string;
      n: number;
    }>(sql`SELECT min(merchant_id) AS m, count(DISTINCT merchant_id)::int AS n
      FROM an_store_day GROUP BY category_id ORDER BY 2 DESC LIMIT 1`);
    expect(shared!.n).toBeGreaterThan(1);
    const peers = await t.req(t.keys.operator!, {
      method: 'GET',
      url: `/v1/analytics/peers?merchantId=${shared!.m}&from=${FROM}&to=${TO}`,
    });
    expect(peers.status).toBe(200);
    expect(peers.body.peers).toBe(shared!.n - 1);
    const gmv = peers.body.metrics.find((m: { metric: string }) => m.metric === 'gmv');
    expect(gmv.percentile).toBeGreaterThanOrEqual(0);
    expect(gmv.percentile).toBeLessThanOrEqual(1);
    const others = await q<{ id: string }>(sql`SELECT id FROM merchants WHERE id <> ${shared!.m}`);
    const body = JSON.stringify(peers.body);
    for (const o of others) expect(body).not.toContain(o.id);
  });

  test('all-domain splits GMV into self-stream, distribution and shelf', async () => {
    const token = await t.key('merchant', merchantId);
    const a = await t.req(token, { method: 'GET', url: `/v1/analytics/all-domain?from=${FROM}&to=${TO}` });
    expect(a.status).toBe(200);
    const o = await t.req(token, { method: 'GET', url: `/v1/analytics/overview?from=${FROM}&to=${TO}` });
    expect(a.body.domains.reduce((n: number, d: { gmv: number }) => n + d.gmv, 0)).toBe(o.body.kpis.gmv);
    expect(a.body.domains.map((d: { domain: string }) => d.domain)).toEqual([
      'self_stream',
      'distribution',
      'shelf',
    ]);
  });

  test('operators name the merchant; others are refused; bad ranges are 422', async () => {
    const op = t.keys.operator!;
    expect((await t.req(op, { method: 'GET', url: '/v1/analytics/overview' })).status).toBe(422);
    const ok = await t.req(op, {
      method: 'GET',
      url: `/v1/analytics/overview?merchantId=${merchantId}&from=${FROM}&to=${TO}`,
    });
    expect(ok.status).toBe(200);
    const other = await t.key('merchant', merchantId);
    expect(
      (await t.req(other, { method: 'GET', url: '/v1/analytics/overview?merchantId=someone-else' })).status,
    ).toBe(403);
    const creator = await t.key('creator', 'cr-x');
    expect((await t.req(creator, { method: 'GET', url: '/v1/analytics/overview' })).status).toBe(403);
    const rev = await t.req(other, { method: 'GET', url: `/v1/analytics/overview?from=${TO}&to=${FROM}` });
    expect(rev.status).toBe(422);
    expect(rev.body.errors[0].field).toBe('from');
    expect((await t.req(other, { method: 'GET', url: '/v1/analytics/health' })).status).toBe(403);
    const h = await t.req(op, { method: 'GET', url: `/v1/analytics/health?from=${FROM}&to=${TO}` });
    expect(h.status).toBe(200);
    expect(h.body.kpis.activeMerchants).toBeGreaterThan(1);
    expect(h.body.kpis.distributionShare).toBeGreaterThan(0);
  });

  test('stored daily reports are made for active merchants and read back by their owner only', async () => {
    const op = t.keys.operator!;
    const run = await t.req(op, {
      method: 'POST',
      url: '/v1/analytics/reports/run',
      payload: { day: '2026-06-18' },
    });
    expect(run.status).toBe(200);
    expect(run.body.merchants).toBeGreaterThan(1);
    const token = await t.key('merchant', merchantId);
    const list = await t.req(token, { method: 'GET', url: '/v1/analytics/reports' });
    expect(list.body.rows).toHaveLength(1);
    expect(list.body.rows[0].partyId).toBe(merchantId);
    const all = await t.req(op, { method: 'GET', url: '/v1/analytics/reports?scope=operator' });
    const id = all.body.rows[0].id;
    expect((await t.req(token, { method: 'GET', url: `/v1/analytics/reports/${id}` })).status).toBe(403);
    expect((await t.req(op, { method: 'GET', url: '/v1/analytics/reports/999999' })).status).toBe(404);
  });
});

describe('the speed layer', () => {
  test('a new paid order and a visit today reach the real-time indices after one flush', async () => {
    const op = t.keys.operator!;
    const now = new Date();
    const [sku] = await q<{
      id: string;
      product_id: string;
      price: string;
    }>(sql`SELECT k.id, k.product_id, k.price
      FROM skus k JOIN products p ON p.id = k.product_id WHERE p.store_id = ${storeId} AND k.stock > 0 LIMIT 1`);
    const [buyer] = await q<{ id: string }>(sql`SELECT id FROM consumers ORDER BY id LIMIT 1`);
    const price = Number(sku!.price);
    const token = await t.key('merchant', merchantId);
    const before = await t.req(token, { method: 'GET', url: '/v1/analytics/realtime' });
    expect(before.status).toBe(200);
    const order = {
      id: 'rt-1',
      storeId,
      consumerId: buyer!.id,
      status: 'paid',
      source: { scene: 'search', channel: 'organic' },
      lines: [{ lineNo: 1, skuId: sku!.id, quantity: 1, unitPrice: price, discount: 0 }],
      itemsAmount: price,
      discountAmount: 0,
      shippingFee: 0,
      payAmount: price,
      payments: [{ id: 'rt-1-pay', kind: 'full', amount: price, paidAt: now.toISOString() }],
      createdAt: now.toISOString(),
      paidAt: now.toISOString(),
    };
    expect(
      (await t.req(op, { method: 'POST', url: '/v1/orders', payload: { records: [order] } })).status,
    ).toBe(200);
    const ev = {
      id: 'rt-ev-1',
      type: 'view',
      occurredAt: now.toISOString(),
      userId: 'rt-visitor',
      productId: sku!.product_id,
      storeId,
      scene: 'search',
      channel: 'organic',
    };
    expect((await t.req(op, { method: 'POST', url: '/v1/events', payload: { records: [ev] } })).status).toBe(
      200,
    );
    await t.ctx.dispatcher.drain();
    const layer = speedLayerOf(t.ctx);
    expect(layer.pendingStores).toBeGreaterThan(0);
    await layer.flush({ late: true }); // the simulated days' marks too, which wait in the late lane otherwise
    expect(layer.pendingStores).toBe(0);
    const after = await t.req(token, { method: 'GET', url: '/v1/analytics/realtime' });
    expect(after.body.today.gmv - before.body.today.gmv).toBe(price);
    expect(after.body.today.orders - before.body.today.orders).toBe(1);
    expect(after.body.today.visitors - before.body.today.visitors).toBe(1);
    expect(after.body.minutes.at(-1).cumGmv).toBe(after.body.today.gmv);
    const [row] = await q<{ gmv: string }>(sql`SELECT gmv::text FROM an_store_day WHERE store_id = ${storeId}
      AND day = ${businessDay(now, t.ctx.cfg.timeZone)}::date`);
    expect(Number(row!.gmv)).toBe(after.body.today.gmv);
    // Today's flow rows and marketplace totals move with the store's.
    const today = businessDay(now, t.ctx.cfg.timeZone);
    const [flows] = await q<{ n: number }>(sql`SELECT sum(orders)::int AS n FROM an_domain_flow_day
      WHERE store_id = ${storeId} AND day = ${today}::date`);
    expect(flows!.n).toBe(after.body.today.orders);
    const [total] = await q<{
      ok: boolean;
    }>(sql`SELECT t.gmv = (SELECT sum(gmv) FROM an_store_day WHERE day = t.day) AS ok
      FROM an_market_total_day t WHERE t.day = ${today}::date`);
    expect(total!.ok).toBe(true);
  });
});

describe('the speed layer against the batch', () => {
  const DAY = '2026-06-18';
  const PREV = '2026-06-17';
  const digest = async () => {
    const out: Record<string, unknown> = {};
    for (const table of [
      'an_store_day',
      'an_source_day',
      'an_product_day',
      'an_domain_flow_day',
      'an_market_total_day',
      'an_market_day',
      'an_category_day',
      'an_creator_day',
    ])
      out[table] = (
        await q<{
          h: string | null;
          n: number;
        }>(sql`SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS h,
          count(*)::int AS n FROM ${sql.table(table)} x WHERE day BETWEEN ${PREV}::date AND ${DAY}::date`)
      )[0];
    return out;
  };

  test('a flush of some stores writes what a rebuild of their days writes, rows that vanished included', async () => {
    const layer = speedLayerOf(t.ctx);
    // The demo store's paid orders of DAY move to the day before (its flow rows of DAY, and product rows with
    // sales but no visits, vanish), and another store gets new visits on DAY (new product rows, more visitors).
    const [flows] = await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM an_domain_flow_day
      WHERE store_id = ${storeId} AND day = ${DAY}::date`);
    expect(flows!.n).toBeGreaterThan(0);
    await q(sql`UPDATE orders SET paid_at = paid_at - interval '1 day', paid_day = paid_day - 1
      WHERE store_id = ${storeId} AND paid_day = ${DAY}::date`);
    const [other] = await q<{
      store_id: string;
      product_id: string;
    }>(sql`SELECT p.store_id, p.id AS product_id
      FROM products p WHERE p.store_id <> ${storeId} ORDER BY p.id LIMIT 1`);
    const at = new Date(`${DAY}T12:00:00+08:00`).toISOString();
    const records = [1, 2, 3].map((i) => ({
      id: `sl-${i}`,
      type: 'view',
      occurredAt: at,
      userId: `sl-visitor-${i}`,
      productId: other!.product_id,
      storeId: other!.store_id,
      scene: 'search',
      channel: 'organic',
    }));
    const res = await t.req(t.keys.operator!, { method: 'POST', url: '/v1/events', payload: { records } });
    expect(res.status).toBe(200);
    layer.markSale(DAY, storeId);
    layer.markSale(PREV, storeId);
    expect(layer.pendingStores).toBeGreaterThanOrEqual(3);
    await layer.flush({ late: true }); // DAY is a past day: its behaviour waits in the late lane otherwise
    expect(layer.pendingStores).toBe(0);
    const flushed = await digest();
    const [left] = await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM an_domain_flow_day
      WHERE store_id = ${storeId} AND day = ${DAY}::date`);
    expect(left!.n).toBe(0);
    await rebuildRollups(t.ctx.db.kysely, { from: PREV, to: DAY, timeZone: TINY.timeZone! });
    expect(flushed).toEqual(await digest());
  });

  test('a flush with nothing new rewrites no row', async () => {
    const layer = speedLayerOf(t.ctx);
    const rows = async () =>
      (
        await q<{ c: string }>(sql`SELECT ctid::text AS c FROM an_product_day
          WHERE store_id = ${storeId} AND day = ${DAY}::date ORDER BY product_id`)
      ).map((r) => r.c);
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    layer.markSale(DAY, storeId);
    expect(await layer.flush({ late: true })).toBe(1);
    // An updated row gets a new tuple (and ctid); an unchanged one keeps its place.
    expect(await rows()).toEqual(before);
  });
});

describe('the speed layer lanes', () => {
  // The tests tune the shared layer; each leaves it as the server runs it.
  afterEach(() => {
    const layer = speedLayerOf(t.ctx);
    layer.chunk = BEHAVIOUR_CHUNK;
    layer.chunkMs = CHUNK_MS;
    layer.lateQuietMs = LATE_QUIET_MS;
    layer.onRecompute = () => {};
  });

  test('a sale marked while behaviour is being recomputed is flushed before the next behaviour chunk', async () => {
    const layer = speedLayerOf(t.ctx);
    const stores = (await q<{ id: string }>(sql`SELECT id FROM stores ORDER BY id LIMIT 4`)).map((r) => r.id);
    expect(stores).toHaveLength(4);
    const [a, b, c, sold] = stores as [string, string, string, string];
    const at = Date.now(); // today: the live lanes
    const today = businessDay(at, TINY.timeZone!);
    for (const s of [a, b, c]) layer.markBehaviour(at, s);
    const seen: string[] = [];
    layer.chunk = 1;
    layer.chunkMs = null;
    layer.onRecompute = (lane, _day, ids) => seen.push(`${lane}:${ids.join(',')}`);
    const done = layer.flush();
    // Arrives after the flush started (its sales lane was empty) and before the first chunk committed.
    layer.markSale(today, sold);
    expect(await done).toBe(4);
    expect(seen).toEqual([`behaviour:${a}`, `sales:${sold}`, `behaviour:${b}`, `behaviour:${c}`]);
    expect(layer.pendingStores).toBe(0);
  });

  test('a past day whose stores are mostly marked (a backfill) is recomputed whole, as a rebuild would', async () => {
    const layer = speedLayerOf(t.ctx);
    const stores = (await q<{ id: string }>(sql`SELECT id FROM stores ORDER BY id`)).map((r) => r.id);
    const digest = async () =>
      (
        await q<{
          h: string;
        }>(sql`SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS h FROM an_store_day x
          WHERE day = ${DAY_OF_LANES}::date`)
      )[0]!.h;
    await q(sql`UPDATE an_store_day SET visitors = visitors + 7 WHERE day = ${DAY_OF_LANES}::date`);
    const stale = await digest();
    const seen: string[] = [];
    layer.onRecompute = (lane, day, ids) => seen.push(`${lane}:${day}:${ids.length}`);
    layer.chunk = 1; // chunks would recompute the stores one by one
    layer.chunkMs = null;
    for (const s of stores) layer.markBehaviour(`${DAY_OF_LANES}T10:00:00+08:00`, s);
    await layer.flush({ late: true });
    expect(seen).toEqual([`behaviour:${DAY_OF_LANES}:${stores.length}`]);
    const flushed = await digest();
    expect(flushed).not.toBe(stale);
    await rebuildRollups(t.ctx.db.kysely, { from: DAY_OF_LANES, to: DAY_OF_LANES, timeZone: TINY.timeZone! });
    expect(await digest()).toBe(flushed);
  });

  test('behaviour and sales of a past day wait until its stream pauses', async () => {
    const layer = speedLayerOf(t.ctx);
    const [a, b] = (await q<{ id: string }>(sql`SELECT id FROM stores ORDER BY id LIMIT 2`)).map(
      (r) => r.id,
    ) as [string, string];
    const seen: string[] = [];
    layer.onRecompute = (lane, _day, ids) => seen.push(`${lane}:${ids.join(',')}`);
    layer.chunk = 1;
    layer.chunkMs = null;
    layer.markBehaviour(`${DAY_OF_LANES}T10:00:00+08:00`, a);
    layer.markSale(DAY_OF_LANES, b); // an imported order, a refund of an old order
    expect(await layer.flush()).toBe(0); // marked just now: the backfill is still streaming
    expect(seen).toEqual([]);
    expect(layer.pendingStores).toBe(2);
    layer.lateQuietMs = 0; // the stream has paused
    layer.lastLagMs = -1;
    expect(await layer.flush()).toBe(2);
    expect(seen).toEqual([`behaviour:${a}`, `behaviour:${b}`]);
    expect(layer.pendingStores).toBe(0);
    // A late day's wait (seconds by design) is not the real-time indices' freshness figure.
    expect(layer.lastLagMs).toBe(-1);
  });
});

describe('page views ahead of the recompute', () => {
  test('a view reaches the minute rows at once; a visitor already seen today is not new again', async () => {
    const layer = speedLayerOf(t.ctx);
    const token = await t.key('merchant', merchantId);
    const [product] = await q<{ id: string }>(
      sql`SELECT id FROM products WHERE store_id = ${storeId} LIMIT 1`,
    );
    const view = (id: string, userId: string) => ({
      id,
      type: 'view',
      occurredAt: new Date().toISOString(),
      userId,
      productId: product!.id,
      storeId,
      scene: 'feed',
      channel: 'organic',
    });
    const post = async (records: object[]) =>
      expect(
        (await t.req(t.keys.operator!, { method: 'POST', url: '/v1/events', payload: { records } })).status,
      ).toBe(200);
    // The first visit of `pv-seen` is counted by a recompute of the store (a sale marked it), which puts the
    // queued visitor in the seen set.
    await post([view('pv-1', 'pv-seen')]);
    layer.markSale(businessDay(new Date(), TINY.timeZone!), storeId);
    await layer.flush();
    const before = (await t.req(token, { method: 'GET', url: '/v1/analytics/realtime' })).body;
    await post([view('pv-2', 'pv-seen'), view('pv-3', 'pv-new'), view('pv-4', 'pv-new')]);
    await layer.flushViews();
    expect(layer.pendingStores).toBeGreaterThan(0); // the store's recompute has not run yet
    const fast = (await t.req(token, { method: 'GET', url: '/v1/analytics/realtime' })).body;
    const views = (b: { minutes: { views: number }[] }) => b.minutes.reduce((a, m) => a + m.views, 0);
    expect(views(fast) - views(before)).toBe(3);
    expect(fast.today.visitors - before.today.visitors).toBe(1);
    // The recompute agrees with what the fast path added.
    await layer.flush();
    const after = (await t.req(token, { method: 'GET', url: '/v1/analytics/realtime' })).body;
    expect(views(after)).toBe(views(fast));
    expect(after.today.visitors).toBe(fast.today.visitors);
  });
});
