import type { Db } from '../../core/db.ts';
import { sql } from 'kysely';

export interface DayRow {
  day: string;
  gmv: number;
  orders: number;
  buyers: number;
}

/** GMV (pay amount of orders paid that day), orders and distinct buyers per business day; optionally one merchant. */
export async function dailySales(db: Db, from: string, to: string, merchantId?: string): Promise<DayRow[]> {
  const r = await sql<DayRow>`
    SELECT paid_day::text AS day, COALESCE(SUM(pay_amount), 0)::bigint AS gmv, COUNT(*)::int AS orders, COUNT(DISTINCT consumer_id)::int AS buyers
    FROM orders
    WHERE paid_day BETWEEN ${from}::date AND ${to}::date ${merchantId ? sql`AND merchant_id = ${merchantId}` : sql``}
    GROUP BY paid_day ORDER BY paid_day`.execute(db);
  return r.rows;
}

export async function salesTotals(db: Db, from: string, to: string, merchantId?: string) {
  const r = await sql<{ gmv: number; orders: number; buyers: number; merchants: number }>`
    SELECT COALESCE(SUM(pay_amount), 0)::bigint AS gmv, COUNT(*)::int AS orders, COUNT(DISTINCT consumer_id)::int AS buyers,
      COUNT(DISTINCT merchant_id)::int AS merchants
    FROM orders WHERE paid_day BETWEEN ${from}::date AND ${to}::date ${merchantId ? sql`AND merchant_id = ${merchantId}` : sql``}`.execute(
    db,
  );
  return r.rows[0]!;
}

export async function topMerchants(db: Db, from: string, to: string, limit: number) {
  const r = await sql<{ merchantId: string; name: string; type: string; gmv: number; orders: number }>`
    SELECT m.id AS "merchantId", m.name, m.type, SUM(o.pay_amount)::bigint AS gmv, COUNT(*)::int AS orders
    FROM orders o JOIN merchants m ON m.id = o.merchant_id
    WHERE o.paid_day BETWEEN ${from}::date AND ${to}::date
    GROUP BY m.id, m.name, m.type ORDER BY gmv DESC, m.id LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Distinct visitors (users with any behaviour other than a bare exposure) to a merchant's stores, per day. */
export async function dailyVisitors(db: Db, from: string, to: string, merchantId: string) {
  const r = await sql<{ day: string; visitors: number }>`
    SELECT e.day::text AS day, COUNT(DISTINCT e.user_id)::int AS visitors
    FROM events e WHERE e.day BETWEEN ${from}::date AND ${to}::date AND e.type <> 'exposure' AND e.user_id IS NOT NULL
      AND e.store_id IN (SELECT id FROM stores WHERE merchant_id = ${merchantId})
    GROUP BY e.day ORDER BY e.day`.execute(db);
  return r.rows;
}

export async function visitorTotal(db: Db, from: string, to: string, merchantId: string): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT COUNT(DISTINCT e.user_id)::int AS n FROM events e
    WHERE e.day BETWEEN ${from}::date AND ${to}::date AND e.type <> 'exposure' AND e.user_id IS NOT NULL
      AND e.store_id IN (SELECT id FROM stores WHERE merchant_id = ${merchantId})`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export async function merchantCount(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM merchants`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export async function getMerchant(db: Db, id: string) {
  return (
    await sql<{ id: string; name: string; type: 'self' | 'pop'; onboardedAt: string }>`
    SELECT id, name, type, onboarded_at::text AS "onboardedAt" FROM merchants WHERE id = ${id}`.execute(db)
  ).rows[0];
}

export async function listMerchants(db: Db, q: string | undefined, limit: number, offset: number) {
  const where = q ? sql`WHERE m.name ILIKE ${`%${q}%`} OR m.id ILIKE ${`%${q}%`}` : sql``;
  const items = (
    await sql<{ id: string; name: string; type: string; onboardedAt: string; storeCount: number }>`
      SELECT m.id, m.name, m.type, m.onboarded_at::text AS "onboardedAt", (SELECT COUNT(*)::int FROM stores s WHERE s.merchant_id = m.id) AS "storeCount"
      FROM merchants m ${where} ORDER BY m.id LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  const total =
    (await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM merchants m ${where}`.execute(db)).rows[0]?.n ??
    0;
  return { items, total };
}

/** A merchant's products, optionally filtered by title or id, each with its SKUs (id, price, stock). */
export async function listProducts(db: Db, merchantId: string, limit: number, offset: number, q?: string) {
  const match = q ? sql`AND (p.title ILIKE ${`%${q}%`} OR p.id ILIKE ${`%${q}%`})` : sql``;
  return (
    await sql<{
      id: string;
      storeId: string;
      title: string;
      categoryId: string;
      status: string;
      detailCompleteness: number;
      minPrice: number;
      stock: number;
      skus: { id: string; price: number; stock: number }[];
    }>`
      SELECT p.id, p.store_id AS "storeId", p.title, p.category_id AS "categoryId", p.status, p.detail_completeness AS "detailCompleteness",
        MIN(s.price)::bigint AS "minPrice", SUM(s.stock)::int AS stock,
        json_agg(json_build_object('id', s.id, 'price', s.price, 'stock', s.stock) ORDER BY s.id) AS skus
      FROM products p JOIN skus s ON s.product_id = p.id WHERE p.merchant_id = ${merchantId} ${match}
      GROUP BY p.id ORDER BY p.id LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
}

export async function getOrder(db: Db, id: string) {
  const o = (
    await sql<
      Record<string, unknown> & { merchant_id: string }
    >`SELECT * FROM orders WHERE id = ${id}`.execute(db)
  ).rows[0];
  if (!o) return undefined;
  const lines = (
    await sql`SELECT line_no, sku_id, product_id, quantity, unit_price, amount, discount, paid FROM order_lines WHERE order_id = ${id} ORDER BY line_no`.execute(
      db,
    )
  ).rows;
  return { order: o, lines };
}

export interface CategoryRow {
  id: string;
  name: string;
  nameZh: string | null;
  level: number;
  parentId: string | null;
}

/** Categories, optionally of one level and/or under one parent, by level then name. */
export async function listCategories(
  db: Db,
  q: { level?: number; parentId?: string },
): Promise<CategoryRow[]> {
  const r = await sql<CategoryRow>`SELECT id, name, name_zh AS "nameZh", level, parent_id AS "parentId"
    FROM categories
    WHERE (${q.level ?? null}::smallint IS NULL OR level = ${q.level ?? null})
      AND (${q.parentId ?? null}::text IS NULL OR parent_id = ${q.parentId ?? null})
    ORDER BY level, name, id LIMIT 5000`.execute(db);
  return r.rows.map((c) => ({ ...c, level: Number(c.level) }));
}
