/**
 * Seeded pseudo-random numbers for the simulator: sfc32 (small, fast, passes PractRand to 2^40+) with
 * streams derived from (seed, key…) by hashing, so every entity and every user-day has its own stream.
 * A record never depends on how many draws another entity made, which keeps generation deterministic
 * whatever the shard size, batch size or order of processing.
 */

const TWO32 = 4294967296;

/** 32-bit avalanche mix (murmur3 finalizer). */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashKey(h: number, k: number | string): number {
  if (typeof k === 'number') {
    // Integers up to 2^53: mix both halves.
    const lo = k >>> 0;
    const hi = Math.floor(k / TWO32) >>> 0;
    h = fmix((h ^ lo) + 0x9e3779b9);
    return fmix((h ^ hi) + 0x7f4a7c15);
  }
  for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 16777619) >>> 0;
  return fmix(h + 0x27d4eb2f);
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A stream for (seed, ...keys): the same keys always give the same stream. */
  static derive(seed: number, keys: readonly (number | string)[]): Rng {
    let h = fmix((seed >>> 0) ^ 0x5bd1e995);
    for (const k of keys) h = hashKey(h, k);
    return new Rng(h, fmix(h ^ 0xdeadbeef), fmix(h + 0x6a09e667), fmix(h ^ 0xbb67ae85));
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / TWO32;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * m;
        return u * m;
      }
    }
  }

  /** Log-normal with the given median and log-scale sigma. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Gamma(shape, 1) by Marsaglia–Tsang. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * this.next() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** Dirichlet sample written into out (length = alpha length). */
  dirichlet(alpha: readonly number[], out: Float32Array | number[], offset = 0): void {
    let sum = 0;
    for (let i = 0; i < alpha.length; i++) {
      const g = this.gamma(alpha[i]!) + 1e-9;
      out[offset + i] = g;
      sum += g;
    }
    for (let i = 0; i < alpha.length; i++) out[offset + i] = (out[offset + i] as number) / sum;
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    for (;;) {
      p *= this.next();
      if (p <= l) return k;
      k++;
    }
  }

  pick<T>(arr: readonly T[]): T {
    return arr[this.int(arr.length)]!;
  }

  /** Index drawn proportionally to weights (linear scan: for short lists). */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Index drawn from a cumulative weight array (binary search: for long lists). */
  cumulative(cum: ArrayLike<number>, from = 0, to = cum.length): number {
    const base = from > 0 ? cum[from - 1]! : 0;
    const x = base + this.next() * (cum[to - 1]! - base);
    let lo = from;
    let hi = to - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** The seed of a run; every stream of the simulation is derived from it by key. */
export class Seeds {
  constructor(readonly seed: number) {}
  rng(...keys: (number | string)[]): Rng {
    return Rng.derive(this.seed, keys);
  }
}

export const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
