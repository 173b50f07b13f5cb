import type { Tx } from '../../core/db.ts';
import { sql } from 'kysely';
import { type BulkColumn, bulkInsert } from '../../core/bulk.ts';
import type { OrderTerms } from './domain/fingerprint.ts';
import type { Order } from './domain/schemas.ts';
import type { OrderStatus } from './domain/vocab.ts';

type Trx = Tx;

export interface OrderRow {
  id: string;
  parent_id: string | null;
  consumer_id: string;
  store_id: string;
  status: OrderStatus;
  scene: string;
  channel: string;
  live_session_id: string | null;
  creator_id: string | null;
  promoter_id: string | null;
  share_code: string | null;
  campaign_id: string | null;
  ad_id: string | null;
  items_amount: number;
  discount_amount: number;
  shipping_fee: number;
  pay_amount: number;
  deposit_amount: number | null;
  balance_amount: number | null;
  created_at: Date;
  deposit_paid_at: Date | null;
  paid_at: Date | null;
  shipped_at: Date | null;
  collected_at: Date | null;
  delivered_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
}

/** Locks the stored orders a batch touches, so two batches moving the same order serialize. */
export async function lockOrders(
  trx: Trx,
  ids: string[],
): Promise<Map<string, { row: OrderRow; terms: OrderTerms; paymentIds: string[] }>> {
  const out = new Map<string, { row: OrderRow; terms: OrderTerms; paymentIds: string[] }>();
  if (!ids.length) return out;
  const rows = (
    await sql<OrderRow>`SELECT * FROM orders WHERE id = ANY(${ids}::text[]) ORDER BY id FOR UPDATE`.execute(
      trx,
    )
  ).rows;
  if (!rows.length) return out;
  const found = rows.map((r) => r.id);
  const lines = (
    await sql<{
      order_id: string;
      line_no: number;
      sku_id: string;
      quantity: number;
      unit_price: number;
      discount: number;
    }>`
      SELECT order_id, line_no, sku_id, quantity, unit_price, discount FROM order_lines WHERE order_id = ANY(${found}::text[])`.execute(
      trx,
    )
  ).rows;
  const pays = (
    await sql<{
      id: string;
      order_id: string;
    }>`SELECT id, order_id FROM payments WHERE order_id = ANY(${found}::text[])`.execute(trx)
  ).rows;
  for (const r of rows) {
    out.set(r.id, {
      row: r,
      terms: {
        lines: [],
        source: {
          scene: r.scene,
          channel: r.channel,
          liveSessionId: r.live_session_id,
          creatorId: r.creator_id,
          promoterId: r.promoter_id,
          shareCode: r.share_code,
          campaignId: r.campaign_id,
          adId: r.ad_id,
        },
        parentId: r.parent_id,
        presale:
          r.deposit_amount !== null
            ? { depositAmount: r.deposit_amount, balanceAmount: r.balance_amount ?? 0 }
            : null,
      },
      paymentIds: [],
    });
  }
  for (const l of lines)
    out.get(l.order_id)!.terms.lines.push({
      lineNo: l.line_no,
      skuId: l.sku_id,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      discount: l.discount,
    });
  for (const p of pays) out.get(p.order_id)!.paymentIds.push(p.id);
  return out;
}

export async function skuRefs(trx: Trx, ids: string[]) {
  const rows = (
    await sql<{ id: string; product_id: string; store_id: string; category_id: string }>`
      SELECT s.id, s.product_id, p.store_id, p.category_id FROM skus s JOIN products p ON p.id = s.product_id WHERE s.id = ANY(${ids}::text[])`.execute(
      trx,
    )
  ).rows;
  return new Map(rows.map((r) => [r.id, r]));
}

export async function storeRefs(trx: Trx, ids: string[]) {
  const rows = (
    await sql<{
      id: string;
      merchant_id: string;
    }>`SELECT id, merchant_id FROM stores WHERE id = ANY(${ids}::text[])`.execute(trx)
  ).rows;
  return new Map(rows.map((r) => [r.id, r.merchant_id]));
}

/** Which of these ids exist in a table (the id column is `id`). */
export async function existingIds(
  trx: Trx,
  table:
    | 'consumers'
    | 'creators'
    | 'promoters'
    | 'payments'
    | 'orders'
    | 'stores'
    | 'products'
    | 'categories'
    | 'brands'
    | 'merchants'
    | 'agencies',
  ids: string[],
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = (
    await sql<{ id: string }>`SELECT id FROM ${sql.table(table)} WHERE id = ANY(${ids}::text[])`.execute(trx)
  ).rows;
  return new Set(rows.map((r) => r.id));
}

export const ORDER_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'parent_id', type: 'text' },
  { name: 'consumer_id', type: 'text' },
  { name: 'store_id', type: 'text' },
  { name: 'merchant_id', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'scene', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'live_session_id', type: 'text' },
  { name: 'creator_id', type: 'text' },
  { name: 'promoter_id', type: 'text' },
  { name: 'share_code', type: 'text' },
  { name: 'campaign_id', type: 'text' },
  { name: 'ad_id', type: 'text' },
  { name: 'items_amount', type: 'bigint' },
  { name: 'discount_amount', type: 'bigint' },
  { name: 'shipping_fee', type: 'bigint' },
  { name: 'pay_amount', type: 'bigint' },
  { name: 'presale', type: 'boolean' },
  { name: 'deposit_amount', type: 'bigint' },
  { name: 'balance_amount', type: 'bigint' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'deposit_paid_at', type: 'timestamptz' },
  { name: 'paid_at', type: 'timestamptz' },
  { name: 'shipped_at', type: 'timestamptz' },
  { name: 'collected_at', type: 'timestamptz' },
  { name: 'delivered_at', type: 'timestamptz' },
  { name: 'completed_at', type: 'timestamptz' },
  { name: 'cancelled_at', type: 'timestamptz' },
  { name: 'cancel_reason', type: 'text' },
  { name: 'carrier', type: 'text' },
  { name: 'tracking_no', type: 'text' },
  { name: 'paid_day', type: 'date' },
];
export const LINE_COLUMNS: BulkColumn[] = [
  { name: 'order_id', type: 'text' },
  { name: 'line_no', type: 'smallint' },
  { name: 'sku_id', type: 'text' },
  { name: 'product_id', type: 'text' },
  { name: 'category_id', type: 'text' },
  { name: 'quantity', type: 'int' },
  { name: 'unit_price', type: 'bigint' },
  { name: 'amount', type: 'bigint' },
  { name: 'discount', type: 'bigint' },
  { name: 'paid', type: 'bigint' },
];
export const PAYMENT_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'order_id', type: 'text' },
  { name: 'kind', type: 'text' },
  { name: 'amount', type: 'bigint' },
  { name: 'method', type: 'text' },
  { name: 'paid_at', type: 'timestamptz' },
];

/** A new order's row in ORDER_COLUMNS order (the ingest benchmark's COPY anchor writes the same rows). */
export function orderRow(o: Order, merchantId: string, paidDay: string | null): unknown[] {
  const s = o.source;
  return [
    o.id,
    o.parentId,
    o.consumerId,
    o.storeId,
    merchantId,
    o.status,
    s.scene,
    s.channel,
    s.liveSessionId,
    s.creatorId,
    s.promoterId,
    s.shareCode,
    s.campaignId,
    s.adId,
    o.itemsAmount,
    o.discountAmount,
    o.shippingFee,
    o.payAmount,
    !!o.presale,
    o.presale?.depositAmount,
    o.presale?.balanceAmount,
    o.createdAt,
    o.depositPaidAt,
    o.paidAt,
    o.shippedAt,
    o.collectedAt,
    o.deliveredAt,
    o.completedAt,
    o.cancelledAt,
    o.cancelReason,
    o.shipment?.carrier,
    o.shipment?.trackingNo,
    paidDay,
  ];
}

/** The order's lines in LINE_COLUMNS order; `sku` gives each line's product and category. */
export function lineRows(
  o: Order,
  sku: (skuId: string) => { productId: string; categoryId: string },
): unknown[][] {
  return o.lines.map((l) => {
    const k = sku(l.skuId);
    const amount = l.quantity * l.unitPrice;
    return [
      o.id,
      l.lineNo,
      l.skuId,
      k.productId,
      k.categoryId,
      l.quantity,
      l.unitPrice,
      amount,
      l.discount,
      amount - l.discount,
    ];
  });
}

/** Inserts new orders; returns how many were actually inserted (fewer means a concurrent writer won). */
export async function insertOrders(trx: Trx, rows: unknown[][]): Promise<number> {
  const r = await bulkInsert(
    trx,
    'orders',
    ORDER_COLUMNS,
    rows,
    sql`ON CONFLICT (id) DO NOTHING RETURNING id`,
  );
  return r.length;
}

export async function insertLines(trx: Trx, rows: unknown[][]) {
  await bulkInsert(trx, 'order_lines', LINE_COLUMNS, rows);
}

export async function insertPayments(trx: Trx, rows: unknown[][]) {
  await bulkInsert(trx, 'payments', PAYMENT_COLUMNS, rows, sql`ON CONFLICT (id) DO NOTHING`);
}

/** Moves locked orders to their new status and timestamps in one statement. */
export async function updateOrderStates(
  trx: Trx,
  rows: {
    id: string;
    status: string;
    ts: (string | null)[];
    cancelReason: string | null;
    carrier: string | null;
    trackingNo: string | null;
    paidDay: string | null;
  }[],
) {
  if (!rows.length) return;
  const col = (i: number) => rows.map((r) => r.ts[i] ?? null);
  await sql`UPDATE orders o SET status = t.status, deposit_paid_at = t.dp, paid_at = t.pa, shipped_at = t.sh, collected_at = t.co,
      delivered_at = t.de, completed_at = t.cp, cancelled_at = t.ca, cancel_reason = COALESCE(t.cr, o.cancel_reason),
      carrier = COALESCE(t.carrier, o.carrier), tracking_no = COALESCE(t.tn, o.tracking_no), paid_day = t.pd,
      version = o.version + 1, updated_at = now()
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.status)}::text[], ${col(0)}::timestamptz[], ${col(1)}::timestamptz[],
      ${col(2)}::timestamptz[], ${col(3)}::timestamptz[], ${col(4)}::timestamptz[], ${col(5)}::timestamptz[], ${col(6)}::timestamptz[],
      ${rows.map((r) => r.cancelReason)}::text[], ${rows.map((r) => r.carrier)}::text[], ${rows.map((r) => r.trackingNo)}::text[], ${rows.map((r) => r.paidDay)}::date[])
      AS t(id, status, dp, pa, sh, co, de, cp, ca, cr, carrier, tn, pd)
    WHERE o.id = t.id`.execute(trx);
}

/** Which order each of these payment ids already belongs to. */
export async function paymentOwners(trx: Trx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = (
    await sql<{
      id: string;
      order_id: string;
    }>`SELECT id, order_id FROM payments WHERE id = ANY(${ids}::text[])`.execute(trx)
  ).rows;
  return new Map(rows.map((r) => [r.id, r.order_id]));
}
