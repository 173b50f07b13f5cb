import { OWNER_TYPES, type OwnerType } from './types.ts';

/** Account names are `<ownerType>:<ownerId>:<purpose>`; the owner id holds no colon or space. */
const NAME = /^(platform|merchant|creator|agency|promoter|consumer):([^:\s]{1,64}):([a-z][a-z0-9_]{0,39})$/;
const OWNER_ID = /^[^:\s]{1,64}$/;
const PURPOSE = /^[a-z][a-z0-9_]{0,39}$/;

export interface AccountParts {
  ownerType: OwnerType;
  ownerId: string;
  purpose: string;
}

export function isOwnerType(s: string): s is OwnerType {
  return (OWNER_TYPES as readonly string[]).includes(s);
}

/** Builds an account name; throws on parts that would not parse back (a programming error in the caller). */
export function accountName(ownerType: OwnerType, ownerId: string, purpose: string): string {
  if (!isOwnerType(ownerType)) throw new Error(`unknown ledger owner type ${ownerType}`);
  if (!OWNER_ID.test(ownerId))
    throw new Error(`ledger owner id "${ownerId}" must be 1–64 chars without ':' or spaces`);
  if (!PURPOSE.test(purpose)) throw new Error(`ledger purpose "${purpose}" must be lower snake case`);
  return `${ownerType}:${ownerId}:${purpose}`;
}

/** The parts of a well-formed account name, or null. */
export function parseAccount(name: string): AccountParts | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return { ownerType: m[1] as OwnerType, ownerId: m[2]!, purpose: m[3]! };
}

/**
 * Purposes whose normal balance is a credit (liabilities, revenue): shown negated so that money the platform
 * owes or earned reads positive. Every other purpose (receivables, expenses, cash) is debit-normal.
 */
const CREDIT_NORMAL = new Set([
  'payable',
  'pending',
  'available',
  'commission',
  'fee_revenue',
  'revenue',
  'deferred',
  'refund_payable',
  'payouts',
  'refunds',
]);

export function normalSide(purpose: string): 'debit' | 'credit' {
  return CREDIT_NORMAL.has(purpose) || purpose.endsWith('_payable') || purpose.endsWith('_revenue')
    ? 'credit'
    : 'debit';
}

/** A signed balance (+ debit) as shown for its purpose: credit-normal accounts negated. */
export function shown(purpose: string, amount: number): number {
  return normalSide(purpose) === 'credit' ? -amount : amount;
}
