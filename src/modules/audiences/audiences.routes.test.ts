import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { storeTemplate } from '../../../test/pricing.ts';
import { shiftDay } from '../../core/time.ts';
import { simulate } from '../simulator/index.ts';
import { TINY } from '../simulator/tiny.fixture.ts';
import { fromBytes } from './bitmap.ts';
import { seedAudiencesDemo } from './demo.service.ts';
import { refreshDaily } from './audiences.service.ts';
import { storeTiers } from './tiers.service.ts';
import { buildTags, rebuildProfiles, tagIndex } from './tags.store.ts';

/**
 * The audience builder end to end on a tiny simulated marketplace (tags built as of its last day): sizes against
 * SQL, insight suppression, store tiers, cross-tenant refusals, expression problems, activations with holdouts.
 */
let t: TestApp;
let mId: string;
let otherId: string;
let store: string;
let otherStore: string;
let merchant: string;
let other: string;
let asOf: string;
let l1: string;
const NOW = new Date('2026-06-20T15:00:00Z'); // 23:00 in Shanghai on the world's last day

const q = async <T>(s: ReturnType<typeof sql<T>>) => (await s.execute(t.ctx.db.kysely)).rows;
const call = (
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) =>
  t.req(token, {
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as never }),
    ...(headers ? { headers } : {}),
  });

beforeAll(async () => {
  t = await testApp();
  const summary = await simulate(t.ctx.db, TINY);
  const db = t.ctx.db.kysely;
  await rebuildProfiles(db, { now: NOW });
  const b = await buildTags(db, { timeZone: TINY.timeZone, now: NOW });
  asOf = b.asOf;
  mId = summary.demo.merchantId;
  [{ id: store }] = (await q<{ id: string }>(sql`SELECT s.id FROM stores s WHERE s.merchant_id = ${mId}
    ORDER BY (SELECT count(*) FROM orders o WHERE o.store_id = s.id) DESC LIMIT 1`)) as [{ id: string }];
  [{ id: otherStore, merchant_id: otherId }] = (await q<{ id: string; merchant_id: string }>(
    sql`SELECT id, merchant_id FROM stores WHERE merchant_id <> ${mId} ORDER BY id LIMIT 1`,
  )) as [{ id: string; merchant_id: string }];
  merchant = await t.key('merchant', mId);
  other = await t.key('merchant', otherId);
  // The level-1 category with the most viewers.
  [{ l1 }] = (await q<{ l1: string }>(sql`SELECT coalesce(c2.parent_id, c.parent_id, c.id) AS l1 FROM events e
    JOIN products p ON p.id = e.product_id JOIN categories c ON c.id = p.category_id
    LEFT JOIN categories c2 ON c2.id = c.parent_id WHERE e.type = 'view'
    GROUP BY 1 ORDER BY count(DISTINCT e.user_id) DESC LIMIT 1`)) as [{ l1: string }];
}, 300_000);
afterAll(() => t?.close());

/** SQL for "viewed a product of level-1 category `cat` in the 30 days up to asOf" (a correlated condition). */
const viewedCat = (
  cat: string,
  days = 30,
) => sql`EXISTS (SELECT 1 FROM events e JOIN products p ON p.id = e.product_id
  JOIN categories c ON c.id = p.category_id LEFT JOIN categories c2 ON c2.id = c.parent_id
  WHERE e.user_id = u.consumer_id AND e.type = 'view' AND e.day BETWEEN ${shiftDay(asOf, 1 - days)}::date AND ${asOf}::date
    AND ${cat} IN (c.id, c.parent_id, c2.parent_id))`;
const customerOf = (s: string) => sql`EXISTS (SELECT 1 FROM orders o WHERE o.consumer_id = u.consumer_id
  AND o.store_id = ${s} AND o.status <> 'cancelled'
  AND o.paid_day BETWEEN ${shiftDay(asOf, -179)}::date AND ${asOf}::date)`;

describe('instant size', () => {
  test('equals the same count by SQL (tags, behaviour, tiers, AND/OR/NOT)', async () => {
    const cases: [unknown, ReturnType<typeof sql>][] = [
      [{ tag: 'gender:f' }, sql`c.gender = 'f'`],
      [
        {
          op: 'and',
          args: [
            { tag: 'gender:f' },
            { event: { type: 'view', category: l1, min: 1, days: 30 } },
            { op: 'not', arg: { tier: { store, tier: 'customers' } } },
          ],
        },
        sql`c.gender = 'f' AND ${viewedCat(l1)} AND NOT ${customerOf(store)}`,
      ],
      [
        {
          op: 'or',
          args: [
            { op: 'not', arg: { tag: 'gender:m' } },
            { tier: { store, tier: 'customers' } },
            { event: { type: 'order', store, min: 2, days: 180 } },
          ],
        },
        sql`(c.gender IS DISTINCT FROM 'm' OR ${customerOf(store)} OR (SELECT count(*) FROM orders o
          WHERE o.consumer_id = u.consumer_id AND o.store_id = ${store} AND o.status <> 'cancelled'
            AND o.paid_day BETWEEN ${shiftDay(asOf, -179)}::date AND ${asOf}::date) >= 2)`,
      ],
    ];
    for (const [expression, where] of cases) {
      const r = await call(merchant, 'POST', '/v1/audiences/size', { expression });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const [{ n }] = (await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM aud_users u
        LEFT JOIN consumers c ON c.id = u.consumer_id WHERE ${where}`)) as [{ n: number }];
      expect(r.body.size, JSON.stringify(expression)).toBe(n);
      expect(r.body).toMatchObject({
        universe: expect.any(Number),
        build: expect.any(Number),
        ms: expect.any(Number),
      });
      expect(n).toBeGreaterThan(0);
    }
  });

  test('a bad expression is 422 problem+json naming the field', async () => {
    const r = await call(merchant, 'POST', '/v1/audiences/size', {
      expression: {
        op: 'and',
        args: [{ tag: 'gender:f' }, { tag: 'gender:x' }, { event: { type: 'view', min: 0, days: 7 } }],
      },
    });
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'expression.args[1].tag',
      'expression.args[2].event.min',
    ]);
    const u = await call(merchant, 'POST', '/v1/audiences/size', {
      expression: { event: { type: 'view', category: 'no-such-category', min: 1, days: 7 } },
    });
    expect(u.status).toBe(422);
    expect(u.body.errors[0].field).toBe('expression.event.category');
  });
});

describe('saved audiences', () => {
  let audId: string;
  test('create (first snapshot), replay by id, list, patch with version, refresh, snapshots', async () => {
    const body = {
      id: 'aud_price_sensitive',
      name: 'Price-sensitive customers',
      expression: {
        op: 'and',
        args: [{ tier: { store, tier: 'customers' } }, { op: 'not', arg: { tag: 'price_sensitivity:low' } }],
      },
      refresh: 'daily',
    };
    const r = await call(merchant, 'POST', '/v1/audiences', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    audId = r.body.id;
    expect(r.body).toMatchObject({ merchantId: mId, version: 1, size: expect.any(Number), refresh: 'daily' });
    expect(r.body.size).toBeGreaterThan(0);
    expect((await call(merchant, 'POST', '/v1/audiences', body)).status).toBe(200);
    const clash = await call(merchant, 'POST', '/v1/audiences', { ...body, name: 'Other' });
    expect(clash.status).toBe(409);
    const list = await call(merchant, 'GET', '/v1/audiences');
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(audId);
    expect((await call(other, 'GET', '/v1/audiences')).body.total).toBe(0);

    const stale = await call(merchant, 'PATCH', `/v1/audiences/${audId}`, { name: 'x', version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].code).toBe('stale_version');
    const p = await call(merchant, 'PATCH', `/v1/audiences/${audId}`, {
      version: 1,
      expression: { tier: { store, tier: 'customers' } },
    });
    expect(p.status).toBe(200);
    expect(p.body.version).toBe(2);
    const tiers = await storeTiers({ db: t.ctx.db.kysely, timeZone: TINY.timeZone }, store);
    expect(p.body.size).toBe(tiers.customers.size);
    expect((await call(merchant, 'POST', `/v1/audiences/${audId}/refresh`)).status).toBe(200);
    const s = await call(merchant, 'GET', `/v1/audiences/${audId}/snapshots`);
    expect(s.body.items.map((x: { no: number }) => x.no)).toEqual([3, 2, 1]);
    expect(JSON.stringify(s.body)).not.toMatch(/consumer|bitmap/);
  });

  test('daily audiences get a snapshot once a day, when the day has a tag build', async () => {
    const env = { db: t.ctx.db.kysely, timeZone: TINY.timeZone };
    // Today's build is not there yet (the build describes the world's last day): nothing happens.
    expect(await refreshDaily(env, new Date())).toBe(0);
    await q(sql`UPDATE aud_snapshots SET taken_at = taken_at - interval '400 days'`);
    expect(await refreshDaily(env, NOW)).toBe(1);
    expect(await refreshDaily(env, NOW)).toBe(0);
    const s = await call(merchant, 'GET', `/v1/audiences/${audId}/snapshots`);
    expect(s.body.items.map((x: { no: number }) => x.no)).toEqual([4, 3, 2, 1]);
  });

  test('an audience leaf reads the latest snapshot; a lookalike is disjoint from its seed', async () => {
    const seed = await call(merchant, 'GET', `/v1/audiences/${audId}`);
    const r = await call(merchant, 'POST', '/v1/audiences/size', {
      expression: { op: 'or', args: [{ audience: audId }] },
    });
    expect(r.body.size).toBe(seed.body.size);
    const l = await call(merchant, 'POST', `/v1/audiences/${audId}/lookalike`, { size: 40 });
    expect(l.status, JSON.stringify(l.body)).toBe(201);
    expect(l.body.size).toBe(40);
    const both = await call(merchant, 'POST', '/v1/audiences/size', {
      expression: { op: 'and', args: [{ audience: audId }, { audience: l.body.id }] },
    });
    expect(both.body.size).toBe(0);
  });

  test('insight: 10 dimensions, counts as the tag bitmaps give them, small cells suppressed', async () => {
    expect((await call(t.keys.operator!, 'PUT', '/v1/audiences/settings', { minCell: 10 })).status).toBe(200);
    const r = await call(merchant, 'GET', `/v1/audiences/${audId}/insight?base=platform`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.dimensions.map((d: { key: string }) => d.key)).toEqual([
      'age',
      'gender',
      'region',
      'city_tier',
      'affinity',
      'price_band',
      'channel',
      'lifecycle',
      'rfm',
      'price_sensitivity',
    ]);
    expect(r.body.minCell).toBe(10);
    const index = await tagIndex(t.ctx.db.kysely);
    const [{ bitmap }] = (await q<{ bitmap: Uint8Array }>(sql`SELECT bitmap FROM aud_snapshots
      WHERE audience_id = ${audId} ORDER BY no DESC LIMIT 1`)) as [{ bitmap: Uint8Array }];
    const members = fromBytes(bitmap);
    let shown = 0;
    let hidden = 0;
    for (const d of r.body.dimensions)
      for (const v of d.values) {
        const n = index.tag(v.key)!.andCardinality(members);
        const base = index.tag(v.key)!.andCardinality(index.universe);
        if (n < 10) {
          hidden++;
          expect(v).toMatchObject({ count: null, share: null, tgi: null, suppressed: true });
        } else {
          shown++;
          expect(v.count).toBe(n);
          expect(v.share).toBeCloseTo(n / members.size, 4);
          if (base >= 10)
            expect(v.tgi).toBe(Math.round((n / members.size / (base / index.universe.size)) * 100));
        }
      }
    expect(shown).toBeGreaterThan(0);
    expect(hidden).toBeGreaterThan(0);
    await call(t.keys.operator!, 'PUT', '/v1/audiences/settings', { minCell: 10_000 });
    const all = await call(merchant, 'POST', '/v1/audiences/insight', {
      expression: { audience: audId },
      base: 'customers',
    });
    expect(all.status).toBe(200);
    expect(all.body.base.kind).toBe('customers');
    const [{ n: customers }] = (await q<{
      n: number;
    }>(sql`SELECT count(DISTINCT consumer_id)::int AS n FROM orders
      WHERE merchant_id = ${mId} AND status <> 'cancelled'
        AND paid_day BETWEEN ${shiftDay(asOf, -179)}::date AND ${asOf}::date`)) as [{ n: number }];
    expect(all.body.base.size).toBe(customers);
    expect(
      all.body.dimensions
        .flatMap((d: { values: { suppressed: boolean }[] }) => d.values)
        .every((v: { suppressed: boolean }) => v.suppressed),
    ).toBe(true);
    await call(t.keys.operator!, 'PUT', '/v1/audiences/settings', { minCell: 50 });
  });

  test('another merchant’s store, audience or template is refused (403); its audience cannot be read', async () => {
    const tier = await call(merchant, 'POST', '/v1/audiences/size', {
      expression: { tier: { store: otherStore, tier: 'customers' } },
    });
    expect(tier.status).toBe(403);
    expect(tier.body.errors[0].field).toBe('expression.tier.store');
    const ev = await call(merchant, 'POST', '/v1/audiences/size', {
      expression: {
        op: 'and',
        args: [{ tag: 'gender:f' }, { event: { type: 'view', store: otherStore, min: 1, days: 7 } }],
      },
    });
    expect(ev.status).toBe(403);
    expect(ev.body.errors[0].field).toBe('expression.args[1].event.store');
    const aud = await call(other, 'POST', '/v1/audiences/size', { expression: { audience: audId } });
    expect(aud.status).toBe(403);
    expect((await call(other, 'GET', `/v1/audiences/${audId}`)).status).toBe(403);
    expect((await call(other, 'GET', `/v1/audiences/${audId}/insight`)).status).toBe(403);
    expect(
      (await call(other, 'POST', `/v1/audiences/${audId}/activations`, { kind: 'ad', adId: 'ad1' })).status,
    ).toBe(403);
    expect((await call(other, 'GET', `/v1/audiences/stores/${store}/tiers`)).status).toBe(403);
    expect(
      (
        await call(merchant, 'POST', '/v1/audiences/size', {
          merchantId: otherId,
          expression: { tag: 'gender:f' },
        })
      ).status,
    ).toBe(403);
    const creator = await t.key('creator', 'cr1');
    expect(
      (await call(creator, 'POST', '/v1/audiences/size', { expression: { tag: 'gender:f' } })).status,
    ).toBe(403);
  });
});

describe('store tiers', () => {
  test('visitors split into customers and prospects; tiers as defined', async () => {
    const r = await call(merchant, 'GET', `/v1/audiences/stores/${store}/tiers`);
    expect(r.status).toBe(200);
    const { tiers, visitors } = r.body;
    expect(visitors.customers + visitors.prospects).toBe(visitors.total);
    expect(visitors.total).toBeGreaterThan(0);
    expect(tiers.customers).toBeGreaterThan(0);
    const x = await storeTiers({ db: t.ctx.db.kysely, timeZone: TINY.timeZone }, store);
    expect(x.customers.andCardinality(x.prospects)).toBe(0);
    expect(x.customers.andCardinality(x.intent)).toBe(0);
    expect(x.potential.andCardinality(x.customers) + x.potential.andCardinality(x.intent)).toBe(0);
    expect(x.competitor.andCardinality(x.customers)).toBe(0);
    expect(tiers.potential).toBeGreaterThan(0);
    const [{ n }] = (await q<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM aud_users u WHERE ${customerOf(store)}`,
    )) as [{ n: number }];
    expect(tiers.customers).toBe(n);
  });
});

describe('activations', () => {
  let audId: string;
  let tpl: string;
  beforeAll(async () => {
    const a = await call(merchant, 'POST', '/v1/audiences', {
      name: 'Viewers of the top category',
      expression: { event: { type: 'view', category: l1, min: 1, days: 30 } },
    });
    expect(a.status).toBe(201);
    audId = a.body.id;
    const tr = await call(
      merchant,
      'POST',
      '/v1/pricing/coupon-templates',
      storeTemplate({
        id: 'tpl_aud_test',
        merchantId: mId,
        scope: { storeIds: [store] },
        totalQuantity: 5000,
      }),
    );
    expect(tr.status, JSON.stringify(tr.body)).toBe(201);
    tpl = tr.body.id;
  });

  test('a coupon goes to the treatment group only; holdout disjoint; retries issue nothing twice', async () => {
    const body = { kind: 'coupon', couponTemplateId: tpl, holdoutPct: 20 };
    const r = await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, body, {
      'idempotency-key': 'k1',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const again = await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, body, {
      'idempotency-key': 'k1',
    });
    expect(again.body).toEqual(r.body);
    const act = r.body;
    expect(act).toMatchObject({ kind: 'coupon', holdoutPct: 20, status: 'done', snapshotNo: 1 });
    expect(JSON.stringify(act)).not.toMatch(/consumer/i);
    const aud = await call(merchant, 'GET', `/v1/audiences/${audId}`);
    expect(act.treatment + act.holdout).toBe(aud.body.size);
    expect(act.holdout).toBeGreaterThan(0);
    expect(act.issued).toBe(act.treatment);

    const [row] = (await q<{ treatment_bitmap: Uint8Array; holdout_bitmap: Uint8Array }>(
      sql`SELECT treatment_bitmap, holdout_bitmap FROM aud_activations WHERE id = ${act.id}`,
    )) as [{ treatment_bitmap: Uint8Array; holdout_bitmap: Uint8Array }];
    const tb = fromBytes(row.treatment_bitmap);
    const hb = fromBytes(row.holdout_bitmap);
    expect(tb.andCardinality(hb)).toBe(0);
    const coupons = await q<{
      idx: number;
    }>(sql`SELECT u.idx FROM pricing_coupons p JOIN aud_users u ON u.consumer_id = p.user_id
      WHERE p.template_id = ${tpl}`);
    expect(coupons.length).toBe(act.issued);
    const got = coupons.map((c) => c.idx).sort((a, b) => a - b);
    expect(got).toEqual([...tb]);

    // The same id again: the stored activation, nothing issued twice; another request under the id is 409.
    const byId = { ...body, id: 'act_fixed' };
    const first = await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, byId);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, byId);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(
      (await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, { ...byId, holdoutPct: 30 }))
        .status,
    ).toBe(409);
    const [{ n }] = (await q<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM pricing_coupons WHERE template_id = ${tpl}`,
    )) as [{ n: number }];
    // Users who already hold the template's one coupon per buyer get none from the second activation.
    expect(n).toBe(act.issued + first.body.issued);
    expect(first.body.issued).toBeLessThan(first.body.treatment);
  });

  test('template checks: another merchant’s is 403, too few coupons is 409, missing field 422', async () => {
    const o = await call(
      other,
      'POST',
      '/v1/pricing/coupon-templates',
      storeTemplate({ id: 'tpl_other', merchantId: otherId, scope: { storeIds: [otherStore] } }),
    );
    expect(o.status, JSON.stringify(o.body)).toBe(201);
    expect(
      (
        await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, {
          kind: 'coupon',
          couponTemplateId: 'tpl_other',
        })
      ).status,
    ).toBe(403);
    await call(
      merchant,
      'POST',
      '/v1/pricing/coupon-templates',
      storeTemplate({ id: 'tpl_small', merchantId: mId, scope: { storeIds: [store] }, totalQuantity: 1 }),
    );
    const few = await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, {
      kind: 'coupon',
      couponTemplateId: 'tpl_small',
    });
    expect(few.status).toBe(409);
    expect(few.body.errors[0].code).toBe('insufficient_quantity');
    const miss = await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, { kind: 'coupon' });
    expect(miss.status).toBe(422);
    expect(miss.body.errors[0].field).toBe('couponTemplateId');
  });

  test('traffic boost needs an active program; an ad is recorded; neither issues anything', async () => {
    const bad = await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, {
      kind: 'traffic_boost',
      programId: 'no_such_program',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'programId', code: 'unknown_program' });
    const ad = await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, {
      kind: 'ad',
      adId: 'ad_summer',
      holdoutPct: 0,
    });
    expect(ad.status).toBe(201);
    expect(ad.body).toMatchObject({ target: { adId: 'ad_summer' }, holdout: 0, issued: 0 });
    expect(ad.body.treatment).toBeGreaterThan(0);
  });

  test('push records a message per treatment user; results compare treatment and holdout orders since', async () => {
    const r = await call(merchant, 'POST', `/v1/audiences/${audId}/activations`, {
      kind: 'push',
      message: { title: 'Hello', body: 'New arrivals' },
      holdoutPct: 50,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const [{ n }] = (await q<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM aud_messages WHERE activation_id = ${r.body.id}`,
    )) as [{ n: number }];
    expect(n).toBe(r.body.treatment);
    expect(r.body.issued).toBe(n);

    // One treatment user buys at the merchant's store afterwards.
    const [row] = (await q<{ treatment_bitmap: Uint8Array }>(
      sql`SELECT treatment_bitmap FROM aud_activations WHERE id = ${r.body.id}`,
    )) as [{ treatment_bitmap: Uint8Array }];
    const idx = fromBytes(row.treatment_bitmap).minimum();
    const [{ consumer_id }] = (await q<{ consumer_id: string }>(
      sql`SELECT consumer_id FROM aud_users WHERE idx = ${idx}`,
    )) as [{ consumer_id: string }];
    const [sku] = (await q<{
      id: string;
      price: number;
    }>(sql`SELECT k.id, k.price FROM skus k JOIN products p ON p.id = k.product_id
      WHERE p.store_id = ${store} ORDER BY k.id LIMIT 1`)) as [{ id: string; price: number }];
    const order = (id: string, at: string) => ({
      id,
      storeId: store,
      consumerId: consumer_id,
      status: 'paid',
      source: { scene: 'search', channel: 'organic' },
      lines: [{ lineNo: 1, skuId: sku.id, quantity: 1, unitPrice: sku.price, discount: 0 }],
      itemsAmount: sku.price,
      discountAmount: 0,
      shippingFee: 0,
      payAmount: sku.price,
      payments: [{ id: `${id}-pay`, kind: 'full', amount: sku.price, paidAt: at }],
      createdAt: at,
      paidAt: at,
    });
    // A second order is timestamped an hour ahead of the clock (as a simulated day reports): not counted yet.
    const o = await call(t.keys.integration!, 'POST', '/v1/orders', {
      records: [
        order('o_after_push', new Date().toISOString()),
        order('o_ahead_of_clock', new Date(Date.now() + 3_600_000).toISOString()),
      ],
    });
    expect(o.status, JSON.stringify(o.body)).toBe(200);
    const g = await call(merchant, 'GET', `/v1/audiences/activations/${r.body.id}`);
    expect(g.status).toBe(200);
    expect(g.body.results.treatment).toEqual({
      users: r.body.treatment,
      buyers: 1,
      orders: 1,
      gmv: sku.price,
    });
    expect(g.body.results.holdout).toMatchObject({ users: r.body.holdout, buyers: 0, orders: 0, gmv: 0 });
    expect(g.body.results.conversion.treatment).toBeCloseTo(1 / r.body.treatment, 4);
    expect(g.body.results.conversion.lift).toBeNull();
    const list = await call(merchant, 'GET', `/v1/audiences/activations?audienceId=${audId}`);
    expect(list.body.total).toBe(4);
    expect((await call(other, 'GET', `/v1/audiences/activations/${r.body.id}`)).status).toBe(403);
  });
});

describe('demo seeding', () => {
  test('four audiences of the demo merchant and a coupon activation with a 10% holdout; again changes nothing', async () => {
    const line = await seedAudiencesDemo(t.ctx.db.kysely, {
      timeZone: TINY.timeZone,
      merchantId: mId,
      now: NOW,
    });
    expect(line).toMatch(/4 audiences/);
    const ids = ['aud_demo_customers', 'aud_demo_price_sensitive', 'aud_demo_intent', 'aud_demo_lookalike'];
    for (const id of ids) {
      const a = await call(merchant, 'GET', `/v1/audiences/${id}`);
      expect(a.status, id).toBe(200);
      expect(a.body.size, id).toBeGreaterThan(0);
    }
    const act = await call(merchant, 'GET', '/v1/audiences/activations/act_demo_coupon');
    expect(act.status).toBe(200);
    expect(act.body).toMatchObject({ kind: 'coupon', holdoutPct: 10, status: 'done' });
    expect(act.body.holdout).toBeGreaterThan(0);
    expect(act.body.issued).toBeGreaterThan(0);
    const count = async () =>
      (
        await q<{
          a: number;
          s: number;
          c: number;
        }>(sql`SELECT (SELECT count(*)::int FROM aud_audiences) AS a,
        (SELECT count(*)::int FROM aud_snapshots) AS s, (SELECT count(*)::int FROM pricing_coupons) AS c`)
      )[0];
    const before = await count();
    await seedAudiencesDemo(t.ctx.db.kysely, { timeZone: TINY.timeZone, merchantId: mId, now: NOW });
    expect(await count()).toEqual(before);
  });
});
