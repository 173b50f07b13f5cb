import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import type { Party } from './domain/plans.ts';

/** The product selection square (选品广场) and a party's selection list (选品车). */

export interface ProductFacts {
  productId: string;
  title: string;
  merchantId: string;
  storeId: string;
  categoryId: string;
  brandId: string | null;
  /** Lowest SKU price, fen. */
  price: number;
  status: 'listed' | 'delisted';
}

const PRODUCT = sql`pr.id AS "productId", pr.title, pr.merchant_id AS "merchantId", pr.store_id AS "storeId",
  pr.category_id AS "categoryId", pr.brand_id AS "brandId", coalesce(min(s.price), 0)::bigint AS price, pr.status`;

/**
 * Listed products covered by a plan that is active at `now` and open to the party (a plan without products
 * covers its merchant's whole catalog), filtered by category (any level) and keyword (title). Rates are
 * computed by the caller with rateFor.
 */
export async function openProducts(
  db: Db,
  party: Party,
  now: Date,
  f: { categoryId?: string; q?: string },
): Promise<ProductFacts[]> {
  const filters: RawBuilder<unknown>[] = [sql`pr.status = 'listed'`];
  if (f.categoryId)
    filters.push(
      sql`(pr.category_id = ${f.categoryId} OR c.parent_id = ${f.categoryId} OR c2.parent_id = ${f.categoryId})`,
    );
  if (f.q) filters.push(sql`pr.title ILIKE ${`%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  const r = await sql<ProductFacts>`WITH pl AS (
      SELECT p.id, p.merchant_id FROM commission_plans p
      WHERE p.status = 'active' AND p.starts_at <= ${now} AND (p.ends_at IS NULL OR p.ends_at > ${now})
        AND (p.kind = 'open' OR EXISTS (SELECT 1 FROM commission_plan_parties x
          WHERE x.plan_id = p.id AND x.party_type = ${party.type} AND x.party_id = ${party.id}))
    ), ids AS (
      SELECT pr.id FROM pl JOIN products pr ON pr.merchant_id = pl.merchant_id
      WHERE NOT EXISTS (SELECT 1 FROM commission_plan_products pp WHERE pp.plan_id = pl.id)
      UNION
      SELECT pp.product_id FROM pl JOIN commission_plan_products pp ON pp.plan_id = pl.id
    )
    SELECT ${PRODUCT} FROM ids JOIN products pr ON pr.id = ids.id
      LEFT JOIN skus s ON s.product_id = pr.id
      LEFT JOIN categories c ON c.id = pr.category_id LEFT JOIN categories c2 ON c2.id = c.parent_id
    WHERE ${sql.join(filters, sql` AND `)}
    GROUP BY pr.id`.execute(db);
  return r.rows;
}

export async function productsByIds(db: Db, ids: string[]): Promise<ProductFacts[]> {
  if (!ids.length) return [];
  const r =
    await sql<ProductFacts>`SELECT ${PRODUCT} FROM products pr LEFT JOIN skus s ON s.product_id = pr.id
    WHERE pr.id = ANY(${ids}::text[]) GROUP BY pr.id`.execute(db);
  return r.rows;
}

/** Units sold per product in orders paid in [since, now) and not cancelled. */
export async function unitsSold(db: Db, productIds: string[], since: Date): Promise<Map<string, number>> {
  if (!productIds.length) return new Map();
  const r = await sql<{ id: string; n: number }>`SELECT l.product_id AS id, sum(l.quantity)::bigint AS n
    FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE l.product_id = ANY(${productIds}::text[]) AND o.paid_at >= ${since} AND o.status <> 'cancelled'
    GROUP BY l.product_id`.execute(db);
  return new Map(r.rows.map((x) => [x.id, Number(x.n)]));
}

export async function selection(db: Db, party: Party) {
  const r = await sql<{ productId: string; createdAt: Date }>`SELECT product_id AS "productId",
      created_at AS "createdAt" FROM distribution_selection WHERE party_type = ${party.type} AND party_id = ${party.id}
    ORDER BY created_at DESC, product_id`.execute(db);
  return r.rows.map((x) => ({ productId: x.productId, createdAt: new Date(x.createdAt).toISOString() }));
}

/** True when added, false when it was already there. */
export async function addToSelection(db: Db, party: Party, productId: string): Promise<boolean> {
  const r = await sql`INSERT INTO distribution_selection (party_type, party_id, product_id)
    VALUES (${party.type}, ${party.id}, ${productId}) ON CONFLICT DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function removeFromSelection(db: Db, party: Party, productId: string) {
  await sql`DELETE FROM distribution_selection WHERE party_type = ${party.type} AND party_id = ${party.id}
    AND product_id = ${productId}`.execute(db);
}
