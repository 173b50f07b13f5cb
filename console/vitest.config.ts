import { defineConfig } from 'vitest/config';

// Unit tests of the console's pure helpers (formatting and the like); no DOM needed.
// Run: npx vitest run --config console/vitest.config.ts
export default defineConfig({
  test: {
    name: 'console',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts'],
    sequence: { groupOrder: 1 },
  },
});
