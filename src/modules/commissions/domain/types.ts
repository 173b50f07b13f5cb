/** Plain data shared by the commission engine's pure parts (no I/O, no clock). */

export type PartyType = 'creator' | 'promoter';
export type RecipientType = 'merchant' | 'creator' | 'agency' | 'promoter';

export interface PartyRef {
  type: PartyType;
  id: string;
}

/** Operator settings (one row, `commission_settings`); defaults are documented in docs/commissions.md. */
export interface Settings {
  attributionWindowDays: number;
  selfPurchasePolicy: 'allow' | 'review' | 'forbid';
  holdDays: number;
  settlementDay: number;
  serviceFeeBp: number;
  transactionFeeBp: number;
  leaderOverrideBp: number;
  minClickGapSeconds: number;
  refundFarmingCount: number;
  refundFarmingDays: number;
  /** Most units of one line per category (leaf or ancestor id) before the line goes to review. */
  categoryCaps: Record<string, number>;
}

export const DEFAULT_SETTINGS: Settings = {
  attributionWindowDays: 7,
  selfPurchasePolicy: 'review',
  holdDays: 15,
  settlementDay: 20,
  serviceFeeBp: 1000,
  transactionFeeBp: 500,
  leaderOverrideBp: 1000,
  minClickGapSeconds: 3,
  refundFarmingCount: 3,
  refundFarmingDays: 30,
  categoryCaps: {},
};

export const INVALID_REASONS = [
  'cancelled',
  'refunded',
  'split_parent',
  'self_purchase',
  'abnormal_clicks',
  'refund_farming',
  'quantity_cap',
] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];
export type FraudReason = Extract<
  InvalidReason,
  'self_purchase' | 'abnormal_clicks' | 'refund_farming' | 'quantity_cap'
>;

export type LineStatus = 'estimated' | 'completed' | 'settled' | 'paid' | 'invalid';
