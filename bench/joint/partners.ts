/**
 * Part `partners` of the joint suite: partner statistics for every store over 1M paid orders (target: under
 * 30 s on PostgreSQL) and one merchant's recommendations (target ≤ 50 ms).
 *
 * Options: --stores 9000, --products 90000, --consumers 300000, --orders 1000000, --days 60, --new 1000,
 * --samples 200. The synthetic marketplace (bench/joint/synthetic.ts) pairs main categories as complements, then:
 *   - anchor: the obvious single statement, shared customers of every store pair straight from `orders`
 *     (distinct store customers self-joined by consumer, materialised), timed in the same run;
 *   - full: `rebuildPartners` (customer sets, pair counts, category lifts, substitutes, scores, reasons and
 *     example product pairs written for every store) → seconds and the ratio to the anchor;
 *   - incremental: `--new` more orders (1,000 ≈ 1.4 hours of this marketplace's 16,700 orders a day: the hourly
 *     job's load), then `refreshPartners` from the watermark;
 *   - recommend: `recommendPartners(store, 10)` for `--samples` stores → p50/p99 ms, against the anchor of
 *     computing one store's shared customers from `orders` on request;
 *   - quality: share of stores' top-5 partners whose main category is the store's complement (chance: 1 in 10).
 */
import { sql } from 'kysely';
import { rebuildPartners, recommendPartners, refreshPartners } from '../../src/modules/joint/index.ts';
import { fmt, percentile } from '../lib/results.ts';
import type { PartRun } from '../lib/suite.ts';
import { complementOf, loadCatalog, loadOrders } from './synthetic.ts';

const TZ = 'Asia/Shanghai';

export const run: PartRun = async ({ db, args, log }) => {
  const n = (k: string, d: number) => Number(args[k] ?? d);
  const orders = n('orders', 1_000_000);
  const days = n('days', 60);
  const fresh = n('new', 1000);
  const samples = n('samples', 200);
  const k = db.kysely;
  const cat = await loadCatalog(
    db,
    { stores: n('stores', 9000), products: n('products', 90_000), consumers: n('consumers', 300_000) },
    log,
  );
  const now = new Date();
  const endAt = new Date(now.getTime() - 3_600_000).toISOString();
  const world = await loadOrders(db, cat, { orders, days, endAt }, log);
  // Orders were last changed when paid, not when this bench loaded them: the incremental refresh reads only
  // what changed after the full rebuild's watermark.
  await sql`UPDATE orders SET updated_at = coalesce(paid_at, created_at)`.execute(k);
  log(`${world.orders.toLocaleString('en-US')} orders loaded`);

  const t0 = performance.now();
  await sql`CREATE TABLE bench_anchor_pairs AS
    WITH m AS (SELECT DISTINCT store_id, consumer_id FROM orders WHERE paid_day IS NOT NULL AND status <> 'cancelled')
    SELECT a.store_id AS store_a, b.store_id AS store_b, count(*)::int AS shared
    FROM m a JOIN m b ON b.consumer_id = a.consumer_id AND a.store_id < b.store_id GROUP BY 1, 2`.execute(k);
  const anchorMs = performance.now() - t0;
  log(`anchor (pair counts only): ${fmt(anchorMs)} ms`);

  const full = await rebuildPartners(k, { now, timeZone: TZ });
  log(`full rebuild: ${fmt(full.tookMs)} ms, ${full.pairs} pairs, ${full.stores} stores`);

  await loadOrders(
    db,
    cat,
    { orders: fresh, days: 1, endAt: now.toISOString(), seed: 77, prefix: 'jn_' },
    () => {},
  );
  const inc = await refreshPartners(k, { now: new Date(), timeZone: TZ });
  log(`incremental: ${fmt(inc.tookMs)} ms for ${inc.orders} orders`);

  const { rows: withRecs } = await sql<{ store_id: string; main: string }>`
    SELECT DISTINCT r.store_id, s.main_category_id AS main FROM joint_partner_recs r JOIN stores s ON s.id = r.store_id
    ORDER BY r.store_id`.execute(k);
  const step = Math.max(1, Math.floor(withRecs.length / samples));
  const picked = withRecs.filter((_, i) => i % step === 0).slice(0, samples);
  const recMs: number[] = [];
  let complementHits = 0;
  let top5 = 0;
  for (const s of picked) {
    const t = performance.now();
    const r = await recommendPartners(k, s.store_id, 10);
    recMs.push(performance.now() - t);
    for (const it of r.items.slice(0, 5)) {
      top5++;
      if (it.mainCategoryId === complementOf(s.main)) complementHits++;
    }
  }
  const anchorRecMs: number[] = [];
  for (const s of picked.slice(0, Math.min(50, picked.length))) {
    const t = performance.now();
    await sql`WITH mine AS (SELECT DISTINCT consumer_id FROM orders WHERE store_id = ${s.store_id} AND paid_day IS NOT NULL)
      SELECT o.store_id, count(DISTINCT o.consumer_id) AS shared FROM orders o JOIN mine USING (consumer_id)
      WHERE o.store_id <> ${s.store_id} AND o.paid_day IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 10`.execute(
      k,
    );
    anchorRecMs.push(performance.now() - t);
  }
  const p50 = percentile(recMs, 50);
  const p99 = percentile(recMs, 99);
  const ap50 = percentile(anchorRecMs, 50);
  const quality = top5 ? complementHits / top5 : 0;
  const lines = [
    `${world.orders.toLocaleString('en-US')} paid orders over ${days} days of ${cat.storeIds.length.toLocaleString('en-US')} stores and ${cat.consumerIds.length.toLocaleString('en-US')} shoppers (bench/joint/synthetic.ts: main categories paired as complements). Anchor: the obvious single statement counting every store pair's shared customers straight from \`orders\`, timed in the same run.`,
    '',
    '| measure | result | target | anchor | ratio |',
    '|---|---|---|---|---|',
    `| full rebuild for every store (\`rebuildPartners\`: customer sets, pair counts, category lifts, substitutes, scores, reasons, example pairs) | ${fmt(full.tookMs / 1000)} s, ${full.pairs.toLocaleString('en-US')} pairs | < 30 s | pair counts only: ${fmt(anchorMs / 1000)} s | ${fmt(full.tookMs / anchorMs)}× the anchor's time |`,
    `| incremental refresh after ${fresh.toLocaleString('en-US')} new orders (\`refreshPartners\`) | ${fmt(inc.tookMs / 1000)} s | | | ${fmt(full.tookMs / inc.tookMs)}× faster than a rebuild |`,
    `| one store's recommendations (\`recommendPartners\`, top 10, ${picked.length} stores) | p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms | ≤ 50 ms | one store's shared customers from \`orders\` on request: p50 ${fmt(ap50)} ms | ${fmt(ap50 / p50)}× faster |`,
    `| top-5 partners in the complementary category | ${(quality * 100).toFixed(1)}% of ${top5} | | chance: 10% | ${fmt(quality / 0.1)}× |`,
  ];
  return {
    figures: {
      orders: world.orders,
      stores: cat.storeIds.length,
      consumers: cat.consumerIds.length,
      anchorMs,
      fullMs: full.tookMs,
      pairs: full.pairs,
      incrementalMs: inc.tookMs,
      incrementalOrders: inc.orders,
      recommendP50: p50,
      recommendP99: p99,
      anchorRecommendP50: ap50,
      complementShare: quality,
    },
    lines,
  };
};
