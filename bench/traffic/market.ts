/**
 * The market the rank, http and concurrency parts run on: the simulator's marketplace (EVAL_SIZES.small's
 * sizes unless told otherwise) ending yesterday, its scores and the ranker's signals as of that day, and the
 * helpers the parts share (users, the stores that enrol in a budget, a budget program for one day).
 */
import { sql } from 'kysely';
import type { Database } from '../../src/core/db.ts';
import { shiftDay } from '../../src/core/time.ts';
import { recompute } from '../../src/modules/scoring/index.ts';
import { type SimulateOptions, simulate } from '../../src/modules/simulator/index.ts';
import { createProgram, enrol, planDay, refreshSignals } from '../../src/modules/traffic/index.ts';

export interface MarketOptions {
  /** Last simulated business day: scores and signals are as of it. */
  endDay: string;
  days: number;
  seed: number;
  overrides: SimulateOptions['overrides'];
  timeZone: string;
  log: (s: string) => void;
}

export interface Market {
  endDay: string;
  products: number;
  stores: number;
  users: string[];
  /** Stores by GMV of the window, largest first. */
  storesByGmv: string[];
  ms: { simulate: number; scores: number; signals: number };
}

export async function buildMarket(db: Database, o: MarketOptions): Promise<Market> {
  const t0 = performance.now();
  o.log(`simulating ${o.days} days to ${o.endDay}`);
  await simulate(db, {
    days: o.days,
    seed: o.seed,
    scale: 'small',
    endDay: o.endDay,
    timeZone: o.timeZone,
    overrides: o.overrides,
  });
  const t1 = performance.now();
  await recompute(db, { day: o.endDay, trigger: 'bench', timeZone: o.timeZone });
  const t2 = performance.now();
  const signals = await refreshSignals(db, o.endDay);
  // What the server's daily job records after refreshing the signals itself: the server started later for the
  // http part then does not redo them while it is measured.
  await sql`INSERT INTO traffic_jobs (job, day, summary) VALUES ('signals', ${o.endDay}::date, ${JSON.stringify(signals)}::jsonb)
    ON CONFLICT DO NOTHING`.execute(db.kysely);
  const t3 = performance.now();
  const k = db.kysely;
  const products = (
    await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM products WHERE status = 'listed'`.execute(k)
  ).rows[0]!.n;
  const stores = (await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM stores`.execute(k)).rows[0]!.n;
  const users = (await sql<{ id: string }>`SELECT id FROM consumers ORDER BY id`.execute(k)).rows.map(
    (r) => r.id,
  );
  const storesByGmv = (
    await sql<{ store_id: string }>`SELECT store_id FROM orders
      WHERE paid_day BETWEEN ${shiftDay(o.endDay, -29)}::date AND ${o.endDay}::date AND status <> 'cancelled'
      GROUP BY store_id ORDER BY SUM(pay_amount) DESC, store_id`.execute(k)
  ).rows.map((r) => r.store_id);
  return {
    endDay: o.endDay,
    products,
    stores,
    users,
    storesByGmv,
    ms: { simulate: t1 - t0, scores: t2 - t1, signals: t3 - t2 },
  };
}

/**
 * A campaign budget for `day` alone (startsOn = endsOn = day) with `stores` enrolled the day before it starts,
 * and the day planned: its quota lines exist before anyone ranks.
 */
export async function budgetForDay(
  db: Database,
  o: { id: string; day: string; pool: number; stores: readonly string[]; timeZone: string },
) {
  await createProgram(
    db.kysely,
    {
      kind: 'budget',
      name: `Bench budget ${o.day}`,
      startsOn: o.day,
      endsOn: o.day,
      params: { pool: o.pool, rule: 'score_gmv', scenes: ['feed', 'mall'] },
    },
    'bench',
    o.id,
  );
  for (const s of o.stores) await enrol(db, o.id, s, shiftDay(o.day, -1));
  const plan = await planDay(db, o.day, o.timeZone);
  const lines = await sql<{
    entity_id: string;
    target: string;
  }>`SELECT entity_id, target FROM traffic_quota_days
    WHERE program_id = ${o.id} AND day = ${o.day}::date ORDER BY entity_id`.execute(db.kysely);
  if (!lines.rows.length)
    throw new Error(`budget ${o.id}: no quota lines planned for ${o.day}: ${JSON.stringify(plan)}`);
  return lines.rows.map((r) => ({ storeId: r.entity_id, target: Number(r.target) }));
}
