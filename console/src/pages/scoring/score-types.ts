// Shapes of the scoring API (src/modules/scoring) as the console uses them.

export type ScoreKind = 'store' | 'product' | 'creator';
export const SCORE_KINDS: readonly ScoreKind[] = ['store', 'product', 'creator'];
/** The API's path segment of each kind: /v1/scores/stores/… */
export const KIND_PATH: Record<ScoreKind, string> = {
  store: 'stores',
  product: 'products',
  creator: 'creators',
};

export type Unit = 'ratio' | 'hours' | 'seconds' | 'rating' | 'points' | 'percent' | 'index' | 'percentile';
/** Unit of the raw figure a relative metric ranks among peers (its `value`): units sold a day, a rate, fen. */
export type BaseUnit = 'units_per_day' | 'ratio' | 'fen';

/** 'A'…'D' as configured, or 'N' for a provisional score below the minimum volume. */
export type Grade = string;

export interface Scale {
  min: number;
  max: number;
}

export interface MetricExplanation {
  id: string;
  dimension: string;
  unit: Unit;
  higherIsBetter: boolean;
  definition: string;
  /** Relative metrics (unit 'percentile'): the unit of `value`, the raw figure ranked among peers. */
  baseUnit?: BaseUnit;
  /** Smoothed value (for relative metrics the raw figure ranked among peers, in `baseUnit`); null without data. */
  value: number | null;
  /** Share of category peers doing worse, 0–1. */
  percentile: number | null;
  goodness: number | null;
  floor: number;
  target: number;
  weight: number;
  /** Points on the score's scale earned, and missed against the target. */
  contribution: number;
  missed: number;
}

export interface Advice {
  /** `improve_<metric>`: the key of its translation. */
  code: string;
  metric: string;
  gain: number;
  params: { value: number; target: number; unit: Unit; percentile: number | null };
  /** The server's English sentence, shown when the console does not know the code. */
  text: string;
}

export interface ScoreView {
  kind: ScoreKind;
  id: string;
  day: string;
  score: number;
  grade: Grade;
  provisional: boolean;
  volume: number;
  volumeMeans: string;
  minVolume: number;
  groupId: string;
  /** The peer category's names (English, Chinese); null for creators, whose peers are all creators. */
  groupName: string | null;
  groupNameZh: string | null;
  merchantId: string | null;
  scale: Scale;
  configVersion: number;
  explanation: {
    dimensions: { id: string; score: number | null; weight: number }[];
    metrics: MetricExplanation[];
    advice: Advice[];
  };
  linkage: { trafficMultiplier: number; campaignEligible: boolean; subsidyEligible: boolean | null };
}

export type Dims = Record<string, number | null>;

export interface HistoryPoint {
  day: string;
  score: number;
  grade: Grade;
  dims: Dims;
}

export interface ScoreListItem {
  id: string;
  name: string | null;
  groupId: string;
  groupName: string | null;
  groupNameZh: string | null;
  merchantId: string | null;
  score: number;
  grade: Grade;
  provisional: boolean;
  volume: number;
  dims: Dims;
}

export interface ScoreList {
  day: string | null;
  /** The kind's scale in the configuration in force. */
  scale: Scale;
  total: number;
  items: ScoreListItem[];
}

export interface ScoreDistribution {
  kind: ScoreKind;
  day: string | null;
  scale: Scale;
  total: number;
  provisional: number;
  bins: { from: number; to: number; count: number }[];
  grades: { grade: Grade; min: number | null; count: number }[];
  thresholds: { id: string; min: number; admitted: number; share: number }[];
}

export interface MetricDef {
  id: string;
  dimension: string;
  kind: 'rate' | 'mean' | 'value' | 'relative';
  unit: Unit;
  higherIsBetter: boolean;
  definition: string;
}

export interface MetricCatalogue {
  kinds: { kind: ScoreKind; volume: string; dimensions: string[]; metrics: MetricDef[] }[];
}

export interface KindConfig {
  windowDays: number;
  priorStrength: number;
  minVolume: number;
  scale: Scale;
  /** Highest first; the lowest grade's min is null (everything below). */
  grades: { grade: Grade; min: number | null }[];
  dimensions: Record<string, number>;
  metrics: Record<string, { weight: number; floor: number; target: number }>;
}

export interface Linkage {
  trafficMultiplier: Record<string, number>;
  campaignMinStoreScore: number;
  campaignMinProductScore: number;
  subsidyMinStoreScore: number;
  campaignMinCreatorScore: number;
}

export interface ScoringConfig {
  store: KindConfig;
  product: KindConfig;
  creator: KindConfig;
  linkage: Linkage;
}

export interface ConfigVersion {
  version: number;
  config: ScoringConfig;
  note: string | null;
  /** Console user id, API key id, or 'system' for the documented defaults. */
  createdBy: string | null;
  /** The console user's display name; null when the system or an API key saved it. */
  createdByName: string | null;
  createdAt: string;
}

export interface RunSummary {
  runId: number;
  day: string;
  configVersion: number;
  counts: Partial<Record<ScoreKind, number>>;
  /** Milliseconds per `<kind>.<phase>`, and `total` in the runs list. */
  timings: Record<string, number>;
  totalMs: number;
}

export interface ScoreRun {
  id: number;
  day: string;
  configVersion: number;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  counts: Partial<Record<ScoreKind, number>> | null;
  timings: Record<string, number> | null;
}
