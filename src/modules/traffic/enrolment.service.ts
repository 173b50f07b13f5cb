import { sql } from 'kysely';
import type { Database } from '../../core/db.ts';
import { conflict, notFound, unprocessable } from '../../core/errors.ts';
import { latestStoreScores } from '../scoring/index.ts';
import type { BudgetParams } from './domain/programs.ts';
import { getProgram } from './programs.service.ts';

/**
 * Enrols a store in a campaign budget before it starts (the pool is split on its first day). Checks the
 * program's eligibility rules; enrolling again is a no-op. Returns the participant's state.
 */
export async function enrol(db: Database, programId: string, storeId: string, today: string) {
  const p = await getProgram(db.kysely, programId);
  if (p.kind !== 'budget')
    throw conflict(`program ${programId} is a ${p.kind} program: only campaign budgets take enrolments`);
  if (p.status !== 'active') throw conflict(`program ${programId} is ${p.status}`);
  if (today >= p.startsOn)
    throw conflict(`enrolment closed when the program started on ${p.startsOn}`, [
      { field: 'programId', reason: 'already started' },
    ]);
  const x = p.params as BudgetParams;
  const store = (
    await sql<{ id: string; merchant_id: string; main_category_id: string | null }>`
      SELECT id, merchant_id, main_category_id FROM stores WHERE id = ${storeId}`.execute(db.kysely)
  ).rows[0];
  if (!store) throw notFound(`no store ${storeId}`);
  if (x.categoryIds.length && !x.categoryIds.includes(store.main_category_id ?? ''))
    throw unprocessable(`store ${storeId} is not in the program's categories`, [
      { field: 'storeId', reason: `main category must be one of ${x.categoryIds.join(', ')}` },
    ]);
  if (x.minStoreScore !== null) {
    const score = (await latestStoreScores(db)).get(storeId);
    if (score === undefined || score < x.minStoreScore)
      throw unprocessable(`store ${storeId} needs an experience score of at least ${x.minStoreScore}`, [
        {
          field: 'storeId',
          reason: score === undefined ? 'no store score yet' : `score ${score} is below ${x.minStoreScore}`,
        },
      ]);
  }
  await sql`INSERT INTO traffic_participants (program_id, entity_kind, entity_id, merchant_id, status)
    VALUES (${programId}, 'store', ${storeId}, ${store.merchant_id}, 'enrolled')
    ON CONFLICT (program_id, entity_kind, entity_id) DO UPDATE SET status = 'enrolled', updated_at = now()
    WHERE traffic_participants.status = 'removed'`.execute(db.kysely);
  return { programId, storeId, merchantId: store.merchant_id, status: 'enrolled' as const };
}

/** Removes a store from a budget before it starts (the operator, or the merchant withdrawing). */
export async function withdraw(db: Database, programId: string, storeId: string, today: string) {
  const p = await getProgram(db.kysely, programId);
  if (today >= p.startsOn) throw conflict(`program ${programId} has started: participants stay to the end`);
  const r = await sql`UPDATE traffic_participants SET status = 'removed', updated_at = now()
    WHERE program_id = ${programId} AND entity_kind = 'store' AND entity_id = ${storeId} AND status = 'enrolled'`.execute(
    db.kysely,
  );
  if (!Number(r.numAffectedRows ?? 0)) throw notFound(`store ${storeId} is not enrolled in ${programId}`);
  return { programId, storeId, status: 'removed' as const };
}

export async function storeMerchant(db: Database, storeId: string): Promise<string | null> {
  const r = await sql<{ merchant_id: string }>`SELECT merchant_id FROM stores WHERE id = ${storeId}`.execute(
    db.kysely,
  );
  return r.rows[0]?.merchant_id ?? null;
}
