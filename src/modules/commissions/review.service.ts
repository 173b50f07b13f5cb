import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { conflict, notFound } from '../../core/errors.ts';
import * as repo from './commissions.repo.ts';
import { LedgerBatch } from './ledger.batch.ts';
import { lockOrders } from './sync.repo.ts';
import { settledUpTo } from './settlement.service.ts';
import { reprice } from './sync.service.ts';

export interface ReviewItem {
  orderId: string;
  lineNo: number;
  merchantId: string;
  partyType: string | null;
  partyId: string | null;
  productId: string;
  quantity: number;
  commission: number;
  reasons: string[];
  status: string;
  paidAt: string;
}

/** Lines held for review (oldest first), for operators. */
export async function reviewQueue(
  db: Db,
  q: { limit: number; after?: string },
): Promise<{ items: ReviewItem[] }> {
  const r = await sql<
    Record<string, unknown>
  >`SELECT order_id, line_no, merchant_id, party_type, party_id, product_id,
      quantity, commission, review_reasons, status, paid_at FROM commission_lines
    WHERE review = 'pending' AND (${q.after ?? null}::text IS NULL OR order_id > ${q.after ?? null})
    ORDER BY order_id, line_no LIMIT ${q.limit}`.execute(db);
  return {
    items: r.rows.map((x) => ({
      orderId: x.order_id as string,
      lineNo: x.line_no as number,
      merchantId: x.merchant_id as string,
      partyType: x.party_type as string | null,
      partyId: x.party_id as string | null,
      productId: x.product_id as string,
      quantity: x.quantity as number,
      commission: Number(x.commission),
      reasons: x.review_reasons as string[],
      status: x.status as string,
      paidAt: new Date(x.paid_at as string).toISOString(),
    })),
  };
}

/**
 * An operator's decision on a held line: `clear` releases it for settlement unchanged; `confirm` invalidates its
 * commission (reason: the first fraud rule it broke) and moves the money back to the merchant in the ledger, like
 * a refund would. Deciding the same way twice is a no-op; deciding the other way after a decision is a 409.
 */
export async function decide(
  db: Db,
  orderId: string,
  lineNo: number,
  action: 'clear' | 'confirm',
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    await lockOrders(trx, [orderId]);
    const floor = await settledUpTo(trx);
    const { orders, lines } = await repo.loadCommissions(trx, [orderId], true);
    const order = orders.get(orderId);
    const line = lines.get(orderId)?.find((l) => l.lineNo === lineNo);
    if (!order || !line) throw notFound(`there is no commission line ${orderId}#${lineNo}`);
    const want = action === 'clear' ? 'cleared' : 'confirmed';
    if (line.review === want) return { orderId, lineNo, review: want, replayed: true };
    if (line.review !== 'pending')
      throw conflict(`line ${orderId}#${lineNo} is not in review (review: ${line.review ?? 'none'})`, [
        { field: 'action', reason: `the line's review is ${line.review ?? 'none'}` },
      ]);
    const state = { order, lines: lines.get(orderId)!, fresh: false };
    if (action === 'confirm') {
      const ledger = new LedgerBatch();
      const adjustments: Parameters<typeof repo.insertAdjustments>[1] = [];
      reprice(state, ledger, adjustments, `fraud:${lineNo}`, now, () => {
        line.status = 'invalid';
        line.invalidReason = line.reviewReasons[0] ?? 'self_purchase';
      });
      await ledger.flush(trx);
      await repo.insertAdjustments(trx, adjustments);
    }
    line.review = want;
    // Held lines were left out of earlier runs: released now, the line settles in the next one.
    if (line.settleableAt !== null) line.settleableAt = Math.max(line.settleableAt, floor);
    await repo.saveOrders(trx, [state.order]);
    await repo.saveLines(trx, state.lines);
    return { orderId, lineNo, review: want, replayed: false };
  });
}
