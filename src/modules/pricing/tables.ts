import type { Generated } from 'kysely';
import type { Allocation, Offer, Quote } from './domain/types.ts';
import type { Status } from './schemas.ts';
import type { StoredTerms } from './terms.ts';

/** Row types of the pricing tables (see migrations/0200_pricing.sql), for `typed<PricingTables>(db)`. */
export interface OfferRow {
  id: string;
  merchant_id: string | null;
  kind: string;
  status: Status;
  name: string;
  starts_at: Date;
  ends_at: Date;
  store_ids: string[] | null;
  terms: Offer;
  priority: number;
  version: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface TemplateRow {
  id: string;
  merchant_id: string | null;
  kind: string;
  status: Status;
  name: string;
  store_ids: string[] | null;
  terms: StoredTerms;
  total_quantity: number;
  claimed: number;
  per_user_limit: number;
  per_user_daily_limit: number | null;
  per_day_limit: number | null;
  claim_starts_at: Date;
  claim_ends_at: Date;
  valid_from: Date | null;
  valid_to: Date | null;
  valid_days: number | null;
  audience_id: string | null;
  version: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export type CouponStatus = 'available' | 'reserved' | 'redeemed' | 'expired';
export interface CouponRow {
  id: string;
  template_id: string;
  user_id: string;
  status: CouponStatus;
  claimed_at: Date;
  claim_day: string;
  valid_from: Date;
  valid_to: Date;
  quote_id: string | null;
  order_id: string | null;
  reserved_at: Date | null;
  redeemed_at: Date | null;
  released_at: Date | null;
  returns: number;
  claim_key: string | null;
}

export interface QuoteRow {
  id: string;
  user_id: string | null;
  created_at: Date;
  expires_at: Date;
  request: unknown;
  result: Quote;
  pay_amount: number;
  status: 'open' | 'locked';
}

export type SnapshotStatus = 'held' | 'paid' | 'cancelled' | 'expired' | 'refunded';

/** What an order locked: its store's share of the quote, with the quote's line ids mapped to order line numbers. */
export interface Snapshot {
  quoteId: string;
  storeId: string;
  /** quote lineId → order lineNo */
  lineNos: Record<string, number>;
  /** The store's share of the quote: its lines, allocations and applied sources (a Quote of its own). */
  quote: Quote;
  couponIds: string[];
  flash: { offerId: string; units: number }[];
  /** Problems met after locking (a released reservation taken by another order before payment). */
  conflicts?: string[];
}

export interface SnapshotRow {
  order_id: string;
  quote_id: string;
  store_id: string;
  merchant_id: string;
  user_id: string | null;
  coupon_ids: string[];
  snapshot: Snapshot;
  status: SnapshotStatus;
  locked_at: Date;
  updated_at: Date;
}

export interface AllocationRow {
  order_id: string;
  line_no: number;
  source_type: Allocation['sourceType'];
  source_id: string;
  template_id: string | null;
  layer: string;
  amount: number;
  platform_funded: number;
  merchant_funded: number;
  merchant_id: string;
  store_id: string;
  paid_day: string | null;
}

/** Columns the database fills in (defaults) are optional on insert. */
type Gen<T, K extends keyof T> = Omit<T, K> & { [P in K]: Generated<T[P]> };

export interface PricingTables {
  pricing_offers: Gen<OfferRow, 'created_at' | 'updated_at'>;
  pricing_coupon_templates: Gen<TemplateRow, 'claimed' | 'created_at' | 'updated_at'>;
  pricing_coupons: Gen<CouponRow, 'returns'>;
  pricing_quotes: QuoteRow;
  pricing_order_snapshots: Gen<SnapshotRow, 'locked_at' | 'updated_at'>;
  pricing_allocations: AllocationRow;
  pricing_audience_members: { audience_id: string; user_id: string; added_at: Generated<Date> };
  pricing_points: { user_id: string; balance: number; updated_at: Generated<Date> };
  pricing_flash_stock: { offer_id: string; stock_total: number; stock_left: number; sold: Generated<number> };
}
