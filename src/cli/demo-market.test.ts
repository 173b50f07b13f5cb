import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/harness.ts';
import { ORDER_CREATE_HOOKS } from '../modules/marketplace/index.ts';
import { backfillScores } from '../modules/scoring/index.ts';
import { type SimulationSummary, simulate } from '../modules/simulator/index.ts';
import { TINY } from '../modules/simulator/tiny.fixture.ts';
import { seedMarketDemo } from './demo-market.ts';

let t: TestApp;
let summary: SimulationSummary;
const rows = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(t.ctx.db.kysely)).rows;

beforeAll(async () => {
  t = await testApp();
  summary = await simulate(t.ctx.db, { ...TINY, orderHooks: t.ctx.hooks.list(ORDER_CREATE_HOOKS) });
  await backfillScores(t.ctx, summary.endDay, 2);
});
afterAll(() => t?.close());

describe('seedMarketDemo', () => {
  it('gives the demo merchant samples in every status, open, awarded and cancelled jobs; twice changes nothing', async () => {
    const first = await seedMarketDemo(t.ctx);
    expect(first).toMatch(/\d+ sample requests, 4 proxy jobs/);
    const merchant = await t.key('merchant', summary.demo.merchantId);
    const list = await t.req(merchant, { method: 'GET', url: '/v1/samples?limit=200' });
    expect(Object.keys(list.body.counts).sort()).toEqual([
      'approved',
      'fulfilled',
      'overdue',
      'received',
      'rejected',
      'requested',
      'returned',
      'shipped',
    ]);
    const creator = await t.key('creator', summary.demo.creatorId);
    const mine = await t.req(creator, { method: 'GET', url: '/v1/samples' });
    expect(mine.body.total).toBeGreaterThanOrEqual(6);
    const jobs = await t.req(merchant, { method: 'GET', url: '/v1/proxy-jobs' });
    expect(jobs.body.items.map((j: { id: string; status: string }) => [j.id, j.status]).sort()).toEqual([
      ['demo-job-awarded', 'awarded'],
      ['demo-job-cancelled', 'cancelled'],
      ['demo-job-launch', 'open'],
      ['demo-job-weekends', 'open'],
    ]);
    const awarded = await t.req(merchant, { method: 'GET', url: '/v1/proxy-jobs/demo-job-awarded' });
    const res = awarded.body.results;
    expect(res.sessions.length).toBeGreaterThan(0);
    // The demo creator proxy-streams for the demo store through the demo agency: the contract is theirs.
    expect(awarded.body.contract).toMatchObject({
      creatorId: summary.demo.creatorId,
      agencyId: summary.demo.agencyId,
    });
    // Agreed: the pace of the window's last four weeks kept over the five-week contract.
    expect(res.sessionsAgreed).toBe(Math.floor((res.sessionsDone * 35) / 28));
    // The GMV reported is the paid GMV of those sessions, read here straight from orders.
    const ids = res.sessions.map((s: { id: string }) => s.id);
    const [direct] = await rows(sql<{ gmv: string }>`SELECT coalesce(sum(pay_amount), 0) AS gmv FROM orders
      WHERE live_session_id = ANY(${ids}::text[]) AND paid_at IS NOT NULL AND status <> 'cancelled'`);
    expect(res.gmv).toBe(Number(direct!.gmv));
    expect(res.gmv).toBeGreaterThan(0);
    const launch = await t.req(merchant, { method: 'GET', url: '/v1/proxy-jobs/demo-job-launch' });
    expect(launch.body.quotes.length).toBeGreaterThanOrEqual(2);
    expect(launch.body.quotes.some((q: { bidderType: string }) => q.bidderType === 'agency')).toBe(true);

    const count = () =>
      rows(sql<{ s: number; h: number; j: number; q: number; c: number }>`SELECT
        (SELECT count(*)::int FROM samples) AS s, (SELECT count(*)::int FROM sample_history) AS h,
        (SELECT count(*)::int FROM proxy_jobs) AS j, (SELECT count(*)::int FROM proxy_quotes) AS q,
        (SELECT count(*)::int FROM proxy_contracts) AS c`);
    const before = await count();
    expect(await seedMarketDemo(t.ctx)).toBe('creator marketplace demo: 0 sample requests, 0 proxy jobs');
    expect(await count()).toEqual(before);
  });
});
