import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context.ts';
import type { ModuleDef } from '../../core/http.ts';
import { ledgerRoutes } from './ledger.routes.ts';

export { balances } from './balances.service.ts';
export { type CheckResult, checkBalances, type Mismatch } from './check.service.ts';
export { accountName, normalSide, parseAccount } from './domain/accounts.ts';
export type { Balance, EntryInput, OwnerType, Posted, ResolveInput, TxInput } from './domain/types.ts';
export { OWNER_TYPES } from './domain/types.ts';
export {
  type BatchResult,
  type LedgerBatch,
  postBatch,
  postTransactions,
  resolvePending,
} from './posting.service.ts';
export type { AccountStatement, Statement, StatementLine } from './domain/statement.ts';
export { statement, transactionsByRef } from './statements.service.ts';
export { ledgerCheckCommand } from './cli.ts';

/**
 * Ledger: double-entry, append-only accounts for every party (merchants, creators, agencies, promoters, the
 * platform), pending (two-phase) postings, statements and reconciliation. Other modules write through
 * postBatch (or its halves postTransactions / resolvePending) inside their own database transactions, one
 * call per transaction where they can (see docs/ledger.md, Concurrency).
 */
export const ledgerModule: ModuleDef = {
  name: 'ledger',
  routes:
    (ctx: AppContext): FastifyPluginAsync =>
    async (app) => {
      await app.register(ledgerRoutes(ctx));
    },
};
