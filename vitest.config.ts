import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file gets its own database (PGlite in memory or a fresh PostgreSQL schema).
    fileParallelism: true,
    maxWorkers: 2,
  },
});
