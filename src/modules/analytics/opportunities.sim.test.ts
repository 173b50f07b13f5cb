import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { shiftDay } from '../../core/time.ts';
import { simulate } from '../simulator/index.ts';
import { TINY } from '../simulator/tiny.fixture.ts';
import { rebuildOpportunityData } from './opportunities.service.ts';
import { rebuildRollups } from './rollups.service.ts';
import type { MarketOpportunities, MerchantOpportunities } from './types.ts';

/**
 * The opportunity center on the simulator's tiny world: its searches name a level-3 category (its English name,
 * one of its nouns, its Chinese name) and the clicks after them land in that category's products, so the
 * query→category mapping can be checked against the category a query was generated from.
 */
let t: TestApp;
let merchant: string;
let rebuildMs = 0;
const FROM = shiftDay(TINY.endDay!, -4);
const TO = TINY.endDay!;

beforeAll(async () => {
  t = await testApp();
  const s = await simulate(t.ctx.db, TINY);
  merchant = s.demo.merchantId;
  const from = shiftDay(TINY.endDay!, -(TINY.days - 1));
  await rebuildRollups(t.ctx.db.kysely, { from, to: TO, timeZone: TINY.timeZone! });
  rebuildMs = (await rebuildOpportunityData(t.ctx.db.kysely, { from, to: TO })).ms;
});

afterAll(async () => {
  await t?.close();
});

describe('opportunities on the simulated marketplace', () => {
  // The simulator's searches in a category without products show products of its level-1 category instead:
  // only categories with products can be the target of their queries' clicks.
  test('a query named after a category with products maps to that category', async () => {
    const r = await sql<{ query: string; mapped: string; named: string }>`
      WITH top AS (
        SELECT DISTINCT ON (query) query, category_id FROM (
          SELECT query, category_id, sum(clicks) AS n FROM an_query_category_day GROUP BY 1, 2
        ) x ORDER BY query, n DESC, category_id
      )
      SELECT top.query, top.category_id AS mapped, c.id AS named
      FROM top JOIN categories c ON c.level = 3 AND (lower(c.name) = top.query OR c.name_zh = top.query)
      WHERE EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id)`.execute(t.ctx.db.kysely);
    expect(r.rows.length).toBeGreaterThan(10);
    const right = r.rows.filter((x) => x.mapped === x.named).length;
    expect(right / r.rows.length).toBeGreaterThan(0.8);
    const searches = await sql<{ n: number; events: number }>`SELECT
        (SELECT sum(searches)::int FROM an_query_day) AS n,
        (SELECT count(*)::int FROM events WHERE type = 'search' AND user_id IS NOT NULL) AS events`.execute(
      t.ctx.db.kysely,
    );
    expect(searches.rows[0]!.n).toBe(searches.rows[0]!.events);
    console.info(
      `rebuildOpportunityData over ${searches.rows[0]!.events} searches (tiny world): ${rebuildMs} ms`,
    );
  });

  test('the market view and the demo merchant’s opportunities', async () => {
    const m = await t.req(t.keys.operator!, {
      method: 'GET',
      url: `/v1/analytics/opportunities/market?from=${FROM}&to=${TO}&limit=10`,
    });
    expect(m.status).toBe(200);
    const market = m.body as MarketOpportunities;
    expect(market.categories.length).toBeGreaterThan(0);
    expect(market.queries.length).toBeGreaterThan(0);
    for (const list of [market.categories, market.queries]) {
      const s = list.map((x) => x.score);
      expect(s).toEqual([...s].sort((a, b) => b - a));
      for (const x of list) expect(x.score).toBeGreaterThanOrEqual(0);
    }
    for (const b of market.priceBands) expect(b.gap).toBeCloseTo(b.demandShare - b.supplyShare, 3);

    const tok = await t.key('merchant', merchant);
    const r = await t.req(tok, { method: 'GET', url: `/v1/analytics/opportunities?from=${FROM}&to=${TO}` });
    expect(r.status).toBe(200);
    const body = r.body as MerchantOpportunities;
    const own = await sql<{
      category_id: string;
      parent_id: string;
    }>`SELECT DISTINCT p.category_id, c.parent_id
      FROM products p JOIN categories c ON c.id = p.category_id WHERE p.merchant_id = ${merchant} AND p.status = 'listed'`.execute(
      t.ctx.db.kysely,
    );
    const ownCats = new Set(own.rows.map((x) => x.category_id));
    const parents = new Set(own.rows.map((x) => x.parent_id));
    const parentOf = new Map(
      (
        await sql<{
          id: string;
          parent_id: string;
        }>`SELECT id, parent_id FROM categories WHERE level = 3`.execute(t.ctx.db.kysely)
      ).rows.map((x) => [x.id, x.parent_id]),
    );
    const mine = new Set(
      (
        await sql<{ id: string }>`SELECT id FROM products WHERE merchant_id = ${merchant}`.execute(
          t.ctx.db.kysely,
        )
      ).rows.map((x) => x.id),
    );
    for (const row of body.rows) {
      expect(row.categoryId).not.toBeNull();
      if (row.fit === 'own_category') expect(ownCats.has(row.categoryId!)).toBe(true);
      else {
        expect(ownCats.has(row.categoryId!)).toBe(false);
        expect(parents.has(parentOf.get(row.categoryId!)!)).toBe(true);
      }
      if (row.kind === 'product') expect(mine.has(row.id.slice('product:'.length))).toBe(false);
      expect(row.evidence.length).toBeGreaterThan(0);
    }
  });
});
