import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { settleLastMonth } from '../../cli/demo.ts';
import { checkBalances } from '../ledger/index.ts';
import { ORDER_CREATE_HOOKS } from '../marketplace/index.ts';
import { createWorld, type GenerateOptions, generate } from './domain/generator.ts';
import { buildPromotionBook } from './domain/promotions.ts';
import { type SimulationSummary, simulate } from './index.ts';
import { TINY } from './tiny.fixture.ts';

const GEN: GenerateOptions = { ...TINY, endDay: '2026-06-20' };
const world = (o: Partial<GenerateOptions> = {}) => createWorld({ ...GEN, ...o });
const digest = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);

describe('the promotion book (pure)', () => {
  it('is the same for the same seed and different for another', () => {
    const a = world();
    const b = world();
    const c = world({ seed: 6 });
    const book = buildPromotionBook(a.world, a.seeds);
    expect(digest(buildPromotionBook(b.world, b.seeds))).toBe(digest(book));
    expect(digest(buildPromotionBook(c.world, c.seeds))).not.toBe(digest(book));
  });

  it('runs offers and coupons live at the end of the window, the demo store among them', () => {
    const { world: w, seeds } = world();
    const book = buildPromotionBook(w, seeds);
    const end = w.windowEnd - 60_000;
    const live = book.offers.filter((o) => o.startMs <= end && end < o.endMs);
    expect(live.length).toBeGreaterThan(0);
    expect(book.offers.some((o) => o.endMs <= end)).toBe(true);
    const kinds = new Set(book.offers.map((o) => o.offer.kind));
    for (const k of [
      'store_threshold',
      'price_cut',
      'platform_threshold',
      'cross_store_threshold',
      'fan_price',
      'live_price',
    ])
      expect(kinds.has(k as never), k).toBe(true);
    const rules = new Set(book.offers.map((o) => o.offer.rule.type));
    for (const r of ['amount_tiers', 'amount_every', 'qty_percent_tiers', 'buy_x_get_y', 'rate'])
      expect(rules.has(r as never), r).toBe(true);
    const demo = w.stores[w.demo.store]!.id;
    expect(live.some((o) => o.offer.scope.storeIds?.includes(demo))).toBe(true);
    expect(book.templates.map((t) => t.body.kind).sort()).toEqual(
      expect.arrayContaining(['channel', 'platform', 'store']),
    );
    expect(book.storeTemplate[w.demo.store]?.claimEndMs).toBeGreaterThan(end);
    // 6-18 is in the window: the platform's 每满300减30 runs on it and its two warm-up days.
    const platform = book.offers.find((o) => o.offer.kind === 'platform_threshold')!;
    expect([platform.offer.startsAt, platform.offer.endsAt]).toEqual([
      '2026-06-15T16:00:00.000Z',
      '2026-06-18T16:00:00.000Z',
    ]);
  });

  it('gives the same claims, quotes and orders whatever the user grouping and sharding', () => {
    const run = (groupUsers: number, shardUsers?: number) => {
      const { world: w, seeds } = world(shardUsers ? { overrides: { ...TINY.overrides, shardUsers } } : {});
      const book = buildPromotionBook(w, seeds);
      const out = { claims: [] as unknown[], quotes: [] as unknown[], orders: [] as unknown[] };
      for (const c of generate(w, seeds, { groupUsers, book }))
        if (c.kind === 'day') {
          out.claims.push(...c.out.claims);
          out.quotes.push(...c.out.quotes);
          out.orders.push(...c.out.orders);
        }
      const sum = (xs: unknown[]) => `${xs.length}:${digest(xs.map((x) => JSON.stringify(x)).sort())}`;
      return { claims: sum(out.claims), quotes: sum(out.quotes), orders: sum(out.orders) };
    };
    const a = run(500);
    expect(run(37)).toEqual(a);
    expect(run(500, 70)).toEqual(a);
    expect(Number(a.claims.split(':')[0])).toBeGreaterThan(20);
    expect(Number(a.quotes.split(':')[0])).toBeGreaterThan(20);
  });
});

describe('a simulated marketplace with promotions and distribution', () => {
  let t: TestApp;
  let summary: SimulationSummary;
  const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.ctx.db.kysely)).rows;

  beforeAll(async () => {
    t = await testApp();
    // A 3-day hold, so lines of the tiny window's first days are settleable by May's settlement day (June 20).
    const held = await t.req(t.keys.operator!, {
      method: 'PATCH',
      url: '/v1/commissions/settings',
      payload: { holdDays: 3 },
    });
    expect(held.status).toBe(200);
    summary = await simulate(t.ctx.db, { ...TINY, orderHooks: t.ctx.hooks.list(ORDER_CREATE_HOOKS) });
    // The coupon lifecycle and the commission engine follow the orders through the outbox, as the server's
    // dispatcher runs them.
    await t.ctx.dispatcher.drain();
  });
  afterAll(() => t?.close());

  it('creates offers and coupon templates through the pricing services, some live at the end of the window', async () => {
    const [o] = await q(sql<{ n: number }>`SELECT count(*)::int AS n FROM pricing_offers`);
    const [tp] = await q(sql<{ n: number }>`SELECT count(*)::int AS n FROM pricing_coupon_templates`);
    expect(summary.rows.offers).toBeGreaterThan(0);
    expect(o!.n).toBe(summary.rows.offers);
    expect(tp!.n).toBe(summary.rows['coupon templates']);
    const end = '2026-06-20T15:59:00Z';
    const op = (url: string) => t.req(t.keys.operator!, { method: 'GET', url });
    const live = await op(`/v1/pricing/offers?activeAt=${end}&limit=200`);
    expect(live.status).toBe(200);
    expect(live.body.total).toBeGreaterThan(0);
    expect((await op(`/v1/pricing/coupon-templates?activeAt=${end}`)).body.total).toBeGreaterThan(0);

    // The demo merchant sees its own offers and coupons, with what they did.
    const merchant = await t.key('merchant', summary.demo.merchantId);
    const mine = (url: string) => t.req(merchant, { method: 'GET', url });
    const offers = (await mine('/v1/pricing/offers?limit=200')).body.items as { id: string }[];
    const templates = (await mine('/v1/pricing/coupon-templates')).body.items as { id: string }[];
    expect(offers.length).toBeGreaterThan(0);
    expect(templates.length).toBeGreaterThan(0);
    const stats = await Promise.all(
      offers.map(async (x) => (await mine(`/v1/pricing/offers/${x.id}/stats`)).body),
    );
    expect(stats.some((s) => s.orders > 0 && s.discount > 0 && s.merchantFunded > 0)).toBe(true);
    const storeCoupon = templates.find((x) => x.id === `sim-${summary.demoStoreId}-coupon`)!;
    const ts = (await mine(`/v1/pricing/coupon-templates/${storeCoupon.id}/stats`)).body;
    expect(ts.claimed).toBeGreaterThan(0);
  });

  it('claims coupons within every template limit', async () => {
    const [counts] = await q(sql<{ claimed: number; coupons: number }>`
      SELECT (SELECT sum(claimed) FROM pricing_coupon_templates)::int AS claimed,
        (SELECT count(*) FROM pricing_coupons)::int AS coupons`);
    expect(counts!.coupons).toBe(summary.rows['coupon claims']);
    expect(counts!.claimed).toBe(counts!.coupons);
    const over = await q(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT c.template_id, c.user_id, count(*) AS k FROM pricing_coupons c
        GROUP BY 1, 2) x JOIN pricing_coupon_templates t ON t.id = x.template_id WHERE x.k > t.per_user_limit`);
    expect(over[0]!.n).toBe(0);
    const overDay = await q(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT c.template_id, c.user_id, c.claim_day, count(*) AS k FROM pricing_coupons c
        GROUP BY 1, 2, 3) x JOIN pricing_coupon_templates t ON t.id = x.template_id
      WHERE x.k > t.per_user_daily_limit`);
    expect(overDay[0]!.n).toBe(0);
  });

  it('prices orders by quotes whose snapshots the orders locked; allocations add up to their discounts', async () => {
    const [s] = await q(sql<{ orders: number; snapshots: number; locked: number; quotes: number }>`
      SELECT (SELECT count(*) FROM orders WHERE discount_amount > 0)::int AS orders,
        (SELECT count(*) FROM pricing_order_snapshots)::int AS snapshots,
        (SELECT count(*) FROM pricing_quotes WHERE status = 'locked')::int AS locked,
        (SELECT count(*) FROM pricing_quotes)::int AS quotes`);
    expect(s!.snapshots).toBeGreaterThan(20);
    expect(s!.quotes).toBe(summary.rows.quotes);
    expect(s!.locked).toBe(s!.quotes);
    // Every priced order: its line discounts are the quote's allocations (no line discount of its own).
    const mismatched = await q(sql<{ id: string }>`
      SELECT o.id FROM orders o JOIN pricing_order_snapshots s ON s.order_id = o.id
      WHERE o.discount_amount <> (SELECT coalesce(sum(a.amount), 0) FROM pricing_allocations a WHERE a.order_id = o.id)
        OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.discount <>
          (SELECT coalesce(sum(a.amount), 0) FROM pricing_allocations a WHERE a.order_id = o.id AND a.line_no = l.line_no))`);
    expect(mismatched).toEqual([]);
    const byKind = Object.fromEntries(
      (
        await q(sql<{ k: string; n: number }>`
          SELECT coalesce(o.kind, 'coupon') AS k, count(DISTINCT a.order_id)::int AS n FROM pricing_allocations a
          LEFT JOIN pricing_offers o ON a.source_type = 'offer' AND o.id = a.source_id GROUP BY 1`)
      ).map((r) => [r.k, r.n]),
    );
    expect(byKind.store_threshold).toBeGreaterThan(0);
    expect(byKind.coupon).toBeGreaterThan(0);
    // Followers get fan prices and live-room orders live prices; never the other way round.
    expect(byKind.fan_price).toBeGreaterThan(0);
    expect(byKind.live_price).toBeGreaterThan(0);
    const [wrong] = await q(sql<{ fan: number; live: number }>`
      SELECT count(*) FILTER (WHERE f.kind = 'fan_price' AND NOT EXISTS (SELECT 1 FROM follows x
          WHERE x.consumer_id = o.consumer_id AND x.target_type = 'store' AND x.target_id = o.store_id))::int AS fan,
        count(*) FILTER (WHERE f.kind = 'live_price' AND o.live_session_id IS NULL)::int AS live
      FROM pricing_allocations a JOIN pricing_offers f ON a.source_type = 'offer' AND f.id = a.source_id
      JOIN orders o ON o.id = a.order_id`);
    expect(wrong).toEqual({ fan: 0, live: 0 });
    // Orders carry their quote's attribution (checked by the hook) and its buyer.
    const [foreign] = await q(sql<{ n: number }>`SELECT count(*)::int AS n FROM pricing_order_snapshots s
      JOIN orders o ON o.id = s.order_id WHERE s.user_id <> o.consumer_id`);
    expect(foreign!.n).toBe(0);
  });

  it('redeems the coupons of paid orders and gives back those of cancelled ones', async () => {
    const st = Object.fromEntries(
      (
        await q(
          sql<{
            status: string;
            n: number;
          }>`SELECT status, count(*)::int AS n FROM pricing_coupons GROUP BY 1`,
        )
      ).map((r) => [r.status, r.n]),
    );
    expect(st.redeemed).toBeGreaterThan(0);
    expect(st.available).toBeGreaterThan(0);
    const [unpaid] = await q(sql<{ n: number }>`SELECT count(*)::int AS n FROM pricing_coupons c
      JOIN orders o ON o.id = c.order_id WHERE c.status = 'redeemed' AND o.paid_at IS NULL`);
    expect(unpaid!.n).toBe(0);
    // A cancelled order's coupons went back, unless another store order of its checkout still uses them.
    const [kept] = await q(sql<{ n: number }>`SELECT count(*)::int AS n FROM pricing_order_snapshots s
      JOIN pricing_coupons c ON c.id = ANY(s.coupon_ids) AND c.quote_id = s.quote_id
      WHERE s.status = 'cancelled' AND NOT EXISTS (SELECT 1 FROM pricing_order_snapshots x WHERE x.quote_id = s.quote_id
        AND x.order_id <> s.order_id AND x.status IN ('held', 'paid') AND c.id = ANY(x.coupon_ids))`);
    expect(kept!.n).toBe(0);
    const [cancelled] = await q(
      sql<{ n: number }>`SELECT count(*)::int AS n FROM pricing_order_snapshots WHERE status = 'cancelled'`,
    );
    expect(cancelled!.n).toBeGreaterThan(0);
    const [paid] = await q(sql<{ n: number }>`SELECT count(*)::int AS n FROM pricing_order_snapshots s
      JOIN orders o ON o.id = s.order_id WHERE o.paid_at IS NOT NULL AND o.status <> 'cancelled' AND s.status = 'held'`);
    expect(paid!.n).toBe(0);
  });

  it('creates plans, fee policies and share links through the commissions services', async () => {
    const [n] = await q(sql<{ plans: number; policies: number; links: number; clicks: number }>`
      SELECT (SELECT count(*) FROM commission_plans)::int AS plans,
        (SELECT count(DISTINCT id) FROM commission_fee_policies)::int AS policies,
        (SELECT count(*) FROM share_links)::int AS links, (SELECT count(*) FROM share_clicks)::int AS clicks`);
    expect(n!.plans).toBe(summary.rows['distribution plans']);
    expect(n!.policies).toBe(summary.rows['fee policies']);
    expect(n!.links).toBe(summary.rows['share links']);
    expect(n!.clicks).toBe(summary.rows['share clicks']);
    expect(n!.links).toBeGreaterThan(5);
    // The demo creator promotes under its exclusive plan and sees its links with their clicks.
    const creator = await t.key('creator', summary.demo.creatorId);
    const links = (await t.req(creator, { method: 'GET', url: '/v1/distribution/links' })).body;
    const items = (links.items ?? links) as { code: string; clicks: number }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((l) => l.clicks > 0)).toBe(true);
    // The server serves the public click redirect at the root, without credentials.
    const click = await t.req(null, { method: 'GET', url: `/c/${items[0]!.code}` });
    expect(click.status).toBe(302);
    expect(String(click.headers.location)).toMatch(/^https?:\/\//);
    const plans = await q(sql<{ kind: string }>`SELECT kind FROM commission_plans
      WHERE merchant_id = ${summary.demo.merchantId} ORDER BY kind`);
    expect(plans.map((p) => p.kind)).toEqual(expect.arrayContaining(['exclusive', 'open', 'targeted']));
  });

  it('clicks precede the orders they brought, by their buyers', async () => {
    const [bad] = await q(sql<{ n: number; matched: number }>`
      SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM share_clicks c JOIN order_lines ol
          ON ol.order_id = o.id AND ol.line_no = 1 AND ol.product_id = c.product_id
        WHERE c.consumer_id = o.consumer_id AND c.clicked_at < o.created_at
          AND c.clicked_at >= o.created_at - interval '31 minutes'))::int AS n,
        count(*)::int AS matched
      FROM orders o WHERE EXISTS (SELECT 1 FROM share_links l JOIN order_lines ol ON ol.order_id = o.id
        AND ol.line_no = 1 AND ol.product_id = l.product_id
        WHERE (l.party_type = 'creator' AND l.party_id = o.creator_id)
          OR (l.party_type = 'promoter' AND l.party_id = o.promoter_id))`);
    expect(bad!.matched).toBeGreaterThan(0);
    expect(bad!.n).toBe(0);
  });

  it('settles the month before the window ends, as the demo does after its outbox is handled', async () => {
    const line = await settleLastMonth(t.ctx, summary.endDay);
    expect(line).toMatch(/^commissions of 2026-05 settled: [1-9]\d* statements, [1-9]\d* lines$/);
    const [s] = await q(sql<{ settled: number; open: number; parties: number }>`
      SELECT count(*) FILTER (WHERE status = 'settled')::int AS settled,
        count(*) FILTER (WHERE status = 'open')::int AS open, count(DISTINCT party_type)::int AS parties
      FROM commission_statements WHERE month = '2026-05'`);
    expect(s!.open).toBe(0);
    expect(s!.parties).toBeGreaterThan(1); // merchants and at least one kind of promoting party
    expect((await checkBalances(t.ctx.db.kysely)).mismatches).toEqual([]);
    // A second run settles nothing more.
    expect(await settleLastMonth(t.ctx, summary.endDay)).toBe(line);
  });

  it('pays commissions on the orders creators and promoters brought', async () => {
    const [c] = await q(sql<{ lines: number; paid: number; parties: number }>`
      SELECT count(*)::int AS lines, count(*) FILTER (WHERE commission > 0)::int AS paid,
        count(DISTINCT party_id)::int AS parties FROM commission_lines WHERE party_id IS NOT NULL`);
    expect(c!.paid).toBeGreaterThan(0);
    expect(c!.parties).toBeGreaterThan(1);
  });
});
