import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './db.ts';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Migration {
  id: string;
  file: string;
}

/**
 * Every module keeps numbered SQL files in its own migrations/ folder; the number prefix
 * orders them across modules (core 00xx, marketplace 01xx, simulator 09xx, later modules their own hundreds).
 */
export function listMigrations(root = srcDir): Migration[] {
  const dirs = [path.join(root, 'core', 'migrations')];
  const modules = path.join(root, 'modules');
  for (const m of fs.existsSync(modules) ? fs.readdirSync(modules) : [])
    dirs.push(path.join(modules, m, 'migrations'));
  const out: Migration[] = [];
  for (const d of dirs) {
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d))
      if (/^\d{4}_.+\.sql$/.test(f)) out.push({ id: f.replace(/\.sql$/, ''), file: path.join(d, f) });
  }
  out.sort((a, b) => a.id.localeCompare(b.id));
  const seen = new Set<string>();
  for (const m of out) {
    const n = m.id.slice(0, 4);
    if (seen.has(n)) throw new Error(`two migrations share the number ${n}`);
    seen.add(n);
  }
  return out;
}

/** Applies pending migrations, each in its own transaction, under an advisory lock so two starting servers don't race. */
export async function migrate(db: Database, log: (msg: string) => void = () => {}): Promise<string[]> {
  const applied: string[] = [];
  const client = await db.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727274)');
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id),
    );
    for (const m of listMigrations()) {
      if (done.has(m.id)) continue;
      const text = fs.readFileSync(m.file, 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(text);
        await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.id} failed: ${(err as Error).message}`);
      }
      applied.push(m.id);
      log(`migrated ${m.id}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)').catch(() => {});
    client.release();
  }
  return applied;
}

export async function pendingMigrations(db: Database): Promise<string[]> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('schema_migrations')::text AS t`.execute(
    db.kysely,
  );
  const done = new Set<string>();
  if (exists.rows[0]?.t) {
    const r = await sql<{ id: string }>`SELECT id FROM schema_migrations`.execute(db.kysely);
    for (const row of r.rows) done.add(row.id);
  }
  return listMigrations()
    .map((m) => m.id)
    .filter((id) => !done.has(id));
}
