import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';

/**
 * Partner statistics in SQL: store customer sets of a window of paid orders, shared customers of store pairs
 * (self-join by consumer), kept incrementally; the features of candidate pairs; example product pairs.
 */

export interface RunRow {
  id: string;
  mode: 'full' | 'incremental';
  started_at: Date;
  took_ms: number;
  orders: number;
  stores: number;
  pairs: number;
  watermark: Date | null;
  window_days: number;
  window_from: string;
  window_to: string;
  computed_at: Date;
}

/** Paid orders (not cancelled) of the window. */
const paidIn = (from: string, to: string) =>
  sql`o.paid_day BETWEEN ${from}::date AND ${to}::date AND o.status <> 'cancelled'`;

export async function lastRun(db: Db): Promise<RunRow | null> {
  const r =
    await sql<RunRow>`SELECT id::text, mode, started_at, took_ms, orders, stores, pairs, watermark, window_days,
      to_char(window_from, 'YYYY-MM-DD') AS window_from, to_char(window_to, 'YYYY-MM-DD') AS window_to, computed_at
    FROM joint_partner_runs ORDER BY id DESC LIMIT 1`.execute(db);
  return r.rows[0] ?? null;
}

export async function lock(db: Db) {
  await sql`SELECT pg_advisory_xact_lock(hashtext('joint.partners'))`.execute(db);
}

export async function maxUpdatedAt(db: Db): Promise<Date | null> {
  return (await sql<{ t: Date | null }>`SELECT max(updated_at) AS t FROM orders`.execute(db)).rows[0]!.t;
}

/** Secondary indexes of the work tables: dropped for a full load and built once after it (far cheaper). */
const WORK_INDEXES = [
  sql`CREATE INDEX joint_partner_members_consumer ON joint_partner_members (consumer_id, store_id)`,
  sql`CREATE INDEX joint_partner_members_day ON joint_partner_members (last_day)`,
  sql`CREATE INDEX joint_partner_members_state ON joint_partner_members (state) WHERE state <> 0`,
  sql`CREATE INDEX joint_partner_buys_day ON joint_partner_buys (last_day)`,
];

/**
 * Rebuilds every table from the window's paid orders; returns the number of orders read. The work tables are
 * derived (UNLOGGED): truncated, loaded in key order without their secondary indexes, then indexed and analysed.
 */
export async function fullLoad(db: Db, from: string, to: string): Promise<number> {
  await sql`TRUNCATE joint_partner_pairs, joint_partner_members, joint_partner_buys`.execute(db);
  await sql`DROP INDEX IF EXISTS joint_partner_members_consumer, joint_partner_members_day,
    joint_partner_members_state, joint_partner_buys_day`.execute(db);
  await sql`INSERT INTO joint_partner_buys (store_id, consumer_id, product_id, last_day)
    SELECT o.store_id, o.consumer_id, l.product_id, max(o.paid_day)
    FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE ${paidIn(from, to)}
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(db);
  await sql`INSERT INTO joint_partner_members (store_id, consumer_id, last_day)
    SELECT store_id, consumer_id, max(last_day) FROM joint_partner_buys GROUP BY 1, 2 ORDER BY 1, 2`.execute(
    db,
  );
  await WORK_INDEXES[0]!.execute(db);
  await sql`ANALYZE joint_partner_members`.execute(db);
  await sql`INSERT INTO joint_partner_pairs (store_a, store_b, shared)
    SELECT a.store_id, b.store_id, count(*)::int FROM joint_partner_members a
    JOIN joint_partner_members b ON b.consumer_id = a.consumer_id AND a.store_id < b.store_id
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  for (const ix of WORK_INDEXES.slice(1)) await ix.execute(db);
  await sql`ANALYZE joint_partner_buys`.execute(db);
  await sql`ANALYZE joint_partner_pairs`.execute(db);
  return (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders o WHERE ${paidIn(from, to)}`.execute(db)
  ).rows[0]!.n;
}

/**
 * Applies orders changed since `since` and the window's move to [from, to]: new store customers add to their
 * pairs, customers whose last paid day left the window subtract. Returns the number of orders read.
 */
export async function incrementalLoad(
  db: Db,
  since: Date,
  from: string,
  to: string,
): Promise<{ orders: number; affected: string[] }> {
  await sql`CREATE TEMP TABLE joint_new_orders ON COMMIT DROP AS
    SELECT o.id, o.store_id, o.consumer_id, o.paid_day FROM orders o
    WHERE o.updated_at > ${since} AND ${paidIn(from, to)}`.execute(db);
  const orders = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM joint_new_orders`.execute(db))
    .rows[0]!.n;
  await sql`INSERT INTO joint_partner_buys (store_id, consumer_id, product_id, last_day)
    SELECT n.store_id, n.consumer_id, l.product_id, max(n.paid_day)
    FROM joint_new_orders n JOIN order_lines l ON l.order_id = n.id GROUP BY 1, 2, 3
    ON CONFLICT (store_id, consumer_id, product_id)
    DO UPDATE SET last_day = greatest(joint_partner_buys.last_day, excluded.last_day)`.execute(db);
  // New memberships come in with state 1; existing ones only move their last day (already counted).
  await sql`INSERT INTO joint_partner_members (store_id, consumer_id, last_day, state)
    SELECT store_id, consumer_id, max(paid_day), 1 FROM joint_new_orders GROUP BY 1, 2
    ON CONFLICT (store_id, consumer_id)
    DO UPDATE SET last_day = greatest(joint_partner_members.last_day, excluded.last_day)`.execute(db);
  await sql`UPDATE joint_partner_members SET state = 2 WHERE last_day < ${from}::date AND state = 0`.execute(
    db,
  );
  // Pairs gained: a new membership with every member staying (state 0) or new (once per pair);
  // pairs lost: a leaving membership with every member that was counted (state 0) or leaving (once).
  await sql`INSERT INTO joint_partner_pairs (store_a, store_b, shared)
    SELECT sa, sb, sum(n)::int FROM (
      SELECT least(a.store_id, b.store_id) AS sa, greatest(a.store_id, b.store_id) AS sb, count(*) AS n
      FROM joint_partner_members a JOIN joint_partner_members b ON b.consumer_id = a.consumer_id AND b.store_id <> a.store_id
      WHERE a.state = 1 AND (b.state = 0 OR (b.state = 1 AND a.store_id < b.store_id)) GROUP BY 1, 2
      UNION ALL
      SELECT least(a.store_id, b.store_id), greatest(a.store_id, b.store_id), -count(*)
      FROM joint_partner_members a JOIN joint_partner_members b ON b.consumer_id = a.consumer_id AND b.store_id <> a.store_id
      WHERE a.state = 2 AND (b.state = 0 OR (b.state = 2 AND a.store_id < b.store_id)) GROUP BY 1, 2
    ) d GROUP BY 1, 2 HAVING sum(n) <> 0
    ON CONFLICT (store_a, store_b) DO UPDATE SET shared = joint_partner_pairs.shared + excluded.shared`.execute(
    db,
  );
  await sql`DELETE FROM joint_partner_pairs WHERE shared <= 0`.execute(db);
  const affected = (
    await sql<{
      s: string;
    }>`SELECT DISTINCT store_id AS s FROM joint_partner_members WHERE state <> 0`.execute(db)
  ).rows.map((r) => r.s);
  await sql`DELETE FROM joint_partner_members WHERE state = 2`.execute(db);
  await sql`UPDATE joint_partner_members SET state = 0 WHERE state = 1`.execute(db);
  await sql`DELETE FROM joint_partner_buys WHERE last_day < ${from}::date`.execute(db);
  return { orders, affected };
}

/** Window customers per store (rewritten), and the platform's distinct customers. */
export async function storeSizes(db: Db): Promise<{ stores: number; total: number }> {
  await sql`DELETE FROM joint_partner_stores`.execute(db);
  await sql`INSERT INTO joint_partner_stores (store_id, customers)
    SELECT store_id, count(*)::int FROM joint_partner_members GROUP BY 1`.execute(db);
  const r = await sql<{ stores: number; total: number }>`SELECT
      (SELECT count(*)::int FROM joint_partner_stores) AS stores,
      (SELECT count(DISTINCT consumer_id)::int FROM joint_partner_members) AS total`.execute(db);
  return r.rows[0]!;
}

/** Platform-level customer lift between main categories (pairs of different categories with shared customers). */
export async function categoryLifts(db: Db, total: number): Promise<Map<string, number>> {
  const r = await sql<{ ca: string; cb: string; n: number; na: number; nb: number }>`
    WITH uc AS (SELECT DISTINCT s.main_category_id AS c, m.consumer_id AS u FROM joint_partner_members m
        JOIN stores s ON s.id = m.store_id WHERE s.main_category_id IS NOT NULL),
      cn AS (SELECT c, count(*)::int AS n FROM uc GROUP BY c),
      cc AS (SELECT a.c AS ca, b.c AS cb, count(*)::int AS n FROM uc a JOIN uc b ON b.u = a.u AND a.c < b.c GROUP BY 1, 2)
    SELECT cc.ca, cc.cb, cc.n, na.n AS na, nb.n AS nb FROM cc JOIN cn na ON na.c = cc.ca JOIN cn nb ON nb.c = cc.cb`.execute(
    db,
  );
  const out = new Map<string, number>();
  for (const x of r.rows) out.set(`${x.ca}|${x.cb}`, (x.n * total) / (x.na * x.nb));
  return out;
}

export interface CandidateRow {
  a: string;
  b: string;
  shared: number;
  na: number;
  nb: number;
  main_a: string | null;
  main_b: string | null;
  aud_inter: number;
  aud_a: number;
  aud_b: number;
  mix_cos: number;
}

/**
 * Store pairs with at least `minShared` shared customers and their features: customers, main categories,
 * audience sizes and intersection (window customers ∪ current followers), cosine of category mixes (listed
 * products per parent of their category: level 2 for level-3 categories, robust for small stores).
 */
export async function candidatePairs(
  db: Db,
  minShared: number,
  only: string[] | null,
): Promise<CandidateRow[]> {
  // Each step lands in an analysed temporary table: as one statement of CTEs the planner mis-estimated the
  // audience self-join and ran nested loops (minutes at 1M orders instead of seconds).
  const step = async (name: string, q: ReturnType<typeof sql>) => {
    await sql`CREATE TEMP TABLE ${sql.table(name)} ON COMMIT DROP AS ${q}`.execute(db);
    await sql`ANALYZE ${sql.table(name)}`.execute(db);
  };
  await step(
    'jp_cand',
    sql`SELECT store_a, store_b, shared FROM joint_partner_pairs WHERE shared >= ${minShared}
      ${only ? sql`AND (store_a = ANY(${only}::text[]) OR store_b = ANY(${only}::text[]))` : sql``}`,
  );
  await step('jp_cs', sql`SELECT store_a AS s FROM jp_cand UNION SELECT store_b FROM jp_cand`);
  await step(
    'jp_aud',
    sql`SELECT m.store_id, m.consumer_id FROM joint_partner_members m JOIN jp_cs ON jp_cs.s = m.store_id
      UNION
      SELECT f.target_id, f.consumer_id FROM follows f JOIN jp_cs ON jp_cs.s = f.target_id
      WHERE f.target_type = 'store' AND f.unfollowed_at IS NULL`,
  );
  await step('jp_asz', sql`SELECT store_id, count(*)::int AS n FROM jp_aud GROUP BY 1`);
  await step(
    'jp_inter',
    sql`SELECT c.store_a, c.store_b, count(*)::int AS n
      FROM jp_aud a JOIN jp_aud b ON b.consumer_id = a.consumer_id AND a.store_id < b.store_id
      JOIN jp_cand c ON c.store_a = a.store_id AND c.store_b = b.store_id GROUP BY 1, 2`,
  );
  await step(
    'jp_mix',
    sql`SELECT p.store_id, coalesce(c.parent_id, c.id) AS category_id, count(*)::float8 AS n
      FROM products p JOIN categories c ON c.id = p.category_id JOIN jp_cs ON jp_cs.s = p.store_id GROUP BY 1, 2`,
  );
  await step('jp_norm', sql`SELECT store_id, sqrt(sum(n * n)) AS nn FROM jp_mix GROUP BY 1`);
  await step(
    'jp_dot',
    sql`SELECT c.store_a, c.store_b, sum(x.n * y.n) AS d FROM jp_cand c
      JOIN jp_mix x ON x.store_id = c.store_a JOIN jp_mix y ON y.store_id = c.store_b AND y.category_id = x.category_id
      GROUP BY 1, 2`,
  );
  const r = await sql<CandidateRow>`
    SELECT c.store_a AS a, c.store_b AS b, c.shared, pa.customers AS na, pb.customers AS nb,
      sa.main_category_id AS main_a, sb.main_category_id AS main_b,
      coalesce(i.n, 0) AS aud_inter, coalesce(xa.n, 0) AS aud_a, coalesce(xb.n, 0) AS aud_b,
      coalesce(d.d / nullif(na_.nn * nb_.nn, 0), 0)::float8 AS mix_cos
    FROM jp_cand c
    JOIN joint_partner_stores pa ON pa.store_id = c.store_a
    JOIN joint_partner_stores pb ON pb.store_id = c.store_b
    JOIN stores sa ON sa.id = c.store_a JOIN stores sb ON sb.id = c.store_b
    LEFT JOIN jp_inter i ON i.store_a = c.store_a AND i.store_b = c.store_b
    LEFT JOIN jp_asz xa ON xa.store_id = c.store_a LEFT JOIN jp_asz xb ON xb.store_id = c.store_b
    LEFT JOIN jp_dot d ON d.store_a = c.store_a AND d.store_b = c.store_b
    LEFT JOIN jp_norm na_ ON na_.store_id = c.store_a LEFT JOIN jp_norm nb_ ON nb_.store_id = c.store_b`.execute(
    db,
  );
  return r.rows;
}

export interface RecRow {
  storeId: string;
  rank: number;
  partnerId: string;
  score: number;
  shared: number;
  support: number;
  confidence: number;
  reverseConfidence: number;
  lift: number;
  audienceOverlap: number;
  complementarity: number | null;
  reasons: string;
}

/** Replaces the recommendations and substitute counts of every store (or of the `only` stores). */
export async function writeRecs(
  db: Db,
  recs: RecRow[],
  substitutes: Map<string, number>,
  only: string[] | null,
) {
  const mine = only ? sql`WHERE store_id = ANY(${only}::text[])` : sql``;
  await sql`DELETE FROM joint_partner_recs ${mine}`.execute(db);
  await sql`UPDATE joint_partner_stores SET substitutes_excluded = 0 ${mine}`.execute(db);
  const CHUNK = 20_000;
  for (let i = 0; i < recs.length; i += CHUNK) {
    const c = recs.slice(i, i + CHUNK);
    const col = <K extends keyof RecRow>(k: K) => c.map((r) => r[k]);
    await sql`INSERT INTO joint_partner_recs (store_id, rank, partner_id, score, shared, support, confidence,
        reverse_confidence, lift, audience_overlap, complementarity, reasons)
      SELECT * FROM unnest(${col('storeId')}::text[], ${col('rank')}::smallint[], ${col('partnerId')}::text[],
        ${col('score')}::float8[], ${col('shared')}::int[], ${col('support')}::float8[], ${col('confidence')}::float8[],
        ${col('reverseConfidence')}::float8[], ${col('lift')}::float8[], ${col('audienceOverlap')}::float8[],
        ${col('complementarity')}::float8[], ${col('reasons')}::jsonb[])`.execute(db);
  }
  if (substitutes.size) {
    const ids = [...substitutes.keys()];
    await sql`UPDATE joint_partner_stores s SET substitutes_excluded = t.n
      FROM unnest(${ids}::text[], ${ids.map((k) => substitutes.get(k)!)}::int[]) AS t(id, n)
      WHERE s.store_id = t.id`.execute(db);
  }
}

/** The `perPair` most co-bought product pairs of every recommended store pair (of the `only` stores' recommendations). */
export async function writeExamples(db: Db, perPair: number, only: string[] | null) {
  const mine = only ? sql`WHERE store_id = ANY(${only}::text[])` : sql``;
  await sql`CREATE TEMP TABLE jp_rp ON COMMIT DROP AS SELECT DISTINCT least(store_id, partner_id) AS a,
      greatest(store_id, partner_id) AS b FROM joint_partner_recs ${mine}`.execute(db);
  await sql`ANALYZE jp_rp`.execute(db);
  await sql`WITH pp AS (SELECT x.store_id AS a, y.store_id AS b, x.product_id AS pa, y.product_id AS pb, count(*)::int AS buyers
        FROM joint_partner_buys x JOIN joint_partner_buys y ON y.consumer_id = x.consumer_id AND x.store_id < y.store_id
        JOIN jp_rp rp ON rp.a = x.store_id AND rp.b = y.store_id
        GROUP BY 1, 2, 3, 4),
      top AS (SELECT *, row_number() OVER (PARTITION BY a, b ORDER BY buyers DESC, pa, pb) AS r FROM pp),
      agg AS (SELECT r.store_id, r.rank, jsonb_agg(jsonb_build_object(
          'productA', jsonb_build_object('id', pa.id, 'title', pa.title),
          'productB', jsonb_build_object('id', pb.id, 'title', pb.title),
          'buyers', t.buyers) ORDER BY t.r) AS e
        FROM joint_partner_recs r
        JOIN top t ON t.r <= ${perPair} AND t.a = least(r.store_id, r.partner_id) AND t.b = greatest(r.store_id, r.partner_id)
        JOIN products pa ON pa.id = CASE WHEN r.store_id = t.a THEN t.pa ELSE t.pb END
        JOIN products pb ON pb.id = CASE WHEN r.store_id = t.a THEN t.pb ELSE t.pa END
        GROUP BY 1, 2)
    UPDATE joint_partner_recs r SET examples = agg.e FROM agg
    WHERE agg.store_id = r.store_id AND agg.rank = r.rank ${only ? sql`AND r.store_id = ANY(${only}::text[])` : sql``}`.execute(
    db,
  );
}

export async function insertRun(db: Db, run: Omit<RunRow, 'id'>) {
  await sql`INSERT INTO joint_partner_runs (mode, started_at, took_ms, orders, stores, pairs, watermark, window_days,
      window_from, window_to, computed_at)
    VALUES (${run.mode}, ${run.started_at}, ${run.took_ms}, ${run.orders}, ${run.stores}, ${run.pairs}, ${run.watermark},
      ${run.window_days}, ${run.window_from}::date, ${run.window_to}::date, ${run.computed_at})`.execute(db);
}

export async function pairCount(db: Db): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM joint_partner_pairs`.execute(db)).rows[0]!
    .n;
}

export interface RecView {
  partner_id: string;
  store_name: string;
  merchant_id: string;
  merchant_name: string;
  main_category_id: string | null;
  main_category_name: string | null;
  score: number;
  shared: number;
  support: number;
  confidence: number;
  reverse_confidence: number;
  lift: number;
  audience_overlap: number;
  complementarity: number | null;
  reasons: unknown;
  examples: unknown;
}

/** One store's recommendations, best first (an index range of joint_partner_recs). */
export async function recsOf(db: Db, storeId: string, limit: number): Promise<RecView[]> {
  const r =
    await sql<RecView>`SELECT r.partner_id, s.name AS store_name, s.merchant_id, m.name AS merchant_name,
      s.main_category_id, c.name AS main_category_name, r.score, r.shared, r.support, r.confidence,
      r.reverse_confidence, r.lift, r.audience_overlap, r.complementarity, r.reasons, r.examples
    FROM joint_partner_recs r JOIN stores s ON s.id = r.partner_id JOIN merchants m ON m.id = s.merchant_id
    LEFT JOIN categories c ON c.id = s.main_category_id
    WHERE r.store_id = ${storeId} ORDER BY r.rank LIMIT ${limit}`.execute(db);
  return r.rows;
}

export async function substitutesOf(db: Db, storeId: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT substitutes_excluded AS n FROM joint_partner_stores
    WHERE store_id = ${storeId}`.execute(db);
  return r.rows[0]?.n ?? 0;
}
