import { describe, expect, test } from 'vitest';
import { canMove, checkOrderRecord, decideOrder, orderFingerprint, type StoredOrder } from './order-rules.ts';
import type { Order } from './schemas.ts';

const base: Order = {
  id: 'o1',
  storeId: 's1',
  consumerId: 'u1',
  status: 'paid',
  source: { scene: 'search', channel: 'organic' },
  lines: [
    { lineNo: 1, skuId: 'k1', quantity: 2, unitPrice: 3990, discount: 500 },
    { lineNo: 2, skuId: 'k2', quantity: 1, unitPrice: 1000, discount: 0 },
  ],
  itemsAmount: 8980,
  discountAmount: 500,
  shippingFee: 600,
  payAmount: 9080,
  payments: [{ id: 'pay1', kind: 'full', amount: 9080, paidAt: '2026-11-01T00:05:00Z' }],
  createdAt: '2026-11-01T00:00:00Z',
  paidAt: '2026-11-01T00:05:00Z',
};
const fields = (o: Order) => checkOrderRecord(o).map((i) => i.field);

describe('checkOrderRecord', () => {
  test('a consistent paid order has no issues', () => expect(checkOrderRecord(base)).toEqual([]));
  test('amounts must add up to the fen', () => {
    expect(fields({ ...base, itemsAmount: 8981 })).toContain('itemsAmount');
    expect(fields({ ...base, discountAmount: 499 })).toContain('discountAmount');
    expect(fields({ ...base, payAmount: 9081 })).toContain('payAmount');
    expect(fields({ ...base, lines: [{ ...base.lines[0]!, discount: 9000 }, base.lines[1]!] })).toContain(
      'lines.0.discount',
    );
  });
  test('payments must cover a paid order exactly', () => {
    expect(
      fields({ ...base, payments: [{ id: 'p', kind: 'full', amount: 100, paidAt: base.paidAt! }] }),
    ).toContain('payments');
    expect(fields({ ...base, status: 'created', paidAt: undefined })).toContain('payments');
  });
  test('status needs its timestamps, in order, and no later ones', () => {
    expect(fields({ ...base, status: 'shipped' })).toContain('shippedAt');
    expect(fields({ ...base, paidAt: '2026-10-31T00:00:00Z', payments: base.payments })).toContain('paidAt');
    expect(fields({ ...base, deliveredAt: '2026-11-03T00:00:00Z' })).toContain('deliveredAt');
    expect(
      fields({
        ...base,
        status: 'cancelled',
        shippedAt: '2026-11-02T00:00:00Z',
        cancelledAt: '2026-11-02T00:00:00Z',
      }),
    ).toContain('status');
  });
  test('duplicate line numbers and channel requirements', () => {
    expect(fields({ ...base, lines: [base.lines[0]!, { ...base.lines[1]!, lineNo: 1 }] })).toContain(
      'lines.1.lineNo',
    );
    expect(fields({ ...base, source: { scene: 'share', channel: 'promoter' } })).toContain(
      'source.promoterId',
    );
    expect(fields({ ...base, source: { scene: 'live', channel: 'creator', creatorId: 'cr1' } })).toContain(
      'source.liveSessionId',
    );
  });
  test('presale: deposit + balance = pay amount; deposit payments before the balance', () => {
    const presale: Order = {
      ...base,
      status: 'deposit_paid',
      paidAt: undefined,
      presale: { depositAmount: 1000, balanceAmount: 8080 },
      depositPaidAt: '2026-11-01T00:01:00Z',
      payments: [{ id: 'd1', kind: 'deposit', amount: 1000, paidAt: '2026-11-01T00:01:00Z' }],
    };
    expect(checkOrderRecord(presale)).toEqual([]);
    expect(fields({ ...presale, presale: { depositAmount: 1000, balanceAmount: 1 } })).toContain('presale');
    expect(
      fields({
        ...presale,
        payments: [{ id: 'd1', kind: 'full', amount: 1000, paidAt: '2026-11-01T00:01:00Z' }],
      }),
    ).toContain('payments.0.kind');
  });
});

describe('decideOrder', () => {
  const stored = (o: Order, extra: Partial<StoredOrder> = {}): StoredOrder => ({
    id: o.id,
    status: o.status,
    storeId: o.storeId,
    consumerId: o.consumerId,
    itemsAmount: o.itemsAmount,
    discountAmount: o.discountAmount,
    shippingFee: o.shippingFee,
    payAmount: o.payAmount,
    createdAt: o.createdAt,
    fingerprint: orderFingerprint(o),
    timestamps: { paidAt: o.paidAt! },
    paymentIds: ['pay1'],
    ...extra,
  });
  test('new, repeat, forward', () => {
    expect(decideOrder(base, undefined, []).kind).toBe('insert');
    expect(decideOrder(base, stored(base), []).kind).toBe('unchanged');
    const shipped = { ...base, status: 'shipped' as const, shippedAt: '2026-11-02T00:00:00Z' };
    expect(decideOrder(shipped, stored(base), [])).toEqual({ kind: 'update', from: 'paid' });
  });
  test('no going back, no changing what the order was created with', () => {
    const issues: { field: string }[] = [];
    decideOrder(
      { ...base, status: 'created', paidAt: undefined, payments: [] },
      stored(base, { status: 'shipped' }),
      issues as never,
    );
    expect(issues.map((i) => i.field)).toContain('paidAt');
    const i2: { field: string }[] = [];
    decideOrder(
      {
        ...base,
        lines: [{ ...base.lines[0]!, quantity: 3, discount: 500 }, base.lines[1]!],
        itemsAmount: 12970,
        payAmount: 13070,
      },
      stored(base),
      i2 as never,
    );
    expect(i2.map((i) => i.field)).toEqual(expect.arrayContaining(['itemsAmount', 'lines']));
  });
  test('lifecycle moves', () => {
    expect(canMove('paid', 'shipped')).toBe(true);
    expect(canMove('paid', 'completed')).toBe(true);
    expect(canMove('shipped', 'paid')).toBe(false);
    expect(canMove('shipped', 'cancelled')).toBe(false);
    expect(canMove('completed', 'cancelled')).toBe(false);
    expect(canMove('cancelled', 'paid')).toBe(false);
    expect(canMove('created', 'cancelled')).toBe(true);
  });
});
