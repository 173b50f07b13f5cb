// Shapes of the traffic API (src/modules/traffic/traffic.routes.ts) as the console uses them.

export const PROGRAM_KINDS = ['protection', 'chuanliu', 'budget', 'horse_race'] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];
export const PROGRAM_STATUSES = ['active', 'paused', 'ended'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

/** Scenes the ranking service serves, in the order charts stack them. */
export const SCENES = ['feed', 'search', 'mall', 'detail', 'live_feed', 'store'] as const;
export type Scene = (typeof SCENES)[number];
/** Scenes whose program slots a campaign budget may deliver in. */
export const BUDGET_SCENES = ['feed', 'mall', 'search'] as const;
export const RACE_METRICS = ['gmv', 'gmv_growth', 'live_gmv', 'orders'] as const;
export type RaceMetric = (typeof RACE_METRICS)[number];

export interface ProtectionParams {
  days: number;
  boost: number;
  minDaily: number;
  rampMinutes: number;
}
export interface ChuanliuParams {
  merchantPerYuan: number;
  creatorPerYuan: number;
  validDays: number;
  dailyCap: number;
}
export interface BudgetParams {
  pool: number;
  minStoreScore: number | null;
  categoryIds: string[];
  enrolment: 'open' | 'invite';
  rule: 'equal' | 'score_gmv';
  scenes: (typeof BUDGET_SCENES)[number][];
}
export interface RaceParams {
  categoryId: string;
  metric: RaceMetric;
  topN: number;
  /** Exposures won by rank 1, 2, …; the last repeats for ranks beyond the list. */
  prizes: number[];
  /** Fen: gmv_growth only counts stores with at least this GMV in the previous month. */
  minPreviousGmv: number;
}
export interface ParamsOf {
  protection: ProtectionParams;
  chuanliu: ChuanliuParams;
  budget: BudgetParams;
  horse_race: RaceParams;
}
export type AnyParams = ParamsOf[ProgramKind];

/** The server's defaults (src/modules/traffic/domain/programs.ts): what a new program's form starts from. */
export const DEFAULT_PARAMS: ParamsOf = {
  protection: { days: 45, boost: 1.5, minDaily: 2000, rampMinutes: 60 },
  chuanliu: { merchantPerYuan: 2, creatorPerYuan: 1, validDays: 7, dailyCap: 50_000 },
  budget: {
    pool: 1_000_000,
    minStoreScore: null,
    categoryIds: [],
    enrolment: 'open',
    rule: 'score_gmv',
    scenes: ['feed', 'mall'],
  },
  horse_race: {
    categoryId: '',
    metric: 'gmv_growth',
    topN: 10,
    prizes: [300_000, 200_000, 150_000, 100_000],
    minPreviousGmv: 100_000,
  },
};

export interface Program {
  id: string;
  kind: ProgramKind;
  name: string;
  nameZh: string | null;
  startsOn: string;
  /** Inclusive; null runs until ended. */
  endsOn: string | null;
  status: ProgramStatus;
  params: AnyParams;
  version: number;
  updatedAt: string;
}

export interface ProgramVersion {
  version: number;
  name: string;
  startsOn: string;
  endsOn: string | null;
  status: ProgramStatus;
  params: AnyParams;
  /** The user id of whoever saved it. */
  changedBy: string | null;
  changedByName: string | null;
  nameZh: string | null;
  note: string | null;
  changedAt: string;
}

export interface DeliveryDay {
  day: string;
  participants: number;
  target: number;
  delivered: number;
  organic: number;
  carried: number;
  /** Participant-days that reached 98% of their target (protection: with organic). */
  met: number;
  /** The largest shortfall of a participant that day, as a share of its target (0–1). */
  worstShortfall: number;
  /** Live programs: participant-days whose room was on air, and how many of them met. */
  onAir: number | null;
  metOnAir: number | null;
}

export type ParticipantStatus = 'enrolled' | 'active' | 'ineligible' | 'removed' | 'finished';

export interface QuotaLineToday {
  day: string;
  target: number;
  delivered: number;
  organic: number;
}

export interface Participant {
  entityKind: 'store' | 'creator';
  entityId: string;
  name: string | null;
  merchantId: string | null;
  status: ParticipantStatus;
  /** Budgets: exposures allotted; races: exposures won; protection: the daily minimum. */
  allocation: number;
  /** Protection {firstLiveAt, days}; races {month, rank, value, metric, paidIn}; budgets {score, gmv30d}. */
  detail: Record<string, unknown>;
  target: number;
  delivered: number;
  organic: number;
  today: QuotaLineToday | null;
}

export interface ExposureRow {
  day: string;
  scene: string;
  /** '' for organic placements. */
  programId: string;
  arm: 'score' | 'holdout';
  exposures: number;
}

export interface ProgramTotals {
  programId: string;
  participants: number;
  target: number;
  delivered: number;
  organic: number;
  daysMet: number;
  participantDays: number;
}

export interface TrafficOverview {
  from: string;
  to: string;
  exposures: ExposureRow[];
  programs: ProgramTotals[];
}

export interface MerchantTraffic extends TrafficOverview {
  merchantId: string;
  participation: { program: Program; participants: Participant[] }[];
}

export interface Standing {
  rank: number;
  storeId: string;
  storeName: string | null;
  merchantId: string;
  value: number;
  gmv: number;
  previousGmv: number;
  liveGmv: number;
  orders: number;
  prize: number;
}

export interface Leaderboard {
  programId: string;
  month: string;
  metric: RaceMetric;
  categoryId: string;
  /** The month is over: the standings are final. */
  final: boolean;
  standings: Standing[];
}

export interface QuotaAccount {
  programId: string;
  entityKind: string;
  entityId: string;
  balance: number;
  earned: number;
  delivered: number;
  expired: number;
  deliveringToday: number;
  entries: {
    day: string;
    type: 'earned' | 'delivered' | 'expired';
    exposures: number;
    gmv: number | null;
    orders: number | null;
  }[];
}

export interface TrafficSettings {
  pageSize: number;
  maxCandidates: number;
  maxPerStore: number;
  programSlots: number[];
  holdoutBp: number;
  ctrStrength: number;
  cvrStrength: number;
  affinityWeight: number;
  /** Each hour's share of a day's traffic: 24 numbers. */
  curve: number[];
  pacingLead: number;
}

export interface SettingsView {
  version: number;
  settings: TrafficSettings;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: string | null;
}

export interface Category {
  id: string;
  name: string;
  nameZh: string | null;
  level: number;
  parentId: string | null;
}
