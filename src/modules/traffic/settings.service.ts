import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { conflict, unprocessable } from '../../core/errors.ts';
import { DEFAULT_SETTINGS, settingsIssues, type TrafficSettings } from './domain/settings.ts';

export interface SettingsView {
  version: number;
  settings: TrafficSettings;
  updatedBy: string | null;
  /** The console user's display name, or the API key's label. */
  updatedByName: string | null;
  updatedAt: string | null;
}

/** The ranking settings in force (the defaults, version 0, until an operator saves some). */
export async function currentSettings(db: Db): Promise<SettingsView> {
  const { rows } = await sql<{
    version: number;
    params: TrafficSettings;
    updated_by: string | null;
    updated_by_name: string | null;
    updated_at: Date;
  }>`SELECT s.version, s.params, s.updated_by, COALESCE(u.display_name, k.label) AS updated_by_name, s.updated_at
     FROM traffic_settings s LEFT JOIN console_users u ON u.id = s.updated_by LEFT JOIN api_keys k ON k.id = s.updated_by
     WHERE s.id = 1`.execute(db);
  const r = rows[0];
  if (!r)
    return { version: 0, settings: DEFAULT_SETTINGS, updatedBy: null, updatedByName: null, updatedAt: null };
  return {
    version: r.version,
    settings: { ...DEFAULT_SETTINGS, ...r.params },
    updatedBy: r.updated_by,
    updatedByName: r.updated_by_name,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Saves settings edited from `baseVersion`; 409 when someone saved in between, 422 when they do not hold together. */
export async function saveSettings(
  db: Db,
  baseVersion: number,
  patch: Partial<TrafficSettings>,
  by: string,
): Promise<SettingsView> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('traffic_settings'))`.execute(trx);
    const cur = await currentSettings(trx);
    if (cur.version !== baseVersion)
      throw conflict(`settings are at version ${cur.version}, not ${baseVersion}: reload and edit again`, [
        { field: 'baseVersion', reason: `current version is ${cur.version}` },
      ]);
    const next = { ...cur.settings, ...patch };
    const issues = settingsIssues(next);
    if (issues.length) throw unprocessable(issues[0]!.reason, issues);
    const version = cur.version + 1;
    await sql`INSERT INTO traffic_settings (id, version, params, updated_by, updated_at)
      VALUES (1, ${version}, ${JSON.stringify(next)}::jsonb, ${by}, now())
      ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, params = EXCLUDED.params,
        updated_by = EXCLUDED.updated_by, updated_at = now()`.execute(trx);
    return currentSettings(trx);
  });
}
