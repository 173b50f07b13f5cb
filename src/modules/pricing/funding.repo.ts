import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';

/**
 * The discount the platform funded on each order line (platform coupons, platform offers, points), keyed
 * `<orderId>#<lineNo>`: commissions credit it to the merchant as a subsidy. Lines without platform money are absent.
 */
export async function platformFundedByLine(db: Db | Tx, orderIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!orderIds.length) return out;
  const rows = await sql<{ order_id: string; line_no: number; funded: number }>`
    SELECT order_id, line_no, sum(platform_funded)::bigint AS funded FROM pricing_allocations
    WHERE order_id = ANY(${orderIds}::text[]) AND platform_funded > 0 GROUP BY order_id, line_no`.execute(db);
  for (const r of rows.rows) out.set(`${r.order_id}#${r.line_no}`, Number(r.funded));
  return out;
}
