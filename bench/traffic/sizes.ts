import type { EvaluateOptions } from './evaluate.ts';

/** Evaluation sizes: `test` for the module test, `small` for the benchmark suite. */
export const EVAL_SIZES: Record<'test' | 'small', EvaluateOptions> = {
  test: {
    seed: 11,
    endDay: '2026-11-03',
    windowDays: 21,
    trafficDays: 2,
    overrides: {
      merchants: 30,
      consumers: 2500,
      creators: 16,
      agencies: 2,
      promoters: 20,
      brands: 60,
      productsPerStore: 20,
    },
    feedRequests: 8000,
    liveRequests: 8000,
    livePageSize: 4,
    holdoutBp: 5000,
    budgetPerDay: 400,
    budgetStores: 6,
    protectionMinDaily: 150,
  },
  small: {
    seed: 7,
    endDay: '2026-11-03',
    windowDays: 28,
    trafficDays: 3,
    overrides: {
      merchants: 80,
      consumers: 8000,
      creators: 30,
      agencies: 4,
      promoters: 40,
      brands: 120,
      productsPerStore: 30,
    },
    feedRequests: 100000,
    liveRequests: 30000,
    livePageSize: 6,
    holdoutBp: 5000,
    budgetPerDay: 1500,
    budgetStores: 12,
    protectionMinDaily: 600,
  },
};
