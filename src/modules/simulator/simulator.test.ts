import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openTestDatabase } from '../../core/db.ts';
import { migrate } from '../../core/migrate.ts';
import { SimulationPaused, type SimulationSummary, simulate } from './index.ts';
import { TINY } from './tiny.fixture.ts';

async function fresh(): Promise<Database> {
  const db = await openTestDatabase();
  await migrate(db);
  return db;
}

const count = async (db: Database, table: string) =>
  (await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM ${sql.table(table)}`.execute(db.kysely)).rows[0]!
    .n;

/** Checksums of what landed in the marketplace tables (content, not ingestion timestamps). */
async function tableChecksums(db: Database) {
  const q = async (query: ReturnType<typeof sql<{ h: string | null; n: number }>>) => {
    const r = (await query.execute(db.kysely)).rows[0]!;
    return `${r.n}:${r.h}`;
  };
  return {
    orders:
      await q(sql`SELECT COUNT(*)::int AS n, md5(string_agg(concat_ws('|', id, parent_id, store_id, consumer_id, status, channel, live_session_id, creator_id, promoter_id,
      pay_amount, created_at, paid_at, shipped_at, delivered_at, completed_at, cancelled_at), ',' ORDER BY id)) AS h FROM orders`),
    lines: await q(
      sql`SELECT COUNT(*)::int AS n, md5(string_agg(concat_ws('|', order_id, line_no, sku_id, quantity, unit_price, discount), ',' ORDER BY order_id, line_no)) AS h FROM order_lines`,
    ),
    events: await q(
      sql`SELECT COUNT(*)::int AS n, md5(string_agg(concat_ws('|', id, type, occurred_at, user_id, product_id, scene, channel, live_session_id), ',' ORDER BY day, id)) AS h FROM events`,
    ),
    afterSales: await q(
      sql`SELECT COUNT(*)::int AS n, md5(string_agg(concat_ws('|', id, status, reason_code, amount, resolved_at, refunded_at), ',' ORDER BY id)) AS h FROM after_sales`,
    ),
    reviews: await q(
      sql`SELECT COUNT(*)::int AS n, md5(string_agg(concat_ws('|', id, product_rating, logistics_rating, service_rating, text), ',' ORDER BY id)) AS h FROM reviews`,
    ),
    follows: await q(
      sql`SELECT COUNT(*)::int AS n, md5(string_agg(concat_ws('|', consumer_id, target_type, target_id, followed_at, unfollowed_at), ',' ORDER BY consumer_id, target_type, target_id)) AS h FROM follows`,
    ),
    truth: await q(
      sql`SELECT COUNT(*)::int AS n, md5(string_agg(concat_ws('|', store_id, product_quality, logistics_speed, service_quality), ',' ORDER BY store_id)) AS h FROM sim_stores`,
    ),
  };
}

describe('simulate() end to end', () => {
  let db: Database;
  let summary: SimulationSummary;
  const phases = new Set<string>();

  beforeAll(async () => {
    db = await fresh();
    summary = await simulate(db, { ...TINY, onProgress: (p) => phases.add(p.phase) });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('writes every kind through ingestion and reports the rows it wrote', async () => {
    for (const [k, table] of [
      ['merchants', 'merchants'],
      ['stores', 'stores'],
      ['products', 'products'],
      ['skus', 'skus'],
      ['consumers', 'consumers'],
      ['creators', 'creators'],
      ['agencies', 'agencies'],
      ['promoters', 'promoters'],
      ['follows', 'follows'],
      ['orders', 'orders'],
      ['after-sales', 'after_sales'],
      ['reviews', 'reviews'],
      ['service sessions', 'service_sessions'],
      ['events', 'events'],
      ['live sessions', 'sim_live_sessions'],
    ] as const) {
      expect(summary.rows[k], k).toBeGreaterThan(0);
      expect(await count(db, table), table).toBe(summary.rows[k]);
    }
    expect(summary.rows['order updates']).toBeGreaterThan(summary.rows.orders! / 2);
    // The window's months were attached first: no simulated event lands in the default partition.
    expect(await count(db, 'events_default')).toBe(0);
    expect([...phases]).toEqual(expect.arrayContaining(['catalog', 'latent truth', 'simulating']));
  });

  it('leaves the planner statistics of what it wrote (autovacuum may be off; PGlite has none)', async () => {
    for (const table of ['orders', 'order_lines', 'payments', 'consumers', 'skus']) {
      const r = await db.pool.query(
        `SELECT reltuples::bigint AS n FROM pg_class WHERE oid = to_regclass($1)`,
        [table],
      );
      // -1 is "never analyzed"; a small table is analyzed whole, so the estimate is the count.
      expect(Number(r.rows[0].n), table).toBe(await count(db, table));
    }
  });

  it('names a demo merchant with orders, live sessions and creator distribution, and demo parties that exist', async () => {
    const d = summary.demo;
    const m = (
      await sql<{ type: string }>`SELECT type FROM merchants WHERE id = ${d.merchantId}`.execute(db.kysely)
    ).rows[0];
    expect(m?.type).toBe('pop');
    const byChannel = (
      await sql<{
        channel: string;
        n: number;
      }>`SELECT channel, COUNT(*)::int AS n FROM orders WHERE merchant_id = ${d.merchantId} GROUP BY channel`.execute(
        db.kysely,
      )
    ).rows;
    const ch = Object.fromEntries(byChannel.map((r) => [r.channel, r.n]));
    expect(ch.organic).toBeGreaterThan(20);
    expect(ch.self_live).toBeGreaterThan(0);
    expect(ch.creator).toBeGreaterThan(0);
    expect(await count(db, 'creators')).toBeGreaterThan(0);
    for (const [table, id] of [
      ['creators', d.creatorId],
      ['agencies', d.agencyId],
      ['promoters', d.promoterId],
    ] as const) {
      expect(
        (
          await sql<{
            n: number;
          }>`SELECT COUNT(*)::int AS n FROM ${sql.table(table)} WHERE id = ${id}`.execute(db.kysely)
        ).rows[0]!.n,
        table,
      ).toBe(1);
    }
    // Live orders name sessions the truth table knows.
    const orphan = await sql<{
      n: number;
    }>`SELECT COUNT(*)::int AS n FROM orders o WHERE o.live_session_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM sim_live_sessions s WHERE s.session_id = o.live_session_id AND s.store_id = o.store_id)`.execute(
      db.kysely,
    );
    expect(orphan.rows[0]!.n).toBe(0);
  });

  it('moves orders through their lifecycle (paid, shipped, delivered, completed, cancelled; presale deposits)', async () => {
    const st = Object.fromEntries(
      (
        await sql<{
          status: string;
          n: number;
        }>`SELECT status, COUNT(*)::int AS n FROM orders GROUP BY status`.execute(db.kysely)
      ).rows.map((r) => [r.status, r.n]),
    );
    for (const s of ['paid', 'shipped', 'delivered', 'completed', 'cancelled'])
      expect(st[s], s).toBeGreaterThan(0);
    const outbox = await sql<{
      n: number;
    }>`SELECT COUNT(*)::int AS n FROM outbox WHERE topic = 'order.status_changed'`.execute(db.kysely);
    expect(outbox.rows[0]!.n).toBeGreaterThan(0);
  });

  it('keeps the latent truth: faster-logistics stores deliver sooner in the ingested orders', async () => {
    const rows = (
      await sql<{ speed: number; hours: number }>`
        SELECT s.logistics_speed AS speed, AVG(EXTRACT(EPOCH FROM o.delivered_at - o.paid_at) / 3600)::float8 AS hours
        FROM orders o JOIN sim_stores s ON s.store_id = o.store_id
        WHERE o.delivered_at IS NOT NULL GROUP BY s.store_id, s.logistics_speed HAVING COUNT(*) >= 10`.execute(
        db.kysely,
      )
    ).rows;
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const order = [...rows].sort((a, b) => a.speed - b.speed);
    const half = Math.floor(order.length / 2);
    const avg = (xs: typeof rows) => xs.reduce((s, r) => s + r.hours, 0) / xs.length;
    expect(avg(order.slice(0, half))).toBeGreaterThan(avg(order.slice(half)) * 1.3);
  });

  it('is deterministic: a second database with the same seed holds the same records, generated on a thread', async () => {
    // (Different seeds giving different records is checked on the pure generator, without a database.)
    const a = await tableChecksums(db);
    expect(a.orders).toMatch(/^[1-9]\d*:[0-9a-f]{32}$/);
    const db2 = await fresh();
    try {
      // The first run generated on this thread (a tiny world); this one on the generator thread.
      const s2 = await simulate(db2, { ...TINY, generatorThread: true });
      expect(s2.rows).toEqual(summary.rows);
      expect(await tableChecksums(db2)).toEqual(a);
    } finally {
      await db2.close();
    }
  });

  it('does nothing when the same run is repeated and refuses a different one in the same database', async () => {
    const before = await tableChecksums(db);
    const again = await simulate(db, TINY);
    expect(again.rows.orders).toBe(0);
    expect(again.rows.events).toBe(0);
    expect(again.demo).toEqual(summary.demo);
    expect(await tableChecksums(db)).toEqual(before);
    await expect(simulate(db, { ...TINY, seed: 99 })).rejects.toThrow(
      /already holds a simulated marketplace/,
    );
  });
});

describe('simulate() paused and resumed', () => {
  // Three shards of users, so a run can pause between them.
  const SHARDED = { ...TINY, overrides: { ...TINY.overrides, shardUsers: 120 } };

  it('pauses between two shards and resumes with the next one, writing what an uninterrupted run writes', async () => {
    const whole = await fresh();
    const paused = await fresh();
    try {
      const ref = await simulate(whole, SHARDED);
      expect(ref.segments).toEqual([{ fromShard: 0, toShard: 3, wallMs: expect.any(Number) }]);

      const stop = new AbortController();
      const first = simulate(paused, {
        ...SHARDED,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.phase === 'simulating' && p.done > 0) stop.abort();
        },
      });
      await expect(first).rejects.toThrow(SimulationPaused);
      await expect(first).rejects.toMatchObject({ shardsDone: 1, shards: 3 });
      const [run] = (
        await sql<{ progress: { shardsDone: number; inShard: number | null }; finished_at: Date | null }>`
        SELECT progress, finished_at FROM sim_runs`.execute(paused.kysely)
      ).rows;
      expect(run!.finished_at).toBeNull();
      expect(run!.progress).toMatchObject({ setup: true, shardsDone: 1, inShard: null });
      // Only the first shard's 120 users have ordered so far.
      const buyers = await sql<{
        n: number;
      }>`SELECT COUNT(DISTINCT consumer_id)::int AS n FROM orders`.execute(paused.kysely);
      expect(buyers.rows[0]!.n).toBeGreaterThan(0);
      expect(buyers.rows[0]!.n).toBeLessThanOrEqual(120);

      let resumedFrom = -1;
      // Without an end day (as `tributary simulate` on a later day), the paused run's own is kept.
      const rest = await simulate(paused, {
        ...SHARDED,
        endDay: undefined,
        onProgress: (p) => {
          if (p.phase === 'simulating' && resumedFrom < 0) resumedFrom = p.done;
        },
      });
      expect(resumedFrom).toBe(120 * SHARDED.days);
      expect(rest.endDay).toBe(SHARDED.endDay);
      expect(rest.rows).toEqual(ref.rows);
      expect(rest.segments!.map((x) => [x.fromShard, x.toShard])).toEqual([
        [0, 1],
        [1, 3],
      ]);
      expect(await tableChecksums(paused)).toEqual(await tableChecksums(whole));
    } finally {
      await whole.close();
      await paused.close();
    }
  });

  it('refuses to resume a run stopped inside a shard or during its setup', async () => {
    const db = await fresh();
    try {
      const stop = new AbortController();
      stop.abort();
      await expect(simulate(db, { ...SHARDED, signal: stop.signal })).rejects.toThrow(SimulationPaused);
      // As if the process had been killed while writing the second shard.
      await sql`UPDATE sim_runs SET progress = jsonb_set(progress, '{inShard}', '1')`.execute(db.kysely);
      await expect(simulate(db, SHARDED)).rejects.toThrow(
        /stopped inside shard 2 of 3 and cannot be resumed/,
      );
      await sql`UPDATE sim_runs SET progress = NULL`.execute(db.kysely);
      await expect(simulate(db, SHARDED)).rejects.toThrow(/stopped during its setup and cannot be resumed/);
    } finally {
      await db.close();
    }
  });
});
