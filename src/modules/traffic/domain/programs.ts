import type { ChuanliuParams } from './chuanliu.ts';
import type { AllocationRule } from './pacing.ts';
import type { RaceParams } from './races.ts';

/** Growth programs: what each kind means, its parameters and their defaults (docs/traffic.md). */

export const PROGRAM_KINDS = ['protection', 'chuanliu', 'budget', 'horse_race'] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];

export interface ProtectionParams {
  /** Days of protection after a store's first self-stream session (JD: 45). */
  days: number;
  /** Multiplier on a protected room's live-feed score. */
  boost: number;
  /** Live-feed exposures guaranteed to a protected room on each day it streams. */
  minDaily: number;
  /** The guarantee is paced over the first this-many minutes of a session. */
  rampMinutes: number;
}

export interface BudgetParams {
  /** Exposures in the pool over the whole program. */
  pool: number;
  /** Eligibility: the store's experience score at least this (null: no threshold). */
  minStoreScore: number | null;
  /** Eligibility: stores with a main category among these (empty: any). */
  categoryIds: string[];
  /** open: eligible merchants enrol themselves; invite: the operator enrols them. */
  enrolment: 'open' | 'invite';
  rule: AllocationRule;
  /** Scenes whose program slots deliver the pool. */
  scenes: ('feed' | 'mall' | 'search')[];
}

export type ProgramParams = {
  protection: ProtectionParams;
  chuanliu: ChuanliuParams;
  budget: BudgetParams;
  horse_race: RaceParams;
};

export const DEFAULT_PARAMS: ProgramParams = {
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

/** Scenes where a program's slots deliver. */
export function programScenes(kind: ProgramKind, params: ProgramParams[ProgramKind]): string[] {
  if (kind === 'protection' || kind === 'chuanliu') return ['live_feed'];
  if (kind === 'budget') return (params as BudgetParams).scenes;
  return ['feed', 'mall'];
}

/** Checks a program's parameters beyond their types (empty when usable). */
export function paramIssues(
  kind: ProgramKind,
  p: ProgramParams[ProgramKind],
): { field: string; reason: string }[] {
  const out: { field: string; reason: string }[] = [];
  const bad = (field: string, reason: string) => out.push({ field: `params.${field}`, reason });
  switch (kind) {
    case 'protection': {
      const x = p as ProtectionParams;
      if (x.boost < 1) bad('boost', 'must be at least 1 (protection never demotes)');
      break;
    }
    case 'budget': {
      const x = p as BudgetParams;
      if (!x.scenes.length) bad('scenes', 'name at least one scene');
      break;
    }
    case 'horse_race': {
      const x = p as RaceParams;
      if (!x.categoryId) bad('categoryId', 'required: the category whose stores race');
      if (!x.prizes.length) bad('prizes', 'name at least one prize');
      break;
    }
    case 'chuanliu': {
      const x = p as ChuanliuParams;
      if (x.merchantPerYuan === 0 && x.creatorPerYuan === 0)
        bad('merchantPerYuan', 'merchants or creators must earn something');
      break;
    }
  }
  return out;
}
