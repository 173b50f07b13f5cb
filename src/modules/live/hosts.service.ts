import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';

export interface HostOptions {
  creators: { id: string; name: string; followers: number }[];
  agencies: { id: string; name: string; creators: { id: string; name: string }[] }[];
}

/**
 * Who may host a session a merchant schedules: creators by followers (name or id matching `q`), and agencies with
 * the creators under contract with them on `day` (an agency-hosted session names one of those).
 */
export async function hostOptions(
  db: Db,
  q: { q?: string; limit: number; day: string },
): Promise<HostOptions> {
  const like = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const creators = await sql<{ id: string; name: string; followers: number }>`
    SELECT id, name, followers FROM creators
    WHERE ${like}::text IS NULL OR name ILIKE ${like} OR id ILIKE ${like}
    ORDER BY followers DESC, id LIMIT ${q.limit}`.execute(db);
  const agencies = await sql<{
    id: string;
    name: string;
    creator_id: string | null;
    creator_name: string | null;
  }>`
    SELECT a.id, a.name, c.id AS creator_id, c.name AS creator_name
    FROM agencies a
    LEFT JOIN agency_contracts k ON k.agency_id = a.id AND k.starts_on <= ${q.day}::date
      AND (k.ends_on IS NULL OR k.ends_on >= ${q.day}::date)
    LEFT JOIN creators c ON c.id = k.creator_id
    ORDER BY a.name, a.id, c.followers DESC NULLS LAST, c.id`.execute(db);
  const byAgency = new Map<string, HostOptions['agencies'][number]>();
  for (const r of agencies.rows) {
    const a = byAgency.get(r.id) ?? { id: r.id, name: r.name, creators: [] };
    byAgency.set(r.id, a);
    if (r.creator_id && !a.creators.some((c) => c.id === r.creator_id))
      a.creators.push({ id: r.creator_id, name: r.creator_name ?? r.creator_id });
  }
  return {
    creators: creators.rows.map((r) => ({ id: r.id, name: r.name, followers: Number(r.followers) })),
    agencies: [...byAgency.values()],
  };
}
