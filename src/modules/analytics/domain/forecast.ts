/**
 * Daily forecast models on a dense series (Float64Array, day 0 = the first day, missing days 0), pure and
 * allocation-free per point so a backtest of 10k series stays fast.
 *
 * The seasonal model is a multiplicative decomposition: ŷ(t) = level(t) × weekday factor × campaign uplift.
 *   - Weekday factors: for each of the last `factorWeeks` whole weeks (aligned to the end of the history), every
 *     ordinary day's ratio to its week's mean; per weekday the trimmed mean of those ratios (lowest and highest
 *     dropped from 4 weeks up), normalised to mean 1 and shrunk toward 1 by k / (k + shrinkWeeks) for k weeks.
 *   - Level: a damped-trend Holt filter over the de-seasonalised ordinary days whose one-step errors are clipped
 *     to ±clip × their running mean absolute size (one outlier day moves the level a little, a real shift soon
 *     gets through). Campaign days are treated as missing for the level and the factors.
 *   - Campaign uplift: each campaign's day against the median of the same weekday 1–4 weeks before (ordinary
 *     days), averaged over the campaign's occurrences in the series; when the series has none, the uplift
 *     pooled from the marketplace total the caller passes in; otherwise none (1).
 */

export interface ModelParams {
  /** Level smoothing of the Holt filter. */
  alpha: number;
  /** Trend smoothing (0: no trend). */
  beta: number;
  /** Trend damping per day ahead. */
  phi: number;
  /** Whole weeks of history the weekday factors are estimated from. */
  factorWeeks: number;
  /** Factors are shrunk toward 1 by k / (k + shrinkWeeks) for k weeks of evidence. */
  shrinkWeeks: number;
  /** One-step errors beyond clip × their running mean absolute size are clipped. */
  clip: number;
}

export const DEFAULT_PARAMS: ModelParams = {
  alpha: 0.1,
  // Measured on the synthetic bench series: a damped trend (beta 0.005) did not lower MASE, so it is off by default.
  beta: 0,
  phi: 0.9,
  factorWeeks: 16,
  shrinkWeeks: 2,
  clip: 3,
};

export enum UpliftSource {
  None = 0,
  Own = 1,
  Pooled = 2,
}

/** A fitted seasonal model; allocated once and refitted in place. */
export interface SeasonalFit {
  level: number;
  trend: number;
  /** Monday = 0 … Sunday = 6. */
  factors: Float64Array;
  /** Per calendar campaign: the multiplier on its day (NaN: unknown, no uplift applied). */
  uplift: Float64Array;
  upliftSource: Uint8Array;
  /** Occurrences the own uplift was averaged over. */
  upliftCount: Float64Array;
  /** Scratch for the factor ratios and medians. */
  scratch: Float64Array;
  counts: Int32Array;
}

export function newFit(campaigns: number, params: ModelParams = DEFAULT_PARAMS): SeasonalFit {
  return {
    level: 0,
    trend: 0,
    factors: new Float64Array(7).fill(1),
    uplift: new Float64Array(campaigns).fill(Number.NaN),
    upliftSource: new Uint8Array(campaigns),
    upliftCount: new Float64Array(campaigns),
    scratch: new Float64Array(7 * Math.max(params.factorWeeks, 4) + 8),
    counts: new Int32Array(7),
  };
}

/** Sorts a[from..to) ascending in place (insertion sort: the runs are a few dozen values). */
function sortRange(a: Float64Array, from: number, to: number) {
  for (let i = from + 1; i < to; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= from && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Median of a[from..to), sorting that range in place; NaN when empty. */
export function medianRange(a: Float64Array, from: number, to: number): number {
  const k = to - from;
  if (k <= 0) return Number.NaN;
  sortRange(a, from, to);
  const mid = from + (k >> 1);
  return k % 2 ? a[mid]! : (a[mid - 1]! + a[mid]!) / 2;
}

/**
 * Weekday factors (Monday first) of y[0..n) into fit.factors; `dow0` is the weekday of day 0, `camp[t]` ≥ 0 marks
 * campaign days (left out).
 */
export function fitWeekdayFactors(
  y: Float64Array,
  n: number,
  dow0: number,
  camp: Int8Array,
  params: ModelParams,
  fit: SeasonalFit,
) {
  const maxW = Math.max(params.factorWeeks, 4);
  const weeks = Math.min(params.factorWeeks, Math.floor(n / 7));
  const { scratch: r, counts, factors } = fit;
  counts.fill(0);
  for (let w = 0; w < weeks; w++) {
    const end = n - 7 * w;
    let sum = 0;
    let c = 0;
    for (let t = end - 7; t < end; t++)
      if (camp[t]! < 0) {
        sum += y[t]!;
        c++;
      }
    // A week with a campaign day or two still has a usable mean; an empty week says nothing about weekdays.
    if (c < 5 || sum <= 0) continue;
    const mean = sum / c;
    for (let t = end - 7; t < end; t++) {
      if (camp[t]! >= 0) continue;
      const d = (dow0 + t) % 7;
      r[d * maxW + counts[d]!] = y[t]! / mean;
      counts[d]!++;
    }
  }
  let total = 0;
  for (let d = 0; d < 7; d++) {
    const k = counts[d]!;
    let f = 1;
    if (k > 0) {
      const from = d * maxW;
      sortRange(r, from, from + k);
      const drop = k >= 4 ? 1 : 0;
      let s = 0;
      for (let i = from + drop; i < from + k - drop; i++) s += r[i]!;
      f = s / (k - 2 * drop);
    }
    factors[d] = f;
    total += f;
  }
  const norm = total > 0 ? 7 / total : 1;
  total = 0;
  for (let d = 0; d < 7; d++) {
    const k = counts[d]!;
    const f = 1 + (factors[d]! * norm - 1) * (k / (k + params.shrinkWeeks));
    factors[d] = f > 0.01 ? f : 0.01;
    total += factors[d]!;
  }
  for (let d = 0; d < 7; d++) factors[d] = (factors[d]! * 7) / total;
}

// Synchronous use only: the reference days of one campaign day.
const REF = new Float64Array(4);

/**
 * Uplift of each calendar campaign seen in y[0..n) into `out` (NaN when the series has no usable occurrence):
 * the campaign day against the median of the same weekday 1–4 weeks before (after, when fewer than two of those are
 * in the history), ordinary days only.
 */
export function campaignUplifts(
  y: Float64Array,
  n: number,
  camp: Int8Array,
  out: Float64Array,
  counts: Float64Array | null = null,
) {
  out.fill(0);
  const seen = counts ?? new Float64Array(out.length);
  seen.fill(0);
  const ref = REF;
  for (let t = 0; t < n; t++) {
    const j = camp[t]!;
    if (j < 0) continue;
    let k = 0;
    for (let w = 1; w <= 4; w++) {
      const s = t - 7 * w;
      if (s >= 0 && camp[s]! < 0) ref[k++] = y[s]!;
    }
    // A campaign early in the history: the same weekday in the weeks after (still inside y[0..n), so a backtest
    // never looks past its origin).
    if (k < 2) {
      k = 0;
      for (let w = 1; w <= 4; w++) {
        const s = t + 7 * w;
        if (s < n && camp[s]! < 0) ref[k++] = y[s]!;
      }
    }
    if (k < 2) continue;
    const base = medianRange(ref, 0, k);
    if (!(base > 0)) continue;
    out[j] = out[j]! + y[t]! / base;
    seen[j]!++;
  }
  for (let j = 0; j < out.length; j++) out[j] = seen[j]! > 0 ? out[j]! / seen[j]! : Number.NaN;
}

/**
 * Fits the seasonal model on y[0..n). `pooled` (per campaign, NaN unknown) supplies the uplift of campaigns the
 * series has not been through.
 */
export function fitSeasonal(
  y: Float64Array,
  n: number,
  dow0: number,
  camp: Int8Array,
  pooled: Float64Array | null,
  params: ModelParams,
  fit: SeasonalFit,
) {
  fitWeekdayFactors(y, n, dow0, camp, params, fit);
  const f = fit.factors;
  const { alpha, beta, phi, clip } = params;
  // Start from the mean of the first (up to) 7 ordinary days, de-seasonalised.
  let level = 0;
  let c = 0;
  let t = 0;
  for (; t < n && c < 7; t++) {
    if (camp[t]! >= 0) continue;
    level += y[t]! / f[(dow0 + t) % 7]!;
    c++;
  }
  level = c ? level / c : 0;
  let trend = 0;
  let size = level * 0.2;
  for (; t < n; t++) {
    const pred = level + phi * trend;
    if (camp[t]! >= 0) {
      // Missing for the level: carry the prediction forward.
      level = pred;
      trend *= phi;
      continue;
    }
    let e = y[t]! / f[(dow0 + t) % 7]! - pred;
    const lim = clip * size;
    if (lim > 0) {
      if (e > lim) e = lim;
      else if (e < -lim) e = -lim;
    }
    size = 0.9 * size + 0.1 * Math.abs(e);
    level = pred + alpha * e;
    trend = phi * trend + beta * e;
  }
  fit.level = level;
  fit.trend = trend;
  campaignUplifts(y, n, camp, fit.uplift, fit.upliftCount);
  for (let j = 0; j < fit.uplift.length; j++) {
    if (!Number.isNaN(fit.uplift[j]!)) fit.upliftSource[j] = UpliftSource.Own;
    else if (pooled && !Number.isNaN(pooled[j]!)) {
      fit.uplift[j] = pooled[j]!;
      fit.upliftSource[j] = UpliftSource.Pooled;
    } else fit.upliftSource[j] = UpliftSource.None;
  }
}

/** Forecasts days n..n+h-1 of a fitted series into out[0..h). `camp` must cover them. */
export function forecastSeasonal(
  fit: SeasonalFit,
  n: number,
  dow0: number,
  camp: Int8Array,
  h: number,
  phi: number,
  out: Float64Array,
) {
  let damp = 0;
  let p = 1;
  for (let k = 1; k <= h; k++) {
    p *= phi;
    damp += p;
    const t = n - 1 + k;
    let base = fit.level + damp * fit.trend;
    if (base < 0) base = 0;
    let v = base * fit.factors[(dow0 + t) % 7]!;
    const j = camp[t]!;
    if (j >= 0) {
      const u = fit.uplift[j]!;
      if (!Number.isNaN(u)) v *= u;
    }
    out[k - 1] = v;
  }
}

/** Seasonal naive (m = 7): each day repeats the same weekday of the last week of y[0..n); needs n ≥ 7. */
export function forecastSeasonalNaive(y: Float64Array, n: number, h: number, out: Float64Array) {
  for (let k = 0; k < h; k++) out[k] = y[n - 7 + (k % 7)]!;
}

/** The mean of y[0..n) for every day (0 without history): the fallback under a week of history. */
export function forecastMean(y: Float64Array, n: number, h: number, out: Float64Array) {
  let s = 0;
  for (let t = 0; t < n; t++) s += y[t]!;
  out.fill(n ? s / n : 0, 0, h);
}
