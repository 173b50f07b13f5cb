/**
 * Response shapes of the analytics API (the console mirrors them in console/src/pages/analytics/an-types.ts).
 * Money is integer fen; rates are fractions 0..1 (null when the denominator is 0); days are YYYY-MM-DD.
 */
import type { Domain, Source } from './domain/sources.ts';

export interface Kpis {
  gmv: number;
  orders: number;
  /** Sum of daily distinct buyers over the range. */
  buyers: number;
  /** Sum of daily distinct visitors over the range. */
  visitors: number;
  /** buyers / visitors */
  conversion: number | null;
  /** gmv / orders, fen */
  aov: number | null;
  units: number;
  refundAmount: number;
  /** refundAmount / gmv */
  refundRate: number | null;
}

export type RealtimeKpis = Pick<Kpis, 'gmv' | 'orders' | 'buyers' | 'visitors' | 'conversion' | 'aov'>;

/** GET /v1/analytics/realtime?merchantId&storeId */
export interface Realtime {
  merchantId: string;
  day: string;
  /** When the figures were computed and how old the newest rollup flush is. */
  asOf: string;
  freshnessMs: number;
  today: RealtimeKpis;
  /** The same stores yesterday up to the same time of day. */
  yesterdaySameTime: RealtimeKpis;
  /** Minutes of today with cumulative GMV, and yesterday's cumulative GMV at the same minute of day. */
  minutes: {
    minute: string;
    gmv: number;
    orders: number;
    views: number;
    cumGmv: number;
    yesterdayCumGmv: number;
  }[];
}

/** GET /v1/analytics/overview?merchantId&from&to (format=csv: the daily rows) */
export interface Overview {
  merchantId: string;
  from: string;
  to: string;
  kpis: Kpis;
  previous: Kpis & { from: string; to: string };
  /** (current − previous) / previous per KPI, null when previous is 0 */
  change: Partial<Record<keyof Kpis, number | null>>;
  daily: {
    day: string;
    gmv: number;
    orders: number;
    buyers: number;
    visitors: number;
    conversion: number | null;
  }[];
}

/** GET /v1/analytics/sources?merchantId&from&to (format=csv: rows) */
export interface Sources {
  merchantId: string;
  from: string;
  to: string;
  rows: {
    source: Source;
    domain: Domain;
    gmv: number;
    gmvShare: number | null;
    orders: number;
    buyers: number;
    visitors: number;
    exposures: number;
    clicks: number;
    views: number;
    /** buyers / visitors */
    conversion: number | null;
    previousGmv: number;
  }[];
  daily: { day: string; source: Source; gmv: number; visitors: number }[];
}

/** GET /v1/analytics/funnel?merchantId&from&to — distinct users per step (summed daily). */
export interface Funnel {
  merchantId: string;
  from: string;
  to: string;
  steps: {
    step: 'exposure' | 'click' | 'cart' | 'order' | 'pay';
    users: number;
    fromPrevious: number | null;
    fromFirst: number | null;
  }[];
}

/** GET /v1/analytics/products?merchantId&from&to&sort&limit (format=csv) */
export interface ProductRanking {
  merchantId: string;
  from: string;
  to: string;
  sort: 'gmv' | 'units' | 'views' | 'conversion';
  rows: {
    rank: number;
    previousRank: number | null;
    productId: string;
    title: string;
    categoryId: string;
    gmv: number;
    units: number;
    orders: number;
    buyers: number;
    views: number;
    visitors: number;
    carts: number;
    conversion: number | null;
  }[];
}

/** GET /v1/analytics/peers?merchantId&from&to — percentile among stores of the same main category, never naming them. */
export interface Peers {
  merchantId: string;
  from: string;
  to: string;
  categoryId: string | null;
  categoryName: string | null;
  categoryNameZh: string | null;
  /** Peer stores compared (the merchant's own excluded). */
  peers: number;
  metrics: {
    metric: 'gmv' | 'orders' | 'visitors' | 'conversion' | 'aov';
    value: number | null;
    percentile: number | null;
    p50: number | null;
    p90: number | null;
  }[];
}

/** GET /v1/analytics/all-domain?merchantId&from&to */
export interface AllDomain {
  merchantId: string;
  from: string;
  to: string;
  domains: {
    domain: Domain;
    gmv: number;
    share: number | null;
    orders: number;
    buyers: number;
    newBuyers: number;
  }[];
  daily: { day: string; domain: Domain; gmv: number }[];
  /**
   * How one domain feeds another: the range's repeat orders by the domain of the buyer's previous paid order in the
   * store (`from`) and their own (`to`; to = from: repeat within the domain).
   */
  flows: { from: Domain; to: Domain; orders: number; gmv: number }[];
  /** Followers the store gained in the range, by the domain of the follow event's source. */
  followsByDomain: { domain: Domain; follows: number }[];
}

/** GET /v1/analytics/health?from&to (operators) */
export interface Health {
  from: string;
  to: string;
  kpis: Kpis & {
    activeMerchants: number;
    activeStores: number;
    /** Stores that streamed live in the range / active stores */
    livePenetration: number | null;
    /** GMV through merchants' own live rooms (self-stream) / GMV */
    liveGmvShare: number | null;
    /** GMV through creators and promoters / GMV */
    distributionShare: number | null;
  };
  previous: Health['kpis'];
  daily: {
    day: string;
    gmv: number;
    orders: number;
    liveGmv: number;
    distributionGmv: number;
    refundAmount: number;
  }[];
  bySource: { source: Source; gmv: number; share: number | null }[];
  byCategory: {
    categoryId: string;
    name: string;
    nameZh: string | null;
    gmv: number;
    share: number | null;
    growth: number | null;
  }[];
}

/** GET /v1/analytics/reports?scope&partyId&limit ; GET /v1/analytics/reports/:id */
export interface StoredReport {
  id: string;
  scope: 'merchant' | 'operator';
  partyId: string;
  day: string;
  createdAt: string;
  /** Operator reports carry the health KPIs (Kpis plus active merchants, live penetration, shares). */
  body: {
    kpis: Kpis | Health['kpis'];
    previous: Kpis | Health['kpis'];
    sources?: Sources['rows'];
    topProducts?: ProductRanking['rows'];
  };
}

/** GET /v1/analytics/rollups/status */
export interface RollupStatus {
  lastRebuild: {
    fromDay: string;
    toDay: string;
    finishedAt: string | null;
    durationMs: number | null;
  } | null;
  lastClose: { day: string; finishedAt: string | null } | null;
  realtime: { lastFlushAt: string | null; pendingStores: number };
  rows: { storeDays: number; productDays: number; minutes: number };
}

// ---- Measurement (roi.service.ts, incrementality.service.ts, attribution.service.ts) ----

export type RoiKind = 'promotion' | 'coupon' | 'live' | 'plan' | 'program' | 'joint';

/** GET /v1/analytics/roi?merchantId&from&to&kind (format=csv) */
export interface RoiReport {
  merchantId: string | null;
  from: string;
  to: string;
  rows: {
    kind: RoiKind;
    id: string;
    name: string;
    /** GMV of the paid orders the instrument touched in the range */
    gmv: number;
    orders: number;
    buyers: number;
    costs: {
      /** discounts by funder */
      discountMerchant: number;
      discountPlatform: number;
      discountOther: number;
      commission: number;
      fees: number;
      adSpend: number;
      exposureCost: number;
    };
    totalCost: number;
    /** gmv / totalCost, null when the cost is 0 */
    roi: number | null;
  }[];
}

export interface ArmStats {
  users: number;
  converters: number;
  conversion: number | null;
  gmv: number;
  gmvPerUser: number | null;
}

/** GET /v1/analytics/experiments?merchantId — activations with a holdout group */
export interface ExperimentList {
  rows: {
    activationId: string;
    audienceId: string;
    audienceName: string;
    kind: string;
    startedAt: string;
    treatmentUsers: number;
    holdoutUsers: number;
  }[];
}

/** GET /v1/analytics/experiments/:activationId?days */
export interface ExperimentResult {
  activationId: string;
  audienceName: string;
  kind: string;
  window: { from: string; to: string };
  treatment: ArmStats;
  holdout: ArmStats;
  lift: {
    conversionDiff: number | null;
    conversionCi: [number, number] | null;
    conversionP: number | null;
    relativeLift: number | null;
    gmvPerUserDiff: number | null;
    gmvPerUserCi: [number, number] | null;
    gmvP: number | null;
    /** gmvPerUserDiff × treatment users, fen, with its 95% interval */
    incrementalGmv: number | null;
    incrementalGmvCi: [number, number] | null;
    incrementalOrders: number | null;
  };
  significant: boolean;
  method: string;
}

/** GET /v1/analytics/attribution?merchantId&from&to&lookbackDays (format=csv) */
export interface Attribution {
  merchantId: string;
  from: string;
  to: string;
  lookbackDays: number;
  orders: number;
  /** Orders with at least one touch before the order in the lookback */
  ordersWithPath: number;
  avgTouches: number | null;
  rows: {
    source: Source;
    lastTouch: { orders: number; gmv: number; share: number | null };
    positionBased: { orders: number; gmv: number; share: number | null };
  }[];
}

// ---- Forecasts (forecast.service.ts) ----

export type ForecastSubject = 'merchant' | 'store' | 'creator' | 'category';

/** GET /v1/analytics/forecast?subject&id&horizon */
export interface Forecast {
  subject: ForecastSubject;
  id: string;
  metric: 'gmv';
  /** The last 91 days before today (today's partial day is left out). */
  history: { day: string; value: number }[];
  forecast: {
    day: string;
    value: number;
    lo80: number;
    hi80: number;
    lo95: number;
    hi95: number;
    campaign: string | null;
  }[];
  /** The model used after the seasonal-naive guard (a fallback to the mean on very short history reports seasonal_naive; guard.reason says so) */
  model: 'seasonal' | 'seasonal_naive';
  guard: {
    modelMase: number | null;
    naiveMase: number | null;
    used: 'seasonal' | 'seasonal_naive';
    /** Why (translatable): no_sales, short_mean, short_naive, short_backtest, no_scale, model_better, naive_not_beaten */
    code: string;
    /** The same as an English sentence */
    reason: string;
    /** Days of history the forecast stands on */
    historyDays: number;
  };
  /** horizon = max(requested horizon, 7) */
  backtest: { origins: number; horizon: number; mase: number | null; naiveMase: number | null };
  /** Monday first */
  weekdayFactors: number[];
  campaignUplift: { name: string; uplift: number | null }[];
  nextWeek: { value: number; lo80: number; hi80: number; previousWeek: number };
}

// ---- Opportunity center (opportunities.service.ts) ----

export interface Evidence {
  /** i18n key of the evidence, e.g. search_growth, demand_per_product, price_band_gap */
  key: string;
  value: number;
  /** the comparison basis (marketplace median, previous period…), when there is one */
  basis?: number | null;
}

/** GET /v1/analytics/opportunities/market?from&to (operators and merchants) */
export interface MarketOpportunities {
  from: string;
  to: string;
  categories: {
    categoryId: string;
    name: string;
    nameZh: string | null;
    l1Name: string;
    l1NameZh: string | null;
    demandGrowth: number | null;
    searches: number;
    searchGrowth: number | null;
    conversion: number | null;
    products: number;
    stores: number;
    demandPerProduct: number | null;
    score: number;
    evidence: Evidence[];
  }[];
  queries: {
    query: string;
    categoryId: string | null;
    categoryName: string | null;
    searches: number;
    growth: number | null;
    resultsProducts: number;
    score: number;
    evidence: Evidence[];
  }[];
  priceBands: {
    categoryId: string;
    categoryName: string;
    min: number;
    max: number | null;
    demandShare: number;
    supplyShare: number;
    gap: number;
    evidence: Evidence[];
  }[];
  trending: {
    productId: string;
    title: string;
    categoryId: string;
    storeId: string;
    gmv: number;
    units: number;
    growth: number | null;
    evidence: Evidence[];
  }[];
}

/** GET /v1/analytics/opportunities?merchantId — what this merchant should stock next */
export interface MerchantOpportunities {
  merchantId: string;
  from: string;
  to: string;
  rows: {
    id: string;
    kind: 'category' | 'query' | 'price_band' | 'product';
    title: string;
    titleZh: string | null;
    categoryId: string | null;
    fit: 'own_category' | 'adjacent';
    score: number;
    evidence: Evidence[];
  }[];
}
