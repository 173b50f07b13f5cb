import { sql } from 'kysely';
import { type Db, type Tx, typed } from '../../core/db.ts';
import { type FieldIssue, Problem } from '../../core/errors.ts';
import { dayResolver } from '../../core/time.ts';
import type { Quote } from './domain/types.ts';
import type { PricingTables, TemplateRow } from './tables.ts';

/**
 * Bulk writes for tools that replay many buyers at once (the simulator): claims of many coupons in one
 * transaction, and quotes computed elsewhere with the pure engine. Claims take the same conditional writes as
 * claimCoupon (claims.service.ts) — per-buyer counter, per-buyer-day and per-day counters, then the template's
 * total, each refusing to pass its limit — set-based: one statement per counter for the whole batch, with the
 * claims of one counter row added together. Any refusal rolls the whole batch back and names the claims it
 * would have exceeded a limit with; nothing is partly claimed.
 */

export interface SeedClaim {
  /** Caller-chosen id (deterministic for the simulator). */
  couponId: string;
  templateId: string;
  userId: string;
  /** The claim instant: counted against the claim window and the business day of the limits. */
  claimedAt: Date;
}

export interface SeedQuote {
  id: string;
  userId: string | null;
  createdAt: Date;
  expiresAt: Date;
  /** What was priced ({ userId, lines, context, now }): the order hook reads `context` from it. */
  request: unknown;
  result: Quote;
}

const refused = (code: string, detail: string, issues: FieldIssue[]) =>
  new Problem(409, 'Conflict', detail, issues.slice(0, 20), `urn:tributary:pricing:${code}`);

function groups<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const g = m.get(k);
    if (g) g.push(x);
    else m.set(k, [x]);
  }
  return m;
}

interface Row extends SeedClaim {
  day: string;
  validFrom: Date;
  validTo: Date;
}

/** Checks that need no counter: the template is active, claimable at the instant, not expired; the buyer exists. */
async function screen(trx: Tx, claims: SeedClaim[], timeZone: string) {
  const tids = [...new Set(claims.map((c) => c.templateId))];
  const templates = new Map(
    (
      await typed<PricingTables>(trx)
        .selectFrom('pricing_coupon_templates')
        .selectAll()
        .where('id', 'in', tids)
        .execute()
    ).map((t) => [t.id, t as TemplateRow]),
  );
  const users = [...new Set(claims.map((c) => c.userId))];
  const known = new Set(
    (
      await sql<{ id: string }>`SELECT id FROM consumers WHERE id = ANY(${users}::text[])`.execute(trx)
    ).rows.map((r) => r.id),
  );
  const audienceIds = [
    ...new Set([...templates.values()].flatMap((t) => (t.audience_id ? [t.audience_id] : []))),
  ];
  const members = new Set(
    audienceIds.length
      ? (
          await sql<{ k: string }>`SELECT audience_id || '|' || user_id AS k FROM pricing_audience_members
            WHERE audience_id = ANY(${audienceIds}::text[]) AND user_id = ANY(${users}::text[])`.execute(trx)
        ).rows.map((r) => r.k)
      : [],
  );
  const dayOf = dayResolver(timeZone);
  const issues: FieldIssue[] = [];
  const rows: Row[] = [];
  claims.forEach((c, i) => {
    const t = templates.get(c.templateId);
    const at = c.claimedAt;
    const why = !t
      ? `unknown coupon template ${c.templateId}`
      : t.status !== 'active'
        ? `coupon template ${t.id} is ${t.status}`
        : at < t.claim_starts_at || at >= t.claim_ends_at
          ? `${at.toISOString()} is outside the claim window of coupon template ${t.id}`
          : !known.has(c.userId)
            ? `unknown consumer ${c.userId}`
            : t.audience_id && !members.has(`${t.audience_id}|${c.userId}`)
              ? `consumer ${c.userId} is not in audience ${t.audience_id}`
              : null;
    if (why || !t) {
      issues.push({ field: `claims.${i}`, reason: why ?? '' });
      return;
    }
    const validFrom = t.valid_from ?? at;
    const validTo = t.valid_to ?? new Date(at.getTime() + (t.valid_days ?? 1) * 86_400_000);
    if (validTo <= at) issues.push({ field: `claims.${i}`, reason: `coupons of ${t.id} expired` });
    else rows.push({ ...c, day: dayOf(at.getTime()), validFrom, validTo });
  });
  if (issues.length)
    throw new Problem(
      422,
      'Unprocessable Content',
      `${issues.length} claim(s) refused: ${issues[0]!.reason}`,
      issues.slice(0, 20),
    );
  return { rows, templates };
}

/** Runs one conditional counter statement over `keys`; every key must come back, or the batch is refused. */
async function bump(
  trx: Tx,
  code: string,
  what: string,
  keys: string[],
  q: ReturnType<typeof sql<{ k: string }>>,
) {
  if (!keys.length) return;
  const got = new Set((await q.execute(trx)).rows.map((r) => r.k));
  const over = keys.filter((k) => !got.has(k));
  if (over.length)
    throw refused(
      code,
      `${over.length} claim group(s) would exceed ${what}`,
      over.map((k) => ({ field: 'claims', reason: `${k.replaceAll('|', ' ')} would exceed ${what}` })),
    );
}

/**
 * Claims many coupons in one transaction, each as claimCoupon would (same limits, same refusals), with the
 * caller's coupon ids and claim instants. Returns the number of coupons claimed.
 */
export async function claimInBulk(db: Db, claims: SeedClaim[], timeZone: string): Promise<number> {
  if (!claims.length) return 0;
  return db.transaction().execute(async (trx) => {
    const { rows, templates } = await screen(trx, claims, timeZone);
    const limit = (id: string) => templates.get(id)!;

    const perUser = [...groups(rows, (r) => `${r.templateId}|${r.userId}`).values()];
    await bump(
      trx,
      'user_limit',
      'the per-buyer limit',
      perUser.map((g) => `${g[0]!.templateId}|${g[0]!.userId}`),
      sql<{ k: string }>`INSERT INTO pricing_claims_per_user (template_id, user_id, claimed)
        SELECT v.t, v.u, v.n FROM unnest(${perUser.map((g) => g[0]!.templateId)}::text[],
          ${perUser.map((g) => g[0]!.userId)}::text[], ${perUser.map((g) => g.length)}::int[]) AS v(t, u, n)
          JOIN pricing_coupon_templates tp ON tp.id = v.t WHERE v.n <= tp.per_user_limit
        ON CONFLICT (template_id, user_id) DO UPDATE SET claimed = pricing_claims_per_user.claimed + excluded.claimed
          WHERE pricing_claims_per_user.claimed + excluded.claimed <=
            (SELECT per_user_limit FROM pricing_coupon_templates WHERE id = excluded.template_id)
        RETURNING template_id || '|' || user_id AS k`,
    );

    const daily = rows.filter((r) => limit(r.templateId).per_user_daily_limit);
    const perUserDay = [...groups(daily, (r) => `${r.templateId}|${r.userId}|${r.day}`).values()];
    await bump(
      trx,
      'user_daily_limit',
      'the per-buyer daily limit',
      perUserDay.map((g) => `${g[0]!.templateId}|${g[0]!.userId}|${g[0]!.day}`),
      sql<{ k: string }>`INSERT INTO pricing_claims_per_user_day (template_id, user_id, day, claimed)
        SELECT v.t, v.u, v.d, v.n FROM unnest(${perUserDay.map((g) => g[0]!.templateId)}::text[],
          ${perUserDay.map((g) => g[0]!.userId)}::text[], ${perUserDay.map((g) => g[0]!.day)}::date[],
          ${perUserDay.map((g) => g.length)}::int[]) AS v(t, u, d, n)
          JOIN pricing_coupon_templates tp ON tp.id = v.t WHERE v.n <= tp.per_user_daily_limit
        ON CONFLICT (template_id, user_id, day) DO UPDATE
          SET claimed = pricing_claims_per_user_day.claimed + excluded.claimed
          WHERE pricing_claims_per_user_day.claimed + excluded.claimed <=
            (SELECT per_user_daily_limit FROM pricing_coupon_templates WHERE id = excluded.template_id)
        RETURNING template_id || '|' || user_id || '|' || to_char(day, 'YYYY-MM-DD') AS k`,
    );

    const capped = rows.filter((r) => limit(r.templateId).per_day_limit);
    const perDay = [...groups(capped, (r) => `${r.templateId}|${r.day}`).values()];
    await bump(
      trx,
      'daily_sold_out',
      "the day's limit",
      perDay.map((g) => `${g[0]!.templateId}|${g[0]!.day}`),
      sql<{ k: string }>`INSERT INTO pricing_claims_per_day (template_id, day, claimed)
        SELECT v.t, v.d, v.n FROM unnest(${perDay.map((g) => g[0]!.templateId)}::text[],
          ${perDay.map((g) => g[0]!.day)}::date[], ${perDay.map((g) => g.length)}::int[]) AS v(t, d, n)
          JOIN pricing_coupon_templates tp ON tp.id = v.t WHERE v.n <= tp.per_day_limit
        ON CONFLICT (template_id, day) DO UPDATE SET claimed = pricing_claims_per_day.claimed + excluded.claimed
          WHERE pricing_claims_per_day.claimed + excluded.claimed <=
            (SELECT per_day_limit FROM pricing_coupon_templates WHERE id = excluded.template_id)
        RETURNING template_id || '|' || to_char(day, 'YYYY-MM-DD') AS k`,
    );

    // The template's total last (the hot row), with the claim window checked for the batch's first and last claim.
    const total = [...groups(rows, (r) => r.templateId).values()];
    const ms = (g: Row[], pick: (a: number, b: number) => number) =>
      new Date(g.map((r) => r.claimedAt.getTime()).reduce((a, b) => pick(a, b)));
    await bump(
      trx,
      'sold_out',
      "the template's total quantity",
      total.map((g) => g[0]!.templateId),
      sql<{ k: string }>`UPDATE pricing_coupon_templates tp SET claimed = tp.claimed + v.n
        FROM unnest(${total.map((g) => g[0]!.templateId)}::text[], ${total.map((g) => g.length)}::int[],
          ${total.map((g) => ms(g, Math.min))}::timestamptz[], ${total.map((g) => ms(g, Math.max))}::timestamptz[])
          AS v(id, n, first_at, last_at)
        WHERE tp.id = v.id AND tp.status = 'active' AND tp.claimed + v.n <= tp.total_quantity
          AND tp.claim_starts_at <= v.first_at AND tp.claim_ends_at > v.last_at
        RETURNING tp.id AS k`,
    );

    await sql`INSERT INTO pricing_coupons (id, template_id, user_id, status, claimed_at, claim_day, valid_from, valid_to)
      SELECT v.id, v.t, v.u, 'available', v.at, v.d, v.f, v.e FROM unnest(${rows.map((r) => r.couponId)}::text[],
        ${rows.map((r) => r.templateId)}::text[], ${rows.map((r) => r.userId)}::text[],
        ${rows.map((r) => r.claimedAt)}::timestamptz[], ${rows.map((r) => r.day)}::date[],
        ${rows.map((r) => r.validFrom)}::timestamptz[], ${rows.map((r) => r.validTo)}::timestamptz[])
        AS v(id, t, u, at, d, f, e)`.execute(trx);
    return rows.length;
  });
}

/** Stores quotes priced elsewhere (open, lockable by orders until `expiresAt`); an id already stored is kept. */
export async function storeQuotes(db: Db, quotes: SeedQuote[], chunk = 500): Promise<number> {
  let n = 0;
  for (let i = 0; i < quotes.length; i += chunk) {
    const b = quotes.slice(i, i + chunk);
    const r =
      await sql`INSERT INTO pricing_quotes (id, user_id, created_at, expires_at, request, result, pay_amount, status)
      SELECT v.*, 'open' FROM unnest(${b.map((q) => q.id)}::text[], ${b.map((q) => q.userId)}::text[],
        ${b.map((q) => q.createdAt)}::timestamptz[], ${b.map((q) => q.expiresAt)}::timestamptz[],
        ${b.map((q) => JSON.stringify(q.request))}::json[], ${b.map((q) => JSON.stringify({ ...q.result, notUsed: [] }))}::json[],
        ${b.map((q) => q.result.payAmount)}::bigint[]) AS v
      ON CONFLICT (id) DO NOTHING`.execute(db);
    n += Number(r.numAffectedRows ?? 0);
  }
  return n;
}
