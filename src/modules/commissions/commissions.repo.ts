import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import type { LineStatus } from './domain/types.ts';

/** Commission rows as the service holds them (instants as ms), saved back set-based through JSON records. */
export interface CommissionOrder {
  orderId: string;
  merchantId: string;
  storeId: string;
  consumerId: string;
  partyType: string | null;
  partyId: string | null;
  source: string | null;
  crossStore: boolean;
  clickAt: number | null;
  payAmount: number;
  shipping: number;
  refunded: number;
  version: number;
  ledgerState: 'pending' | 'posted' | 'voided';
  paidAt: number;
  completedAt: number | null;
}

export interface CommissionLine {
  orderId: string;
  lineNo: number;
  merchantId: string;
  productId: string;
  categoryId: string;
  quantity: number;
  partyType: string | null;
  partyId: string | null;
  agencyId: string | null;
  leaderId: string | null;
  planId: string | null;
  rateBp: number;
  serviceFeeBp: number;
  transactionFeeBp: number;
  agencySplitBp: number;
  leaderBp: number;
  paid: number;
  subsidyFull: number;
  shippingFull: number;
  refunded: number;
  estimatedCommission: number;
  commission: number;
  serviceFee: number;
  transactionFee: number;
  subsidy: number;
  shipping: number;
  partyAmount: number;
  agencyAmount: number;
  leaderAmount: number;
  merchantAmount: number;
  status: LineStatus;
  invalidReason: string | null;
  review: 'pending' | 'cleared' | 'confirmed' | null;
  reviewReasons: string[];
  paidAt: number;
  completedAt: number | null;
  settleableAt: number | null;
  settleMonth: string | null;
}

const ORDER_COLS: [keyof CommissionOrder, string, string][] = [
  ['orderId', 'order_id', 'text'],
  ['merchantId', 'merchant_id', 'text'],
  ['storeId', 'store_id', 'text'],
  ['consumerId', 'consumer_id', 'text'],
  ['partyType', 'party_type', 'text'],
  ['partyId', 'party_id', 'text'],
  ['source', 'source', 'text'],
  ['crossStore', 'cross_store', 'boolean'],
  ['clickAt', 'click_at', 'timestamptz'],
  ['payAmount', 'pay_amount', 'bigint'],
  ['shipping', 'shipping', 'bigint'],
  ['refunded', 'refunded', 'bigint'],
  ['version', 'version', 'int'],
  ['ledgerState', 'ledger_state', 'text'],
  ['paidAt', 'paid_at', 'timestamptz'],
  ['completedAt', 'completed_at', 'timestamptz'],
];

const LINE_COLS: [keyof CommissionLine, string, string][] = [
  ['orderId', 'order_id', 'text'],
  ['lineNo', 'line_no', 'smallint'],
  ['merchantId', 'merchant_id', 'text'],
  ['productId', 'product_id', 'text'],
  ['categoryId', 'category_id', 'text'],
  ['quantity', 'quantity', 'int'],
  ['partyType', 'party_type', 'text'],
  ['partyId', 'party_id', 'text'],
  ['agencyId', 'agency_id', 'text'],
  ['leaderId', 'leader_id', 'text'],
  ['planId', 'plan_id', 'text'],
  ['rateBp', 'rate_bp', 'int'],
  ['serviceFeeBp', 'service_fee_bp', 'int'],
  ['transactionFeeBp', 'transaction_fee_bp', 'int'],
  ['agencySplitBp', 'agency_split_bp', 'int'],
  ['leaderBp', 'leader_bp', 'int'],
  ['paid', 'paid', 'bigint'],
  ['subsidyFull', 'subsidy_full', 'bigint'],
  ['shippingFull', 'shipping_full', 'bigint'],
  ['refunded', 'refunded', 'bigint'],
  ['estimatedCommission', 'estimated_commission', 'bigint'],
  ['commission', 'commission', 'bigint'],
  ['serviceFee', 'service_fee', 'bigint'],
  ['transactionFee', 'transaction_fee', 'bigint'],
  ['subsidy', 'subsidy', 'bigint'],
  ['shipping', 'shipping', 'bigint'],
  ['partyAmount', 'party_amount', 'bigint'],
  ['agencyAmount', 'agency_amount', 'bigint'],
  ['leaderAmount', 'leader_amount', 'bigint'],
  ['merchantAmount', 'merchant_amount', 'bigint'],
  ['status', 'status', 'text'],
  ['invalidReason', 'invalid_reason', 'text'],
  ['review', 'review', 'text'],
  ['reviewReasons', 'review_reasons', 'text[]'],
  ['paidAt', 'paid_at', 'timestamptz'],
  ['completedAt', 'completed_at', 'timestamptz'],
  ['settleableAt', 'settleable_at', 'timestamptz'],
  ['settleMonth', 'settle_month', 'text'],
];

const TIME = new Set(['timestamptz']);

function toJson<T>(cols: [keyof T, string, string][], rows: T[]): string {
  return JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const [k, c, t] of cols) {
        const v = r[k];
        o[c] = TIME.has(t) && typeof v === 'number' ? new Date(v).toISOString() : v;
      }
      return o;
    }),
  );
}

function fromRow<T>(cols: [keyof T, string, string][], row: Record<string, unknown>): T {
  const o: Record<string, unknown> = {};
  for (const [k, c, t] of cols) {
    const v = row[c];
    o[k as string] =
      v === null || v === undefined
        ? null
        : TIME.has(t)
          ? new Date(v as string).getTime()
          : t === 'bigint'
            ? Number(v)
            : v;
  }
  return o as T;
}

/** INSERT … SELECT FROM jsonb_to_recordset … ON CONFLICT (key) DO UPDATE: one statement for any number of rows. */
async function upsert<T>(
  trx: Tx,
  table: string,
  cols: [keyof T, string, string][],
  key: string[],
  rows: T[],
) {
  if (!rows.length) return;
  const names = cols.map((c) => c[1]);
  const defs = cols.map(([, c, t]) => `${c} ${t}`).join(', ');
  const updates = names
    .filter((n) => !key.includes(n))
    .map((n) => `${n} = EXCLUDED.${n}`)
    .join(', ');
  await sql`INSERT INTO ${sql.raw(table)} (${sql.raw(names.join(', '))})
    SELECT ${sql.raw(names.join(', '))} FROM jsonb_to_recordset(${toJson(cols, rows)}::jsonb) AS x(${sql.raw(defs)})
    ON CONFLICT (${sql.raw(key.join(', '))}) DO UPDATE SET ${sql.raw(updates)}, updated_at = now()`.execute(
    trx,
  );
}

export const saveOrders = (trx: Tx, rows: CommissionOrder[]) =>
  upsert(trx, 'commission_orders', ORDER_COLS, ['order_id'], rows);
export const saveLines = (trx: Tx, rows: CommissionLine[]) =>
  upsert(trx, 'commission_lines', LINE_COLS, ['order_id', 'line_no'], rows);

export async function loadCommissions(db: Db | Tx, orderIds: string[]) {
  const orders = new Map<string, CommissionOrder>();
  const lines = new Map<string, CommissionLine[]>();
  if (!orderIds.length) return { orders, lines };
  const [o, l] = await Promise.all([
    sql<
      Record<string, unknown>
    >`SELECT * FROM commission_orders WHERE order_id = ANY(${orderIds}::text[])`.execute(db),
    sql<Record<string, unknown>>`SELECT * FROM commission_lines WHERE order_id = ANY(${orderIds}::text[])
      ORDER BY order_id, line_no`.execute(db),
  ]);
  for (const r of o.rows) {
    const x = fromRow(ORDER_COLS, r);
    orders.set(x.orderId, x);
  }
  for (const r of l.rows) {
    const x = fromRow(LINE_COLS, r);
    const list = lines.get(x.orderId) ?? [];
    list.push(x);
    lines.set(x.orderId, list);
  }
  return { orders, lines };
}

export interface JournalRow {
  key: string;
  orderId: string | null;
  account: string;
  amount: number;
  pending: boolean;
  at: number;
}

/** Mirrors what was posted to the ledger (keys already there are skipped, like the ledger does). */
export async function journal(trx: Tx, rows: JournalRow[]) {
  if (!rows.length) return;
  await sql`INSERT INTO commission_journal (key, order_id, account, amount, pending, at)
    SELECT key, order_id, account, amount, pending, at FROM jsonb_to_recordset(${JSON.stringify(
      rows.map((r) => ({ ...r, order_id: r.orderId, at: new Date(r.at).toISOString() })),
    )}::jsonb) AS x(key text, order_id text, account text, amount bigint, pending boolean, at timestamptz)
    ON CONFLICT DO NOTHING`.execute(trx);
}

export async function voidJournal(trx: Tx, keys: string[]) {
  if (!keys.length) return;
  await sql`UPDATE commission_journal SET voided = true WHERE key = ANY(${keys}::text[])`.execute(trx);
}

export async function postJournal(trx: Tx, keys: string[]) {
  if (!keys.length) return;
  await sql`UPDATE commission_journal SET pending = false WHERE key = ANY(${keys}::text[])`.execute(trx);
}

export async function insertRefunds(
  trx: Tx,
  rows: {
    afterSaleId: string;
    orderId: string;
    lineNo: number | null;
    amount: number;
    settledBefore: boolean;
    at: number;
  }[],
) {
  if (!rows.length) return;
  await sql`INSERT INTO commission_refunds (after_sale_id, order_id, line_no, amount, settled_before, applied_at)
    SELECT a, o, l, m, s, t FROM jsonb_to_recordset(${JSON.stringify(
      rows.map((r) => ({
        a: r.afterSaleId,
        o: r.orderId,
        l: r.lineNo,
        m: r.amount,
        s: r.settledBefore,
        t: new Date(r.at).toISOString(),
      })),
    )}::jsonb) AS x(a text, o text, l smallint, m bigint, s boolean, t timestamptz) ON CONFLICT DO NOTHING`.execute(
    trx,
  );
}

export async function insertAdjustments(
  trx: Tx,
  rows: {
    key: string;
    orderId: string;
    partyType: string;
    partyId: string;
    amount: number;
    reason: string;
    at: number;
  }[],
) {
  if (!rows.length) return;
  await sql`INSERT INTO commission_adjustments (key, order_id, party_type, party_id, amount, reason, created_at)
    SELECT k, o, pt, pi, a, r, t FROM jsonb_to_recordset(${JSON.stringify(
      rows.map((r) => ({
        k: r.key,
        o: r.orderId,
        pt: r.partyType,
        pi: r.partyId,
        a: r.amount,
        r: r.reason,
        t: new Date(r.at).toISOString(),
      })),
    )}::jsonb) AS x(k text, o text, pt text, pi text, a bigint, r text, t timestamptz)
    ON CONFLICT (key, party_type, party_id) DO NOTHING`.execute(trx);
}
