/**
 * The scoring benchmark's marketplace, generated straight in the database by bulk SQL (INSERT … SELECT FROM
 * generate_series): categories (10 × 4 × 2 = 80 leaves), brands, merchants, stores, products with 1–2 SKUs,
 * consumers, creators, orders paid in the 30-day window with 1–3 lines, after-sales, reviews, service sessions,
 * store violations and behaviour events in their monthly partitions.
 *
 * Every figure is a pure function of an integer (hashint8extended with a salt: deterministic, no state), so rows
 * of different tables agree without reading each other back: an order's lines are regenerated from the order's
 * number with the same functions that priced the order, and a line's SKU, price and category are those of the
 * product rows. Each store has latent qualities (product quality, logistics, service in [0, 1]) that drive its
 * cancellations, pickup and delivery times, refunds, ratings and response times; each product's quality is its
 * store's plus noise. Products, orders and events are given to stores in contiguous ranges (bench_stores), so
 * the big tables are generated store by store in W chunks on W connections at once.
 *
 * Loading: secondary indexes dropped and rebuilt afterwards with the migrations' own definitions, foreign-key
 * triggers skipped (session_replication_role = replica; the rows are consistent by construction and a sample
 * is checked), then VACUUM ANALYZE so the measured queries read settled pages with fresh statistics.
 */
import type pg from 'pg';
import type { Database } from '../../src/core/db.ts';
import { dayStart, shiftDay } from '../../src/core/time.ts';
import { ensureEventPartitions } from '../../src/modules/marketplace/index.ts';

export interface Sizes {
  stores: number;
  products: number;
  orders: number;
  events: number;
  consumers: number;
  creators: number;
  /** Last business day of the window. */
  day: string;
  windowDays: number;
  timeZone: string;
}

export interface Step {
  step: string;
  rows: number;
  ms: number;
}

export interface Prepared {
  ms: number;
  steps: Step[];
  /** Rows per table. */
  rows: Record<string, number>;
  from: string;
  start: Date;
  asOf: Date;
  /** Sample consistency checks that passed. */
  checked: string[];
}

/** Tables whose secondary indexes are dropped during the load and rebuilt after it. */
const BULK_TABLES = [
  'products',
  'skus',
  'orders',
  'order_lines',
  'after_sales',
  'reviews',
  'service_sessions',
  'events',
];

const QUALITY_REASONS = [
  'quality_issue',
  'not_as_described',
  'damaged',
  'wrong_item',
  'missing_parts',
  'counterfeit',
];
const OTHER_REASONS = ['size_fit', 'changed_mind', 'late_delivery', 'not_received', 'price_drop', 'other'];

const arr = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;

/** The deterministic generator functions (SQL, inlined by the planner). Dropped after the load. */
const FUNCTIONS = `
CREATE OR REPLACE FUNCTION bench_u(i bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT ((hashint8extended(i, salt::bigint) >> 11) & 9007199254740991)::float8 / 9007199254740992::float8 $$;
-- lines per order: 1 (70%), 2 (20%), 3 (10%)
CREATE OR REPLACE FUNCTION bench_nl(o bigint) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT 1 + (bench_u(o, 10) >= 0.7)::int + (bench_u(o, 10) >= 0.9)::int $$;
-- the product of line l: the store's first products sell most
CREATE OR REPLACE FUNCTION bench_prod(o bigint, l int, pfirst bigint, nprod bigint) RETURNS bigint LANGUAGE sql
  IMMUTABLE PARALLEL SAFE AS
  $$ SELECT pfirst + least(nprod - 1, floor(power(bench_u(o * 4 + l, 11), 2) * nprod)::bigint) $$;
CREATE OR REPLACE FUNCTION bench_nsku(j bigint) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT 1 + (bench_u(j, 21) < 0.5)::int $$;
CREATE OR REPLACE FUNCTION bench_var(o bigint, l int, j bigint) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT 1 + floor(bench_u(o * 4 + l, 12) * bench_nsku(j))::int $$;
-- SKU price in fen: log-uniform 5–1,000 yuan, the second variant 15% dearer
CREATE OR REPLACE FUNCTION bench_price(j bigint, v int) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT (exp(6.2146 + bench_u(j, 22) * 5.2983) * (1 + 0.15 * (v - 1)))::bigint $$;
CREATE OR REPLACE FUNCTION bench_qty(o bigint, l int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT 1 + (bench_u(o * 4 + l, 13) < 0.2)::int + (bench_u(o * 4 + l, 13) < 0.05)::int $$;
-- order discount, percent of every line
CREATE OR REPLACE FUNCTION bench_dp(o bigint) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT 5 * ((bench_u(o, 14) >= 0.5)::int + (bench_u(o, 14) >= 0.8)::int) $$;
-- leaf category: mostly under the store's main category
CREATE OR REPLACE FUNCTION bench_pcat(j bigint, main int) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT 'c' || CASE WHEN bench_u(j, 23) < 0.85 THEN main ELSE 1 + floor(bench_u(j, 24) * 10)::int END
       || '_' || (1 + floor(bench_u(j, 25) * 4)::int) || '_' || (1 + floor(bench_u(j, 26) * 2)::int) $$;
CREATE OR REPLACE FUNCTION bench_pq(j bigint, sq float8) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT least(1, greatest(0, sq + 0.4 * (bench_u(j, 29) - 0.5))) $$;
-- rating 1–5: 5 minus an exponential draw whose mean grows as quality x falls (x = 1: ≈4.8, x = 0: ≈4.0)
CREATE OR REPLACE FUNCTION bench_rating(x float8, u float8) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT greatest(1, 5 - floor(-(0.3 + 1.2 * (1 - x)) * ln(1 - u)))::smallint $$;
`;
const DROP_FUNCTIONS = `DROP FUNCTION IF EXISTS bench_u, bench_nl, bench_prod, bench_nsku, bench_var, bench_price,
  bench_qty, bench_dp, bench_pcat, bench_pq, bench_rating`;

function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(`benchmark data check failed: ${what}`);
}

/** Default sizes: the issue's on PostgreSQL, about 1/20 of them on PGlite. */
export function defaultSizes(
  kind: 'postgres' | 'pglite',
): Pick<Sizes, 'stores' | 'products' | 'orders' | 'events'> {
  return kind === 'postgres'
    ? { stores: 10_000, products: 1_000_000, orders: 5_000_000, events: 20_000_000 }
    : { stores: 500, products: 50_000, orders: 250_000, events: 1_000_000 };
}

/** Splits stores 1..n into at most `w` contiguous ranges of about equal `weight` (their cumulative end per store). */
function storeRanges(ends: number[], total: number, w: number): [number, number][] {
  const out: [number, number][] = [];
  let lo = 1;
  for (let k = 1; k <= w && lo <= ends.length; k++) {
    let hi = lo;
    const goal = (total * k) / w;
    while (hi < ends.length && ends[hi - 1]! < goal) hi++;
    if (k === w) hi = ends.length;
    out.push([lo, hi]);
    lo = hi + 1;
  }
  return out;
}

function idRanges(n: number, w: number): [number, number][] {
  const out: [number, number][] = [];
  const step = Math.ceil(n / w);
  for (let lo = 1; lo <= n; lo += step) out.push([lo, Math.min(n, lo + step - 1)]);
  return out;
}

export async function generate(
  database: Database,
  s: Sizes,
  workers: number,
  log: (s: string) => void,
): Promise<Prepared> {
  check(s.products >= s.stores, '--products must be at least --stores (every store lists a product)');
  const t0 = performance.now();
  const steps: Step[] = [];
  const rows: Record<string, number> = {};
  const from = shiftDay(s.day, -(s.windowDays - 1));
  const start = dayStart(from, s.timeZone);
  const asOf = dayStart(shiftDay(s.day, 1), s.timeZone);
  const windowSecs = (asOf.getTime() - start.getTime()) / 1000;
  const START = `'${start.toISOString()}'::timestamptz`;
  const AS_OF = `'${asOf.toISOString()}'::timestamptz`;
  const TZ = `'${s.timeZone}'`;
  const W = database.pglite ? 1 : Math.max(1, workers);
  const M = Math.max(1, Math.ceil(s.stores * 0.9));
  const B = Math.max(50, Math.round(s.products / 500));
  const C = s.consumers;
  const K = s.creators;

  // Event partitions for the window first, through the module's own service (on PGlite its only connection is
  // taken by the generator below).
  let t = performance.now();
  const parts = await ensureEventPartitions(database.kysely, from, s.day);
  steps.push({
    step: `event partitions (${parts.created.join(', ')})`,
    rows: 0,
    ms: Math.round(performance.now() - t),
  });
  const clients: pg.PoolClient[] = [];
  for (let i = 0; i < W; i++) {
    const c = await database.pool.connect();
    clients.push(c);
    // Generation only (not the measured queries): no foreign-key triggers, no waiting for the WAL flush.
    await c.query(`SET session_replication_role = replica; SET synchronous_commit = off;
      SET work_mem = '256MB'; SET maintenance_work_mem = '${database.pglite ? '128MB' : '1GB'}'`);
  }
  const c0 = clients[0]!;
  const q = (text: string) => c0.query(text);

  /** Runs the statements (one per chunk) on the W connections at once; records rows written and time. */
  async function step(name: string, table: string | null, texts: string[]) {
    const t = performance.now();
    let n = 0;
    let next = 0;
    await Promise.all(
      clients.map(async (c) => {
        while (next < texts.length) {
          const r = await c.query(texts[next++]!);
          n += r.rowCount ?? 0;
        }
      }),
    );
    const ms = performance.now() - t;
    steps.push({ step: name, rows: n, ms: Math.round(ms) });
    if (table) rows[table] = (rows[table] ?? 0) + n;
    log(`  ${name}: ${n.toLocaleString('en-US')} rows in ${(ms / 1000).toFixed(1)} s`);
  }

  try {
    await q(FUNCTIONS);
    // The indexes go (rebuilt after the load).
    const idx = await q(`SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      JOIN pg_class t ON t.relname = i.tablename AND t.relnamespace = current_schema()::regnamespace
      WHERE i.schemaname = current_schema() AND i.tablename IN (${BULK_TABLES.map((x) => `'${x}'`).join(',')})
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname AND k.conrelid = t.oid)`);
    const indexes = idx.rows as { name: string; def: string }[];
    for (const i of indexes) await q(`DROP INDEX ${i.name}`);

    // Catalog.
    await step('categories', 'categories', [
      `INSERT INTO categories (id, parent_id, level, name)
       SELECT 'c' || a, NULL, 1, 'Category ' || a FROM generate_series(1, 10) a
       UNION ALL SELECT 'c' || a || '_' || b, 'c' || a, 2, 'Category ' || a || '.' || b
         FROM generate_series(1, 10) a, generate_series(1, 4) b`,
    ]);
    await step('leaf categories', 'categories', [
      `INSERT INTO categories (id, parent_id, level, name)
       SELECT 'c' || a || '_' || b || '_' || c, 'c' || a || '_' || b, 3, 'Category ' || a || '.' || b || '.' || c
       FROM generate_series(1, 10) a, generate_series(1, 4) b, generate_series(1, 2) c`,
    ]);
    await step('brands', 'brands', [
      `INSERT INTO brands (id, name) SELECT 'b' || i, 'Brand ' || i FROM generate_series(1, ${B}) i`,
    ]);
    await step('merchants', 'merchants', [
      `INSERT INTO merchants (id, name, type, onboarded_at)
       SELECT 'm' || i, 'Merchant ' || i, CASE WHEN bench_u(i, 1) < 0.1 THEN 'self' ELSE 'pop' END,
         date '2025-06-01' + floor(bench_u(i, 2) * 120)::int
       FROM generate_series(1, ${M}) i`,
    ]);
    // The stores' latent qualities and their ranges of products, orders and events.
    t = performance.now();
    await q(`DROP TABLE IF EXISTS bench_stores`);
    await q(`CREATE TABLE bench_stores AS
      WITH s AS (
        SELECT i, bench_u(i, 3) AS b, 0.2 + 5 * power(bench_u(i, 7), 3) AS wp FROM generate_series(1, ${s.stores}) i
      ), w AS (
        SELECT i, wp,
          least(1, greatest(0, 0.55 * b + 0.45 * bench_u(i, 4)))::float8 AS q,
          least(1, greatest(0, 0.55 * b + 0.45 * bench_u(i, 5)))::float8 AS lg,
          least(1, greatest(0, 0.55 * b + 0.45 * bench_u(i, 6)))::float8 AS sv
        FROM s
      ), c AS (
        SELECT w.*, wp * (0.4 + 0.6 * q) * (0.5 + bench_u(i, 8)) AS wo FROM w
      ), e AS (
        SELECT c.*,
          -- the last store ends exactly at the totals (no float rounding at the end)
          CASE WHEN i = ${s.stores} THEN ${s.products}
            ELSE i + floor(${s.products - s.stores}::float8 * sum(wp) OVER (ORDER BY i) / sum(wp) OVER ())::bigint END AS pend,
          CASE WHEN i = ${s.stores} THEN ${s.orders}
            ELSE floor(${s.orders}::float8 * sum(wo) OVER (ORDER BY i) / sum(wo) OVER ())::bigint END AS oend,
          CASE WHEN i = ${s.stores} THEN ${s.events}
            ELSE floor(${s.events}::float8 * sum(wo) OVER (ORDER BY i) / sum(wo) OVER ())::bigint END AS eend
        FROM c
      )
      SELECT i::int AS i, 's' || i AS id, 'm' || (1 + (i - 1) % ${M}) AS merchant_id, (1 + (i - 1) % 10)::int AS main,
        q, lg, sv,
        coalesce(lag(pend) OVER (ORDER BY i), 0) + 1 AS pfirst, pend - coalesce(lag(pend) OVER (ORDER BY i), 0) AS nprod,
        coalesce(lag(oend) OVER (ORDER BY i), 0) + 1 AS ofirst, oend - coalesce(lag(oend) OVER (ORDER BY i), 0) AS norders,
        coalesce(lag(eend) OVER (ORDER BY i), 0) + 1 AS efirst, eend - coalesce(lag(eend) OVER (ORDER BY i), 0) AS nevents,
        oend, eend, pend
      FROM e ORDER BY i`);
    await q(`CREATE UNIQUE INDEX ON bench_stores (id); ANALYZE bench_stores`);
    const ends = (
      await q(`SELECT pend::float8 AS p, oend::float8 AS o, eend::float8 AS e FROM bench_stores ORDER BY i`)
    ).rows as { p: number; o: number; e: number }[];
    const last = ends[ends.length - 1]!;
    check(
      last.p === s.products && last.o === s.orders && last.e === s.events,
      'store ranges add up to the sizes',
    );
    steps.push({ step: 'store plan (bench_stores)', rows: s.stores, ms: Math.round(performance.now() - t) });
    const byStore = (k: 'p' | 'o' | 'e', total: number) =>
      storeRanges(
        ends.map((x) => x[k]),
        total,
        W * 2,
      );

    await step('stores', 'stores', [
      `INSERT INTO stores (id, merchant_id, name, main_category_id, opened_at)
       SELECT id, merchant_id, 'Store ' || i, 'c' || main, date '2025-06-02' + floor(bench_u(i, 9) * 200)::int
       FROM bench_stores`,
    ]);
    await step(
      'products',
      'products',
      byStore('p', s.products).map(
        ([lo, hi]) => `INSERT INTO products (id, store_id, merchant_id, category_id, brand_id, title,
           detail_completeness, status, listed_at)
         SELECT 'p' || j, st.id, st.merchant_id, bench_pcat(j, st.main),
           CASE WHEN bench_u(j, 30) < 0.85 THEN 'b' || (1 + floor(power(bench_u(j, 31), 2) * ${B})::int) END,
           'Product ' || j,
           round(30 + 70 * least(1, greatest(0, bench_pq(j, st.q) + 0.5 * (bench_u(j, 32) - 0.5))))::smallint,
           CASE WHEN bench_u(j, 33) < 0.03 THEN 'delisted' ELSE 'listed' END,
           ${START} - interval '1 second' * (86400 + bench_u(j, 34) * 86400 * 300)
         FROM bench_stores st CROSS JOIN LATERAL generate_series(st.pfirst, st.pfirst + st.nprod - 1) j
         WHERE st.i BETWEEN ${lo} AND ${hi}`,
      ),
    );
    await step(
      'skus',
      'skus',
      idRanges(s.products, W * 2).map(
        ([lo, hi]) => `INSERT INTO skus (id, product_id, price, list_price, stock)
         SELECT 'k' || j || '_' || v, 'p' || j, bench_price(j, v), bench_price(j, v) * 12 / 10,
           CASE WHEN bench_u(j * 2 + v, 35) < 0.05 THEN 0 ELSE floor(bench_u(j * 2 + v, 36) * 500)::int END
         FROM generate_series(${lo}::bigint, ${hi}) j CROSS JOIN LATERAL generate_series(1, bench_nsku(j)) v`,
      ),
    );
    await step(
      'consumers',
      'consumers',
      idRanges(C, W).map(
        ([lo, hi]) => `INSERT INTO consumers (id, age_band, gender, region, city_tier, registered_at)
         SELECT 'u' || i, (ARRAY['18-24','25-29','30-34','35-39','40-49','50+'])[1 + floor(bench_u(i, 37) * 6)::int],
           CASE WHEN bench_u(i, 38) < 0.6 THEN 'f' ELSE 'm' END,
           (ARRAY['Zhejiang','Jiangsu','Guangdong','Shanghai','Beijing','Sichuan'])[1 + floor(bench_u(i, 39) * 6)::int],
           1 + floor(bench_u(i, 40) * 5)::int, ${START} - interval '1 second' * (86400 + bench_u(i, 41) * 86400 * 700)
         FROM generate_series(${lo}, ${hi}) i`,
      ),
    );
    await step('creators', 'creators', [
      `INSERT INTO creators (id, name, followers, joined_at)
       SELECT 'cr' || i, 'Creator ' || i, floor(1000 * exp(bench_u(i, 42) * 8))::int,
         date '${from}' - 30 - floor(bench_u(i, 43) * 400)::int
       FROM generate_series(1, ${K}) i`,
    ]);

    // Orders: the lines' amounts are recomputed from the order number with the lines' own functions.
    // OFFSET 0 keeps each layer from being flattened into the next (which would evaluate its expressions again).
    const orderSource = (lo: number, hi: number) => `
      SELECT st.id AS sid, st.merchant_id AS mid, st.q, st.lg, st.sv, st.pfirst, st.nprod, o, bench_nl(o) AS nl,
        ${START} + interval '1 second' * (bench_u(o, 50) * ${windowSecs}) AS paid_at
      FROM bench_stores st CROSS JOIN LATERAL generate_series(st.ofirst, st.ofirst + st.norders - 1) o
      WHERE st.i BETWEEN ${lo} AND ${hi}`;
    await step(
      'orders',
      'orders',
      byStore('o', s.orders).map(
        ([
          lo,
          hi,
        ]) => `INSERT INTO orders (id, consumer_id, store_id, merchant_id, status, scene, channel, creator_id,
           items_amount, discount_amount, shipping_fee, pay_amount, created_at, paid_at, shipped_at, collected_at,
           delivered_at, completed_at, cancelled_at, cancel_reason, carrier, tracking_no, paid_day)
         SELECT 'o' || o,
           'u' || CASE WHEN cr IS NULL THEN 1 + floor(bench_u(o, 51) * ${C})::bigint
             ELSE 1 + (cr * 7919 + floor(bench_u(o, 51) * (300 + floor(3000 * bench_u(cr, 52)))))::bigint % ${C} END,
           sid, mid,
           CASE WHEN cancelled THEN 'cancelled' WHEN delivered_at + interval '7 days' < ${AS_OF} THEN 'completed'
             WHEN delivered_at < ${AS_OF} THEN 'delivered' WHEN collected_at < ${AS_OF} THEN 'shipped' ELSE 'paid' END,
           CASE WHEN cr IS NOT NULL THEN CASE WHEN bench_u(o, 53) < 0.6 THEN 'live' ELSE 'video' END
             WHEN ad THEN 'ad' ELSE (ARRAY['search','feed','mall','detail','store'])[1 + floor(bench_u(o, 54) * 5)::int] END,
           CASE WHEN cr IS NOT NULL THEN 'creator' WHEN ad THEN 'ad' ELSE 'organic' END,
           'cr' || cr,
           items, disc, CASE WHEN items >= 9900 THEN 0 ELSE 600 END,
           items - disc + CASE WHEN items >= 9900 THEN 0 ELSE 600 END,
           paid_at - interval '1 second' * (60 + bench_u(o, 55) * 900), paid_at,
           CASE WHEN collected_at < ${AS_OF} THEN collected_at END, CASE WHEN collected_at < ${AS_OF} THEN collected_at END,
           CASE WHEN delivered_at < ${AS_OF} THEN delivered_at END,
           CASE WHEN delivered_at + interval '7 days' < ${AS_OF} THEN delivered_at + interval '7 days' END,
           CASE WHEN cancelled THEN paid_at + least(interval '1 second' * (1800 + bench_u(o, 56) * 72000), (${AS_OF} - paid_at) / 2) END,
           CASE WHEN cancelled THEN CASE WHEN bench_u(o, 57) < 0.15 + 0.5 * (1 - q) THEN 'out of stock'
             ELSE (ARRAY['buyer changed mind','wrong address','duplicate order'])[1 + floor(bench_u(o, 58) * 3)::int] END END,
           CASE WHEN collected_at < ${AS_OF} THEN (ARRAY['SF','YTO','ZTO','JD'])[1 + floor(bench_u(o, 59) * 4)::int] END,
           CASE WHEN collected_at < ${AS_OF} THEN 'T' || o END,
           (paid_at AT TIME ZONE ${TZ})::date
         FROM (
           SELECT x.*,
             a1 + coalesce(a2, 0) + coalesce(a3, 0) AS items,
             (a1 * dp / 100) + coalesce(a2 * dp / 100, 0) + coalesce(a3 * dp / 100, 0) AS disc,
             CASE WHEN NOT cancelled THEN paid_at + interval '1 second' * 3600 * (1 + bench_u(o, 60) * (6 + 60 * (1 - lg))) END AS collected_at,
             CASE WHEN NOT cancelled THEN paid_at + interval '1 second' * 3600 * (1 + bench_u(o, 60) * (6 + 60 * (1 - lg))
               + 18 + bench_u(o, 61) * (30 + 110 * (1 - lg))) END AS delivered_at
           FROM (
             SELECT y.*, bench_dp(o) AS dp,
               bench_qty(o, 1) * bench_price(p1, bench_var(o, 1, p1)) AS a1,
               bench_qty(o, 2) * bench_price(p2, bench_var(o, 2, p2)) AS a2,
               bench_qty(o, 3) * bench_price(p3, bench_var(o, 3, p3)) AS a3,
               bench_u(o, 62) < 0.01 + 0.07 * (1 - lg) + 0.03 * (1 - q) AS cancelled,
               CASE WHEN bench_u(o, 63) < 0.15 THEN 1 + floor(power(bench_u(o, 64), 1.5) * ${K})::bigint END AS cr,
               bench_u(o, 65) < 0.1 AS ad
             FROM (
               SELECT g.*, bench_prod(o, 1, pfirst, nprod) AS p1,
                 CASE WHEN nl >= 2 THEN bench_prod(o, 2, pfirst, nprod) END AS p2,
                 CASE WHEN nl >= 3 THEN bench_prod(o, 3, pfirst, nprod) END AS p3
               FROM (${orderSource(lo, hi)} OFFSET 0) g OFFSET 0
             ) y OFFSET 0
           ) x OFFSET 0
         ) z`,
      ),
    );
    await step(
      'order lines',
      'order_lines',
      byStore('o', s.orders).map(
        ([lo, hi]) => `INSERT INTO order_lines (order_id, line_no, sku_id, product_id, category_id, quantity,
           unit_price, amount, discount, paid)
         SELECT 'o' || o, l, 'k' || p || '_' || v, 'p' || p, bench_pcat(p, main), qty, price, qty * price,
           qty * price * dp / 100, qty * price - qty * price * dp / 100
         FROM (
           SELECT y.*, bench_price(p, v) AS price FROM (
             SELECT x.*, bench_var(o, l, p) AS v, bench_qty(o, l) AS qty, bench_dp(o) AS dp FROM (
               SELECT o, l, st.main, bench_prod(o, l, st.pfirst, st.nprod) AS p
               FROM bench_stores st CROSS JOIN LATERAL generate_series(st.ofirst, st.ofirst + st.norders - 1) o
                 CROSS JOIN LATERAL generate_series(1, bench_nl(o)) l
               WHERE st.i BETWEEN ${lo} AND ${hi} OFFSET 0
             ) x OFFSET 0
           ) y OFFSET 0
         ) z`,
      ),
    );

    // After-sales, reviews and service sessions read the orders back (their times) and regenerate the lines.
    const orderRange = (lo: number, hi: number) => `
      SELECT o.id, o.store_id, o.consumer_id, o.paid_at, o.collected_at, o.delivered_at, o.cancelled_at,
        st.q, st.lg, st.sv, st.pfirst, st.nprod, substr(o.id, 2)::bigint AS idx
      FROM orders o JOIN bench_stores st ON st.id = o.store_id
      WHERE substr(o.id, 2)::bigint BETWEEN ${lo} AND ${hi}`;
    await step(
      'after-sales',
      'after_sales',
      idRanges(s.orders, W).map(
        ([
          lo,
          hi,
        ]) => `INSERT INTO after_sales (id, order_id, line_no, store_id, type, reason_code, quality_related,
           amount, status, platform_intervened, requested_at, resolved_at, refunded_at)
         SELECT 'as' || idx, id, l, store_id, CASE WHEN delivered_at IS NULL THEN 'refund_only' ELSE 'return' END,
           reason, reason = ANY(${arr(QUALITY_REASONS)}),
           bench_qty(idx, l) * bench_price(p, bench_var(idx, l, p))
             - bench_qty(idx, l) * bench_price(p, bench_var(idx, l, p)) * bench_dp(idx) / 100,
           CASE WHEN resolved_at IS NULL THEN 'requested' WHEN rejected THEN 'rejected'
             WHEN bench_u(idx, 70) < 0.9 THEN 'refunded' ELSE 'closed' END,
           bench_u(idx, 71) < 0.01 + 0.15 * (1 - sv), requested_at, resolved_at,
           CASE WHEN resolved_at IS NOT NULL AND NOT rejected AND bench_u(idx, 70) < 0.9 THEN resolved_at END
         FROM (
           SELECT y.*, CASE WHEN requested_at + interval '1 second' * 3600 * (2 + bench_u(idx, 72) * (10 + 150 * (1 - sv)))
               < ${AS_OF} THEN requested_at + interval '1 second' * 3600 * (2 + bench_u(idx, 72) * (10 + 150 * (1 - sv))) END
               AS resolved_at,
             bench_u(idx, 73) < 0.05 + 0.3 * (1 - sv) AS rejected,
             CASE WHEN bench_u(idx, 74) < 0.2 + 0.6 * (1 - pq)
               THEN (${arr(QUALITY_REASONS)})[1 + floor(bench_u(idx, 75) * ${QUALITY_REASONS.length})::int]
               ELSE (${arr(OTHER_REASONS)})[1 + floor(bench_u(idx, 75) * ${OTHER_REASONS.length})::int] END AS reason
           FROM (
             SELECT x.*, coalesce(delivered_at, collected_at, paid_at)
               + interval '1 second' * (3600 + bench_u(idx, 76) * 5 * 86400) AS requested_at
             FROM (
               SELECT w.*, bench_pq(p, q) AS pq FROM (
                 SELECT v.*, bench_prod(idx, l, pfirst, nprod) AS p FROM (
                   SELECT r.*, 1 + floor(bench_u(idx, 77) * bench_nl(idx))::int AS l FROM (${orderRange(lo, hi)}
                     AND o.cancelled_at IS NULL) r OFFSET 0
                 ) v OFFSET 0
               ) w OFFSET 0
             ) x WHERE bench_u(idx, 78) < 0.01 + 0.09 * (1 - pq) OFFSET 0
           ) y WHERE requested_at < ${AS_OF} OFFSET 0
         ) z`,
      ),
    );
    await step(
      'reviews',
      'reviews',
      idRanges(s.orders, W * 2).map(
        ([
          lo,
          hi,
        ]) => `INSERT INTO reviews (id, order_id, line_no, product_id, store_id, consumer_id, product_rating,
           logistics_rating, service_rating, created_at)
         SELECT 'r' || idx || '_' || l, id, l, 'p' || p, store_id, consumer_id,
           bench_rating(bench_pq(p, q), bench_u(idx * 4 + l, 80)), bench_rating(lg, bench_u(idx * 4 + l, 81)),
           bench_rating(sv, bench_u(idx * 4 + l, 82)), created_at
         FROM (
           SELECT x.*, bench_prod(idx, l, pfirst, nprod) AS p FROM (
             SELECT r.*, l, r.delivered_at + interval '1 second' * (600 + bench_u(r.idx * 4 + l, 83) * 6 * 86400) AS created_at
             FROM (${orderRange(lo, hi)} AND o.delivered_at IS NOT NULL) r
               CROSS JOIN LATERAL generate_series(1, bench_nl(r.idx)) l
             WHERE bench_u(r.idx * 4 + l, 84) < 0.3 OFFSET 0
           ) x WHERE created_at < ${AS_OF} OFFSET 0
         ) z`,
      ),
    );
    await step(
      'service sessions',
      'service_sessions',
      idRanges(s.orders, W).map(
        ([lo, hi]) => `INSERT INTO service_sessions (id, store_id, consumer_id, order_id, started_at,
           first_response_seconds, resolved)
         SELECT 'ss' || idx, store_id, consumer_id, id, started_at,
           CASE WHEN bench_u(idx, 90) >= 0.02 THEN floor(3 + bench_u(idx, 91) * (20 + 500 * (1 - sv)))::int END,
           bench_u(idx, 92) >= 0.1 * (1 - sv)
         FROM (
           SELECT r.*, r.paid_at + interval '1 second' * (bench_u(r.idx, 93) * 72 * 3600) AS started_at
           FROM (${orderRange(lo, hi)}) r WHERE bench_u(r.idx, 94) < 0.02 + 0.06 * (1 - r.sv) OFFSET 0
         ) z WHERE started_at < ${AS_OF}`,
      ),
    );
    await step('store violations', 'store_violations', [
      `INSERT INTO store_violations (id, store_id, points, reason, occurred_at, created_by)
       SELECT 'v' || i, id, 1 + floor(bench_u(i, 95) * 12)::int, 'bench violation',
         ${START} + interval '1 second' * (bench_u(i, 96) * ${windowSecs}), 'bench'
       FROM bench_stores WHERE bench_u(i, 97) < 0.03 + 0.1 * (1 - sv)`,
    ]);
    // Behaviour events: products of each store in proportion to its orders, click and keep rates by quality.
    await step(
      'events',
      'events',
      byStore('e', s.events).map(
        ([
          lo,
          hi,
        ]) => `INSERT INTO events (id, day, occurred_at, type, user_id, product_id, store_id, scene, channel)
         SELECT 'e' || e, (ts AT TIME ZONE ${TZ})::date, ts,
           CASE WHEN u < 0.6 THEN 'exposure' WHEN u < 0.68 + 0.1 * pq THEN 'click' WHEN u < 0.78 + 0.1 * pq THEN 'view'
             WHEN u < 0.79 + 0.15 * pq THEN 'favorite' ELSE 'cart' END,
           'u' || (1 + floor(bench_u(e, 100) * ${C})::bigint), 'p' || p, sid,
           (ARRAY['search','feed','mall','detail','store'])[1 + floor(bench_u(e, 101) * 5)::int], 'organic'
         FROM (
           SELECT x.*, bench_pq(p, q) AS pq, bench_u(e, 102) AS u,
             ${START} + interval '1 second' * (bench_u(e, 103) * ${windowSecs}) AS ts
           FROM (
             SELECT st.id AS sid, st.q, e, st.pfirst + least(st.nprod - 1, floor(power(bench_u(e, 104), 2) * st.nprod)::bigint) AS p
             FROM bench_stores st CROSS JOIN LATERAL generate_series(st.efirst, st.efirst + st.nevents - 1) e
             WHERE st.i BETWEEN ${lo} AND ${hi} OFFSET 0
           ) x OFFSET 0
         ) z`,
      ),
    );

    // Indexes back (the migrations' definitions), the largest first, W at a time.
    // A partitioned table's index reads 'ON ONLY events': rebuilt without ONLY, so every partition gets it too.
    const sized = indexes.map((i) => ({
      def: i.def.replace(' ON ONLY ', ' ON '),
      table: /ON (?:ONLY )?(?:\w+\.)?(\w+)/.exec(i.def)?.[1] ?? '',
    }));
    const order = [
      'events',
      'order_lines',
      'orders',
      'reviews',
      'skus',
      'products',
      'after_sales',
      'service_sessions',
    ];
    sized.sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table));
    await step(
      `rebuild ${indexes.length} secondary indexes`,
      null,
      sized.map((i) => i.def),
    );
    await step('VACUUM ANALYZE', null, ['VACUUM ANALYZE']);

    // Sample checks: lines agree with their SKU, product, store and order; orders with their lines.
    t = performance.now();
    const checked: string[] = [];
    const pct = Math.min(100, Math.max(0.2, (100 * 20_000) / s.orders));
    const lines = (
      await q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE k.id IS NULL OR k.product_id <> l.product_id
          OR k.price <> l.unit_price OR p.category_id <> l.category_id OR p.store_id <> o.store_id
          OR l.amount <> l.quantity * l.unit_price OR l.paid <> l.amount - l.discount
          OR c.level IS DISTINCT FROM 3)::int AS bad
        FROM orders o TABLESAMPLE SYSTEM (${pct}) JOIN order_lines l ON l.order_id = o.id
        LEFT JOIN skus k ON k.id = l.sku_id LEFT JOIN products p ON p.id = l.product_id
        LEFT JOIN categories c ON c.id = l.category_id`)
    ).rows[0] as { n: number; bad: number };
    check(
      lines.n > 0 && lines.bad === 0,
      `order lines agree with SKUs, products and orders (${lines.bad} of ${lines.n} do not)`,
    );
    checked.push(`${lines.n} sampled lines agree with their SKU, product, category and order`);
    const orders = (
      await q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE o.items_amount <> s.amt OR o.discount_amount <> s.disc
          OR s.lines <> o.lines_expected OR o.paid_day <> (o.paid_at AT TIME ZONE ${TZ})::date
          OR o.paid_day NOT BETWEEN '${from}' AND '${s.day}' OR NOT (o.paid_at >= ${START} AND o.paid_at < ${AS_OF})
          OR (o.status = 'cancelled') <> (o.cancelled_at IS NOT NULL) OR o.cancelled_at >= ${AS_OF}
          OR o.delivered_at < o.collected_at OR o.collected_at < o.paid_at OR o.delivered_at >= ${AS_OF}
          OR u.id IS NULL OR (o.creator_id IS NOT NULL AND cr.id IS NULL) OR st.merchant_id <> o.merchant_id)::int AS bad
        FROM (SELECT o.*, bench_nl(substr(o.id, 2)::bigint) AS lines_expected FROM orders o TABLESAMPLE SYSTEM (${pct})) o
        JOIN LATERAL (SELECT sum(amount) AS amt, sum(discount) AS disc, count(*) AS lines FROM order_lines l
          WHERE l.order_id = o.id) s ON true
        LEFT JOIN consumers u ON u.id = o.consumer_id LEFT JOIN creators cr ON cr.id = o.creator_id
        LEFT JOIN stores st ON st.id = o.store_id`)
    ).rows[0] as { n: number; bad: number };
    check(
      orders.n > 0 && orders.bad === 0,
      `orders agree with their lines and the window (${orders.bad} of ${orders.n} do not)`,
    );
    checked.push(`${orders.n} sampled orders agree with their lines, consumer, creator, store and window`);
    const inDefault = Number((await q(`SELECT count(*) AS n FROM events_default`)).rows[0].n);
    check(inDefault === 0, `no event in events_default (${inDefault} are)`);
    checked.push('no event in events_default');
    steps.push({ step: 'sample checks', rows: lines.n + orders.n, ms: Math.round(performance.now() - t) });
    await q(DROP_FUNCTIONS);
    return { ms: Math.round(performance.now() - t0), steps, rows, from, start, asOf, checked };
  } finally {
    for (const c of clients) {
      await c
        .query(
          'RESET session_replication_role; RESET synchronous_commit; RESET work_mem; RESET maintenance_work_mem',
        )
        .catch(() => {});
      c.release();
    }
  }
}
