/** Sizes of each scale and the parameters of the generative model (documented in docs/simulator.md). */

export type Scale = 'small' | 'medium' | 'large';

export interface ScaleSpec {
  merchants: number;
  consumers: number;
  creators: number;
  agencies: number;
  promoters: number;
  brands: number;
  /** Mean products per store (long-tailed around it). */
  productsPerStore: number;
  /** Demand multiplier on every user's activity (orders grow less than proportionally: 2.9 → 3.5 gave +12%). */
  demand: number;
  /** Log exposure events (by far the largest event type); the model draws them either way. */
  exposureEvents: boolean;
  /**
   * Exposure events are logged for a panel of every N-th user (u0000, u00N…; 1 = every user): with realistic
   * click-through (a few percent) every click stands on ~25 exposures, too many rows to log them all.
   */
  exposurePanelEvery: number;
  /**
   * Behaviour events of sessions are logged for every N-th user only (1 = every user). The large benchmark
   * scale logs a 1-in-10 panel: with realistic conversion (~28 product views per order) its 10M orders would
   * otherwise bring ~700M events. Orders and everything after them are always complete.
   */
  eventPanelEvery: number;
  /**
   * Scrolls of users whose exposures are not logged are thinned: only products that may be clicked are drawn
   * (the same distribution of clicks; see UserDay.clickBound). Off at the small and medium scales, whose
   * marketplaces stay draw for draw what they were.
   */
  thinExposures: boolean;
  /** Users simulated together through the whole window; bounds memory (open orders, buffers). */
  shardUsers: number;
}

export const SCALES: Record<Scale, ScaleSpec> = {
  small: {
    merchants: 48,
    consumers: 5000,
    creators: 60,
    agencies: 4,
    promoters: 100,
    brands: 160,
    productsPerStore: 45,
    demand: 1,
    exposureEvents: true,
    exposurePanelEvery: 50,
    eventPanelEvery: 1,
    thinExposures: false,
    shardUsers: 100_000,
  },
  medium: {
    merchants: 480,
    consumers: 50_000,
    creators: 600,
    agencies: 30,
    promoters: 1000,
    brands: 1200,
    productsPerStore: 45,
    demand: 1,
    exposureEvents: true,
    exposurePanelEvery: 50,
    eventPanelEvery: 1,
    thinExposures: false,
    shardUsers: 100_000,
  },
  large: {
    // ≥ 10k stores, ≥ 1M products and ≥ 10M orders in 30 days (≈ 8.6M with 1M users, 9,898 stores and 992k products).
    merchants: 9200,
    consumers: 1_250_000,
    creators: 10_000,
    agencies: 300,
    promoters: 20_000,
    brands: 20_000,
    productsPerStore: 100,
    demand: 2.9,
    exposureEvents: false,
    exposurePanelEvery: 50,
    eventPanelEvery: 10,
    thinExposures: true,
    shardUsers: 50_000,
  },
};

/** Model constants. Probabilities are per opportunity; multipliers are relative to 1. */
export const MODEL = {
  selfMerchantShare: 0.15,
  twoStoreMerchantShare: 0.1,
  /** Share of merchants, products and users that appear during the window rather than before it. */
  newMerchantShare: 0.04,
  newProductShare: 0.05,
  newUserShare: 0.05,
  /** Self-operated merchants all stream; POP merchants stream with this probability (JD 2020 targets: 100% / 60%). */
  popStreamerShare: 0.6,
  /** Share of streaming stores whose first stream falls inside the window (new streamers). */
  newStreamerShare: 0.12,
  /** Share of creators contracted to an agency. */
  contractedCreatorShare: 0.6,
  leaderShare: 0.12,
  /** Daily probability that a user is active = min(0.95, activeBase × activity × day factor). */
  activeBase: 1.15,
  /** At most this many sessions a user-day. */
  maxSessions: 8,
  sessionsExtra: 0.5,
  /** Products a session scrolls past, uniform in [lo, hi] (live: at most this many featured products). */
  sessionItems: {
    search: [16, 64],
    feed: [40, 160],
    mall: [30, 100],
    store: [12, 40],
    campaign: [30, 100],
    live: [1, 8],
  } as Record<'search' | 'feed' | 'mall' | 'store' | 'campaign' | 'live', [number, number]>,
  /** Click-through and click-to-buy base rates by scene before the latent multipliers. */
  ctr: {
    search: 0.04,
    feed: 0.017,
    mall: 0.02,
    store: 0.035,
    live: 0.06,
    video: 0.06,
    share: 0.14,
    detail: 0.035,
    campaign: 0.025,
    push: 0.045,
    ad: 0.014,
  } as Record<string, number>,
  cvr: {
    search: 0.11,
    feed: 0.06,
    mall: 0.08,
    store: 0.11,
    live: 0.1,
    video: 0.08,
    share: 0.1,
    detail: 0.07,
    campaign: 0.12,
    push: 0.06,
    ad: 0.05,
  } as Record<string, number>,
  /** Price sensitivity: appeal = exp(-priceSlope × sensitivity × (pricePosition − 0.35)). */
  priceSlope: 2.4,
  /** Overall scale of purchase probabilities (calibrates orders per view). */
  cvrScale: 0.14,
  /** Purchase probability falls with absolute price: × (price / ¥100)^−affordability. */
  affordability: 0.2,
  weekday: [1.1, 0.95, 0.93, 0.95, 0.97, 1.02, 1.12], // Sun..Sat
  /** Campaign days (MM-DD) and their demand multiplier; the two days before warm up. */
  campaigns: { '11-11': 2.6, '06-18': 2.0 } as Record<string, number>,
  warmup: [1.35, 1.2],
  presaleWindowDays: 10,
  presaleShare: 0.08,
  unpaidShare: 0.02,
  /** Paid orders cancelled before shipping: base + slow-logistics term. */
  paidCancelBase: 0.012,
  paidCancelSlow: 0.025,
  multiLineShare: 0.12,
  twoStoreCheckoutShare: 0.05,
  /** Organic checkouts (without a same-category sibling) that add a complementary product of another store. */
  complementCheckoutShare: 0.12,
  /** Of those, the share bought from the store's two usual partner stores of the category (the rest anywhere). */
  complementLoyalty: 0.9,
  lineDiscountShare: 0.3,
  /** After-sales per delivered line: quality reasons follow (1 − quality)². */
  qualityRefund: 0.16,
  qualityRefundFloor: 0.004,
  sizeFitRefund: 0.05,
  changedMind: 0.018,
  lateDelivery: 0.02,
  reviewBase: 0.2,
  reviewSpread: 0.2,
  serviceConsultShare: 0.08,
};
