import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';

/**
 * Bulk writes for generated marketplaces (the simulator): clicks on existing share links at given instants,
 * in one statement per call. The live click endpoint writes one click per request through the click writer;
 * a simulated month writes thousands at once, with the link's facts copied the same way.
 */
export interface SeedClick {
  code: string;
  consumerId: string | null;
  at: Date;
}

/** Inserts the clicks (unknown codes are skipped); returns how many were written. */
export async function seedClicks(db: Db, clicks: SeedClick[]): Promise<number> {
  if (!clicks.length) return 0;
  const doc = JSON.stringify(
    clicks.map((c) => ({ code: c.code, consumer_id: c.consumerId, at: c.at.toISOString() })),
  );
  const r =
    await sql`INSERT INTO share_clicks (link_id, code, party_type, party_id, sub_id, consumer_id, product_id,
      store_id, clicked_at)
    SELECT l.id, l.code, l.party_type, l.party_id, l.sub_id, c.consumer_id, l.product_id, l.store_id, c.at
    FROM json_to_recordset(${doc}::json) AS c(code text, consumer_id text, at timestamptz)
    JOIN share_links l ON l.code = c.code`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
