import { sql } from 'kysely';
import { type Db, type Tx, typed } from '../../core/db.ts';
import type { WalletCoupon } from './domain/types.ts';
import type { ListQuery } from './schemas.ts';
import type { CouponRow, PricingTables, TemplateRow } from './tables.ts';

type Conn = Db | Tx;
const t = (db: Conn) => typed<PricingTables>(db);

// ---- templates

export async function insertTemplate(
  trx: Tx,
  values: Omit<TemplateRow, 'claimed' | 'created_at' | 'updated_at'>,
) {
  return t(trx)
    .insertInto('pricing_coupon_templates')
    .values(values)
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function getTemplate(db: Conn, id: string, lock = false): Promise<TemplateRow | undefined> {
  let q = t(db).selectFrom('pricing_coupon_templates').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateTemplate(trx: Tx, id: string, values: Partial<TemplateRow>) {
  return t(trx)
    .updateTable('pricing_coupon_templates')
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listTemplates(db: Conn, q: ListQuery) {
  let base = t(db).selectFrom('pricing_coupon_templates');
  if (q.merchantId === 'platform') base = base.where('merchant_id', 'is', null);
  else if (q.merchantId) base = base.where('merchant_id', '=', q.merchantId);
  if (q.status) base = base.where('status', '=', q.status);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.activeAt) {
    const at = new Date(q.activeAt);
    base = base
      .where('status', '=', 'active')
      .where('claim_starts_at', '<=', at)
      .where('claim_ends_at', '>', at);
  }
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

// ---- claiming: each step a conditional write that fails instead of exceeding its limit

/** Adds one to a counter row unless it is at `limit`; false when the limit is reached. */
async function bump(trx: Tx, q: ReturnType<typeof sql<{ claimed: number }>>): Promise<boolean> {
  return (await q.execute(trx)).rows.length > 0;
}

export const bumpPerUser = (trx: Tx, templateId: string, userId: string, limit: number) =>
  bump(
    trx,
    sql<{
      claimed: number;
    }>`INSERT INTO pricing_claims_per_user (template_id, user_id, claimed) VALUES (${templateId}, ${userId}, 1)
      ON CONFLICT (template_id, user_id) DO UPDATE SET claimed = pricing_claims_per_user.claimed + 1
      WHERE pricing_claims_per_user.claimed < ${limit} RETURNING claimed`,
  );

export const bumpPerUserDay = (trx: Tx, templateId: string, userId: string, day: string, limit: number) =>
  bump(
    trx,
    sql<{ claimed: number }>`INSERT INTO pricing_claims_per_user_day (template_id, user_id, day, claimed)
      VALUES (${templateId}, ${userId}, ${day}, 1)
      ON CONFLICT (template_id, user_id, day) DO UPDATE SET claimed = pricing_claims_per_user_day.claimed + 1
      WHERE pricing_claims_per_user_day.claimed < ${limit} RETURNING claimed`,
  );

export const bumpPerDay = (trx: Tx, templateId: string, day: string, limit: number) =>
  bump(
    trx,
    sql<{
      claimed: number;
    }>`INSERT INTO pricing_claims_per_day (template_id, day, claimed) VALUES (${templateId}, ${day}, 1)
      ON CONFLICT (template_id, day) DO UPDATE SET claimed = pricing_claims_per_day.claimed + 1
      WHERE pricing_claims_per_day.claimed < ${limit} RETURNING claimed`,
  );

/** Takes one coupon of the template's total if it is active, in its claim window and not sold out. */
export async function bumpTemplate(trx: Tx, templateId: string, now: Date): Promise<boolean> {
  const r = await sql`UPDATE pricing_coupon_templates SET claimed = claimed + 1
    WHERE id = ${templateId} AND status = 'active' AND claimed < total_quantity
      AND claim_starts_at <= ${now} AND claim_ends_at > ${now} RETURNING id`.execute(trx);
  return r.rows.length > 0;
}

export async function inAudience(db: Conn, audienceId: string, userId: string): Promise<boolean> {
  const r =
    await sql`SELECT 1 FROM pricing_audience_members WHERE audience_id = ${audienceId} AND user_id = ${userId}`.execute(
      db,
    );
  return r.rows.length > 0;
}

export async function insertCoupon(trx: Tx, c: Omit<CouponRow, 'returns'>) {
  return t(trx).insertInto('pricing_coupons').values(c).returningAll().executeTakeFirstOrThrow();
}

export async function couponByClaimKey(db: Conn, key: string) {
  return t(db).selectFrom('pricing_coupons').selectAll().where('claim_key', '=', key).executeTakeFirst();
}

// ---- wallets and quotes

export interface HeldCoupon extends CouponRow {
  terms: WalletCoupon['terms'];
}

/** A buyer's coupons with their terms; `statuses` filters, most recent first, at most `limit` per call. */
export async function userCoupons(db: Conn, userId: string, statuses: CouponRow['status'][], limit = 500) {
  return (
    await sql<HeldCoupon>`SELECT c.*, t.terms FROM pricing_coupons c JOIN pricing_coupon_templates t ON t.id = c.template_id
      WHERE c.user_id = ${userId} AND c.status = ANY(${statuses}::text[]) ORDER BY c.claimed_at DESC, c.id LIMIT ${limit}`.execute(
      db,
    )
  ).rows;
}

/** Templates anyone (or this buyer) could claim now: active, in window, not sold out, public or buyer's audience. */
export async function claimableTemplates(
  db: Conn,
  storeIds: string[],
  userId: string | undefined,
  now: Date,
) {
  return (
    await sql<TemplateRow>`SELECT t.* FROM pricing_coupon_templates t
      WHERE t.status = 'active' AND t.claim_starts_at <= ${now} AND t.claim_ends_at > ${now} AND t.claimed < t.total_quantity
        AND (t.valid_to IS NULL OR t.valid_to > ${now})
        AND (t.store_ids IS NULL OR t.store_ids && ${storeIds}::text[])
        AND (t.audience_id IS NULL OR EXISTS (SELECT 1 FROM pricing_audience_members m
          WHERE m.audience_id = t.audience_id AND m.user_id = ${userId ?? null}))
        AND (${userId ?? null}::text IS NULL OR coalesce((SELECT u.claimed FROM pricing_claims_per_user u
          WHERE u.template_id = t.id AND u.user_id = ${userId ?? null}), 0) < t.per_user_limit)
      ORDER BY t.id`.execute(db)
  ).rows;
}

export async function pointsBalance(db: Conn, userId: string): Promise<number> {
  const r = await sql<{
    balance: number;
  }>`SELECT balance FROM pricing_points WHERE user_id = ${userId}`.execute(db);
  return r.rows[0]?.balance ?? 0;
}

export async function templateCounts(db: Conn, templateId: string) {
  const rows = (
    await sql<{
      status: string;
      n: number;
      returned: number;
    }>`SELECT status, count(*)::int AS n, coalesce(sum(returns), 0)::int AS returned
      FROM pricing_coupons WHERE template_id = ${templateId} GROUP BY status`.execute(db)
  ).rows;
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  return {
    available: by.available ?? 0,
    reserved: by.reserved ?? 0,
    redeemed: by.redeemed ?? 0,
    expired: by.expired ?? 0,
    returned: rows.reduce((s, r) => s + r.returned, 0),
  };
}
