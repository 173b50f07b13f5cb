import type { EvalState } from './evaluate.ts';
import { joins, K, type Problem, partUnits } from './problem.ts';
import { couponDiscount, thresholdBound } from './rules.ts';

/**
 * Upper bounds of the discount reachable below a search node, as the minimum of two relaxations:
 *  - by source: each threshold offer still possible at its best on every part it could take, plus the best
 *    coupon of every slot (caps and conflicts ignored: they only lower a total);
 *  - by part: a part can never be discounted below zero, and on one part at most one member of an exclusion
 *    group, one offer per layer and one coupon per slot apply — or a single non-stackable source alone.
 * Both are valid, so their minimum is too; the part bound is what makes conflicting offers cheap to search.
 */
export class Bounder {
  private readonly unitCount: number;
  private readonly unitOf: Int32Array;
  private readonly units: Float64Array;
  private readonly solo: Float64Array;
  private readonly basis: Float64Array;

  constructor(private readonly P: Problem) {
    const groups = new Map<string, number>();
    for (const s of P.sources)
      if (s.group !== undefined && !groups.has(s.group)) groups.set(s.group, groups.size);
    const g = groups.size;
    // Units: one per exclusion group, then the store and cross layers, then each coupon slot.
    this.unitCount = g + 2 + P.slots.length;
    this.unitOf = new Int32Array(P.sources.length);
    P.sources.forEach((s, si) => {
      if (s.group !== undefined) this.unitOf[si] = groups.get(s.group)!;
      else if (s.layer === 'store') this.unitOf[si] = g;
      else if (s.layer === 'cross') this.unitOf[si] = g + 1;
      else this.unitOf[si] = -1; // a coupon's unit is its slot
    });
    this.units = new Float64Array(P.parts.length * this.unitCount);
    this.solo = new Float64Array(P.parts.length);
    this.basis = Float64Array.from(P.parts, (p) => p.basis);
  }

  private reset() {
    this.units.fill(0);
    this.solo.fill(0);
  }

  private add(
    si: number,
    unitForSlot: number,
    parts: readonly number[],
    value: number,
    cap: ArrayLike<number>,
  ) {
    const s = this.P.sources[si]!;
    const unit = this.unitOf[si]! >= 0 ? this.unitOf[si]! : unitForSlot;
    for (const p of parts) {
      const v = Math.min(cap[p]!, value);
      if (!s.stackable) {
        if (v > this.solo[p]!) this.solo[p] = v;
        continue;
      }
      const k = p * this.unitCount + unit;
      if (v > this.units[k]!) this.units[k] = v;
    }
  }

  private partTotal(cap: ArrayLike<number>): number {
    let total = 0;
    for (let p = 0; p < this.P.parts.length; p++) {
      let sum = 0;
      for (let u = 0; u < this.unitCount; u++) sum += this.units[p * this.unitCount + u]!;
      total += Math.min(cap[p]!, Math.max(sum, this.solo[p]!));
    }
    return total;
  }

  /** Bound (objective units) of layers 2–4 when vars before `depth` (threshold vars only) are fixed. */
  thresholdStage(choice: Int32Array, depth: number): number {
    const P = this.P;
    this.reset();
    const basis = this.basis;
    let bySource = 0;
    for (let si = 0; si < P.sources.length; si++) {
      const sw = P.switchOf[si]!;
      if (sw < 0 || (sw < depth && choice[sw] !== si)) continue;
      const parts = P.sources[si]!.eligible.filter((p) => joins(P, choice, si, p, depth));
      if (parts.length === 0) continue;
      const u = partUnits(P.parts, parts);
      const value = Math.min(u.amount, thresholdBound(P.sources[si]!.offer!.rule, u.units, u.amount, u.qty));
      bySource += value;
      this.add(si, -1, parts, value, basis);
    }
    const g = this.unitCount - 2 - P.slots.length;
    let bySourceObj = bySource * K;
    P.slots.forEach((slot, k) => {
      for (const [si, cover] of slot.cover)
        this.add(si, g + 2 + k, cover, Math.floor(slot.value.get(si)! / K), basis);
      bySourceObj += slot.max;
    });
    return Math.min(bySourceObj, this.partTotal(basis) * K + P.maxWeight);
  }

  /**
   * Coupon options re-valued on the parts they can still take after the threshold layers: a tighter
   * value per option (by source index) for the coupon stage below one threshold leaf.
   */
  couponValues(
    t: EvalState,
    canTake: (p: number, si: number) => boolean,
  ): Map<number, { value: number; cover: number[] }>[] {
    return this.P.slots.map((slot) => {
      const out = new Map<number, { value: number; cover: number[] }>();
      for (const [si, cover] of slot.cover) {
        const free = cover.filter((p) => canTake(p, si));
        let basis = 0;
        let rem = 0;
        for (const p of free) {
          basis += this.P.parts[p]!.basis;
          rem += t.rem[p]!;
        }
        const value = Math.min(couponDiscount(this.P.sources[si]!.coupon!.terms.rule, basis), rem);
        if (value > 0) out.set(si, { value, cover: free });
      }
      return out;
    });
  }

  /** Bound (objective units) of the coupon layer when slots before `slotDepth` are fixed (others free). */
  couponStage(
    values: Map<number, { value: number; cover: number[] }>[],
    chosen: Int32Array,
    slotDepth: number,
    rem: ArrayLike<number>,
  ): number {
    this.reset();
    const g = this.unitCount - 2 - this.P.slots.length;
    let bySourceObj = 0;
    let weights = 0;
    for (let k = 0; k < values.length; k++) {
      const opts = values[k]!;
      let best = 0;
      let heaviest = 0;
      for (const [si, o] of opts) {
        if (k < slotDepth && chosen[k] !== si) continue;
        const w = this.P.sources[si]!.weight;
        if (o.value * K + w > best) best = o.value * K + w;
        if (w > heaviest) heaviest = w;
        this.add(si, g + 2 + k, o.cover, o.value, rem);
      }
      bySourceObj += best;
      weights += heaviest;
    }
    return Math.min(bySourceObj, this.partTotal(rem) * K + weights);
  }
}
