import type { LineAmounts } from './split.ts';

/**
 * The chart of accounts (docs/commissions.md): `<ownerType>:<ownerId>:<purpose>`, + debit / − credit.
 *   platform:main:buyer_funds            + what buyers paid, held by the platform
 *   platform:main:subsidy_expense        + platform-funded discounts credited to merchants
 *   platform:main:service_fee_revenue    − platform service fee on commissions
 *   platform:main:transaction_fee_revenue − platform transaction fee on merchants' sales
 *   platform:main:payouts                − money sent out to merchants and parties
 *   consumer:<id>:refunds                − money given back to the buyer
 *   merchant:<id>:payable / available    − owed to the merchant before / after settlement
 *   creator|agency|promoter:<id>:pending / available − earned before / after settlement
 */
/**
 * Ids may hold ':' or spaces (marketplace ids allow ':'); they are %-escaped so the name parses back. An escaped
 * id longer than the ledger's 64 characters is replaced by a stable digest (FNV-1a, 2 × 32 bits) of the id.
 */
function escapeId(id: string): string {
  const e = /[:\s%]/.test(id)
    ? id.replace(/[:\s%]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    : id;
  if (e.length <= 64) return e;
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < id.length; i++) {
    a = Math.imul(a ^ id.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ id.charCodeAt(id.length - 1 - i), 0x811c9dc5) >>> 0;
  }
  return `${e.slice(0, 46)}~${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}
export const account = (ownerType: string, ownerId: string, purpose: string) =>
  `${ownerType}:${escapeId(ownerId)}:${purpose}`;

export const PLATFORM = {
  buyerFunds: account('platform', 'main', 'buyer_funds'),
  subsidy: account('platform', 'main', 'subsidy_expense'),
  serviceFee: account('platform', 'main', 'service_fee_revenue'),
  transactionFee: account('platform', 'main', 'transaction_fee_revenue'),
  payouts: account('platform', 'main', 'payouts'),
} as const;

/** Where a recipient's unsettled earnings sit: a merchant's payable, a party's pending. */
export const unsettled = (type: string, id: string) =>
  account(type, id, type === 'merchant' ? 'payable' : 'pending');
export const available = (type: string, id: string) => account(type, id, 'available');

export interface LineMoney extends LineAmounts {
  merchantId: string;
  partyType: string | null;
  partyId: string | null;
  agencyId: string | null;
  leaderId: string | null;
}

export interface OrderMoney {
  consumerId: string;
  payAmount: number;
  refunded: number;
  lines: readonly LineMoney[];
}

function add(m: Map<string, number>, acct: string, amount: number) {
  if (amount !== 0) m.set(acct, (m.get(acct) ?? 0) + amount);
}

/**
 * The order's money as balances by account: the buyer's payment held by the platform (+ the platform's subsidy)
 * equals what goes to the merchant, parties, platform fees and back to the buyer. Sums to exactly 0 whenever the
 * lines' bases and shipping plus refunds make up the payment (splitLine keeps each line exact).
 */
export function orderEntries(o: OrderMoney): Map<string, number> {
  const m = new Map<string, number>();
  add(m, PLATFORM.buyerFunds, o.payAmount);
  add(m, account('consumer', o.consumerId, 'refunds'), -o.refunded);
  for (const l of o.lines) {
    add(m, PLATFORM.subsidy, l.subsidy);
    add(m, PLATFORM.serviceFee, -l.serviceFee);
    add(m, PLATFORM.transactionFee, -l.transactionFee);
    add(m, unsettled('merchant', l.merchantId), -l.merchant);
    if (l.partyType && l.partyId) add(m, unsettled(l.partyType, l.partyId), -l.party);
    if (l.agencyId) add(m, unsettled('agency', l.agencyId), -l.agency);
    if (l.leaderId) add(m, unsettled('promoter', l.leaderId), -l.leader);
  }
  for (const [k, v] of m) if (v === 0) m.delete(k);
  return m;
}

/** Entries that take balances `before` to `after` (both balanced, so the result is too). */
export function diffEntries(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): { account: string; amount: number }[] {
  const out: { account: string; amount: number }[] = [];
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const d = (after.get(k) ?? 0) - (before.get(k) ?? 0);
    if (d !== 0) out.push({ account: k, amount: d });
  }
  return out.sort((a, b) => (a.account < b.account ? -1 : 1));
}

export const toEntries = (m: ReadonlyMap<string, number>) =>
  [...m].map(([account, amount]) => ({ account, amount })).sort((a, b) => (a.account < b.account ? -1 : 1));

/** Each recipient's share of a line, for statements (zero shares left out). */
export function recipients(l: LineMoney): { type: string; id: string; amount: number }[] {
  const out = [{ type: 'merchant', id: l.merchantId, amount: l.merchant }];
  if (l.partyType && l.partyId) out.push({ type: l.partyType, id: l.partyId, amount: l.party });
  if (l.agencyId) out.push({ type: 'agency', id: l.agencyId, amount: l.agency });
  if (l.leaderId) out.push({ type: 'promoter', id: l.leaderId, amount: l.leader });
  return out.filter((r) => r.amount !== 0);
}
