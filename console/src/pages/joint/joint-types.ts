// Shapes of the joint marketing API (/v1/joint/...) as the console uses them: campaigns with their participants,
// the shared dashboard, the joint pool, settlement, ad crowdfunding and partner recommendations. Money is integer
// fen, shares and rates basis points (bp).
import type { CouponRule, OfferRule } from '../../api-types';

export const CAMPAIGN_TYPES = [
  'cross_store_threshold',
  'cross_store_coupon',
  'ad_crowdfunding',
  'shared_decoration',
] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];
export type CampaignStatus = 'inviting' | 'running' | 'ended' | 'cancelled';
export type ParticipantStatus = 'invited' | 'accepted' | 'declined' | 'removed';

export const THEMES = ['festive', 'spring', 'summer', 'autumn', 'winter', 'minimal'] as const;
export type Theme = (typeof THEMES)[number];

export interface Decoration {
  theme: Theme;
  bannerText: string;
  bannerTextZh?: string;
  /** #rrggbb */
  color: string;
  giftWrap: boolean;
  /** What gift packaging costs the buyer, fen (0 = free). */
  giftWrapFee?: number;
}

export interface Participant {
  storeId: string;
  storeName: string;
  merchantId: string;
  merchantName: string;
  role: 'organiser' | 'participant';
  status: ParticipantStatus;
  shareBp: number | null;
  invitedAt: string;
  respondedAt: string | null;
  note: string | null;
}

/** A threshold rule as pricing takes it (amount_tiers: 满X减Y, amount_every: 每满X减Y). */
export type ThresholdRule = Pick<OfferRule, 'type' | 'tiers' | 'every' | 'off' | 'cap'>;

export interface AdRules {
  slot: string;
  price: number;
  deadline: string;
  split: 'equal' | 'shares';
  seats?: number | null;
  maxParticipants: number;
  /** split by shares: the initiator's own share, bp */
  shareBp?: number | null;
}

export interface CampaignRules {
  rule?: ThresholdRule;
  coupon?: CouponRule;
  quantity?: number;
  perUserLimit?: number;
  ad?: AdRules;
}

export interface Contribution {
  merchantId: string;
  merchantName: string;
  storeId: string;
  shareBp: number;
  amount: number;
  status: 'held' | 'posted' | 'voided';
  joinedAt: string;
}

export interface AdDeliveryRow {
  storeId: string;
  exposures: number;
  clicks: number;
  gmv: number;
  orders: number;
}

export interface AdView {
  slot: string;
  slotName: string;
  slotNameZh: string;
  price: number;
  exposures: number;
  deadline: string;
  split: 'equal' | 'shares';
  seats: number | null;
  maxParticipants: number;
  fundingStatus: 'open' | 'funded' | 'refunded' | 'cancelled';
  raised: number;
  remaining: number;
  contributions: Contribution[];
  programId: string | null;
  delivery: { exposures: number; clicks: number; byParticipant: AdDeliveryRow[] } | null;
}

export interface Campaign {
  id: string;
  type: CampaignType;
  name: string;
  nameZh: string | null;
  status: CampaignStatus;
  startsAt: string;
  endsAt: string;
  organiser: { merchantId: string; merchantName: string; storeId: string; storeName: string };
  rules: CampaignRules;
  requirements: { minStoreScore: number | null; categoryIds: string[] };
  funding: { mode: 'own_lines' | 'shares'; platformFundedBp: number };
  fanOffer: { rule: CouponRule; quantity: number } | null;
  decoration: Decoration | null;
  participants: Participant[];
  counts: { invited: number; accepted: number; declined: number; removed: number };
  pricing: { offerId: string | null; templateId: string | null; fanTemplateId: string | null };
  ad: AdView | null;
  version: number;
  createdAt: string;
}

export interface CampaignBody {
  id?: string;
  type: CampaignType;
  name: string;
  nameZh?: string;
  storeId: string;
  startsAt: string;
  endsAt: string;
  rules: CampaignRules;
  requirements?: { minStoreScore?: number | null; categoryIds?: string[] };
  funding?: { mode: 'own_lines' | 'shares'; platformFundedBp?: number; organiserShareBp?: number };
  fanOffer?: { rule: CouponRule; quantity: number };
  decoration?: Decoration;
  invite?: string[];
}

export interface DashRow {
  gmv: number;
  orders: number;
  buyers: number;
  discount: number;
  couponsIssued: number;
  couponsRedeemed: number;
  visitors: number;
  conversionBp: number;
  exposures: number;
}

export interface Dashboard {
  campaignId: string;
  from: string;
  to: string;
  totals: DashRow;
  participants: (DashRow & { storeId: string; storeName: string; merchantId: string })[];
  daily: { day: string; gmv: number; orders: number }[];
}

export interface PoolItem {
  productId: string;
  storeId: string;
  storeName: string;
  title: string;
  categoryId: string;
  listPrice: number;
  price: number;
  /** The traffic ranker's reasons (code and its figures), when ranked for a shopper. */
  reasons?: { code: string; [k: string]: unknown }[];
  /** The SKU a cart line takes (the pool lists one per product). */
  skuId: string;
}

export interface Pool {
  campaignId: string;
  ranking: 'traffic' | 'popularity';
  items: PoolItem[];
}

export interface Settlement {
  campaignId: string;
  mode: 'own_lines' | 'shares';
  orders: number;
  /** Orders already settled between merchants on the ledger. */
  settledOrders: number;
  totalDiscount: number;
  platformFunded: number;
  merchantFunded: number;
  participants: {
    merchantId: string;
    storeIds: string[];
    fundedByLines: number;
    owedByShare: number;
    /** owedByShare − fundedByLines: > 0 pays, < 0 receives. */
    transfer: number;
  }[];
}

export interface PartnerReason {
  code: string;
  params: Record<string, string | number>;
}

export interface Partner {
  storeId: string;
  storeName: string;
  merchantId: string;
  merchantName: string;
  mainCategoryId: string | null;
  mainCategoryName: string | null;
  score: number;
  sharedCustomers: number;
  support: number;
  confidence: number;
  /** Of the partner's shoppers, the share who also bought from this store. */
  reverseConfidence?: number;
  lift: number;
  audienceOverlap: number;
  /** Platform lift of the two main categories; null when one has none. */
  complementarity: number | null;
  reasons: PartnerReason[];
  examples: {
    productA: { id: string; title: string };
    productB: { id: string; title: string };
    buyers: number;
  }[];
}

export interface Partners {
  storeId: string;
  computedAt: string | null;
  windowDays: number;
  items: Partner[];
  substitutesExcluded: number;
}

export interface PartnerStatus {
  lastRun: {
    mode: 'full' | 'incremental';
    startedAt: string;
    tookMs: number;
    orders: number;
    stores: number;
    pairs: number;
    watermark: string | null;
    windowDays?: number;
    windowFrom?: string;
    windowTo?: string;
  } | null;
  running: boolean;
}

export interface AdSlot {
  id: string;
  name: string;
  nameZh: string;
  price: number;
  exposures: number;
  days: number;
}

export interface WhitelistEntry {
  merchantId: string;
  merchantName?: string;
  note?: string | null;
  addedAt?: string;
  createdAt?: string;
}
