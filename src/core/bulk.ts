import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type RawBuilder } from 'kysely';
import copyStreams from 'pg-copy-streams';
import type { Database, Db, Tx } from './db.ts';

/** A column of a bulk write: its SQL element type, and optionally an expression over `t.<name>` to store instead. */
export interface BulkColumn {
  name: string;
  type: 'text' | 'bigint' | 'int' | 'smallint' | 'boolean' | 'jsonb' | 'timestamptz' | 'date';
  expr?: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
function ident(s: string): string {
  if (!IDENT.test(s)) throw new Error(`bad identifier ${s}`);
  return s;
}

/**
 * `INSERT INTO table (...) SELECT ... FROM unnest($1::type[], ...)`: one statement and one parameter per column
 * whatever the row count. Far faster than multi-row VALUES and never hits the 65k-parameter limit.
 * `tail` is appended verbatim (ON CONFLICT / RETURNING) and may use sql`` fragments.
 */
export function bulkInsertSql(
  table: string,
  cols: BulkColumn[],
  rows: readonly unknown[][],
  tail?: RawBuilder<unknown>,
) {
  // Each column goes as one PostgreSQL array literal, built here in one pass: what pg would send for a JS array,
  // without its per-element prepareValue and two regex replaces (the hottest JS of event ingestion).
  const arrays = cols.map((c, i) => arrayLiteral(rows, i, c.type === 'jsonb'));
  const names = cols.map((c) => ident(c.name)).join(', ');
  const selects = cols.map((c) => (c.expr ? `${c.expr} AS ${c.name}` : `t.${c.name}`)).join(', ');
  const params = sql.join(cols.map((c, i) => sql`${arrays[i]}::${sql.raw(c.type)}[]`));
  return sql`INSERT INTO ${sql.raw(ident(table))} (${sql.raw(names)}) SELECT ${sql.raw(selects)} FROM unnest(${params}) AS t(${sql.raw(names)}) ${tail ?? sql``}`;
}

export async function bulkInsert(
  db: Db | Tx,
  table: string,
  cols: BulkColumn[],
  rows: readonly unknown[][],
  tail?: RawBuilder<unknown>,
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const r = await bulkInsertSql(table, cols, rows, tail).execute(db);
  return r.rows as Record<string, unknown>[];
}

const NEEDS_ESCAPE = /["\\]/;
function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${s}"`;
}

/** `{"a","b",NULL}`: column `i` of `rows` as a PostgreSQL array literal (jsonb values as JSON text). */
export function arrayLiteral(rows: readonly unknown[][], i: number, json = false): string {
  let s = '{';
  for (let r = 0; r < rows.length; r++) {
    if (r > 0) s += ',';
    const v = rows[r]![i];
    if (v === null || v === undefined) s += 'NULL';
    else if (json) s += quote(JSON.stringify(v));
    else if (typeof v === 'string') s += quote(v);
    else if (typeof v === 'number' || typeof v === 'bigint') s += `"${v}"`;
    else if (typeof v === 'boolean') s += v ? '"true"' : '"false"';
    else if (v instanceof Date) s += `"${v.toISOString()}"`;
    else s += quote(JSON.stringify(v));
  }
  return `${s}}`;
}

/** ON CONFLICT (keys) DO UPDATE of every other column, skipping rows whose values are unchanged; RETURNING whether inserted. */
export function upsertTail(
  table: string,
  cols: BulkColumn[],
  keys: string[],
  extraSet = '',
): RawBuilder<unknown> {
  const upd = cols.filter((c) => !keys.includes(c.name)).map((c) => c.name);
  const set = upd.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const differs = upd.map((c) => `${table}.${c} IS DISTINCT FROM EXCLUDED.${c}`).join(' OR ');
  const k = keys.map(ident).join(', ');
  if (upd.length === 0) return sql.raw(`ON CONFLICT (${k}) DO NOTHING RETURNING ${k}, true AS inserted`);
  return sql.raw(
    `ON CONFLICT (${k}) DO UPDATE SET ${set}${extraSet ? `, ${extraSet}` : ''} WHERE ${differs} RETURNING ${k}, (xmax = 0) AS inserted`,
  );
}

/** A CSV field holding `s` (quoted: never read as NULL, nor as the end-of-data marker). */
export function csvQuote(s: string): string {
  return s.includes('"') ? `"${s.replace(/"/g, '""')}"` : `"${s}"`;
}

/**
 * Loads CSV text (`COPY … WITH (FORMAT csv)`: an empty unquoted field is NULL) into `table (cols)` with one
 * `COPY … FROM` statement: PGlite's own `COPY … FROM '/dev/blob'` (holding its only pooled connection, so no other
 * transaction is open meanwhile), pg-copy-streams on PostgreSQL. One statement outside any transaction: every row is written, or (on
 * any error, e.g. a duplicate key) none is. Errors are the database's, with their SQLSTATE `code`.
 */
export async function copyCsv(
  database: Database,
  table: string,
  cols: readonly BulkColumn[],
  csv: string,
): Promise<void> {
  const statement = `COPY ${ident(table)} (${cols.map((c) => ident(c.name)).join(', ')})`;
  const client = await database.pool.connect();
  let broken: Error | undefined;
  try {
    if (database.pglite) {
      await database.pglite.query(`${statement} FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([csv]),
      });
    } else {
      try {
        await pipeline(
          Readable.from([csv]),
          client.query(copyStreams.from(`${statement} FROM STDIN WITH (FORMAT csv)`)),
        );
      } catch (e) {
        // A database error leaves the connection ready for the next query; anything else may not have.
        if (!(e as { code?: unknown }).code) broken = e as Error;
        throw e;
      }
    }
  } finally {
    client.release(broken);
  }
}
