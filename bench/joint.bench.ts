/**
 * Benchmark suite `joint`: `npm run bench -- joint [--db pglite|postgres|both] [--part partners|all]
 * [--database-url URL] [--keep] [--<option> value …]` (options in each part's file; runner bench/lib/suite.ts).
 *   - partners (bench/joint/partners.ts): partner statistics for every store over 1M orders (target < 30 s on
 *     PostgreSQL) and one merchant's recommendations (target ≤ 50 ms).
 */
import { runSuite } from './lib/suite.ts';

export const run = (argv: string[]) =>
  runSuite(
    {
      name: 'joint',
      parts: {
        partners: async () => (await import('./joint/partners.ts')).run,
      },
    },
    argv,
  );
