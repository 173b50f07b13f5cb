import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Problem } from '../../core/errors.ts';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { orderFromQuote, storeTemplate } from '../../../test/pricing.ts';
import { claimCoupon } from './claims.service.ts';

// PGlite is one connection: claims there run one after another and prove nothing about races. On PostgreSQL,
// 200 claimers run at once through a pool of 24 connections against the same template.
const url = process.env.DATABASE_URL;
let t: TestApp;
let pool: pg.Pool;
// biome-ignore lint/suspicious/noExplicitAny: the service takes the untyped shared connection
let db: Kysely<any>;

beforeAll(async () => {
  if (!url) return;
  t = await testApp();
  await loadCatalog((u, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url: u, payload: payload as never }),
  );
  await sql`INSERT INTO consumers (id, registered_at) SELECT 'c' || g, now() FROM generate_series(1, 200) g`.execute(
    t.ctx.db.kysely,
  );
  pool = new pg.Pool({ connectionString: url, max: 24, options: `-c search_path=${t.ctx.db.schema}` });
  db = new Kysely({ dialect: new PostgresDialect({ pool }) });
});
afterAll(async () => {
  if (!url) return;
  await db.destroy();
  await t.close();
});

/** Fires every claim at once; returns the statuses. */
async function storm(templateId: string, users: string[]) {
  const env = { db, timeZone: 'Asia/Shanghai' };
  const outcomes = await Promise.all(
    users.map((u) =>
      claimCoupon(env, templateId, u, new Date()).then(
        (r) => r.status,
        (e: Problem) => {
          if (typeof e.status !== 'number') throw e;
          return e.status;
        },
      ),
    ),
  );
  const rows = await sql<{
    user_id: string;
    n: number;
  }>`SELECT user_id, count(*)::int AS n FROM pricing_coupons
    WHERE template_id = ${templateId} GROUP BY user_id`.execute(db);
  const claimed = (
    await sql<{
      claimed: number;
    }>`SELECT claimed FROM pricing_coupon_templates WHERE id = ${templateId}`.execute(db)
  ).rows[0]!.claimed;
  return {
    created: outcomes.filter((s) => s === 201).length,
    refused: outcomes.filter((s) => s === 409).length,
    other: outcomes.filter((s) => s !== 201 && s !== 409),
    coupons: rows.rows.reduce((s, r) => s + r.n, 0),
    maxPerUser: Math.max(...rows.rows.map((r) => r.n)),
    claimed,
  };
}

describe.skipIf(!url)('200 concurrent claimers on PostgreSQL', () => {
  test('total quantity binds: exactly the total is claimed, never more, none lost', async () => {
    const tpl = storeTemplate({ id: 'tpl-storm-total', totalQuantity: 100, perUserLimit: 2 });
    expect(
      (await t.req(t.keys.operator!, { method: 'POST', url: '/v1/pricing/coupon-templates', payload: tpl }))
        .status,
    ).toBe(201);
    // 80 buyers, two or three attempts each (200 in all): allowances 160 > total 100.
    const users = Array.from({ length: 200 }, (_, i) => `c${(i % 80) + 1}`);
    const r = await storm('tpl-storm-total', users);
    expect(r.other).toEqual([]);
    expect(r.created).toBe(100);
    expect(r.coupons).toBe(100);
    expect(r.claimed).toBe(100);
    expect(r.refused).toBe(100);
    expect(r.maxPerUser).toBeLessThanOrEqual(2);
  });

  test('per-user limits bind: every buyer gets exactly their allowance, never more, none lost', async () => {
    const tpl = storeTemplate({ id: 'tpl-storm-user', totalQuantity: 1000, perUserLimit: 2 });
    expect(
      (await t.req(t.keys.operator!, { method: 'POST', url: '/v1/pricing/coupon-templates', payload: tpl }))
        .status,
    ).toBe(201);
    // 50 buyers, four attempts each: allowances 100 < total 1000.
    const users = Array.from({ length: 200 }, (_, i) => `c${(i % 50) + 1}`);
    const r = await storm('tpl-storm-user', users);
    expect(r.other).toEqual([]);
    expect(r.created).toBe(100);
    expect(r.coupons).toBe(100);
    expect(r.claimed).toBe(100);
    expect(r.maxPerUser).toBe(2);
  });

  test('both bind at once, with a daily cap: claims = min(total, daily cap, Σ allowances)', async () => {
    const tpl = storeTemplate({ id: 'tpl-storm-day', totalQuantity: 90, perUserLimit: 3, perDayLimit: 70 });
    expect(
      (await t.req(t.keys.operator!, { method: 'POST', url: '/v1/pricing/coupon-templates', payload: tpl }))
        .status,
    ).toBe(201);
    const users = Array.from({ length: 200 }, (_, i) => `c${(i % 40) + 101}`);
    const r = await storm('tpl-storm-day', users);
    expect(r.other).toEqual([]);
    expect(r.created).toBe(70);
    expect(r.coupons).toBe(70);
    expect(r.claimed).toBe(70);
    expect(r.maxPerUser).toBeLessThanOrEqual(3);
  });
});

describe.skipIf(!url)('concurrent orders on PostgreSQL', () => {
  test('one coupon in 12 quotes: 12 orders at once, exactly one reserves it', async () => {
    const tpl = storeTemplate({ id: 'tpl-race', totalQuantity: 10, perUserLimit: 1 });
    await t.req(t.keys.operator!, { method: 'POST', url: '/v1/pricing/coupon-templates', payload: tpl });
    const claimed = await claimCoupon({ db, timeZone: 'Asia/Shanghai' }, 'tpl-race', 'u1', new Date());
    const couponId = claimed.body.couponId;
    const quotes = [];
    for (let i = 0; i < 12; i++) {
      const q = await t.req(t.keys.integration!, {
        method: 'POST',
        url: '/v1/pricing/quote',
        payload: { userId: 'u1', lines: [{ skuId: 'k1', quantity: 2 }], couponIds: [couponId] },
      });
      expect(q.status).toBe(201);
      quotes.push(q.body);
    }
    const results = await Promise.all(
      quotes.map((q, i) =>
        t.req(t.keys.integration!, {
          method: 'POST',
          url: '/v1/orders',
          payload: { records: [orderFromQuote(`race-${i}`, q, 's1', 'u1')] },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(422);
      expect(r.body.errors[0].reason).toContain(`coupon ${couponId} is already reserved`);
    }
    const held = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pricing_order_snapshots
      WHERE ${couponId} = ANY(coupon_ids)`.execute(db);
    expect(held.rows[0]!.n).toBe(1);
  });
});
