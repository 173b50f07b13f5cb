/**
 * Part `backtest` of the analytics suite: rolling-origin forecast backtests of every merchant's daily GMV (target:
 * 10k merchant series of 365 days in under 60 s, reading the series from the database included).
 *
 * Options: --merchants 10000, --days 365, --origins 8, --horizon 7.
 * Synthetic an_store_day rows (one store per merchant, generated in SQL, timed separately): a level between ¥10 and
 * ¥1,000 a day, a trend of −0.09%…+0.21% a day, a slow swing (±10%, period 60–180 days), a weekly pattern with a
 * random peak weekday and amplitude up to ±50%, ×1.5–4.5 on 618 and Double 11, and multiplicative noise of 5–35%.
 * Timed: `backtestMerchants` (latest day, loading the merchant series — sum over stores by day — and the backtest
 * of the seasonal model and seasonal naive with the guard's choice per series); anchor: loading the same series
 * and backtesting seasonal naive alone, in the same run.
 */
import { sql } from 'kysely';
import { shiftDay } from '../../src/core/time.ts';
import { backtestMany } from '../../src/modules/analytics/domain/backtest.ts';
import {
  CAMPAIGN_DAYS,
  campaignIndex,
  dayNumber,
  weekdayOf,
} from '../../src/modules/analytics/domain/calendar.ts';
import {
  backtestLoaded,
  backtestMerchants,
  loadMerchantSeries,
} from '../../src/modules/analytics/forecast.service.ts';
import { businessDay } from '../../src/core/time.ts';
import { fmt } from '../lib/results.ts';
import type { PartRun } from '../lib/suite.ts';

const TZ = 'Asia/Shanghai';

// Campaign days lift sales; the day after each is a hangover below the usual level.
const MAIN_DAYS = CAMPAIGN_DAYS.filter((c) => !c.name.endsWith('_after')).map((c) => c.monthDay);
const AFTER_DAYS = CAMPAIGN_DAYS.filter((c) => c.name.endsWith('_after')).map((c) => c.monthDay);

export const run: PartRun = async ({ db, args, log }) => {
  const n = (k: string, d: number) => Number(args[k] ?? d);
  const merchants = n('merchants', 10_000);
  const days = n('days', 365);
  const origins = n('origins', 8);
  const horizon = n('horizon', 7);
  const k = db.kysely;
  const to = shiftDay(businessDay(Date.now(), TZ), -1);
  const from = shiftDay(to, -(days - 1));

  const g0 = performance.now();
  await k.transaction().execute(async (trx) => {
    await sql`SELECT setseed(0.42)`.execute(trx);
    await sql`
      WITH p AS (
        SELECT m, 1000 + random() * 99000 AS base, (random() - 0.3) * 0.003 AS trend,
          0.1 * random() AS swing, 60 + random() * 120 AS period, random() * 6.283 AS phase,
          random() * 0.5 AS amp, floor(random() * 7) AS peak, 0.05 + random() * 0.3 AS noise, 1.5 + random() * 3 AS upl,
          0.6 + random() * 0.3 AS hang
        FROM generate_series(1, ${merchants}::int) m),
      d AS (
        SELECT i, ${from}::date + i AS day, extract(isodow FROM ${from}::date + i)::int - 1 AS wd,
          to_char(${from}::date + i, 'MM-DD') IN (${sql.join(MAIN_DAYS)}) AS camp,
          to_char(${from}::date + i, 'MM-DD') IN (${sql.join(AFTER_DAYS)}) AS after
        FROM generate_series(0, ${days - 1}::int) i)
      INSERT INTO an_store_day (store_id, day, merchant_id, gmv)
      SELECT 'bs' || lpad(p.m::text, 6, '0'), d.day, 'bm' || lpad(p.m::text, 6, '0'),
        greatest(0, round(p.base * (1 + p.trend * d.i) * (1 + p.swing * sin(6.283 * d.i / p.period + p.phase))
          * (1 + p.amp * cos(6.283 * (d.wd - p.peak) / 7)) * CASE WHEN d.camp THEN p.upl WHEN d.after THEN p.hang ELSE 1 END
          * (1 + p.noise * (random() + random() + random() + random() - 2) * 1.732)))::bigint
      FROM p CROSS JOIN d`.execute(trx);
  });
  await sql`ANALYZE an_store_day`.execute(k);
  const genS = (performance.now() - g0) / 1000;
  const rows = merchants * days;
  log(`generated ${rows.toLocaleString('en-US')} store-days in ${fmt(genS)} s`);

  const r = await backtestMerchants(k, { timeZone: TZ, days, origins, horizon });
  log(
    `model + naive + guard: ${fmt(r.seconds)} s (load ${fmt(r.loadSeconds)} s), MASE ${r.meanMase.toFixed(3)} vs naive ${r.meanNaiveMase.toFixed(3)}`,
  );

  const a0 = performance.now();
  const m = await loadMerchantSeries(k, from, to);
  const a1 = performance.now();
  const naive = backtestLoaded(m, from, {
    spec: { origins, horizon, step: 7, minTrain: 21 },
    withModel: false,
  });
  const a2 = performance.now();
  const anchorS = (a2 - a0) / 1000;
  const anchorComputeS = (a2 - a1) / 1000;
  const computeS = r.seconds - r.loadSeconds;
  log(`anchor (naive alone): ${fmt(anchorS)} s (load ${fmt((a1 - a0) / 1000)} s)`);

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `${r.series.toLocaleString('en-US')} merchant series × ${days} days (${rows.toLocaleString('en-US')} an_store_day rows generated in SQL in ${fmt(genS)} s, not timed below): weekly pattern, trend, slow swing, 618 and Double 11 uplift, 5–35% noise. Rolling origin: ${origins} weekly origins, ${horizon} days ahead; MASE scaled by the in-sample seasonal-naive MAE of each origin. Anchor: loading the same series and backtesting seasonal naive alone, in the same run.`,
    '',
    '| measure | result | target | anchor (seasonal naive alone) | ratio |',
    '|---|---|---|---|---|',
    `| load + backtest (model and naive) + guard, all merchants | ${fmt(r.seconds)} s (load ${fmt(r.loadSeconds)} s, compute ${fmt(computeS)} s), ${fmt(r.series / r.seconds)} series/s | < 60 s | ${fmt(anchorS)} s (compute ${fmt(anchorComputeS)} s) | ${fmt(r.seconds / anchorS)}× the anchor's time |`,
    `| mean MASE | model ${r.meanMase.toFixed(3)}, guarded ${r.meanGuardedMase.toFixed(3)} | below naive | ${naive.meanNaiveMase.toFixed(3)} | ${(r.meanMase / naive.meanNaiveMase).toFixed(3)} |`,
    `| series where the model beats seasonal naive | ${pct(r.shareBeatingNaive)} of ${r.evaluated.toLocaleString('en-US')} | | | |`,
  ];
  return {
    figures: {
      merchants: r.series,
      days,
      origins,
      horizon,
      rows,
      generateSeconds: genS,
      seconds: r.seconds,
      loadSeconds: r.loadSeconds,
      seriesPerSecond: r.series / r.seconds,
      meanMase: r.meanMase,
      meanNaiveMase: r.meanNaiveMase,
      meanGuardedMase: r.meanGuardedMase,
      shareBeatingNaive: r.shareBeatingNaive,
      anchorSeconds: anchorS,
      anchorComputeSeconds: anchorComputeS,
      ratioToAnchor: r.seconds / anchorS,
    },
    lines,
  };
};
