import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { shiftDay } from '../../core/time.ts';
import { ShardSim } from '../simulator/domain/days.ts';
import { createWorld } from '../simulator/domain/generator.ts';
import { type SimulateOptions, simulate } from '../simulator/index.ts';
import { isSubstitute } from './domain/partners.ts';
import { seedJointDemo } from './demo.service.ts';
import { rebuildPartners, refreshPartners } from './partners.service.ts';

/**
 * Partner recommendation end to end on a small simulated marketplace: the batch (full and incremental give
 * the same statistics), routes and their access rules, and an evaluation against the simulator's latent
 * complementary partners (top recommendations are complementary stores; substitutes are left out).
 */
const WORLD = {
  days: 20,
  seed: 11,
  scale: 'small' as const,
  endDay: '2026-06-20',
  timeZone: 'Asia/Shanghai',
  maxBatch: 5000,
  overrides: {
    merchants: 48,
    consumers: 3000,
    creators: 8,
    agencies: 2,
    promoters: 16,
    brands: 60,
    productsPerStore: 20,
  },
} satisfies SimulateOptions;
const NOW = new Date('2026-06-20T15:00:00Z'); // 23:00 in Shanghai on the world's last day

let t: TestApp;
let merchant: string;
let creator: string;
let store: string;
let otherStore: string;
let demoMerchant: string;
let fullMs = 0;

const q = async <T>(s: ReturnType<typeof sql<T>>) => (await s.execute(t.ctx.db.kysely)).rows;
const checksum = async (table: string, cols: string) =>
  (
    await q<{ h: string; n: number }>(
      sql`SELECT count(*)::int AS n, md5(string_agg(concat_ws('|', ${sql.raw(cols)}), ',' ORDER BY ${sql.raw(cols)})) AS h FROM ${sql.table(table)}`,
    )
  )[0]!;

beforeAll(async () => {
  t = await testApp();
  const summary = await simulate(t.ctx.db, WORLD);
  demoMerchant = summary.demo.merchantId;
  [{ id: store }] = (await q<{ id: string }>(
    sql`SELECT id FROM stores WHERE merchant_id = ${demoMerchant} ORDER BY id LIMIT 1`,
  )) as [{ id: string }];
  const [{ id: o }] = (await q<{ id: string }>(
    sql`SELECT id FROM stores WHERE merchant_id <> ${demoMerchant} ORDER BY id LIMIT 1`,
  )) as [{ id: string }];
  otherStore = o;
  merchant = await t.key('merchant', demoMerchant);
  creator = await t.key('creator', 'c001');
  const r = await rebuildPartners(t.ctx.db.kysely, { now: NOW, windowDays: 90, timeZone: WORLD.timeZone });
  fullMs = r.tookMs;
}, 600_000);
afterAll(() => t?.close());

describe('batch', () => {
  test('counts what it read and reports the time', async () => {
    const [{ n }] = (await q<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM orders WHERE paid_day IS NOT NULL AND status <> 'cancelled'`,
    )) as [{ n: number }];
    const st = (await t.req(t.keys.operator!, { method: 'GET', url: '/v1/joint/partners/status' })).body as {
      lastRun: { mode: string; orders: number; stores: number; pairs: number; tookMs: number };
      running: boolean;
    };
    expect(st.lastRun.mode).toBe('full');
    expect(st.lastRun.orders).toBe(n);
    expect(st.lastRun.stores).toBeGreaterThan(40);
    expect(st.lastRun.pairs).toBeGreaterThan(100);
    expect(st.running).toBe(false);
    console.log(`partner batch (full) on ${n} orders: ${fullMs} ms`);
  });

  test('pair counts equal the shared customers by SQL', async () => {
    const rows = await q<{ a: string; b: string; shared: number; real: number }>(sql`
      SELECT p.store_a AS a, p.store_b AS b, p.shared, (SELECT count(DISTINCT x.consumer_id)::int FROM orders x
        JOIN orders y ON y.consumer_id = x.consumer_id AND y.store_id = p.store_b AND y.paid_day IS NOT NULL AND y.status <> 'cancelled'
        WHERE x.store_id = p.store_a AND x.paid_day IS NOT NULL AND x.status <> 'cancelled') AS real
      FROM joint_partner_pairs p ORDER BY p.shared DESC LIMIT 30`);
    expect(rows.length).toBe(30);
    for (const r of rows) expect(r.shared, `${r.a}|${r.b}`).toBe(r.real);
  });

  test('an incremental refresh (new orders, window moved) gives what a full rebuild gives', async () => {
    const db = t.ctx.db.kysely;
    const early = new Date(NOW.getTime() - 6 * 86_400_000);
    await rebuildPartners(db, { now: early, windowDays: 10, timeZone: WORLD.timeZone });
    const earlyDay = '2026-06-14';
    // Orders paid after the first run arrive later (their updated_at moves past the watermark).
    await sql`UPDATE orders SET updated_at = now() + interval '1 hour' WHERE paid_day > ${earlyDay}::date`.execute(
      db,
    );
    const inc = await refreshPartners(db, { now: NOW, timeZone: WORLD.timeZone });
    expect(inc.mode).toBe('incremental');
    expect(inc.orders).toBeGreaterThan(0);
    const after = {
      members: await checksum('joint_partner_members', 'store_id, consumer_id, last_day, state'),
      buys: await checksum('joint_partner_buys', 'store_id, consumer_id, product_id, last_day'),
      pairs: await checksum('joint_partner_pairs', 'store_a, store_b, shared'),
      recs: await checksum('joint_partner_recs', 'store_id, rank, partner_id, score, examples'),
    };
    const full = await rebuildPartners(db, { now: NOW, windowDays: 10, timeZone: WORLD.timeZone });
    expect(full.mode).toBe('full');
    expect({
      members: await checksum('joint_partner_members', 'store_id, consumer_id, last_day, state'),
      buys: await checksum('joint_partner_buys', 'store_id, consumer_id, product_id, last_day'),
      pairs: await checksum('joint_partner_pairs', 'store_a, store_b, shared'),
      recs: await checksum('joint_partner_recs', 'store_id, rank, partner_id, score, examples'),
    }).toEqual(after);
    expect(shiftDay(earlyDay, 6)).toBe('2026-06-20');
    // A refresh with nothing new changes nothing.
    const again = await refreshPartners(db, { now: NOW, timeZone: WORLD.timeZone });
    expect(again.mode).toBe('incremental');
    expect(await checksum('joint_partner_pairs', 'store_a, store_b, shared')).toEqual(after.pairs);
    await rebuildPartners(db, { now: NOW, windowDays: 90, timeZone: WORLD.timeZone });
  });
});

describe('routes', () => {
  test('a merchant reads its own store’s partners with numbers, reasons and example product pairs', async () => {
    const res = await t.req(merchant, { method: 'GET', url: `/v1/joint/partners?storeId=${store}&limit=5` });
    expect(res.status).toBe(200);
    const body = res.body as {
      storeId: string;
      computedAt: string;
      windowDays: number;
      items: Record<string, unknown>[];
      substitutesExcluded: number;
    };
    expect(body.storeId).toBe(store);
    expect(body.windowDays).toBe(90);
    expect(body.computedAt).toBe(NOW.toISOString());
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.length).toBeLessThanOrEqual(5);
    const it0 = body.items[0]!;
    for (const k of [
      'storeId',
      'storeName',
      'merchantId',
      'merchantName',
      'mainCategoryId',
      'mainCategoryName',
      'score',
      'sharedCustomers',
      'support',
      'confidence',
      'lift',
      'audienceOverlap',
      'complementarity',
      'reasons',
      'examples',
    ])
      expect(it0, k).toHaveProperty(k);
    expect((it0.reasons as { code: string }[])[0]!.code).toBe('shared_customers');
    const ex = it0.examples as {
      productA: { id: string; title: string };
      productB: { id: string };
      buyers: number;
    }[];
    expect(ex.length).toBeGreaterThan(0);
    expect(ex[0]!.productA.id.startsWith(store)).toBe(true);
    expect(ex[0]!.productB.id.startsWith(it0.storeId as string)).toBe(true);
    expect(ex[0]!.buyers).toBeGreaterThan(0);
    const scores = body.items.map((x) => x.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  test('access: another merchant’s store 403, unknown store 404, creators 403, bad limit 400', async () => {
    const get = (token: string, url: string) => t.req(token, { method: 'GET', url });
    expect((await get(merchant, `/v1/joint/partners?storeId=${otherStore}`)).status).toBe(403);
    expect((await get(t.keys.operator!, `/v1/joint/partners?storeId=${otherStore}`)).status).toBe(200);
    expect((await get(t.keys.operator!, '/v1/joint/partners?storeId=nope')).status).toBe(404);
    expect((await get(creator, `/v1/joint/partners?storeId=${store}`)).status).toBe(403);
    expect((await get(merchant, `/v1/joint/partners?storeId=${store}&limit=0`)).status).toBe(400);
    expect((await get(merchant, '/v1/joint/partners')).status).toBe(400);
    expect((await get(creator, '/v1/joint/partners/status')).status).toBe(403);
  });

  test('refresh: operators only; returns the status of the run', async () => {
    const post = (token: string, payload: unknown) =>
      t.req(token, { method: 'POST', url: '/v1/joint/partners/refresh', payload: payload as never });
    expect((await post(merchant, { mode: 'full' })).status).toBe(403);
    expect((await post(t.keys.integration!, { mode: 'full' })).status).toBe(403);
    expect((await post(t.keys.operator!, { mode: 'sometimes' })).status).toBe(400);
    const res = await post(t.keys.operator!, { mode: 'incremental' });
    expect(res.status).toBe(200);
    const st = res.body as {
      lastRun: { mode: string; windowDays: number; watermark: string };
      running: boolean;
    };
    expect(st.lastRun.mode).toBe('incremental');
    expect(st.lastRun.windowDays).toBe(90);
    expect(st.lastRun.watermark).toMatch(/Z$/);
    expect(st.running).toBe(false);
    // The refresh (now = the wall clock) moved the window: rebuild as of the world's last day again.
    await rebuildPartners(t.ctx.db.kysely, { now: NOW, windowDays: 90, timeZone: WORLD.timeZone });
  });
});

describe('evaluation against the simulator’s complementary partners', () => {
  test('top recommendations are complementary stores; substitutes are left out', async () => {
    const { world: w, seeds } = createWorld(WORLD);
    const sim = new ShardSim(w, seeds, 0, 0);
    const comp = sim.complements;
    // Latent partner pairs: the stores whose complementary products each store's buyers usually add.
    const partner = new Set<string>();
    for (const s of w.stores) {
      const l1s = new Set<number>();
      for (const p of s.products) for (const c of comp[w.products.l3[p]!]!) l1s.add(w.l3[c]!.l1);
      for (const l1 of l1s)
        for (const x of sim.complementPartners(s.idx, l1)) {
          partner.add(`${s.id}|${w.stores[x]!.id}`);
          partner.add(`${w.stores[x]!.id}|${s.id}`);
        }
    }
    const recs = await q<{ store_id: string; rank: number; partner_id: string; same: boolean }>(sql`
      SELECT r.store_id, r.rank, r.partner_id, sa.main_category_id = sb.main_category_id AS same
      FROM joint_partner_recs r JOIN stores sa ON sa.id = r.store_id JOIN stores sb ON sb.id = r.partner_id`);
    const cands = await q<{ a: string; b: string; same: boolean }>(sql`
      SELECT p.store_a AS a, p.store_b AS b, sa.main_category_id = sb.main_category_id AS same
      FROM joint_partner_pairs p JOIN stores sa ON sa.id = p.store_a JOIN stores sb ON sb.id = p.store_b
      WHERE p.shared >= 2`);
    // Complementary main categories (level 1) by the simulator's table.
    const compL1 = new Set<string>();
    for (let x = 0; x < comp.length; x++)
      for (const y of comp[x]!) compL1.add(`${w.l1[w.l3[x]!.l1]!.id}|${w.l1[w.l3[y]!.l1]!.id}`);
    const mainOf = new Map(w.stores.map((s) => [s.id, w.l1[s.mainL1]!.id]));
    const isComp = (a: string, b: string) => compL1.has(`${mainOf.get(a)}|${mainOf.get(b)}`);
    // Chance: shares among candidate pairs of different main categories.
    const cross = cands.filter((c) => !c.same);
    const chance = cross.filter((c) => partner.has(`${c.a}|${c.b}`)).length / cross.length;
    const catChance = cross.filter((c) => isComp(c.a, c.b)).length / cross.length;
    const top = recs.filter((r) => r.rank <= 3 && !r.same);
    const hit = top.filter((r) => partner.has(`${r.store_id}|${r.partner_id}`)).length / top.length;
    const catHit = top.filter((r) => isComp(r.store_id, r.partner_id)).length / top.length;
    console.log(
      `top-3 recommendations: ${(100 * catHit).toFixed(1)}% in complementary categories (chance ${(100 * catChance).toFixed(1)}%), ${(100 * hit).toFixed(1)}% latent partners (chance ${(100 * chance).toFixed(1)}%)`,
    );
    expect(catHit).toBeGreaterThan(1.2 * catChance);
    expect(hit).toBeGreaterThan(1.25 * chance);
    // The demo (Beauty) store: its first recommendation is one of its complementary partners.
    const demoTop = recs.filter((r) => r.store_id === store).sort((a, b) => a.rank - b.rank);
    expect(demoTop.length).toBeGreaterThan(0);
    expect(demoTop.slice(0, 3).some((r) => partner.has(`${store}|${r.partner_id}`))).toBe(true);
    // Substitutes: none recommended, and many counted.
    const subs = await q<{ n: number }>(
      sql`SELECT coalesce(sum(substitutes_excluded), 0)::int AS n FROM joint_partner_stores`,
    );
    expect(subs[0]!.n).toBeGreaterThan(10);
    const mixes = await q<{
      store_id: string;
      partner_id: string;
      same: boolean;
      reasons: { code: string }[];
    }>(sql`
      SELECT r.store_id, r.partner_id, sa.main_category_id = sb.main_category_id AS same, r.reasons
      FROM joint_partner_recs r JOIN stores sa ON sa.id = r.store_id JOIN stores sb ON sb.id = r.partner_id`);
    for (const m of mixes.filter((x) => x.same))
      expect(m.reasons.map((x) => x.code)).toContain('same_category_different_mix');
    expect(isSubstitute({ sameMainCategory: true, mixSimilarity: 0.9 })).toBe(true);
    expect(recs.filter((r) => r.same).length / recs.length).toBeLessThan(0.1);
  });
});

describe('demo seeding', () => {
  test('one campaign of each type with the demo store’s recommended partners; the ad is funded and running', async () => {
    const line = await seedJointDemo(t.ctx.db, {
      endDay: WORLD.endDay,
      timeZone: WORLD.timeZone,
      merchantId: demoMerchant,
      storeId: store,
    });
    expect(line).toMatch(/6 demo campaigns/);
    const get = async (id: string) =>
      (await t.req(t.keys.operator!, { method: 'GET', url: `/v1/joint/campaigns/${id}` })).body as {
        type: string;
        status: string;
        participants: { storeId: string; status: string }[];
        pricing: { offerId: string | null; templateId: string | null; fanTemplateId: string | null };
        ad: { fundingStatus: string; programId: string | null; raised: number; price: number } | null;
      };
    const types = new Set<string>();
    for (const id of ['demo-threshold', 'demo-coupon', 'demo-decoration', 'demo-ad']) {
      const c = await get(id);
      types.add(c.type);
      // Running now (the window ends today in the test's clock) with at least two accepted stores.
      expect(c.participants.filter((p) => p.status === 'accepted').length, id).toBeGreaterThanOrEqual(2);
    }
    expect(types.size).toBe(4);
    expect((await get('demo-threshold')).pricing.offerId).toBe('jnt-off-demo-threshold');
    expect((await get('demo-threshold')).pricing.fanTemplateId).toBe('jnt-fan-demo-threshold');
    expect((await get('demo-coupon')).pricing.templateId).toBe('jnt-tpl-demo-coupon');
    const ad = (await get('demo-ad')).ad!;
    expect(ad).toMatchObject({ fundingStatus: 'funded', programId: 'jad-demo-ad' });
    expect(ad.raised).toBe(ad.price);
    // The invitation waits for the demo merchant; the open ad lists it as joinable.
    const inv = await get('demo-invitation');
    expect(inv.participants.find((p) => p.storeId === store)?.status).toBe('invited');
    expect((await get('demo-ad-open')).ad?.fundingStatus).toBe('open');
    // The simulator's joint weeks are there with the discounts their orders got.
    const weeks = await q<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM joint_campaigns WHERE id LIKE 'jc-%'`,
    );
    expect(weeks[0]!.n).toBeGreaterThan(0);
  });
});
