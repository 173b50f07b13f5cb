/**
 * Benchmark suite `audiences`: `npm run bench -- audiences [--db pglite|postgres|both] [--part size|insight|refresh|all]
 * [--database-url URL] [--keep] [--<option> value …]` (options each part reads are documented in its file; the
 * runner is bench/lib/suite.ts).
 *   - size (bench/audiences/size.ts): instant size of 5-clause expressions, 10M users × 500 tags. Target ≤ 50 ms
 *     and ≥ 100× the same count by SQL on PostgreSQL;
 *   - insight (bench/audiences/insight.ts): the 10-dimension insight report of a 1M-user audience. Target ≤ 500 ms;
 *   - refresh (bench/audiences/refresh.ts): incremental profile refresh against the simulator's event and order
 *     rates at --scale large.
 */
import { runSuite } from './lib/suite.ts';

export const run = (argv: string[]) =>
  runSuite(
    {
      name: 'audiences',
      parts: {
        size: async () => (await import('./audiences/size.ts')).run,
        insight: async () => (await import('./audiences/insight.ts')).run,
        refresh: async () => (await import('./audiences/refresh.ts')).run,
      },
    },
    argv,
  );
