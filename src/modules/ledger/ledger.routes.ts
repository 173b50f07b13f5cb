import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsync } from 'fastify';
import { principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { assertOwnerScope } from './access.ts';
import { checkBalances } from './check.service.ts';
import { parseAccount } from './domain/accounts.ts';
import { CSV_COLUMNS, statementCsvRows } from './domain/statement.ts';
import type { OwnerType } from './domain/types.ts';
import {
  AccountList,
  AccountParams,
  AccountsQuery,
  EntriesPage,
  EntriesQuery,
  RefQuery,
  RefTransactions,
  StatementParams,
  StatementQuery,
} from './schemas.ts';
import {
  accountEntries,
  allAccounts,
  ownerAccounts,
  statement,
  transactionsByRef,
} from './statements.service.ts';

const tags = ['ledger'];

export const ledgerRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;

    app.get(
      '/ledger/accounts',
      {
        schema: {
          tags,
          summary: "A party's ledger accounts and balances",
          description:
            'Cached posted and pending balances (+ debit / − credit) of the accounts of `owner`. Operators may omit `owner` to page through every account by name.',
          querystring: AccountsQuery,
          response: { 200: AccountList },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const q = req.query as { owner?: string; after?: string; limit: number };
        if (!q.owner) {
          requireRole(req, 'operator');
          return { accounts: await allAccounts(db, q.after, q.limit) };
        }
        const i = q.owner.indexOf(':');
        const ownerType = q.owner.slice(0, i) as OwnerType;
        const ownerId = q.owner.slice(i + 1);
        assertOwnerScope(p, ownerType, ownerId);
        return { accounts: await ownerAccounts(db, ownerType, ownerId) };
      },
    );

    app.get(
      '/ledger/accounts/:name/entries',
      {
        schema: {
          tags,
          summary: "An account's entries, newest first (paged)",
          params: AccountParams,
          querystring: EntriesQuery,
          response: { 200: EntriesPage },
        },
      },
      async (req) => {
        const { name } = req.params as { name: string };
        const parts = parseAccount(name)!;
        assertOwnerScope(principalOf(req), parts.ownerType, parts.ownerId);
        const q = req.query as { limit: number; cursor?: string };
        return accountEntries(db, name, q.cursor, q.limit);
      },
    );

    app.get(
      '/ledger/statements/:ownerType/:ownerId',
      {
        schema: {
          tags,
          summary: "A party's ledger statement for a month",
          description:
            'Per account: opening posted balance, the posted entries of the month (marketplace time zone) with a running balance, closing balance, and pending amounts open at the end. `format=csv` returns text/csv with a header row.',
          params: StatementParams,
          querystring: StatementQuery,
        },
      },
      async (req, reply) => {
        const { ownerType, ownerId } = req.params as { ownerType: OwnerType; ownerId: string };
        assertOwnerScope(principalOf(req), ownerType, ownerId);
        const q = req.query as { month: string; format: 'json' | 'csv' };
        const s = await statement(db, ownerType, ownerId, q.month, ctx.cfg.timeZone);
        if (q.format !== 'csv') return s;
        reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="ledger-${ownerType}-${ownerId}-${q.month}.csv"`,
          );
        return stringify(statementCsvRows(s), { header: true, columns: [...CSV_COLUMNS] });
      },
    );

    app.get(
      '/ledger/transactions',
      {
        schema: {
          tags,
          summary: "A business object's transactions (operators)",
          description:
            'Every transaction referring to refType/refId (e.g. order ord_123) in recording order, with entries; a pending one with its resolution, a resolution with the key it resolves. Spans several parties, so operators only.',
          querystring: RefQuery,
          response: { 200: RefTransactions },
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const q = req.query as { refType: string; refId: string };
        const txs = await transactionsByRef(db, q.refType, q.refId);
        return { transactions: txs.map((t) => ({ ...t, at: t.at.toISOString() })) };
      },
    );

    app.get(
      '/ledger/check',
      {
        schema: {
          tags,
          summary: 'Reconcile cached balances against the entries (operators)',
          description:
            'Recomputes every account balance from the entries and lists the accounts whose cached balances differ; `ok` also needs all balances to sum to zero.',
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        return checkBalances(db);
      },
    );
  };
