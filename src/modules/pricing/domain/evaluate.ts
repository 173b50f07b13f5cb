import { splitByWeights } from '../../../core/money.ts';
import { joins, K, type Problem, partUnits } from './problem.ts';
import { couponDiscount, thresholdDiscount } from './rules.ts';

/** One applied discount: the parts it covers and each part's share. */
export interface Applied {
  source: number;
  parts: number[];
  amounts: number[];
  basis: number;
  discount: number;
}

/** What layers 2–4 have done to the parts so far. */
export interface EvalState {
  rem: number[];
  total: number;
  weight: number;
  nonStack: boolean[];
  hasAny: boolean[];
  groups: (string[] | null)[];
  applied: Applied[] | null;
}

function initial(P: Problem, record: boolean): EvalState {
  const n = P.parts.length;
  return {
    rem: P.parts.map((p) => p.basis),
    total: 0,
    weight: 0,
    nonStack: new Array(n).fill(false),
    hasAny: new Array(n).fill(false),
    groups: new Array(n).fill(null),
    applied: record ? [] : null,
  };
}

export function cloneState(s: EvalState): EvalState {
  return {
    rem: s.rem.slice(),
    total: s.total,
    weight: s.weight,
    nonStack: s.nonStack.slice(),
    hasAny: s.hasAny.slice(),
    groups: s.groups.slice(),
    applied: s.applied ? s.applied.slice() : null,
  };
}

/**
 * Whether a source can still take a part: no non-stackable discount sits on it, no member of the
 * source's exclusion group does, and a non-stackable source needs the part untouched by layers 2–4.
 * Earlier layers win conflicts: a later source simply covers fewer parts.
 */
export function canTake(P: Problem, st: EvalState, p: number, si: number): boolean {
  if (st.nonStack[p]) return false;
  const s = P.sources[si]!;
  if (!s.stackable && st.hasAny[p]) return false;
  if (s.group !== undefined && st.groups[p]?.includes(s.group)) return false;
  return true;
}

function apply(P: Problem, st: EvalState, si: number, cover: number[], d: number, basis: number) {
  const s = P.sources[si]!;
  const w = cover.map((p) => st.rem[p]!);
  const parts = splitByWeights(d, w);
  cover.forEach((p, k) => {
    st.rem[p] = st.rem[p]! - parts[k]!;
    st.hasAny[p] = true;
    if (!s.stackable) st.nonStack[p] = true;
    if (s.group !== undefined) st.groups[p] = [...(st.groups[p] ?? []), s.group];
  });
  st.total += d;
  st.weight += s.weight;
  st.applied?.push({ source: si, parts: cover, amounts: parts, basis, discount: d });
}

function remOf(st: EvalState, cover: readonly number[]) {
  let r = 0;
  for (const p of cover) r += st.rem[p]!;
  return r;
}

/** Layers 2 (store) and 3 (cross-store and platform): each threshold offer on the parts that joined it. */
export function evalThresholds(P: Problem, choice: Int32Array, record = false): EvalState {
  const st = initial(P, record);
  const joined = new Map<number, number[]>();
  for (let si = 0; si < P.sources.length; si++) {
    const sw = P.switchOf[si]!;
    if (sw < 0 || choice[sw] !== si) continue;
    joined.set(
      si,
      P.sources[si]!.eligible.filter((p) => joins(P, choice, si, p)),
    );
  }
  for (const layer of ['store', 'cross'] as const) {
    for (const [si, joinedParts] of joined) {
      const s = P.sources[si]!;
      if (s.layer !== layer) continue;
      const cover = joinedParts.filter((p) => canTake(P, st, p, si)).sort((a, b) => a - b);
      if (cover.length === 0) continue;
      const u = partUnits(P.parts, cover);
      const d = Math.min(thresholdDiscount(s.offer!.rule, u.units, u.amount, u.qty), remOf(st, cover));
      if (d > 0) apply(P, st, si, cover, d, u.amount);
    }
  }
  return st;
}

/** Layer 4: the coupon chosen for each slot, on the parts of its domain it can still take. Mutates `st`. */
export function evalCoupons(P: Problem, st: EvalState, choice: Int32Array): EvalState {
  for (let v = P.thresholdVars; v < P.vars.length; v++) {
    const si = choice[v]!;
    if (si < 0) continue;
    const slot = P.slots[P.vars[v]!.slot]!;
    const cover = slot.cover.get(si)!.filter((p) => canTake(P, st, p, si));
    if (cover.length === 0) continue;
    let basis = 0;
    for (const p of cover) basis += P.parts[p]!.basis;
    const d = Math.min(couponDiscount(P.sources[si]!.coupon!.terms.rule, basis), remOf(st, cover));
    if (d > 0) apply(P, st, si, cover, d, basis);
  }
  return st;
}

export const objective = (st: EvalState) => st.total * K + st.weight;

/** The whole evaluation of one assignment (the oracle and the final explanation use it). */
export function evaluate(P: Problem, choice: Int32Array, record = false): EvalState {
  return evalCoupons(P, evalThresholds(P, choice, record), choice);
}
