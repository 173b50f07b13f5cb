import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testApp, type TestApp } from '../../../test/harness.ts';
import { ORDER_CREATE_HOOKS } from '../marketplace/index.ts';
import { Bitmap, toBytes } from '../audiences/index.ts';
import { simulate } from '../simulator/index.ts';
import { TINY } from '../simulator/tiny.fixture.ts';
import { sourceOf } from './domain/sources.ts';

/**
 * Measurement routes on the tiny simulated marketplace (promotions, coupons, live sessions, distribution plans
 * through the real services), plus hand-written traffic exposures, a joint ad contribution and an activation.
 * Every expected figure is recomputed here from the raw tables by plain loops, not by the services' SQL.
 */

let t: TestApp;
let mId: string;
let merchant: string;
let other: string;
let otherId: string;
let creator: string;
const FROM = '2026-06-10';
const TO = '2026-06-20';
const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.ctx.db.kysely)).rows;
const get = (token: string, url: string) => t.req(token, { method: 'GET', url });

beforeAll(async () => {
  t = await testApp();
  const summary = await simulate(t.ctx.db, { ...TINY, orderHooks: t.ctx.hooks.list(ORDER_CREATE_HOOKS) });
  await t.ctx.dispatcher.drain();
  mId = summary.demo.merchantId;
  [{ merchant_id: otherId }] = (await q<{ merchant_id: string }>(
    sql`SELECT merchant_id FROM stores WHERE merchant_id <> ${mId} ORDER BY id LIMIT 1`,
  )) as [{ merchant_id: string }];
  merchant = await t.key('merchant', mId);
  other = await t.key('merchant', otherId);
  const [{ id: cr }] = (await q<{ id: string }>(sql`SELECT id FROM creators ORDER BY id LIMIT 1`)) as [
    { id: string },
  ];
  creator = await t.key('creator', cr);
}, 600_000);
afterAll(() => t?.close());

interface PaidOrder {
  id: string;
  store_id: string;
  consumer_id: string;
  pay_amount: string;
  paid_day: string;
  created_at: Date;
  scene: string;
  channel: string;
  live_session_id: string | null;
}
const paid = (merchantId: string) =>
  q<PaidOrder>(sql`SELECT id, store_id, consumer_id, pay_amount, paid_day::text AS paid_day, created_at, scene, channel,
    live_session_id FROM orders WHERE merchant_id = ${merchantId} AND paid_day BETWEEN ${FROM}::date AND ${TO}::date
    AND status <> 'cancelled'`);

describe('ROI', () => {
  test('promotions and coupon templates: GMV and discounts by funder, recomputed from the allocations', async () => {
    const r = await get(merchant, `/v1/analytics/roi?from=${FROM}&to=${TO}`);
    expect(r.status).toBe(200);
    expect(r.body.merchantId).toBe(mId);
    const orders = new Map((await paid(mId)).map((o) => [o.id, o]));
    const allocs = await q<{
      order_id: string;
      source_type: string;
      source_id: string;
      template_id: string | null;
      platform_funded: string;
      merchant_funded: string;
    }>(
      sql`SELECT order_id, source_type, source_id, template_id, platform_funded, merchant_funded FROM pricing_allocations`,
    );
    const want = new Map<
      string,
      { orders: Set<string>; buyers: Set<string>; gmv: number; pf: number; mf: number }
    >();
    for (const a of allocs) {
      const o = orders.get(a.order_id);
      if (!o || a.source_type === 'points') continue;
      const key = a.source_type === 'offer' ? `promotion:${a.source_id}` : `coupon:${a.template_id}`;
      const w = want.get(key) ?? { orders: new Set(), buyers: new Set(), gmv: 0, pf: 0, mf: 0 };
      if (!w.orders.has(o.id)) w.gmv += Number(o.pay_amount);
      w.orders.add(o.id);
      w.buyers.add(o.consumer_id);
      w.pf += Number(a.platform_funded);
      w.mf += Number(a.merchant_funded);
      want.set(key, w);
    }
    expect(want.size).toBeGreaterThan(2);
    const got = r.body.rows.filter((x: { kind: string }) => x.kind === 'promotion' || x.kind === 'coupon');
    expect(got.length).toBe(want.size);
    for (const row of got) {
      const w = want.get(`${row.kind}:${row.id}`)!;
      expect(row).toMatchObject({
        gmv: w.gmv,
        orders: w.orders.size,
        buyers: w.buyers.size,
        costs: {
          discountPlatform: w.pf,
          discountMerchant: w.mf,
          commission: 0,
          fees: 0,
          adSpend: 0,
          exposureCost: 0,
        },
        totalCost: w.pf + w.mf,
      });
      expect(row.roi).toBe(w.pf + w.mf > 0 ? Math.round((w.gmv / (w.pf + w.mf)) * 10_000) / 10_000 : null);
    }
    // kind filter
    const c = await get(merchant, `/v1/analytics/roi?from=${FROM}&to=${TO}&kind=coupon`);
    expect(c.body.rows.length).toBe([...want.keys()].filter((k) => k.startsWith('coupon:')).length);
    expect(c.body.rows.every((x: { kind: string }) => x.kind === 'coupon')).toBe(true);
  });

  test('live sessions reconcile with the live orders; plans with the commission lines', async () => {
    const r = await get(merchant, `/v1/analytics/roi?from=${FROM}&to=${TO}`);
    const orders = await paid(mId);
    const live = orders.filter((o) => o.live_session_id);
    expect(live.length).toBeGreaterThan(0);
    const liveRows = r.body.rows.filter((x: { kind: string }) => x.kind === 'live');
    const sum = (rows: { gmv: number }[]) => rows.reduce((a, x) => a + x.gmv, 0);
    expect(sum(liveRows)).toBe(live.reduce((a, o) => a + Number(o.pay_amount), 0));
    expect(liveRows.reduce((a: number, x: { orders: number }) => a + x.orders, 0)).toBe(live.length);
    const ids = new Set(orders.map((o) => o.id));
    const lines = (
      await q<{ order_id: string; plan_id: string | null; commission: string }>(
        sql`SELECT order_id, plan_id, commission FROM commission_lines`,
      )
    ).filter((l) => ids.has(l.order_id));
    const liveIds = new Map(live.map((o) => [o.id, o.live_session_id!]));
    const liveCommission = new Map<string, number>();
    const plans = new Map<string, { commission: number; orders: Set<string> }>();
    for (const l of lines) {
      const s = liveIds.get(l.order_id);
      if (s) liveCommission.set(s, (liveCommission.get(s) ?? 0) + Number(l.commission));
      if (!l.plan_id) continue;
      const p = plans.get(l.plan_id) ?? { commission: 0, orders: new Set() };
      p.commission += Number(l.commission);
      p.orders.add(l.order_id);
      plans.set(l.plan_id, p);
    }
    // No proxy contracts in the tiny world: a session's commission is its orders' commission lines.
    expect((await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM proxy_contracts`))[0]!.n).toBe(0);
    for (const row of liveRows) expect(row.costs.commission).toBe(liveCommission.get(row.id) ?? 0);
    const planRows = r.body.rows.filter((x: { kind: string }) => x.kind === 'plan');
    expect(planRows.length).toBe(plans.size);
    expect(plans.size).toBeGreaterThan(0);
    const byId = new Map(orders.map((o) => [o.id, o]));
    for (const row of planRows) {
      const p = plans.get(row.id)!;
      expect(row.costs.commission).toBe(p.commission);
      expect(row.orders).toBe(p.orders.size);
      expect(row.gmv).toBe([...p.orders].reduce((a, id) => a + Number(byId.get(id)!.pay_amount), 0));
    }
  });

  test('a traffic program: exposure cost at the CPM and view-through GMV; a joint ad: spend', async () => {
    const orders = await paid(mId);
    const o = orders.find((x) => x.paid_day >= '2026-06-14')!;
    const [line] = await q<{ product_id: string }>(
      sql`SELECT product_id FROM order_lines WHERE order_id = ${o.id} LIMIT 1`,
    );
    const db = t.ctx.db.kysely;
    await sql`INSERT INTO traffic_programs (id, kind, name, starts_on, ends_on, params)
      VALUES ('an-test-budget', 'budget', 'Test budget', '2026-06-10', '2026-06-20', '{}')`.execute(db);
    // shown two days before the payment (counts) and 9 days after the range's start on another store (not ours)
    const shownDay = new Date(Date.parse(`${o.paid_day}T00:00:00Z`) - 2 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    await sql`INSERT INTO traffic_exposures (day, hour, scene, item_kind, item_id, store_id, program_id, exposures)
      VALUES (${shownDay}::date, 10, 'feed', 'product', ${line!.product_id}, ${o.store_id}, 'an-test-budget', 1234),
             (${shownDay}::date, 11, 'feed', 'product', ${line!.product_id}, ${o.store_id}, 'an-test-budget', 767)`.execute(
      db,
    );
    const want = orders.filter((x) => x.store_id === o.store_id && x.paid_day >= shownDay);
    const lines = await q<{ order_id: string }>(
      sql`SELECT DISTINCT order_id FROM order_lines WHERE product_id = ${line!.product_id}`,
    );
    const withProduct = new Set(lines.map((l) => l.order_id));
    const hits = want.filter(
      (x) => withProduct.has(x.id) && Date.parse(x.paid_day) - Date.parse(shownDay) <= 7 * 86_400_000,
    );
    const r = await get(merchant, `/v1/analytics/roi?from=${FROM}&to=${TO}&kind=program&exposureCpm=1999`);
    expect(r.status).toBe(200);
    const [row] = r.body.rows;
    expect(row.id).toBe('an-test-budget');
    expect(row.name).toBe('Test budget');
    // 2001 exposures at 1999 fen per thousand = 3999.999 fen → 4000 (half up)
    expect(row.costs.exposureCost).toBe(4000);
    expect(row.orders).toBe(hits.length);
    expect(row.gmv).toBe(hits.reduce((a, x) => a + Number(x.pay_amount), 0));
    // The other merchant's stores saw none of it.
    const o2 = await get(other, `/v1/analytics/roi?from=${FROM}&to=${TO}&kind=program`);
    expect(o2.body.rows).toEqual([]);

    // A funded joint ad of 7 days (06-15 … 06-21): the merchant's posted contribution is its ad spend, spread
    // evenly over those days (400,000 = 6 × 57,143 + 57,142); the range holds the first 6.
    await sql`INSERT INTO joint_campaigns (id, type, name, organiser_merchant_id, organiser_store_id, starts_at, ends_at,
        rules, requirements, funding, body_hash)
      VALUES ('an-jc', 'ad_crowdfunding', 'Ad together', ${mId}, ${o.store_id}, '2026-06-15T00:00:00+08:00',
        '2026-06-22T00:00:00+08:00', '{}', '{}', '{"mode":"own_lines"}', 'x')`.execute(db);
    await sql`INSERT INTO joint_ads (campaign_id, slot, price, exposures, deadline, split, seats, units, max_participants,
        starts_at, ends_at, status, program_id)
      VALUES ('an-jc', 'feed_top', 1200000, 800000, '2026-06-14T00:00:00+08:00', 'equal', 3, 3, 3,
        '2026-06-15T00:00:00+08:00', '2026-06-22T00:00:00+08:00', 'funded', 'jad-an-jc')`.execute(db);
    await sql`INSERT INTO joint_ad_contributions (campaign_id, store_id, seq, merchant_id, ranges, share_bp, amount, status,
        hold_key, joined_at)
      VALUES ('an-jc', ${o.store_id}, 1, ${mId}, '[]', 3333, 400000, 'posted', 'k1', now()),
             ('an-jc', 'other-store', 1, ${otherId}, '[]', 3333, 400000, 'posted', 'k2', now()),
             ('an-jc', 'third-store', 1, ${otherId}, '[]', 3334, 400000, 'voided', 'k3', now())`.execute(db);
    const j = await get(merchant, `/v1/analytics/roi?from=${FROM}&to=${TO}&kind=joint`);
    const ad = j.body.rows.find((x: { id: string }) => x.id === 'an-jc');
    expect(ad.costs.adSpend).toBe(342_858);
    expect(ad.totalCost).toBe(
      342_858 + ad.costs.discountMerchant + ad.costs.discountPlatform + ad.costs.discountOther,
    );
    const all = await get(t.keys.operator!, `/v1/analytics/roi?from=${FROM}&to=${TO}&kind=joint`);
    expect(all.body.merchantId).toBeNull();
    expect(all.body.rows.find((x: { id: string }) => x.id === 'an-jc').costs.adSpend).toBe(2 * 342_858);
    // The ad's last day falls in the next range: the two add up to the contribution.
    const after = await get(merchant, `/v1/analytics/roi?from=2026-06-21&to=2026-06-30&kind=joint`);
    expect(after.body.rows.find((x: { id: string }) => x.id === 'an-jc').costs.adSpend).toBe(57_142);
    // Before the ad's first day: no spend in the range.
    const before = await get(merchant, `/v1/analytics/roi?from=2026-06-10&to=2026-06-14&kind=joint`);
    expect(before.body.rows.find((x: { id: string }) => x.id === 'an-jc')).toBeUndefined();
  });

  test('operators see all merchants or the one named; the totals of all equal the sum per merchant', async () => {
    const all = await get(t.keys.operator!, `/v1/analytics/roi?from=${FROM}&to=${TO}&kind=plan`);
    const mine = await get(
      t.keys.operator!,
      `/v1/analytics/roi?from=${FROM}&to=${TO}&kind=plan&merchantId=${mId}`,
    );
    const self = await get(merchant, `/v1/analytics/roi?from=${FROM}&to=${TO}&kind=plan`);
    expect(mine.body.rows).toEqual(self.body.rows);
    const plans = await q<{ id: string; merchant_id: string }>(
      sql`SELECT id, merchant_id FROM commission_plans`,
    );
    const ofM = new Set(plans.filter((p) => p.merchant_id === mId).map((p) => p.id));
    expect(all.body.rows.filter((x: { id: string }) => ofM.has(x.id))).toEqual(self.body.rows);
  });

  test('CSV, roles and bad input', async () => {
    const csv = await get(merchant, `/v1/analytics/roi?from=${FROM}&to=${TO}&format=csv&kind=promotion`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = String(csv.body).trim().split('\n');
    expect(lines[0]).toBe(
      'kind,id,name,gmv_fen,orders,buyers,discount_merchant_fen,discount_platform_fen,discount_other_fen,commission_fen,fees_fen,ad_spend_fen,exposure_cost_fen,total_cost_fen,roi',
    );
    const json = await get(merchant, `/v1/analytics/roi?from=${FROM}&to=${TO}&kind=promotion`);
    expect(lines.length - 1).toBe(json.body.rows.length);
    expect((await get(merchant, `/v1/analytics/roi?merchantId=${otherId}`)).status).toBe(403);
    expect((await get(creator, '/v1/analytics/roi')).status).toBe(403);
    const bad = await get(merchant, '/v1/analytics/roi?kind=nope');
    expect(bad.status).toBe(400);
    expect(String(bad.headers['content-type'])).toContain('application/problem+json');
    expect((await get(merchant, '/v1/analytics/roi?from=2026-06-20&to=2026-06-01')).status).toBe(422);
    expect((await get(merchant, '/v1/analytics/roi?exposureCpm=-1')).status).toBe(400);
  });
});

describe('attribution', () => {
  test('last touch recomputed from the raw events; both models credit every order and fen', async () => {
    const r = await get(merchant, `/v1/analytics/attribution?from=${FROM}&to=${TO}&lookbackDays=3`);
    expect(r.status).toBe(200);
    const orders = await paid(mId);
    const gmv = orders.reduce((a, o) => a + Number(o.pay_amount), 0);
    expect(r.body.orders).toBe(orders.length);
    const sum = (k: 'lastTouch' | 'positionBased', f: 'gmv' | 'orders') =>
      r.body.rows.reduce((a: number, x: Record<string, Record<string, number>>) => a + x[k]![f]!, 0);
    expect(sum('lastTouch', 'gmv')).toBe(gmv);
    expect(sum('positionBased', 'gmv')).toBe(gmv);
    expect(sum('lastTouch', 'orders')).toBe(orders.length);
    expect(sum('positionBased', 'orders')).toBeCloseTo(orders.length, 3);

    const events = await q<{
      id: string;
      user_id: string;
      store_id: string;
      occurred_at: Date;
      scene: string;
      channel: string;
      type: string;
    }>(
      sql`SELECT id, user_id, store_id, occurred_at, scene, channel, type FROM events
        WHERE store_id IN (SELECT id FROM stores WHERE merchant_id = ${mId}) AND day BETWEEN '2026-06-01' AND ${TO}::date
          AND type IN ('click', 'view', 'cart', 'favorite', 'live_enter')`,
    );
    const byUser = new Map<string, typeof events>();
    for (const e of events) {
      const k = `${e.user_id}|${e.store_id}`;
      byUser.set(k, [...(byUser.get(k) ?? []), e]);
    }
    const want = new Map<string, { orders: number; gmv: number }>();
    let withPath = 0;
    for (const o of orders) {
      const end = new Date(o.created_at).getTime();
      const touches = (byUser.get(`${o.consumer_id}|${o.store_id}`) ?? [])
        .filter((e) => {
          const at = new Date(e.occurred_at).getTime();
          return at < end && at >= end - 3 * 86_400_000;
        })
        .sort(
          (a, b) =>
            new Date(a.occurred_at).getTime() - new Date(b.occurred_at).getTime() || (a.id < b.id ? -1 : 1),
        );
      const last = touches.at(-1);
      if (last) withPath++;
      const s = last ? sourceOf(last.scene, last.channel) : sourceOf(o.scene, o.channel);
      const w = want.get(s) ?? { orders: 0, gmv: 0 };
      w.orders++;
      w.gmv += Number(o.pay_amount);
      want.set(s, w);
    }
    expect(withPath).toBeGreaterThan(0);
    expect(r.body.ordersWithPath).toBe(withPath);
    const got = Object.fromEntries(
      r.body.rows
        .filter((x: { lastTouch: { orders: number } }) => x.lastTouch.orders > 0)
        .map((x: { source: string; lastTouch: { orders: number; gmv: number } }) => [
          x.source,
          { orders: x.lastTouch.orders, gmv: x.lastTouch.gmv },
        ]),
    );
    expect(got).toEqual(Object.fromEntries(want));
    // A longer lookback never finds fewer paths.
    const longer = await get(merchant, `/v1/analytics/attribution?from=${FROM}&to=${TO}&lookbackDays=30`);
    expect(longer.body.ordersWithPath).toBeGreaterThanOrEqual(withPath);
  });

  test('CSV, roles and bad input', async () => {
    const csv = await get(merchant, `/v1/analytics/attribution?from=${FROM}&to=${TO}&format=csv`);
    expect(String(csv.body).split('\n')[0]).toBe(
      'source,last_touch_orders,last_touch_gmv_fen,last_touch_share,position_based_orders,position_based_gmv_fen,position_based_share',
    );
    expect((await get(t.keys.operator!, '/v1/analytics/attribution')).status).toBe(422);
    expect(
      (await get(t.keys.operator!, `/v1/analytics/attribution?merchantId=${mId}&from=${FROM}&to=${TO}`))
        .status,
    ).toBe(200);
    expect((await get(other, `/v1/analytics/attribution?merchantId=${mId}`)).status).toBe(403);
    expect((await get(creator, '/v1/analytics/attribution')).status).toBe(403);
    expect((await get(merchant, '/v1/analytics/attribution?lookbackDays=31')).status).toBe(400);
    expect((await get(merchant, '/v1/analytics/attribution?lookbackDays=0')).status).toBe(400);
  });
});

describe('experiments', () => {
  const ACT = 'an-act-1';
  const AT = '2026-06-12T00:00:00+08:00';
  const treatment: string[] = [];
  const holdout: string[] = [];

  beforeAll(async () => {
    const db = t.ctx.db.kysely;
    await sql`INSERT INTO aud_users (consumer_id) SELECT id FROM consumers ORDER BY id ON CONFLICT DO NOTHING`.execute(
      db,
    );
    const users = await q<{ idx: number; consumer_id: string }>(
      sql`SELECT idx, consumer_id FROM aud_users ORDER BY idx LIMIT 300`,
    );
    const T = new Bitmap();
    const H = new Bitmap();
    users.forEach((u, i) => {
      if (i % 4 === 0) {
        H.add(u.idx);
        holdout.push(u.consumer_id);
      } else {
        T.add(u.idx);
        treatment.push(u.consumer_id);
      }
    });
    await sql`INSERT INTO aud_audiences (id, merchant_id, name, expression, refresh)
      VALUES ('an-aud', ${mId}, 'Test audience', '{}', 'manual')`.execute(db);
    await sql`INSERT INTO aud_activations (id, audience_id, snapshot_no, merchant_id, kind, target, holdout_pct, treatment,
        holdout, treatment_bitmap, holdout_bitmap, status, request_hash, created_at)
      VALUES (${ACT}, 'an-aud', 1, ${mId}, 'push', '{}', 25, ${T.size}, ${H.size}, ${toBytes(T)}, ${toBytes(H)}, 'done',
        'h', ${AT}::timestamptz)`.execute(db);
  });

  test('arms recomputed from the orders; incremental GMV = per-user difference × treatment users', async () => {
    const r = await get(merchant, `/v1/analytics/experiments/${ACT}?days=5`);
    expect(r.status).toBe(200);
    const from = Date.parse(AT);
    const to = from + 5 * 86_400_000;
    const os = await q<{ consumer_id: string; pay_amount: string; paid_at: Date }>(
      sql`SELECT consumer_id, pay_amount, paid_at FROM orders WHERE merchant_id = ${mId} AND status <> 'cancelled'
        AND paid_at IS NOT NULL`,
    );
    const arm = (users: string[]) => {
      const set = new Set(users);
      const per = new Map<string, number>();
      for (const o of os) {
        const at = new Date(o.paid_at).getTime();
        if (set.has(o.consumer_id) && at >= from && at < to)
          per.set(o.consumer_id, (per.get(o.consumer_id) ?? 0) + Number(o.pay_amount));
      }
      const gmv = [...per.values()].reduce((a, b) => a + b, 0);
      return { users: users.length, converters: per.size, gmv };
    };
    const T = arm(treatment);
    const H = arm(holdout);
    expect(T.converters + H.converters).toBeGreaterThan(0);
    expect(r.body.treatment).toMatchObject(T);
    expect(r.body.holdout).toMatchObject(H);
    expect(r.body.window).toEqual({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    const diff = T.gmv / T.users - H.gmv / H.users;
    expect(r.body.lift.incrementalGmv).toBe(Math.round(diff * T.users));
    expect(r.body.lift.conversionDiff).toBeCloseTo(T.converters / T.users - H.converters / H.users, 5);
    const ci = r.body.lift.incrementalGmvCi;
    expect(ci[0]).toBeLessThanOrEqual(r.body.lift.incrementalGmv);
    expect(ci[1]).toBeGreaterThanOrEqual(r.body.lift.incrementalGmv);
    expect(r.body.significant).toBe(r.body.lift.gmvP < 0.05);
    expect(r.body.method).toContain('Welch');
  });

  test('list, 404, 403 and bad days', async () => {
    const list = await get(merchant, '/v1/analytics/experiments');
    expect(list.body.rows.map((x: { activationId: string }) => x.activationId)).toContain(ACT);
    expect((await get(other, '/v1/analytics/experiments')).body.rows).toEqual([]);
    expect((await get(other, `/v1/analytics/experiments/${ACT}`)).status).toBe(403);
    expect((await get(t.keys.operator!, `/v1/analytics/experiments/${ACT}`)).status).toBe(200);
    const nf = await get(merchant, '/v1/analytics/experiments/nope');
    expect(nf.status).toBe(404);
    expect(String(nf.headers['content-type'])).toContain('application/problem+json');
    expect((await get(merchant, `/v1/analytics/experiments/${ACT}?days=61`)).status).toBe(400);
    expect((await get(creator, `/v1/analytics/experiments/${ACT}`)).status).toBe(403);
  });
});
