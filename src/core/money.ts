/**
 * Money is integer fen (minor units) in safe JS integers; rates are basis points (1 bp = 0.01%).
 * Rounding rule, used everywhere: a product of an amount and a rate rounds half away from zero
 * to the fen. Splits never round: they allocate by largest remainder so parts sum to the whole.
 */
export type Fen = number;
export type Bp = number;

export const BP_SCALE = 10_000;

export function isFen(v: unknown): v is Fen {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

export function assertFen(v: unknown, what = 'amount'): Fen {
  if (!isFen(v)) throw new RangeError(`${what} must be an integer number of fen, got ${String(v)}`);
  return v;
}

/** Integer division of bigint rounded half away from zero. */
function divRound(num: bigint, den: bigint): bigint {
  const neg = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (a * 2n + d) / (2n * d);
  return neg ? -q : q;
}

function toSafe(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`result ${v} exceeds the safe integer range`);
  return n;
}

/** amount × bp / 10000, rounded half away from zero (BigInt inside: no float drift, no overflow). */
export function applyBp(amount: Fen, bp: Bp): Fen {
  assertFen(amount);
  if (!Number.isInteger(bp)) throw new RangeError(`rate must be whole basis points, got ${bp}`);
  const p = amount * bp;
  // Exact in doubles below 2^53: the hot paths (pricing) stay out of BigInt.
  if (Number.isSafeInteger(p * 2)) {
    const q = Math.floor((Math.abs(p) * 2 + BP_SCALE) / (2 * BP_SCALE));
    return p < 0 ? -q || 0 : q;
  }
  return toSafe(divRound(BigInt(amount) * BigInt(bp), BigInt(BP_SCALE)));
}

/** amount × numerator / denominator, rounded half away from zero. */
export function mulDiv(amount: Fen, numerator: number, denominator: number): Fen {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new RangeError('mulDiv needs integer numerator and non-zero integer denominator');
  }
  return toSafe(divRound(BigInt(assertFen(amount)) * BigInt(numerator), BigInt(denominator)));
}

/**
 * Split `total` in proportion to non-negative integer `weights` by the largest-remainder method.
 * Parts sum exactly to total; ties in remainder go to the earlier index, so the result is deterministic.
 * All-zero weights split evenly.
 */
export function splitByWeights(total: Fen, weights: readonly number[]): Fen[] {
  assertFen(total, 'total');
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('cannot split a non-zero total over no parts');
    return [];
  }
  for (const w of weights)
    if (!Number.isSafeInteger(w) || w < 0)
      throw new RangeError(`weights must be non-negative integers, got ${w}`);
  const fast = splitSmall(total, weights);
  if (fast) return fast;
  let ws = weights.map((w) => BigInt(w));
  let sum = ws.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    ws = weights.map(() => 1n);
    sum = BigInt(weights.length);
  }
  const sign = total < 0 ? -1n : 1n;
  const t = BigInt(total) * sign;
  const parts = ws.map((w) => (t * w) / sum);
  const rems = ws.map((w, i) => ({ i, r: (t * w) % sum }));
  let left = t - parts.reduce((a, b) => a + b, 0n);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) parts[rems[k]!.i]! += 1n;
  return parts.map((p) => toSafe(p * sign));
}

/** The same split in doubles when every product total × weight is exact (below 2^53); null otherwise. */
function splitSmall(total: Fen, weights: readonly number[]): Fen[] | null {
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]!;
  const t = Math.abs(total);
  if (!Number.isSafeInteger(t * Math.max(sum, n))) return null;
  const even = sum === 0;
  const den = even ? n : sum;
  const parts = new Array<number>(n);
  const rems = new Array<number>(n);
  let left = t;
  for (let i = 0; i < n; i++) {
    const num = t * (even ? 1 : weights[i]!);
    let q = Math.floor(num / den);
    let r = num - q * den;
    // The double quotient can round across an integer; the remainder says which way to correct.
    if (r < 0) {
      q -= 1;
      r += den;
    } else if (r >= den) {
      q += 1;
      r -= den;
    }
    parts[i] = q;
    rems[i] = r;
    left -= q;
  }
  if (left > 0) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => rems[b]! - rems[a]! || a - b);
    for (let k = 0; k < left; k++) parts[order[k]!]! += 1;
  }
  if (total < 0) for (let i = 0; i < n; i++) parts[i] = -parts[i]! || 0;
  return parts;
}

/** Split evenly into n parts (largest remainder: the first parts take the extra fen). */
export function splitEvenly(total: Fen, n: number): Fen[] {
  return splitByWeights(total, new Array(n).fill(1));
}

export function sumFen(values: readonly Fen[]): Fen {
  let s = 0;
  for (const v of values) s += assertFen(v);
  return assertFen(s, 'sum');
}

/** ¥1,234.56 style text for logs and CLI output (the console formats with the user's locale). */
export function formatFen(v: Fen): string {
  const neg = v < 0;
  const a = Math.abs(v);
  const yuan = Math.trunc(a / 100).toLocaleString('en-US');
  return `${neg ? '-' : ''}¥${yuan}.${String(a % 100).padStart(2, '0')}`;
}
