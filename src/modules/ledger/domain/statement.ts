import { normalSide } from './accounts.ts';

/** A posted movement of one account: its effective time is the transaction's, or its posting's for a pending one. */
export interface StatementRow {
  account: string;
  at: Date;
  txId: string;
  line: number;
  key: string;
  kind: string;
  refType: string | null;
  refId: string | null;
  memo: string | null;
  amount: number;
}

export interface StatementLine extends Omit<StatementRow, 'account' | 'at'> {
  at: string;
  /** Business day in the marketplace's time zone. */
  day: string;
  /** The account's posted balance after this line (+ debit / − credit). */
  balance: number;
}

export interface AccountStatement {
  account: string;
  purpose: string;
  normalSide: 'debit' | 'credit';
  opening: number;
  debits: number;
  credits: number;
  closing: number;
  /** Pending (two-phase) amounts open at the end of the month: not in the balances above. */
  pendingClosing: number;
  lines: StatementLine[];
}

export interface Statement {
  ownerType: string;
  ownerId: string;
  month: string;
  timeZone: string;
  from: string;
  to: string;
  accounts: AccountStatement[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

/** The first day of the month after `month` (YYYY-MM → YYYY-MM-01). */
export function nextMonthStart(month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`month ${month} is not YYYY-MM`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
}

/**
 * A party's statement for a month: per account the opening posted balance, the month's posted lines in time
 * order with a running balance, and the closing balance (opening + lines, exactly).
 */
export function buildStatement(input: {
  ownerType: string;
  ownerId: string;
  month: string;
  timeZone: string;
  from: Date;
  to: Date;
  accounts: { name: string; purpose: string }[];
  openings: Map<string, number>;
  pendingClosing: Map<string, number>;
  rows: StatementRow[];
  dayOf: (at: Date) => string;
}): Statement {
  const byAccount = new Map<string, StatementRow[]>();
  for (const r of input.rows) {
    const list = byAccount.get(r.account) ?? [];
    list.push(r);
    byAccount.set(r.account, list);
  }
  const accounts = input.accounts.map((a): AccountStatement => {
    const opening = input.openings.get(a.name) ?? 0;
    let balance = opening;
    let debits = 0;
    let credits = 0;
    const rows = (byAccount.get(a.name) ?? []).sort(
      (x, y) => x.at.getTime() - y.at.getTime() || Number(x.txId) - Number(y.txId) || x.line - y.line,
    );
    const lines = rows.map(({ account: _, at, ...r }) => {
      balance += r.amount;
      if (r.amount > 0) debits += r.amount;
      else credits -= r.amount;
      return { ...r, at: at.toISOString(), day: input.dayOf(at), balance };
    });
    return {
      account: a.name,
      purpose: a.purpose,
      normalSide: normalSide(a.purpose),
      opening,
      debits,
      credits,
      closing: balance,
      pendingClosing: input.pendingClosing.get(a.name) ?? 0,
      lines,
    };
  });
  return {
    ownerType: input.ownerType,
    ownerId: input.ownerId,
    month: input.month,
    timeZone: input.timeZone,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    accounts,
  };
}

export const CSV_COLUMNS = [
  'account',
  'purpose',
  'normal_side',
  'day',
  'at',
  'tx_id',
  'tx_key',
  'kind',
  'ref_type',
  'ref_id',
  'memo',
  'debit',
  'credit',
  'balance',
] as const;

/** One CSV row per line, framed by an opening and a closing row per account; amounts in fen. */
export function statementCsvRows(s: Statement): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (const a of s.accounts) {
    const head = [a.account, a.purpose, a.normalSide];
    out.push([...head, s.month, s.from, '', '', 'opening balance', '', '', '', '', '', a.opening]);
    for (const l of a.lines)
      out.push([
        ...head,
        l.day,
        l.at,
        l.txId,
        l.key,
        l.kind,
        l.refType ?? '',
        l.refId ?? '',
        l.memo ?? '',
        l.amount > 0 ? l.amount : '',
        l.amount < 0 ? -l.amount : '',
        l.balance,
      ]);
    out.push([...head, s.month, s.to, '', '', 'closing balance', '', '', '', a.debits, a.credits, a.closing]);
  }
  return out;
}
