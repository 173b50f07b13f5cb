import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';

/**
 * Reads for balances, entry lists and statements. An entry counts in posted balances from its effective time:
 * its transaction's `at`, or for a pending transaction the `at` of the resolution that posted it; entries of
 * unresolved or voided pending transactions never do.
 */

export interface AccountRow {
  id: number;
  name: string;
  owner_type: string;
  owner_id: string;
  purpose: string;
  posted: number;
  pending: number;
}

export async function accountsOf(db: Db, ownerType: string, ownerId: string) {
  return (
    await sql<AccountRow>`SELECT id, name, owner_type, owner_id, purpose, posted, pending FROM ledger_accounts
      WHERE owner_type = ${ownerType} AND owner_id = ${ownerId} ORDER BY name`.execute(db)
  ).rows;
}

/** Every account by name, paged (operators). */
export async function accountsPage(db: Db, after: string | undefined, limit: number) {
  return (
    await sql<AccountRow>`SELECT id, name, owner_type, owner_id, purpose, posted, pending FROM ledger_accounts
      WHERE ${after ?? null}::text IS NULL OR name > ${after ?? null}::text ORDER BY name LIMIT ${limit}`.execute(
      db,
    )
  ).rows;
}

export async function accountByName(db: Db, name: string) {
  return (
    await sql<AccountRow>`SELECT id, name, owner_type, owner_id, purpose, posted, pending FROM ledger_accounts
      WHERE name = ${name}`.execute(db)
  ).rows[0];
}

export interface EntryRow {
  tx_id: number;
  line: number;
  amount: number;
  key: string;
  kind: string;
  ref_type: string | null;
  ref_id: string | null;
  memo: string | null;
  at: Date;
  pending: boolean;
  resolution: 'post' | 'void' | null;
  resolved_at: Date | null;
}

/** An account's entries, newest first, before the cursor (tx id, line). */
export async function entriesPage(
  db: Db,
  accountId: number,
  before: { txId: number; line: number } | undefined,
  limit: number,
) {
  return (
    await sql<EntryRow>`SELECT e.tx_id, e.line, e.amount, t.key, t.kind, t.ref_type, t.ref_id, t.memo, t.at,
        t.pending, r.resolution, r.at AS resolved_at
      FROM ledger_entries e
      JOIN ledger_transactions t ON t.id = e.tx_id
      LEFT JOIN ledger_transactions r ON t.pending AND r.resolves_id = t.id
      WHERE e.account_id = ${accountId}
        AND (${before?.txId ?? null}::bigint IS NULL OR (e.tx_id, e.line) < (${before?.txId ?? 0}::bigint, ${before?.line ?? 0}::smallint))
      ORDER BY e.tx_id DESC, e.line DESC
      LIMIT ${limit}`.execute(db)
  ).rows;
}

/** The posted movements of these accounts, as (effective time, entry) rows. */
const effective = (accountIds: number[]) => sql`SELECT e.account_id, e.tx_id, e.line, e.amount, t.key, t.kind,
    t.ref_type, t.ref_id, t.memo, CASE WHEN t.pending THEN r.at ELSE t.at END AS at
  FROM ledger_entries e
  JOIN ledger_transactions t ON t.id = e.tx_id
  LEFT JOIN ledger_transactions r ON t.pending AND r.resolves_id = t.id
  WHERE e.account_id = ANY(${accountIds}::bigint[]) AND (NOT t.pending OR r.resolution = 'post')`;

export async function openings(db: Db, accountIds: number[], from: Date) {
  return (
    await sql<{ account_id: number; amount: number }>`SELECT account_id, sum(amount)::bigint AS amount
      FROM (${effective(accountIds)}) x WHERE at < ${from} GROUP BY account_id`.execute(db)
  ).rows;
}

export async function movements(db: Db, accountIds: number[], from: Date, to: Date) {
  return (
    await sql<{
      account_id: number;
      tx_id: number;
      line: number;
      amount: number;
      key: string;
      kind: string;
      ref_type: string | null;
      ref_id: string | null;
      memo: string | null;
      at: Date;
    }>`SELECT * FROM (${effective(accountIds)}) x WHERE at >= ${from} AND at < ${to}
      ORDER BY at, tx_id, line`.execute(db)
  ).rows;
}

/** Pending amounts open at `to`: pending transactions before it, not resolved before it. */
export async function pendingAt(db: Db, accountIds: number[], to: Date) {
  return (
    await sql<{ account_id: number; amount: number }>`SELECT e.account_id, sum(e.amount)::bigint AS amount
      FROM ledger_entries e
      JOIN ledger_transactions t ON t.id = e.tx_id AND t.pending
      LEFT JOIN ledger_transactions r ON r.resolves_id = t.id
      WHERE e.account_id = ANY(${accountIds}::bigint[]) AND t.at < ${to} AND (r.id IS NULL OR r.at >= ${to})
      GROUP BY e.account_id`.execute(db)
  ).rows;
}

/** Transactions referring to one business object (e.g. an order), with their entries and resolution. */
export async function byRef(db: Db, refType: string, refId: string) {
  return (
    await sql<{
      id: number;
      key: string;
      kind: string;
      at: Date;
      pending: boolean;
      memo: string | null;
      resolves_key: string | null;
      resolution: 'post' | 'void' | null;
      resolved_by: string | null;
      entries: { account: string; amount: number }[];
    }>`SELECT t.id, t.key, t.kind, t.at, t.pending, t.memo, p.key AS resolves_key, coalesce(t.resolution, r.resolution) AS resolution,
        r.key AS resolved_by,
        coalesce((SELECT json_agg(json_build_object('account', a.name, 'amount', e.amount) ORDER BY e.line)
          FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.tx_id = t.id), '[]') AS entries
      FROM ledger_transactions t
      LEFT JOIN ledger_transactions p ON p.id = t.resolves_id
      LEFT JOIN ledger_transactions r ON t.pending AND r.resolves_id = t.id
      WHERE t.ref_type = ${refType} AND t.ref_id = ${refId}
      ORDER BY t.id`.execute(db)
  ).rows;
}
