/**
 * The statistics of holdout experiments, pure: the normal and Student t distributions (CDF and quantile), the
 * two-proportion z-test and Welch's t-test, each with a two-sided p-value and a confidence interval.
 * Written out rather than taken from a package: a few dozen lines with double-precision accuracy (~1e-12 over the
 * ranges used here), checked in stats.test.ts against scipy reference values.
 */

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;

/** Regularized lower incomplete gamma P(a, x). */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lead = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    // series
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return sum * Math.exp(lead);
  }
  return 1 - gammaQcf(a, x, lead);
}

/** Q(a, x) by Lentz's continued fraction (x ≥ a + 1). */
function gammaQcf(a: number, x: number, lead: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(lead) * h;
}

/** Standard normal CDF Φ(x), accurate in the tails (via the incomplete gamma function). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const h = (x * x) / 2;
  if (h === 0) return 0.5;
  // erfc(|x|/√2) = Q(1/2, x²/2)
  const q = h < 1.5 ? 1 - gammaP(0.5, h) : gammaQcf(0.5, h, -h + 0.5 * Math.log(h) - lnGamma(0.5));
  return x < 0 ? q / 2 : 1 - q / 2;
}

/** Quantile of the standard normal: Acklam's rational approximation refined by one Halley step. */
export function normalInv(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  // Halley refinement: the approximation's 1e-9 becomes full double precision.
  for (let i = 0; i < 2; i++) {
    const e = normalCdf(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

/** Continued fraction of the incomplete beta function (Numerical Recipes' betacf, modified Lentz). */
function betaCf(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function betaInc(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return (bt * betaCf(a, b, x)) / a;
  return 1 - (bt * betaCf(b, a, 1 - x)) / b;
}

/** Student t CDF with `df` degrees of freedom (df > 0, not necessarily whole: Welch's df is fractional). */
export function tCdf(t: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  if (!Number.isFinite(df)) return normalCdf(t);
  const x = df / (df + t * t);
  const tail = betaInc(x, df / 2, 0.5) / 2;
  return t < 0 ? tail : 1 - tail;
}

/** Quantile of the t distribution, by bisection then Newton on the CDF (monotone, so always converges). */
export function tInv(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(df) || df > 1e7) return normalInv(p);
  if (p === 0.5) return 0;
  let lo = -1;
  let hi = 1;
  while (tCdf(lo, df) > p) lo *= 2;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface TestResult {
  /** estimate of (treatment − control) */
  diff: number;
  /** standard error used for the interval */
  se: number;
  /** 95% (or 1 − alpha) interval of the difference */
  ci: [number, number];
  /** test statistic (z or t) */
  statistic: number;
  /** two-sided p-value */
  p: number;
  df?: number;
}

/**
 * Two-proportion z-test of x1/n1 against x2/n2: the p-value under the pooled null standard error, the interval
 * with the unpooled (Wald) standard error. Null when an arm is empty or the pooled proportion is 0 or 1.
 */
export function twoProportionZ(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  alpha = 0.05,
): TestResult | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se0 > 0)) return null;
  const diff = p1 - p2;
  const z = diff / se0;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const q = normalInv(1 - alpha / 2);
  return { diff, se, ci: [diff - q * se, diff + q * se], statistic: z, p: 2 * normalCdf(-Math.abs(z)) };
}

export interface Sample {
  n: number;
  mean: number;
  /** sample variance (n − 1 denominator) */
  variance: number;
}

/** A sample's summary from n, Σx and Σx² (numerically: the centred sum of squares is clamped at 0). */
export function sampleOf(n: number, sum: number, sumSq: number): Sample {
  const mean = n > 0 ? sum / n : 0;
  const ss = Math.max(0, sumSq - sum * mean);
  return { n, mean, variance: n > 1 ? ss / (n - 1) : 0 };
}

/**
 * Welch's unequal-variance t-test of a's mean against b's, with the Welch–Satterthwaite degrees of freedom.
 * Null when an arm has fewer than 2 units or both variances are 0.
 */
export function welchT(a: Sample, b: Sample, alpha = 0.05): TestResult | null {
  if (a.n < 2 || b.n < 2) return null;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return null;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const diff = a.mean - b.mean;
  const t = diff / se;
  const q = tInv(1 - alpha / 2, df);
  return { diff, se, ci: [diff - q * se, diff + q * se], statistic: t, p: 2 * tCdf(-Math.abs(t), df), df };
}
