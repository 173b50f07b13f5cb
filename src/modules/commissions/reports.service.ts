import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { notFound, unprocessable } from '../../core/errors.ts';
import { displayStatus, INVALID_CODES, STATUS_CODES } from './domain/lifecycle.ts';
import type { InvalidReason, LineStatus } from './domain/types.ts';
import type { MerchantQuery, PartyQuery, StatementQuery } from './schemas.ts';

/** Read models for parties, merchants and statements (thin SQL; the share a party sees depends on its role). */

/** Which lines are a party's and which amount column is its share. */
function partyScope(type: string, id: string): { where: RawBuilder<unknown>; share: RawBuilder<number> } {
  if (type === 'agency') return { where: sql`agency_id = ${id}`, share: sql`agency_amount` };
  if (type === 'promoter')
    return {
      where: sql`((party_type = 'promoter' AND party_id = ${id}) OR leader_id = ${id})`,
      share: sql`(CASE WHEN party_type = 'promoter' AND party_id = ${id} THEN party_amount ELSE 0 END
        + CASE WHEN leader_id = ${id} THEN leader_amount ELSE 0 END)`,
    };
  return { where: sql`party_type = 'creator' AND party_id = ${id}`, share: sql`party_amount` };
}

function statusFilter(status: string | undefined, now: Date): RawBuilder<unknown> {
  const settleable = sql`(status = 'completed' AND settleable_at <= ${now} AND review IS DISTINCT FROM 'pending')`;
  if (!status) return sql`true`;
  if (status === 'settleable') return settleable;
  if (status === 'completed') return sql`(status = 'completed' AND NOT ${settleable})`;
  return sql`status = ${status}`;
}

const cursorOf = (paidAt: string, orderId: string, lineNo: number) =>
  Buffer.from(JSON.stringify([paidAt, orderId, lineNo])).toString('base64url');
function parseCursor(c: string | undefined): [string, string, number] | null {
  if (!c) return null;
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString()) as [string, string, number];
    if (Array.isArray(v) && v.length === 3 && !Number.isNaN(Date.parse(v[0]))) return v;
  } catch {}
  throw unprocessable('after is not a cursor this list returned', [
    { field: 'after', reason: 'unknown cursor' },
  ]);
}

/** A creator's, agency's or promoter's commission lines with status, estimated and actual share, month. */
export async function partyOrders(db: Db, q: PartyQuery, now: Date) {
  const { where, share } = partyScope(q.partyType, q.partyId);
  const cur = parseCursor(q.after);
  const limit = q.limit ?? 100;
  const filter = sql`${where} AND ${statusFilter(q.status, now)}
    AND (${q.month ?? null}::text IS NULL OR settle_month = ${q.month ?? null})
    AND (${q.from ?? null}::timestamptz IS NULL OR paid_at >= ${q.from ?? null})
    AND (${q.to ?? null}::timestamptz IS NULL OR paid_at < ${q.to ?? null})`;
  const rows = (
    await sql<
      Record<string, unknown>
    >`SELECT order_id, line_no, product_id, merchant_id, party_type, party_id, plan_id,
        rate_bp, paid, refunded, estimated_commission, commission, ${share} AS share, status, invalid_reason, review,
        paid_at, completed_at, settleable_at, settle_month
      FROM commission_lines WHERE ${filter}
        AND (${cur?.[0] ?? null}::timestamptz IS NULL OR (paid_at, order_id, line_no) < (${cur?.[0] ?? null}::timestamptz, ${cur?.[1] ?? null}::text, ${cur?.[2] ?? null}::int))
      ORDER BY paid_at DESC, order_id DESC, line_no DESC LIMIT ${limit + 1}`.execute(db)
  ).rows;
  const totals = (
    await sql<{ estimated: number; settled: number; paid: number; invalid: number; lines: number }>`SELECT
        coalesce(sum(${share}) FILTER (WHERE status IN ('estimated','completed')), 0)::bigint AS estimated,
        coalesce(sum(${share}) FILTER (WHERE status IN ('settled','paid')), 0)::bigint AS settled,
        coalesce(sum(${share}) FILTER (WHERE status = 'paid'), 0)::bigint AS paid,
        count(*) FILTER (WHERE status = 'invalid')::int AS invalid, count(*)::int AS lines
      FROM commission_lines WHERE ${filter}`.execute(db)
  ).rows[0]!;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => {
      const status = displayStatus(
        r.status as LineStatus,
        r.settleable_at ? new Date(r.settleable_at as string).getTime() : null,
        now.getTime(),
        r.review === 'pending',
      );
      return {
        orderId: r.order_id as string,
        lineNo: r.line_no as number,
        productId: r.product_id as string,
        merchantId: r.merchant_id as string,
        planId: r.plan_id as string | null,
        rateBp: r.rate_bp as number,
        base: Number(r.paid) - Math.min(Number(r.refunded), Number(r.paid)),
        estimatedCommission: Number(r.estimated_commission),
        commission: Number(r.commission),
        share: Number(r.share),
        status,
        statusCode:
          r.status === 'invalid' ? INVALID_CODES[r.invalid_reason as InvalidReason] : STATUS_CODES[status],
        invalidReason: r.invalid_reason as string | null,
        inReview: r.review === 'pending',
        paidAt: new Date(r.paid_at as string).toISOString(),
        completedAt: r.completed_at ? new Date(r.completed_at as string).toISOString() : null,
        settleMonth: r.settle_month as string | null,
      };
    }),
    totals: {
      estimated: Number(totals.estimated),
      settled: Number(totals.settled),
      paid: Number(totals.paid),
      invalid: totals.invalid,
      lines: totals.lines,
    },
    next:
      rows.length > limit && last
        ? cursorOf(
            new Date(last.paid_at as string).toISOString(),
            last.order_id as string,
            last.line_no as number,
          )
        : null,
  };
}

/** A merchant's commission cost by party and by product, with the platform's fees and subsidies. */
export async function merchantReport(db: Db, q: MerchantQuery) {
  const filter = sql`merchant_id = ${q.merchantId} AND NOT (status = 'invalid' AND invalid_reason = 'cancelled')
    AND (${q.from ?? null}::timestamptz IS NULL OR paid_at >= ${q.from ?? null})
    AND (${q.to ?? null}::timestamptz IS NULL OR paid_at < ${q.to ?? null})`;
  const top = q.top ?? 20;
  const num = (r: Record<string, unknown>, k: string) => Number(r[k] ?? 0);
  const [totals, byParty, byProduct] = await Promise.all([
    sql<
      Record<string, unknown>
    >`SELECT count(DISTINCT order_id)::int AS orders, coalesce(sum(paid - least(refunded, paid)), 0)::bigint AS sales,
        coalesce(sum(commission), 0)::bigint AS commission, coalesce(sum(transaction_fee), 0)::bigint AS transaction_fee,
        coalesce(sum(service_fee), 0)::bigint AS service_fee, coalesce(sum(subsidy), 0)::bigint AS subsidy,
        coalesce(sum(merchant_amount), 0)::bigint AS payable
      FROM commission_lines WHERE ${filter}`.execute(db),
    sql<Record<string, unknown>>`SELECT party_type, party_id, count(DISTINCT order_id)::int AS orders,
        sum(paid - least(refunded, paid))::bigint AS sales, sum(commission)::bigint AS commission
      FROM commission_lines WHERE ${filter} AND party_id IS NOT NULL
      GROUP BY party_type, party_id ORDER BY sum(commission) DESC, party_id LIMIT ${top}`.execute(db),
    sql<
      Record<string, unknown>
    >`SELECT product_id, count(DISTINCT order_id)::int AS orders, sum(quantity)::bigint AS units,
        sum(paid - least(refunded, paid))::bigint AS sales, sum(commission)::bigint AS commission
      FROM commission_lines WHERE ${filter}
      GROUP BY product_id ORDER BY sum(commission) DESC, product_id LIMIT ${top}`.execute(db),
  ]);
  const t = totals.rows[0]!;
  return {
    merchantId: q.merchantId,
    totals: {
      orders: t.orders as number,
      sales: num(t, 'sales'),
      commission: num(t, 'commission'),
      transactionFee: num(t, 'transaction_fee'),
      serviceFeeInCommission: num(t, 'service_fee'),
      platformSubsidy: num(t, 'subsidy'),
      payable: num(t, 'payable'),
    },
    byParty: byParty.rows.map((r) => ({
      partyType: r.party_type as string,
      partyId: r.party_id as string,
      orders: r.orders as number,
      sales: num(r, 'sales'),
      commission: num(r, 'commission'),
    })),
    byProduct: byProduct.rows.map((r) => ({
      productId: r.product_id as string,
      orders: r.orders as number,
      units: num(r, 'units'),
      sales: num(r, 'sales'),
      commission: num(r, 'commission'),
    })),
  };
}

const statementView = (r: Record<string, unknown>) => ({
  id: r.id as string,
  month: r.month as string,
  partyType: r.party_type as string,
  partyId: r.party_id as string,
  lines: r.lines as number,
  amount: Number(r.amount),
  adjustments: Number(r.adjustments),
  status: r.status as string,
  settledAt: r.settled_at ? new Date(r.settled_at as string).toISOString() : null,
  paidAt: r.paid_at ? new Date(r.paid_at as string).toISOString() : null,
});
export type StatementView = ReturnType<typeof statementView>;

export async function statements(db: Db, q: StatementQuery) {
  const r = await sql<Record<string, unknown>>`SELECT * FROM commission_statements
    WHERE party_type = ${q.partyType} AND party_id = ${q.partyId}
      AND (${q.month ?? null}::text IS NULL OR month = ${q.month ?? null}) ORDER BY month DESC LIMIT 120`.execute(
    db,
  );
  return { items: r.rows.map(statementView) };
}

export async function statement(db: Db, id: string): Promise<StatementView> {
  const r = await sql<Record<string, unknown>>`SELECT * FROM commission_statements WHERE id = ${id}`.execute(
    db,
  );
  if (!r.rows[0]) throw notFound(`there is no statement ${id}`);
  return statementView(r.rows[0]);
}

/** A CSV cell: numbers as they are; text a spreadsheet would run as a formula (=, +, -, @) gets a leading '. */
const csvCell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@]/.test(String(v)) ? `'${String(v)}` : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The lines and adjustments behind one statement, as CSV (amounts in fen). */
export async function statementCsv(db: Db, s: StatementView): Promise<string> {
  const share =
    s.partyType === 'merchant'
      ? { where: sql`merchant_id = ${s.partyId}`, share: sql<number>`merchant_amount` }
      : partyScope(s.partyType, s.partyId);
  const lines = await sql<
    Record<string, unknown>
  >`SELECT order_id, line_no, product_id, paid_at, completed_at,
      paid - least(refunded, paid) AS base, commission, ${share.share} AS share
    FROM commission_lines WHERE settle_month = ${s.month} AND ${share.where} ORDER BY paid_at, order_id, line_no`.execute(
    db,
  );
  const adj = await sql<
    Record<string, unknown>
  >`SELECT order_id, reason, amount, created_at FROM commission_adjustments
    WHERE settle_month = ${s.month} AND party_type = ${s.partyType} AND party_id = ${s.partyId} ORDER BY created_at, id`.execute(
    db,
  );
  const out = [
    [
      'kind',
      'month',
      'order_id',
      'line_no',
      'product_id',
      'paid_at',
      'completed_at',
      'base',
      'commission',
      'amount',
      'note',
    ].join(','),
  ];
  for (const r of lines.rows)
    if (Number(r.share) !== 0)
      out.push(
        [
          'line',
          s.month,
          r.order_id,
          r.line_no,
          r.product_id,
          new Date(r.paid_at as string).toISOString(),
          r.completed_at ? new Date(r.completed_at as string).toISOString() : '',
          Number(r.base),
          Number(r.commission),
          Number(r.share),
          '',
        ]
          .map(csvCell)
          .join(','),
      );
  for (const r of adj.rows)
    out.push(
      [
        'adjustment',
        s.month,
        r.order_id,
        '',
        '',
        new Date(r.created_at as string).toISOString(),
        '',
        '',
        '',
        Number(r.amount),
        r.reason,
      ]
        .map(csvCell)
        .join(','),
    );
  out.push(['total', s.month, '', '', '', '', '', '', '', s.amount, ''].map(csvCell).join(','));
  return `${out.join('\n')}\n`;
}
