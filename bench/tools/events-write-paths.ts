/**
 * Where does the database time of event ingestion go? Loads the same 200k event rows into a fresh `events`
 * table several ways, with no HTTP and no validation, to separate the SQL write path from the server's JS:
 *   COPY (the anchor) · INSERT … SELECT FROM unnest(arrays) (what the service does) with/without ON CONFLICT ·
 *   the same with arrays pre-serialized as literals · jsonb_to_recordset · COPY into a staging table + INSERT … ON CONFLICT.
 * Usage: npx tsx bench/tools/events-write-paths.ts [--db postgres|pglite] [--events N] [--concurrency N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { bulkInsertSql } from '../../src/core/bulk.ts';
import { type Database, openDatabase } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import { EVENT_COLUMNS } from '../../src/modules/marketplace/index.ts';
import { EVENT_COPY_COLUMNS, eventRows, makeCatalog, makeEvents, toCsvChunks } from '../lib/data.ts';
import { copyCsv, createPgDatabase, dropPgDatabase, exec } from '../lib/db.ts';
import { chunk } from '../lib/http.ts';
import { arrayLiteral } from '../../src/core/bulk.ts';

const pgArrayLiteral = (values: readonly unknown[]) =>
  arrayLiteral(
    values.map((v) => [v]),
    0,
  );

const { values: v } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    events: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '4' },
    'database-url': {
      type: 'string',
      default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
  },
});
const N = Number(v.events);
const B = Number(v.batch);
const C = Number(v.concurrency);
const tz = 'Asia/Shanghai';
const name = `bench_paths_${Date.now()}`;
let db: Database;
let dir: string | undefined;
if (v.db === 'postgres')
  db = await openDatabase({ databaseUrl: await createPgDatabase(v['database-url']!, name), poolSize: C });
else {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-paths-'));
  db = await openDatabase({ dataDir: dir });
}
await migrate(db);
const cat = makeCatalog({ stores: 100, products: 2000, consumers: 5000 });
const rows = eventRows(makeEvents(N, cat), tz);
const csv = toCsvChunks(rows);
const batches = chunk(rows, B);
const names = EVENT_COLUMNS.map((c) => c.name).join(', ');

async function run(label: string, fn: (b: unknown[][]) => Promise<void>, concurrency = C) {
  await exec(db, 'TRUNCATE events');
  if (db.kind === 'postgres') await exec(db, 'CHECKPOINT');
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) await fn(batches[next++]!);
    }),
  );
  const ms = performance.now() - t0;
  const n = Number((await exec(db, 'SELECT count(*)::int AS n FROM events')).rows[0].n);
  if (n !== N) throw new Error(`${label}: ${n} rows`);
  return { label, ms };
}

const results: { label: string; ms: number }[] = [];
{
  await exec(db, 'TRUNCATE events');
  if (db.kind === 'postgres') await exec(db, 'CHECKPOINT');
  const t0 = performance.now();
  await copyCsv(db, 'events', EVENT_COPY_COLUMNS, csv);
  results.push({ label: 'COPY (one stream)', ms: performance.now() - t0 });
}
const conflict = sql`ON CONFLICT (day, id) DO NOTHING RETURNING 1 AS x`;
results.push(
  await run(
    `unnest + ON CONFLICT RETURNING 1 (the service), ${C} in flight`,
    async (b) => void (await bulkInsertSql('events', EVENT_COLUMNS, b, conflict).execute(db.kysely)),
  ),
);
results.push(
  await run(
    'unnest + ON CONFLICT RETURNING 1, 1 in flight',
    async (b) => void (await bulkInsertSql('events', EVENT_COLUMNS, b, conflict).execute(db.kysely)),
    1,
  ),
);
results.push(
  await run(
    `unnest, no ON CONFLICT, ${C} in flight`,
    async (b) => void (await bulkInsertSql('events', EVENT_COLUMNS, b).execute(db.kysely)),
  ),
);
const literal = async (b: unknown[][], tail: string) => {
  const params = EVENT_COLUMNS.map((_, i) => pgArrayLiteral(b.map((r) => r[i])));
  const casts = EVENT_COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  await db.pool.query(
    `INSERT INTO events (${names}) SELECT * FROM unnest(${casts}) AS t(${names}) ${tail}`,
    params,
  );
};
results.push(
  await run(`unnest of pre-built literals + ON CONFLICT, count in SQL, ${C} in flight`, async (b) => {
    const params = EVENT_COLUMNS.map((_, i) => pgArrayLiteral(b.map((r) => r[i])));
    const casts = EVENT_COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    await db.pool.query(
      `WITH ins AS (INSERT INTO events (${names}) SELECT * FROM unnest(${casts}) AS t(${names}) ON CONFLICT (day, id) DO NOTHING RETURNING 1) SELECT count(*) FROM ins`,
      params,
    );
  }),
);
results.push(
  await run(`unnest of pre-built literals, no ON CONFLICT, ${C} in flight`, (b) => literal(b, '')),
);
results.push(
  await run(`unnest + WHERE NOT EXISTS (anti-join, no ON CONFLICT), ${C} in flight`, async (b) => {
    const params = EVENT_COLUMNS.map((_, i) => pgArrayLiteral(b.map((r) => r[i])));
    const casts = EVENT_COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    await db.pool.query(
      `INSERT INTO events (${names}) SELECT * FROM unnest(${casts}) AS t(${names})
       WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.day = t.day AND e.id = t.id)`,
      params,
    );
  }),
);
results.push(
  await run(`unnest + WHERE NOT EXISTS + ON CONFLICT DO NOTHING, ${C} in flight`, async (b) => {
    const params = EVENT_COLUMNS.map((_, i) => pgArrayLiteral(b.map((r) => r[i])));
    const casts = EVENT_COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    await db.pool.query(
      `INSERT INTO events (${names}) SELECT * FROM unnest(${casts}) AS t(${names})
       WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.day = t.day AND e.id = t.id) ON CONFLICT (day, id) DO NOTHING`,
      params,
    );
  }),
);
if (db.pglite) {
  const pglite = db.pglite;
  results.push(
    await run(
      'PGlite COPY into a temp table + INSERT … WHERE NOT EXISTS',
      async (b) => {
        await pglite.transaction(async (tx) => {
          await tx.query('CREATE TEMP TABLE IF NOT EXISTS ev_stage (LIKE events) ON COMMIT DELETE ROWS');
          await tx.query(`COPY ev_stage (${names}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
            blob: new Blob(toCsvChunks(b)),
          });
          await tx.query(
            `INSERT INTO events (${names}) SELECT ${names} FROM ev_stage s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.day = s.day AND e.id = s.id)`,
          );
        });
      },
      1,
    ),
  );
}
const defs = EVENT_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ');
results.push(
  await run(`jsonb_to_recordset(rows as objects) + ON CONFLICT, ${C} in flight`, async (b) => {
    const objs = b.map((r) => Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c.name, r[i] ?? null])));
    await db.pool.query(
      `INSERT INTO events (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS t(${defs}) ON CONFLICT (day, id) DO NOTHING`,
      [JSON.stringify(objs)],
    );
  }),
);
if (db.kind === 'postgres') {
  results.push(
    await run(`COPY into a temp table + INSERT … ON CONFLICT, ${C} in flight`, async (b) => {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`CREATE TEMP TABLE IF NOT EXISTS ev_stage (LIKE events) ON COMMIT DELETE ROWS`);
        const copyStreams = (await import('pg-copy-streams')).default;
        const { pipeline } = await import('node:stream/promises');
        const { Readable } = await import('node:stream');
        await pipeline(
          Readable.from(toCsvChunks(b)),
          client.query(copyStreams.from(`COPY ev_stage (${names}) FROM STDIN WITH (FORMAT csv)`)),
        );
        await client.query(
          `INSERT INTO events (${names}) SELECT ${names} FROM ev_stage ON CONFLICT (day, id) DO NOTHING`,
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }),
  );
}
const copy = results[0]!.ms;
for (const r of results)
  process.stdout.write(
    `${r.label.padEnd(78)} ${(r.ms / 1000).toFixed(2).padStart(6)} s ${Math.round((N / r.ms) * 1000)
      .toString()
      .padStart(8)} rows/s  ${((copy / r.ms) * 100).toFixed(0).padStart(4)}% of COPY\n`,
  );
await db.close();
if (v.db === 'postgres') await dropPgDatabase(v['database-url']!, name);
if (dir) fs.rmSync(dir, { recursive: true, force: true });
