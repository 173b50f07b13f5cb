import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scoreQuality } from '../../../bench/scoring/quality.ts';
import { type Database, openTestDatabase } from '../../core/db.ts';
import { migrate } from '../../core/migrate.ts';
import { simulate } from '../simulator/index.ts';
import { recompute } from './index.ts';

/**
 * Scores track the simulator's latent truth: a three-week marketplace of 30 merchants, scored on its last
 * day. The bar: store experience score vs latent store quality, Spearman ρ ≥ 0.8 over stores with at
 * least 50 orders in the window.
 */
let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db);
  await simulate(db, {
    days: 21,
    seed: 11,
    scale: 'small',
    endDay: '2026-10-21',
    timeZone: 'Asia/Shanghai',
    overrides: {
      merchants: 30,
      consumers: 2500,
      creators: 16,
      agencies: 2,
      promoters: 20,
      brands: 60,
      productsPerStore: 20,
    },
  });
  await recompute(db, { day: '2026-10-20', trigger: 'test', timeZone: 'Asia/Shanghai' });
}, 240_000);
afterAll(() => db?.close());

describe('scores against latent truth', () => {
  test('store experience score: Spearman ρ ≥ 0.8 against latent store quality', async () => {
    const figures = await scoreQuality(db, '2026-10-20');
    const store = figures.find((f) => f.id === 'store score')!;
    expect(store.n).toBeGreaterThanOrEqual(15);
    expect(store.rho).toBeGreaterThanOrEqual(0.8);
    // Each dimension recovers the parameter it is meant to measure.
    for (const id of ['store quality dimension', 'store logistics dimension', 'store service dimension'])
      expect(figures.find((f) => f.id === id)!.rho, id).toBeGreaterThan(0.6);
  });
});
