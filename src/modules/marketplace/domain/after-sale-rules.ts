import type { FieldIssue } from '../../../core/errors.ts';
import type { AfterSale } from './schemas.ts';
import type { AfterSaleStatus } from './vocab.ts';

const NEXT: Record<AfterSaleStatus, AfterSaleStatus[]> = {
  requested: ['approved', 'rejected', 'closed', 'refunded'],
  approved: ['refunded', 'closed'],
  // A rejected request can still be approved when the platform intervenes (仲裁).
  rejected: ['approved', 'refunded', 'closed'],
  refunded: [],
  closed: [],
};

export function canMoveAfterSale(from: AfterSaleStatus, to: AfterSaleStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export interface AfterSaleContext {
  orderStatus: string;
  orderPaid: boolean;
  /** Paid amount of the line (or of the whole order when no lineNo). */
  refundable: number;
  /** Amount already claimed by other live (not rejected/closed) after-sales on the same line or order. */
  alreadyClaimed: number;
  lineExists: boolean;
  stored?: {
    status: AfterSaleStatus;
    amount: number;
    orderId: string;
    lineNo: number | null;
    requestedAt: string;
  };
}

export function checkAfterSale(a: AfterSale, c: AfterSaleContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, reason: string) => issues.push({ field, reason });
  if (!c.orderPaid) add('orderId', `order is ${c.orderStatus}: after-sales need a paid order`);
  if (a.lineNo !== undefined && !c.lineExists) add('lineNo', `order ${a.orderId} has no line ${a.lineNo}`);
  const live = a.status !== 'rejected' && a.status !== 'closed';
  if (live && a.amount + c.alreadyClaimed > c.refundable) {
    add(
      'amount',
      `${a.amount} plus ${c.alreadyClaimed} already claimed exceeds the refundable ${c.refundable}`,
    );
  }
  if (a.status === 'refunded' && !a.refundedAt) add('refundedAt', 'is required when status is refunded');
  if (a.status !== 'refunded' && a.refundedAt) add('refundedAt', `must be absent when status is ${a.status}`);
  if (
    (a.status === 'approved' ||
      a.status === 'rejected' ||
      a.status === 'closed' ||
      a.status === 'refunded') &&
    !a.resolvedAt
  ) {
    add('resolvedAt', `is required when status is ${a.status}`);
  }
  if (a.resolvedAt && Date.parse(a.resolvedAt) < Date.parse(a.requestedAt))
    add('resolvedAt', 'is earlier than requestedAt');
  if (a.refundedAt && Date.parse(a.refundedAt) < Date.parse(a.requestedAt))
    add('refundedAt', 'is earlier than requestedAt');
  const s = c.stored;
  if (s) {
    if (s.orderId !== a.orderId) add('orderId', 'cannot change');
    if ((s.lineNo ?? undefined) !== a.lineNo) add('lineNo', 'cannot change');
    if (s.amount !== a.amount) add('amount', `was ${s.amount}; it cannot change`);
    if (Date.parse(s.requestedAt) !== Date.parse(a.requestedAt)) add('requestedAt', 'cannot change');
    if (!canMoveAfterSale(s.status, a.status)) add('status', `cannot go from ${s.status} to ${a.status}`);
  }
  return issues;
}
