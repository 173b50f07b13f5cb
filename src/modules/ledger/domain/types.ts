/** The ledger's public shapes (see docs/ledger.md). Amounts are fen: + debit / − credit. */

export const OWNER_TYPES = ['platform', 'merchant', 'creator', 'agency', 'promoter', 'consumer'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

export interface EntryInput {
  /** `<ownerType>:<ownerId>:<purpose>`, e.g. `creator:cr_1:pending`. */
  account: string;
  /** Fen, safe integer, + debit / − credit. */
  amount: number;
}

export interface TxInput {
  /** Idempotency key, unique in the ledger: posting the same key again is a no-op. */
  key: string;
  /** e.g. 'commission.estimate', 'commission.settle', 'payout'. */
  kind: string;
  refType?: string;
  refId?: string;
  /** Business time. */
  at: Date;
  /** At least two entries summing exactly to zero. */
  entries: EntryInput[];
  /** Two-phase: counts in `pending` balances until posted or voided. */
  pending?: boolean;
  memo?: string;
}

export interface Posted {
  key: string;
  id: string;
  created: boolean;
}

export interface ResolveInput {
  pendingKey: string;
  action: 'post' | 'void';
  /** The resolution's own idempotency key. */
  key: string;
  at: Date;
}

export interface Balance {
  posted: number;
  pending: number;
}
