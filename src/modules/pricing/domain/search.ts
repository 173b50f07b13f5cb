import { Bounder } from './bound.ts';
import {
  canTake,
  cloneState,
  type EvalState,
  evalCoupons,
  evalThresholds,
  evaluate,
  objective,
} from './evaluate.ts';
import type { Problem } from './problem.ts';
import { couponDiscount } from './rules.ts';

export interface SearchResult {
  choice: Int32Array;
  objective: number;
  exact: boolean;
  nodes: number;
  baseline: Int32Array;
  baselineObjective: number;
  /** Discount of layers 2–4 under the baseline (the explanation reports the baseline's total). */
  baselineDiscount: number;
  baselineRem: number[];
}

const priorityOf = (P: Problem, si: number) => {
  const s = P.sources[si]!;
  return (s.offer?.priority ?? s.coupon?.terms.priority ?? 0) as number;
};

/**
 * The one-by-one baseline (what a greedy engine does): every threshold offer in use, items joining the
 * first by priority; then coupons in priority order, the biggest saving first, each taking its slot if
 * it is free and its threshold is met on its whole scope.
 */
export function baselineChoice(P: Problem): Int32Array {
  const choice = new Int32Array(P.vars.length).fill(-1);
  // A coupon's face value: its best value in any slot (what a wallet sorted "best first" shows).
  const face = new Float64Array(P.sources.length);
  for (const slot of P.slots) for (const [si, v] of slot.value) face[si] = Math.max(face[si]!, v);
  const order = P.sources.map((_, i) => i);
  order.sort((a, b) => priorityOf(P, b) - priorityOf(P, a) || face[b]! - face[a]! || a - b);
  const used = new Set<number>();
  for (const si of order) {
    const s = P.sources[si]!;
    if (s.type === 'offer') {
      choice[P.switchOf[si]!] = si;
      continue;
    }
    for (let v = P.thresholdVars; v < P.vars.length; v++) {
      if (choice[v] !== -1 || used.has(si)) continue;
      const slot = P.slots[P.vars[v]!.slot]!;
      const cover = slot.cover.get(si);
      if (!cover) continue;
      const basis = cover.reduce((a, p) => a + P.parts[p]!.basis, 0);
      if (couponDiscount(s.coupon!.terms.rule, basis) <= 0) continue;
      choice[v] = si;
      used.add(si);
    }
  }
  return choice;
}

/**
 * Exact best combination by depth-first branch and bound. Options are tried best-first, so the first
 * leaf is the greedy choice; the one-by-one baseline is the first incumbent, so the answer is never
 * worse than it. Bounds ignore caps and conflicts (they only lower a total), which keeps them valid.
 * When `nodeBudget` runs out the best combination found so far is returned with exact = false.
 */
export function search(P: Problem, nodeBudget: number): SearchResult {
  const nVars = P.vars.length;
  const nT = P.thresholdVars;
  const baseline = baselineChoice(P);
  const baselineState = evaluate(P, baseline);
  let bestObj = objective(baselineState);
  let best = baseline.slice();
  const baselineObjective = bestObj;
  const choice = new Int32Array(nVars).fill(-1);
  const used = new Uint8Array(P.sources.length);
  const bounder = new Bounder(P);
  const slotChoice = new Int32Array(P.slots.length).fill(-1);
  let nodes = 0;
  let aborted = false;
  const tick = () => {
    if (++nodes > nodeBudget) aborted = true;
    return aborted;
  };

  type Values = ReturnType<Bounder['couponValues']>;
  const couponStage = (v: number, t: EvalState, values: Values) => {
    if (tick()) return;
    if (v === nVars) {
      const obj = objective(evalCoupons(P, cloneState(t), choice));
      if (obj > bestObj) {
        bestObj = obj;
        best = choice.slice();
      }
      return;
    }
    const k = v - nT;
    const base = objective(t);
    for (const si of P.vars[v]!.options) {
      if (si >= 0 && (used[si] || !values[k]!.has(si))) continue;
      choice[v] = si;
      slotChoice[k] = si;
      if (base + bounder.couponStage(values, slotChoice, k + 1, t.rem) > bestObj) {
        if (si >= 0) used[si] = 1;
        couponStage(v + 1, t, values);
        if (si >= 0) used[si] = 0;
      }
      if (aborted) break;
    }
    choice[v] = -1;
    slotChoice[k] = -1;
  };

  const thresholdStage = (v: number) => {
    if (tick()) return;
    if (v === nT) {
      const t = evalThresholds(P, choice);
      const values = bounder.couponValues(t, (p, si) => canTake(P, t, p, si));
      if (objective(t) + bounder.couponStage(values, slotChoice, 0, t.rem) > bestObj)
        couponStage(v, t, values);
      return;
    }
    for (const si of P.vars[v]!.options) {
      choice[v] = si;
      if (bounder.thresholdStage(choice, v + 1) > bestObj) thresholdStage(v + 1);
      if (aborted) break;
    }
    choice[v] = -1;
  };

  thresholdStage(0);
  return {
    choice: best,
    objective: bestObj,
    exact: !aborted,
    nodes,
    baseline,
    baselineObjective,
    baselineDiscount: baselineState.total,
    baselineRem: baselineState.rem,
  };
}
