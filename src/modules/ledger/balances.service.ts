import type { Db, Tx } from '../../core/db.ts';
import type { Balance } from './domain/types.ts';
import { balancesByName } from './ledger.repo.ts';

/** Cached balances of these accounts; an account never posted to reads zero. */
export async function balances(db: Db | Tx, accounts: string[]): Promise<Map<string, Balance>> {
  const out = new Map<string, Balance>();
  if (accounts.length === 0) return out;
  const rows = await balancesByName(db, [...new Set(accounts)]);
  const found = new Map(rows.map((r) => [r.name, r]));
  for (const name of accounts) {
    const r = found.get(name);
    out.set(name, { posted: r ? Number(r.posted) : 0, pending: r ? Number(r.pending) : 0 });
  }
  return out;
}
