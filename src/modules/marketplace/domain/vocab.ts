/** Closed vocabularies of the marketplace substrate (documented in docs/data-model.md). */

export const SCENES = [
  'search',
  'feed',
  'mall',
  'detail',
  'store',
  'live',
  'video',
  'share',
  'ad',
  'campaign',
  'push',
  'other',
] as const;
export type Scene = (typeof SCENES)[number];

/** Business channel that brought the traffic or order: shelf/organic, merchant self-stream, creator, promoter, ads, joint campaign. */
export const CHANNELS = ['organic', 'self_live', 'creator', 'promoter', 'ad', 'joint'] as const;
export type Channel = (typeof CHANNELS)[number];

export const EVENT_TYPES = [
  'exposure',
  'click',
  'view',
  'cart',
  'favorite',
  'follow',
  'unfollow',
  'share',
  'search',
  'live_enter',
  'live_leave',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ORDER_STATUSES = [
  'created',
  'deposit_paid',
  'paid',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const AFTER_SALE_TYPES = ['refund_only', 'return'] as const;
export const AFTER_SALE_STATUSES = ['requested', 'approved', 'rejected', 'refunded', 'closed'] as const;
export type AfterSaleStatus = (typeof AFTER_SALE_STATUSES)[number];

/** After-sales reason codes; the quality ones feed quality-refund rates in scoring. */
export const REASON_CODES = {
  quality_issue: true,
  not_as_described: true,
  damaged: true,
  wrong_item: true,
  missing_parts: true,
  counterfeit: true,
  size_fit: false,
  changed_mind: false,
  late_delivery: false,
  not_received: false,
  price_drop: false,
  duplicate_order: false,
  other: false,
} as const satisfies Record<string, boolean>;
export type ReasonCode = keyof typeof REASON_CODES;

export const AGE_BANDS = ['<18', '18-24', '25-29', '30-34', '35-39', '40-49', '50+'] as const;
