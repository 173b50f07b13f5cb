import type { Tx } from '../../core/db.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { hookPoint } from '../../core/hooks.ts';
import type { Order } from './domain/schemas.ts';

/** An order record about to be created, as an order-create hook sees it. */
export interface NewOrder {
  /** Index of the record in its batch. */
  index: number;
  order: Order;
  merchantId: string;
}

/**
 * Another capability's part in creating orders, inside the creating transaction (pricing locks the quote an
 * order names). `prepare` may read and lock but must not write: it returns the issues of the records it
 * refuses (they are rejected like any invalid record) and a `write` that runs after the orders and their lines
 * are inserted, for the records actually created. A refusal rolls nothing back because nothing was written.
 */
export interface OrderCreateHook {
  name: string;
  /** Whether the hook has anything to do for this record (only those are passed to prepare). */
  wants(o: Order): boolean;
  prepare(
    trx: Tx,
    orders: NewOrder[],
  ): Promise<{ issues: Map<number, FieldIssue[]>; write(created: NewOrder[]): Promise<void> }>;
}

/** Where order-create hooks are registered (`ctx.hooks.add(ORDER_CREATE_HOOKS, hook)`). */
export const ORDER_CREATE_HOOKS = hookPoint<OrderCreateHook>('marketplace.order_create');
