import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { notFound, Problem, unprocessable } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { businessDay } from '../../core/time.ts';
import { consumerExists } from './catalog.repo.ts';
import * as repo from './coupons.repo.ts';
import type { CouponRow, TemplateRow } from './tables.ts';
import { iso } from './terms.ts';

/**
 * Claiming coupons. One transaction of conditional writes, cheapest-contended first: the buyer's counters,
 * the day's counter, then the template's total (the hot row, held for the shortest time), then the coupon.
 * Each write refuses to pass its limit, so no interleaving of claimers can exceed one; a refusal rolls the
 * whole claim back. No read-then-write.
 */

const claimProblem = (status: number, code: string, detail: string, field = 'templateId') =>
  new Problem(
    status,
    status === 409 ? 'Conflict' : 'Unprocessable Content',
    detail,
    [{ field, reason: detail }],
    `urn:tributary:pricing:${code}`,
  );

export interface ClaimEnv {
  db: Db;
  timeZone: string;
}

export function couponView(
  c: CouponRow & {
    terms?: { name: string; kind: string; rule: unknown; scope: unknown; merchantId?: string };
  },
) {
  return {
    couponId: c.id,
    templateId: c.template_id,
    userId: c.user_id,
    status: c.status,
    claimedAt: iso(c.claimed_at),
    validFrom: iso(c.valid_from),
    validTo: iso(c.valid_to),
    ...(c.order_id ? { orderId: c.order_id } : {}),
    ...(c.reserved_at ? { reservedAt: iso(c.reserved_at) } : {}),
    ...(c.redeemed_at ? { redeemedAt: iso(c.redeemed_at) } : {}),
    ...(c.returns ? { returns: c.returns } : {}),
    ...(c.terms
      ? {
          name: c.terms.name,
          kind: c.terms.kind,
          merchantId: c.terms.merchantId,
          rule: c.terms.rule,
          scope: c.terms.scope,
        }
      : {}),
  };
}

/** Why a claim on this template fails now: not active, outside its window, or (`soldOut`) no coupons left. */
function refusal(
  t: TemplateRow | undefined,
  templateId: string,
  now: Date,
  soldOut: boolean,
): Problem | null {
  if (!t) return notFound(`coupon template ${templateId}`);
  if (t.status !== 'active')
    return claimProblem(
      422,
      'not_active',
      `coupon template ${templateId} is ${t.status}; coupons cannot be claimed.`,
    );
  if (now < t.claim_starts_at)
    return claimProblem(
      422,
      'outside_window',
      `claiming coupon template ${templateId} opens at ${iso(t.claim_starts_at)}.`,
    );
  if (now >= t.claim_ends_at)
    return claimProblem(
      422,
      'outside_window',
      `claiming coupon template ${templateId} closed at ${iso(t.claim_ends_at)}.`,
    );
  if (!soldOut) return null;
  return claimProblem(
    409,
    'sold_out',
    `coupon template ${templateId} is sold out: all ${t.total_quantity} coupons are claimed.`,
  );
}

class Refused extends Error {
  constructor(readonly problem: Problem | null) {
    super(problem?.message ?? 'the template refused the claim');
  }
}

/**
 * Claims one coupon for a buyer. `claimKey` (caller + Idempotency-Key) makes a retry return the coupon of the
 * first attempt instead of claiming again, even when both attempts run at once.
 */
export async function claimCoupon(
  env: ClaimEnv,
  templateId: string,
  userId: string,
  now: Date,
  claimKey?: string,
): Promise<{ status: number; body: ReturnType<typeof couponView> }> {
  if (claimKey) {
    const prior = await repo.couponByClaimKey(env.db, claimKey);
    if (prior) return { status: 200, body: couponView(prior) };
  }
  const t = await repo.getTemplate(env.db, templateId);
  const early = refusal(t, templateId, now, false);
  if (early || !t) throw early;
  if (!(await consumerExists(env.db, userId)))
    throw unprocessable(`unknown consumer ${userId}`, [
      { field: 'userId', reason: `unknown consumer ${userId}` },
    ]);
  if (t.audience_id && !(await repo.inAudience(env.db, t.audience_id, userId)))
    throw claimProblem(
      422,
      'not_in_audience',
      `consumer ${userId} is not in audience ${t.audience_id}, which coupon template ${templateId} is for.`,
      'userId',
    );
  const validFrom = t.valid_from ?? now;
  const validTo = t.valid_to ?? new Date(now.getTime() + (t.valid_days ?? 1) * 86_400_000);
  if (validTo <= now)
    throw claimProblem(
      422,
      'expired',
      `coupons of template ${templateId} expired at ${iso(validTo)}; none can be claimed.`,
    );
  const day = businessDay(now, env.timeZone);
  try {
    const coupon = await env.db.transaction().execute(async (trx) => {
      if (!(await repo.bumpPerUser(trx, templateId, userId, t.per_user_limit)))
        throw new Refused(
          claimProblem(
            409,
            'user_limit',
            `consumer ${userId} already holds the ${t.per_user_limit} coupon(s) of template ${templateId} one buyer may claim.`,
            'userId',
          ),
        );
      if (
        t.per_user_daily_limit &&
        !(await repo.bumpPerUserDay(trx, templateId, userId, day, t.per_user_daily_limit))
      )
        throw new Refused(
          claimProblem(
            409,
            'user_daily_limit',
            `consumer ${userId} already claimed ${t.per_user_daily_limit} coupon(s) of template ${templateId} today (${day}); try again tomorrow.`,
            'userId',
          ),
        );
      if (t.per_day_limit && !(await repo.bumpPerDay(trx, templateId, day, t.per_day_limit)))
        throw new Refused(
          claimProblem(
            409,
            'daily_sold_out',
            `today's ${t.per_day_limit} coupons of template ${templateId} are all claimed (${day}); more can be claimed tomorrow.`,
          ),
        );
      if (!(await repo.bumpTemplate(trx, templateId, now)))
        // Why is read after the rollback: PGlite has one connection, and this transaction holds it.
        throw new Refused(null);
      return repo.insertCoupon(trx, {
        id: newId('cpn'),
        template_id: templateId,
        user_id: userId,
        status: 'available',
        claimed_at: now,
        claim_day: day,
        valid_from: validFrom,
        valid_to: validTo,
        quote_id: null,
        order_id: null,
        reserved_at: null,
        redeemed_at: null,
        released_at: null,
        claim_key: claimKey ?? null,
      });
    });
    return { status: 201, body: couponView(coupon) };
  } catch (err) {
    if (err instanceof Refused)
      throw err.problem ?? refusal(await repo.getTemplate(env.db, templateId), templateId, now, true)!;
    // A concurrent retry with the same key won: answer with its coupon.
    if (claimKey && (err as { code?: string }).code === '23505') {
      const prior = await repo.couponByClaimKey(env.db, claimKey);
      if (prior) return { status: 200, body: couponView(prior) };
    }
    throw err;
  }
}

/** A buyer's wallet: coupons by state (past-validity available ones count as expired) and points. */
export async function wallet(db: Db, userId: string, now: Date) {
  const [live, used, expired, points] = await Promise.all([
    repo.userCoupons(db, userId, ['available', 'reserved']),
    repo.userCoupons(db, userId, ['redeemed'], 100),
    repo.userCoupons(db, userId, ['expired'], 100),
    repo.pointsBalance(db, userId),
  ]);
  const lapsed = live.filter((c) => c.status === 'available' && c.valid_to <= now);
  return {
    userId,
    points,
    available: live.filter((c) => c.status === 'available' && c.valid_to > now).map(couponView),
    reserved: live.filter((c) => c.status === 'reserved').map(couponView),
    used: used.map(couponView),
    expired: [...lapsed, ...expired].map(couponView),
  };
}

/** Credits or debits points; a debit below zero is refused. */
export async function adjustPoints(db: Db, userId: string, delta: number) {
  const r = await sql<{
    balance: number;
  }>`INSERT INTO pricing_points (user_id, balance) VALUES (${userId}, ${delta})
    ON CONFLICT (user_id) DO UPDATE SET balance = pricing_points.balance + ${delta}, updated_at = now()
    WHERE pricing_points.balance + ${delta} >= 0 RETURNING balance`
    .execute(db)
    .catch((e: { code?: string }) => {
      if (e.code === '23514') return { rows: [] as { balance: number }[] };
      throw e;
    });
  if (!r.rows.length)
    throw unprocessable(`consumer ${userId} has fewer than ${-delta} points`, [
      { field: 'delta', reason: 'would make the balance negative' },
    ]);
  return { userId, balance: r.rows[0]!.balance };
}

/** Adds and removes audience members (the audiences capability will write here). */
export async function setAudience(db: Db, audienceId: string, add: string[], remove: string[]) {
  await db.transaction().execute(async (trx) => {
    if (add.length)
      await sql`INSERT INTO pricing_audience_members (audience_id, user_id)
        SELECT ${audienceId}, unnest(${add}::text[]) ON CONFLICT DO NOTHING`.execute(trx);
    if (remove.length)
      await sql`DELETE FROM pricing_audience_members WHERE audience_id = ${audienceId} AND user_id = ANY(${remove}::text[])`.execute(
        trx,
      );
  });
  const n = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM pricing_audience_members WHERE audience_id = ${audienceId}`.execute(db);
  return { audienceId, members: n.rows[0]!.n };
}
