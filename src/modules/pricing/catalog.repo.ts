import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import type { CartLine } from './domain/types.ts';

/**
 * Reads of the marketplace's tables (catalog, follows, orders) that pricing needs to quote. Pricing never
 * writes them; it reads them here, in one place, so the dependency is visible.
 */

type Conn = Db | Tx;

export async function storeOwners(db: Conn, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = (
    await sql<{ id: string; merchant_id: string }>`
      SELECT id, merchant_id FROM stores WHERE id = ANY(${ids}::text[])`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [r.id, r.merchant_id]));
}

/** A SKU as the engine prices it (CartLine without line id and quantity), plus list price, stock and status. */
export interface SkuFacts {
  item: Omit<CartLine, 'lineId' | 'quantity'>;
  listPrice: number;
  stock: number;
  listed: boolean;
}

export interface SkuRow {
  sku_id: string;
  price: number;
  list_price: number | null;
  stock: number;
  product_id: string;
  status: string;
  store_id: string;
  merchant_id: string;
  brand_id: string | null;
  category_id: string;
  c2: string | null;
  c1: string | null;
}

export function toFacts(r: SkuRow): SkuFacts {
  return {
    item: {
      skuId: r.sku_id,
      productId: r.product_id,
      storeId: r.store_id,
      merchantId: r.merchant_id,
      categoryIds: [r.category_id, r.c2, r.c1].filter((c): c is string => !!c),
      ...(r.brand_id ? { brandId: r.brand_id } : {}),
      unitPrice: r.price,
    },
    listPrice: r.list_price ?? r.price,
    stock: r.stock,
    listed: r.status === 'listed',
  };
}

const SKU_SELECT = sql`SELECT s.id AS sku_id, s.price, s.list_price, s.stock, p.id AS product_id, p.status, p.store_id,
    p.merchant_id, p.brand_id, p.category_id, c.parent_id AS c2, c2.parent_id AS c1
  FROM skus s JOIN products p ON p.id = s.product_id
  LEFT JOIN categories c ON c.id = p.category_id LEFT JOIN categories c2 ON c2.id = c.parent_id`;

/** Add-on candidates: in-stock SKUs of listed products in these stores, cheapest first, `perStore` per store. */
export async function candidateSkus(
  db: Conn,
  storeIds: string[],
  excludeSkuIds: string[],
  perStore: number,
): Promise<SkuFacts[]> {
  if (!storeIds.length) return [];
  const rows = (
    await sql<SkuRow>`SELECT * FROM (
      SELECT x.*, row_number() OVER (PARTITION BY x.store_id ORDER BY x.price, x.sku_id) AS rn FROM (
        ${SKU_SELECT} WHERE p.store_id = ANY(${storeIds}::text[]) AND p.status = 'listed' AND s.stock > 0
          AND NOT (s.id = ANY(${excludeSkuIds}::text[]))
      ) x
    ) y WHERE y.rn <= ${perStore} ORDER BY y.store_id, y.price`.execute(db)
  ).rows;
  return rows.map(toFacts);
}

export async function consumerExists(db: Conn, userId: string): Promise<boolean> {
  const r = await sql<{ one: number }>`SELECT 1 AS one FROM consumers WHERE id = ${userId}`.execute(db);
  return r.rows.length > 0;
}

/** Orders as pricing's lifecycle needs them: status, buyer, paid day, pay amount. */
export async function orderFacts(db: Conn, ids: string[]) {
  if (!ids.length) return new Map<string, OrderFacts>();
  const rows = (
    await sql<OrderFacts>`SELECT id, status, consumer_id, store_id, merchant_id, pay_amount, paid_day
      FROM orders WHERE id = ANY(${ids}::text[])`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [r.id, r]));
}
export interface OrderFacts {
  id: string;
  status: string;
  consumer_id: string;
  store_id: string;
  merchant_id: string;
  pay_amount: number;
  paid_day: string | null;
}

/** Refunded after-sales of an order, summed (a whole-order refund returns its coupons). */
export async function refundedAmount(db: Conn, orderId: string): Promise<number> {
  const r = await sql<{ n: number | null }>`SELECT sum(amount)::bigint AS n FROM after_sales
    WHERE order_id = ${orderId} AND status = 'refunded'`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
