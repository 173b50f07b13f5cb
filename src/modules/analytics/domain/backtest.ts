/**
 * Rolling-origin backtests of the seasonal model against seasonal naive (m = 7), MASE, the guard that picks the
 * model only when it beats naive, and prediction intervals from the backtest errors.
 *
 * Origins are `step` days apart and end `horizon` days before the end of the history: origin i trains on
 * y[0..o_i) and forecasts y[o_i..o_i+horizon). MASE of one origin = the forecast's mean absolute error divided by
 * the in-sample seasonal-naive MAE of y[0..o_i); a series' MASE is the mean over its origins (origins with a zero
 * scale, i.e. a perfectly weekly-repeating training sample, are skipped).
 */
import {
  campaignUplifts,
  DEFAULT_PARAMS,
  fitSeasonal,
  forecastSeasonal,
  forecastSeasonalNaive,
  type ModelParams,
  newFit,
  type SeasonalFit,
} from './forecast.ts';

export interface BacktestSpec {
  /** Most origins to run (fewer when the history is short). */
  origins: number;
  horizon: number;
  /** Days between origins. */
  step: number;
  /** The shortest training sample an origin may have. */
  minTrain: number;
}

export const DEFAULT_SPEC: BacktestSpec = { origins: 8, horizon: 7, step: 7, minTrain: 21 };

/** One series' backtest; errors are actual − forecast at [origin × horizon + step ahead − 1]. */
export interface BacktestResult {
  origins: number;
  horizon: number;
  /** NaN when no origin had a usable scale. */
  modelMase: number;
  naiveMase: number;
  modelErr: Float64Array;
  naiveErr: Float64Array;
  /** Forecast scratch. */
  fc: Float64Array;
}

export function newBacktest(spec: BacktestSpec): BacktestResult {
  return {
    origins: 0,
    horizon: spec.horizon,
    modelMase: Number.NaN,
    naiveMase: Number.NaN,
    modelErr: new Float64Array(spec.origins * spec.horizon),
    naiveErr: new Float64Array(spec.origins * spec.horizon),
    fc: new Float64Array(spec.horizon),
  };
}

/** How many origins fit in n days of history. */
export function originCount(n: number, spec: BacktestSpec): number {
  const k = Math.floor((n - spec.minTrain - spec.horizon) / spec.step) + 1;
  return Math.max(0, Math.min(spec.origins, k));
}

/** First day of origin i of `count` (the last origin is count − 1). */
export const originAt = (n: number, spec: BacktestSpec, count: number, i: number) =>
  n - spec.horizon - spec.step * (count - 1 - i);

/** In-sample mean absolute error of seasonal naive on y[0..n): mean |y(t) − y(t − m)|, NaN when n ≤ m. */
export function naiveMae(y: Float64Array, n: number, m = 7): number {
  if (n <= m) return Number.NaN;
  let s = 0;
  for (let t = m; t < n; t++) s += Math.abs(y[t]! - y[t - m]!);
  return s / (n - m);
}

/** MASE of one forecast of y[o..o+h) with its scale; NaN when the scale is 0 or undefined. */
export function mase(y: Float64Array, o: number, fc: Float64Array, h: number, scale: number): number {
  if (!(scale > 0)) return Number.NaN;
  let s = 0;
  for (let k = 0; k < h; k++) s += Math.abs(y[o + k]! - fc[k]!);
  return s / h / scale;
}

/**
 * Uplifts pooled from the marketplace total as known at each origin (no look-ahead): row i (i = 0 the last origin,
 * 1 the one before…) holds the campaigns' uplifts from total[0..origin).
 */
export function pooledByOrigin(
  total: Float64Array,
  n: number,
  camp: Int8Array,
  spec: BacktestSpec,
  campaigns: number,
): Float64Array {
  const out = new Float64Array(spec.origins * campaigns);
  for (let i = 0; i < spec.origins; i++) {
    const o = n - spec.horizon - spec.step * i;
    const row = out.subarray(i * campaigns, (i + 1) * campaigns);
    if (o <= 7) row.fill(Number.NaN);
    else campaignUplifts(total, o, camp, row);
  }
  return out;
}

/**
 * Backtests y[0..n) (day 0 a weekday `dow0`, campaign marks `camp` covering n days): seasonal naive always, the
 * model unless `withModel` is false. `pooled` is pooledByOrigin's matrix for the same end day, or null.
 */
export function backtest(
  y: Float64Array,
  n: number,
  dow0: number,
  camp: Int8Array,
  pooled: Float64Array | null,
  params: ModelParams,
  spec: BacktestSpec,
  fit: SeasonalFit,
  out: BacktestResult,
  withModel = true,
): BacktestResult {
  const h = spec.horizon;
  const count = originCount(n, spec);
  const campaigns = fit.uplift.length;
  out.origins = count;
  out.horizon = h;
  let mSum = 0;
  let nSum = 0;
  let used = 0;
  const fc = out.fc;
  for (let i = 0; i < count; i++) {
    const o = originAt(n, spec, count, i);
    const scale = naiveMae(y, o);
    forecastSeasonalNaive(y, o, h, fc);
    for (let k = 0; k < h; k++) out.naiveErr[i * h + k] = y[o + k]! - fc[k]!;
    const nm = mase(y, o, fc, h, scale);
    let mm = Number.NaN;
    if (withModel) {
      const row = count - 1 - i;
      const p = pooled ? pooled.subarray(row * campaigns, (row + 1) * campaigns) : null;
      fitSeasonal(y, o, dow0, camp, p, params, fit);
      forecastSeasonal(fit, o, dow0, camp, h, params.phi, fc);
      for (let k = 0; k < h; k++) out.modelErr[i * h + k] = y[o + k]! - fc[k]!;
      mm = mase(y, o, fc, h, scale);
    }
    if (!Number.isNaN(nm)) {
      nSum += nm;
      mSum += mm;
      used++;
    }
  }
  out.naiveMase = used ? nSum / used : Number.NaN;
  out.modelMase = used && withModel ? mSum / used : Number.NaN;
  return out;
}

export type GuardChoice = 'seasonal' | 'seasonal_naive';

/** The seasonal-naive guard: the model only when its backtest MASE is lower, with the reason in words. */
/** Why the guard chose (the console words it in the reader's language; `reason` is the English sentence). */
export type GuardCode =
  | 'no_sales'
  | 'short_mean'
  | 'short_naive'
  | 'short_backtest'
  | 'no_scale'
  | 'model_better'
  | 'naive_not_beaten';

export function guard(
  modelMase: number,
  naiveMase: number,
  origins: number,
  horizon: number,
): { used: GuardChoice; code: GuardCode; reason: string } {
  const f = (x: number) => x.toFixed(3);
  const over = `${origins} weekly origin${origins === 1 ? '' : 's'}, ${horizon} days ahead`;
  if (Number.isNaN(modelMase) || Number.isNaN(naiveMase))
    return {
      used: 'seasonal_naive',
      code: 'no_scale',
      reason: `seasonal naive: the backtest over ${over} has no usable scale (the history repeats exactly week on week or is empty)`,
    };
  if (modelMase < naiveMase)
    return {
      used: 'seasonal',
      code: 'model_better',
      reason: `seasonal model: its backtest MASE ${f(modelMase)} is below seasonal naive's ${f(naiveMase)} over ${over}`,
    };
  return {
    used: 'seasonal_naive',
    code: 'naive_not_beaten',
    reason: `seasonal naive: the model's backtest MASE ${f(modelMase)} is not below seasonal naive's ${f(naiveMase)} over ${over}`,
  };
}

const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

/** Linear-interpolated quantile of sorted a[0..k). */
function quantileSorted(a: Float64Array, k: number, p: number): number {
  const x = (k - 1) * p;
  const i = Math.floor(x);
  const j = Math.min(k - 1, i + 1);
  return a[i]! + (a[j]! - a[i]!) * (x - i);
}

/** Pooled errors below this count fall back to the normal approximation. */
export const EMPIRICAL_MIN = 30;

/**
 * Error quantiles [q2.5, q10, q90, q97.5] for `ahead` (0-based) days ahead into out: the empirical quantiles of
 * the backtest errors of steps ahead−3..ahead+3 over every origin when there are at least EMPIRICAL_MIN of them,
 * otherwise ±z × their root mean square (normal approximation); `fallbackSd` when there are none.
 * Returns which method was used.
 */
export function errorQuantiles(
  err: Float64Array,
  origins: number,
  horizon: number,
  ahead: number,
  fallbackSd: number,
  scratch: Float64Array,
  out: Float64Array,
): 'empirical' | 'normal' {
  const lo = Math.max(0, ahead - 3);
  const hi = Math.min(horizon - 1, ahead + 3);
  let k = 0;
  let ss = 0;
  for (let i = 0; i < origins; i++)
    for (let s = lo; s <= hi; s++) {
      const e = err[i * horizon + s]!;
      scratch[k++] = e;
      ss += e * e;
    }
  if (k >= EMPIRICAL_MIN) {
    const a = scratch.subarray(0, k);
    a.sort();
    out[0] = quantileSorted(a, k, 0.025);
    out[1] = quantileSorted(a, k, 0.1);
    out[2] = quantileSorted(a, k, 0.9);
    out[3] = quantileSorted(a, k, 0.975);
    return 'empirical';
  }
  const sd = k ? Math.sqrt(ss / k) : fallbackSd;
  out[0] = -Z95 * sd;
  out[1] = -Z80 * sd;
  out[2] = Z80 * sd;
  out[3] = Z95 * sd;
  return 'normal';
}

export { Z80, Z95 };

export interface ManySummary {
  series: number;
  /** Series with a defined MASE for both methods. */
  evaluated: number;
  meanMase: number;
  meanNaiveMase: number;
  /** Share of evaluated series where the model's MASE is below naive's. */
  shareBeatingNaive: number;
  /** Mean MASE of what the guard picks per series. */
  meanGuardedMase: number;
}

/**
 * Backtests many series stored row by row in `values` (series × days, all ending on the same day; leading zero
 * days — before the subject sold anything — are left out per series). `camp` covers the days; `withModel` false
 * runs seasonal naive alone (the benchmark's anchor).
 */
export function backtestMany(
  values: Float64Array,
  series: number,
  days: number,
  dow0: number,
  camp: Int8Array,
  campaigns: number,
  opts: { spec?: BacktestSpec; params?: ModelParams; withModel?: boolean } = {},
): ManySummary {
  const spec = opts.spec ?? DEFAULT_SPEC;
  const params = opts.params ?? DEFAULT_PARAMS;
  const withModel = opts.withModel ?? true;
  let pooled: Float64Array | null = null;
  if (withModel) {
    const total = new Float64Array(days);
    for (let s = 0; s < series; s++) {
      const base = s * days;
      for (let t = 0; t < days; t++) total[t] = total[t]! + values[base + t]!;
    }
    pooled = pooledByOrigin(total, days, camp, spec, campaigns);
  }
  const fit = newFit(campaigns, params);
  const bt = newBacktest(spec);
  let evaluated = 0;
  let mSum = 0;
  let nSum = 0;
  let gSum = 0;
  let wins = 0;
  for (let s = 0; s < series; s++) {
    const base = s * days;
    let first = 0;
    while (first < days && values[base + first] === 0) first++;
    const n = days - first;
    if (n < spec.minTrain + spec.horizon) continue;
    const y = values.subarray(base + first, base + days);
    backtest(y, n, (dow0 + first) % 7, camp.subarray(first), pooled, params, spec, fit, bt, withModel);
    if (Number.isNaN(bt.naiveMase) || (withModel && Number.isNaN(bt.modelMase))) continue;
    evaluated++;
    nSum += bt.naiveMase;
    if (withModel) {
      mSum += bt.modelMase;
      if (bt.modelMase < bt.naiveMase) wins++;
      gSum += Math.min(bt.modelMase, bt.naiveMase);
    } else gSum += bt.naiveMase;
  }
  return {
    series,
    evaluated,
    meanMase: withModel && evaluated ? mSum / evaluated : Number.NaN,
    meanNaiveMase: evaluated ? nSum / evaluated : Number.NaN,
    shareBeatingNaive: withModel && evaluated ? wins / evaluated : Number.NaN,
    meanGuardedMase: evaluated ? gSum / evaluated : Number.NaN,
  };
}
