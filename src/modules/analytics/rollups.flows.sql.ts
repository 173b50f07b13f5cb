import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { domainSql } from './domain/sources.ts';
import { type DaySlice, storeFilter } from './rollups.sql.ts';

const DOMAIN_O = sql.raw(domainSql('o'));
const DOMAIN_P = sql.raw(domainSql('p'));

/**
 * All-domain flows of a day: each paid order by the domain of the same buyer's previous paid order in the store
 * (one index probe per order through orders_consumer) and its own domain.
 */
export async function domainFlowDay(db: Db, s: DaySlice): Promise<void> {
  await sql`DELETE FROM an_domain_flow_day WHERE day = ${s.day}::date ${storeFilter('store_id', s)}`.execute(
    db,
  );
  await sql`INSERT INTO an_domain_flow_day (store_id, day, from_domain, to_domain, merchant_id, orders, buyers, gmv)
    SELECT o.store_id, ${s.day}::date, coalesce(prev.domain, 'new'), ${DOMAIN_O}, min(o.merchant_id),
      count(*)::int, count(DISTINCT o.consumer_id)::int, sum(o.pay_amount)::bigint
    FROM orders o
    LEFT JOIN LATERAL (
      SELECT ${DOMAIN_P} AS domain FROM orders p
      WHERE p.consumer_id = o.consumer_id AND p.store_id = o.store_id AND p.paid_at IS NOT NULL
        AND (p.paid_at, p.id) < (o.paid_at, o.id)
      ORDER BY p.paid_at DESC, p.id DESC LIMIT 1
    ) prev ON true
    WHERE o.paid_day = ${s.day}::date ${storeFilter('o.store_id', s)}
    GROUP BY 1, 3, 4`.execute(db);
}

/** The marketplace's day totals from its store rows (after them). */
export async function marketTotalDay(db: Db, day: string): Promise<void> {
  await sql`DELETE FROM an_market_total_day WHERE day = ${day}::date`.execute(db);
  await sql`INSERT INTO an_market_total_day (day, gmv, orders, buyers, visitors, units, refunds, refund_amount,
      active_stores, active_merchants)
    SELECT ${day}::date, coalesce(sum(gmv), 0)::bigint, coalesce(sum(orders), 0)::int, coalesce(sum(buyers), 0)::int,
      coalesce(sum(visitors), 0)::int, coalesce(sum(units), 0)::int, coalesce(sum(refunds), 0)::int,
      coalesce(sum(refund_amount), 0)::bigint, count(*) FILTER (WHERE orders > 0)::int,
      count(DISTINCT merchant_id) FILTER (WHERE orders > 0)::int
    FROM an_store_day WHERE day = ${day}::date`.execute(db);
}
