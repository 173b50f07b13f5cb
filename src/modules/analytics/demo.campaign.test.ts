import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { fromBytes, seedAudiencesDemo } from '../audiences/index.ts';
import { simulate } from '../simulator/index.ts';
import { TINY } from '../simulator/tiny.fixture.ts';
import { seedPastCampaign } from './demo.campaign.ts';

/**
 * The demo's past campaign: an activation ten days before the end with its holdout, and simulated repeat orders
 * that only treated customers place, inside the measured window — so the experiment endpoint sees them there.
 */
let t: TestApp;
let merchantId: string;

beforeAll(async () => {
  t = await testApp();
  const summary = await simulate(t.ctx.db, TINY);
  merchantId = summary.demo.merchantId;
  const opts = { timeZone: TINY.timeZone!, merchantId };
  await seedAudiencesDemo(t.ctx.db.kysely, opts);
  await seedPastCampaign(t.ctx.db.kysely, { ...opts, endDay: TINY.endDay! });
}, 240_000);
afterAll(() => t?.close());

test('only treated customers place the campaign orders, within the window the experiment reads', async () => {
  const db = t.ctx.db.kysely;
  const act = await sql<{
    created_at: Date;
    treatment_bitmap: Uint8Array;
    holdout: number;
  }>`SELECT created_at,
    treatment_bitmap, holdout FROM aud_activations WHERE id = 'act_demo_past_push'`.execute(db);
  const a = act.rows[0]!;
  expect(a.holdout).toBeGreaterThan(0);
  expect(new Date(a.created_at).toISOString().slice(0, 10)).toBe('2026-06-10');
  const treated = new Set(
    (
      await sql<{ consumer_id: string }>`SELECT consumer_id FROM aud_users
        WHERE idx = ANY(${Array.from(fromBytes(a.treatment_bitmap).toUint32Array())}::int[])`.execute(db)
    ).rows.map((x) => x.consumer_id),
  );
  const extra = await sql<{
    consumer_id: string;
    paid_at: Date;
    pay_amount: string;
  }>`SELECT consumer_id, paid_at,
    pay_amount FROM orders WHERE id LIKE 'ord_demo_push_%'`.execute(db);
  expect(extra.rows.length).toBeGreaterThan(0);
  for (const o of extra.rows) {
    expect(treated.has(o.consumer_id)).toBe(true);
    expect(new Date(o.paid_at).getTime()).toBeGreaterThan(new Date(a.created_at).getTime());
    expect(new Date(o.paid_at).getTime() - new Date(a.created_at).getTime()).toBeLessThan(8 * 86_400_000);
  }
  const token = await t.key('merchant', merchantId);
  const r = await t.req(token, {
    method: 'GET',
    url: '/v1/analytics/experiments/act_demo_past_push?days=14',
  });
  expect(r.status).toBe(200);
  const extraGmv = extra.rows.reduce((s, o) => s + Number(o.pay_amount), 0);
  expect(r.body.treatment.gmv).toBeGreaterThanOrEqual(extraGmv);
  // Running it again changes nothing.
  expect(await seedPastCampaign(db, { timeZone: TINY.timeZone!, merchantId, endDay: TINY.endDay! })).toMatch(
    /already/,
  );
});
