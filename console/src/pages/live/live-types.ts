// Shapes of the live API (src/modules/live/live.routes.ts, /tmp contract section A) as the console uses them.
// Money is integer fen; rates are basis points (10000 = 100%); instants are RFC 3339.

export const HOST_TYPES = ['self', 'agency', 'creator'] as const;
export type HostType = (typeof HOST_TYPES)[number];
export const SESSION_STATUSES = ['scheduled', 'live', 'ended'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface LiveMetrics {
  uniqueViewers: number;
  views: number;
  avgWatchSeconds: number;
  peakOnline: number;
  productClicks: number;
  orders: number;
  buyers: number;
  units: number;
  gmv: number;
  /** Fen of GMV per 1,000 views, an integer. */
  gpm: number;
  /** Buyers / unique viewers. */
  conversionBp: number;
  newFollowers: number;
}

export interface SessionSummary {
  id: string;
  storeId: string;
  storeName: string | null;
  merchantId: string;
  merchantName: string | null;
  hostType: HostType;
  creatorId: string | null;
  creatorName: string | null;
  agencyId: string | null;
  agencyName: string | null;
  title: string | null;
  status: SessionStatus;
  scheduledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Null while scheduled. */
  totals: LiveMetrics | null;
}

export interface SessionProduct {
  productId: string;
  title: string | null;
  position: number;
  price: number;
  livePrice: number | null;
  offerId: string | null;
}

export interface Explanation {
  id: string;
  productId: string;
  productTitle: string | null;
  startedAt: string;
  endedAt: string | null;
}

export interface SessionDetail extends SessionSummary {
  products: SessionProduct[];
  explanations: Explanation[];
}

export interface TimelineMinute {
  /** The minute's start instant. */
  minute: string;
  online: number;
  enters: number;
  leaves: number;
  clicks: number;
  orders: number;
  gmv: number;
}

export interface ProductMetrics {
  productId: string;
  title: string | null;
  clicks: number;
  orders: number;
  units: number;
  gmv: number;
  explanations: number;
}

export interface ExplanationMetrics {
  id: string;
  productId: string;
  title: string | null;
  startedAt: string;
  endedAt: string | null;
  clicks: number;
  orders: number;
  units: number;
  gmv: number;
  onlineAtStart: number;
}

export interface SessionMetrics {
  sessionId: string;
  status: SessionStatus;
  asOf: string;
  totals: LiveMetrics;
  products: ProductMetrics[];
  explanations: ExplanationMetrics[];
  timeline: TimelineMinute[];
}

export interface Room {
  storeId: string;
  storeName: string | null;
  sessions: number;
  liveNow: string | null;
  lastEndedAt: string | null;
  nextScheduledAt: string | null;
  gmv30d: number;
  hostTypes: Record<HostType, number>;
}

export interface Dashboard {
  from: string;
  to: string;
  totals: {
    sessions: number;
    hours: number;
    views: number;
    uniqueViewers: number;
    orders: number;
    gmv: number;
    gpm: number;
  };
  byHostType: { hostType: HostType; sessions: number; gmv: number; gpm: number }[];
  daily: { day: string; sessions: number; views: number; gmv: number }[];
  top: SessionSummary[];
}

export type MerchantType = 'self' | 'pop';

export interface Penetration {
  from: string;
  to: string;
  byType: {
    merchantType: MerchantType;
    merchants: number;
    streaming: number;
    rateBp: number;
    targetBp: number;
  }[];
  byCategory: {
    categoryId: string;
    categoryName: string | null;
    categoryNameZh: string | null;
    merchantType: MerchantType;
    merchants: number;
    streaming: number;
    rateBp: number;
  }[];
  liveGmv: {
    gmv: number;
    liveGmv: number;
    shareBp: number;
    byHostType: { hostType: HostType; gmv: number; shareBp: number }[];
  };
  daily: { day: string; streamingMerchants: number; liveGmv: number; gmv: number }[];
}

export interface LiveSettings {
  targets: Record<MerchantType, number>;
}

export interface SessionFilters {
  status?: SessionStatus;
  /** Operators: one merchant's sessions. */
  merchantId?: string;
  storeId?: string;
  hostType?: HostType;
  from?: string;
  to?: string;
  q?: string;
  limit: number;
  offset: number;
}

/** Who may host a session: creators, and agencies with the creators they have under contract. */
export interface HostOptions {
  creators: { id: string; name: string | null; followers?: number }[];
  agencies: { id: string; name: string | null; creators: { id: string; name: string | null }[] }[];
}
