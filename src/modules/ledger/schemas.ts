import { Type } from 'typebox';
import { OWNER_TYPES } from './domain/types.ts';

/** Request and response schemas of the ledger API. Amounts are integer fen, + debit / − credit. */

const Opt = Type.Optional;
const OwnerType = Type.Enum([...OWNER_TYPES]);
const OwnerId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[^:\\s]+$' });
const Fen = Type.Integer({ description: 'integer fen, + debit / − credit' });

export const AccountsQuery = Type.Object({
  owner: Opt(
    Type.String({
      pattern: '^(platform|merchant|creator|agency|promoter|consumer):[^:\\s]{1,64}$',
      description:
        'a party as ownerType:ownerId, e.g. creator:cr_1 (operators may omit it to list every account)',
    }),
  ),
  after: Opt(
    Type.String({ maxLength: 200, description: 'without owner: the last account name of the previous page' }),
  ),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
});

export const Account = Type.Object({
  name: Type.String(),
  ownerType: Type.String(),
  ownerId: Type.String(),
  purpose: Type.String(),
  normalSide: Type.Enum(['debit', 'credit']),
  posted: Fen,
  pending: Fen,
});

export const AccountList = Type.Object({ accounts: Type.Array(Account) });

export const AccountParams = Type.Object({
  name: Type.String({
    pattern: '^(platform|merchant|creator|agency|promoter|consumer):[^:\\s]{1,64}:[a-z][a-z0-9_]{0,39}$',
    description: 'ownerType:ownerId:purpose',
  }),
});

export const EntriesQuery = Type.Object({
  limit: Opt(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Opt(Type.String({ pattern: '^\\d+\\.\\d+$', description: 'the `next` of the previous page' })),
});

export const Entry = Type.Object({
  txId: Type.String(),
  line: Type.Integer(),
  key: Type.String(),
  kind: Type.String(),
  refType: Type.Union([Type.String(), Type.Null()]),
  refId: Type.Union([Type.String(), Type.Null()]),
  memo: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
  amount: Fen,
  status: Type.Enum(['posted', 'pending', 'voided']),
  resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const EntriesPage = Type.Object({
  account: Account,
  entries: Type.Array(Entry),
  next: Type.Union([Type.String(), Type.Null()]),
});

export const StatementParams = Type.Object({ ownerType: OwnerType, ownerId: OwnerId });
export const StatementQuery = Type.Object({
  month: Type.String({
    pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
    description: 'YYYY-MM in the marketplace time zone',
  }),
  format: Opt(Type.Enum(['json', 'csv'], { default: 'json' })),
});

export const RefQuery = Type.Object({
  refType: Type.String({ minLength: 1, maxLength: 64, description: 'e.g. order' }),
  refId: Type.String({ minLength: 1, maxLength: 200, description: 'e.g. ord_123' }),
});

export const RefTransactions = Type.Object({
  transactions: Type.Array(
    Type.Object({
      id: Type.String(),
      key: Type.String(),
      kind: Type.String(),
      at: Type.String({ format: 'date-time' }),
      pending: Type.Boolean(),
      memo: Type.Union([Type.String(), Type.Null()]),
      resolution: Type.Union([Type.Enum(['post', 'void']), Type.Null()]),
      resolvedBy: Type.Union([Type.String(), Type.Null()]),
      resolves: Type.Union([Type.String(), Type.Null()]),
      entries: Type.Array(Type.Object({ account: Type.String(), amount: Fen })),
    }),
  ),
});
