import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { shiftDay } from '../core/time.ts';
import { driveTraffic } from '../modules/simulator/index.ts';
import { createProgram, enrol, Ranker, rankerOf, refreshSignals } from '../modules/traffic/index.ts';

/** Days of simulated feed and live-feed traffic the demo replays through the ranking service. */
const REPLAY_DAYS = 3;

/**
 * The demo's traffic: one program of each kind (new-streamer protection, Chuanliu, a category horse race, a
 * campaign budget the demo merchant joined), then the last days of the window's feed and live-feed traffic
 * ranked by the service, so programs have delivery history and merchants have exposure when the console opens.
 */
export async function seedTrafficDemo(
  ctx: AppContext,
  endDay: string,
  demoMerchantId: string,
): Promise<string> {
  const k = ctx.db.kysely;
  const tz = ctx.cfg.timeZone;
  const first = shiftDay(endDay, -REPLAY_DAYS);
  const asOf = shiftDay(first, -1);
  await refreshSignals(ctx.db, asOf);
  const [top] = (
    await sql<{ id: string }>`SELECT c.id FROM categories c JOIN stores s ON s.main_category_id = c.id
      WHERE c.level = 1 GROUP BY c.id ORDER BY COUNT(*) DESC, c.id LIMIT 1`.execute(k)
  ).rows;
  const lastMonth = shiftDay(`${endDay.slice(0, 7)}-01`, -1).slice(0, 7);
  await createProgram(
    k,
    {
      kind: 'protection',
      name: 'New-streamer protection',
      nameZh: '新主播流量保护',
      startsOn: shiftDay(endDay, -60),
      params: { minDaily: 200 },
    },
    'demo',
    'demo-protection',
  );
  await createProgram(
    k,
    {
      kind: 'chuanliu',
      name: 'Chuanliu plan',
      nameZh: '川流计划',
      startsOn: shiftDay(endDay, -20),
      params: { merchantPerYuan: 2, creatorPerYuan: 1 },
    },
    'demo',
    'demo-chuanliu',
  );
  if (top)
    await createProgram(
      k,
      {
        kind: 'horse_race',
        name: 'Monthly category race',
        nameZh: '类目月度赛马',
        startsOn: `${lastMonth}-01`,
        params: {
          categoryId: top.id,
          metric: 'gmv',
          topN: 5,
          prizes: [20_000, 15_000, 10_000, 8_000, 5_000],
        },
      },
      'demo',
      'demo-race',
    );
  const stores = (
    await sql<{
      id: string;
    }>`SELECT store_id AS id FROM orders WHERE paid_day BETWEEN ${shiftDay(asOf, -29)}::date AND ${asOf}::date
      GROUP BY store_id ORDER BY (MIN(merchant_id) = ${demoMerchantId}) DESC, SUM(pay_amount) DESC, store_id LIMIT 10`.execute(
      k,
    )
  ).rows;
  await createProgram(
    k,
    {
      kind: 'budget',
      name: 'Year-end campaign traffic',
      nameZh: '年终大促流量包',
      startsOn: first,
      endsOn: shiftDay(endDay, 7),
      params: { pool: 400_000, rule: 'score_gmv', scenes: ['feed', 'mall'] },
    },
    'demo',
    'demo-budget',
  );
  for (const s of stores) await enrol(ctx.db, 'demo-budget', s.id, asOf);
  // Open for enrolment: the demo merchant can join this one from the console.
  await createProgram(
    k,
    {
      kind: 'budget',
      name: 'New-year campaign traffic',
      nameZh: '元旦流量包',
      startsOn: shiftDay(endDay, 20),
      endsOn: shiftDay(endDay, 30),
      params: { pool: 300_000 },
    },
    'demo',
    'demo-budget-next',
  );

  const users = (await sql<{ id: string }>`SELECT id FROM consumers ORDER BY id`.execute(k)).rows.map(
    (r) => r.id,
  );
  const l1 = (
    await sql<{ id: string }>`SELECT id FROM categories WHERE level = 1 ORDER BY id`.execute(k)
  ).rows.map((r) => r.id);
  const ranker = new Ranker(ctx.db, tz);
  await ranker.init();
  await ranker.refresh(asOf);
  ranker.start();
  let pages = 0;
  for (let d = 0; d < REPLAY_DAYS; d++) {
    const r = await driveTraffic(ranker, {
      day: shiftDay(first, d),
      timeZone: tz,
      seed: 42,
      users,
      feedRequests: 6000,
      liveRequests: 2500,
      livePageSize: 6,
      mallCategories: l1,
    });
    pages += r.pages;
  }
  await ranker.stop();
  return `traffic: ${pages} pages of the last ${REPLAY_DAYS} days ranked with 5 programs`;
}

/**
 * While the demo runs, simulated shoppers keep asking for feed and live-feed pages (a few a second), so today's
 * exposure, pacing and protection move in the console. Returns the stop function.
 */
export function startDemoTraffic(ctx: AppContext, everyMs = 5000): () => Promise<void> {
  let users: string[] | null = null;
  let i = 0;
  let busy: Promise<void> | null = null;
  const tick = async () => {
    const r = await rankerOf(ctx);
    users ??= (
      await sql<{ id: string }>`SELECT id FROM consumers ORDER BY id`.execute(ctx.db.kysely)
    ).rows.map((x) => x.id);
    if (!users.length) return;
    for (let n = 0; n < 24; n++) {
      const userId = users[(i++ * 7919) % users.length]!;
      await r.rank(n % 4 === 3 ? { scene: 'live_feed', userId, pageSize: 6 } : { scene: 'feed', userId });
    }
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = tick()
      .catch((err) => ctx.log.warn({ err }, 'demo traffic failed (retried)'))
      .finally(() => {
        busy = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await busy;
  };
}
