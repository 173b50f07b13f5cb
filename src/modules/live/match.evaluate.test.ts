import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evaluateMatch, type MatchEvaluation, MATCH_EVAL_SIZES } from '../../../bench/live/evaluate-match.ts';
import { type Database, openTestDatabase } from '../../core/db.ts';
import { migrate } from '../../core/migrate.ts';

/**
 * The acceptance for matching, in the simulator (bench/live/evaluate-match.ts, test size): the index
 * is built from the first 14 of 24 simulated days; over the creator and agency sessions of the last 10, pairs
 * whose creator was in the store's top 10 sell more per session than the other eligible pairs. One simulated
 * world serves every case, on a bare migrated database (no app: nothing else runs while it simulates). With
 * the weights of docs/matching.md seeds 5, 8 and 9 gave lifts of 2.8, 4.0 and 2.2, each with a 95% interval
 * above 0; the test runs seed 5.
 */
let db: Database;
let ev: MatchEvaluation;
const size = MATCH_EVAL_SIZES.test;

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db);
  ev = await evaluateMatch(db, size);
}, 600_000);
afterAll(() => db?.close());

describe('matching in the simulated market', () => {
  test('there are enough test sessions on both sides to compare', () => {
    expect(ev.testDays.length).toBe(size.windowDays - size.trainDays);
    expect(ev.sessions.recommended).toBeGreaterThanOrEqual(40);
    expect(ev.sessions.other).toBeGreaterThanOrEqual(40);
    expect(ev.sessions.recommended + ev.sessions.other + ev.sessions.ineligible).toBe(ev.sessions.total);
  });

  test('recommended pairs produce more GMV per session than the other eligible pairs (95% interval above 0)', () => {
    const g = ev.gmvPerSession;
    expect(g.recommended.mean).toBeGreaterThan(g.other.mean);
    expect(g.ci[0]).toBeGreaterThan(0);
    expect(g.lift).toBeGreaterThan(1.5);
  });

  test('also relative to the store’s own session mean (not only because big stores get top creators)', () => {
    const r = ev.relativeGmv;
    expect(r.recommended.mean).toBeGreaterThan(1);
    expect(r.other.mean).toBeLessThan(1);
    expect(r.ci[0]).toBeGreaterThan(0);
  });
});
