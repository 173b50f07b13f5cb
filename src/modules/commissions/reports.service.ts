import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { notFound, unprocessable } from '../../core/errors.ts';
import { dayRange, dayStart, shiftDay } from '../../core/time.ts';
import { displayStatus, INVALID_CODES, STATUS_CODES } from './domain/lifecycle.ts';
import type { InvalidReason, LineStatus } from './domain/types.ts';
import { partyNames } from './names.ts';
import type { MerchantQuery, MonthStatementQuery, PartyQuery, StatementQuery } from './schemas.ts';

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
    >`SELECT x.*, p.title AS product_title, p.store_id, s.name AS store_name, m.name AS merchant_name,
        pl.name AS plan_name
      FROM (SELECT order_id, line_no, product_id, merchant_id, party_type, party_id, plan_id,
        rate_bp, paid, refunded, estimated_commission, commission, ${share} AS share, status, invalid_reason, review,
        paid_at, completed_at, settleable_at, settle_month
      FROM commission_lines WHERE ${filter}
        AND (${cur?.[0] ?? null}::timestamptz IS NULL OR (paid_at, order_id, line_no) < (${cur?.[0] ?? null}::timestamptz, ${cur?.[1] ?? null}::text, ${cur?.[2] ?? null}::int))
      ORDER BY paid_at DESC, order_id DESC, line_no DESC LIMIT ${limit + 1}) x
      LEFT JOIN products p ON p.id = x.product_id
      LEFT JOIN stores s ON s.id = p.store_id
      LEFT JOIN merchants m ON m.id = x.merchant_id
      LEFT JOIN commission_plans pl ON pl.id = x.plan_id
      ORDER BY x.paid_at DESC, x.order_id DESC, x.line_no DESC`.execute(db)
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
        productTitle: (r.product_title as string | null) ?? null,
        storeId: (r.store_id as string | null) ?? null,
        storeName: (r.store_name as string | null) ?? null,
        merchantId: r.merchant_id as string,
        merchantName: (r.merchant_name as string | null) ?? null,
        planId: r.plan_id as string | null,
        planName: (r.plan_name as string | null) ?? null,
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
  const party = partyNames(sql`x.party_type`, sql`x.party_id`, 'pn');
  const [totals, byParty, byProduct, merchant] = await Promise.all([
    sql<
      Record<string, unknown>
    >`SELECT count(DISTINCT order_id)::int AS orders, coalesce(sum(paid - least(refunded, paid)), 0)::bigint AS sales,
        coalesce(sum(commission), 0)::bigint AS commission, coalesce(sum(transaction_fee), 0)::bigint AS transaction_fee,
        coalesce(sum(service_fee), 0)::bigint AS service_fee, coalesce(sum(subsidy), 0)::bigint AS subsidy,
        coalesce(sum(merchant_amount), 0)::bigint AS payable
      FROM commission_lines WHERE ${filter}`.execute(db),
    sql<Record<string, unknown>>`SELECT x.*, ${party.name} AS party_name FROM (
        SELECT party_type, party_id, count(DISTINCT order_id)::int AS orders,
          sum(paid - least(refunded, paid))::bigint AS sales, sum(commission)::bigint AS commission
        FROM commission_lines WHERE ${filter} AND party_id IS NOT NULL
        GROUP BY party_type, party_id ORDER BY sum(commission) DESC, party_id LIMIT ${top}) x
      ${party.joins}
      ORDER BY x.commission DESC, x.party_id`.execute(db),
    sql<Record<string, unknown>>`SELECT x.*, p.title AS product_title FROM (
        SELECT product_id, count(DISTINCT order_id)::int AS orders, sum(quantity)::bigint AS units,
          sum(paid - least(refunded, paid))::bigint AS sales, sum(commission)::bigint AS commission
        FROM commission_lines WHERE ${filter}
        GROUP BY product_id ORDER BY sum(commission) DESC, product_id LIMIT ${top}) x
      LEFT JOIN products p ON p.id = x.product_id
      ORDER BY x.commission DESC, x.product_id`.execute(db),
    sql<{ name: string }>`SELECT name FROM merchants WHERE id = ${q.merchantId}`.execute(db),
  ]);
  const t = totals.rows[0]!;
  return {
    merchantId: q.merchantId,
    merchantName: merchant.rows[0]?.name ?? null,
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
      partyName: (r.party_name as string | null) ?? null,
      orders: r.orders as number,
      sales: num(r, 'sales'),
      commission: num(r, 'commission'),
    })),
    byProduct: byProduct.rows.map((r) => ({
      productId: r.product_id as string,
      productTitle: (r.product_title as string | null) ?? null,
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
  partyName: (r.party_name as string | null) ?? null,
  lines: r.lines as number,
  amount: Number(r.amount),
  adjustments: Number(r.adjustments),
  status: r.status as string,
  settledAt: r.settled_at ? new Date(r.settled_at as string).toISOString() : null,
  paidAt: r.paid_at ? new Date(r.paid_at as string).toISOString() : null,
});
export type StatementView = ReturnType<typeof statementView>;

const stmParty = partyNames(sql`s.party_type`, sql`s.party_id`, 'pn');
const STATEMENT = sql`SELECT s.*, ${stmParty.name} AS party_name FROM commission_statements s ${stmParty.joins}`;

export async function statements(db: Db, q: StatementQuery) {
  const r = await sql<Record<string, unknown>>`${STATEMENT}
    WHERE s.party_type = ${q.partyType} AND s.party_id = ${q.partyId}
      AND (${q.month ?? null}::text IS NULL OR s.month = ${q.month ?? null}) ORDER BY s.month DESC LIMIT 120`.execute(
    db,
  );
  return { items: r.rows.map(statementView) };
}

export async function statement(db: Db, id: string): Promise<StatementView> {
  const r = await sql<Record<string, unknown>>`${STATEMENT} WHERE s.id = ${id}`.execute(db);
  if (!r.rows[0]) throw notFound(`there is no statement ${id}`);
  return statementView(r.rows[0]);
}

/**
 * Every party's statement of one month (operators), merchants first then by party type and id, paged by offset;
 * totals over the whole month (or the filtered part): statements, lines, amount and adjustments, and by status.
 */
export async function monthStatements(db: Db, q: MonthStatementQuery) {
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const where = sql`s.month = ${q.month}
    AND (${q.partyType ?? null}::text IS NULL OR s.party_type = ${q.partyType ?? null})
    AND (${q.status ?? null}::text IS NULL OR s.status = ${q.status ?? null})`;
  const [rows, totals] = await Promise.all([
    sql<Record<string, unknown>>`${STATEMENT} WHERE ${where}
      ORDER BY CASE s.party_type WHEN 'merchant' THEN 0 ELSE 1 END, s.party_type, s.party_id
      LIMIT ${limit} OFFSET ${offset}`.execute(db),
    sql<Record<string, unknown>>`SELECT count(*)::int AS statements, coalesce(sum(lines), 0)::bigint AS lines,
        coalesce(sum(amount), 0)::bigint AS amount, coalesce(sum(adjustments), 0)::bigint AS adjustments,
        count(*) FILTER (WHERE status = 'open')::int AS open,
        count(*) FILTER (WHERE status = 'settled')::int AS settled,
        count(*) FILTER (WHERE status = 'paid')::int AS paid
      FROM commission_statements s WHERE ${where}`.execute(db),
  ]);
  const t = totals.rows[0]!;
  return {
    month: q.month,
    items: rows.rows.map(statementView),
    total: t.statements as number,
    limit,
    offset,
    totals: {
      statements: t.statements as number,
      lines: Number(t.lines),
      amount: Number(t.amount),
      adjustments: Number(t.adjustments),
      byStatus: { open: t.open as number, settled: t.settled as number, paid: t.paid as number },
    },
  };
}

/**
 * Settlement runs, latest month first: when stamped and finished, the cut-off, statements (and how many are still
 * open), and the lines settled (recorded when the run finishes; null while it posts).
 */
export async function settlementRuns(db: Db, q: { limit?: number; offset?: number }) {
  const limit = q.limit ?? 24;
  const offset = q.offset ?? 0;
  const [rows, total] = await Promise.all([
    sql<Record<string, unknown>>`SELECT r.month, r.cutoff, r.stamped_at, r.finished_at, r.lines,
        coalesce(r.statements, c.n) AS statements, c.open, c.amount
      FROM commission_settlement_runs r
      CROSS JOIN LATERAL (SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'open')::int AS open,
          coalesce(sum(amount) FILTER (WHERE party_type <> 'merchant'), 0)::bigint AS amount
        FROM commission_statements s WHERE s.month = r.month) c
      ORDER BY r.month DESC LIMIT ${limit} OFFSET ${offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM commission_settlement_runs`.execute(db),
  ]);
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    items: rows.rows.map((r) => ({
      month: r.month as string,
      cutoff: iso(r.cutoff)!,
      stampedAt: iso(r.stamped_at)!,
      finishedAt: iso(r.finished_at),
      status: r.finished_at ? ('finished' as const) : ('posting' as const),
      statements: Number(r.statements),
      openStatements: r.open as number,
      lines: r.lines === null || r.lines === undefined ? null : Number(r.lines),
      partyAmount: Number(r.amount),
    })),
    total: total.rows[0]!.n,
    limit,
    offset,
  };
}

/** The longest daily earnings series served, in days. */
export const SERIES_MAX_DAYS = 366;

/**
 * A party's share per business day of payment (marketplace time zone) over [from, to] (dates, both included):
 * `estimated` = lines not settled yet (estimated, completed), `settled` = settled or paid lines, `lines` = lines
 * that are not invalid; every day present (zeros on days without orders), money in fen.
 */
export async function dailyEarnings(
  db: Db,
  q: { partyType: string; partyId: string; from: string; to: string },
  timeZone: string,
) {
  if (q.from > q.to)
    throw unprocessable('from is after to', [{ field: 'to', reason: 'must not be before from' }]);
  const asked = Math.round((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000) + 1;
  if (asked > SERIES_MAX_DAYS)
    throw unprocessable(`the series covers at most ${SERIES_MAX_DAYS} days, asked ${asked}`, [
      {
        field: 'to',
        reason: `at most ${SERIES_MAX_DAYS} days after from`,
        code: 'range_too_long',
        params: { max: SERIES_MAX_DAYS, days: asked },
      },
    ]);
  const days = dayRange(q.from, q.to);
  const { where, share } = partyScope(q.partyType, q.partyId);
  const start = dayStart(q.from, timeZone);
  const end = dayStart(shiftDay(q.to, 1), timeZone);
  const r = await sql<{ day: string; estimated: number; settled: number; lines: number }>`
    SELECT to_char(paid_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day,
      coalesce(sum(${share}) FILTER (WHERE status IN ('estimated','completed')), 0)::bigint AS estimated,
      coalesce(sum(${share}) FILTER (WHERE status IN ('settled','paid')), 0)::bigint AS settled,
      count(*) FILTER (WHERE status <> 'invalid')::int AS lines
    FROM commission_lines WHERE ${where} AND paid_at >= ${start} AND paid_at < ${end}
    GROUP BY 1`.execute(db);
  const byDay = new Map(r.rows.map((x) => [x.day, x]));
  const series = days.map((day) => {
    const x = byDay.get(day);
    return {
      day,
      estimated: Number(x?.estimated ?? 0),
      settled: Number(x?.settled ?? 0),
      lines: x?.lines ?? 0,
    };
  });
  return {
    partyType: q.partyType,
    partyId: q.partyId,
    from: q.from,
    to: q.to,
    timeZone,
    currency: 'CNY',
    days: series,
    totals: {
      estimated: series.reduce((a, d) => a + d.estimated, 0),
      settled: series.reduce((a, d) => a + d.settled, 0),
      lines: series.reduce((a, d) => a + d.lines, 0),
    },
  };
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
