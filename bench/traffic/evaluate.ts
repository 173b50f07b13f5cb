/**
 * The traffic evaluation of issue 6, in the simulator: a simulated marketplace, its scores and signals, one
 * program of each kind, then days of feed, mall and live-feed requests from simulated users through the
 * ranking service. Reports pacing (each budget participant's daily delivery against its target), protection
 * (every protected new streamer's guarantee on the days it streamed), Chuanliu (quota earned and delivered),
 * race prizes, and the score A/B: users in the holdout arm are ranked without score multipliers, and their
 * response to what they were shown follows the simulator's latent truth (click, purchase, refund), giving GMV
 * per thousand exposures and the refund rate per arm with 95% confidence intervals. The arms compare the
 * model's expected GMV and refunds of what was shown (a draw is also made and counted: clicks, orders and
 * refunds below are drawn); users are the independent units of the intervals.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/core/db.ts';
import { shiftDay } from '../../src/core/time.ts';
import { recompute } from '../../src/modules/scoring/index.ts';
import {
  driveTraffic,
  loadTruth,
  Rng,
  respond,
  type SimulateOptions,
  simulate,
} from '../../src/modules/simulator/index.ts';
import {
  createProgram,
  enrol,
  programDelivery,
  Ranker,
  refreshSignals,
  saveSettings,
} from '../../src/modules/traffic/index.ts';

export interface EvaluateOptions {
  seed: number;
  /** The simulated window ends on the last traffic day. */
  endDay: string;
  windowDays: number;
  trafficDays: number;
  overrides: SimulateOptions['overrides'];
  feedRequests: number;
  liveRequests: number;
  livePageSize: number;
  holdoutBp: number;
  /** Budget pool per participant per day (exposures) and how many stores enrol. */
  budgetPerDay: number;
  budgetStores: number;
  protectionMinDaily: number;
  timeZone?: string;
  log?: (s: string) => void;
}

export interface ArmFigures {
  arm: 'score' | 'holdout';
  users: number;
  exposures: number;
  clicks: number;
  orders: number;
  refunds: number;
  gmv: number;
  /** Expected GMV (fen) per thousand exposures under the response model, with its 95% interval. */
  gmvPerMille: number;
  gmvPerMilleCi: [number, number];
  /** Expected refunds ÷ expected orders. */
  refundRate: number;
  refundRateCi: [number, number];
}

export interface Evaluation {
  days: string[];
  pages: number;
  items: number;
  wallSeconds: number;
  pacing: {
    participantDays: number;
    within2pct: number;
    worstError: number;
    delivered: number;
    target: number;
    overshoot: number;
  };
  protection: {
    participantDays: number;
    onAir: number;
    metOnAir: number;
    minRatioOnAir: number | null;
    /** Room-days on air that did not get 98% of the guarantee, with their longest session. */
    unmet: { storeId: string; day: string; ratio: number; sessionMinutes: number }[];
  };
  chuanliu: { earned: number; delivered: number; lines: number };
  race: { winners: number; target: number; delivered: number };
  ab: { score: ArmFigures; holdout: ArmFigures; gmvLift: number; gmvLiftZ: number; refundDiffZ: number };
}

/** Per user: exposures, drawn clicks, orders, refunds and GMV, and the model's expected orders, refunds, GMV. */
interface Acc {
  e: number;
  c: number;
  o: number;
  r: number;
  g: number;
  eo: number;
  er: number;
  eg: number;
}

/** Ratio estimator Σg/Σe over users with a delta-method 95% interval (users are the independent units). */
function ratioCi(
  xs: readonly Acc[],
  num: (a: Acc) => number,
  den: (a: Acc) => number,
): { r: number; se: number } {
  const n = xs.length;
  if (!n) return { r: 0, se: 0 };
  let sn = 0;
  let sd = 0;
  for (const a of xs) {
    sn += num(a);
    sd += den(a);
  }
  if (!sd) return { r: 0, se: 0 };
  const r = sn / sd;
  const md = sd / n;
  let v = 0;
  for (const a of xs) v += (num(a) - r * den(a)) ** 2;
  const se = Math.sqrt(v / (n - 1 || 1) / n) / md;
  return { r, se };
}

function arm(name: 'score' | 'holdout', users: Map<string, Acc>): ArmFigures & { seG: number; seR: number } {
  const xs = [...users.values()];
  // Expected values under the response model: the draws would only add noise to what the ranking decided.
  const g = ratioCi(
    xs,
    (a) => a.eg,
    (a) => a.e,
  );
  const rr = ratioCi(
    xs,
    (a) => a.er,
    (a) => a.eo,
  );
  const sum = (f: (a: Acc) => number) => xs.reduce((s, a) => s + f(a), 0);
  return {
    arm: name,
    users: xs.length,
    exposures: sum((a) => a.e),
    clicks: sum((a) => a.c),
    orders: sum((a) => a.o),
    refunds: sum((a) => a.r),
    gmv: sum((a) => a.g),
    gmvPerMille: g.r * 1000,
    gmvPerMilleCi: [(g.r - 1.96 * g.se) * 1000, (g.r + 1.96 * g.se) * 1000],
    refundRate: rr.r,
    refundRateCi: [rr.r - 1.96 * rr.se, rr.r + 1.96 * rr.se],
    seG: g.se * 1000,
    seR: rr.se,
  };
}

export async function evaluateTraffic(db: Database, o: EvaluateOptions): Promise<Evaluation> {
  const tz = o.timeZone ?? 'Asia/Shanghai';
  const log = o.log ?? (() => {});
  const k = db.kysely;
  const first = shiftDay(o.endDay, -(o.trafficDays - 1));
  const scored = shiftDay(first, -1);
  log(`simulating ${o.windowDays} days to ${o.endDay}`);
  await simulate(db, {
    days: o.windowDays,
    seed: o.seed,
    scale: 'small',
    endDay: o.endDay,
    timeZone: tz,
    overrides: o.overrides,
  });
  log(`scores and signals as of ${scored}`);
  await recompute(db, { day: scored, trigger: 'evaluation', timeZone: tz });
  await refreshSignals(db, scored);

  const l1 = (
    await sql<{
      id: string;
      n: number;
    }>`SELECT c.id, COUNT(s.id)::int AS n FROM categories c JOIN stores s ON s.main_category_id = c.id
      WHERE c.level = 1 GROUP BY c.id ORDER BY n DESC, c.id`.execute(k)
  ).rows;
  const raceMonth = shiftDay(`${first.slice(0, 7)}-01`, -1).slice(0, 7);
  await createProgram(
    k,
    {
      kind: 'protection',
      name: 'New streamers',
      nameZh: '新主播保护',
      startsOn: shiftDay(first, -60),
      params: { minDaily: o.protectionMinDaily, days: 45 },
    },
    'evaluation',
    'eval-protection',
  );
  await createProgram(
    k,
    {
      kind: 'chuanliu',
      name: 'Chuanliu',
      nameZh: '川流计划',
      startsOn: shiftDay(first, -7),
      params: { merchantPerYuan: 2, creatorPerYuan: 1 },
    },
    'evaluation',
    'eval-chuanliu',
  );
  await createProgram(
    k,
    {
      kind: 'horse_race',
      name: 'Category race',
      nameZh: '类目赛马',
      startsOn: `${raceMonth}-01`,
      endsOn: shiftDay(`${first.slice(0, 7)}-01`, -1),
      params: { categoryId: l1[0]!.id, metric: 'gmv', topN: 3, prizes: [30_000, 20_000, 10_000] },
    },
    'evaluation',
    'eval-race',
  );
  const days = Array.from({ length: o.trafficDays }, (_, i) => shiftDay(first, i));
  const stores = (
    await sql<{
      store_id: string;
    }>`SELECT store_id FROM orders WHERE paid_day BETWEEN ${shiftDay(first, -30)}::date AND ${scored}::date
      GROUP BY store_id ORDER BY SUM(pay_amount) DESC, store_id LIMIT ${o.budgetStores}`.execute(k)
  ).rows;
  await createProgram(
    k,
    {
      kind: 'budget',
      name: 'Campaign budget',
      nameZh: '大促流量预算',
      startsOn: first,
      endsOn: days.at(-1)!,
      params: {
        pool: o.budgetPerDay * stores.length * days.length,
        rule: 'score_gmv',
        scenes: ['feed', 'mall'],
      },
    },
    'evaluation',
    'eval-budget',
  );
  for (const s of stores) await enrol(db, 'eval-budget', s.store_id, scored);
  await saveSettings(k, 0, { holdoutBp: o.holdoutBp }, 'evaluation');

  const ranker = new Ranker(db, tz, {});
  await ranker.init();
  await ranker.refresh(scored);
  ranker.start();
  const truth = await loadTruth(db);
  const users = [...truth.users.keys()];
  const accs = { score: new Map<string, Acc>(), holdout: new Map<string, Acc>() };
  const rr = Rng.derive(o.seed, ['response']);
  let pages = 0;
  let items = 0;
  const t0 = performance.now();
  for (const day of days) {
    log(`ranking ${day}: ${o.feedRequests} product pages, ${o.liveRequests} live-feed pages`);
    const r = await driveTraffic(ranker, {
      day,
      timeZone: tz,
      seed: o.seed,
      users,
      feedRequests: o.feedRequests,
      liveRequests: o.liveRequests,
      mallCategories: l1.slice(0, 6).map((c) => c.id),
      livePageSize: o.livePageSize,
      onPage: (req, res) => {
        if (req.scene === 'live_feed' || !req.userId) return;
        const m = accs[res.arm];
        const a = m.get(req.userId) ?? { e: 0, c: 0, o: 0, r: 0, g: 0, eo: 0, er: 0, eg: 0 };
        m.set(req.userId, a);
        for (const it of res.items) {
          const x = respond(truth, req.userId, it.id, req.scene, rr);
          a.e++;
          const buy = x.pClick * x.pBuy;
          a.eo += buy;
          a.er += buy * x.pRefund;
          a.eg += buy * x.price;
          if (x.clicked) a.c++;
          if (x.bought) {
            a.o++;
            a.g += x.gmv;
            if (x.refunded) a.r++;
          }
        }
      },
    });
    pages += r.pages;
    items += r.items;
  }
  await ranker.stop();
  const wallSeconds = (performance.now() - t0) / 1000;

  const lines = await sql<{
    program_id: string;
    entity_id: string;
    kind: string;
    target: string;
    delivered: string;
    organic: string;
    leased: string;
  }>`
    SELECT q.program_id, q.entity_id, p.kind, q.target, q.delivered, q.organic, q.leased FROM traffic_quota_days q
    JOIN traffic_programs p ON p.id = q.program_id WHERE q.day BETWEEN ${first}::date AND ${days.at(-1)!}::date AND q.target > 0`.execute(
    k,
  );
  const budget = lines.rows.filter((l) => l.kind === 'budget');
  const err = budget.map((l) => Math.abs(Number(l.delivered) - Number(l.target)) / Number(l.target));
  const prot = await programDelivery(k, 'eval-protection', first, days.at(-1)!, tz);
  const protLines = await sql<{ ratio: number; entity_id: string; day: string; minutes: number }>`
    SELECT (q.delivered + q.organic)::float8 / q.target AS ratio, q.entity_id, q.day::text AS day,
      (SELECT MAX(EXTRACT(EPOCH FROM ls.ended_at - ls.started_at) / 60) FROM live_sessions ls WHERE ls.store_id = q.entity_id
        AND ls.host_type <> 'creator' AND (ls.started_at AT TIME ZONE ${tz})::date = q.day)::float8 AS minutes
    FROM traffic_quota_days q
    WHERE q.program_id = 'eval-protection' AND q.day BETWEEN ${first}::date AND ${days.at(-1)!}::date AND q.target > 0
      AND EXISTS (SELECT 1 FROM live_sessions ls WHERE ls.store_id = q.entity_id AND ls.host_type <> 'creator'
        AND (ls.started_at AT TIME ZONE ${tz})::date = q.day AND ls.ended_at - ls.started_at >= interval '60 minutes')`.execute(
    k,
  );
  const chuan = lines.rows.filter((l) => l.kind === 'chuanliu');
  const earned = await sql<{ n: string }>`SELECT COALESCE(SUM(exposures), 0) AS n FROM traffic_quota_entries
    WHERE program_id = 'eval-chuanliu' AND type = 'earned'`.execute(k);
  const race = lines.rows.filter((l) => l.kind === 'horse_race');
  const sum = (xs: typeof lines.rows, f: (l: (typeof lines.rows)[number]) => string) =>
    xs.reduce((s, l) => s + Number(f(l)), 0);

  const score = arm('score', accs.score);
  const holdout = arm('holdout', accs.holdout);
  const { seG: sgS, seR: srS, ...scoreFig } = score;
  const { seG: sgH, seR: srH, ...holdFig } = holdout;
  return {
    days,
    pages,
    items,
    wallSeconds,
    pacing: {
      participantDays: budget.length,
      within2pct: err.filter((e) => e <= 0.02).length,
      worstError: Math.max(0, ...err),
      delivered: sum(budget, (l) => l.delivered),
      target: sum(budget, (l) => l.target),
      overshoot: Math.max(0, ...lines.rows.map((l) => Number(l.delivered) - Number(l.target))),
    },
    protection: {
      participantDays: prot.reduce((s, d) => s + d.participants, 0),
      onAir: prot.reduce((s, d) => s + (d.onAir ?? 0), 0),
      metOnAir: prot.reduce((s, d) => s + (d.metOnAir ?? 0), 0),
      minRatioOnAir: protLines.rows.length ? Math.min(...protLines.rows.map((r) => r.ratio)) : null,
      unmet: protLines.rows
        .filter((r) => r.ratio < 0.98)
        .map((r) => ({
          storeId: r.entity_id,
          day: r.day,
          ratio: r.ratio,
          sessionMinutes: Math.round(r.minutes),
        })),
    },
    chuanliu: {
      earned: Number(earned.rows[0]?.n ?? 0),
      delivered: sum(chuan, (l) => l.delivered),
      lines: chuan.length,
    },
    race: {
      winners: new Set(race.map((l) => l.entity_id)).size,
      target: sum(race, (l) => l.target),
      delivered: sum(race, (l) => l.delivered),
    },
    ab: {
      score: scoreFig,
      holdout: holdFig,
      gmvLift: holdout.gmvPerMille ? score.gmvPerMille / holdout.gmvPerMille - 1 : 0,
      gmvLiftZ: (score.gmvPerMille - holdout.gmvPerMille) / Math.sqrt(sgS ** 2 + sgH ** 2 || 1),
      refundDiffZ: (score.refundRate - holdout.refundRate) / Math.sqrt(srS ** 2 + srH ** 2 || 1),
    },
  };
}
