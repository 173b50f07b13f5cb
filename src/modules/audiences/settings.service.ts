import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';

export interface AudienceSettings {
  /** Insight cells with fewer users are suppressed (count, share and TGI null). */
  minCell: number;
}

export const DEFAULT_MIN_CELL = 50;

export async function getSettings(db: Db): Promise<AudienceSettings> {
  const r = await sql<{ min_cell: number }>`SELECT min_cell FROM aud_settings LIMIT 1`.execute(db);
  return { minCell: r.rows[0]?.min_cell ?? DEFAULT_MIN_CELL };
}

export async function putSettings(db: Db, s: AudienceSettings): Promise<AudienceSettings> {
  const r = await sql<{ min_cell: number }>`INSERT INTO aud_settings (id, min_cell, updated_at)
    VALUES (true, ${s.minCell}, now())
    ON CONFLICT (id) DO UPDATE SET min_cell = excluded.min_cell, updated_at = now()
    RETURNING min_cell`.execute(db);
  return { minCell: r.rows[0]!.min_cell };
}
