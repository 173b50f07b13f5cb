import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';

import type { Db } from '../../core/db.ts';

export { isOperator, merchantOf } from '../../core/auth.ts';
export { isUniqueViolation } from '../../core/db.ts';
export { iso } from '../../core/time.ts';

/** What samples and proxy jobs share: the caller's name in histories, creator scores, unique-violation test. */

/** How a history names who acted: `creator:cr1`, `merchant:m1`, `operator`. */
export const actorOf = (p: Principal) => (p.partyId ? `${p.role}:${p.partyId}` : p.role);

/**
 * Latest settled word-of-mouth scores (3.00–5.00) of creators, from the scoring module's most recent finished
 * creator run (the same day `scoreOf` reads); provisional scores (too little volume) count as none.
 */
export async function creatorScores(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const r = await sql<{ id: string; score: string }>`SELECT entity_id AS id, score FROM score_snapshots
    WHERE kind = 'creator' AND NOT provisional AND entity_id = ANY(${ids}::text[])
      AND day = (SELECT max(day) FROM score_runs WHERE finished_at IS NOT NULL AND counts ? 'creator')`.execute(
    db,
  );
  return new Map(r.rows.map((x) => [x.id, Number(x.score)]));
}

/** A date column as YYYY-MM-DD whichever driver read it. */
export const dayText = (d: Date | string | null) =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);
