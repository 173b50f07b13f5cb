import { defineConfig } from 'vitest/config';

// Browser tests drive the built console against a real server with a demo marketplace.
// They share one server and one Chromium, so they run one file at a time in one fork.
export default defineConfig({
  test: {
    name: 'browser',
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 200_000,
    // On PostgreSQL, a fresh database for the run (dropped afterwards).
    globalSetup: ['test/browser/database.setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    // After the server project, so the two don't compete for the machine's two cores.
    sequence: { groupOrder: 2 },
  },
});
