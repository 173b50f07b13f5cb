import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { dayRange, shiftDay } from '../../core/time.ts';
import { rebuildOpportunityData } from './opportunities.service.ts';
import { rebuildRollups } from './rollups.service.ts';
import type { MarketOpportunities, MerchantOpportunities } from './types.ts';

/**
 * A hand-built marketplace with a planted opportunity: searches for "dried mango" rise eightfold while a single
 * product is listed in its category, next to steady "almonds" and "potato chips" and falling "green tea". Nuts sell
 * at ¥30 though most nut SKUs cost ¥80 (a price band gap), and one nut product's sales jump (trending).
 */
const TO = '2026-06-21';
const FROM = shiftDay(TO, -13);
const PREV_FROM = shiftDay(FROM, -14);
const CUR_DAYS = dayRange(FROM, TO);
const PREV_DAYS = dayRange(PREV_FROM, shiftDay(FROM, -1));

let t: TestApp;
let opTok: string;
const tokens: Record<string, string> = {};
// biome-ignore lint/suspicious/noExplicitAny: fixture rows
const ins = (table: string, rows: Record<string, any>[]) =>
  t.ctx.db.kysely.insertInto(table).values(rows).execute();

/** An instant on a business day in Shanghai (UTC+8): noon plus minutes. */
const onDay = (day: string, minutes = 0) => new Date(Date.parse(`${day}T04:00:00Z`) + minutes * 60_000);

const events: Record<string, unknown>[] = [];
function event(day: string, at: Date, type: string, user: string, extra: Record<string, unknown> = {}) {
  events.push({
    id: `e${events.length}`,
    day,
    occurred_at: at,
    type,
    user_id: user,
    scene: 'search',
    channel: 'organic',
    ...extra,
  });
}
/** A search, and a click on `product` `clickAfter` minutes later. */
function search(day: string, minute: number, user: string, query: string, product?: string, clickAfter = 5) {
  event(day, onDay(day, minute), 'search', user, { query });
  if (product) event(day, onDay(day, minute + clickAfter), 'click', user, { product_id: product });
}
/** `n` searches spread over the days, by distinct users. */
function searches(days: string[], n: number, query: string, products: string[], tag: string) {
  for (let i = 0; i < n; i++)
    search(days[i % days.length]!, i, `${tag}${i}`, query, products[i % products.length]);
}

let orderNo = 0;
async function orders(
  days: string[],
  n: number,
  store: string,
  merchant: string,
  product: string,
  sku: string,
  cat: string,
  price: number,
) {
  const os: Record<string, unknown>[] = [];
  const ls: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const id = `o${++orderNo}`;
    const day = days[i % days.length]!;
    const paid = onDay(day, 30 + i);
    os.push({
      id,
      consumer_id: `u${i % 30}`,
      store_id: store,
      merchant_id: merchant,
      status: 'paid',
      scene: 'search',
      channel: 'organic',
      items_amount: price,
      discount_amount: 0,
      shipping_fee: 0,
      pay_amount: price,
      created_at: paid,
      paid_at: paid,
      paid_day: day,
    });
    ls.push({
      order_id: id,
      line_no: 1,
      sku_id: sku,
      product_id: product,
      category_id: cat,
      quantity: 1,
      unit_price: price,
      amount: price,
      discount: 0,
      paid: price,
    });
  }
  await ins('orders', os);
  await ins('order_lines', ls);
}

beforeAll(async () => {
  t = await testApp();
  opTok = t.keys.operator!;
  await ins('categories', [
    { id: 'f', level: 1, name: 'Food', name_zh: '食品' },
    { id: 'f1', parent_id: 'f', level: 2, name: 'Snacks', name_zh: '零食' },
    { id: 'f2', parent_id: 'f', level: 2, name: 'Drinks', name_zh: '饮料' },
    { id: 'nuts', parent_id: 'f1', level: 3, name: 'Nuts', name_zh: '坚果' },
    { id: 'chips', parent_id: 'f1', level: 3, name: 'Chips', name_zh: '薯片' },
    { id: 'dried', parent_id: 'f1', level: 3, name: 'Dried fruit', name_zh: '果干' },
    { id: 'tea', parent_id: 'f2', level: 3, name: 'Tea', name_zh: '茶' },
  ]);
  await ins(
    'merchants',
    ['mA', 'mB', 'mC'].map((id) => ({ id, name: id, type: 'pop', onboarded_at: '2026-01-01' })),
  );
  await ins(
    'stores',
    ['A', 'B', 'C'].map((x) => ({ id: `s${x}`, merchant_id: `m${x}`, name: x, opened_at: '2026-01-01' })),
  );
  const products: Record<string, unknown>[] = [];
  const skus: Record<string, unknown>[] = [];
  const product = (id: string, store: string, cat: string, price: number) => {
    products.push({
      id,
      store_id: `s${store}`,
      merchant_id: `m${store}`,
      category_id: cat,
      title: `Title ${id}`,
      listed_at: '2026-01-01T00:00:00Z',
    });
    skus.push({ id: `k${id}`, product_id: id, price, stock: 10 });
  };
  for (let i = 1; i <= 8; i++) product(`n${i}`, 'A', 'nuts', i === 1 ? 3000 : 8000);
  // Two of the nuts were listed during the range: listings up 8 / 6 − 1.
  for (const p of products.slice(6, 8)) p.listed_at = '2026-06-10T00:00:00Z';
  for (let i = 1; i <= 6; i++) product(`c${i}`, 'B', 'chips', 1000);
  for (let i = 1; i <= 4; i++) product(`t${i}`, 'B', 'tea', 1500);
  product('d1', 'C', 'dried', 2000);
  await ins('products', products);
  await ins('skus', skus);
  await ins(
    'consumers',
    Array.from({ length: 30 }, (_, i) => ({ id: `u${i}`, registered_at: '2026-01-01T00:00:00Z' })),
  );

  searches(PREV_DAYS, 5, 'Dried  Mango ', ['d1'], 'pm');
  searches(CUR_DAYS, 40, 'dried mango', ['d1'], 'cm');
  for (const [days, tag] of [
    [PREV_DAYS, 'pa'],
    [CUR_DAYS, 'ca'],
  ] as const) {
    searches(days, 30, 'almonds', ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8'], tag);
    searches(days, 30, 'Potato chips', ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'], `${tag}c`);
  }
  searches(PREV_DAYS, 20, 'green tea', ['t1'], 'pt');
  searches(CUR_DAYS, 10, 'green tea', ['t1'], 'ct');
  // A click 40 minutes after the search is not the search's.
  search(CUR_DAYS[2]!, 0, 'x1', 'dried mango', 'd1', 40);
  // A click belongs to the latest search before it.
  search(CUR_DAYS[3]!, 0, 'x2', 'almonds');
  search(CUR_DAYS[3]!, 2, 'x2', 'dried mango', 'd1', 5);
  // 23:55 on the last day of a rebuild chunk (Shanghai), the click ten minutes later on the next day.
  const late = '2026-06-14';
  event(late, onDay(late, 11 * 60 + 55), 'search', 'x3', { query: 'dried mango' });
  event('2026-06-15', onDay(late, 12 * 60 + 5), 'click', 'x3', { product_id: 'd1' });
  await ins('events', events);

  await orders(CUR_DAYS, 25, 'sA', 'mA', 'n1', 'kn1', 'nuts', 3000);
  await orders(PREV_DAYS, 2, 'sA', 'mA', 'n1', 'kn1', 'nuts', 3000);
  await orders(CUR_DAYS, 20, 'sB', 'mB', 'c1', 'kc1', 'chips', 1000);
  await orders(PREV_DAYS, 20, 'sB', 'mB', 'c1', 'kc1', 'chips', 1000);

  const tz = t.ctx.cfg.timeZone;
  await rebuildRollups(t.ctx.db.kysely, { from: PREV_FROM, to: TO, timeZone: tz });
  await rebuildOpportunityData(t.ctx.db.kysely, { from: PREV_FROM, to: TO });
  for (const m of ['mA', 'mB', 'mC']) tokens[m] = await t.key('merchant', m);
  tokens.creator = await t.key('creator', 'cr1');
});

afterAll(async () => {
  await t?.close();
});

const get = (tok: string, url: string) => t.req(tok, { method: 'GET', url });

describe('rebuildOpportunityData', () => {
  const snapshot = async () =>
    (
      await sql<{ n: string }>`SELECT concat_ws('/',
          (SELECT string_agg(concat_ws(',', query, day, searches, users, clicks, clicked_searches), ';' ORDER BY day, query) FROM an_query_day),
          (SELECT string_agg(concat_ws(',', query, day, category_id, clicks), ';' ORDER BY day, query, category_id) FROM an_query_category_day),
          (SELECT string_agg(concat_ws(',', category_id, day, unit_price, units), ';' ORDER BY day, category_id, unit_price) FROM an_category_price_day)
        ) AS n`.execute(t.ctx.db.kysely)
    ).rows[0]!.n;

  test('normalises queries, attributes clicks to the latest search within 30 minutes, across midnight', async () => {
    const r = await sql<{ query: string; searches: number; clicks: number; clicked: number; users: number }>`
      SELECT query, sum(searches)::int AS searches, sum(clicks)::int AS clicks, sum(clicked_searches)::int AS clicked,
        sum(users)::int AS users
      FROM an_query_day WHERE day BETWEEN ${FROM}::date AND ${TO}::date GROUP BY query ORDER BY query`.execute(
      t.ctx.db.kysely,
    );
    expect(r.rows).toEqual([
      { query: 'almonds', searches: 31, clicks: 30, clicked: 30, users: 31 },
      // 40 planted + x1 (click too late) + x2 (after almonds) + x3 (late evening)
      { query: 'dried mango', searches: 43, clicks: 42, clicked: 42, users: 43 },
      { query: 'green tea', searches: 10, clicks: 10, clicked: 10, users: 10 },
      { query: 'potato chips', searches: 30, clicks: 30, clicked: 30, users: 30 },
    ]);
    const prev = await sql<{ searches: number }>`SELECT sum(searches)::int AS searches FROM an_query_day
      WHERE query = 'dried mango' AND day < ${FROM}::date`.execute(t.ctx.db.kysely);
    expect(prev.rows[0]!.searches).toBe(5);
    // x3's late-evening search keeps its click after midnight: all four searches of that day were clicked
    const late = await sql<{ searches: number; clicks: number }>`SELECT searches, clicks FROM an_query_day
      WHERE query = 'dried mango' AND day = '2026-06-14'`.execute(t.ctx.db.kysely);
    expect(late.rows).toEqual([{ searches: 4, clicks: 4 }]);
  });

  test('is idempotent for a range', async () => {
    const before = await snapshot();
    await rebuildOpportunityData(t.ctx.db.kysely, { from: '2026-06-10', to: '2026-06-16' });
    await rebuildOpportunityData(t.ctx.db.kysely, { from: PREV_FROM, to: TO });
    expect(await snapshot()).toBe(before);
  });
});

describe('GET /v1/analytics/opportunities/market', () => {
  const url = `/v1/analytics/opportunities/market?from=${FROM}&to=${TO}`;

  test('the planted query and its category rank first, with their evidence', async () => {
    const r = await get(opTok, url);
    expect(r.status).toBe(200);
    const body = r.body as MarketOpportunities;
    expect(body).toMatchObject({ from: FROM, to: TO });
    const q = body.queries[0]!;
    expect(q).toMatchObject({
      query: 'dried mango',
      categoryId: 'dried',
      categoryName: 'Dried fruit',
      searches: 43,
      growth: 7.6,
      resultsProducts: 1,
    });
    const evq = Object.fromEntries(q.evidence.map((e) => [e.key, e]));
    expect(evq.searches).toEqual({ key: 'searches', value: 43, basis: 5 });
    expect(evq.search_growth!.value).toBe(7.6);
    expect(evq.listed_products!.value).toBe(1);
    expect(evq.query_category_share!.value).toBe(1);
    // searches per result product: 43 vs the median over the four queries (31/8, 43/1, 30/6, 10/4 → 4.4375)
    expect(evq.demand_per_product).toEqual({ key: 'demand_per_product', value: 43, basis: 4.4375 });
    expect(body.queries.map((x) => x.query)).toContain('green tea');
    expect(body.queries.at(-1)!.query).toBe('green tea');

    const c = body.categories[0]!;
    expect(c).toMatchObject({
      categoryId: 'dried',
      name: 'Dried fruit',
      l1Name: 'Food',
      l1NameZh: '食品',
      searches: 43,
      products: 1,
      stores: 1,
    });
    expect(c.searchGrowth).toBe(7.6);
    expect(c.evidence.find((e) => e.key === 'supply_growth')?.value).toBe(0);
    const nuts = body.categories.find((x) => x.categoryId === 'nuts')!;
    expect(nuts.evidence.find((e) => e.key === 'supply_growth')?.value).toBe(0.3333); // evidence values carry 4 decimals
    expect(c.score).toBeGreaterThan(body.categories[1]!.score);
    const evc = Object.fromEntries(c.evidence.map((e) => [e.key, e]));
    expect(evc.listed_products!.value).toBe(1);
    expect(evc.demand_per_product!.value).toBe(43);
  });

  test('price bands: demand at ¥30 against mostly ¥80 supply', async () => {
    const body = (await get(opTok, url)).body as MarketOpportunities;
    expect(body.priceBands).toEqual([
      {
        categoryId: 'nuts',
        categoryName: 'Nuts',
        min: 0,
        max: 3000,
        demandShare: 1,
        supplyShare: 0.125,
        gap: 0.875,
        evidence: [
          { key: 'price_band_gap', value: 0.875 },
          { key: 'demand_share', value: 1 },
          { key: 'supply_share', value: 0.125 },
          { key: 'paid_units', value: 25 },
        ],
      },
    ]);
  });

  test('trending products: exact for operators, rounded like public badges for merchants', async () => {
    const op = (await get(opTok, url)).body as MarketOpportunities;
    expect(op.trending.map((x) => x.productId)).toEqual(['n1']);
    expect(op.trending[0]).toMatchObject({
      title: 'Title n1',
      categoryId: 'nuts',
      storeId: 'sA',
      units: 25,
      gmv: 75000,
      growth: 11.5,
    });
    const mb = (await get(tokens.mB!, url)).body as MarketOpportunities;
    expect(mb.trending[0]).toMatchObject({ units: 20, gmv: 70000 });
    expect(mb.trending[0]!.evidence.find((e) => e.key === 'paid_units')).toEqual({
      key: 'paid_units',
      value: 20,
      basis: 2,
    });
    // its own product: exact
    const ma = (await get(tokens.mA!, url)).body as MarketOpportunities;
    expect(ma.trending[0]).toMatchObject({ units: 25, gmv: 75000 });
  });

  test('limit, roles and bad input', async () => {
    const one = (await get(opTok, `${url}&limit=1`)).body as MarketOpportunities;
    expect(one.categories).toHaveLength(1);
    expect(one.queries).toHaveLength(1);
    expect((await get(t.keys.integration!, url)).status).toBe(200);
    expect((await get(tokens.creator!, url)).status).toBe(403);
    expect((await t.req(null, { method: 'GET', url })).status).toBe(401);
    // malformed values fail the schema (400); a reversed or too long range is a 422
    for (const [bad, status] of [
      [`?from=${TO}&to=${FROM}`, 422],
      ['?from=2024-01-01&to=2026-01-01', 422],
      ['?from=2026-13-45', 400],
      ['?limit=0', 400],
      ['?limit=abc', 400],
      ['?foo=1', 400],
    ] as const) {
      const r = await get(opTok, `/v1/analytics/opportunities/market${bad}`);
      expect(r.status, bad).toBe(status);
      expect(String(r.headers['content-type'])).toContain('problem+json');
    }
  });

  test('the default range is the 14 days ending today', async () => {
    const r = await get(opTok, '/v1/analytics/opportunities/market');
    expect(r.status).toBe(200);
    expect(dayRange(r.body.from, r.body.to)).toHaveLength(14);
  });
});

describe('GET /v1/analytics/opportunities', () => {
  const url = (extra = '') => `/v1/analytics/opportunities?from=${FROM}&to=${TO}${extra}`;
  const byId = (b: MerchantOpportunities) => new Map(b.rows.map((r) => [r.id, r]));

  test('a nut seller: dried fruit is an adjacent opportunity, its own band gap, never its own products', async () => {
    const r = await get(tokens.mA!, url());
    expect(r.status).toBe(200);
    const body = r.body as MerchantOpportunities;
    expect(body.merchantId).toBe('mA');
    const rows = byId(body);
    expect(rows.get('category:dried')).toMatchObject({
      kind: 'category',
      fit: 'adjacent',
      title: 'Dried fruit',
      titleZh: '果干',
    });
    expect(rows.get('query:dried mango')).toMatchObject({
      kind: 'query',
      fit: 'adjacent',
      categoryId: 'dried',
    });
    const band = rows.get('price_band:nuts:0')!;
    expect(band).toMatchObject({ kind: 'price_band', fit: 'own_category', categoryId: 'nuts', score: 88.9 });
    expect(band.evidence).toContainEqual({ key: 'own_skus_in_band', value: 1, basis: 8 });
    expect(band.evidence).toContainEqual({ key: 'price_max', value: 3000 });
    expect(rows.has('product:n1')).toBe(false);
    // green tea is in another level-2 category: no fit
    expect([...rows.values()].some((x) => x.categoryId === 'tea')).toBe(false);
    expect(body.rows.every((x) => x.score > 0)).toBe(true);
    const scores = body.rows.map((x) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // the adjacent weight: 0.8 of the market score
    const market = (await get(opTok, `/v1/analytics/opportunities/market?from=${FROM}&to=${TO}`))
      .body as MarketOpportunities;
    const dried = market.categories.find((c) => c.categoryId === 'dried')!;
    expect(rows.get('category:dried')!.score).toBeCloseTo(dried.score * 0.8, 0);
  });

  test('the dried fruit seller sees its own category; a chips seller sees the trending nut product, rounded', async () => {
    const c = byId((await get(tokens.mC!, url())).body);
    expect(c.get('category:dried')).toMatchObject({ fit: 'own_category' });
    const b = byId((await get(tokens.mB!, url())).body);
    expect(b.get('product:n1')).toMatchObject({ kind: 'product', fit: 'adjacent', title: 'Title n1' });
    expect(b.get('product:n1')!.evidence).toContainEqual({ key: 'paid_units', value: 20, basis: 2 });
    const asOperator = byId((await get(opTok, url('&merchantId=mB'))).body);
    expect(asOperator.get('product:n1')!.evidence).toContainEqual({ key: 'paid_units', value: 25, basis: 2 });
  });

  test('roles and bad input', async () => {
    expect((await get(tokens.mA!, url('&merchantId=mB'))).status).toBe(403);
    expect((await get(tokens.creator!, url())).status).toBe(403);
    expect((await get(opTok, url())).status).toBe(422);
    expect((await get(opTok, url('&merchantId=nobody'))).status).toBe(404);
    expect((await get(opTok, url('&merchantId=bad id!'))).status).toBe(400);
    expect((await get(tokens.mA!, `/v1/analytics/opportunities?from=${TO}&to=${FROM}`)).status).toBe(422);
  });
});
