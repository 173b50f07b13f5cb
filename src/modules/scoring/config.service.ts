import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { conflict, unprocessable } from '../../core/errors.ts';
import { checkConfig, DEFAULT_CONFIG, type ScoringConfig } from './domain/config.ts';

/** Versioned operator configuration: every change is a new version; the newest is in force. */

export interface ConfigVersion {
  version: number;
  config: ScoringConfig;
  note: string | null;
  createdBy: string | null;
  /** The console user's display name, when a console user saved it. */
  createdByName: string | null;
  createdAt: string;
}

const COLS = sql`c.*, u.display_name AS created_by_name
  FROM scoring_configs c LEFT JOIN console_users u ON u.id = c.created_by`;

// Serialises the first write of the defaults and concurrent changes.
const CONFIG_LOCK = 720_400;

type Row = {
  version: number;
  config: ScoringConfig;
  note: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date | string;
};
const toVersion = (r: Row): ConfigVersion => ({
  version: r.version,
  config: r.config,
  note: r.note,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: new Date(r.created_at).toISOString(),
});

/** The configuration in force; the documented defaults become version 1 on first use. */
export async function activeConfig(db: Db): Promise<ConfigVersion> {
  const found = await sql<Row>`SELECT ${COLS} ORDER BY c.version DESC LIMIT 1`.execute(db);
  if (found.rows[0]) return toVersion(found.rows[0]);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${CONFIG_LOCK})`.execute(trx);
    const again = await sql<Row>`SELECT ${COLS} ORDER BY c.version DESC LIMIT 1`.execute(trx);
    if (again.rows[0]) return toVersion(again.rows[0]);
    const r = await sql<Row>`INSERT INTO scoring_configs (config, note, created_by)
      VALUES (${JSON.stringify(DEFAULT_CONFIG)}::jsonb, 'documented defaults', 'system')
      RETURNING *, NULL AS created_by_name`.execute(trx);
    return toVersion(r.rows[0]!);
  });
}

export async function configVersion(db: Db, version: number): Promise<ConfigVersion | null> {
  const r = await sql<Row>`SELECT ${COLS} WHERE c.version = ${version}`.execute(db);
  return r.rows[0] ? toVersion(r.rows[0]) : null;
}

export async function configHistory(db: Db, limit = 50): Promise<ConfigVersion[]> {
  await activeConfig(db);
  const r = await sql<Row>`SELECT ${COLS} ORDER BY c.version DESC LIMIT ${limit}`.execute(db);
  return r.rows.map(toVersion);
}

/**
 * Saves a new version. `baseVersion` is the version the operator edited: if another change landed since, the
 * save is a 409 instead of silently overwriting it. Mistakes are 422 naming every field.
 */
export async function saveConfig(
  db: Db,
  input: { config: ScoringConfig; note?: string; baseVersion: number },
  by: string,
): Promise<ConfigVersion> {
  const issues = checkConfig(input.config);
  if (issues.length) throw unprocessable('the scoring configuration has mistakes', issues);
  await activeConfig(db);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${CONFIG_LOCK})`.execute(trx);
    const cur = (await sql<{ v: number }>`SELECT max(version) AS v FROM scoring_configs`.execute(trx))
      .rows[0]!.v;
    if (cur !== input.baseVersion)
      throw conflict(
        `the configuration changed since version ${input.baseVersion} (now ${cur}); reload and edit again`,
        [
          {
            field: 'baseVersion',
            reason: `is ${input.baseVersion}, the current version is ${cur}`,
            code: 'stale_version',
            params: { base: input.baseVersion, current: cur },
          },
        ],
      );
    const r = await sql<Row>`INSERT INTO scoring_configs (config, note, created_by)
      VALUES (${JSON.stringify(input.config)}::jsonb, ${input.note ?? null}, ${by})
      RETURNING *, (SELECT display_name FROM console_users WHERE id = ${by}) AS created_by_name`.execute(trx);
    return toVersion(r.rows[0]!);
  });
}
