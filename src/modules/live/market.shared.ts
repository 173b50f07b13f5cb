import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { forbidden, unprocessable } from '../../core/errors.ts';

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

/** True for a PostgreSQL unique violation (both drivers report the SQLSTATE as `code`). */
export const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === '23505';

/** The merchant whose thing this is: a merchant itself; operators and integrations name one. */
export function merchantOf(p: Principal, merchantId: string | undefined): string {
  if (p.role === 'merchant' && p.partyId) {
    if (merchantId !== undefined && merchantId !== p.partyId)
      throw forbidden(`not allowed to access merchant ${merchantId}`);
    return p.partyId;
  }
  if (p.role === 'operator' || p.role === 'integration') {
    if (!merchantId)
      throw unprocessable('name the merchant', [
        { field: 'merchantId', reason: 'is required for operators' },
      ]);
    return merchantId;
  }
  throw forbidden('this is for merchants and operators');
}

export const isOperator = (p: Principal) => p.role === 'operator' || p.role === 'integration';

export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
/** A date column as YYYY-MM-DD whichever driver read it. */
export const dayText = (d: Date | string | null) =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);
