import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Database, openTestDatabase } from '../../core/db.ts';
import { migrate } from '../../core/migrate.ts';
import { type SimulateOptions, simulate } from '../simulator/index.ts';
import { Bitmap } from './bitmap.ts';
import { lookalike } from './domain/lookalike.ts';
import { buildTags, rebuildProfiles, tagIndex } from './tags.store.ts';
import { indexTags } from './tiers.service.ts';

/**
 * Lookalike against the simulator's latent truth: seeded with the buyers of one level-1 category, the expansion
 * (as many users as the seed) should hold more users who truly prefer that category (it is in their top 2 of
 * sim_users.category_pref) than a random draw (the candidates' base rate) and than the most active users.
 */
const WORLD: SimulateOptions = {
  days: 30,
  seed: 11,
  scale: 'small',
  endDay: '2026-06-20',
  timeZone: 'Asia/Shanghai',
  maxBatch: 5000,
  overrides: {
    merchants: 12,
    consumers: 1500,
    creators: 8,
    agencies: 2,
    promoters: 16,
    brands: 30,
    productsPerStore: 12,
  },
};
const NOW = new Date('2026-06-20T15:00:00Z');

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db);
  await simulate(db, WORLD);
  await rebuildProfiles(db.kysely, { now: NOW });
  await buildTags(db.kysely, { timeZone: WORLD.timeZone, now: NOW });
}, 600_000);
afterAll(() => db?.close());

const rows = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db.kysely)).rows;

test('the expansion of a category’s buyers prefers that category more than random or popular users', async () => {
  const [run] = await rows<{ params: { l1: { id: string }[] } }>(
    sql`SELECT params FROM sim_runs ORDER BY id DESC LIMIT 1`,
  );
  const l1 = run!.params.l1.map((c) => c.id);
  const users = await rows<{
    idx: number;
    pref: number[];
    activity: number;
  }>(sql`SELECT u.idx, s.category_pref AS pref,
      coalesce(a.n, 0) AS activity
    FROM aud_users u JOIN sim_users s ON s.consumer_id = u.consumer_id
    LEFT JOIN (SELECT user_id, count(*)::int AS n FROM events WHERE type <> 'exposure' GROUP BY user_id) a
      ON a.user_id = u.consumer_id`);
  /** Users whose true preference for category position k is among their top two. */
  const prefers = (k: number) =>
    Bitmap.from(
      users
        .filter((u) => {
          const p = u.pref.map(Number);
          return p.filter((x) => x > p[k]!).length < 2;
        })
        .map((u) => u.idx),
    );
  const byActivity = [...users].sort((a, b) => b.activity - a.activity || a.idx - b.idx);
  const index = await tagIndex(db.kysely, { fresh: true });
  const tags = indexTags(index);

  const buyers = await rows<{
    l1: string;
    idx: number;
  }>(sql`SELECT DISTINCT coalesce(c2.parent_id, c.parent_id, c.id) AS l1, u.idx
    FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN categories c ON c.id = l.category_id
    LEFT JOIN categories c2 ON c2.id = c.parent_id JOIN aud_users u ON u.consumer_id = o.consumer_id
    WHERE o.status <> 'cancelled' AND o.paid_at IS NOT NULL`);
  // The three categories with the most buyers (enough seed and enough room to expand).
  const counts = new Map<string, number>();
  for (const b of buyers) counts.set(b.l1, (counts.get(b.l1) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
  const figures: Record<
    string,
    { seed: number; n: number; lookalike: number; random: number; popular: number }
  > = {};
  for (const [cat] of top) {
    const seed = Bitmap.from(buyers.filter((b) => b.l1 === cat).map((b) => b.idx));
    const truth = prefers(l1.indexOf(cat));
    const candidates = Bitmap.andNot(index.universe, seed);
    const n = Math.min(seed.size, Math.floor(candidates.size / 3));
    const expanded = lookalike(seed, index.universe, tags, n).users;
    expect(expanded.size).toBe(n);
    expect(expanded.andCardinality(seed)).toBe(0);
    const popular = Bitmap.from(
      byActivity
        .filter((u) => !seed.has(u.idx))
        .slice(0, n)
        .map((u) => u.idx),
    );
    const precision = (b: Bitmap) => Math.round((b.andCardinality(truth) / b.size) * 1000) / 1000;
    figures[cat] = {
      seed: seed.size,
      n,
      lookalike: precision(expanded),
      // A random draw of the candidates: its expected precision is their base rate.
      random: precision(candidates),
      popular: precision(popular),
    };
  }
  console.info('lookalike precision (top-2 true preference) vs baselines', figures);
  const mean = (k: 'lookalike' | 'random' | 'popular') =>
    Object.values(figures).reduce((s, f) => s + f[k], 0) / Object.keys(figures).length;
  for (const f of Object.values(figures)) {
    expect(f.lookalike).toBeGreaterThan(f.random);
    expect(f.lookalike).toBeGreaterThan(f.popular);
  }
  expect(mean('lookalike')).toBeGreaterThan(mean('random') * 1.5);
}, 120_000);
