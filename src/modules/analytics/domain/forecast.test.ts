import { describe, expect, it } from 'vitest';
import {
  backtest,
  backtestMany,
  errorQuantiles,
  guard,
  mase,
  naiveMae,
  newBacktest,
  pooledByOrigin,
} from './backtest.ts';
import { CAMPAIGN_DAYS, campaignIndex, campaignOf, dayNumber, dayString, weekdayOf } from './calendar.ts';
import {
  DEFAULT_PARAMS,
  fitSeasonal,
  forecastMean,
  forecastSeasonal,
  forecastSeasonalNaive,
  newFit,
} from './forecast.ts';

/** Deterministic normal noise (LCG + Box–Muller). */
function rng(seed: number) {
  let s = seed;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s + 0.5) / 2147483648;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

const WEEK = [0.8, 0.9, 1.0, 1.0, 1.1, 1.3, 0.9]; // Monday first, mean 1
/** The two big campaigns alone: the model tests below give them the same uplift. */
const BIG = CAMPAIGN_DAYS.filter((c) => c.name === '618' || c.name === 'double11');
const START = dayNumber('2025-12-06');

/** level × weekday factor × (uplift on campaign days) × (1 + noise·N(0,1)). */
function series(days: number, o: { level?: number; noise?: number; uplift?: number; seed?: number } = {}) {
  const g = rng(o.seed ?? 7);
  const camp = campaignIndex(START, days, BIG);
  const dow0 = weekdayOf(START);
  const y = new Float64Array(days);
  for (let t = 0; t < days; t++) {
    let v = (o.level ?? 10_000) * WEEK[(dow0 + t) % 7]! * Math.max(0, 1 + (o.noise ?? 0.05) * g());
    if (camp[t]! >= 0) v *= o.uplift ?? 3;
    y[t] = Math.round(v);
  }
  return { y, camp, dow0 };
}

describe('calendar', () => {
  it('knows the campaign days and weekdays', () => {
    expect(campaignOf('2026-06-18')).toBe('618');
    expect(campaignOf('2026-11-11')).toBe('double11');
    expect(campaignOf('2026-11-12')).toBe('double11_after');
    expect(campaignOf('2026-12-12')).toBe('double12');
    expect(campaignOf('2026-11-13')).toBeNull();
    expect(weekdayOf(dayNumber('2026-12-07'))).toBe(0); // a Monday
    expect(weekdayOf(dayNumber('2026-12-06'))).toBe(6);
    expect(dayString(dayNumber('2026-02-28') + 1)).toBe('2026-03-01');
    const c = campaignIndex(dayNumber('2026-11-10'), 4);
    const at = (name: string) => CAMPAIGN_DAYS.findIndex((x) => x.name === name);
    expect(Array.from(c)).toEqual([-1, at('double11'), at('double11_after'), -1]);
  });
});

describe('seasonal model', () => {
  it('measures a campaign near the start of the history against the same weekday in the weeks after', () => {
    // 30 days from 2026-11-07: Double 11 is the fifth day, with no week before it.
    const start = dayNumber('2026-11-07');
    const camp = campaignIndex(start, 30, BIG);
    const dow0 = weekdayOf(start);
    const g = rng(5);
    const y = new Float64Array(30);
    for (let t = 0; t < 30; t++)
      y[t] = Math.round(10_000 * WEEK[(dow0 + t) % 7]! * (camp[t]! >= 0 ? 3 : 1) * (1 + 0.03 * g()));
    const fit = newFit(BIG.length);
    fitSeasonal(y, 30, dow0, camp, null, DEFAULT_PARAMS, fit);
    const j = BIG.findIndex((c) => c.name === 'double11');
    expect(Math.abs(fit.uplift[j]! - 3)).toBeLessThan(0.3);
    expect(fit.upliftCount[j]).toBe(1);
  });

  it('learns the hangover after a campaign as its own factor below 1', () => {
    const g = rng(11);
    const days = 730;
    const camp = campaignIndex(START, days);
    const dow0 = weekdayOf(START);
    const y = new Float64Array(days);
    for (let t = 0; t < days; t++) {
      const name = camp[t]! >= 0 ? CAMPAIGN_DAYS[camp[t]!]!.name : null;
      const f = name === null ? 1 : name.endsWith('_after') ? 0.7 : 3;
      y[t] = Math.round(10_000 * WEEK[(dow0 + t) % 7]! * f * Math.max(0, 1 + 0.05 * g()));
    }
    const fit = newFit(CAMPAIGN_DAYS.length);
    fitSeasonal(y, days, dow0, camp, null, DEFAULT_PARAMS, fit);
    const at = (name: string) => fit.uplift[CAMPAIGN_DAYS.findIndex((c) => c.name === name)]!;
    expect(Math.abs(at('double11_after') - 0.7)).toBeLessThan(0.1);
    expect(Math.abs(at('618_after') - 0.7)).toBeLessThan(0.1);
    expect(Math.abs(at('double11') - 3)).toBeLessThan(0.4);
    expect(Math.abs(at('double12') - 3)).toBeLessThan(0.4);
  });

  it('recovers the weekday factors and the campaign uplift and beats seasonal naive', () => {
    // Two years from 2025-12-06: 618 on days 194 and 559, Double 11 on days 340 and 705.
    const { y, camp, dow0 } = series(730);
    const fit = newFit(BIG.length);
    fitSeasonal(y, 730, dow0, camp, null, DEFAULT_PARAMS, fit);
    for (let d = 0; d < 7; d++) expect(fit.factors[d]).toBeCloseTo(WEEK[d]!, 1);
    expect(fit.level).toBeGreaterThan(9_500);
    expect(fit.level).toBeLessThan(10_500);
    // Both campaigns are in the history: their own uplift, close to the true 3.
    for (let j = 0; j < BIG.length; j++) {
      expect(Math.abs(fit.uplift[j]! - 3)).toBeLessThan(0.4);
      expect(fit.upliftSource[j]).toBe(1);
      expect(fit.upliftCount[j]).toBe(2);
    }

    // Backtest windows that cross the second Double 11 (day 705): naive repeats last week (and the spike a week
    // later), the model applies the uplift it learnt from the first.
    const spec = { origins: 8, horizon: 7, step: 7, minTrain: 21 };
    const bt = backtest(y, 712, dow0, camp, null, DEFAULT_PARAMS, spec, fit, newBacktest(spec));
    expect(bt.origins).toBe(8);
    expect(bt.modelMase).toBeLessThan(bt.naiveMase * 0.8);
    expect(guard(bt.modelMase, bt.naiveMase, bt.origins, 7).used).toBe('seasonal');
  });

  it('uses the pooled uplift for a campaign the series has not seen, and none without one', () => {
    const { y, camp, dow0 } = series(120, { uplift: 1 }); // no 618 in 120 days from December; no spike on 11-11
    const fit = newFit(BIG.length);
    const pooled = new Float64Array([2.5, Number.NaN]);
    fitSeasonal(y, 120, dow0, camp, pooled, DEFAULT_PARAMS, fit);
    expect(fit.uplift[0]).toBe(2.5);
    expect(fit.upliftSource[0]).toBe(2);
    expect(Number.isNaN(fit.uplift[1]!)).toBe(true);
    const c = campaignIndex(START, 200);
    const out = new Float64Array(30);
    forecastSeasonal(fit, 120, dow0, c, 30, DEFAULT_PARAMS.phi, out);
    for (let k = 0; k < 30; k++) {
      expect(out[k]).toBeGreaterThan(0);
      expect(out[k]).toBeCloseTo(fit.level * fit.factors[(dow0 + 120 + k) % 7]!, 6);
    }
  });

  it('seasonal naive repeats last week exactly; the mean covers under a week', () => {
    const y = new Float64Array([5, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const out = new Float64Array(10);
    forecastSeasonalNaive(y, 10, 10, out);
    // Last week is days 3–9.
    expect(Array.from(out)).toEqual([3, 4, 5, 6, 7, 8, 9, 3, 4, 5]);
    forecastMean(y, 4, 3, out);
    expect(Array.from(out.subarray(0, 3))).toEqual([2.75, 2.75, 2.75]);
  });
});

describe('backtest', () => {
  it('computes MASE as worked out by hand', () => {
    // Week 2 is week 1 + 2 each day: the in-sample seasonal-naive MAE is 2.
    const y = new Float64Array([1, 2, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10]);
    expect(naiveMae(y, 14)).toBe(2);
    // Forecast 9, 12, 10 for actuals 10, 10, 10: errors 1, 2, 0, MAE 1, MASE 1 / 2.
    expect(mase(y, 14, new Float64Array([9, 12, 10]), 3, 2)).toBe(0.5);
    // One origin at day 14: naive forecasts 3, 4, 5 (days 7–9), errors 7, 6, 5, MAE 6, MASE 3.
    const spec = { origins: 1, horizon: 3, step: 7, minTrain: 14 };
    const bt = backtest(
      y,
      17,
      0,
      new Int8Array(17).fill(-1),
      null,
      DEFAULT_PARAMS,
      spec,
      newFit(2),
      newBacktest(spec),
    );
    expect(bt.origins).toBe(1);
    expect(Array.from(bt.naiveErr)).toEqual([7, 6, 5]);
    expect(bt.naiveMase).toBe(3);
    // A flat series has no scale: no MASE, and the guard keeps naive.
    const flat = backtest(
      new Float64Array(40).fill(5),
      40,
      0,
      new Int8Array(40).fill(-1),
      null,
      DEFAULT_PARAMS,
      { ...spec, origins: 2 },
      newFit(2),
      newBacktest({ ...spec, origins: 2 }),
    );
    expect(Number.isNaN(flat.naiveMase)).toBe(true);
    expect(guard(flat.modelMase, flat.naiveMase, 2, 3).used).toBe('seasonal_naive');
  });

  it('80% and 95% intervals from backtest errors cover about their nominal share', () => {
    const spec = { origins: 8, horizon: 7, step: 7, minTrain: 21 };
    const fit = newFit(BIG.length);
    const bt = newBacktest(spec);
    const fc = new Float64Array(7);
    const q = new Float64Array(4);
    const scratch = new Float64Array(56);
    let in80 = 0;
    let in95 = 0;
    let total = 0;
    for (let s = 0; s < 200; s++) {
      // 150 days from 2025-12-06: no campaign day in the fitted or forecast days.
      const { y, camp, dow0 } = series(157, { noise: 0.15, seed: 1000 + s });
      const n = 150;
      backtest(y, n, dow0, camp, null, DEFAULT_PARAMS, spec, fit, bt);
      fitSeasonal(y, n, dow0, camp, null, DEFAULT_PARAMS, fit);
      forecastSeasonal(fit, n, dow0, camp, 7, DEFAULT_PARAMS.phi, fc);
      for (let k = 0; k < 7; k++) {
        expect(errorQuantiles(bt.modelErr, bt.origins, 7, k, 0, scratch, q)).toBe('empirical');
        const a = y[n + k]!;
        total++;
        if (a >= fc[k]! + q[1]! && a <= fc[k]! + q[2]!) in80++;
        if (a >= fc[k]! + q[0]! && a <= fc[k]! + q[3]!) in95++;
      }
    }
    expect(in80 / total).toBeGreaterThan(0.72);
    expect(in80 / total).toBeLessThan(0.88);
    expect(in95 / total).toBeGreaterThan(0.89);
    expect(in95 / total).toBeLessThan(0.99);
  });

  it('backtests many series at once, naive alone as the anchor, with pooled uplifts known at each origin', () => {
    const S = 20;
    const D = 365;
    const values = new Float64Array(S * D);
    let camp: Int8Array = new Int8Array(0);
    let dow0 = 0;
    for (let s = 0; s < S; s++) {
      const x = series(D, { seed: 50 + s, level: 1000 * (s + 1), noise: 0.1 });
      values.set(x.y, s * D);
      camp = x.camp;
      dow0 = x.dow0;
    }
    // One series starts late: its leading zero days are not history.
    values.fill(0, 3 * D, 3 * D + 300);
    const withModel = backtestMany(values, S, D, dow0, camp, BIG.length);
    const naive = backtestMany(values, S, D, dow0, camp, BIG.length, { withModel: false });
    expect(withModel.evaluated).toBe(S);
    expect(naive.meanNaiveMase).toBe(withModel.meanNaiveMase);
    expect(withModel.meanMase).toBeLessThan(withModel.meanNaiveMase);
    expect(withModel.shareBeatingNaive).toBeGreaterThan(0.9);
    expect(Number.isNaN(naive.meanMase)).toBe(true);

    // Pooled from the total: before Double 11 (day 340) only 618 is known; after it both.
    const total = new Float64Array(D);
    for (let s = 0; s < S; s++) for (let t = 0; t < D; t++) total[t] = total[t]! + values[s * D + t]!;
    const p = pooledByOrigin(total, 348, camp, { origins: 2, horizon: 7, step: 7, minTrain: 21 }, 2);
    expect(Math.abs(p[0]! - 3)).toBeLessThan(0.3); // origin 341: after 11-11
    expect(Math.abs(p[1]! - 3)).toBeLessThan(0.3);
    expect(Math.abs(p[2]! - 3)).toBeLessThan(0.3); // origin 334: 618 only
    expect(Number.isNaN(p[3]!)).toBe(true);
  });
});
