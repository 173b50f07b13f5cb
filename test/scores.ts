import { sql } from 'kysely';
import type { Db } from '../src/core/db.ts';
import { activeConfig, type ScoreKind } from '../src/modules/scoring/index.ts';

/**
 * Writes score snapshots of one day as a finished scoring run would (for tests that read "the latest scores"
 * without computing them from a marketplace). `provisional` marks scores with too little volume.
 */
export async function putScores(
  db: Db,
  kind: ScoreKind,
  day: string,
  scores: { id: string; score: number; provisional?: boolean; merchantId?: string }[],
) {
  const { version } = await activeConfig(db);
  for (const s of scores)
    await sql`INSERT INTO score_snapshots (kind, day, entity_id, group_id, merchant_id, score, grade, provisional,
        volume, dims, vals, pct, config_version)
      VALUES (${kind}, ${day}::date, ${s.id}, 'all', ${s.merchantId ?? null}, ${s.score},
        ${s.provisional ? 'N' : 'B'}, ${s.provisional ?? false}, 10, '[]', '[]', '[]', ${version})
      ON CONFLICT (kind, day, entity_id) DO UPDATE SET score = EXCLUDED.score, provisional = EXCLUDED.provisional`.execute(
      db,
    );
  await sql`INSERT INTO score_runs (day, config_version, trigger, finished_at, counts)
    VALUES (${day}::date, ${version}, 'test', now(), ${JSON.stringify({ [kind]: scores.length })}::jsonb)`.execute(
    db,
  );
}
