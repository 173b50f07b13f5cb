import { sql } from 'kysely';
import { type BulkColumn, bulkInsert } from '../../core/bulk.ts';
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

const bulkCols = <T>(cols: [keyof T, string, string][]): BulkColumn[] =>
  cols.map(([, name, type]) =>
    type === 'text[]'
      ? { name, type: 'jsonb', expr: `ARRAY(SELECT jsonb_array_elements_text(t.${name}))` }
      : { name, type: type as BulkColumn['type'] },
  );
const ORDER_BULK = bulkCols(ORDER_COLS);
const LINE_BULK = bulkCols(LINE_COLS);

/** INSERT … SELECT FROM unnest(one array per column) [ON CONFLICT (key) DO UPDATE]: one statement for any rows. */
async function upsert<T>(
  trx: Tx,
  table: string,
  cols: [keyof T, string, string][],
  bulk: BulkColumn[],
  key: string[],
  rows: T[],
  insertOnly = false,
) {
  if (!rows.length) return;
  const values = rows.map((r) =>
    cols.map(([k, , t]) => {
      const v = r[k];
      return TIME.has(t) && typeof v === 'number' ? new Date(v) : v;
    }),
  );
  const updates = cols
    .map((c) => c[1])
    .filter((n) => !key.includes(n))
    .map((n) => `${n} = EXCLUDED.${n}`)
    .join(', ');
  const tail = insertOnly
    ? undefined
    : sql.raw(`ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates}, updated_at = now()`);
  await bulkInsert(trx, table, bulk, values, tail);
}

/** Writes rows, replacing stored ones; `fresh` rows are new (written under the orders' locks): a plain INSERT. */
export const saveOrders = (trx: Tx, rows: CommissionOrder[], fresh = false) =>
  upsert(trx, 'commission_orders', ORDER_COLS, ORDER_BULK, ['order_id'], rows, fresh);
export const saveLines = (trx: Tx, rows: CommissionLine[], fresh = false) =>
  upsert(trx, 'commission_lines', LINE_COLS, LINE_BULK, ['order_id', 'line_no'], rows, fresh);

/** Completion alone (the most common change after creation) as two targeted UPDATEs instead of full rewrites. */
export async function saveCompletions(
  trx: Tx,
  items: { orderId: string; at: number; settleableAt: number }[],
) {
  if (!items.length) return;
  const ids = items.map((i) => i.orderId);
  const at = items.map((i) => new Date(i.at).toISOString());
  const until = items.map((i) => new Date(i.settleableAt).toISOString());
  await sql`UPDATE commission_orders c SET ledger_state = 'posted', completed_at = x.at, updated_at = now()
    FROM unnest(${ids}::text[], ${at}::timestamptz[]) AS x(id, at) WHERE c.order_id = x.id`.execute(trx);
  await sql`UPDATE commission_lines c SET completed_at = x.at, settleable_at = x.until, updated_at = now(),
      status = CASE WHEN c.status = 'estimated' THEN 'completed' ELSE c.status END
    FROM unnest(${ids}::text[], ${at}::timestamptz[], ${until}::timestamptz[]) AS x(id, at, until)
    WHERE c.order_id = x.id`.execute(trx);
}

/**
 * The commission rows of these orders. `forUpdate` (writers): the lines are row-locked, so a settlement stamping
 * them concurrently either finishes first (and is seen here) or waits and re-checks what this writer wrote.
 */
export async function loadCommissions(db: Db | Tx, orderIds: string[], forUpdate = false) {
  const orders = new Map<string, CommissionOrder>();
  const lines = new Map<string, CommissionLine[]>();
  if (!orderIds.length) return { orders, lines };
  const lock = forUpdate ? sql`FOR UPDATE` : sql``;
  const [o, l] = await Promise.all([
    sql<
      Record<string, unknown>
    >`SELECT * FROM commission_orders WHERE order_id = ANY(${orderIds}::text[])`.execute(db),
    sql<Record<string, unknown>>`SELECT * FROM commission_lines WHERE order_id = ANY(${orderIds}::text[])
      ORDER BY order_id, line_no ${lock}`.execute(db),
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
