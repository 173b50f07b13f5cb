import { applyBp, BP_SCALE, type Fen, mulDiv, splitByWeights } from '../../../core/money.ts';

/**
 * The money of one order line, split between merchant, party (creator or promoter), agency, team leader and
 * platform. Rounding rule (the core's, see core/money.ts): a product amount × rate rounds half away from zero to
 * the fen; a split of an amount between recipients goes by largest remainder (ties to the first listed), so
 * the parts always add up exactly to the whole.
 *
 *   base        = paid − goods refunded                      (paid = line paid after discounts, no shipping)
 *   subsidy     = platform-funded discount, scaled by base / paid when part of the line is refunded
 *   commission  = base × rate                                (0 when the line is not commissionable)
 *   service fee = commission × service fee rate              (platform, out of the commission)
 *   net         = commission − service fee → [leader, rest] by leader bp; rest → [agency, party] by agency bp
 *   tx fee      = (base + subsidy) × transaction fee rate    (platform, on the merchant's sales; never more
 *                 than what is left of the line after the commission)
 *   merchant    = base + subsidy + shipping − commission − tx fee
 * so merchant + party + agency + leader + service fee + tx fee = base + subsidy + shipping, exactly.
 */
export interface LineTerms {
  paid: Fen;
  subsidy: Fen;
  /** Shipping this line carries (an order's shipping rides on its first line). */
  shipping: Fen;
  /** Refunded against this line so far: goods first, then its shipping. */
  refunded: Fen;
  rateBp: number;
  serviceFeeBp: number;
  transactionFeeBp: number;
  /** The agency's share of the creator's net commission (0 without a contract). */
  agencySplitBp: number;
  /** The team leader's override out of the promoter's net commission (0 without a leader). */
  leaderBp: number;
  commissionable: boolean;
}

export interface LineAmounts {
  base: Fen;
  subsidy: Fen;
  shipping: Fen;
  commission: Fen;
  serviceFee: Fen;
  transactionFee: Fen;
  party: Fen;
  agency: Fen;
  leader: Fen;
  merchant: Fen;
}

const pair = (amount: Fen, bp: number): [Fen, Fen] => {
  const [a, b] = splitByWeights(amount, [bp, BP_SCALE - bp]);
  return [a!, b!];
};

export function splitLine(t: LineTerms): LineAmounts {
  const goodsRefund = Math.min(t.refunded, t.paid);
  const base = t.paid - goodsRefund;
  const shipping = Math.max(0, t.shipping - (t.refunded - goodsRefund));
  const subsidy = t.paid === 0 ? t.subsidy : mulDiv(t.subsidy, base, t.paid);
  const commission = t.commissionable ? applyBp(base, t.rateBp) : 0;
  const serviceFee = applyBp(commission, t.serviceFeeBp);
  const [leader, rest] = pair(commission - serviceFee, t.leaderBp);
  const [agency, party] = pair(rest, t.agencySplitBp);
  // Two round-ups (commission and fee) could take a fen more than the line has: the fee gives way.
  const transactionFee = Math.min(
    applyBp(base + subsidy, t.transactionFeeBp),
    base + subsidy + shipping - commission,
  );
  const merchant = base + subsidy + shipping - commission - transactionFee;
  return { base, subsidy, shipping, commission, serviceFee, transactionFee, party, agency, leader, merchant };
}

/** What a line can still give back to the buyer: its remaining goods and shipping. */
export const refundable = (t: Pick<LineTerms, 'paid' | 'shipping' | 'refunded'>): Fen =>
  t.paid + t.shipping - t.refunded;

/**
 * A refund spread over lines: a line refund goes to its line as far as the line can give back; an order-level
 * refund (or what a line could not take) is split over the lines by what each can still give back (largest
 * remainder), so no line is refunded beyond its goods and shipping. Marketplace rules keep refunds within what was
 * paid; anything above what is left on the whole order is not applied (the parts sum to min(amount, left)).
 */
export function apportionRefund(
  lines: readonly Pick<LineTerms, 'paid' | 'shipping' | 'refunded'>[],
  amount: Fen,
  lineIndex: number | null,
): Fen[] {
  const room = lines.map(refundable);
  const out = lines.map(() => 0);
  let left = amount;
  if (lineIndex !== null && lineIndex < lines.length) {
    out[lineIndex] = Math.min(left, room[lineIndex]!);
    room[lineIndex]! -= out[lineIndex];
    left -= out[lineIndex]!;
  }
  const total = room.reduce((a, b) => a + b, 0);
  if (left <= 0 || total === 0) return out;
  const spread = splitByWeights(Math.min(left, total), room);
  return out.map((v, i) => v + spread[i]!);
}
