/**
 * How the matching weights (WEIGHTS in src/modules/live/domain/match.ts) were tuned, re-runnable:
 *   npx tsx bench/live/tune-match.ts --size small --tune 7 --validate 11,13,3 [--step 0.05] [--min 0.05] [--fresh]
 * Each seed's evaluation world (bench/live/evaluate-match.ts) is simulated once into a PostgreSQL database kept
 * for later runs (tune_match_<size>_<seed> next to DATABASE_URL). For the stores with test sessions, every
 * eligible creator's normalized features are read from the recommender itself (unit weights, so each reason's
 * contribution is its normalized value). On the tuning seed only, every weight set on the grid (each weight
 * ≥ min, summing to 1) ranks the creators; a set's merit is the smaller Welch t of the two comparisons (raw and
 * store-relative GMV per session, top-N pairs vs other eligible ones). The proposal is the mean of the 50 best
 * sets rounded to 0.05 — a plateau, not the single luckiest point. Then the current WEIGHTS and the proposal
 * are printed for every seed; only the validation seeds say how well it generalizes.
 */
import pg from 'pg';
import { openDatabase } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import { shiftDay } from '../../src/core/time.ts';
import {
  MATCH_FEATURES,
  type MatchIndex,
  recommendCreators,
  WEIGHTS,
} from '../../src/modules/live/domain/match.ts';
import { createPgDatabase, withDatabase } from '../lib/db.ts';
import {
  type Comparison,
  compare,
  loadEvalWorld,
  MATCH_EVAL_SIZES,
  simulateMatchWorld,
  type TestSession,
} from './evaluate-match.ts';

const F = MATCH_FEATURES.length;

async function exists(url: string, name: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows.length > 0;
  } finally {
    await c.end();
  }
}

/** The evaluation world of a seed: simulated once, then read back from its kept database. */
async function world(url: string, size: 'small' | 'test', seed: number, fresh: boolean) {
  const o = { ...MATCH_EVAL_SIZES[size], seed, log: console.log };
  const name = `tune_match_${size}_${seed}`;
  const simulateIt = fresh || !(await exists(url, name));
  if (simulateIt) await createPgDatabase(url, name);
  const db = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 4 });
  try {
    if (simulateIt) await migrate(db);
    const asOf = simulateIt
      ? await simulateMatchWorld(db, o)
      : shiftDay(o.endDay, -(o.windowDays - o.trainDays));
    return { o, ...(await loadEvalWorld(db, asOf, o)) };
  } finally {
    await db.close();
  }
}

/** Per store with test sessions: its eligible creators and their normalized features; the test pairs. */
function featureTable(ix: MatchIndex, sessions: TestSession[]) {
  const unit = Object.fromEntries(MATCH_FEATURES.map((f) => [f, 1])) as typeof WEIGHTS;
  const stores = new Map<string, { pos: Map<number, number>; feats: Float64Array }>();
  for (const sid of new Set(sessions.map((s) => s.store_id))) {
    const s = ix.stores.index.get(sid);
    if (s === undefined) continue;
    const merchantId = ix.stores.merchant[s]!;
    const rates = ix.rates.get(merchantId);
    const r = recommendCreators(ix, {
      store: s,
      l1: ix.stores.l1[s]!,
      merchantId,
      rateBp: rates?.open ?? 0,
      rateOf: rates?.byCreator,
      k: ix.creators.ids.length,
      weights: unit,
    });
    const feats = new Float64Array(r.items.length * F);
    r.items.forEach((it, p) => {
      it.reasons.forEach((x, j) => {
        feats[p * F + j] = x.contribution;
      });
    });
    stores.set(sid, { pos: new Map(r.items.map((it, p) => [it.creator, p])), feats });
  }
  const mean = new Map<string, number>();
  for (const sid of stores.keys()) {
    const g = sessions.filter((s) => s.store_id === sid).map((s) => s.gmv);
    mean.set(sid, g.reduce((a, b) => a + b, 0) / g.length);
  }
  const pairs = sessions.flatMap((s) => {
    const p = stores.get(s.store_id)?.pos.get(ix.creators.index.get(s.creator_id) ?? -1);
    return p === undefined
      ? []
      : [{ store: s.store_id, pos: p, gmv: s.gmv, rel: s.gmv / mean.get(s.store_id)! }];
  });
  return { stores, pairs };
}

function evaluate(t: ReturnType<typeof featureTable>, w: number[], topN: number) {
  const top = new Map<string, Set<number>>();
  for (const [sid, st] of t.stores) {
    const n = st.feats.length / F;
    const sc = Array.from({ length: n }, (_, p) => {
      let x = 0;
      for (let j = 0; j < F; j++) x += w[j]! * st.feats[p * F + j]!;
      return { p, x };
    }).sort((a, b) => b.x - a.x || a.p - b.p);
    top.set(sid, new Set(sc.slice(0, topN).map((e) => e.p)));
  }
  const rec = t.pairs.filter((q) => top.get(q.store)!.has(q.pos));
  const oth = t.pairs.filter((q) => !top.get(q.store)!.has(q.pos));
  return {
    raw: compare(
      rec.map((q) => q.gmv),
      oth.map((q) => q.gmv),
    ),
    // Relative to the store's mean only where that mean is above 0 (as in the evaluation).
    rel: compare(
      rec.filter((q) => Number.isFinite(q.rel)).map((q) => q.rel),
      oth.filter((q) => Number.isFinite(q.rel)).map((q) => q.rel),
    ),
  };
}

const tStat = (c: Comparison) => c.diff / ((c.ci[1] - c.ci[0]) / 3.92);
const yuan = (fen: number) => `¥${(fen / 100).toFixed(0)}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = Object.fromEntries(
    process.argv.slice(2).flatMap((a, i, xs) => (a.startsWith('--') ? [[a.slice(2), xs[i + 1] ?? '']] : [])),
  );
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const size = (args.size || 'small') as 'small' | 'test';
  const tune = Number(args.tune || MATCH_EVAL_SIZES[size].seed);
  const validate = (args.validate || '').split(',').filter(Boolean).map(Number);
  const step = Number(args.step || 0.05);
  const minW = Number(args.min ?? 0.05);
  const tables = new Map<number, ReturnType<typeof featureTable>>();
  let topN = 10;
  for (const seed of [tune, ...validate]) {
    const w = await world(url, size, seed, 'fresh' in args);
    topN = w.o.topN;
    tables.set(seed, featureTable(w.ix, w.sessions));
  }
  const steps = Math.round(1 / step);
  const minS = Math.round(minW / step);
  const sets: { w: number[]; merit: number }[] = [];
  const walk = (k: number, left: number, acc: number[]) => {
    if (k === F - 1) {
      if (left < minS) return;
      const w = [...acc, left * step];
      const e = evaluate(tables.get(tune)!, w, topN);
      sets.push({ w, merit: Math.min(tStat(e.raw), tStat(e.rel)) });
      return;
    }
    for (let x = minS; x <= left - minS * (F - 1 - k); x++) walk(k + 1, left - x, [...acc, x * step]);
  };
  walk(0, steps, []);
  sets.sort((a, b) => b.merit - a.merit);
  const best = sets.slice(0, 50);
  const proposal = MATCH_FEATURES.map(
    (_, j) => Math.round(best.reduce((a, s) => a + s.w[j]!, 0) / best.length / 0.05) * 0.05,
  );
  console.log(`${sets.length} weight sets on seed ${tune}; features ${MATCH_FEATURES.join(', ')}`);
  for (const s of sets.slice(0, 5))
    console.log(`  ${s.w.map((x) => x.toFixed(2)).join(' ')}  merit ${s.merit.toFixed(2)}`);
  console.log(`proposal (mean of the 50 best, rounded): ${proposal.map((x) => x.toFixed(2)).join(' ')}`);
  for (const [name, w] of [
    ['WEIGHTS', MATCH_FEATURES.map((f) => WEIGHTS[f])],
    ['proposal', proposal],
  ] as const)
    for (const [seed, t] of tables) {
      const e = evaluate(t, [...w], topN);
      const g = e.raw;
      console.log(
        `${name} seed ${seed}${seed === tune ? ' (tuning)' : ''}: ${g.recommended.n} vs ${g.other.n} sessions, ${yuan(g.recommended.mean)} vs ${yuan(g.other.mean)} (lift ${g.lift.toFixed(2)}, diff [${yuan(g.ci[0])}, ${yuan(g.ci[1])}]); relative ${e.rel.recommended.mean.toFixed(2)} vs ${e.rel.other.mean.toFixed(2)} [${e.rel.ci[0].toFixed(2)}, ${e.rel.ci[1].toFixed(2)}]`,
      );
    }
}
