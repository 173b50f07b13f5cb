import type { SimulateOptions } from './index.ts';

/** A tiny world around 2026-06-18 (a platform campaign day) that the simulator tests write end to end. */
export const TINY: SimulateOptions = {
  days: 11,
  seed: 5,
  scale: 'small',
  endDay: '2026-06-20',
  timeZone: 'Asia/Shanghai',
  maxBatch: 2000,
  overrides: {
    merchants: 8,
    consumers: 350,
    creators: 8,
    agencies: 2,
    promoters: 16,
    brands: 24,
    productsPerStore: 10,
  },
};
