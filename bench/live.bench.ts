/**
 * Benchmark suite `live`: `npm run bench -- live [--db pglite|postgres|both] [--part metrics|recommend|all]
 * [--database-url URL] [--keep] [--<option> value …]` (options each part reads are documented in its file;
 * the runner is bench/lib/suite.ts).
 *   - metrics (bench/live/metrics.ts): live metrics of one session with 1M events, computed from scratch, and
 *     kept up to date incrementally while events keep arriving. Target: under 2 s on PostgreSQL;
 *   - recommend (bench/live/recommend.ts): creator recommendations for one merchant across 100,000 creators.
 *     Target: p99 ≤ 100 ms.
 */
import { runSuite } from './lib/suite.ts';

export const run = (argv: string[]) =>
  runSuite(
    {
      name: 'live',
      parts: {
        metrics: async () => (await import('./live/metrics.ts')).run,
        recommend: async () => (await import('./live/recommend.ts')).run,
      },
    },
    argv,
  );
