// Shapes of the audiences API (/v1/audiences/…): the tag catalog, audience expressions, saved audiences with their
// snapshots, insight reports, store tiers and activations. Merchants only ever see counts and distributions.

export const EVENT_TYPES = ['view', 'click', 'cart', 'favorite', 'share', 'live_enter', 'order'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The tiers a merchant targets in the builder (visitors and prospects are the visitor split). */
export const TIER_KINDS = [
  'customers',
  'intent',
  'potential',
  'competitor',
  'visitors',
  'prospects',
] as const;
export type TierKind = (typeof TIER_KINDS)[number];
/** The four relationship tiers shown as cards on the visitors page. */
export const STORE_TIERS = ['customers', 'intent', 'potential', 'competitor'] as const;
export type StoreTier = (typeof STORE_TIERS)[number];

export interface EventCond {
  type: EventType;
  category?: string;
  brand?: string;
  store?: string;
  min: number;
  days: number;
}

export type GroupExpr = { op: 'and' | 'or'; args: Expr[] };
export type NotExpr = { op: 'not'; arg: Expr };
export type Expr =
  | GroupExpr
  | NotExpr
  | { tag: string }
  | { event: EventCond }
  | { tier: { store: string; tier: TierKind } }
  | { audience: string }
  | { lookalike: { audience: string; size: number } };

export interface TagValue {
  key: string;
  value: string;
  label: string;
  labelZh: string;
  users: number;
}
export interface TagGroup {
  key: string;
  /** The group's name (the console falls back to its own when missing). */
  label?: string;
  labelZh?: string;
  dimension: boolean;
  values: TagValue[];
}
export interface TagCatalog {
  catalogVersion: number;
  build: number;
  builtAt: string | null;
  asOf: string | null;
  users: number;
  groups: TagGroup[];
}

export interface BuildStatus {
  build: number;
  builtAt: string | null;
  asOf: string | null;
  users: number;
  tags: number;
  lastBuildMs: number | null;
  profiles: number;
  pendingDeltas?: number;
}
export interface BuildStats {
  build: number;
  users: number;
  tags: number;
  ms: number;
  asOf: string;
}
export interface AudSettings {
  minCell: number;
}

export interface SizeResult {
  size: number;
  universe: number;
  build: number;
  ms: number;
}

export type Refresh = 'manual' | 'daily';
export interface Audience {
  id: string;
  merchantId: string;
  name: string;
  description?: string | null;
  expression: Expr;
  refresh: Refresh;
  version: number;
  size: number;
  snapshotAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface Snapshot {
  no: number;
  size: number;
  build: number;
  takenAt: string;
}

export interface InsightCell {
  key: string;
  value: string;
  label: string;
  labelZh: string;
  count: number | null;
  share: number | null;
  baseShare: number | null;
  tgi: number | null;
  suppressed: boolean;
}
export interface InsightDimension {
  key: string;
  values: InsightCell[];
}
export interface Insight {
  audienceId?: string;
  size: number;
  base: { kind: string; size: number };
  minCell: number;
  dimensions: InsightDimension[];
}

export interface StoreTiers {
  storeId: string;
  asOf: string | null;
  tiers: Record<StoreTier, number>;
  visitors: { total: number; customers: number; prospects: number };
}

export const ACTIVATION_KINDS = ['coupon', 'push', 'traffic_boost', 'ad'] as const;
export type ActivationKind = (typeof ACTIVATION_KINDS)[number];
export interface Activation {
  id: string;
  audienceId: string;
  snapshotNo: number;
  kind: ActivationKind;
  target: unknown;
  holdoutPct: number;
  treatment: number;
  holdout: number;
  issued: number;
  status: string;
  createdAt: string;
}
export interface GroupResults {
  users: number;
  buyers: number;
  orders: number;
  gmv: number;
}
export interface ActivationDetail extends Activation {
  results: {
    since: string;
    treatment: GroupResults;
    holdout: GroupResults;
    conversion: { treatment: number | null; holdout: number | null; lift: number | null };
  };
}
