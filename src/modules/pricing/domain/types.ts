/**
 * The pricing engine's plain data: offers, coupons, carts, buyer context and the quote it returns.
 * Money is integer fen; rates are basis points of the price the buyer pays (9000 = 9折 = 10% off).
 */
export type Fen = number;

/** Which items an offer or coupon covers. Dimensions combine as: store filter AND (any item filter) AND NOT exclusions. */
export interface Scope {
  /** Stores the offer covers; absent = every store (platform-wide). */
  storeIds?: string[];
  /** Item filters: an item matches if it matches any of the given lists; none given = every item of the stores. */
  skuIds?: string[];
  productIds?: string[];
  /** A category matches its descendants: an item matches if any category on its path is listed. */
  categoryIds?: string[];
  brandIds?: string[];
  exclude?: { skuIds?: string[]; productIds?: string[]; categoryIds?: string[]; brandIds?: string[] };
}

/** Item-level price rule: a fixed price, an amount off, or a rate of the list price; per-SKU prices override. */
export type ItemRule =
  | { type: 'price'; price: Fen; skuPrices?: Record<string, Fen> }
  | { type: 'off'; off: Fen }
  | { type: 'rate'; rateBp: number };

/** Threshold rules (layers 2 and 3). Amount thresholds count the basis: the price after item-level offers. */
export type ThresholdRule =
  /** 满199减20 / 满299减40: the highest tier reached applies. */
  | { type: 'amount_tiers'; tiers: { min: Fen; off: Fen }[] }
  /** 每满300减30, at most `cap` in total. */
  | { type: 'amount_every'; every: Fen; off: Fen; cap?: Fen }
  /** 满500打9折: the highest tier reached sets the rate. */
  | { type: 'percent_tiers'; tiers: { min: Fen; rateBp: number }[] }
  /** N件M折: 2 items 9折, 3 items 8折. */
  | { type: 'qty_percent_tiers'; tiers: { minQty: number; rateBp: number }[] }
  /** N元任选M件: every `qty` units cost `price` together; the most expensive units are grouped first. */
  | { type: 'qty_fixed_price'; qty: number; price: Fen }
  /** 买X送Y: in every group of buy+get units the `get` cheapest are free. */
  | { type: 'buy_x_get_y'; buy: number; get: number; maxApplications?: number };

export type CouponRule =
  | { type: 'amount'; min: Fen; off: Fen }
  | { type: 'percent'; min: Fen; rateBp: number; maxOff?: Fen };

export const ITEM_KINDS = [
  'price_cut',
  'flash_sale',
  'fan_price',
  'new_customer_price',
  'live_price',
  'presale',
] as const;
export const THRESHOLD_KINDS = ['store_threshold', 'cross_store_threshold', 'platform_threshold'] as const;
export const COUPON_KINDS = ['product', 'store', 'channel', 'live', 'cross_store', 'platform'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export type ThresholdKind = (typeof THRESHOLD_KINDS)[number];
export type CouponKind = (typeof COUPON_KINDS)[number];

/** Stacking: `group` names a mutual-exclusion group (two members never apply to the same line);
 * `stackable: false` means the lines it applies to take nothing else from layers 2–4. */
export interface Stacking {
  group?: string;
  stackable?: boolean;
}

interface OfferBase extends Stacking {
  id: string;
  name: string;
  /** Owning merchant; absent for platform offers. */
  merchantId?: string;
  scope: Scope;
  startsAt: string;
  endsAt: string;
  /** Order of the one-by-one baseline (higher first); the optimiser does not need it. */
  priority?: number;
  /** Share of the discount the platform funds, in bp; the rest is funded by the merchant of each line. */
  platformFundedBp?: number;
  /** Only buyers in this audience (resolved by the caller into BuyerContext.audienceIds). */
  audienceId?: string;
}

export interface ItemOffer extends OfferBase {
  kind: ItemKind;
  rule: ItemRule;
  /** flash_sale: units left in stock and units one buyer may buy at the flash price. */
  stockLeft?: number;
  perUserLimit?: number;
  /** live_price: only orders from this live session (absent: any live session). */
  liveSessionId?: string;
  /** presale: deposit per unit and what it is worth at balance time (定金膨胀; equal = plain deduction). */
  presale?: { depositPerUnit: Fen; worthPerUnit: Fen; balanceStartsAt: string; balanceEndsAt: string };
}

export interface ThresholdOffer extends OfferBase {
  kind: ThresholdKind;
  rule: ThresholdRule;
}

export type Offer = ItemOffer | ThresholdOffer;

export interface CouponTerms extends Stacking {
  templateId: string;
  name: string;
  kind: CouponKind;
  merchantId?: string;
  scope: Scope;
  rule: CouponRule;
  platformFundedBp?: number;
  /** channel coupons: the order must be attributed to this promoter or creator. */
  channel?: { promoterId?: string; creatorId?: string };
  /** live coupons: only orders from this live session (absent: any live session). */
  liveSessionId?: string;
  audienceId?: string;
  priority?: number;
}

/** A coupon the buyer holds (or could claim, for listing prices). */
export interface WalletCoupon {
  couponId: string;
  validFrom: string;
  validTo: string;
  terms: CouponTerms;
}

export interface CartLine {
  lineId: string;
  skuId: string;
  productId: string;
  storeId: string;
  merchantId: string;
  /** The item's category path, leaf first or root first: any listed category matches. */
  categoryIds: string[];
  brandId?: string;
  unitPrice: Fen;
  quantity: number;
}

export interface BuyerContext {
  userId?: string;
  /** The instant of the quote (ISO 8601); the engine reads no clock. */
  now: string;
  followedStoreIds?: string[];
  /** Stores where the buyer has bought before (new-customer prices need the store absent from here). */
  purchasedStoreIds?: string[];
  /** Whether the buyer has never bought on the platform (platform new-customer offers). */
  newToPlatform?: boolean;
  liveSessionId?: string;
  creatorId?: string;
  promoterId?: string;
  audienceIds?: string[];
  /** Units already bought by this buyer at each flash sale's price. */
  flashBought?: Record<string, number>;
}

export interface PointsPolicy {
  /** How many points make ¥1 (100 → 1 point = 1 fen). */
  pointsPerYuan: number;
  /** At most this share of the amount due after coupons, in bp. */
  capBp: number;
}

export interface Wallet {
  coupons: WalletCoupon[];
  points?: number;
}

export interface QuoteOptions {
  /** Largest number of search nodes before the engine falls back to its heuristic. */
  nodeBudget?: number;
  points?: PointsPolicy;
}

export type Layer = 'item' | 'store' | 'cross' | 'coupon' | 'points';
export type SourceType = 'offer' | 'coupon' | 'points';

/** One discount's share on one line, with who funds it. */
export interface Allocation {
  lineId: string;
  sourceType: SourceType;
  sourceId: string;
  layer: Layer;
  amount: Fen;
  platformFunded: Fen;
  merchantFunded: Fen;
  merchantId: string;
}

/** A step of a line's price path (like Taobao's final_promotion_path). */
export interface PathStep {
  layer: Layer;
  sourceType: SourceType;
  sourceId: string;
  name: string;
  amount: Fen;
  /** The line's amount after this step. */
  after: Fen;
}

/** A part of a line whose units share one unit basis (a flash sale over its limit splits a line in two). */
export interface LinePart {
  quantity: number;
  unitPrice: Fen;
  itemOfferId?: string;
  /** What these units pay in total after every discount. */
  paid: Fen;
  /** Each discount on these units in layer order (refunds split them over units). */
  sources: { sourceType: SourceType; sourceId: string; amount: Fen }[];
}

export interface QuotedLine {
  lineId: string;
  skuId: string;
  storeId: string;
  merchantId: string;
  quantity: number;
  unitPrice: Fen;
  amount: Fen;
  discount: Fen;
  paid: Fen;
  parts: LinePart[];
  path: PathStep[];
  presale?: { deposit: Fen; balance: Fen; balanceStartsAt: string; balanceEndsAt: string };
}

export interface AppliedSource {
  sourceType: SourceType;
  id: string;
  kind: string;
  name: string;
  layer: Layer;
  saving: Fen;
  platformFunded: Fen;
  merchantFunded: Fen;
  /** For coupons: the template, so redemptions can be counted per template. */
  templateId?: string;
  /** For threshold offers and coupons: the basis that met the threshold. */
  basis?: Fen;
}

export const REASONS = [
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
export type Reason = (typeof REASONS)[number];

export interface NotUsed {
  sourceType: SourceType;
  id: string;
  name: string;
  reason: Reason;
  detail: string;
  /** threshold_short: how much more basis would reach the first tier. */
  shortBy?: Fen;
  /** excluded_by_group / not_stackable / slot_taken / better_price: what took its place. */
  by?: string;
}

export interface StoreTotal {
  storeId: string;
  amount: Fen;
  discount: Fen;
  paid: Fen;
}

export interface Quote {
  /** True when the search proved the total optimal; false when the node budget ran out. */
  exact: boolean;
  method: 'branch_and_bound' | 'heuristic';
  methodNote?: string;
  searchNodes: number;
  itemsAmount: Fen;
  discountAmount: Fen;
  pointsUsed: number;
  pointsValue: Fen;
  payAmount: Fen;
  stores: StoreTotal[];
  lines: QuotedLine[];
  applied: AppliedSource[];
  notUsed: NotUsed[];
  allocations: Allocation[];
  /** What the one-by-one priority baseline would have charged (for explanation and measurement). */
  baselinePayAmount: Fen;
}
