import { expect, test } from 'vitest';
import type { OutboxEvent } from '../../core/outbox.ts';
import { orderIdsOf } from './sync.service.ts';

const ev = (topic: string, aggregateId: string, payload: object): OutboxEvent => ({
  id: 1,
  topic,
  aggregateId,
  payload,
  createdAt: new Date(),
});

test('the orders a batch is about: status moves within a phase are skipped, refunds name their order', () => {
  expect(
    orderIdsOf([
      ev('order.created', 'a', { status: 'created' }),
      ev('order.status_changed', 'b', { from: 'paid', status: 'shipped' }),
      ev('order.status_changed', 'c', { from: 'created', status: 'shipped' }),
      ev('order.status_changed', 'd', { from: 'delivered', status: 'completed' }),
      ev('order.status_changed', 'e', { from: 'shipped', status: 'delivered' }),
      ev('order.status_changed', 'f', { from: 'paid', status: 'cancelled' }),
      ev('order.status_changed', 'g', { status: 'paid' }),
      ev('after_sale.changed', 'as1', { orderId: 'h', status: 'refunded' }),
      ev('order.created', 'a', { status: 'paid' }),
    ]).sort(),
  ).toEqual(['a', 'c', 'e', 'f', 'g', 'h']);
});
