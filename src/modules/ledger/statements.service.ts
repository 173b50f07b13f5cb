import type { Db } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import { businessDay, dayStart } from '../../core/time.ts';
import { normalSide } from './domain/accounts.ts';
import { buildStatement, nextMonthStart, type Statement } from './domain/statement.ts';
import * as repo from './statements.repo.ts';

const view = (a: repo.AccountRow) => ({
  name: a.name,
  ownerType: a.owner_type,
  ownerId: a.owner_id,
  purpose: a.purpose,
  normalSide: normalSide(a.purpose),
  posted: Number(a.posted),
  pending: Number(a.pending),
});
export type AccountView = ReturnType<typeof view>;

/** A party's accounts with their cached balances. */
export async function ownerAccounts(db: Db, ownerType: string, ownerId: string) {
  return (await repo.accountsOf(db, ownerType, ownerId)).map(view);
}

export async function allAccounts(db: Db, after: string | undefined, limit: number) {
  return (await repo.accountsPage(db, after, limit)).map(view);
}

/** One account's entries, newest first; `cursor` is the `next` of the previous page. */
export async function accountEntries(db: Db, name: string, cursor: string | undefined, limit: number) {
  const a = await repo.accountByName(db, name);
  if (!a) throw notFound(`there is no ledger account ${name}`);
  const m = cursor ? /^(\d+)\.(\d+)$/.exec(cursor) : null;
  const before = m ? { txId: Number(m[1]), line: Number(m[2]) } : undefined;
  const rows = await repo.entriesPage(db, Number(a.id), before, limit);
  const last = rows[rows.length - 1];
  return {
    account: view(a),
    entries: rows.map((r) => ({
      txId: String(r.tx_id),
      line: r.line,
      key: r.key,
      kind: r.kind,
      refType: r.ref_type,
      refId: r.ref_id,
      memo: r.memo,
      at: new Date(r.at).toISOString(),
      amount: Number(r.amount),
      status: r.pending
        ? r.resolution === 'post'
          ? 'posted'
          : r.resolution === 'void'
            ? 'voided'
            : 'pending'
        : 'posted',
      resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    })),
    next: rows.length === limit && last ? `${last.tx_id}.${last.line}` : null,
  };
}

/** A party's ledger statement for a month of the marketplace's time zone. */
export async function statement(
  db: Db,
  ownerType: string,
  ownerId: string,
  month: string,
  timeZone: string,
): Promise<Statement> {
  const from = dayStart(`${month}-01`, timeZone);
  const to = dayStart(nextMonthStart(month), timeZone);
  const accounts = await repo.accountsOf(db, ownerType, ownerId);
  const ids = accounts.map((a) => Number(a.id));
  const nameOf = new Map(accounts.map((a) => [Number(a.id), a.name]));
  const [open, moves, pend] = ids.length
    ? await Promise.all([
        repo.openings(db, ids, from),
        repo.movements(db, ids, from, to),
        repo.pendingAt(db, ids, to),
      ])
    : [[], [], []];
  const byName = (rows: { account_id: number; amount: number }[]) =>
    new Map(rows.map((r) => [nameOf.get(Number(r.account_id))!, Number(r.amount)]));
  return buildStatement({
    ownerType,
    ownerId,
    month,
    timeZone,
    from,
    to,
    accounts: accounts.map((a) => ({ name: a.name, purpose: a.purpose })),
    openings: byName(open),
    pendingClosing: byName(pend),
    rows: moves.map((r) => ({
      account: nameOf.get(Number(r.account_id))!,
      at: new Date(r.at),
      txId: String(r.tx_id),
      line: r.line,
      key: r.key,
      kind: r.kind,
      refType: r.ref_type,
      refId: r.ref_id,
      memo: r.memo,
      amount: Number(r.amount),
    })),
    dayOf: (at) => businessDay(at, timeZone),
  });
}

/**
 * The ledger's record of one business object (e.g. `order`, `ord_1`) in recording order: its transactions
 * with their entries; a pending one with its resolution (`post`, `void` or null), and resolution rows with the
 * key of the transaction they resolve.
 */
export async function transactionsByRef(db: Db, refType: string, refId: string) {
  return (await repo.byRef(db, refType, refId)).map((r) => ({
    id: String(r.id),
    key: r.key,
    kind: r.kind,
    at: new Date(r.at),
    pending: r.pending,
    memo: r.memo,
    resolution: r.resolution,
    resolvedBy: r.resolved_by,
    resolves: r.resolves_key,
    entries: r.entries.map((e) => ({ account: e.account, amount: Number(e.amount) })),
  }));
}
