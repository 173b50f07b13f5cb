import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';

// BIGINT (int8) money columns come back as JS numbers: amounts stay within 2^53 fen (~90 trillion yuan).
pg.types.setTypeParser(20, (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
  return n;
});
// DATE columns stay plain 'YYYY-MM-DD' strings: business days are calendar days, not instants.
pg.types.setTypeParser(1082, (v) => v);

export type DbKind = 'pglite' | 'postgres';

/** True for a PostgreSQL unique violation (both drivers report the SQLSTATE as `code`). */
export const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === '23505';

/** The shared connection, untyped at the core: each module views it through its own table types (see `typed`). */
// biome-ignore lint/suspicious/noExplicitAny: the core does not know the modules' tables
export type Db = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: as above, inside a transaction
export type Tx = Transaction<any>;

/**
 * A view of an open transaction for services that open their own: their `transaction().execute(fn)` runs fn in
 * this one (one commit for a write spanning modules; PGlite's single connection would otherwise wait on itself).
 */
export function joinTransaction(trx: Tx): Db {
  return new Proxy(trx, {
    get(t, k) {
      if (k === 'transaction') return () => ({ execute: <T>(fn: (x: Tx) => Promise<T>) => fn(t) });
      const v = Reflect.get(t, k, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  }) as unknown as Db;
}

export interface Database {
  readonly kind: DbKind;
  readonly kysely: Db;
  readonly pool: pg.Pool;
  /** The embedded engine, when there is one (its COPY path differs from pg-copy-streams). */
  readonly pglite?: PGlite;
  /** Schema the connection's search_path points at (tests isolate files in their own schema). */
  readonly schema: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data folder, or 'memory://' for a throwaway database. */
  dataDir?: string;
  poolSize?: number;
  /** PostgreSQL only: use (and create) this schema instead of public. */
  schema?: string;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10, opts.schema ?? 'public');
  return openPglite(opts.dataDir ?? 'memory://');
}

async function openPostgres(url: string, poolSize: number, schema: string): Promise<Database> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  if (schema !== 'public') {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: schema === 'public' ? undefined : `-c search_path=${schema}`,
  });
  // An idle pooled connection can be ended by the server (restart, failover, admin kill); pg reports that
  // on the pool, and an unhandled 'error' event would take the whole process down. The pool replaces it.
  pool.on('error', (err) =>
    process.stderr.write(`database connection lost (the pool reconnects): ${err.message}\n`),
  );
  const kysely: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    kysely,
    pool,
    schema,
    async close() {
      await kysely.destroy();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  if (dataDir !== 'memory://') fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir);
  // PGlite is a single connection: the pool hands it out one transaction at a time.
  const pool = new pg.Pool(createPgConfig(pglite) as pg.PoolConfig);
  const kysely: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'pglite',
    kysely,
    pool,
    pglite,
    schema: 'public',
    async close() {
      await kysely.destroy();
      await pglite.close();
    },
  };
}

/** A throwaway database for a test file: in-memory PGlite, or a fresh schema on DATABASE_URL. */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ dataDir: 'memory://' });
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = await openDatabase({ databaseUrl: url, schema, poolSize: 4 });
  const close = db.close.bind(db);
  return {
    ...db,
    async close() {
      await close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/** View the shared connection through a module's table types. */
export function typed<T>(k: Db | Tx): Kysely<T> {
  return k as Kysely<T>;
}
