import type { FieldIssue } from '../../../core/errors.ts';
import { termsFingerprint } from './fingerprint.ts';
import type { Order } from './schemas.ts';
import type { OrderStatus } from './vocab.ts';

/** What ingestion already knows about an order (the stored state it must move forward from). */
export interface StoredOrder {
  id: string;
  status: OrderStatus;
  storeId: string;
  consumerId: string;
  itemsAmount: number;
  discountAmount: number;
  shippingFee: number;
  payAmount: number;
  createdAt: string;
  /** Canonical fingerprint of lines and source: these never change after creation. */
  fingerprint: string;
  timestamps: Partial<Record<TimestampField, string>>;
  paymentIds: string[];
}

export type TimestampField =
  | 'depositPaidAt'
  | 'paidAt'
  | 'shippedAt'
  | 'collectedAt'
  | 'deliveredAt'
  | 'completedAt'
  | 'cancelledAt';

/** Forward order of the lifecycle; cancelled is terminal and reachable before shipping only. */
const RANK: Record<OrderStatus, number> = {
  created: 0,
  deposit_paid: 1,
  paid: 2,
  shipped: 3,
  delivered: 4,
  completed: 5,
  cancelled: 9,
};
const REQUIRED_TS: Partial<Record<OrderStatus, TimestampField[]>> = {
  deposit_paid: ['depositPaidAt'],
  paid: ['paidAt'],
  shipped: ['paidAt', 'shippedAt'],
  delivered: ['paidAt', 'shippedAt', 'deliveredAt'],
  completed: ['paidAt', 'shippedAt', 'deliveredAt', 'completedAt'],
  cancelled: ['cancelledAt'],
};
/** Timestamps that must not decrease along the lifecycle. */
const SEQUENCE: TimestampField[] = [
  'depositPaidAt',
  'paidAt',
  'shippedAt',
  'collectedAt',
  'deliveredAt',
  'completedAt',
];

export function orderFingerprint(o: Order): string {
  return termsFingerprint({ lines: o.lines, source: o.source, parentId: o.parentId, presale: o.presale });
}

/**
 * Checks an order record on its own: amounts add up to the fen, timestamps fit the status,
 * payments match what was due, and the source names what its channel needs.
 */
export function checkOrderRecord(o: Order): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, reason: string) => issues.push({ field, reason });

  const seen = new Set<number>();
  let items = 0;
  let discount = 0;
  o.lines.forEach((l, i) => {
    if (seen.has(l.lineNo)) add(`lines.${i}.lineNo`, `duplicates line ${l.lineNo}`);
    seen.add(l.lineNo);
    const amount = l.quantity * l.unitPrice;
    if (!Number.isSafeInteger(amount)) add(`lines.${i}`, 'quantity × unitPrice is too large');
    if (l.discount > amount)
      add(`lines.${i}.discount`, `discount ${l.discount} exceeds the line amount ${amount}`);
    items += amount;
    discount += l.discount;
  });
  if (items !== o.itemsAmount) add('itemsAmount', `is ${o.itemsAmount} but the lines add up to ${items}`);
  if (discount !== o.discountAmount)
    add('discountAmount', `is ${o.discountAmount} but the line discounts add up to ${discount}`);
  const due = o.itemsAmount - o.discountAmount + o.shippingFee;
  if (o.payAmount !== due)
    add('payAmount', `is ${o.payAmount} but itemsAmount − discountAmount + shippingFee = ${due}`);

  if (o.presale) {
    if (o.presale.depositAmount + o.presale.balanceAmount !== o.payAmount) {
      add('presale', `depositAmount + balanceAmount must equal payAmount ${o.payAmount}`);
    }
  } else if (o.status === 'deposit_paid' || o.depositPaidAt) {
    add('status', 'deposit_paid needs a presale block');
  }

  for (const f of REQUIRED_TS[o.status] ?? []) if (!o[f]) add(f, `is required when status is ${o.status}`);
  if (o.presale && RANK[o.status] >= RANK.paid && o.status !== 'cancelled' && !o.depositPaidAt)
    add('depositPaidAt', 'is required for a paid presale order');
  if (o.status !== 'cancelled' && o.cancelledAt)
    add('cancelledAt', `must be absent when status is ${o.status}`);
  // A state's later timestamps must be absent: an order can't be delivered while "paid".
  const allowed = new Set(REQUIRED_TS[o.status] ?? []);
  if (o.status === 'cancelled') for (const f of ['depositPaidAt', 'paidAt'] as const) allowed.add(f);
  if (o.presale) allowed.add('depositPaidAt');
  if (RANK[o.status] >= RANK.shipped && o.status !== 'cancelled') allowed.add('collectedAt');
  for (const f of SEQUENCE) if (o[f] && !allowed.has(f)) add(f, `must be absent when status is ${o.status}`);
  if (o.status === 'cancelled' && (o.shippedAt || o.deliveredAt || o.completedAt))
    add('status', 'a shipped order cannot be cancelled; use an after-sale');

  let prev = o.createdAt;
  let prevField = 'createdAt';
  for (const f of SEQUENCE) {
    const t = o[f];
    if (!t) continue;
    if (Date.parse(t) < Date.parse(prev)) add(f, `is earlier than ${prevField}`);
    prev = t;
    prevField = f;
  }
  if (o.cancelledAt && Date.parse(o.cancelledAt) < Date.parse(o.createdAt))
    add('cancelledAt', 'is earlier than createdAt');

  const pays = o.payments ?? [];
  const paid = pays.reduce((s, p) => s + p.amount, 0);
  for (const [i, p] of pays.entries()) {
    if (o.presale && p.kind === 'full')
      add(`payments.${i}.kind`, 'a presale order is paid by deposit and balance');
    if (!o.presale && p.kind !== 'full') add(`payments.${i}.kind`, `${p.kind} payments need a presale block`);
  }
  const isPaid = o.paidAt !== undefined;
  if (isPaid && paid !== o.payAmount) add('payments', `add up to ${paid} but payAmount is ${o.payAmount}`);
  if (!isPaid && o.presale && o.depositPaidAt) {
    const dep = pays.filter((p) => p.kind === 'deposit').reduce((s, p) => s + p.amount, 0);
    if (dep !== o.presale.depositAmount)
      add('payments', `deposit payments add up to ${dep} but depositAmount is ${o.presale.depositAmount}`);
  }
  if (!isPaid && !o.depositPaidAt && pays.length > 0) add('payments', 'an unpaid order has no payments');

  const s = o.source;
  if (s.channel === 'creator' && !s.creatorId) add('source.creatorId', 'is required for channel creator');
  if (s.channel === 'promoter' && !s.promoterId) add('source.promoterId', 'is required for channel promoter');
  if (s.channel === 'self_live' && !s.liveSessionId)
    add('source.liveSessionId', 'is required for channel self_live');
  if (s.scene === 'live' && !s.liveSessionId) add('source.liveSessionId', 'is required for scene live');
  if (s.channel === 'joint' && !s.campaignId) add('source.campaignId', 'is required for channel joint');
  if (s.channel === 'ad' && !s.adId) add('source.adId', 'is required for channel ad');
  return issues;
}

export type OrderDecision =
  | { kind: 'insert' }
  | { kind: 'update'; from: OrderStatus }
  | { kind: 'unchanged' };

/**
 * Decides how a valid record moves a stored order: creation, a forward transition, or a repeat.
 * What an order was created with never changes; the lifecycle never goes back.
 */
export function decideOrder(o: Order, stored: StoredOrder | undefined, issues: FieldIssue[]): OrderDecision {
  if (!stored) return { kind: 'insert' };
  const add = (field: string, reason: string) => issues.push({ field, reason });
  if (o.storeId !== stored.storeId)
    add('storeId', `was ${stored.storeId} when the order was created; it cannot change`);
  if (o.consumerId !== stored.consumerId) add('consumerId', 'cannot change after creation');
  if (Date.parse(o.createdAt) !== Date.parse(stored.createdAt))
    add('createdAt', 'cannot change after creation');
  for (const f of ['itemsAmount', 'discountAmount', 'shippingFee', 'payAmount'] as const) {
    if (o[f] !== stored[f]) add(f, `was ${stored[f]}; amounts cannot change after creation`);
  }
  if (orderFingerprint(o) !== stored.fingerprint)
    add('lines', 'lines, source and presale terms cannot change after creation');
  for (const [f, t] of Object.entries(stored.timestamps) as [TimestampField, string][]) {
    const now = o[f];
    if (now === undefined) {
      if (o.status !== 'cancelled') add(f, `was ${t} and cannot be removed`);
    } else if (Date.parse(now) !== Date.parse(t)) add(f, `was ${t} and cannot change`);
  }
  for (const id of stored.paymentIds)
    if (!(o.payments ?? []).some((p) => p.id === id))
      add('payments', `payment ${id} was recorded and cannot be removed`);
  if (issues.length) return { kind: 'unchanged' };
  if (o.status === stored.status) {
    const sameTs = SEQUENCE.every((f) => (o[f] ? 1 : 0) === (stored.timestamps[f] ? 1 : 0));
    const samePays = (o.payments ?? []).length === stored.paymentIds.length;
    return sameTs && samePays ? { kind: 'unchanged' } : { kind: 'update', from: stored.status };
  }
  if (!canMove(stored.status, o.status)) add('status', `cannot go from ${stored.status} to ${o.status}`);
  return issues.length ? { kind: 'unchanged' } : { kind: 'update', from: stored.status };
}

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return true;
  if (from === 'cancelled' || from === 'completed') return false;
  if (to === 'cancelled') return RANK[from] <= RANK.paid;
  return RANK[to] > RANK[from];
}
