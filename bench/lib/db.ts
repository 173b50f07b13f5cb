/** Throwaway databases and raw COPY for benchmarks and reliability tests. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Database } from '../../src/core/db.ts';

/** The URL of another database on the same server. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates a fresh database next to the one `baseUrl` names (replacing one of that name), or with `keep` only if
 * it does not exist yet (a paused simulation resumes there); returns its URL.
 */
export async function createPgDatabase(baseUrl: string, name: string, keep = false): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    const exists = keep && (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (!exists) {
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await c.end();
  }
  return withDatabase(baseUrl, name);
}

/**
 * Drops a database made by createPgDatabase. Waits (up to ~5 s) for connections that are still closing to go
 * away before forcing: terminating a connection that its pool is ending makes that pool emit an error.
 */
export async function dropPgDatabase(baseUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    for (let i = 0; i < 25; i++) {
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name}`);
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== '55006') throw e; // object_in_use: someone is still connected
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/**
 * Loads CSV chunks into `table (columns)` with raw COPY: pg-copy-streams on PostgreSQL,
 * PGlite's own `COPY ... FROM '/dev/blob'` on the embedded database (pg-copy-streams crashes PGlite).
 */
export async function copyCsv(
  db: Database,
  table: string,
  columns: string[],
  chunks: string[],
): Promise<void> {
  const cols = columns.join(', ');
  if (db.pglite) {
    await db.pglite.query(`COPY ${table} (${cols}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
      blob: new Blob(chunks),
    });
    return;
  }
  const client = await db.pool.connect();
  try {
    const stream = client.query(copyStreams.from(`COPY ${table} (${cols}) FROM STDIN WITH (FORMAT csv)`));
    await pipeline(Readable.from(chunks), stream);
  } finally {
    client.release();
  }
}

/** Runs statements on the database (through its pool: also works on PGlite). */
export async function exec(db: Database, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  return db.pool.query(text, params);
}

/** The PostgreSQL settings that decide bulk-write speed (bench/tools/pg-bulk.sh sets them for the large runs). */
export const BULK_SETTINGS = [
  'shared_buffers',
  'max_wal_size',
  'checkpoint_timeout',
  'wal_compression',
  'random_page_cost',
  'effective_cache_size',
  'synchronous_commit',
  'autovacuum',
];

/** "name=value …" as the server reports them, in the order asked: a result says what it ran with. */
export async function serverSettings(db: Database, names: readonly string[]): Promise<string> {
  const r = await exec(
    db,
    `SELECT name, current_setting(name) AS v FROM pg_settings WHERE name = ANY($1) ORDER BY array_position($1, name)`,
    [names],
  );
  return r.rows.map((x: { name: string; v: string }) => `${x.name}=${x.v}`).join(' ');
}
