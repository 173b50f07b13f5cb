import { sql } from 'kysely';
import type { Database } from '../../core/db.ts';
import { dayStart, shiftDay } from '../../core/time.ts';
import { allTrafficMultipliers, productEngagement } from '../scoring/index.ts';
import {
  buildCatalog,
  type Catalog,
  type CatalogProduct,
  type CatalogSession,
  type CatalogStore,
  type CovisitRow,
} from './domain/catalog.ts';
import type { TrafficSettings } from './domain/settings.ts';

/** Days of orders, clicks and live results behind a catalog's rates. */
export const STATS_DAYS = 14;
/** Days of live sessions (before and after the catalog's day) a catalog knows. */
const SESSION_DAYS = 40;

/**
 * Loads the ranker's catalog as of the end of business day `day`: listed products with their prices, the last
 * fortnight's exposures, clicks and orders, score multipliers, stores with their live results, live sessions
 * and co-visitation.
 */
export async function loadCatalog(
  db: Database,
  day: string,
  s: TrafficSettings,
  timeZone: string,
): Promise<Catalog> {
  const k = db.kysely;
  const from = shiftDay(day, -(STATS_DAYS - 1));
  const [prows, orders, engagement, pmult, smult, srows, sessions, co] = await Promise.all([
    sql<{
      id: string;
      store_id: string;
      merchant_id: string;
      category_id: string;
      l2: string | null;
      l1: string | null;
      title: string;
      cat_text: string;
      price: string | null;
    }>`SELECT p.id, p.store_id, p.merchant_id, p.category_id, c2.id AS l2, c1.id AS l1, p.title,
         concat_ws(' ', c.name, c.name_zh, c2.name, c2.name_zh) AS cat_text,
         (SELECT MIN(price) FROM skus WHERE product_id = p.id) AS price
       FROM products p JOIN categories c ON c.id = p.category_id
       LEFT JOIN categories c2 ON c2.id = c.parent_id LEFT JOIN categories c1 ON c1.id = c2.parent_id
       WHERE p.status = 'listed' ORDER BY p.id`.execute(k),
    sql<{ product_id: string; orders: number }>`
      SELECT l.product_id, COUNT(DISTINCT l.order_id)::int AS orders FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE o.paid_day BETWEEN ${from}::date AND ${day}::date AND o.status <> 'cancelled' GROUP BY l.product_id`.execute(
      k,
    ),
    productEngagement(db, from, day),
    allTrafficMultipliers(db, 'product'),
    allTrafficMultipliers(db, 'store'),
    sql<{
      id: string;
      merchant_id: string;
      name: string;
      live_hours: number | null;
      live_gmv: string | null;
    }>`
      SELECT s.id, s.merchant_id, s.name,
        (SELECT SUM(EXTRACT(EPOCH FROM (ls.ended_at - ls.started_at)) / 3600) FROM live_sessions ls
          WHERE ls.store_id = s.id AND ls.host_type <> 'creator' AND ls.ended_at IS NOT NULL
            AND ls.started_at >= ${dayStart(from, timeZone)} AND ls.started_at < ${dayStart(shiftDay(day, 1), timeZone)})::float8 AS live_hours,
        (SELECT SUM(o.pay_amount) FROM orders o WHERE o.store_id = s.id AND o.live_session_id IS NOT NULL
          AND o.paid_day BETWEEN ${from}::date AND ${day}::date AND o.status <> 'cancelled') AS live_gmv
      FROM stores s ORDER BY s.id`.execute(k),
    sql<{
      id: string;
      store_id: string;
      host_type: CatalogSession['hostType'];
      creator_id: string | null;
      started_at: Date;
      ended_at: Date | null;
    }>`
      SELECT id, store_id, host_type, creator_id, started_at, ended_at FROM live_sessions
      WHERE started_at >= ${dayStart(shiftDay(day, -SESSION_DAYS), timeZone)} AND started_at < ${dayStart(shiftDay(day, SESSION_DAYS), timeZone)}`.execute(
      k,
    ),
    sql<{
      product_id: string;
      neighbors: string[];
      weights: number[];
    }>`SELECT product_id, neighbors, weights FROM traffic_covisit`.execute(k),
  ]);
  const ordersOf = new Map(orders.rows.map((r) => [r.product_id, r.orders]));
  const stores: CatalogStore[] = srows.rows.map((r) => ({
    id: r.id,
    merchantId: r.merchant_id,
    name: r.name,
    liveHours: Number(r.live_hours ?? 0),
    liveGmv: Number(r.live_gmv ?? 0),
    storeMult: smult.get(r.id) ?? 1,
  }));
  const products: CatalogProduct[] = prows.rows
    .filter((r) => r.price !== null)
    .map((r) => {
      const e = engagement.get(r.id);
      return {
        id: r.id,
        storeId: r.store_id,
        merchantId: r.merchant_id,
        categoryId: r.category_id,
        l2Id: r.l2,
        l1Id: r.l1 ?? r.l2,
        title: r.title,
        categoryText: r.cat_text,
        price: Number(r.price),
        exposures: e?.exposures ?? 0,
        clicks: e?.clicks ?? 0,
        orders: ordersOf.get(r.id) ?? 0,
        productMult: pmult.get(r.id) ?? 1,
        storeMult: smult.get(r.store_id) ?? 1,
      };
    });
  const sess: CatalogSession[] = sessions.rows
    .filter((r) => r.started_at)
    .map((r) => ({
      id: r.id,
      storeId: r.store_id,
      hostType: r.host_type,
      creatorId: r.creator_id,
      startMs: new Date(r.started_at).getTime(),
      endMs: r.ended_at ? new Date(r.ended_at).getTime() : null,
    }));
  const covisit: CovisitRow[] = co.rows.map((r) => ({
    productId: r.product_id,
    neighbors: r.neighbors,
    weights: r.weights,
  }));
  return buildCatalog(products, stores, sess, covisit, {
    ctrStrength: s.ctrStrength,
    cvrStrength: s.cvrStrength,
    perList: Math.max(2000, s.maxCandidates * 2),
  });
}
