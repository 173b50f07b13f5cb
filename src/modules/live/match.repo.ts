import { sql } from 'kysely';
import type { Database } from '../../core/db.ts';
import { dayStart, shiftDay } from '../../core/time.ts';
import { buildMatchIndex, type MatchIndex, PARAMS, type RawMatchData } from './domain/match.ts';

/**
 * Loads what matching observes as of the end of business day `asOf`: creators, their attributed sales by
 * category, their hosted sessions (views from live_enter events, GMV from orders), word-of-mouth scores,
 * exclusive plans, follows and purchases of the last PARAMS.buyerDays days, stores and active plans. Nothing
 * after `asOf` is read (the evaluation builds the index from the first days of a simulated window), and
 * nothing of the simulator's latent truth (sim_* tables).
 */
export async function loadMatchData(db: Database, asOf: string, timeZone: string): Promise<RawMatchData> {
  const k = db.kysely;
  const from = shiftDay(asOf, -(PARAMS.buyerDays - 1));
  const fromAt = dayStart(from, timeZone);
  const endAt = dayStart(shiftDay(asOf, 1), timeZone);
  // Every category with its level-1 ancestor (three levels at most).
  const catmap = sql`(SELECT c.id, CASE c.level WHEN 1 THEN c.id WHEN 2 THEN c.parent_id ELSE p.parent_id END AS l1
    FROM categories c LEFT JOIN categories p ON p.id = c.parent_id)`;
  // Orders attributed to a creator: through its channel (creator_id) or in a session it hosted (代播 included).
  const attributed = sql`SELECT o.id, o.consumer_id, o.pay_amount, coalesce(o.creator_id, ls.creator_id) AS creator_id
    FROM orders o LEFT JOIN live_sessions ls ON ls.id = o.live_session_id
    WHERE o.paid_day BETWEEN ${from}::date AND ${asOf}::date AND o.status <> 'cancelled'
      AND (o.creator_id IS NOT NULL OR ls.creator_id IS NOT NULL)`;
  const [categories, creators, sales, sessions, wom, exclusive, audience, purchases, stores, plans] =
    await Promise.all([
      sql<{ id: string; l1: string }>`SELECT id, l1 FROM ${catmap} m WHERE l1 IS NOT NULL`.execute(k),
      sql<{ id: string; name: string; followers: number; categories: string[] }>`
        SELECT id, name, followers, categories FROM creators`.execute(k),
      sql<{ creatorId: string; l1: string; gmv: string }>`
        SELECT a.creator_id AS "creatorId", m.l1, SUM(l.paid)::bigint AS gmv
        FROM (${attributed}) a JOIN order_lines l ON l.order_id = a.id JOIN ${catmap} m ON m.id = l.category_id
        GROUP BY 1, 2`.execute(k),
      sql<{ creatorId: string; l1: string | null; sessions: number; views: string; gmv: string }>`
        WITH s AS (
          SELECT ls.id, ls.creator_id, st.main_category_id FROM live_sessions ls JOIN stores st ON st.id = ls.store_id
          WHERE ls.creator_id IS NOT NULL AND ls.started_at >= ${fromAt} AND ls.ended_at <= ${endAt}
        ), v AS (
          SELECT e.live_session_id AS id, COUNT(*) AS n FROM events e
          WHERE e.type = 'live_enter' AND e.day BETWEEN ${from}::date AND ${asOf}::date
            AND e.live_session_id IN (SELECT id FROM s) GROUP BY 1
        ), g AS (
          SELECT o.live_session_id AS id, SUM(o.pay_amount) AS gmv FROM orders o
          WHERE o.live_session_id IN (SELECT id FROM s) AND o.status <> 'cancelled' AND o.paid_day <= ${asOf}::date
          GROUP BY 1
        )
        SELECT s.creator_id AS "creatorId", m.l1, COUNT(*)::int AS sessions,
          COALESCE(SUM(v.n), 0)::bigint AS views, COALESCE(SUM(g.gmv), 0)::bigint AS gmv
        FROM s LEFT JOIN v ON v.id = s.id LEFT JOIN g ON g.id = s.id LEFT JOIN ${catmap} m ON m.id = s.main_category_id
        GROUP BY 1, 2`.execute(k),
      // The scoring module's creator word-of-mouth scores of the last scored day up to asOf.
      sql<{ creatorId: string; score: string }>`
        SELECT entity_id AS "creatorId", score FROM score_snapshots
        WHERE kind = 'creator' AND day = (SELECT MAX(day) FROM score_snapshots WHERE kind = 'creator' AND day <= ${asOf}::date)`.execute(
        k,
      ),
      sql<{ creatorId: string; merchantId: string }>`
        SELECT x.party_id AS "creatorId", p.merchant_id AS "merchantId" FROM commission_plans p
        JOIN commission_plan_parties x ON x.plan_id = p.id AND x.party_type = 'creator'
        WHERE p.kind = 'exclusive' AND p.status = 'active' AND p.starts_at < ${endAt}
          AND (p.ends_at IS NULL OR p.ends_at >= ${endAt})`.execute(k),
      sql<{ consumerId: string; creatorIds: string[] }>`
        SELECT consumer_id AS "consumerId", array_agg(DISTINCT creator_id) AS "creatorIds" FROM (
          SELECT consumer_id, target_id AS creator_id FROM follows
          WHERE target_type = 'creator' AND followed_at < ${endAt} AND (unfollowed_at IS NULL OR unfollowed_at >= ${endAt})
          UNION ALL SELECT consumer_id, creator_id FROM (${attributed}) a
        ) x GROUP BY consumer_id`.execute(k),
      sql<{ consumerId: string; storeIds: string[] }>`
        SELECT consumer_id AS "consumerId", array_agg(DISTINCT store_id) AS "storeIds" FROM orders
        WHERE paid_day BETWEEN ${from}::date AND ${asOf}::date AND status <> 'cancelled' GROUP BY consumer_id`.execute(
        k,
      ),
      sql<{ id: string; merchantId: string; l1: string | null }>`
        SELECT s.id, s.merchant_id AS "merchantId", m.l1 FROM stores s LEFT JOIN ${catmap} m ON m.id = s.main_category_id`.execute(
        k,
      ),
      // A plan's best base rate: its default when it covers the whole catalog, else its best product rate.
      sql<{
        merchantId: string;
        kind: 'open' | 'targeted' | 'exclusive';
        creatorId: string | null;
        rateBp: number;
      }>`
        SELECT p.merchant_id AS "merchantId", p.kind, x.party_id AS "creatorId",
          COALESCE((SELECT MAX(rate_bp) FROM commission_plan_products pp WHERE pp.plan_id = p.id), p.default_rate_bp)::int AS "rateBp"
        FROM commission_plans p
        LEFT JOIN commission_plan_parties x ON x.plan_id = p.id AND x.party_type = 'creator' AND p.kind <> 'open'
        WHERE p.status = 'active' AND p.starts_at < ${endAt} AND (p.ends_at IS NULL OR p.ends_at >= ${endAt})`.execute(
        k,
      ),
    ]);
  return {
    asOf,
    categories: categories.rows,
    creators: creators.rows.map((r) => ({ ...r, followers: Number(r.followers) })),
    sales: sales.rows.map((r) => ({ ...r, gmv: Number(r.gmv) })),
    sessions: sessions.rows.map((r) => ({ ...r, views: Number(r.views), gmv: Number(r.gmv) })),
    wom: wom.rows.map((r) => ({ creatorId: r.creatorId, score: Number(r.score) })),
    exclusive: exclusive.rows,
    audience: audience.rows,
    purchases: purchases.rows,
    stores: stores.rows,
    plans: plans.rows,
  };
}

export async function loadMatchIndex(db: Database, asOf: string, timeZone: string): Promise<MatchIndex> {
  return buildMatchIndex(await loadMatchData(db, asOf, timeZone), Date.now());
}
