import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { ago, DAY, storeTemplate } from '../../../test/pricing.ts';
import { claimInBulk, type SeedClaim } from './index.ts';

let t: TestApp;
const TZ = 'Asia/Shanghai';
const op = (url: string, payload: unknown) =>
  t.req(t.keys.operator!, { method: 'POST', url, payload: payload as never });
const n = async (query: ReturnType<typeof sql<{ n: number }>>) =>
  (await query.execute(t.ctx.db.kysely)).rows[0]!.n;
const coupons = (tpl: string) =>
  n(sql`SELECT count(*)::int AS n FROM pricing_coupons WHERE template_id = ${tpl}`);
const claimed = (tpl: string) => n(sql`SELECT claimed AS n FROM pricing_coupon_templates WHERE id = ${tpl}`);
const claim = (templateId: string, userId: string, i: number, at = new Date()): SeedClaim => ({
  couponId: `cpn_seed_${templateId}_${userId}_${i}`,
  templateId,
  userId,
  claimedAt: at,
});

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  for (const [id, extra] of [
    ['seed-a', { perUserLimit: 2, perUserDailyLimit: 1, totalQuantity: 100 }],
    ['seed-total', { perUserLimit: 3, totalQuantity: 3 }],
    ['seed-day', { perUserLimit: 2, perDayLimit: 2, totalQuantity: 10 }],
  ] as const)
    expect((await op('/v1/pricing/coupon-templates', storeTemplate({ id, ...extra }))).status).toBe(201);
});
afterAll(() => t.close());

describe('claimInBulk', () => {
  test('claims with the given ids and instants, counting every limit like one claim at a time', async () => {
    const yesterday = new Date(Date.now() - DAY);
    const r = await claimInBulk(
      t.ctx.db.kysely,
      [claim('seed-a', 'u1', 1, yesterday), claim('seed-a', 'u1', 2), claim('seed-a', 'u2', 1)],
      TZ,
    );
    expect(r).toBe(3);
    expect(await claimed('seed-a')).toBe(3);
    const c = (
      await sql<{
        status: string;
        valid_to: Date;
        claimed_at: Date;
      }>`SELECT status, valid_to, claimed_at FROM pricing_coupons WHERE id = 'cpn_seed_seed-a_u1_1'`.execute(
        t.ctx.db.kysely,
      )
    ).rows[0]!;
    expect(c.status).toBe('available');
    expect(c.valid_to.getTime() - c.claimed_at.getTime()).toBe(7 * DAY);
    // The wallet shows them like claimed ones.
    const w = await t.req(t.keys.integration!, { method: 'GET', url: '/v1/pricing/wallet/u1' });
    expect(w.body.available.map((x: { couponId: string }) => x.couponId).sort()).toEqual([
      'cpn_seed_seed-a_u1_1',
      'cpn_seed_seed-a_u1_2',
    ]);
  });

  test('a batch that would pass any limit is refused whole and claims nothing', async () => {
    const before = await coupons('seed-a');
    // u2 may claim one more in all, but not two today (daily limit 1), and u1 has none left.
    await expect(
      claimInBulk(t.ctx.db.kysely, [claim('seed-a', 'u2', 2), claim('seed-a', 'u1', 3)], TZ),
    ).rejects.toMatchObject({ status: 409, type: 'urn:tributary:pricing:user_limit' });
    await expect(
      claimInBulk(
        t.ctx.db.kysely,
        [
          claim('seed-total', 'u1', 1),
          claim('seed-total', 'u1', 2),
          claim('seed-total', 'u2', 1),
          claim('seed-total', 'u2', 2),
        ],
        TZ,
      ),
    ).rejects.toMatchObject({ status: 409, type: 'urn:tributary:pricing:sold_out' });
    await expect(
      claimInBulk(
        t.ctx.db.kysely,
        [claim('seed-day', 'u1', 1), claim('seed-day', 'u2', 1), claim('seed-day', 'u2', 2)],
        TZ,
      ),
    ).rejects.toMatchObject({ status: 409, type: 'urn:tributary:pricing:daily_sold_out' });
    expect(await coupons('seed-a')).toBe(before);
    expect(await coupons('seed-total')).toBe(0);
    expect(await claimed('seed-total')).toBe(0);
    expect(await coupons('seed-day')).toBe(0);
    expect(
      await n(
        sql`SELECT count(*)::int AS n FROM pricing_claims_per_user WHERE template_id IN ('seed-total', 'seed-day')`,
      ),
    ).toBe(0);
    // Within the limits the same templates take them.
    expect(
      await claimInBulk(
        t.ctx.db.kysely,
        [claim('seed-total', 'u1', 1), claim('seed-total', 'u1', 2), claim('seed-total', 'u2', 1)],
        TZ,
      ),
    ).toBe(3);
    expect(await claimed('seed-total')).toBe(3);
  });

  test('claims outside the claim window, on unknown templates or for unknown buyers are refused', async () => {
    await expect(
      claimInBulk(t.ctx.db.kysely, [claim('seed-day', 'u1', 1, new Date(ago(3 * DAY)))], TZ),
    ).rejects.toMatchObject({ status: 422 });
    await expect(claimInBulk(t.ctx.db.kysely, [claim('nope', 'u1', 1)], TZ)).rejects.toMatchObject({
      status: 422,
    });
    await expect(claimInBulk(t.ctx.db.kysely, [claim('seed-day', 'nobody', 1)], TZ)).rejects.toMatchObject({
      status: 422,
    });
    expect(await coupons('seed-day')).toBe(0);
  });
});
