import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../test/harness.ts';
import { simulate } from '../modules/simulator/index.ts';
import { TINY } from '../modules/simulator/tiny.fixture.ts';
import { seedLiveDemo, startDemoLive } from './demo-live.ts';

/** The live demo on a tiny simulated marketplace: past sessions listed and measured, future ones scheduled, one room live. */
let t: TestApp;
let demo: { merchantId: string; creatorId: string; agencyId: string };
const q = async <T>(s: ReturnType<typeof sql<T>>) => (await s.execute(t.ctx.db.kysely)).rows;

beforeAll(async () => {
  t = await testApp();
  demo = (await simulate(t.ctx.db, TINY)).demo;
}, 300_000);
afterAll(() => t?.close());

test('past sessions get their products, windows and metrics; all three host types are scheduled', async () => {
  const line = await seedLiveDemo(t.ctx, demo, new Date('2026-06-21T04:00:00Z'));
  expect(line).toMatch(/sessions scheduled/);
  const [past] = await q<{ n: number; listed: number; explained: number }>(sql`
    SELECT count(*)::int AS n,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM live_session_products p WHERE p.session_id = l.id))::int AS listed,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM live_explanations x WHERE x.session_id = l.id))::int AS explained
    FROM live_sessions l WHERE l.ended_at IS NOT NULL`);
  expect(past!.n).toBeGreaterThan(0);
  expect(past!.listed).toBe(past!.n);
  expect(past!.explained).toBe(past!.n);
  // The aggregates hold every room event: views equal the live_enter events of the sessions.
  const [views] = await q<{ agg: number; raw: number }>(sql`
    SELECT (SELECT COALESCE(sum(enters), 0)::int FROM live_minutes) AS agg,
      (SELECT count(*)::int FROM events WHERE live_session_id IS NOT NULL AND type = 'live_enter') AS raw`);
  expect(views!.agg).toBe(views!.raw);
  expect(views!.raw).toBeGreaterThan(0);
  const planned = await q<{ host_type: string; merchant_id: string }>(sql`
    SELECT host_type, merchant_id FROM live_sessions WHERE started_at IS NULL`);
  const mine = planned.filter((p) => p.merchant_id === demo.merchantId).map((p) => p.host_type);
  expect(new Set(mine)).toEqual(new Set(['self', 'agency', 'creator']));
  expect(planned.length).toBeGreaterThan(mine.length);
});

test('the demo room goes live and its metrics move as simulated viewers arrive', async () => {
  const stop = startDemoLive(t.ctx, demo.merchantId, 50);
  let id: string | undefined;
  for (let i = 0; i < 100 && !id; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const [s] = await q<{ id: string }>(sql`SELECT id FROM live_sessions WHERE id LIKE 'ls_demo_live_%'
      AND ended_at IS NULL AND started_at IS NOT NULL AND EXISTS (SELECT 1 FROM events WHERE live_session_id = live_sessions.id)`);
    id = s?.id;
  }
  expect(id).toBeDefined();
  await new Promise((r) => setTimeout(r, 500));
  await stop();
  const m = await t.req(t.keys.operator!, { method: 'GET', url: `/v1/live/sessions/${id}/metrics` });
  expect(m.status).toBe(200);
  expect(m.body.status).toBe('ended');
  expect(m.body.totals.views).toBeGreaterThan(0);
  expect(m.body.totals.productClicks).toBeGreaterThan(0);
  expect(m.body.explanations.length).toBeGreaterThan(0);
});
