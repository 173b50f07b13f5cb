import type { Tx } from '../../core/db.ts';
import { sql } from 'kysely';
import { type BulkColumn, bulkInsert, upsertTail } from '../../core/bulk.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { publish } from '../../core/outbox.ts';
import {
  type BatchOptions,
  type BatchResult,
  finish,
  type Item,
  type RecordResult,
  safeId,
  screen,
} from './batch.ts';
import { checkAfterSale } from './domain/after-sale-rules.ts';
import {
  type AfterSale,
  AfterSaleRecord,
  type Review,
  ReviewRecord,
  type ServiceSession,
  ServiceSessionRecord,
} from './domain/schemas.ts';
import { REASON_CODES } from './domain/vocab.ts';
import type { IngestEnv } from './orders.service.ts';
import { ingestStoreRecords } from './store-records.ts';

type Trx = Tx;
const col = (name: string, type: BulkColumn['type'] = 'text'): BulkColumn => ({ name, type });

interface OrderFacts {
  status: string;
  paid: boolean;
  storeId: string;
  consumerId: string;
  payAmount: number;
  lines: Map<number, { paid: number; productId: string }>;
}

async function orderFacts(trx: Trx, ids: string[]): Promise<Map<string, OrderFacts>> {
  const out = new Map<string, OrderFacts>();
  if (!ids.length) return out;
  const orders = (
    await sql<{
      id: string;
      status: string;
      paid_at: Date | null;
      deposit_paid_at: Date | null;
      store_id: string;
      consumer_id: string;
      pay_amount: number;
    }>`
      SELECT id, status, paid_at, deposit_paid_at, store_id, consumer_id, pay_amount FROM orders WHERE id = ANY(${ids}::text[])`.execute(
      trx,
    )
  ).rows;
  for (const o of orders) {
    out.set(o.id, {
      status: o.status,
      paid: !!(o.paid_at || o.deposit_paid_at),
      storeId: o.store_id,
      consumerId: o.consumer_id,
      payAmount: o.pay_amount,
      lines: new Map(),
    });
  }
  const lines = (
    await sql<{ order_id: string; line_no: number; paid: number; product_id: string }>`
    SELECT order_id, line_no, paid, product_id FROM order_lines WHERE order_id = ANY(${ids}::text[])`.execute(
      trx,
    )
  ).rows;
  for (const l of lines) out.get(l.order_id)?.lines.set(l.line_no, { paid: l.paid, productId: l.product_id });
  return out;
}

const AS_COLUMNS = [
  col('id'),
  col('order_id'),
  col('line_no', 'smallint'),
  col('store_id'),
  col('type'),
  col('reason_code'),
  col('quality_related', 'boolean'),
  col('amount', 'bigint'),
  col('status'),
  col('platform_intervened', 'boolean'),
  col('requested_at', 'timestamptz'),
  col('resolved_at', 'timestamptz'),
  col('refunded_at', 'timestamptz'),
];

/** After-sales (refund only / return) with reasons; amounts never exceed what was paid on the line or order. */
export async function ingestAfterSales(
  env: IngestEnv,
  records: unknown[],
  opts: BatchOptions = {},
): Promise<BatchResult> {
  const atomic = opts.atomic ?? true;
  const { items, rejected, schemaRejected } = screen<AfterSale>(
    AfterSaleRecord,
    records,
    env.maxBatch,
    (r) => r.id,
  );
  if (atomic && rejected.size) return finish(records, rejected, [], atomic, schemaRejected, safeId);
  const results = await env.db.transaction().execute(async (trx) => {
    const orderIds = [...new Set(items.map((i) => i.rec.orderId))];
    // Lock the orders so concurrent claims on the same line can't both pass the refundable check.
    if (orderIds.length)
      await sql`SELECT id FROM orders WHERE id = ANY(${orderIds}::text[]) ORDER BY id FOR UPDATE`.execute(
        trx,
      );
    const facts = await orderFacts(trx, orderIds);
    const existing = (
      await sql<{
        id: string;
        order_id: string;
        line_no: number | null;
        amount: number;
        status: AfterSale['status'];
        requested_at: Date;
      }>`
        SELECT id, order_id, line_no, amount, status, requested_at FROM after_sales WHERE order_id = ANY(${orderIds}::text[]) OR id = ANY(${items.map((i) => i.id)}::text[])`.execute(
        trx,
      )
    ).rows;
    const stored = new Map(existing.map((e) => [e.id, e]));
    // Claims in force per order line (line 0 = whole order), counting this batch as it is planned.
    const claimed = new Map<string, number>();
    const claimKey = (orderId: string, lineNo?: number | null) => `${orderId}#${lineNo ?? 0}`;
    const batchIds = new Set(items.map((i) => i.id));
    for (const e of existing)
      if (!batchIds.has(e.id) && e.status !== 'rejected' && e.status !== 'closed')
        claimed.set(
          claimKey(e.order_id, e.line_no),
          (claimed.get(claimKey(e.order_id, e.line_no)) ?? 0) + e.amount,
        );
    const rows: unknown[][] = [];
    const planned: Item<AfterSale>[] = [];
    for (const it of items) {
      const a = it.rec;
      const f = facts.get(a.orderId);
      if (!f) {
        rejected.set(it.index, [{ field: 'orderId', reason: `unknown order ${a.orderId}` }]);
        continue;
      }
      const line = a.lineNo !== undefined ? f.lines.get(a.lineNo) : undefined;
      const key = claimKey(a.orderId, a.lineNo);
      const s = stored.get(a.id);
      const issues = checkAfterSale(a, {
        orderStatus: f.status,
        orderPaid: f.paid,
        refundable: a.lineNo !== undefined ? (line?.paid ?? 0) : f.payAmount,
        alreadyClaimed: claimed.get(key) ?? 0,
        lineExists: a.lineNo === undefined || !!line,
        stored: s
          ? {
              status: s.status,
              amount: s.amount,
              orderId: s.order_id,
              lineNo: s.line_no,
              requestedAt: new Date(s.requested_at).toISOString(),
            }
          : undefined,
      });
      if (issues.length) {
        rejected.set(it.index, issues);
        continue;
      }
      if (a.status !== 'rejected' && a.status !== 'closed')
        claimed.set(key, (claimed.get(key) ?? 0) + a.amount);
      planned.push(it);
      rows.push([
        a.id,
        a.orderId,
        a.lineNo,
        f.storeId,
        a.type,
        a.reasonCode,
        REASON_CODES[a.reasonCode],
        a.amount,
        a.status,
        a.platformIntervened ?? false,
        a.requestedAt,
        a.resolvedAt,
        a.refundedAt,
      ]);
    }
    if (atomic && rejected.size) return [];
    const changed = await bulkInsert(
      trx,
      'after_sales',
      AS_COLUMNS,
      rows,
      upsertTail('after_sales', AS_COLUMNS, ['id'], 'updated_at = now()'),
    );
    const outcome = new Map(
      changed.map((c) => [c.id as string, c.inserted ? ('created' as const) : ('updated' as const)]),
    );
    await publish(
      trx,
      planned
        .filter((p) => outcome.has(p.id))
        .map((p) => ({
          topic: 'after_sale.changed',
          aggregateId: p.id,
          payload: { ...p.rec, storeId: facts.get(p.rec.orderId)!.storeId },
        })),
    );
    return planned.map<RecordResult>((p) => ({
      index: p.index,
      id: p.id,
      outcome: outcome.get(p.id) ?? 'unchanged',
    }));
  });
  return finish(records, rejected, results, atomic, schemaRejected, safeId);
}

const REVIEW_COLUMNS = [
  col('id'),
  col('order_id'),
  col('line_no', 'smallint'),
  col('product_id'),
  col('store_id'),
  col('consumer_id'),
  col('product_rating', 'smallint'),
  col('logistics_rating', 'smallint'),
  col('service_rating', 'smallint'),
  col('text'),
  col('created_at', 'timestamptz'),
];

/** Reviews of a delivered order line; one per line; a review is immutable once written. */
export async function ingestReviews(
  env: IngestEnv,
  records: unknown[],
  opts: BatchOptions = {},
): Promise<BatchResult> {
  const atomic = opts.atomic ?? true;
  const { items, rejected, schemaRejected } = screen<Review>(
    ReviewRecord,
    records,
    env.maxBatch,
    (r) => r.id,
  );
  if (atomic && rejected.size) return finish(records, rejected, [], atomic, schemaRejected, safeId);
  const results = await env.db.transaction().execute(async (trx) => {
    const facts = await orderFacts(trx, [...new Set(items.map((i) => i.rec.orderId))]);
    const prior = new Map(
      (
        await sql<{
          id: string;
          order_id: string;
          line_no: number;
          product_rating: number;
          logistics_rating: number;
          service_rating: number;
          text: string | null;
        }>`
        SELECT id, order_id, line_no, product_rating, logistics_rating, service_rating, text FROM reviews
        WHERE id = ANY(${items.map((i) => i.id)}::text[]) OR order_id = ANY(${items.map((i) => i.rec.orderId)}::text[])`.execute(
          trx,
        )
      ).rows.map((r) => [r.id, r]),
    );
    const lineTaken = new Map([...prior.values()].map((r) => [`${r.order_id}#${r.line_no}`, r.id]));
    const rows: unknown[][] = [];
    const out: RecordResult[] = [];
    for (const { index, id, rec: r } of items) {
      const issues: FieldIssue[] = [];
      const f = facts.get(r.orderId);
      const line = f?.lines.get(r.lineNo);
      if (!f) issues.push({ field: 'orderId', reason: `unknown order ${r.orderId}` });
      else if (!line) issues.push({ field: 'lineNo', reason: `order ${r.orderId} has no line ${r.lineNo}` });
      else if (f.status !== 'delivered' && f.status !== 'completed')
        issues.push({ field: 'orderId', reason: `order is ${f.status}: reviews follow delivery` });
      const taken = lineTaken.get(`${r.orderId}#${r.lineNo}`);
      const p = prior.get(id);
      if (p) {
        const same =
          p.order_id === r.orderId &&
          p.line_no === r.lineNo &&
          p.product_rating === r.productRating &&
          p.logistics_rating === r.logisticsRating &&
          p.service_rating === r.serviceRating &&
          (p.text ?? undefined) === r.text;
        if (!same)
          issues.push({
            field: 'id',
            reason: `review ${id} exists with different content; reviews are immutable`,
          });
      } else if (taken && taken !== id)
        issues.push({
          field: 'lineNo',
          reason: `line ${r.lineNo} of order ${r.orderId} already has review ${taken}`,
        });
      if (issues.length) {
        rejected.set(index, issues);
        continue;
      }
      lineTaken.set(`${r.orderId}#${r.lineNo}`, id);
      if (p) {
        out.push({ index, id, outcome: 'unchanged' });
        continue;
      }
      rows.push([
        id,
        r.orderId,
        r.lineNo,
        line!.productId,
        f!.storeId,
        f!.consumerId,
        r.productRating,
        r.logisticsRating,
        r.serviceRating,
        r.text,
        r.createdAt,
      ]);
      out.push({ index, id, outcome: 'created' });
    }
    if (atomic && rejected.size) return [];
    await bulkInsert(trx, 'reviews', REVIEW_COLUMNS, rows, sql`ON CONFLICT DO NOTHING`);
    return out;
  });
  return finish(records, rejected, results, atomic, schemaRejected, safeId);
}

const SS_COLUMNS = [
  col('id'),
  col('store_id'),
  col('consumer_id'),
  col('order_id'),
  col('started_at', 'timestamptz'),
  col('first_response_seconds', 'int'),
  col('resolved', 'boolean'),
];

/** Customer-service sessions with first-response time (store experience: service). */
export const ingestServiceSessions = (
  env: IngestEnv,
  records: unknown[],
  opts: BatchOptions = {},
): Promise<BatchResult> =>
  ingestStoreRecords<ServiceSession>(
    env,
    {
      schema: ServiceSessionRecord,
      table: 'service_sessions',
      columns: SS_COLUMNS,
      row: (s) => [
        s.id,
        s.storeId,
        s.consumerId,
        s.orderId,
        s.startedAt,
        s.firstResponseSeconds,
        s.resolved ?? true,
      ],
    },
    records,
    opts,
  );
