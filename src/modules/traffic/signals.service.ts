import { sql } from 'kysely';
import type { Database } from '../../core/db.ts';
import { shiftDay } from '../../core/time.ts';

/** Days of behaviour behind users' affinities and products' co-visitation. */
export const AFFINITY_DAYS = 30;
export const COVISIT_DAYS = 14;
/** Users with more views than this in a day (crawlers, bulk browsers) add no co-visitation pairs. */
const MAX_VIEWS_PER_USER_DAY = 40;

/**
 * Recomputes the ranker's behavioural signals as of business day `day`: each user's category affinity (clicks,
 * carts and favourites, time-decayed with a 14-day half-life, top eight categories as shares) and recently
 * viewed products; each product's 20 most co-viewed products (viewed by the same user on the same day).
 */
export async function refreshSignals(
  db: Database,
  day: string,
): Promise<{ users: number; products: number }> {
  const from = shiftDay(day, -(AFFINITY_DAYS - 1));
  const coFrom = shiftDay(day, -(COVISIT_DAYS - 1));
  return db.kysely.transaction().execute(async (trx) => {
    await sql`DELETE FROM traffic_user_affinity`.execute(trx);
    const users = await sql`
      INSERT INTO traffic_user_affinity (user_id, categories, weights, recent)
      WITH w AS (
        SELECT e.user_id, p.category_id,
          SUM(CASE e.type WHEN 'cart' THEN 3 WHEN 'favorite' THEN 2 ELSE 1 END * POWER(0.5, (${day}::date - e.day) / 14.0)) AS w
        FROM events e JOIN products p ON p.id = e.product_id
        WHERE e.day BETWEEN ${from}::date AND ${day}::date AND e.type IN ('click','cart','favorite')
          AND e.user_id IS NOT NULL
        GROUP BY e.user_id, p.category_id),
      r AS (SELECT user_id, category_id, w, w / SUM(w) OVER (PARTITION BY user_id) AS share,
              ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY w DESC, category_id) AS rk FROM w),
      v AS (SELECT user_id, product_id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY last DESC, product_id) AS rk
            FROM (SELECT user_id, product_id, MAX(occurred_at) AS last FROM events
                  WHERE day BETWEEN ${shiftDay(day, -6)}::date AND ${day}::date AND type = 'view'
                    AND user_id IS NOT NULL AND product_id IS NOT NULL GROUP BY user_id, product_id) x),
      recent AS (SELECT user_id, array_agg(product_id ORDER BY rk) AS recent FROM v WHERE rk <= 5 GROUP BY user_id),
      top AS (SELECT user_id, array_agg(category_id ORDER BY rk) AS categories, array_agg(share::real ORDER BY rk) AS weights
              FROM r WHERE rk <= 8 GROUP BY user_id)
      SELECT top.user_id, top.categories, top.weights, COALESCE(recent.recent, '{}')
      FROM top LEFT JOIN recent ON recent.user_id = top.user_id`.execute(trx);
    await sql`DELETE FROM traffic_covisit`.execute(trx);
    const products = await sql`
      INSERT INTO traffic_covisit (product_id, neighbors, weights)
      WITH v AS (
        SELECT DISTINCT user_id, day, product_id FROM events
        WHERE day BETWEEN ${coFrom}::date AND ${day}::date AND type = 'view' AND user_id IS NOT NULL AND product_id IS NOT NULL),
      busy AS (SELECT user_id, day FROM v GROUP BY user_id, day HAVING COUNT(*) > ${MAX_VIEWS_PER_USER_DAY}),
      vv AS (SELECT v.* FROM v WHERE NOT EXISTS (SELECT 1 FROM busy b WHERE b.user_id = v.user_id AND b.day = v.day)),
      pairs AS (SELECT a.product_id AS p, b.product_id AS q, COUNT(*) AS n FROM vv a
                JOIN vv b ON b.user_id = a.user_id AND b.day = a.day AND b.product_id <> a.product_id GROUP BY 1, 2),
      ranked AS (SELECT p, q, n, ROW_NUMBER() OVER (PARTITION BY p ORDER BY n DESC, q) AS rk FROM pairs)
      SELECT p, array_agg(q ORDER BY rk), array_agg(n::real ORDER BY rk) FROM ranked WHERE rk <= 20 GROUP BY p`.execute(
      trx,
    );
    return { users: Number(users.numAffectedRows ?? 0), products: Number(products.numAffectedRows ?? 0) };
  });
}

export interface UserAffinityRow {
  categories: string[];
  weights: number[];
  recent: string[];
}

export async function userAffinity(db: Database, userId: string): Promise<UserAffinityRow | null> {
  const { rows } = await sql<UserAffinityRow>`
    SELECT categories, weights, recent FROM traffic_user_affinity WHERE user_id = ${userId}`.execute(
    db.kysely,
  );
  return rows[0] ?? null;
}
