import { CompiledQuery } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';

/**
 * Thin set-based statements: each takes whole columns as arrays (unnest), so a call costs a few round trips
 * whatever the number of transactions. Fixed text, so the server can reuse plans.
 */

/** An integer array as a PostgreSQL array literal: joining numbers costs far less than pg's per-element escaping. */
const ints = (xs: number[]) => `{${xs.join(',')}}`;

async function run<R>(db: Db | Tx, text: string, values: unknown[]): Promise<R[]> {
  return (await db.executeQuery<R>(CompiledQuery.raw(text, values))).rows;
}

/**
 * Creates missing accounts (names sorted by the caller, so concurrent creators meet in one order) and returns
 * the ids of all it can see: those it inserted and those that existed before the statement. Names that exist
 * are filtered first (a plain probe costs less than a speculative insert that conflicts). A name another
 * transaction committed while this one waited on it is not returned: the caller reads those with accountIds.
 */
export function upsertAccounts(
  trx: Tx,
  a: { name: string[]; ownerType: string[]; ownerId: string[]; purpose: string[] },
) {
  return run<{ id: number; name: string }>(
    trx,
    `WITH ins AS (
       INSERT INTO ledger_accounts (name, owner_type, owner_id, purpose)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(name, owner_type, owner_id, purpose)
       WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.name = u.name)
       ON CONFLICT (name) DO NOTHING
       RETURNING id, name)
     SELECT id, name FROM ins
     UNION ALL SELECT id, name FROM ledger_accounts WHERE name = ANY($1::text[])`,
    [a.name, a.ownerType, a.ownerId, a.purpose],
  );
}

export function accountIds(db: Db | Tx, names: string[]) {
  return run<{ id: number; name: string }>(
    db,
    'SELECT id, name FROM ledger_accounts WHERE name = ANY($1::text[])',
    [names],
  );
}

/** Inserts transactions whose key is new; returns those created (the others already exist). */
export function insertTransactions(
  trx: Tx,
  t: {
    key: string[];
    kind: string[];
    refType: (string | null)[];
    refId: (string | null)[];
    at: Date[];
    pending: boolean[];
    memo: (string | null)[];
  },
) {
  return run<{ id: number; key: string }>(
    trx,
    `INSERT INTO ledger_transactions (key, kind, ref_type, ref_id, at, pending, memo)
     SELECT k, kind, rt, ri, timestamptz 'epoch' + ms * interval '1 millisecond', p, m
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::boolean[], $7::text[])
       AS u(k, kind, rt, ri, ms, p, m)
     ON CONFLICT (key) DO NOTHING
     RETURNING id, key`,
    [t.key, t.kind, t.refType, t.refId, ints(t.at.map((d) => d.getTime())), t.pending, t.memo],
  );
}

export interface TxRow {
  id: number;
  key: string;
  kind: string;
  pending: boolean;
  resolves_id: number | null;
  resolution: 'post' | 'void' | null;
  ref_type: string | null;
  ref_id: string | null;
}

export function transactionsByKey(db: Db | Tx, keys: string[]) {
  return run<TxRow>(
    db,
    `SELECT id, key, kind, pending, resolves_id, resolution, ref_type, ref_id
     FROM ledger_transactions WHERE key = ANY($1::text[])`,
    [keys],
  );
}

/** The resolution rows of these pending transactions. */
export function resolutionsOf(db: Db | Tx, pendingIds: number[]) {
  return run<TxRow>(
    db,
    `SELECT id, key, kind, pending, resolves_id, resolution, ref_type, ref_id
     FROM ledger_transactions WHERE resolves_id = ANY($1::bigint[])`,
    [pendingIds],
  );
}

/** Inserts entries; the statement trigger checks every transaction sums to zero. */
export function insertEntries(
  trx: Tx,
  e: { txId: number[]; line: number[]; accountId: number[]; amount: number[] },
) {
  return run(
    trx,
    `INSERT INTO ledger_entries (tx_id, line, account_id, amount)
     SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::bigint[], $4::bigint[])`,
    [ints(e.txId), ints(e.line), ints(e.accountId), ints(e.amount)],
  );
}

/** Resolution rows; a pending transaction already resolved, or a key already used, is skipped. */
export function insertResolutions(
  trx: Tx,
  r: {
    key: string[];
    kind: string[];
    refType: (string | null)[];
    refId: (string | null)[];
    at: Date[];
    resolvesId: number[];
    resolution: string[];
  },
) {
  return run<{ id: number; key: string }>(
    trx,
    `INSERT INTO ledger_transactions (key, kind, ref_type, ref_id, at, pending, resolves_id, resolution)
     SELECT k, kind, rt, ri, at, false, rid, res
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::text[])
       AS r(k, kind, rt, ri, at, rid, res)
     ON CONFLICT DO NOTHING
     RETURNING id, key`,
    [r.key, r.kind, r.refType, r.refId, r.at, r.resolvesId, r.resolution],
  );
}

/**
 * The one balance write of a ledger call: the new transactions' deltas summed per account (computed by the
 * caller) plus, for pending transactions resolved by the call, their entries' amounts moved out of `pending`
 * (and into `posted` for a post). The account rows are locked first in id order — the one order every ledger
 * write uses, after all its inserts — so concurrent writers over overlapping accounts queue instead of
 * deadlocking. NO KEY UPDATE, as no key changes.
 */
export function applyDeltas(
  trx: Tx,
  d: { accountId: number[]; posted: number[]; pending: number[]; resolvedTxId: number[]; post: boolean[] },
) {
  return run(
    trx,
    `WITH n AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS n(account_id, posted, pending)),
     r AS (SELECT * FROM unnest($4::bigint[], $5::boolean[]) AS r(tx_id, post)),
     d AS (
       SELECT account_id, sum(posted)::bigint AS posted, sum(pending)::bigint AS pending FROM (
         SELECT account_id, posted, pending FROM n
         UNION ALL
         SELECT e.account_id, CASE WHEN r.post THEN e.amount ELSE 0 END, -e.amount
         FROM ledger_entries e JOIN r ON r.tx_id = e.tx_id) x
       GROUP BY account_id),
     l AS MATERIALIZED (
       SELECT id FROM ledger_accounts WHERE id IN (SELECT account_id FROM d) ORDER BY id FOR NO KEY UPDATE)
     UPDATE ledger_accounts a SET posted = a.posted + d.posted, pending = a.pending + d.pending
     FROM l JOIN d ON d.account_id = l.id
     WHERE a.id = l.id`,
    [ints(d.accountId), ints(d.posted), ints(d.pending), ints(d.resolvedTxId), d.post],
  );
}

export function balancesByName(db: Db | Tx, names: string[]) {
  return run<{ name: string; posted: number; pending: number }>(
    db,
    'SELECT name, posted, pending FROM ledger_accounts WHERE name = ANY($1::text[])',
    [names],
  );
}
