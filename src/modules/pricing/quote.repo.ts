import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import { batchWriter, perDatabase } from '../../core/batch-writer.ts';
import type { Db } from '../../core/db.ts';
import type { SkuRow } from './catalog.repo.ts';
import type { WalletCoupon } from './domain/types.ts';

/**
 * Everything a quote reads besides the offers, in one statement (one round trip): the SKUs with their
 * product, store, merchant, brand and category path; and for a buyer: whether they exist, the cart's stores
 * they follow and bought from, whether they ever bought, their available coupons, points, audiences, and
 * flash units held; plus live flash stock. Reads marketplace tables (skus, products, categories, follows,
 * orders, consumers) without writing them.
 */

export interface CartFacts {
  skus: SkuRow[];
  known: boolean;
  followedStoreIds: string[];
  purchasedStoreIds: string[];
  newToPlatform: boolean;
  coupons: WalletCoupon[];
  points: number;
  audienceIds: string[];
  flashBought: Record<string, number>;
  flashStock: Record<string, number>;
}

interface Raw {
  skus: SkuRow[];
  known: boolean;
  follows: string[];
  bought: string[];
  any_order: boolean;
  coupons: { id: string; valid_from: string; valid_to: string; terms: WalletCoupon['terms'] }[];
  points: number | null;
  audiences: string[];
  flash_bought: Record<string, number>;
  flash_stock: Record<string, number>;
}

/** One statement, kept as fixed text so the server can keep its plan (a named prepared statement). */
const CART_FACTS = `WITH k AS (
    SELECT s.id AS sku_id, s.price, s.list_price, s.stock, p.id AS product_id, p.status, p.store_id, p.merchant_id,
      p.brand_id, p.category_id, c.parent_id AS c2, c2.parent_id AS c1
    FROM skus s JOIN products p ON p.id = s.product_id
    LEFT JOIN categories c ON c.id = p.category_id LEFT JOIN categories c2 ON c2.id = c.parent_id
    WHERE s.id = ANY($1::text[])
  ), st AS (SELECT DISTINCT store_id FROM k)
  SELECT
    (SELECT coalesce(json_agg(k), '[]') FROM k) AS skus,
    EXISTS (SELECT 1 FROM consumers WHERE id = $2::text) AS known,
    (SELECT coalesce(json_agg(target_id), '[]') FROM follows WHERE consumer_id = $2::text AND target_type = 'store'
      AND unfollowed_at IS NULL AND target_id IN (SELECT store_id FROM st)) AS follows,
    (SELECT coalesce(json_agg(DISTINCT store_id), '[]') FROM orders WHERE consumer_id = $2::text
      AND store_id IN (SELECT store_id FROM st) AND paid_at IS NOT NULL AND status <> 'cancelled') AS bought,
    EXISTS (SELECT 1 FROM orders WHERE consumer_id = $2::text AND paid_at IS NOT NULL AND status <> 'cancelled') AS any_order,
    (SELECT coalesce(json_agg(json_build_object('id', c.id, 'valid_from', c.valid_from, 'valid_to', c.valid_to,
        'terms', t.terms) ORDER BY c.valid_to, c.id), '[]')
      FROM pricing_coupons c JOIN pricing_coupon_templates t ON t.id = c.template_id
      WHERE $4::boolean AND c.user_id = $2::text AND c.status = 'available') AS coupons,
    (SELECT balance FROM pricing_points WHERE user_id = $2::text) AS points,
    (SELECT coalesce(json_agg(audience_id), '[]') FROM (SELECT audience_id FROM pricing_audience_members
      WHERE user_id = $2::text LIMIT 10000) a) AS audiences,
    (SELECT coalesce(json_object_agg(offer_id, units), '{}') FROM pricing_flash_buyers
      WHERE user_id = $2::text AND offer_id = ANY($3::text[])) AS flash_bought,
    (SELECT coalesce(json_object_agg(offer_id, stock_left), '{}') FROM pricing_flash_stock
      WHERE offer_id = ANY($3::text[])) AS flash_stock`;

/**
 * Reads the cart's facts. With the pool, as a named prepared statement (planned once per connection: the
 * plan costs as much as the execution); otherwise through Kysely (inside a transaction, for instance).
 * Coupons past validity are dropped here rather than in SQL, so the buyer's index is the one used.
 */
export async function cartFacts(
  db: Db,
  q: { skuIds: string[]; userId?: string; flashIds: string[]; now: Date; coupons: boolean },
  pool?: pg.Pool,
): Promise<CartFacts> {
  const values = [q.skuIds, q.userId ?? null, q.flashIds, q.coupons];
  const r = pool
    ? (await pool.query<Raw>({ name: 'pricing_cart_facts', text: CART_FACTS, values })).rows[0]!
    : (await db.executeQuery<Raw>(CompiledQuery.raw(CART_FACTS, values))).rows[0]!;
  const now = q.now.getTime();
  return {
    skus: r.skus,
    known: r.known,
    followedStoreIds: r.follows,
    purchasedStoreIds: r.bought,
    newToPlatform: !r.any_order,
    coupons: r.coupons
      .filter((c) => Date.parse(c.valid_to) > now)
      .map((c) => ({
        couponId: c.id,
        validFrom: new Date(c.valid_from).toISOString(),
        validTo: new Date(c.valid_to).toISOString(),
        terms: c.terms,
      })),
    points: Number(r.points ?? 0),
    audienceIds: r.audiences,
    flashBought: r.flash_bought,
    flashStock: r.flash_stock,
  };
}

/** A stored quote: `request` and `result` are JSON text already (the result is the response body's source). */
export interface QuoteRow {
  id: string;
  userId: string | null;
  createdAt: Date;
  expiresAt: Date;
  request: string;
  result: string;
  payAmount: number;
}

/**
 * Stores quotes in batches (see core/batch-writer): one multi-row INSERT whose JSON values travel as text
 * parameters, so nothing is serialized twice, escaped, or parsed as one batch document before each row.
 */
export function quoteWriter(db: Db) {
  return batchWriter<QuoteRow>(async (batch) => {
    const values: unknown[] = [];
    const rows = batch.map((r) => {
      const n = values.push(r.id, r.userId, r.createdAt, r.expiresAt, r.request, r.result, r.payAmount);
      return `($${n - 6},$${n - 5},$${n - 4},$${n - 3},$${n - 2},$${n - 1},$${n},'open')`;
    });
    await db.executeQuery(
      CompiledQuery.raw(
        `INSERT INTO pricing_quotes (id, user_id, created_at, expires_at, request, result, pay_amount, status)
          VALUES ${rows.join(',')}`,
        values,
      ),
    );
  });
}

/** The batching quote writer of this database. */
export const writeQuote = perDatabase(quoteWriter);
