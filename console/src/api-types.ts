// Shapes of the Tributary REST API as the console uses them.
// Money is integer fen; days are 'YYYY-MM-DD' in the marketplace time zone.

export type Role = 'operator' | 'merchant' | 'creator' | 'agency' | 'promoter' | 'integration';

export interface User {
  id: string;
  login: string;
  role: Role;
  /** The party the user acts for: for a merchant, its merchant id. */
  partyId: string | null;
  displayName: string;
}

export interface LoginResponse {
  token: string;
  user: User;
}

export type MerchantType = 'self' | 'pop';

export interface OperatorOverview {
  currency: string;
  from: string;
  to: string;
  totals: { gmv: number; orders: number; buyers: number; merchants: number; activeMerchants: number };
  daily: { day: string; gmv: number; orders: number; buyers: number }[];
  topMerchants: { merchantId: string; name: string; type: MerchantType; gmv: number; orders: number }[];
}

export interface MerchantOverview {
  merchant: { id: string; name: string; type: MerchantType };
  currency: string;
  from: string;
  to: string;
  totals: { gmv: number; orders: number; buyers: number; visitors: number; conversionBp: number };
  daily: { day: string; gmv: number; orders: number; buyers: number; visitors: number }[];
}

export interface MerchantSummary {
  id: string;
  name: string;
  type: MerchantType;
  onboardedAt: string;
  storeCount: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

// ---- Pricing: offers (promotions), coupon templates, quotes ----

export type PromoStatus = 'draft' | 'active' | 'paused' | 'ended';

export const ITEM_OFFER_KINDS = [
  'price_cut',
  'flash_sale',
  'fan_price',
  'new_customer_price',
  'live_price',
  'presale',
] as const;
export const THRESHOLD_OFFER_KINDS = [
  'store_threshold',
  'cross_store_threshold',
  'platform_threshold',
] as const;
export const OFFER_KINDS = [...ITEM_OFFER_KINDS, ...THRESHOLD_OFFER_KINDS] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];
/** Kinds only operators create: they belong to the platform, not to one merchant. */
export const PLATFORM_OFFER_KINDS: readonly OfferKind[] = ['cross_store_threshold', 'platform_threshold'];

export const COUPON_KINDS = ['store', 'product', 'channel', 'live', 'cross_store', 'platform'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];
export const PLATFORM_COUPON_KINDS: readonly CouponKind[] = ['cross_store', 'platform'];

export const ITEM_RULE_TYPES = ['price', 'off', 'rate'] as const;
export const THRESHOLD_RULE_TYPES = [
  'amount_tiers',
  'amount_every',
  'percent_tiers',
  'qty_percent_tiers',
  'qty_fixed_price',
  'buy_x_get_y',
] as const;
export type OfferRuleType = (typeof ITEM_RULE_TYPES)[number] | (typeof THRESHOLD_RULE_TYPES)[number];

export interface IdFilter {
  skuIds?: string[];
  productIds?: string[];
  categoryIds?: string[];
  brandIds?: string[];
}

export interface Scope extends IdFilter {
  storeIds?: string[];
  exclude?: IdFilter;
}

/** One flat rule object as the API takes it; which fields count depends on `type`. Money in fen, rates in bp. */
export interface OfferRule {
  type: OfferRuleType;
  price?: number;
  off?: number;
  rateBp?: number;
  tiers?: { min?: number; off?: number; rateBp?: number; minQty?: number }[];
  every?: number;
  cap?: number;
  qty?: number;
  buy?: number;
  get?: number;
  maxApplications?: number;
}

export interface Presale {
  depositPerUnit: number;
  worthPerUnit: number;
  balanceStartsAt: string;
  balanceEndsAt: string;
}

export interface OfferBody {
  name: string;
  kind: OfferKind;
  merchantId?: string;
  scope: Scope;
  startsAt: string;
  endsAt: string;
  rule: OfferRule;
  status?: 'draft' | 'active';
  priority?: number;
  platformFundedBp?: number;
  audienceId?: string;
  group?: string;
  stackable?: boolean;
  stockLeft?: number;
  perUserLimit?: number;
  liveSessionId?: string;
  presale?: Presale;
}

export interface Offer extends Omit<OfferBody, 'status'> {
  id: string;
  status: PromoStatus;
  version: number;
  /** flash_sale: live stock and units sold at the flash price. */
  sold?: number;
  createdAt: string;
  updatedAt: string;
}

export interface CouponRule {
  type: 'amount' | 'percent';
  /** Threshold in fen; 0 = no threshold (无门槛). */
  min: number;
  off?: number;
  rateBp?: number;
  maxOff?: number;
}

export interface TemplateBody {
  name: string;
  kind: CouponKind;
  merchantId?: string;
  scope: Scope;
  rule: CouponRule;
  status?: 'draft' | 'active';
  platformFundedBp?: number;
  channel?: { promoterId?: string; creatorId?: string };
  liveSessionId?: string;
  audienceId?: string;
  group?: string;
  stackable?: boolean;
  priority?: number;
  totalQuantity: number;
  perUserLimit?: number;
  perUserDailyLimit?: number;
  perDayLimit?: number;
  claimStartsAt: string;
  claimEndsAt: string;
  validity: { from?: string; to?: string; days?: number };
}

export interface CouponTemplate extends Omit<TemplateBody, 'status'> {
  id: string;
  status: PromoStatus;
  claimed: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A problem with one field of a request, as the validate routes and 422 responses list them. */
export interface FieldIssue {
  field: string;
  /** The server's English sentence: shown as it is when the console does not know `code`. */
  reason: string;
  /** Stable machine code, e.g. `tier_off_not_below_min` (`schema` for a body of the wrong shape). */
  code?: string;
  /** The figures of the sentence: money in fen, rates in bp, instants as ISO strings, tiers from 1. */
  params?: Record<string, string | number>;
}

export interface ValidationResult {
  valid: boolean;
  issues: FieldIssue[];
}

/** Orders, units, discount by funder and GMV of paid orders that used an offer or a template's coupons. */
export interface UsageStats {
  orders: number;
  units: number;
  discount: number;
  platformFunded: number;
  merchantFunded: number;
  gmv: number;
}

export interface OfferStats extends UsageStats {
  offerId: string;
}

export interface TemplateStats extends UsageStats {
  templateId: string;
  totalQuantity: number;
  claimed: number;
  available: number;
  reserved: number;
  redeemed: number;
  expired: number;
  returned: number;
}

export interface ListPage<T> extends Page<T> {
  limit: number;
  offset: number;
}

export interface ProductSku {
  id: string;
  price: number;
  stock: number;
}

export interface MerchantProduct {
  id: string;
  storeId: string;
  title: string;
  categoryId: string;
  status: string;
  minPrice: number;
  stock: number;
  skus?: ProductSku[];
}

export type Layer = 'item' | 'store' | 'cross' | 'coupon' | 'points';
export type SourceType = 'offer' | 'coupon' | 'points';

export const NOT_USED_REASONS = [
  'not_started',
  'ended',
  'not_in_scope',
  'not_in_audience',
  'not_follower',
  'not_new_customer',
  'not_live_order',
  'wrong_channel',
  'sold_out',
  'limit_reached',
  'threshold_short',
  'excluded_by_group',
  'not_stackable',
  'better_price',
  'slot_taken',
  'no_saving',
] as const;
export type NotUsedReason = (typeof NOT_USED_REASONS)[number];

export interface QuoteContext {
  liveSessionId?: string;
  creatorId?: string;
  promoterId?: string;
}

export interface QuoteRequest {
  userId?: string;
  lines: { skuId: string; quantity: number }[];
  context?: QuoteContext;
  usePoints?: boolean;
}

export interface PathStep {
  layer: Layer;
  sourceType: SourceType;
  sourceId: string;
  name: string;
  amount: number;
  after: number;
}

export interface QuotedLine {
  lineId: string;
  skuId: string;
  storeId: string;
  merchantId: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  discount: number;
  paid: number;
  path: PathStep[];
  presale?: { deposit: number; balance: number; balanceStartsAt: string; balanceEndsAt: string };
}

export interface AppliedSource {
  sourceType: SourceType;
  id: string;
  kind: string;
  name: string;
  layer: Layer;
  saving: number;
  platformFunded: number;
  merchantFunded: number;
  templateId?: string;
  basis?: number;
}

export interface NotUsed {
  sourceType: SourceType;
  id: string;
  name: string;
  reason: NotUsedReason;
  detail: string;
  shortBy?: number;
  by?: string;
}

export interface Quote {
  quoteId: string;
  expiresAt: string;
  exact: boolean;
  method: 'branch_and_bound' | 'heuristic';
  methodNote?: string;
  searchNodes: number;
  itemsAmount: number;
  discountAmount: number;
  pointsUsed: number;
  pointsValue: number;
  payAmount: number;
  baselinePayAmount: number;
  stores: { storeId: string; amount: number; discount: number; paid: number }[];
  lines: QuotedLine[];
  applied: AppliedSource[];
  notUsed: NotUsed[];
}

export interface AddOnSuggestion {
  sourceType: 'offer' | 'coupon';
  id: string;
  name: string;
  basis: number;
  nextMin: number;
  unit: 'fen' | 'items';
  gap: number;
  nextSaving: number;
  items: { skuId: string; price: number; excess: number }[];
}

export interface AddOns {
  payAmount: number;
  suggestions: AddOnSuggestion[];
}

// ---- Distribution, commissions and the ledger (docs/distribution.md, docs/ledger.md) ----

export type PartyType = 'creator' | 'agency' | 'promoter';
export type PlanKind = 'open' | 'targeted' | 'exclusive';
export type PlanStatus = 'active' | 'paused' | 'ended';

export interface PlanBoost {
  id?: string;
  name: string;
  extraBp: number;
  startsAt: string;
  endsAt: string;
}

export interface PlanBody {
  id?: string;
  merchantId?: string;
  name: string;
  kind: PlanKind;
  status?: 'active' | 'paused';
  defaultRateBp: number;
  presaleRateBp?: number | null;
  couponTemplateId?: string | null;
  startsAt: string;
  endsAt?: string | null;
  products?: { productId: string; rateBp?: number }[];
  parties?: { type: PartyType; id: string }[];
  boosts?: PlanBoost[];
}

export interface Plan {
  id: string;
  merchantId: string;
  name: string;
  kind: PlanKind;
  status: PlanStatus;
  defaultRateBp: number;
  presaleRateBp: number | null;
  couponTemplateId: string | null;
  startsAt: string;
  endsAt: string | null;
  products: { productId: string; rateBp: number }[];
  /** Absent for creators, agencies and promoters. */
  parties?: { type: PartyType; id: string }[];
  boosts: (PlanBoost & { id: string })[];
  createdAt: string;
  updatedAt: string;
}

export interface PlanProduct {
  productId: string;
  title: string | null;
  status: string | null;
  price: number | null;
  baseRateBp: number;
  presaleRateBp: number | null;
  rateBp: number;
}

export interface PlanProducts {
  planId: string;
  boostBp: number;
  items: PlanProduct[];
  total: number;
}

export interface SquareProduct {
  productId: string;
  title: string;
  merchantId: string;
  storeId: string;
  categoryId: string;
  brandId: string | null;
  price: number;
  planId: string;
  planKind: PlanKind;
  rateBp: number;
  boostBp: number;
  commissionPerUnit: number;
  couponTemplateId: string | null;
  sales30d: number;
  /** Latest product score 0–100 and store experience score 3.00–5.00 (null when unscored). */
  productScore?: number | null;
  storeScore?: number | null;
  selected: boolean;
}

export type SelectionItem =
  | (Omit<SquareProduct, 'selected'> & { available: true; selectedAt: string })
  | { productId: string; available: false; selectedAt: string };

export interface ShareLink {
  id: string;
  code: string;
  partyType: 'creator' | 'promoter';
  partyId: string;
  planId: string | null;
  productId: string | null;
  storeId: string | null;
  subId: string | null;
  targetUrl: string;
  createdAt: string;
  /** Names beside the ids (list responses). */
  partyName?: string | null;
  productTitle?: string | null;
  storeName?: string | null;
  planName?: string | null;
  clicks?: number;
  consumers?: number;
  lastClickAt?: string | null;
}

export interface LinkClicks {
  link: ShareLink;
  from: string;
  to: string;
  clicks: number;
  days: { day: string; clicks: number; consumers: number }[];
}

export const LINE_STATUSES = ['estimated', 'completed', 'settleable', 'settled', 'paid', 'invalid'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export interface CommissionLine {
  orderId: string;
  lineNo: number;
  productId: string;
  productTitle: string | null;
  storeId: string | null;
  storeName: string | null;
  merchantId: string;
  merchantName: string | null;
  planId: string | null;
  planName: string | null;
  rateBp: number;
  /** Paid less refunded, fen: what the rate applies to. */
  base: number;
  estimatedCommission: number;
  commission: number;
  /** The caller's part of the commission (after service fee, agency split, leader override). */
  share: number;
  status: LineStatus;
  statusCode: number;
  invalidReason: string | null;
  inReview: boolean;
  paidAt: string;
  completedAt: string | null;
  settleMonth: string | null;
}

export interface CommissionOrders {
  items: CommissionLine[];
  totals: { estimated: number; settled: number; paid: number; invalid: number; lines: number };
  next: string | null;
}

export interface MerchantCommissionReport {
  merchantId: string;
  merchantName: string | null;
  totals: {
    orders: number;
    sales: number;
    commission: number;
    transactionFee: number;
    serviceFeeInCommission: number;
    platformSubsidy: number;
    payable: number;
  };
  byParty: {
    partyType: string;
    partyId: string;
    partyName: string | null;
    orders: number;
    sales: number;
    commission: number;
  }[];
  byProduct: {
    productId: string;
    productTitle: string | null;
    orders: number;
    units: number;
    sales: number;
    commission: number;
  }[];
}

export interface CommissionStatement {
  id: string;
  month: string;
  partyType: string;
  partyId: string;
  partyName: string | null;
  lines: number;
  amount: number;
  adjustments: number;
  status: 'open' | 'settled' | 'paid';
  settledAt: string | null;
  paidAt: string | null;
}

export type FeeKind = 'transaction' | 'service';

export interface FeePolicyBody {
  id?: string;
  name: string;
  kind: FeeKind;
  defaultBp?: number | null;
  categoryBp?: Record<string, number>;
  merchantTypes?: MerchantType[] | null;
  scenes?: string[] | null;
  channels?: string[] | null;
  priority?: number;
  startsAt: string;
  endsAt?: string | null;
}

export interface FeePolicy {
  id: string;
  version: number;
  name: string;
  kind: FeeKind;
  defaultBp: number | null;
  categoryBp: Record<string, number>;
  merchantTypes: MerchantType[] | null;
  scenes: string[] | null;
  channels: string[] | null;
  priority: number;
  startsAt: string;
  endsAt: string | null;
  status: 'active' | 'ended';
  createdAt: string;
}

export interface CommissionSettings {
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
  categoryCaps: Record<string, number>;
}

export interface ReviewDecision {
  action: 'clear' | 'confirm';
  reason: string;
  decidedBy: string;
  decidedByRole: string;
  decidedByName: string | null;
  decidedAt: string;
}

export interface ReviewItem {
  orderId: string;
  lineNo: number;
  merchantId: string;
  merchantName: string | null;
  partyType: string | null;
  partyId: string | null;
  partyName: string | null;
  productId: string;
  productTitle: string | null;
  storeId: string | null;
  storeName: string | null;
  quantity: number;
  commission: number;
  reasons: string[];
  status: string;
  review: 'pending' | 'cleared' | 'confirmed';
  paidAt: string;
  decision: ReviewDecision | null;
}

/** GET /v1/commissions/earnings/daily: a party's share per business day of payment. */
export interface DailyEarnings {
  partyType: string;
  partyId: string;
  from: string;
  to: string;
  days: { day: string; estimated: number; settled: number; lines: number }[];
  totals: { estimated: number; settled: number; lines: number };
}

/** GET /v1/commissions/statements/by-month. */
export interface MonthStatements {
  month: string;
  items: CommissionStatement[];
  total: number;
  limit: number;
  offset: number;
  totals: {
    statements: number;
    lines: number;
    amount: number;
    adjustments: number;
    byStatus: { open: number; settled: number; paid: number };
  };
}

export interface SettlementRun {
  month: string;
  cutoff: string;
  stampedAt: string;
  finishedAt: string | null;
  status: 'posting' | 'finished';
  statements: number;
  openStatements: number;
  lines: number | null;
  partyAmount: number;
}

export interface Category {
  id: string;
  name: string;
  nameZh: string | null;
  level: number;
  parentId: string | null;
}

export interface SettlementResult {
  month: string;
  cutoff: string;
  statements: number;
  settledNow: number;
  lines: number;
}

export interface Reconciliation {
  orderId: string;
  buyerPaid: number;
  merchant: number;
  creator: number;
  promoter: number;
  agency: number;
  leader: number;
  platform: { serviceFee: number; transactionFee: number; subsidy: number; net: number };
  refunds: number;
  balanced: boolean;
  ledger: { account: string; amount: number }[];
  ledgerMatches: boolean;
  ledgerState: string;
}

export interface LedgerAccount {
  name: string;
  ownerType: string;
  ownerId: string;
  purpose: string;
  normalSide: 'debit' | 'credit';
  /** + debit / − credit, fen. */
  posted: number;
  pending: number;
}

export interface LedgerEntry {
  txId: string;
  line: number;
  key: string;
  kind: string;
  refType: string | null;
  refId: string | null;
  memo: string | null;
  at: string;
  amount: number;
  status: 'posted' | 'pending' | 'voided';
  resolvedAt: string | null;
}

export interface LedgerEntriesPage {
  account: LedgerAccount;
  entries: LedgerEntry[];
  next: string | null;
}

export interface LedgerCheck {
  ok: boolean;
  accounts: number;
  mismatches: {
    account: string;
    cached: { posted: number; pending: number };
    recomputed: { posted: number; pending: number };
  }[];
  /** Sums over every account: both 0 in a sound ledger. */
  totals: { posted: number; pending: number };
  unbalanced: string[];
}
