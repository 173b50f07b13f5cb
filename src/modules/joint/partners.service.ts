import { sql } from 'kysely';
import { isOperator, type Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { periodicJob } from '../../core/periodic.ts';
import { businessDay, iso, shiftDay } from '../../core/time.ts';
import {
  type Candidate,
  DEFAULT_WINDOW_DAYS,
  KEEP_PER_STORE,
  MIN_SHARED,
  type PairFeatures,
  rankPartners,
  reasonsFor,
} from './domain/partners.ts';
import * as repo from './partners.repo.ts';

/**
 * Partner statistics: a batch over the window's paid orders (full rebuild, or incremental from the watermark
 * of the last run) that ends with every store's recommendations precomputed, so one merchant's read is an
 * index range. Runs are serialised by an advisory lock and each is one transaction.
 */

const DEFAULT_TZ = 'Asia/Shanghai';
/** Orders updated this long before the watermark are read again (a writer's transaction may commit late). */
const WATERMARK_OVERLAP_MS = 10 * 60_000;
const EXAMPLES_PER_PAIR = 3;
/** Incremental refreshes between full rebuilds at most this long. */
const FULL_EVERY_MS = 24 * 3_600_000;

export interface RunResult {
  mode: 'full' | 'incremental';
  orders: number;
  stores: number;
  pairs: number;
  tookMs: number;
}

const running = new WeakMap<Db, number>();

async function run(
  db: Db,
  want: 'full' | 'incremental',
  opts: { now?: Date; windowDays?: number; timeZone?: string },
): Promise<RunResult> {
  const now = opts.now ?? new Date();
  const t0 = performance.now();
  running.set(db, (running.get(db) ?? 0) + 1);
  try {
    return await db.transaction().execute(async (trx) => {
      await repo.lock(trx);
      const last = await repo.lastRun(trx);
      const windowDays = opts.windowDays ?? last?.window_days ?? DEFAULT_WINDOW_DAYS;
      const to = businessDay(now, opts.timeZone ?? DEFAULT_TZ);
      const from = shiftDay(to, 1 - windowDays);
      // A crash empties the UNLOGGED work tables: a run that found pairs before but none now rebuilds.
      const lost = last !== null && last.pairs > 0 && (await repo.pairCount(trx)) === 0;
      // Incremental runs rescore only the stores whose customers changed: a full rebuild once a day puts every
      // store's figures on the same footing again.
      const fullAt = (
        await sql<{
          t: Date | null;
        }>`SELECT max(started_at) AS t FROM joint_partner_runs WHERE mode = 'full'`.execute(trx)
      ).rows[0]?.t;
      const stale = !fullAt || now.getTime() - new Date(fullAt).getTime() > FULL_EVERY_MS;
      const mode =
        want === 'incremental' &&
        last &&
        !lost &&
        !stale &&
        last.window_days === windowDays &&
        last.window_from <= from
          ? 'incremental'
          : 'full';
      const watermark = await repo.maxUpdatedAt(trx);
      const loaded =
        mode === 'full'
          ? { orders: await repo.fullLoad(trx, from, to), affected: null }
          : await repo.incrementalLoad(
              trx,
              new Date((last!.watermark ?? new Date(0)).getTime() - WATERMARK_OVERLAP_MS),
              from,
              to,
            );
      const orders = loaded.orders;
      const { stores } = await finalize(trx, loaded.affected);
      const pairs = await repo.pairCount(trx);
      const tookMs = Math.round(performance.now() - t0);
      await repo.insertRun(trx, {
        mode,
        started_at: new Date(Date.now() - tookMs),
        took_ms: tookMs,
        orders,
        stores,
        pairs,
        watermark: watermark ?? last?.watermark ?? null,
        window_days: windowDays,
        window_from: from,
        window_to: to,
        computed_at: now,
      });
      return { mode, orders, stores, pairs, tookMs };
    });
  } finally {
    const n = (running.get(db) ?? 1) - 1;
    if (n > 0) running.set(db, n);
    else running.delete(db);
  }
}

/**
 * Scores candidate pairs both ways and rewrites the recommendations and their example product pairs: of every
 * store, or after an incremental load of the stores whose customers changed (`only`). Other stores keep their
 * rows until the daily full rebuild, though a changed partner's size moves their lift a little.
 */
async function finalize(db: Db, only: string[] | null): Promise<{ stores: number }> {
  const { stores, total } = await repo.storeSizes(db);
  const catLift = await repo.categoryLifts(db, total);
  const names = new Map(
    (
      await sql<{ id: string; name: string }>`SELECT id, name FROM categories WHERE level = 1 OR id IN
        (SELECT DISTINCT main_category_id FROM stores)`.execute(db)
    ).rows.map((r) => [r.id, r.name]),
  );
  const byStore = new Map<string, Candidate<string>[]>();
  const add = (s: string, c: Candidate<string>) => {
    const l = byStore.get(s);
    if (l) l.push(c);
    else byStore.set(s, [c]);
  };
  for (const r of await repo.candidatePairs(db, MIN_SHARED, only)) {
    const same = r.main_a !== null && r.main_a === r.main_b;
    const key =
      r.main_a && r.main_b
        ? r.main_a < r.main_b
          ? `${r.main_a}|${r.main_b}`
          : `${r.main_b}|${r.main_a}`
        : '';
    const compl = same || !key ? null : (catLift.get(key) ?? 0);
    const union = r.aud_a + r.aud_b - r.aud_inter;
    const base = {
      shared: r.shared,
      total,
      audienceOverlap: union > 0 ? r.aud_inter / union : 0,
      complementarity: compl,
      sameMainCategory: same,
      mixSimilarity: Math.min(1, r.mix_cos),
    };
    add(r.a, { partner: r.b, features: { ...base, nStore: r.na, nPartner: r.nb } });
    add(r.b, { partner: r.a, features: { ...base, nStore: r.nb, nPartner: r.na } });
  }
  const mains = new Map(
    (
      await sql<{ id: string; main: string | null }>`SELECT id, main_category_id AS main FROM stores`.execute(
        db,
      )
    ).rows.map((r) => [r.id, r.main]),
  );
  const recs: repo.RecRow[] = [];
  const substitutes = new Map<string, number>();
  const wanted = only ? new Set(only) : null;
  for (const [store, cands] of byStore) {
    if (wanted && !wanted.has(store)) continue;
    const ranked = rankPartners(cands, KEEP_PER_STORE);
    if (ranked.substitutesExcluded) substitutes.set(store, ranked.substitutesExcluded);
    ranked.items.forEach((x, i) => {
      const f: PairFeatures = x.features;
      recs.push({
        storeId: store,
        rank: i + 1,
        partnerId: x.partner,
        score: x.score,
        shared: f.shared,
        support: x.stats.support,
        confidence: x.stats.confidence,
        reverseConfidence: x.stats.reverseConfidence,
        lift: x.stats.lift,
        audienceOverlap: f.audienceOverlap,
        complementarity: f.complementarity,
        reasons: JSON.stringify(
          reasonsFor(f, {
            storeCategory: names.get(mains.get(store) ?? '') ?? null,
            partnerCategory: names.get(mains.get(x.partner) ?? '') ?? null,
          }),
        ),
      });
    });
  }
  await repo.writeRecs(db, recs, substitutes, only);
  await repo.writeExamples(db, EXAMPLES_PER_PAIR, only);
  return { stores };
}

/** Recomputes everything from the window's paid orders (default 90 days up to `now`'s business day). */
export async function rebuildPartners(
  db: Db,
  opts: { now?: Date; windowDays?: number; timeZone?: string } = {},
): Promise<RunResult> {
  return run(db, 'full', opts);
}

/** Applies orders changed since the last run and the window's move; a full rebuild when there is none yet. */
export async function refreshPartners(
  db: Db,
  opts: { now?: Date; windowDays?: number; timeZone?: string } = {},
): Promise<RunResult> {
  return run(db, 'incremental', opts);
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export interface PartnerItem {
  storeId: string;
  storeName: string;
  merchantId: string;
  merchantName: string;
  mainCategoryId: string | null;
  mainCategoryName: string | null;
  score: number;
  sharedCustomers: number;
  support: number;
  confidence: number;
  reverseConfidence: number;
  lift: number;
  audienceOverlap: number;
  complementarity: number | null;
  reasons: { code: string; params: Record<string, unknown> }[];
  examples: {
    productA: { id: string; title: string };
    productB: { id: string; title: string };
    buyers: number;
  }[];
}

/** A store's recommended partners from the precomputed rows (no access check: see partnersOf). */
export async function recommendPartners(
  db: Db,
  storeId: string,
  limit = 10,
): Promise<{
  storeId: string;
  computedAt: string | null;
  windowDays: number;
  items: PartnerItem[];
  substitutesExcluded: number;
}> {
  const [rows, subs, last] = await Promise.all([
    repo.recsOf(db, storeId, limit),
    repo.substitutesOf(db, storeId),
    repo.lastRun(db),
  ]);
  return {
    storeId,
    computedAt: last ? iso(last.computed_at) : null,
    windowDays: last?.window_days ?? DEFAULT_WINDOW_DAYS,
    items: rows.map((r) => ({
      storeId: r.partner_id,
      storeName: r.store_name,
      merchantId: r.merchant_id,
      merchantName: r.merchant_name,
      mainCategoryId: r.main_category_id,
      mainCategoryName: r.main_category_name,
      score: r.score,
      sharedCustomers: r.shared,
      support: round(r.support, 6),
      confidence: round(r.confidence),
      reverseConfidence: round(r.reverse_confidence),
      lift: round(r.lift, 2),
      audienceOverlap: round(r.audience_overlap),
      complementarity: r.complementarity === null ? null : round(r.complementarity, 2),
      reasons: r.reasons as PartnerItem['reasons'],
      examples: r.examples as PartnerItem['examples'],
    })),
    substitutesExcluded: subs,
  };
}

/** GET /joint/partners: merchants for their own stores only, operators for any. */
export async function partnersOf(db: Db, p: Principal, storeId: string, limit = 10) {
  const store = (
    await sql<{ merchant_id: string }>`SELECT merchant_id FROM stores WHERE id = ${storeId}`.execute(db)
  ).rows[0];
  if (!isOperator(p) && p.role !== 'merchant')
    throw forbidden('partner recommendations are for merchants and operators');
  if (!store) throw notFound(`store ${storeId} not found`);
  if (!isOperator(p) && store.merchant_id !== p.partyId)
    throw forbidden(`store ${storeId} belongs to another merchant`);
  return recommendPartners(db, storeId, limit);
}

export interface PartnerStatus {
  lastRun: {
    mode: 'full' | 'incremental';
    startedAt: string;
    tookMs: number;
    orders: number;
    stores: number;
    pairs: number;
    watermark: string | null;
    windowDays: number;
    windowFrom: string;
    windowTo: string;
  } | null;
  running: boolean;
}

export async function partnersStatus(db: Db): Promise<PartnerStatus> {
  const last = await repo.lastRun(db);
  return {
    lastRun: last && {
      mode: last.mode,
      startedAt: iso(last.started_at)!,
      tookMs: last.took_ms,
      orders: last.orders,
      stores: last.stores,
      pairs: last.pairs,
      watermark: iso(last.watermark),
      windowDays: last.window_days,
      windowFrom: last.window_from,
      windowTo: last.window_to,
    },
    running: running.has(db),
  };
}

/** Refreshes the partner statistics hourly (a full rebuild the first time); the module's start/stop. */
export const partnersJob = periodicJob('joint partner statistics', 3_600_000, (ctx) =>
  refreshPartners(ctx.db.kysely, { timeZone: ctx.cfg.timeZone }),
);
