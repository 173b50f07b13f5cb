import { sql } from 'kysely';
import { assertMerchantScope, type Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { conflict, notFound, unprocessable } from '../../core/errors.ts';

/** Violations recorded by operators: penalty points that count against a store's operating stability. */

export interface ViolationInput {
  id: string;
  storeId: string;
  points: number;
  reason: string;
  occurredAt: string;
}

interface Row {
  id: string;
  store_id: string;
  points: number;
  reason: string;
  occurred_at: Date;
  created_at: Date;
}
const toView = (r: Row) => ({
  id: r.id,
  storeId: r.store_id,
  points: r.points,
  reason: r.reason,
  occurredAt: new Date(r.occurred_at).toISOString(),
  createdAt: new Date(r.created_at).toISOString(),
});

/** Idempotent by id: the same record again answers the stored one; a different one under the same id is 409. */
export async function recordViolation(db: Db, v: ViolationInput, by: string) {
  if (Date.parse(v.occurredAt) > Date.now() + 60_000)
    throw unprocessable('a violation cannot lie in the future', [
      { field: 'occurredAt', reason: 'is in the future', code: 'future_instant' },
    ]);
  const store = await sql`SELECT 1 FROM stores WHERE id = ${v.storeId}`.execute(db);
  if (!store.rows.length)
    throw unprocessable('unknown store', [
      { field: 'storeId', reason: `no store ${v.storeId}`, code: 'unknown_store' },
    ]);
  await sql`INSERT INTO store_violations (id, store_id, points, reason, occurred_at, created_by)
    VALUES (${v.id}, ${v.storeId}, ${v.points}, ${v.reason}, ${v.occurredAt}, ${by}) ON CONFLICT (id) DO NOTHING`.execute(
    db,
  );
  const r = (await sql<Row>`SELECT * FROM store_violations WHERE id = ${v.id}`.execute(db)).rows[0]!;
  const same =
    r.store_id === v.storeId &&
    r.points === v.points &&
    r.reason === v.reason &&
    Date.parse(v.occurredAt) === new Date(r.occurred_at).getTime();
  if (!same) throw conflict(`violation ${v.id} was recorded with other details`);
  return toView(r);
}

export async function violationsOf(db: Db, p: Principal, storeId: string) {
  const s = (
    await sql<{ merchant_id: string }>`SELECT merchant_id FROM stores WHERE id = ${storeId}`.execute(db)
  ).rows[0];
  if (!s) throw notFound(`no store ${storeId}`);
  assertMerchantScope(p, s.merchant_id);
  const { rows } =
    await sql<Row>`SELECT * FROM store_violations WHERE store_id = ${storeId} ORDER BY occurred_at DESC LIMIT 200`.execute(
      db,
    );
  return { items: rows.map(toView) };
}
