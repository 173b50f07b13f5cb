import { splitByWeights, splitEvenly } from '../../../core/money.ts';

/**
 * Pacing: a participant's daily target is delivered along the day's traffic curve. The controller is a
 * proportional throttle on the gap between plan and delivery: a participant behind its plan (by up to `lead`
 * exposures ahead of it) takes its slot in every request; one at or past plan + lead takes none; in between, in
 * proportion. Delivery feeds straight back into the next decision, so it tracks the curve whatever the traffic.
 */

/** Share of the day's traffic before `fraction` (0..1) of the day, linear within each hour. */
export function curveShare(curve: readonly number[], fraction: number): number {
  if (fraction <= 0) return 0;
  if (fraction >= 1) return 1;
  let total = 0;
  for (const x of curve) total += x;
  const h = fraction * curve.length;
  const whole = Math.floor(h);
  let before = 0;
  for (let i = 0; i < whole; i++) before += curve[i]!;
  return (before + (curve[whole] ?? 0) * (h - whole)) / total;
}

/** Exposures planned by now for a daily target. */
export const plannedBy = (target: number, share: number) => target * share;

/** Probability (0..1) that a participant takes a slot in this request. */
export function throttle(target: number, delivered: number, planned: number, lead: number): number {
  if (delivered >= target) return 0;
  const gap = planned + lead - delivered;
  if (gap <= 0) return 0;
  return gap >= lead ? 1 : gap / lead;
}

/** The lead for a target: a share of it, never less than one page. */
export const leadOf = (target: number, share: number, page: number) =>
  Math.max(page, Math.ceil(target * share));

/** A program's exposures over its days, evenly, the first days taking the remainder. */
export const evenDays = (total: number, days: number): number[] => (days > 0 ? splitEvenly(total, days) : []);

/** Under-delivery of a day carried into the next (over-delivery is not taken back). */
export const carryOver = (target: number, delivered: number) => Math.max(0, target - delivered);

export type AllocationRule = 'equal' | 'score_gmv';

export interface BudgetCandidate {
  id: string;
  /** Store experience score (0..100 scale of scoring), null when the store has none. */
  score: number | null;
  /** GMV of the last 30 days in fen. */
  gmv: number;
}

/**
 * Splits a campaign's pool among its participants. `equal`: the same share each. `score_gmv` (default): in
 * proportion to score × √(GMV in yuan + 1): better stores get more, bigger stores more but less than in
 * proportion, so a campaign does not hand its pool to the largest merchant. Largest remainder: parts add up
 * to the pool exactly.
 */
export function allocatePool(pool: number, rule: AllocationRule, cs: readonly BudgetCandidate[]): number[] {
  if (!cs.length) return [];
  if (rule === 'equal') return splitEvenly(pool, cs.length);
  const w = cs.map((c) => Math.round(1000 * Math.max(c.score ?? 0, 1) * Math.sqrt(c.gmv / 100 + 1)));
  return splitByWeights(pool, w);
}
