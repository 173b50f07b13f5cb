import type { Tx } from '../../core/db.ts';
import type { Database, Db } from '../../core/db.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { publish, type NewEvent } from '../../core/outbox.ts';
import { dayResolver } from '../../core/time.ts';
import {
  type BatchOptions,
  type BatchResult,
  finish,
  type RecordResult,
  RetryBatch,
  safeId,
  screen,
} from './batch.ts';
import { termsFingerprint } from './domain/fingerprint.ts';
import {
  checkOrderRecord,
  decideOrder,
  type StoredOrder,
  type TimestampField,
} from './domain/order-rules.ts';
import { type Order, OrderRecord } from './domain/schemas.ts';
import type { NewOrder, OrderCreateHook } from './order-hooks.ts';
import type { EventsWrittenHook } from './event-hooks.ts';
import * as repo from './orders.repo.ts';

const TS_FIELDS: TimestampField[] = [
  'depositPaidAt',
  'paidAt',
  'shippedAt',
  'collectedAt',
  'deliveredAt',
  'completedAt',
  'cancelledAt',
];
const TS_COLUMNS = [
  'deposit_paid_at',
  'paid_at',
  'shipped_at',
  'collected_at',
  'delivered_at',
  'completed_at',
  'cancelled_at',
] as const;

const resolvers = new Map<string, (instant: string) => string>();
/** Business day of a payment instant, through the cached quarter-hour resolver (date-fns TZ formatting costs ~25 µs). */
function paidDayOf(instant: string, timeZone: string): string {
  let r = resolvers.get(timeZone);
  if (!r) {
    r = dayResolver(timeZone);
    resolvers.set(timeZone, r);
  }
  return r(instant);
}

export interface IngestEnv {
  db: Db;
  timeZone: string;
  maxBatch: number;
  /**
   * The database itself, for bulk fast paths that need their own connection (COPY of events). Set it only when
   * `db` is the database's own pool, never a transaction: what goes through it is not part of `db`'s transaction.
   */
  database?: Database;
  /** Other capabilities' parts in creating orders (see order-hooks.ts); none = records naming `pricing` are refused. */
  orderHooks?: readonly OrderCreateHook[];
  /** Capabilities following written events (see event-hooks.ts); none = nobody is told. */
  eventHooks?: readonly EventsWrittenHook[];
}

function toStored(
  id: string,
  s: { row: repo.OrderRow; terms: import('./domain/fingerprint.ts').OrderTerms; paymentIds: string[] },
): StoredOrder {
  const timestamps: StoredOrder['timestamps'] = {};
  TS_FIELDS.forEach((f, i) => {
    const v = s.row[TS_COLUMNS[i]!];
    if (v) timestamps[f] = new Date(v).toISOString();
  });
  return {
    id,
    status: s.row.status,
    storeId: s.row.store_id,
    consumerId: s.row.consumer_id,
    itemsAmount: s.row.items_amount,
    discountAmount: s.row.discount_amount,
    shippingFee: s.row.shipping_fee,
    payAmount: s.row.pay_amount,
    createdAt: new Date(s.row.created_at).toISOString(),
    fingerprint: termsFingerprint(s.terms),
    timestamps,
    paymentIds: s.paymentIds,
  };
}

/**
 * Orders arrive as their full current state. A new id creates the order; a known id may only move it
 * forward (created → paid → shipped → delivered → completed, or cancelled before shipping), with
 * nothing it was created with changed. Each change writes an outbox event in the same transaction.
 */
export async function ingestOrders(
  env: IngestEnv,
  records: unknown[],
  opts: BatchOptions = {},
): Promise<BatchResult> {
  const atomic = opts.atomic ?? true;
  const { items, rejected, schemaRejected } = screen<Order>(OrderRecord, records, env.maxBatch, (r) => r.id);
  const valid = items.filter((it) => {
    const issues = checkOrderRecord(it.rec);
    if (issues.length) rejected.set(it.index, issues);
    return issues.length === 0;
  });
  if (atomic && rejected.size) return finish(records, rejected, [], atomic, schemaRejected, safeId);

  for (let attempt = 0; ; attempt++) {
    const rej = new Map(rejected);
    try {
      const results = await env.db.transaction().execute((trx) => writeOrders(trx, env, valid, rej, atomic));
      return finish(records, rej, results, atomic, schemaRejected, safeId);
    } catch (err) {
      if (err instanceof RetryBatch && attempt < 3) continue;
      if (err instanceof RetryBatch) return finish(records, rej, [], atomic, schemaRejected, safeId);
      throw err;
    }
  }
}

async function writeOrders(
  trx: Tx,
  env: IngestEnv,
  valid: { index: number; id: string; rec: Order }[],
  rejected: Map<number, FieldIssue[]>,
  atomic: boolean,
): Promise<RecordResult[]> {
  const stored = await repo.lockOrders(
    trx,
    valid.map((v) => v.id),
  );
  const skuIds = [...new Set(valid.flatMap((v) => v.rec.lines.map((l) => l.skuId)))];
  const [skus, stores, consumers, creators, promoters, payments] = await Promise.all([
    repo.skuRefs(trx, skuIds),
    repo.storeRefs(trx, [...new Set(valid.map((v) => v.rec.storeId))]),
    repo.existingIds(trx, 'consumers', [...new Set(valid.map((v) => v.rec.consumerId))]),
    repo.existingIds(trx, 'creators', [
      ...new Set(valid.flatMap((v) => (v.rec.source.creatorId ? [v.rec.source.creatorId] : []))),
    ]),
    repo.existingIds(trx, 'promoters', [
      ...new Set(valid.flatMap((v) => (v.rec.source.promoterId ? [v.rec.source.promoterId] : []))),
    ]),
    repo.paymentOwners(
      trx,
      valid.flatMap((v) => (v.rec.payments ?? []).map((p) => p.id)),
    ),
  ]);

  const inserts: unknown[][] = [];
  const lines: unknown[][] = [];
  const pays: unknown[][] = [];
  const updates: Parameters<typeof repo.updateOrderStates>[1] = [];
  const events: NewEvent[] = [];
  const results: RecordResult[] = [];
  const creating: (NewOrder & { id: string; paidDay: string | null })[] = [];

  for (const { index, id, rec: o } of valid) {
    const issues: FieldIssue[] = [];
    const merchantId = stores.get(o.storeId);
    if (!merchantId) issues.push({ field: 'storeId', reason: `unknown store ${o.storeId}` });
    if (!consumers.has(o.consumerId))
      issues.push({ field: 'consumerId', reason: `unknown consumer ${o.consumerId}` });
    if (o.source.creatorId && !creators.has(o.source.creatorId))
      issues.push({ field: 'source.creatorId', reason: `unknown creator ${o.source.creatorId}` });
    if (o.source.promoterId && !promoters.has(o.source.promoterId))
      issues.push({ field: 'source.promoterId', reason: `unknown promoter ${o.source.promoterId}` });
    o.lines.forEach((l, i) => {
      const s = skus.get(l.skuId);
      if (!s) issues.push({ field: `lines.${i}.skuId`, reason: `unknown sku ${l.skuId}` });
      else if (s.store_id !== o.storeId)
        issues.push({
          field: `lines.${i}.skuId`,
          reason: `sku ${l.skuId} belongs to store ${s.store_id}, not ${o.storeId}`,
        });
    });
    for (const [i, p] of (o.payments ?? []).entries()) {
      const owner = payments.get(p.id);
      if (owner && owner !== id)
        issues.push({ field: `payments.${i}.id`, reason: `payment ${p.id} belongs to order ${owner}` });
    }
    const prior = stored.get(id);
    const decision = issues.length ? null : decideOrder(o, prior ? toStored(id, prior) : undefined, issues);
    if (issues.length || !decision) {
      rejected.set(index, issues);
      continue;
    }
    const ts = TS_FIELDS.map((f) => o[f] ?? null);
    const paidDay = o.paidAt ? paidDayOf(o.paidAt, env.timeZone) : null;
    if (decision.kind === 'insert') {
      // Written after the create hooks had their say (below).
      creating.push({ index, id, order: o, merchantId: merchantId!, paidDay });
      continue;
    }
    if (decision.kind === 'update') {
      updates.push({
        id,
        status: o.status,
        ts,
        cancelReason: o.cancelReason ?? null,
        carrier: o.shipment?.carrier ?? null,
        trackingNo: o.shipment?.trackingNo ?? null,
        paidDay,
      });
      if (decision.from !== o.status) {
        events.push({
          topic: 'order.status_changed',
          aggregateId: id,
          payload: { ...orderEvent(o, merchantId!), from: decision.from },
        });
      }
      results.push({ index, id, outcome: 'updated' });
    } else {
      results.push({ index, id, outcome: 'unchanged' });
      continue;
    }
    for (const p of o.payments ?? [])
      if (!payments.has(p.id)) pays.push([p.id, id, p.kind, p.amount, p.method, p.paidAt]);
  }
  if (atomic && rejected.size) return [];

  const { created, writes } = await prepareCreates(trx, env, creating, rejected);
  if (atomic && rejected.size) return [];
  const skuOf = (k: string) => ({ productId: skus.get(k)!.product_id, categoryId: skus.get(k)!.category_id });
  for (const { index, id, order: o, merchantId, paidDay } of created) {
    inserts.push(repo.orderRow(o, merchantId, paidDay));
    lines.push(...repo.lineRows(o, skuOf));
    events.push({ topic: 'order.created', aggregateId: id, payload: orderEvent(o, merchantId) });
    results.push({ index, id, outcome: 'created' });
    for (const p of o.payments ?? [])
      if (!payments.has(p.id)) pays.push([p.id, id, p.kind, p.amount, p.method, p.paidAt]);
  }

  const inserted = await repo.insertOrders(trx, inserts);
  if (inserted !== inserts.length) throw new RetryBatch('a concurrent batch created some of these orders');
  await repo.insertLines(trx, lines);
  for (const w of writes) await w(created);
  await repo.updateOrderStates(trx, updates);
  await repo.insertPayments(trx, pays);
  await publish(trx, events);
  return results;
}

/**
 * Gives each create hook the new records it wants; records a hook refuses (or that name `pricing` with no hook
 * to honour it) are rejected. Returns the records to create and the hooks' writes to run once they are inserted.
 */
async function prepareCreates<T extends NewOrder>(
  trx: Tx,
  env: IngestEnv,
  creating: T[],
  rejected: Map<number, FieldIssue[]>,
): Promise<{ created: T[]; writes: ((created: NewOrder[]) => Promise<void>)[] }> {
  const hooks = env.orderHooks ?? [];
  const refused = new Map<number, FieldIssue[]>();
  const writes: ((created: NewOrder[]) => Promise<void>)[] = [];
  for (const c of creating)
    if (c.order.pricing && !hooks.some((h) => h.wants(c.order)))
      refused.set(c.index, [
        { field: 'pricing', reason: 'no pricing module is installed to lock this quote' },
      ]);
  for (const h of hooks) {
    const mine = creating.filter((c) => !refused.has(c.index) && h.wants(c.order));
    if (!mine.length) continue;
    const r = await h.prepare(trx, mine);
    for (const [i, issues] of r.issues) refused.set(i, [...(refused.get(i) ?? []), ...issues]);
    writes.push((created) => r.write(created.filter((c) => h.wants(c.order))));
  }
  for (const [i, issues] of refused) rejected.set(i, issues);
  return { created: creating.filter((c) => !refused.has(c.index)), writes };
}

/** The order as later capabilities (commissions, scoring, analytics) consume it from the outbox. */
function orderEvent(o: Order, merchantId: string) {
  return {
    id: o.id,
    storeId: o.storeId,
    merchantId,
    consumerId: o.consumerId,
    status: o.status,
    payAmount: o.payAmount,
    source: o.source,
    paidAt: o.paidAt ?? null,
    completedAt: o.completedAt ?? null,
    cancelledAt: o.cancelledAt ?? null,
  };
}
