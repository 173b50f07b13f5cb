import { splitLine, type LineAmounts, type LineTerms } from './domain/split.ts';
import type { LineMoney, OrderMoney } from './domain/postings.ts';
import type { CommissionLine, CommissionOrder } from './commissions.repo.ts';

/** Mapping between stored commission rows and the pure domain's terms and amounts. */

export const termsOf = (l: CommissionLine): LineTerms => ({
  paid: l.paid,
  subsidy: l.subsidyFull,
  shipping: l.shippingFull,
  refunded: l.refunded,
  rateBp: l.rateBp,
  serviceFeeBp: l.serviceFeeBp,
  transactionFeeBp: l.transactionFeeBp,
  agencySplitBp: l.agencySplitBp,
  leaderBp: l.leaderBp,
  commissionable: l.status !== 'invalid',
});

/** Recomputes a line's amounts from its terms (after a refund, an invalidation or at creation). */
export function applyAmounts(l: CommissionLine, a: LineAmounts = splitLine(termsOf(l))): CommissionLine {
  l.commission = a.commission;
  l.serviceFee = a.serviceFee;
  l.transactionFee = a.transactionFee;
  l.subsidy = a.subsidy;
  l.shipping = a.shipping;
  l.partyAmount = a.party;
  l.agencyAmount = a.agency;
  l.leaderAmount = a.leader;
  l.merchantAmount = a.merchant;
  return l;
}

export const lineMoney = (l: CommissionLine): LineMoney => ({
  base: l.paid - Math.min(l.refunded, l.paid),
  subsidy: l.subsidy,
  shipping: l.shipping,
  commission: l.commission,
  serviceFee: l.serviceFee,
  transactionFee: l.transactionFee,
  party: l.partyAmount,
  agency: l.agencyAmount,
  leader: l.leaderAmount,
  merchant: l.merchantAmount,
  merchantId: l.merchantId,
  partyType: l.partyType,
  partyId: l.partyId,
  agencyId: l.agencyId,
  leaderId: l.leaderId,
});

export const orderMoney = (o: CommissionOrder, lines: readonly CommissionLine[]): OrderMoney => ({
  consumerId: o.consumerId,
  payAmount: o.payAmount,
  refunded: o.refunded,
  lines: lines.map(lineMoney),
});
