import { evaluate, objective } from './evaluate.ts';
import type { Problem } from './problem.ts';

/**
 * Exhaustive search over every assignment (each threshold decision, each coupon slot, every option
 * including none; a coupon used at most once). The reference the branch and bound is tested and
 * benchmarked against; only for carts small enough to enumerate.
 */
export function oracleSearch(
  P: Problem,
  limit = 5_000_000,
): { choice: Int32Array; objective: number; leaves: number } {
  const n = P.vars.length;
  const choice = new Int32Array(n).fill(-1);
  const used = new Uint8Array(P.sources.length);
  let best = choice.slice();
  let bestObj = Number.NEGATIVE_INFINITY;
  let leaves = 0;
  const rec = (v: number) => {
    if (v === n) {
      if (++leaves > limit) throw new RangeError(`more than ${limit} assignments: too large for the oracle`);
      const obj = objective(evaluate(P, choice));
      if (obj > bestObj) {
        bestObj = obj;
        best = choice.slice();
      }
      return;
    }
    const coupon = v >= P.thresholdVars;
    for (const si of P.vars[v]!.options) {
      if (coupon && si >= 0 && used[si]) continue;
      choice[v] = si;
      if (coupon && si >= 0) used[si] = 1;
      rec(v + 1);
      if (coupon && si >= 0) used[si] = 0;
    }
    choice[v] = -1;
  };
  rec(0);
  return { choice: best, objective: bestObj, leaves };
}
