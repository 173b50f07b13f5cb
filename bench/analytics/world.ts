/**
 * A synthetic marketplace for the analytics suite, generated in SQL (generate_series, seeded): `stores` stores of
 * as many merchants under 10 level-1 categories, 40 products each, `consumers` shoppers, `orders` paid one-line
 * orders and `events` behaviour events spread over `days` days ending today. Stores are skewed (store k's share ∝
 * 1/√k: the largest holds ~1.4% of 5,000 stores' traffic), scenes and channels follow a realistic mix. Foreign
 * keys are not checked during the load (session_replication_role) and secondary event indexes are built after it.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/core/db.ts';
import { ensureEventPartitions } from '../../src/modules/marketplace/partitions.service.ts';
import { businessDay, shiftDay } from '../../src/core/time.ts';

export const TZ = 'Asia/Shanghai';

export interface WorldSpec {
  stores: number;
  consumers: number;
  orders: number;
  events: number;
  days: number;
}

export interface World extends WorldSpec {
  from: string;
  to: string;
}

const PRODUCTS_PER_STORE = 40;

/** The migrations' secondary indexes on the loaded tables, dropped for the load and rebuilt after it. */
const LOAD_INDEXES: [string, string][] = [
  ['events_store_day', 'CREATE INDEX events_store_day ON events (store_id, day)'],
  ['orders_store_paid_day', 'CREATE INDEX orders_store_paid_day ON orders (store_id, paid_day)'],
  ['orders_merchant_paid_day', 'CREATE INDEX orders_merchant_paid_day ON orders (merchant_id, paid_day)'],
  ['orders_paid_day', 'CREATE INDEX orders_paid_day ON orders (paid_day)'],
  ['orders_consumer', 'CREATE INDEX orders_consumer ON orders (consumer_id)'],
  ['orders_created_at', 'CREATE INDEX orders_created_at ON orders (created_at)'],
  ['order_lines_product', 'CREATE INDEX order_lines_product ON order_lines (product_id)'],
];

/** A skewed store index in 0..stores-1 (SQL), from a uniform draw. */
const skewedStore = (stores: number) => `least(${stores - 1}, floor(${stores} * power(random(), 2)))::int`;

export async function generateWorld(db: Database, spec: WorldSpec, log: (s: string) => void): Promise<World> {
  const k = db.kysely;
  const to = businessDay(Date.now(), TZ);
  const from = shiftDay(to, -(spec.days - 1));
  await ensureEventPartitions(k, from, to);
  await sql`SET session_replication_role = replica`.execute(k);
  // Indexes are built once after the load (sorted builds), not maintained row by row.
  for (const [name] of LOAD_INDEXES) await sql`DROP INDEX IF EXISTS ${sql.ref(name)}`.execute(k);
  await sql`ALTER TABLE events DROP CONSTRAINT IF EXISTS events_pkey`.execute(k);
  await sql`SELECT setseed(0.42)`.execute(k);
  const t0 = Date.now();
  await sql`INSERT INTO categories (id, parent_id, level, name, name_zh)
    SELECT 'l1-' || a, NULL, 1, 'Category ' || a, '类目' || a FROM generate_series(0, 9) a`.execute(k);
  await sql`INSERT INTO categories (id, parent_id, level, name, name_zh)
    SELECT 'l2-' || a || '-' || b, 'l1-' || a, 2, 'Category ' || a || '.' || b, '类目' || a || '.' || b
    FROM generate_series(0, 9) a, generate_series(0, 4) b`.execute(k);
  await sql`INSERT INTO categories (id, parent_id, level, name, name_zh)
    SELECT 'l3-' || a || '-' || b || '-' || c, 'l2-' || a || '-' || b, 3, 'Category ' || a || '.' || b || '.' || c,
      '类目' || a || '.' || b || '.' || c
    FROM generate_series(0, 9) a, generate_series(0, 4) b, generate_series(0, 3) c`.execute(k);
  await sql`INSERT INTO merchants (id, name, type, onboarded_at)
    SELECT 'm' || i, 'Merchant ' || i, CASE WHEN i % 7 = 0 THEN 'self' ELSE 'pop' END, DATE '2025-01-01'
    FROM generate_series(0, ${spec.stores - 1}) i`.execute(k);
  await sql`INSERT INTO stores (id, merchant_id, name, main_category_id, opened_at)
    SELECT 's' || i, 'm' || i, 'Store ' || i, 'l1-' || (i % 10), DATE '2025-01-01'
    FROM generate_series(0, ${spec.stores - 1}) i`.execute(k);
  await sql`INSERT INTO products (id, store_id, merchant_id, category_id, title, listed_at)
    SELECT 'p' || i || '-' || j, 's' || i, 'm' || i, 'l3-' || (i % 10) || '-' || (j % 5) || '-' || ((i + j) % 4),
      'Product ' || i || '-' || j, TIMESTAMPTZ '2025-01-01'
    FROM generate_series(0, ${spec.stores - 1}) i, generate_series(0, ${PRODUCTS_PER_STORE - 1}) j`.execute(
    k,
  );
  await sql`INSERT INTO skus (id, product_id, price, list_price, stock)
    SELECT 'k' || substr(id, 2), id, 990 + (hashtext(id) & 65535) * 3, NULL, 1000 FROM products`.execute(k);
  await sql`INSERT INTO consumers (id, registered_at)
    SELECT 'u' || i, TIMESTAMPTZ '2025-01-01' FROM generate_series(0, ${spec.consumers - 1}) i`.execute(k);
  log(
    `catalog: ${spec.stores} stores, ${spec.stores * PRODUCTS_PER_STORE} products, ${spec.consumers} consumers`,
  );

  // Orders and lines, a day at a time.
  const perDay = Math.ceil(spec.orders / spec.days);
  const evPerDay = Math.ceil(spec.events / spec.days);
  let orders = 0;
  let events = 0;
  for (let d = 0; d < spec.days; d++) {
    const day = shiftDay(from, d);
    const n = Math.min(perDay, spec.orders - orders);
    if (n > 0) {
      await sql`WITH ins AS (
        INSERT INTO orders (id, consumer_id, store_id, merchant_id, status, scene, channel, creator_id, items_amount,
          discount_amount, shipping_fee, pay_amount, created_at, paid_at, paid_day)
        SELECT 'o' || ${d} || '-' || i, 'u' || floor(random() * ${spec.consumers})::int, 's' || st, 'm' || st, 'paid',
          sc.scene, sc.channel, CASE WHEN sc.channel = 'creator' THEN 'cr' || (st % 500) END,
          amt, disc, 0, amt - disc, at, at + interval '1 minute', ((at + interval '1 minute') AT TIME ZONE ${TZ})::date
        FROM (
          SELECT i, ${sql.raw(skewedStore(spec.stores))} AS st, random() AS x,
            (${day}::timestamp AT TIME ZONE ${TZ}) + random() * interval '1438 minutes' AS at,
            (1990 + floor(random() * 20000))::bigint AS amt, (floor(random() * 4) * 500)::bigint AS disc
          FROM generate_series(1, ${n}) i
        ) o
        CROSS JOIN LATERAL (SELECT CASE
          WHEN o.x < 0.22 THEN 'search' WHEN o.x < 0.40 THEN 'feed' WHEN o.x < 0.50 THEN 'mall'
          WHEN o.x < 0.56 THEN 'detail' WHEN o.x < 0.60 THEN 'store' WHEN o.x < 0.86 THEN 'live'
          WHEN o.x < 0.92 THEN 'share' WHEN o.x < 0.97 THEN 'search' ELSE 'campaign' END AS scene,
          CASE WHEN o.x < 0.60 THEN 'organic' WHEN o.x < 0.72 THEN 'self_live' WHEN o.x < 0.86 THEN 'creator'
          WHEN o.x < 0.92 THEN 'promoter' WHEN o.x < 0.97 THEN 'ad' ELSE 'joint' END AS channel) sc
        RETURNING id, store_id, items_amount, discount_amount, pay_amount
      )
      INSERT INTO order_lines (order_id, line_no, sku_id, product_id, category_id, quantity, unit_price, amount,
        discount, paid)
      SELECT ins.id, 1, 'k' || substr(p.id, 2), p.id, p.category_id, 1, ins.items_amount, ins.items_amount,
        ins.discount_amount, ins.pay_amount
      FROM ins JOIN products p ON p.id = 'p' || substr(ins.store_id, 2) || '-' || (hashtext(ins.id) & 31)`.execute(
        k,
      );
      orders += n;
    }
    const e = Math.min(evPerDay, spec.events - events);
    if (e > 0) {
      await sql`INSERT INTO events (id, day, occurred_at, type, user_id, product_id, store_id, scene, channel, query)
        SELECT 'e' || i, ${day}::date, (${day}::timestamp AT TIME ZONE ${TZ}) + random() * interval '1439 minutes',
          t.type, 'u' || floor(random() * ${spec.consumers})::int,
          CASE WHEN t.type <> 'search' THEN 'p' || st || '-' || floor(random() * ${PRODUCTS_PER_STORE})::int END,
          CASE WHEN t.type <> 'search' THEN 's' || st END,
          CASE WHEN t.type = 'search' THEN 'search' WHEN y < 0.3 THEN 'search' WHEN y < 0.6 THEN 'feed'
            WHEN y < 0.7 THEN 'mall' WHEN y < 0.8 THEN 'live' WHEN y < 0.9 THEN 'detail' ELSE 'share' END,
          CASE WHEN t.type = 'search' THEN 'organic' WHEN y < 0.7 THEN 'organic' WHEN y < 0.75 THEN 'self_live'
            WHEN y < 0.8 THEN 'creator' WHEN y < 0.9 THEN 'ad' ELSE 'promoter' END,
          CASE WHEN t.type = 'search' THEN 'query ' || floor(random() * 500)::int END
        FROM (SELECT i, ${sql.raw(skewedStore(spec.stores))} AS st, random() AS x, random() AS y
          FROM generate_series(1, ${e}) i) g
        CROSS JOIN LATERAL (SELECT CASE WHEN g.x < 0.40 THEN 'exposure' WHEN g.x < 0.50 THEN 'click'
          WHEN g.x < 0.85 THEN 'view' WHEN g.x < 0.90 THEN 'cart' WHEN g.x < 0.93 THEN 'favorite'
          WHEN g.x < 0.94 THEN 'follow' ELSE 'search' END AS type) t`.execute(k);
      events += e;
    }
    if (d % 10 === 9 || d === spec.days - 1)
      log(
        `day ${d + 1}/${spec.days}: ${orders.toLocaleString('en-US')} orders, ${events.toLocaleString('en-US')} events (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      );
  }
  await sql`SET session_replication_role = DEFAULT`.execute(k);
  const ti = Date.now();
  await sql`ALTER TABLE events ADD PRIMARY KEY (day, id)`.execute(k);
  for (const [, ddl] of LOAD_INDEXES) await sql.raw(ddl).execute(k);
  log(`indexes built in ${((Date.now() - ti) / 1000).toFixed(0)} s`);
  await sql`ANALYZE`.execute(k);
  log(`world generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return { ...spec, from, to };
}
