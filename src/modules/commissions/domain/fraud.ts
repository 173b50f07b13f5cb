import type { FraudReason, Settings } from './types.ts';

/** What the fraud rules look at for one attributed order line. */
export interface FraudFacts {
  /** The consumer is the party itself or one of its registered shopper accounts. */
  selfPurchase: boolean;
  /** Milliseconds from the attributing click to payment (null when not attributed by a click). */
  clickGapMs: number | null;
  /** The consumer's refunded after-sales within the refund-farming window. */
  consumerRefunds: number;
  quantity: number;
  /** The line's category first, then its ancestors. */
  categoryPath: readonly string[];
}

export interface FraudVerdict {
  /** Self-purchase under a `forbid` policy: no commission, no review. */
  invalid: 'self_purchase' | null;
  /** Reasons that hold the line in the review queue until an operator clears or confirms it. */
  review: FraudReason[];
}

export function fraudCheck(f: FraudFacts, s: Settings): FraudVerdict {
  const review: FraudReason[] = [];
  let invalid: FraudVerdict['invalid'] = null;
  if (f.selfPurchase) {
    if (s.selfPurchasePolicy === 'forbid') invalid = 'self_purchase';
    else if (s.selfPurchasePolicy === 'review') review.push('self_purchase');
  }
  if (f.clickGapMs !== null && f.clickGapMs < s.minClickGapSeconds * 1000) review.push('abnormal_clicks');
  if (f.consumerRefunds >= s.refundFarmingCount) review.push('refund_farming');
  const cap = f.categoryPath.map((c) => s.categoryCaps[c]).find((v) => v !== undefined);
  if (cap !== undefined && f.quantity > cap) review.push('quantity_cap');
  return { invalid, review };
}
