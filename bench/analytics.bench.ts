/**
 * Benchmark suite `analytics`: `npm run bench -- analytics [--db pglite|postgres|both] [--part dashboards|backtest|all]
 * [--database-url URL] [--keep] [--<option> value …]` (options in each part's file; runner bench/lib/suite.ts).
 *   - dashboards (bench/analytics/dashboards.ts): dashboard queries over 10M orders and 100M events through the
 *     rollups (target p95 ≤ 200 ms on PostgreSQL) against the same figures from the raw tables, the rollup batch,
 *     and the freshness of the real-time indices (target ≤ 5 s).
 *   - backtest (bench/analytics/backtest.ts): rolling-origin forecast backtests of 10k merchant series (target < 60 s).
 */
import { runSuite } from './lib/suite.ts';

export const run = (argv: string[]) =>
  runSuite(
    {
      name: 'analytics',
      parts: {
        dashboards: async () => (await import('./analytics/dashboards.ts')).run,
        backtest: async () => (await import('./analytics/backtest.ts')).run,
      },
    },
    argv,
  );
