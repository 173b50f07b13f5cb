import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';

export interface Mismatch {
  account: string;
  cached: { posted: number; pending: number };
  recomputed: { posted: number; pending: number };
}

export interface CheckResult {
  ok: boolean;
  /** Accounts checked. */
  accounts: number;
  /** Accounts whose cached balances differ from the sums of their entries. */
  mismatches: Mismatch[];
  /** Sums over every account: both are zero in a sound double-entry ledger. */
  totals: { posted: number; pending: number };
  /** Transactions (other than resolutions) whose entries do not sum to zero or are fewer than two. */
  unbalanced: string[];
}

/**
 * Reconciliation: recomputes every account's posted balance (entries of final transactions and of posted
 * pending ones) and pending balance (entries of unresolved pending ones) from the entries, and reports the
 * accounts whose cached balances differ. Read-only; one scan of the entries.
 */
export async function checkBalances(db: Db | Tx): Promise<CheckResult> {
  const rows = await sql<{
    name: string;
    posted: number;
    pending: number;
    r_posted: number;
    r_pending: number;
  }>`WITH s AS (
      SELECT e.account_id,
        coalesce(sum(e.amount) FILTER (WHERE NOT t.pending OR r.resolution = 'post'), 0)::bigint AS posted,
        coalesce(sum(e.amount) FILTER (WHERE t.pending AND r.id IS NULL), 0)::bigint AS pending
      FROM ledger_entries e
      JOIN ledger_transactions t ON t.id = e.tx_id
      LEFT JOIN ledger_transactions r ON t.pending AND r.resolves_id = t.id
      GROUP BY e.account_id)
    SELECT a.name, a.posted, a.pending, coalesce(s.posted, 0)::bigint AS r_posted,
      coalesce(s.pending, 0)::bigint AS r_pending
    FROM ledger_accounts a LEFT JOIN s ON s.account_id = a.id
    ORDER BY a.name`.execute(db);
  const unbalanced = await sql<{ key: string }>`SELECT t.key FROM ledger_transactions t
      LEFT JOIN ledger_entries e ON e.tx_id = t.id
      WHERE t.resolves_id IS NULL
      GROUP BY t.id, t.key HAVING coalesce(sum(e.amount), 0) <> 0 OR count(e.tx_id) < 2
      ORDER BY t.id LIMIT 100`.execute(db);
  const mismatches: Mismatch[] = [];
  let posted = 0;
  let pending = 0;
  for (const r of rows.rows) {
    posted += Number(r.posted);
    pending += Number(r.pending);
    if (Number(r.posted) !== Number(r.r_posted) || Number(r.pending) !== Number(r.r_pending))
      mismatches.push({
        account: r.name,
        cached: { posted: Number(r.posted), pending: Number(r.pending) },
        recomputed: { posted: Number(r.r_posted), pending: Number(r.r_pending) },
      });
  }
  const unbalancedKeys = unbalanced.rows.map((r) => r.key);
  return {
    ok: mismatches.length === 0 && posted === 0 && pending === 0 && unbalancedKeys.length === 0,
    accounts: rows.rows.length,
    mismatches,
    totals: { posted, pending },
    unbalanced: unbalancedKeys,
  };
}
