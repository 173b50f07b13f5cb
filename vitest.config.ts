import { defineConfig } from 'vitest/config';

// `npm test` runs three projects: server (unit + API tests, each file on its own throwaway database),
// console (pure helpers of the web app) and browser (headless Chromium against a real demo server).
// `npx vitest run --project server` runs one of them.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/browser/**', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      'console/vitest.config.ts',
      'vitest.browser.config.ts',
    ],
  },
});
