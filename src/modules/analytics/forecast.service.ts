/**
 * Daily GMV forecasts of a merchant, store, creator or category from the rollup tables, checked against seasonal
 * naive by a rolling-origin backtest (domain/backtest.ts), with intervals from the backtest errors; and the
 * backtest of every merchant (operators, the benchmark).
 */
import { sql } from 'kysely';
import { type Principal, assertMerchantScope, assertPartyScope, isOperator } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { businessDay } from '../../core/time.ts';
import {
  backtest,
  backtestMany,
  type BacktestSpec,
  errorQuantiles,
  type GuardCode,
  guard,
  type ManySummary,
  naiveMae,
  newBacktest,
  originCount,
  pooledByOrigin,
  Z80,
} from './domain/backtest.ts';
import { CAMPAIGN_DAYS, campaignIndex, dayNumber, dayString, weekdayOf } from './domain/calendar.ts';
import {
  campaignUplifts,
  DEFAULT_PARAMS,
  fitSeasonal,
  forecastMean,
  forecastSeasonal,
  forecastSeasonalNaive,
  newFit,
} from './domain/forecast.ts';
import type { Forecast, ForecastSubject } from './types.ts';

/** Days of history a forecast reads: a year and a week, so last year's campaign days are in it. */
export const HISTORY_DAYS = 371;
/** Days of history returned for the chart. */
export const HISTORY_SHOWN = 91;
/** Backtest of a single forecast: 8 weekly origins, at least 14 training days. */
const ORIGINS = 8;
const MIN_TRAIN = 14;

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : null);

/** Who may read which subject: merchants their own merchant and stores, creators themselves, operators all. */
async function authorize(db: Db, p: Principal, subject: ForecastSubject, id: string) {
  const exists = async (table: string) =>
    (await sql<{ id: string }>`SELECT id FROM ${sql.table(table)} WHERE id = ${id}`.execute(db)).rows.length >
    0;
  if (subject === 'merchant') {
    assertMerchantScope(p, id);
    if (!(await exists('merchants'))) throw notFound(`merchant ${id} not found`);
  } else if (subject === 'store') {
    if (!isOperator(p) && p.role !== 'merchant')
      throw forbidden('store forecasts are for merchants and operators');
    const s = await sql<{ merchant_id: string }>`SELECT merchant_id FROM stores WHERE id = ${id}`.execute(db);
    if (!s.rows[0]) throw notFound(`store ${id} not found`);
    assertMerchantScope(p, s.rows[0].merchant_id);
  } else if (subject === 'creator') {
    assertPartyScope(p, 'creator', id);
    if (!(await exists('creators'))) throw notFound(`creator ${id} not found`);
  } else {
    if (!isOperator(p)) throw forbidden('category forecasts are for operators');
    if (!(await exists('categories'))) throw notFound(`category ${id} not found`);
  }
}

/** The subject's daily GMV (day numbers) in [from, before). */
async function subjectDays(db: Db, subject: ForecastSubject, id: string, from: string, before: string) {
  const q =
    subject === 'merchant'
      ? sql<{
          d: number;
          v: number;
        }>`SELECT (day - DATE '1970-01-01')::int AS d, sum(gmv)::float8 AS v FROM an_store_day
          WHERE merchant_id = ${id} AND day >= ${from}::date AND day < ${before}::date GROUP BY day`
      : subject === 'store'
        ? sql<{
            d: number;
            v: number;
          }>`SELECT (day - DATE '1970-01-01')::int AS d, gmv::float8 AS v FROM an_store_day
          WHERE store_id = ${id} AND day >= ${from}::date AND day < ${before}::date`
        : subject === 'creator'
          ? sql<{
              d: number;
              v: number;
            }>`SELECT (day - DATE '1970-01-01')::int AS d, gmv::float8 AS v FROM an_creator_day
          WHERE creator_id = ${id} AND day >= ${from}::date AND day < ${before}::date`
          : // A level-1/2 category sums its level-3 descendants.
            sql<{ d: number; v: number }>`WITH RECURSIVE sub AS (
              SELECT id FROM categories WHERE id = ${id}
              UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
            SELECT (day - DATE '1970-01-01')::int AS d, sum(gmv)::float8 AS v FROM an_category_day
            WHERE category_id IN (SELECT id FROM sub) AND day >= ${from}::date AND day < ${before}::date GROUP BY day`;
  return (await q.execute(db)).rows;
}

/**
 * The marketplace total on the days the campaign uplifts read (each campaign day and the same weekday 1–4 weeks
 * before), dense over [start, start + n) with 0 elsewhere: what pooled uplifts need, without scanning the year.
 */
async function marketplaceTotal(db: Db, start: number, n: number, camp: Int8Array): Promise<Float64Array> {
  const total = new Float64Array(n);
  const days: string[] = [];
  for (let t = 0; t < n; t++)
    if (camp[t]! >= 0)
      for (let w = 0; w <= 4; w++) if (t - 7 * w >= 0) days.push(dayString(start + t - 7 * w));
  if (!days.length) return total;
  const { rows } = await sql<{
    d: number;
    v: number;
  }>`SELECT (day - DATE '1970-01-01')::int AS d, sum(gmv)::float8 AS v
    FROM an_store_day WHERE day = ANY(${days}::date[]) GROUP BY day`.execute(db);
  for (const r of rows) total[r.d - start] = r.v;
  return total;
}

export async function forecastFor(
  db: Db,
  p: Principal,
  q: { subject: ForecastSubject; id: string; horizon?: number },
  timeZone: string,
  now = Date.now(),
): Promise<Forecast> {
  const { subject, id } = q;
  const horizon = q.horizon ?? 14;
  await authorize(db, p, subject, id);
  // Today is partial: the history ends on the latest day with data before it.
  const today = businessDay(now, timeZone);
  const todayN = dayNumber(today);
  const rows = await subjectDays(db, subject, id, dayString(todayN - HISTORY_DAYS), today);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of rows)
    if (r.v !== 0) {
      if (r.d < first) first = r.d;
      if (r.d > last) last = r.d;
    }
  const hasData = Number.isFinite(first);
  const end = hasData ? last : todayN - 1;
  const start = hasData ? first : todayN;
  const n = end - start + 1;
  const H = Math.max(horizon, 7);
  const y = new Float64Array(n);
  for (const r of rows) if (r.d >= start && r.d <= end) y[r.d - start] = r.v;
  const camp = campaignIndex(start, n + H);
  const dow0 = weekdayOf(start);

  // Pooled uplifts read the marketplace total over the whole window, also before the subject's first sale.
  const tStart = end - HISTORY_DAYS + 1;
  const tN = HISTORY_DAYS;
  const tCamp = campaignIndex(tStart, tN);
  const total = await marketplaceTotal(db, tStart, tN, tCamp);
  const campaigns = CAMPAIGN_DAYS.length;
  const pooled = new Float64Array(campaigns);
  campaignUplifts(total, tN, tCamp, pooled);

  const params = DEFAULT_PARAMS;
  const spec: BacktestSpec = { origins: ORIGINS, horizon: H, step: 7, minTrain: MIN_TRAIN };
  const fit = newFit(campaigns, params);
  const bt = newBacktest(spec);
  const fc = new Float64Array(H);
  let used: 'seasonal' | 'seasonal_naive' = 'seasonal_naive';
  let reason: string;
  let code: GuardCode;
  let origins = 0;
  if (n >= 7) fitSeasonal(y, n, dow0, camp, pooled, params, fit);
  if (!hasData) {
    code = 'no_sales';
    reason = 'no sales in the last year: the forecast is 0';
  } else if (n < 7) {
    code = 'short_mean';
    reason = `only ${n} day${n === 1 ? '' : 's'} of history: the mean of those days, no backtest`;
  } else if (n < MIN_TRAIN) {
    code = 'short_naive';
    reason = `only ${n} days of history: seasonal naive (last week repeated), no backtest`;
  } else {
    origins = originCount(n, spec);
    if (origins === 0) {
      code = 'short_backtest';
      reason = `only ${n} days of history: too short to backtest ${H} days ahead, seasonal naive (last week repeated)`;
    } else {
      const tp = pooledByOrigin(total, tN, tCamp, spec, campaigns);
      backtest(y, n, dow0, camp, tp, params, spec, fit, bt, true);
      const g = guard(bt.modelMase, bt.naiveMase, origins, H);
      used = g.used;
      code = g.code;
      reason = g.reason;
      // The backtest refitted on shorter samples: refit on the whole history for the forecast itself.
      fitSeasonal(y, n, dow0, camp, pooled, params, fit);
    }
  }
  if (used === 'seasonal') forecastSeasonal(fit, n, dow0, camp, H, params.phi, fc);
  else if (n >= 7) forecastSeasonalNaive(y, n, H, fc);
  else forecastMean(y, n, H, fc);

  // Intervals: quantiles of the chosen method's backtest errors; without a backtest, a normal approximation with
  // the in-sample seasonal-naive error size (sd ≈ 1.25 × MAE) or, under two weeks, the spread of the days.
  let fallbackSd = naiveMae(y, n) * 1.25;
  if (!Number.isFinite(fallbackSd)) {
    let s = 0;
    let ss = 0;
    for (let t = 0; t < n; t++) {
      s += y[t]!;
      ss += y[t]! * y[t]!;
    }
    fallbackSd = n > 1 ? Math.sqrt(Math.max(0, ss / n - (s / n) ** 2)) : 0;
  }
  const err = used === 'seasonal' ? bt.modelErr : bt.naiveErr;
  const scratch = new Float64Array(ORIGINS * 7);
  const qs = new Float64Array(4);
  const forecast: Forecast['forecast'] = [];
  let dailyVar = 0;
  for (let k = 0; k < H; k++) {
    errorQuantiles(err, origins, H, k, fallbackSd, scratch, qs);
    const t = n + k;
    const j = camp[t]!;
    // Errors scale with the level: a campaign day's interval widens with its uplift.
    const u = used === 'seasonal' && j >= 0 && Number.isFinite(fit.uplift[j]!) ? fit.uplift[j]! : 1;
    const v = fc[k]!;
    if (k < 7) dailyVar += (((qs[2]! - qs[1]!) * u) / (2 * Z80)) ** 2;
    if (k >= horizon) continue;
    forecast.push({
      day: dayString(start + t),
      value: Math.round(v),
      lo80: Math.max(0, Math.round(v + qs[1]! * u)),
      hi80: Math.max(0, Math.round(v + qs[2]! * u)),
      lo95: Math.max(0, Math.round(v + qs[0]! * u)),
      hi95: Math.max(0, Math.round(v + qs[3]! * u)),
      campaign: j >= 0 ? CAMPAIGN_DAYS[j]!.name : null,
    });
  }

  // Next week's sum: the spread of the backtest's 7-day sums (errors of neighbouring days are correlated), or
  // the daily spreads added as if independent when there are fewer than 2 origins.
  let weekValue = 0;
  for (let k = 0; k < 7; k++) weekValue += fc[k]!;
  let weekSd: number;
  if (origins >= 2) {
    let ss = 0;
    for (let i = 0; i < origins; i++) {
      let e = 0;
      for (let k = 0; k < 7; k++) e += err[i * H + k]!;
      ss += e * e;
    }
    weekSd = Math.sqrt(ss / origins);
  } else weekSd = Math.sqrt(dailyVar);
  let previousWeek = 0;
  for (let t = Math.max(0, n - 7); t < n; t++) previousWeek += y[t]!;

  const history: Forecast['history'] = [];
  for (let t = Math.max(0, n - HISTORY_SHOWN); t < n; t++)
    history.push({ day: dayString(start + t), value: y[t]! });

  return {
    subject,
    id,
    metric: 'gmv',
    history,
    forecast,
    model: used,
    guard: { modelMase: r4(bt.modelMase), naiveMase: r4(bt.naiveMase), used, code, reason, historyDays: n },
    backtest: { origins, horizon: H, mase: r4(bt.modelMase), naiveMase: r4(bt.naiveMase) },
    weekdayFactors: Array.from(fit.factors, (f) => Math.round(f * 1000) / 1000),
    campaignUplift: CAMPAIGN_DAYS.map((c, j) => ({
      name: c.name,
      uplift: Number.isFinite(fit.uplift[j]!) ? Math.round(fit.uplift[j]! * 1000) / 1000 : null,
    })),
    nextWeek: {
      value: Math.round(weekValue),
      lo80: Math.max(0, Math.round(weekValue - Z80 * weekSd)),
      hi80: Math.round(weekValue + Z80 * weekSd),
      previousWeek: Math.round(previousWeek),
    },
  };
}

/** Every merchant's daily GMV over [from, to] as one dense matrix (merchants × days, row order = ids). */
/** The backtest of series loaded by loadMerchantSeries from `from` (the calendar's weekdays and campaign days). */
export function backtestLoaded(
  m: Awaited<ReturnType<typeof loadMerchantSeries>>,
  from: string,
  opts: Parameters<typeof backtestMany>[6],
) {
  const start = dayNumber(from);
  return backtestMany(
    m.values,
    m.ids.length,
    m.days,
    weekdayOf(start),
    campaignIndex(start, m.days),
    CAMPAIGN_DAYS.length,
    opts,
  );
}

export async function loadMerchantSeries(
  db: Db,
  from: string,
  to: string,
): Promise<{ ids: string[]; days: number; values: Float64Array }> {
  const days = dayNumber(to) - dayNumber(from) + 1;
  // One text row per merchant ("offset:gmv,…") instead of a row per day: ~30× fewer rows to decode.
  const { rows } = await sql<{ id: string; s: string }>`
    WITH d AS (
      SELECT merchant_id, day - ${from}::date AS i, sum(gmv)::bigint AS v FROM an_store_day
      WHERE day BETWEEN ${from}::date AND ${to}::date GROUP BY merchant_id, day)
    SELECT merchant_id AS id, string_agg(i::text || ':' || v::text, ',') AS s FROM d GROUP BY merchant_id ORDER BY merchant_id`.execute(
    db,
  );
  const values = new Float64Array(rows.length * days);
  for (let m = 0; m < rows.length; m++) {
    const s = rows[m]!.s;
    const base = m * days;
    let i = 0;
    let v = 0;
    let neg = false;
    let inValue = false;
    for (let c = 0; c <= s.length; c++) {
      const ch = c < s.length ? s.charCodeAt(c) : 44;
      if (ch === 58) {
        inValue = true;
        v = 0;
        neg = false;
      } else if (ch === 44) {
        if (i >= 0 && i < days) values[base + i] = neg ? -v : v;
        i = 0;
        inValue = false;
      } else if (ch === 45) neg = true;
      else if (inValue) v = v * 10 + (ch - 48);
      else i = i * 10 + (ch - 48);
    }
  }
  return { ids: rows.map((r) => r.id), days, values };
}

/** The latest day with store data before today (the end of every backtest), or null. */
export async function latestDataDay(db: Db, today: string): Promise<string | null> {
  const { rows } = await sql<{ d: number | null }>`
    SELECT (max(day) - DATE '1970-01-01')::int AS d FROM an_store_day WHERE day < ${today}::date`.execute(db);
  return rows[0]?.d == null ? null : dayString(rows[0].d);
}

export interface BacktestAll extends ManySummary {
  seconds: number;
  loadSeconds: number;
  from: string | null;
  to: string | null;
  origins: number;
  horizon: number;
}

/** Rolling-origin backtest of every merchant's last `days` days (model and seasonal naive, the guard's choice). */
export async function backtestMerchants(
  db: Db,
  opts: { timeZone: string; days?: number; origins?: number; horizon?: number; now?: number },
): Promise<BacktestAll> {
  const t0 = performance.now();
  const spec: BacktestSpec = {
    origins: opts.origins ?? 8,
    horizon: opts.horizon ?? 7,
    step: 7,
    minTrain: 21,
  };
  const to = await latestDataDay(db, businessDay(opts.now ?? Date.now(), opts.timeZone));
  if (!to)
    return {
      series: 0,
      evaluated: 0,
      meanMase: Number.NaN,
      meanNaiveMase: Number.NaN,
      shareBeatingNaive: Number.NaN,
      meanGuardedMase: Number.NaN,
      seconds: 0,
      loadSeconds: 0,
      from: null,
      to: null,
      origins: spec.origins,
      horizon: spec.horizon,
    };
  const from = dayString(dayNumber(to) - (opts.days ?? 365) + 1);
  const m = await loadMerchantSeries(db, from, to);
  const t1 = performance.now();
  const summary = backtestLoaded(m, from, { spec });
  return {
    ...summary,
    seconds: (performance.now() - t0) / 1000,
    loadSeconds: (t1 - t0) / 1000,
    from,
    to,
    origins: spec.origins,
    horizon: spec.horizon,
  };
}
