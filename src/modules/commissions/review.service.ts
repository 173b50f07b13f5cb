import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { conflict, notFound, unprocessable } from '../../core/errors.ts';
import * as repo from './commissions.repo.ts';
import { LedgerBatch } from './ledger.batch.ts';
import { partyNames } from './names.ts';
import { lockOrders } from './sync.repo.ts';
import { settledUpTo } from './settlement.service.ts';
import { reprice } from './sync.service.ts';

/** The longest decision reason kept. */
export const REASON_MAX = 500;

export interface ReviewDecision {
  action: 'clear' | 'confirm';
  reason: string;
  decidedBy: string;
  decidedByRole: string;
  /** The console user's display name or the API key's label, when known. */
  decidedByName: string | null;
  decidedAt: string;
}

export interface ReviewItem {
  orderId: string;
  lineNo: number;
  merchantId: string;
  merchantName: string | null;
  partyType: string | null;
  partyId: string | null;
  partyName: string | null;
  productId: string;
  productTitle: string | null;
  storeId: string | null;
  storeName: string | null;
  quantity: number;
  commission: number;
  reasons: string[];
  status: string;
  /** pending, cleared or confirmed. */
  review: string;
  paidAt: string;
  decision: ReviewDecision | null;
}

const party = partyNames(sql`c.party_type`, sql`c.party_id`, 'pn');

/** One SELECT for the queue and the detail: the line with names beside ids and its decision. */
const SELECT = sql`SELECT c.order_id, c.line_no, c.merchant_id, m.name AS merchant_name, c.party_type, c.party_id,
    ${party.name} AS party_name, c.product_id, p.title AS product_title, p.store_id, s.name AS store_name,
    c.quantity, c.commission, c.review_reasons, c.status, c.review, c.paid_at,
    d.action, d.reason, d.decided_by, d.decided_by_role, d.decided_at,
    coalesce(u.display_name, k.label) AS decided_by_name
  FROM commission_lines c
  LEFT JOIN merchants m ON m.id = c.merchant_id
  LEFT JOIN products p ON p.id = c.product_id
  LEFT JOIN stores s ON s.id = p.store_id
  ${party.joins}
  LEFT JOIN commission_review_decisions d ON d.order_id = c.order_id AND d.line_no = c.line_no
  LEFT JOIN console_users u ON u.id = d.decided_by
  LEFT JOIN api_keys k ON k.id = d.decided_by`;

const iso = (v: unknown) => new Date(v as string).toISOString();
const itemOf = (x: Record<string, unknown>): ReviewItem => ({
  orderId: x.order_id as string,
  lineNo: x.line_no as number,
  merchantId: x.merchant_id as string,
  merchantName: (x.merchant_name as string | null) ?? null,
  partyType: x.party_type as string | null,
  partyId: x.party_id as string | null,
  partyName: (x.party_name as string | null) ?? null,
  productId: x.product_id as string,
  productTitle: (x.product_title as string | null) ?? null,
  storeId: (x.store_id as string | null) ?? null,
  storeName: (x.store_name as string | null) ?? null,
  quantity: x.quantity as number,
  commission: Number(x.commission),
  reasons: x.review_reasons as string[],
  status: x.status as string,
  review: x.review as string,
  paidAt: iso(x.paid_at),
  decision: x.action
    ? {
        action: x.action as 'clear' | 'confirm',
        reason: x.reason as string,
        decidedBy: x.decided_by as string,
        decidedByRole: x.decided_by_role as string,
        decidedByName: (x.decided_by_name as string | null) ?? null,
        decidedAt: iso(x.decided_at),
      }
    : null,
});

/**
 * Lines held for review (`pending`, oldest first, cursor `after` = the last order id), or the decided ones
 * (`decided`, latest decision first, paged by offset), for operators.
 */
export async function reviewQueue(
  db: Db,
  q: { limit: number; after?: string; status?: 'pending' | 'decided'; offset?: number },
): Promise<{ items: ReviewItem[] }> {
  if (q.status === 'decided') {
    const r = await sql<Record<string, unknown>>`${SELECT}
      WHERE d.order_id IS NOT NULL ORDER BY d.decided_at DESC, c.order_id, c.line_no
      LIMIT ${q.limit} OFFSET ${q.offset ?? 0}`.execute(db);
    return { items: r.rows.map(itemOf) };
  }
  const r = await sql<Record<string, unknown>>`${SELECT}
    WHERE c.review = 'pending' AND (${q.after ?? null}::text IS NULL OR c.order_id > ${q.after ?? null})
    ORDER BY c.order_id, c.line_no LIMIT ${q.limit}`.execute(db);
  return { items: r.rows.map(itemOf) };
}

/** One reviewed (or held) line with its decision; 404 when the line was never held. */
export async function reviewItem(db: Db, orderId: string, lineNo: number): Promise<ReviewItem> {
  const r = await sql<Record<string, unknown>>`${SELECT}
    WHERE c.order_id = ${orderId} AND c.line_no = ${lineNo} AND c.review IS NOT NULL`.execute(db);
  if (!r.rows[0]) throw notFound(`commission line ${orderId}#${lineNo} was never held for review`);
  return itemOf(r.rows[0]);
}

/** The decision's reason, trimmed: required, at most REASON_MAX characters (422 naming `reason`). */
export function checkReason(reason: unknown): string {
  const s = typeof reason === 'string' ? reason.trim() : '';
  if (!s)
    throw unprocessable('a review decision needs a reason', [
      { field: 'reason', reason: 'is required', code: 'reason_required' },
    ]);
  if ([...s].length > REASON_MAX)
    throw unprocessable(`the reason is longer than ${REASON_MAX} characters`, [
      {
        field: 'reason',
        reason: `must be at most ${REASON_MAX} characters`,
        code: 'reason_too_long',
        params: { max: REASON_MAX },
      },
    ]);
  return s;
}

/**
 * An operator's decision on a held line, with its reason: `clear` releases it for settlement unchanged;
 * `confirm` invalidates its commission (invalid reason: the first fraud rule it broke) and moves the money back
 * to the merchant in the ledger, like a refund would. The reason, who decided and when are stored beside the
 * line. Deciding the same way twice is a no-op (the first reason stays); deciding the other way after a
 * decision is a 409.
 */
export async function decide(
  db: Db,
  orderId: string,
  lineNo: number,
  action: 'clear' | 'confirm',
  now: Date,
  by: Pick<Principal, 'subject' | 'role'>,
  reasonIn: unknown,
) {
  const reason = checkReason(reasonIn);
  const done = await db.transaction().execute(async (trx) => {
    await lockOrders(trx, [orderId]);
    const floor = await settledUpTo(trx);
    const { orders, lines } = await repo.loadCommissions(trx, [orderId], true);
    const order = orders.get(orderId);
    const line = lines.get(orderId)?.find((l) => l.lineNo === lineNo);
    if (!order || !line) throw notFound(`there is no commission line ${orderId}#${lineNo}`);
    const want = action === 'clear' ? 'cleared' : 'confirmed';
    if (line.review === want) return { review: want, replayed: true };
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
    await sql`INSERT INTO commission_review_decisions
        (order_id, line_no, action, reason, decided_by, decided_by_role, decided_at)
      VALUES (${orderId}, ${lineNo}, ${action}, ${reason}, ${by.subject}, ${by.role}, ${now})
      ON CONFLICT DO NOTHING`.execute(trx);
    return { review: want, replayed: false };
  });
  const item = await reviewItem(db, orderId, lineNo);
  return { orderId, lineNo, review: done.review, replayed: done.replayed, decision: item.decision };
}
