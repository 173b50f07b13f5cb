import type { Database } from '../../core/db.ts';
import { checkBalances } from './check.service.ts';

/** `tributary ledger check`: prints the reconciliation and returns the exit code (0 sound, 1 mismatches). */
export async function ledgerCheckCommand(db: Database, out: (line: string) => void): Promise<number> {
  const r = await checkBalances(db.kysely);
  out(`checked ${r.accounts} ledger accounts: ${r.mismatches.length} mismatch(es)`);
  for (const m of r.mismatches)
    out(
      `  ${m.account}: cached posted ${m.cached.posted} pending ${m.cached.pending}, ` +
        `from entries posted ${m.recomputed.posted} pending ${m.recomputed.pending}`,
    );
  out(`sum of balances: posted ${r.totals.posted}, pending ${r.totals.pending} (both 0 when sound)`);
  if (r.unbalanced.length) out(`unbalanced transactions: ${r.unbalanced.join(', ')}`);
  out(r.ok ? 'ledger ok' : 'LEDGER MISMATCH');
  return r.ok ? 0 : 1;
}
