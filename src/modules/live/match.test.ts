import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { businessDay, shiftDay } from '../../core/time.ts';
import { activeConfig } from '../scoring/index.ts';
import { loadMatchIndex } from './match.repo.ts';

/**
 * Matching on a hand-built marketplace whose expected scores are computed here from the documented formulas
 * (docs/matching.md), not by the code under test:
 *   store s1 (merchant m1, Food) has buyers u1–u4 in the last 90 days and an open plan at 20%;
 *   crA declares Food, hosted one s1 session (10 views, ¥50 bought by u1) and is followed by u1, u2;
 *   crB declares Food, no audience among s1's buyers, word of mouth 4.50;
 *   crC declares Beauty only, followed by u3 and u4;
 *   crD declares Beauty only, no audience: not eligible for s1;
 *   crE declares Food and Beauty but is in an exclusive plan of merchant m2: never recommended to m1.
 */
let t: TestApp;
const TZ = 'Asia/Shanghai';
const today = businessDay(Date.now(), TZ);
const past = (days: number) => new Date(Date.parse(`${shiftDay(today, -days)}T04:00:00Z`));
let keys: Record<string, string> = {};

const get = (who: string, url: string) => t.req(keys[who] ?? null, { method: 'GET', url });

beforeAll(async () => {
  t = await testApp();
  const k = t.ctx.db.kysely;
  const run = (q: ReturnType<typeof sql>) => q.execute(k);
  await run(sql`INSERT INTO categories (id, parent_id, level, name) VALUES
    ('c1', NULL, 1, 'Food'), ('c11', 'c1', 2, 'Snacks'), ('c111', 'c11', 3, 'Nuts'),
    ('c2', NULL, 1, 'Beauty'), ('c21', 'c2', 2, 'Skin'), ('c211', 'c21', 3, 'Creams')`);
  await run(sql`INSERT INTO merchants (id, name, type, onboarded_at) VALUES
    ('m1', 'Hill Foods', 'pop', '2026-01-01'), ('m2', 'Rose Beauty', 'pop', '2026-01-01')`);
  await run(sql`INSERT INTO stores (id, merchant_id, name, main_category_id, opened_at) VALUES
    ('s1', 'm1', 'Hill Foods Flagship', 'c1', '2026-01-01'), ('s2', 'm2', 'Rose Beauty Store', 'c2', '2026-01-01')`);
  await run(sql`INSERT INTO products (id, store_id, merchant_id, category_id, title, listed_at) VALUES
    ('p1', 's1', 'm1', 'c111', 'Almonds', ${past(200)}), ('p2', 's2', 'm2', 'c211', 'Night cream', ${past(200)})`);
  await run(
    sql`INSERT INTO skus (id, product_id, price, stock) VALUES ('k1', 'p1', 2500, 10), ('k2', 'p2', 9900, 10)`,
  );
  await run(sql`INSERT INTO consumers (id, registered_at)
    SELECT 'u' || g, ${past(300)} FROM generate_series(1, 6) g`);
  await run(sql`INSERT INTO creators (id, name, followers, categories, joined_at) VALUES
    ('crA', 'Anna', 5000, '{c1}', '2026-01-01'), ('crB', 'Bo', 9000, '{c1}', '2026-01-01'),
    ('crC', 'Cai', 7000, '{c2}', '2026-01-01'), ('crD', 'Dan', 100, '{c2}', '2026-01-01'),
    ('crE', 'Eve', 8000, '{c1,c2}', '2026-01-01')`);
  await run(sql`INSERT INTO agencies (id, name) VALUES ('ag1', 'Star Agency')`);
  await run(
    sql`INSERT INTO agency_contracts (agency_id, creator_id, split_bp, starts_on) VALUES ('ag1', 'crA', 2000, '2026-01-01')`,
  );
  await run(sql`INSERT INTO follows (consumer_id, target_type, target_id, followed_at) VALUES
    ('u1', 'creator', 'crA', ${past(30)}), ('u2', 'creator', 'crA', ${past(30)}),
    ('u3', 'creator', 'crC', ${past(30)}), ('u4', 'creator', 'crC', ${past(30)}),
    ('u5', 'creator', 'crB', ${past(30)}),
    ('u6', 'creator', 'crD', ${past(30)}), ('u1', 'creator', 'crD', ${past(30)} )`);
  // crD's follower u1 unfollowed: only u6 remains, who bought nothing from s1.
  await run(
    sql`UPDATE follows SET unfollowed_at = ${past(5)} WHERE consumer_id = 'u1' AND target_id = 'crD'`,
  );
  await run(sql`INSERT INTO live_sessions (id, store_id, merchant_id, host_type, creator_id, started_at, ended_at)
    VALUES ('ls1', 's1', 'm1', 'creator', 'crA', ${past(3)}, ${new Date(past(3).getTime() + 7_200_000)})`);
  await run(sql`INSERT INTO events (id, day, occurred_at, type, user_id, store_id, scene, channel, live_session_id, creator_id)
    SELECT 'e' || g, ${shiftDay(today, -3)}::date, ${past(3)}, 'live_enter', 'u1', 's1', 'live', 'creator', 'ls1', 'crA'
    FROM generate_series(1, 10) g`);
  // Orders of s1: u1 through crA's session (¥50), u2–u4 organic; u5 bought from s2 only.
  const order = (id: string, u: string, store: string, pay: number, extra = sql``) =>
    run(sql`INSERT INTO orders (id, consumer_id, store_id, merchant_id, status, scene, channel, live_session_id,
      creator_id, items_amount, discount_amount, shipping_fee, pay_amount, created_at, paid_at, paid_day)
      VALUES (${id}, ${u}, ${store}, ${store === 's1' ? 'm1' : 'm2'}, 'paid', 'search', 'organic', NULL, NULL,
        ${pay}, 0, 0, ${pay}, ${past(3)}, ${past(3)}, ${shiftDay(today, -3)}::date) ${extra}`);
  await order('o1', 'u1', 's1', 5000);
  await run(
    sql`UPDATE orders SET scene = 'live', channel = 'creator', live_session_id = 'ls1', creator_id = 'crA' WHERE id = 'o1'`,
  );
  await order('o2', 'u2', 's1', 2500);
  await order('o3', 'u3', 's1', 2500);
  await order('o4', 'u4', 's1', 2500);
  await order('o5', 'u5', 's2', 9900);
  await run(sql`INSERT INTO order_lines (order_id, line_no, sku_id, product_id, category_id, quantity, unit_price, amount, discount, paid)
    SELECT id, 1, CASE store_id WHEN 's1' THEN 'k1' ELSE 'k2' END, CASE store_id WHEN 's1' THEN 'p1' ELSE 'p2' END,
      CASE store_id WHEN 's1' THEN 'c111' ELSE 'c211' END, 1, pay_amount, pay_amount, 0, pay_amount FROM orders`);
  await run(sql`INSERT INTO commission_plans (id, merchant_id, name, kind, default_rate_bp, starts_at, status) VALUES
    ('pl1', 'm1', 'Open 20%', 'open', 2000, ${past(60)}, 'active'),
    ('pl2', 'm2', 'Eve only', 'exclusive', 1500, ${past(60)}, 'active')`);
  await run(
    sql`INSERT INTO commission_plan_parties (plan_id, party_type, party_id) VALUES ('pl2', 'creator', 'crE')`,
  );
  const { version } = await activeConfig(k);
  await run(sql`INSERT INTO score_snapshots (kind, day, entity_id, group_id, score, grade, provisional, volume, dims, vals, pct, config_version)
    VALUES ('creator', ${shiftDay(today, -1)}::date, 'crB', 'all', 4.50, 'A', false, 10, '[]', '[]', '[]', ${version})`);
  keys = {
    operator: t.keys.operator!,
    m1: await t.key('merchant', 'm1'),
    m2: await t.key('merchant', 'm2'),
    crA: await t.key('creator', 'crA'),
    crE: await t.key('creator', 'crE'),
    ag1: await t.key('agency', 'ag1'),
  };
}, 120_000);
afterAll(() => t?.close());

// The documented weights and normalizations, restated.
const W = { fit: 0.15, overlap: 0.05, wom: 0.15, gpm: 0.05, rate: 0.15, reach: 0.45 };
const rate20 = 2000 / 3000;
// Reach in Food: the typical follower count of the creators declaring Food (crA, crB, crE) is the geometric
// mean of 1 + followers, minus 1. Views per session: Food's only session (crA's) had 10 views, so the category
// has 10 per session; crA's own smoothed rate is (10 + 2·10) / (1 + 2) = 10 and a creator without sessions gets
// (0 + 2·10) / 2 = 10 — every views half is 10 / (10 + 10) = 0.5.
const foodTypical = Math.exp((Math.log(5001) + Math.log(9001) + Math.log(8001)) / 3) - 1;
const reachFood = (followers: number) => 0.5 * (followers / (followers + foodTypical)) + 0.5 * 0.5;

describe('creators for a store', () => {
  test('ranks by the documented scores: fit + overlap, then fit with reach and word of mouth, then overlap alone', async () => {
    const r = await get('m1', '/v1/live/recommendations/creators?storeId=s1');
    expect(r.status).toBe(200);
    expect(r.body.storeId).toBe('s1');
    // crD: no fit, no overlap; crE: exclusive elsewhere.
    expect(r.body.evaluated).toBe(3);
    expect(r.body.items.map((x: { creatorId: string }) => x.creatorId)).toEqual(['crA', 'crB', 'crC']);
    // crA: declares Food and all its attributed sales are Food → fit 1; 2 of 4 buyers, the best share → 1;
    // no word of mouth → 0.5; its GPM equals the category mean (it is the only session) → 0.5; 5,000 followers.
    const a =
      W.fit * 1 + W.overlap * 1 + W.wom * 0.5 + W.gpm * 0.5 + W.rate * rate20 + W.reach * reachFood(5000);
    // crC: no fit; 2 of 4 buyers → 1; 7,000 followers. crB: fit 0.5 (declared, no sales); word of mouth
    // (4.5 − 3) / 2 = 0.75; 9,000 followers. Reach is judged in the store's category (Food) for both.
    const c = W.overlap * 1 + W.wom * 0.5 + W.gpm * 0.5 + W.rate * rate20 + W.reach * reachFood(7000);
    const b = W.fit * 0.5 + W.wom * 0.75 + W.gpm * 0.5 + W.rate * rate20 + W.reach * reachFood(9000);
    expect(a > b && b > c).toBe(true);
    const scores = r.body.items.map((x: { score: number }) => x.score);
    expect(scores[0]).toBeCloseTo(a, 5);
    expect(scores[1]).toBeCloseTo(b, 5);
    expect(scores[2]).toBeCloseTo(c, 5);
    const crA = r.body.items[0];
    expect(crA).toMatchObject({
      name: 'Anna',
      followers: 5000,
      categories: ['c1'],
      sessions: 1,
      wordOfMouth: null,
    });
    expect(crA.gpm).toBe(500_000); // ¥50 over 10 views = 500,000 fen per 1,000 views
    expect(r.body.items[1].wordOfMouth).toBe(4.5);
  });

  test('every item explains itself: six reasons whose contributions sum to the score', async () => {
    const r = await get('operator', '/v1/live/recommendations/creators?storeId=s1&limit=20');
    expect(r.status).toBe(200);
    for (const it of r.body.items) {
      expect(it.reasons.map((x: { code: string }) => x.code)).toEqual([
        'category_fit',
        'audience_overlap',
        'word_of_mouth',
        'gpm_history',
        'commission',
        'reach',
      ]);
      const sum = it.reasons.reduce((s: number, x: { contribution: number }) => s + x.contribution, 0);
      expect(sum).toBeCloseTo(it.score, 6);
      for (const x of it.reasons) expect(x.text.length).toBeGreaterThan(10);
    }
    const ov = r.body.items[0].reasons[1];
    expect(ov.value).toBeCloseTo(0.5, 6);
    expect(ov.text).toContain('2 of the store');
    expect(r.body.items[0].reasons[4].value).toBe(2000);
    const reach = r.body.items[0].reasons[5];
    expect(reach.value).toBe(10); // smoothed views per session
    expect(reach.weight).toBe(W.reach);
    expect(reach.contribution).toBeCloseTo(W.reach * reachFood(5000), 6);
    expect(reach.text).toContain('5,000 followers');
  });

  test('limit keeps the best', async () => {
    const r = await get('m1', '/v1/live/recommendations/creators?storeId=s1&limit=1');
    expect(r.body.items.map((x: { creatorId: string }) => x.creatorId)).toEqual(['crA']);
    expect(r.body.evaluated).toBe(3);
  });

  test("a merchant sees its own stores only; creators and agencies don't get creator lists", async () => {
    expect((await get('m2', '/v1/live/recommendations/creators?storeId=s1')).status).toBe(403);
    expect((await get('m1', '/v1/live/recommendations/creators?storeId=s2')).status).toBe(403);
    expect((await get('m1', '/v1/live/recommendations/creators?storeId=nope')).status).toBe(403);
    expect((await get('crA', '/v1/live/recommendations/creators?storeId=s1')).status).toBe(403);
    expect((await get('operator', '/v1/live/recommendations/creators?storeId=nope')).status).toBe(404);
    expect((await get('none', '/v1/live/recommendations/creators?storeId=s1')).status).toBe(401);
  });

  test('the exclusive creator is recommended to its own merchant', async () => {
    const r = await get('m2', '/v1/live/recommendations/creators?storeId=s2');
    expect(r.status).toBe(200);
    // s2 (Beauty): crC, crD, crE declare Beauty; u5 (s2's buyer) follows crB, so crB is in by overlap.
    expect(r.body.items.map((x: { creatorId: string }) => x.creatorId).sort()).toEqual([
      'crB',
      'crC',
      'crD',
      'crE',
    ]);
    const e = r.body.items.find((x: { creatorId: string }) => x.creatorId === 'crE');
    expect(e.reasons[4].value).toBe(1500); // its exclusive plan's rate (m2 has no open plan)
  });

  test('bad queries are 422 with the field', async () => {
    const bad = async (url: string, field: string) => {
      const r = await get('m1', url);
      expect(r.status).toBe(422);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad('/v1/live/recommendations/creators', 'storeId');
    await bad('/v1/live/recommendations/creators?storeId=s1&limit=0', 'limit');
    await bad('/v1/live/recommendations/creators?storeId=s1&limit=201', 'limit');
    await bad('/v1/live/recommendations/creators?storeId=s1&productId=p2', 'productId');
    await bad('/v1/live/recommendations/products?limit=5', 'creatorId');
    expect((await get('m1', '/v1/live/recommendations/creators?storeId=s1&limit=abc')).status).toBe(400);
  });

  test('a product narrows the category to the product’s', async () => {
    const r = await get('m1', '/v1/live/recommendations/creators?storeId=s1&productId=p1');
    expect(r.status).toBe(200);
    expect(r.body.items[0].creatorId).toBe('crA');
  });
});

describe('products for a creator', () => {
  test('the creator gets the products open to it, scored as the pair with the product’s store', async () => {
    const r = await get('crA', '/v1/live/recommendations/products?creatorId=crA');
    expect(r.status).toBe(200);
    expect(r.body.evaluated).toBe(1);
    const [it] = r.body.items;
    expect(it).toMatchObject({
      productId: 'p1',
      title: 'Almonds',
      storeId: 's1',
      storeName: 'Hill Foods Flagship',
    });
    expect(it.price).toBe(2500);
    expect(it.rateBp).toBe(2000);
    expect(it.score).toBeCloseTo(
      W.fit * 1 + W.overlap * 1 + W.wom * 0.5 + W.gpm * 0.5 + W.rate * rate20 + W.reach * reachFood(5000),
      5,
    );
    const sum = it.reasons.reduce((s: number, x: { contribution: number }) => s + x.contribution, 0);
    expect(sum).toBeCloseTo(it.score, 6);
  });

  test('an exclusive creator sees only its merchant’s products', async () => {
    const r = await get('crE', '/v1/live/recommendations/products?creatorId=crE');
    expect(r.status).toBe(200);
    expect(r.body.items.map((x: { productId: string }) => x.productId)).toEqual(['p2']);
    expect(r.body.items[0].rateBp).toBe(1500);
  });

  test('scope: the creator itself, its agency, operators', async () => {
    expect((await get('crA', '/v1/live/recommendations/products?creatorId=crB')).status).toBe(403);
    expect((await get('ag1', '/v1/live/recommendations/products?creatorId=crA')).status).toBe(200);
    expect((await get('ag1', '/v1/live/recommendations/products?creatorId=crB')).status).toBe(403);
    expect((await get('m1', '/v1/live/recommendations/products?creatorId=crA')).status).toBe(403);
    expect((await get('operator', '/v1/live/recommendations/products?creatorId=crA')).status).toBe(200);
    expect((await get('operator', '/v1/live/recommendations/products?creatorId=nobody')).status).toBe(404);
  });
});

describe('the loader', () => {
  test('reads nothing after the end of asOf (the evaluation builds its index from the first days)', async () => {
    const audienceOf = (ix: Awaited<ReturnType<typeof loadMatchIndex>>, creator: string) => {
      const c = ix.creators.index.get(creator)!;
      let n = 0;
      for (let j = 0; j < ix.audience.items.length; j++) if (ix.audience.items[j] === c) n++;
      return n;
    };
    const now = await loadMatchIndex(t.ctx.db, today, TZ);
    const a = now.creators.index.get('crA')!;
    expect([now.creators.sessions[a], now.creators.views[a], now.creators.gmv[a]]).toEqual([1, 10, 5000]);
    expect(audienceOf(now, 'crD')).toBe(1); // u1 unfollowed 5 days ago
    const s1 = now.stores.index.get('s1')!;
    expect(now.storeBuyers.start[s1 + 1]! - now.storeBuyers.start[s1]!).toBe(4);

    const before = await loadMatchIndex(t.ctx.db, shiftDay(today, -6), TZ);
    expect([before.creators.sessions[a], before.creators.views[a], before.creators.gmv[a]]).toEqual([
      0, 0, 0,
    ]);
    expect(audienceOf(before, 'crD')).toBe(2); // u1 still followed then
    const b1 = before.stores.index.get('s1')!;
    expect(before.storeBuyers.start[b1 + 1]! - before.storeBuyers.start[b1]!).toBe(0);
    expect(before.creators.wom[before.creators.index.get('crB')!]).toBeNaN(); // scored yesterday only
  });
});
