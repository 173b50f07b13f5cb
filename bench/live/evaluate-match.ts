/**
 * The matching evaluation of issue 7, in the simulator: a simulated marketplace of `windowDays` days; the
 * word-of-mouth scores and the matching index are built as of the last of the first `trainDays` days (the index
 * reads only observed data up to then — never the simulator's latent truth); then every creator-hosted and
 * agency (代播) session of the remaining days is a (creator, store) pair that actually streamed. A pair is
 * `recommended` when the creator is among the store's top `topN` creators by the recommender, `other` when
 * the creator is eligible (category fit or audience overlap) but ranked lower. Compared: GMV per session
 * (orders of the session, not cancelled), raw and relative to the store's mean session GMV in the test days
 * (a big store's sessions sell more whoever hosts them), with Welch 95% intervals of the difference and the
 * same per host type.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/core/db.ts';
import { dayStart, shiftDay } from '../../src/core/time.ts';
import {
  type MatchFeature,
  type MatchIndex,
  recommendCreators,
} from '../../src/modules/live/domain/match.ts';
import { loadMatchIndex } from '../../src/modules/live/match.repo.ts';
import { recompute } from '../../src/modules/scoring/index.ts';
import { type SimulateOptions, simulate } from '../../src/modules/simulator/index.ts';

export interface MatchEvalOptions {
  seed: number;
  endDay: string;
  windowDays: number;
  /** The index is built as of the last of these first days; the rest are the test days. */
  trainDays: number;
  topN: number;
  overrides: SimulateOptions['overrides'];
  timeZone?: string;
  log?: (s: string) => void;
}

export const MATCH_EVAL_SIZES: Record<'test' | 'small', MatchEvalOptions> = {
  test: {
    seed: 5,
    endDay: '2026-11-03',
    windowDays: 24,
    trainDays: 14,
    topN: 10,
    overrides: {
      merchants: 40,
      consumers: 5000,
      creators: 120,
      agencies: 4,
      promoters: 10,
      brands: 60,
      productsPerStore: 15,
      exposureEvents: false,
      // Behaviour events (live_enter among them) of every 4th consumer only: the same world, orders complete,
      // a third less work. Views become a 1-in-4 panel, which the features (against category means) ignore.
      eventPanelEvery: 4,
    },
  },
  small: {
    seed: 7,
    endDay: '2026-11-03',
    windowDays: 30,
    trainDays: 20,
    topN: 10,
    overrides: {
      merchants: 100,
      consumers: 15000,
      creators: 300,
      agencies: 8,
      promoters: 20,
      brands: 120,
      productsPerStore: 20,
      exposureEvents: false,
    },
  },
};

export interface GroupStats {
  n: number;
  mean: number;
  sd: number;
}
export interface Comparison {
  recommended: GroupStats;
  other: GroupStats;
  /** recommended − other, with its Welch 95% interval. */
  diff: number;
  ci: [number, number];
  /** recommended ÷ other. */
  lift: number;
}
export interface MatchEvaluation {
  asOf: string;
  testDays: string[];
  creators: number;
  stores: number;
  sessions: { total: number; recommended: number; other: number; ineligible: number };
  gmvPerSession: Comparison;
  relativeGmv: Comparison;
  byHostType: Record<string, Comparison>;
  wallSeconds: number;
}

function stats(xs: number[]): GroupStats {
  const n = xs.length;
  const mean = n ? xs.reduce((a, b) => a + b, 0) / n : 0;
  const v = n > 1 ? xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1) : 0;
  return { n, mean, sd: Math.sqrt(v) };
}

/** Welch's difference of means with a 95% interval (normal quantile; the groups here have dozens or more). */
export function compare(rec: number[], oth: number[]): Comparison {
  const a = stats(rec);
  const b = stats(oth);
  const se = Math.sqrt((a.n ? a.sd ** 2 / a.n : 0) + (b.n ? b.sd ** 2 / b.n : 0));
  const diff = a.mean - b.mean;
  return {
    recommended: a,
    other: b,
    diff,
    ci: [diff - 1.96 * se, diff + 1.96 * se],
    lift: b.mean > 0 ? a.mean / b.mean : Number.NaN,
  };
}

/** Simulates the window and scores word of mouth as of the last training day; returns that day. */
export async function simulateMatchWorld(db: Database, o: MatchEvalOptions): Promise<string> {
  const tz = o.timeZone ?? 'Asia/Shanghai';
  const first = shiftDay(o.endDay, -(o.windowDays - 1));
  const asOf = shiftDay(first, o.trainDays - 1);
  (o.log ?? (() => {}))(
    `simulating ${o.windowDays} days to ${o.endDay} (seed ${o.seed}); index as of ${asOf}`,
  );
  await simulate(db, {
    days: o.windowDays,
    seed: o.seed,
    scale: 'small',
    endDay: o.endDay,
    timeZone: tz,
    overrides: o.overrides,
  });
  await recompute(db, { day: asOf, trigger: 'evaluation', timeZone: tz });
  return asOf;
}

/** A creator or agency session of the test days: the pair that streamed and what it sold (fen). */
export interface TestSession {
  id: string;
  store_id: string;
  creator_id: string;
  host_type: string;
  gmv: number;
}

/** The index as of `asOf` (observed data only) and the sessions of the days after it up to `endDay`. */
export async function loadEvalWorld(
  db: Database,
  asOf: string,
  o: MatchEvalOptions,
): Promise<{ ix: MatchIndex; sessions: TestSession[] }> {
  const tz = o.timeZone ?? 'Asia/Shanghai';
  const ix = await loadMatchIndex(db, asOf, tz);
  const sessions = (
    await sql<{ id: string; store_id: string; creator_id: string; host_type: string; gmv: string }>`
      SELECT ls.id, ls.store_id, ls.creator_id, ls.host_type,
        COALESCE((SELECT SUM(o.pay_amount) FROM orders o WHERE o.live_session_id = ls.id AND o.status <> 'cancelled'), 0) AS gmv
      FROM live_sessions ls
      WHERE ls.host_type IN ('creator', 'agency') AND ls.creator_id IS NOT NULL AND ls.ended_at IS NOT NULL
        AND ls.started_at >= ${dayStart(shiftDay(asOf, 1), tz)} AND ls.started_at < ${dayStart(shiftDay(o.endDay, 1), tz)}
      ORDER BY ls.id`.execute(db.kysely)
  ).rows.map((r) => ({ ...r, gmv: Number(r.gmv) }));
  return { ix, sessions };
}

/** Each store's full ranking of creators (k = every creator), as its merchant would see it on day asOf. */
export function storeRanks(
  ix: MatchIndex,
  storeIds: Iterable<string>,
  weights?: Readonly<Record<MatchFeature, number>>,
): Map<string, Map<string, number>> {
  const rankOf = new Map<string, Map<string, number>>();
  for (const sid of new Set(storeIds)) {
    const s = ix.stores.index.get(sid);
    const ranks = new Map<string, number>();
    if (s !== undefined) {
      const merchantId = ix.stores.merchant[s]!;
      const rates = ix.rates.get(merchantId);
      const r = recommendCreators(ix, {
        store: s,
        l1: ix.stores.l1[s]!,
        merchantId,
        rateBp: rates?.open ?? 0,
        rateOf: rates?.byCreator,
        k: ix.creators.ids.length,
        weights,
      });
      r.items.forEach((it, i) => {
        ranks.set(ix.creators.ids[it.creator]!, i);
      });
    }
    rankOf.set(sid, ranks);
  }
  return rankOf;
}

/** Recommended (rank < topN) vs other eligible pairs over the test sessions. */
export function comparePairs(
  ix: MatchIndex,
  sessions: TestSession[],
  topN: number,
  weights?: Readonly<Record<MatchFeature, number>>,
): Pick<MatchEvaluation, 'sessions' | 'gmvPerSession' | 'relativeGmv' | 'byHostType'> {
  const rankOf = storeRanks(
    ix,
    sessions.map((s) => s.store_id),
    weights,
  );
  const storeMean = new Map<string, number>();
  {
    const acc = new Map<string, [number, number]>();
    for (const s of sessions) {
      const a = acc.get(s.store_id) ?? [0, 0];
      acc.set(s.store_id, [a[0] + s.gmv, a[1] + 1]);
    }
    for (const [id, [g, n]] of acc) storeMean.set(id, g / n);
  }
  const groups = { rec: [] as number[], oth: [] as number[], relRec: [] as number[], relOth: [] as number[] };
  const byHost: Record<string, { rec: number[]; oth: number[] }> = {};
  let ineligible = 0;
  for (const s of sessions) {
    const rank = rankOf.get(s.store_id)?.get(s.creator_id);
    if (rank === undefined) {
      ineligible++;
      continue;
    }
    const rec = rank < topN;
    const mean = storeMean.get(s.store_id)!;
    (rec ? groups.rec : groups.oth).push(s.gmv);
    if (mean > 0) (rec ? groups.relRec : groups.relOth).push(s.gmv / mean);
    byHost[s.host_type] ??= { rec: [], oth: [] };
    (rec ? byHost[s.host_type]!.rec : byHost[s.host_type]!.oth).push(s.gmv);
  }
  return {
    sessions: {
      total: sessions.length,
      recommended: groups.rec.length,
      other: groups.oth.length,
      ineligible,
    },
    gmvPerSession: compare(groups.rec, groups.oth),
    relativeGmv: compare(groups.relRec, groups.relOth),
    byHostType: Object.fromEntries(Object.entries(byHost).map(([h, g]) => [h, compare(g.rec, g.oth)])),
  };
}

export async function evaluateMatch(db: Database, o: MatchEvalOptions): Promise<MatchEvaluation> {
  const t0 = performance.now();
  const log = o.log ?? (() => {});
  const asOf = await simulateMatchWorld(db, o);
  const { ix, sessions } = await loadEvalWorld(db, asOf, o);
  const c = comparePairs(ix, sessions, o.topN);
  const testDays: string[] = [];
  for (let d = shiftDay(asOf, 1); d <= o.endDay; d = shiftDay(d, 1)) testDays.push(d);
  const ev: MatchEvaluation = {
    asOf,
    testDays,
    creators: ix.creators.ids.length,
    stores: ix.stores.ids.length,
    ...c,
    wallSeconds: Math.round((performance.now() - t0) / 100) / 10,
  };
  log(
    `sessions ${ev.sessions.total} (recommended ${ev.sessions.recommended}, other ${ev.sessions.other}, ineligible ${ev.sessions.ineligible}); GMV/session ${Math.round(ev.gmvPerSession.recommended.mean)} vs ${Math.round(ev.gmvPerSession.other.mean)} fen (lift ${ev.gmvPerSession.lift.toFixed(2)})`,
  );
  return ev;
}
