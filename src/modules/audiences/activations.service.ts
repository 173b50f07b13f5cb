import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import { sha256 } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { conflict, notFound, Problem, unprocessable } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { claimInBulk } from '../pricing/index.ts';
import {
  type AudEnv,
  assertOwner,
  forbiddenAt,
  iso,
  isUniqueViolation,
  merchantOf,
} from './audiences.shared.ts';
import { loadAudience } from './audiences.service.ts';
import { Bitmap, fromBytes, toBytes } from './bitmap.ts';
import { splitAudience } from './domain/split.ts';
import { latestSnapshot } from './leaves.service.ts';

/**
 * Activation: targets an audience's latest snapshot with a coupon template (pricing), a traffic boost (a traffic
 * program), a push message record or an ad, with a holdout group split off deterministically by (activation id,
 * user index). Coupons go to the treatment group only, through pricing's claimInBulk with coupon ids derived
 * from the activation and the user index, so a retried activation issues nothing twice. Consumer ids are
 * resolved here and never leave the platform; results compare orders of treatment and holdout users.
 */

export const ACTIVATION_KINDS = ['coupon', 'traffic_boost', 'push', 'ad'] as const;
export type ActivationKind = (typeof ACTIVATION_KINDS)[number];

export interface ActivationBody {
  id?: string;
  kind: ActivationKind;
  couponTemplateId?: string;
  programId?: string;
  message?: { title: string; body: string };
  adId?: string;
  holdoutPct?: number;
}

interface ActivationRow {
  id: string;
  audience_id: string;
  snapshot_no: number;
  merchant_id: string;
  kind: ActivationKind;
  target: Record<string, unknown>;
  holdout_pct: number;
  treatment: number;
  holdout: number;
  issued: number;
  treatment_bitmap: Uint8Array;
  holdout_bitmap: Uint8Array;
  issued_bitmap: Uint8Array | null;
  status: 'pending' | 'done';
  request_hash: string;
  created_at: Date;
}

const view = (r: ActivationRow) => ({
  id: r.id,
  audienceId: r.audience_id,
  merchantId: r.merchant_id,
  snapshotNo: r.snapshot_no,
  kind: r.kind,
  target: typeof r.target === 'string' ? JSON.parse(r.target) : r.target,
  holdoutPct: r.holdout_pct,
  treatment: r.treatment,
  holdout: r.holdout,
  issued: r.issued,
  status: r.status,
  createdAt: iso(r.created_at)!,
});

const COLUMNS = sql`id, audience_id, snapshot_no, merchant_id, kind, target, holdout_pct, treatment, holdout, issued,
  status, request_hash, created_at`;

async function getRow(db: Db, id: string, bitmaps = false): Promise<ActivationRow | undefined> {
  const r = await sql<ActivationRow>`SELECT ${COLUMNS}
      ${bitmaps ? sql`, treatment_bitmap, holdout_bitmap, issued_bitmap` : sql``}
    FROM aud_activations WHERE id = ${id}`.execute(db);
  return r.rows[0];
}

/** The target recorded for the activation's kind (422 when the kind's field is missing). */
function targetOf(b: ActivationBody): Record<string, unknown> {
  const need = (field: keyof ActivationBody) => {
    if (b[field] === undefined)
      throw unprocessable(`${b.kind} activations need ${field}`, [
        { field, reason: `is required for ${b.kind}`, code: 'required' },
      ]);
    return b[field];
  };
  switch (b.kind) {
    case 'coupon':
      return { couponTemplateId: need('couponTemplateId') };
    case 'traffic_boost':
      return { programId: need('programId') };
    case 'push':
      return { message: need('message') };
    case 'ad':
      return { adId: need('adId') };
  }
}

interface TemplateRow {
  id: string;
  merchant_id: string | null;
  status: string;
  total_quantity: number;
  claimed: number;
  per_user_limit: number;
  per_user_daily_limit: number | null;
  claim_starts_at: Date;
  claim_ends_at: Date;
  audience_id: string | null;
}

/** Coupon template checks: the merchant's, active, claimable now (the quantity is checked once the group is known). */
async function couponTemplate(db: Db, merchantId: string, id: string, now: Date): Promise<TemplateRow> {
  const r = await sql<TemplateRow>`SELECT id, merchant_id, status, total_quantity, claimed, per_user_limit,
      per_user_daily_limit, claim_starts_at, claim_ends_at, audience_id
    FROM pricing_coupon_templates WHERE id = ${id}`.execute(db);
  const t = r.rows[0];
  const field = 'couponTemplateId';
  if (!t)
    throw unprocessable(`unknown coupon template ${id}`, [
      { field, reason: 'unknown', code: 'unknown_template' },
    ]);
  if (t.merchant_id !== merchantId)
    throw forbiddenAt(`coupon template ${id} is not this merchant's`, [
      { field, reason: 'another merchant’s template', code: 'foreign_template' },
    ]);
  if (t.status !== 'active')
    throw unprocessable(`coupon template ${id} is ${t.status}`, [
      {
        field,
        reason: `the template is ${t.status}`,
        code: 'template_not_active',
        params: { status: t.status },
      },
    ]);
  if (now < new Date(t.claim_starts_at) || now >= new Date(t.claim_ends_at))
    throw unprocessable(`coupon template ${id} cannot be claimed now`, [
      { field, reason: 'outside the claim window', code: 'outside_claim_window' },
    ]);
  if (t.audience_id)
    throw unprocessable(`coupon template ${id} is restricted to pricing audience ${t.audience_id}`, [
      { field, reason: 'restricted to a pricing audience', code: 'template_restricted' },
    ]);
  return t;
}

/** Treatment users who can be given a coupon: known consumers under the template's per-buyer limits. */
async function eligible(db: Db, t: TemplateRow, treatment: Bitmap, now: Date, timeZone: string) {
  const r = await sql<{ idx: number; consumer_id: string }>`SELECT u.idx, u.consumer_id
    FROM unnest(${Array.from(treatment.toUint32Array())}::int[]) AS v(idx)
    JOIN aud_users u ON u.idx = v.idx JOIN consumers c ON c.id = u.consumer_id
    WHERE NOT EXISTS (SELECT 1 FROM pricing_claims_per_user p WHERE p.template_id = ${t.id}
        AND p.user_id = u.consumer_id AND p.claimed >= ${t.per_user_limit})
      ${
        t.per_user_daily_limit
          ? sql`AND NOT EXISTS (SELECT 1 FROM pricing_claims_per_user_day d WHERE d.template_id = ${t.id}
        AND d.user_id = u.consumer_id AND d.day = (${now}::timestamptz AT TIME ZONE ${timeZone})::date
        AND d.claimed >= ${t.per_user_daily_limit})`
          : sql``
      }
    ORDER BY u.idx`.execute(db);
  return r.rows;
}

const couponId = (activationId: string, idx: number) => `cpn_aud_${activationId}_${idx}`;

async function pairsOf(db: Db, b: Bitmap) {
  const r = await sql<{ idx: number; consumer_id: string }>`SELECT u.idx, u.consumer_id
    FROM unnest(${Array.from(b.toUint32Array())}::int[]) AS v(idx) JOIN aud_users u ON u.idx = v.idx
    ORDER BY u.idx`.execute(db);
  return r.rows;
}

/** Runs the side effect of a pending activation and marks it done (safe to repeat). */
async function complete(env: AudEnv, row: ActivationRow): Promise<void> {
  const target = typeof row.target === 'string' ? JSON.parse(row.target) : row.target;
  let issued = 0;
  if (row.kind === 'coupon') {
    const users = row.issued_bitmap ? fromBytes(row.issued_bitmap) : new Bitmap();
    const pairs = await pairsOf(env.db, users);
    const at = new Date(row.created_at);
    // claimInBulk is one transaction: when one of this activation's coupons exists, all were issued.
    const first = pairs[0];
    const done =
      first &&
      (await sql`SELECT 1 FROM pricing_coupons WHERE id = ${couponId(row.id, first.idx)}`.execute(env.db))
        .rows.length > 0;
    if (done) issued = pairs.length;
    else
      try {
        issued = await claimInBulk(
          env.db,
          pairs.map((u) => ({
            couponId: couponId(row.id, u.idx),
            templateId: target.couponTemplateId as string,
            userId: u.consumer_id,
            claimedAt: at,
          })),
          env.timeZone,
        );
      } catch (e) {
        // The coupons of this activation were issued by an earlier attempt (one transaction: all or none).
        if (!isUniqueViolation(e)) {
          // Refused (sold out meanwhile, a limit reached): nothing was issued; the activation is not kept.
          if (e instanceof Problem)
            await sql`DELETE FROM aud_activations WHERE id = ${row.id} AND status = 'pending'`.execute(
              env.db,
            );
          throw e;
        }
        issued = pairs.length;
      }
  } else if (row.kind === 'push') {
    const msg = target.message as { title: string; body: string };
    const pairs = await pairsOf(env.db, fromBytes(row.treatment_bitmap));
    const ids = pairs.map((p) => p.consumer_id);
    for (let i = 0; i < ids.length; i += 20_000) {
      await sql`INSERT INTO aud_messages (activation_id, consumer_id, title, body, created_at)
        SELECT ${row.id}, c, ${msg.title}, ${msg.body}, ${row.created_at} FROM unnest(${ids.slice(i, i + 20_000)}::text[]) AS c
        ON CONFLICT DO NOTHING`.execute(env.db);
    }
    issued = ids.length;
  }
  await sql`UPDATE aud_activations SET status = 'done', issued = ${issued} WHERE id = ${row.id}`.execute(
    env.db,
  );
}

const requestHash = (audienceId: string, b: ActivationBody, holdoutPct: number) =>
  sha256(
    JSON.stringify([
      audienceId,
      b.kind,
      b.couponTemplateId ?? null,
      b.programId ?? null,
      b.message ?? null,
      b.adId ?? null,
      holdoutPct,
    ]),
  );

/**
 * POST /audiences/:id/activations. Idempotent by `id` (or, without one, by the Idempotency-Key: the id is
 * derived from the caller and the key): the same request again returns the stored activation (200), finishing it
 * first when an earlier attempt stopped half way; the same id with a different request is 409.
 */
export async function createActivation(
  env: AudEnv,
  p: Principal,
  audienceId: string,
  body: ActivationBody,
  idempotencyKey?: string,
) {
  const audience = await loadAudience(env.db, p, audienceId);
  const merchantId = audience.merchant_id;
  const holdoutPct = body.holdoutPct ?? 10;
  const id =
    body.id ??
    (idempotencyKey ? `act_${sha256(`${p.subject}|${idempotencyKey}`).slice(0, 24)}` : newId('act'));
  const hash = requestHash(audienceId, body, holdoutPct);
  const prior = await getRow(env.db, id, true);
  if (prior) return resume(env, p, prior, hash);

  const target = targetOf(body);
  const now = new Date();
  const template =
    body.kind === 'coupon' ? await couponTemplate(env.db, merchantId, body.couponTemplateId!, now) : null;
  if (body.kind === 'traffic_boost') {
    const r = await sql<{ id: string }>`SELECT id FROM traffic_programs WHERE id = ${body.programId!}
      AND status = 'active'`.execute(env.db);
    if (!r.rows.length)
      throw unprocessable(`no active traffic program ${body.programId}`, [
        { field: 'programId', reason: 'unknown or not active', code: 'unknown_program' },
      ]);
  }
  const snap = await latestSnapshot(env.db, audienceId);
  if (!snap)
    throw conflict(`audience ${audienceId} has no snapshot yet`, [
      { field: 'audienceId', reason: 'no snapshot', code: 'no_snapshot' },
    ]);
  const { treatment, holdout } = splitAudience(id, snap.bitmap, holdoutPct);
  let issuedTo: Bitmap | null = null;
  if (template) {
    const ok = await eligible(env.db, template, treatment, now, env.timeZone);
    const left = template.total_quantity - template.claimed;
    if (ok.length > left)
      throw conflict(
        `coupon template ${template.id} has ${left} coupons left for a treatment group of ${ok.length}`,
        [
          {
            field: 'couponTemplateId',
            reason: 'not enough coupons left for the treatment group',
            code: 'insufficient_quantity',
            params: { remaining: left, needed: ok.length },
          },
        ],
      );
    issuedTo = Bitmap.from(ok.map((u) => u.idx));
  }
  const inserted =
    await sql<ActivationRow>`INSERT INTO aud_activations (id, audience_id, snapshot_no, merchant_id,
      kind, target, holdout_pct, treatment, holdout, treatment_bitmap, holdout_bitmap, issued_bitmap, status,
      request_hash, created_at, created_by)
    VALUES (${id}, ${audienceId}, ${snap.no}, ${merchantId}, ${body.kind}, ${JSON.stringify(target)}::jsonb,
      ${holdoutPct}, ${treatment.size}, ${holdout.size}, ${toBytes(treatment)}, ${toBytes(holdout)},
      ${issuedTo ? toBytes(issuedTo) : null}, 'pending', ${hash}, ${now}, ${p.subject})
    ON CONFLICT (id) DO NOTHING
    RETURNING ${COLUMNS}, treatment_bitmap, holdout_bitmap, issued_bitmap`.execute(env.db);
  const row = inserted.rows[0];
  if (!row) return resume(env, p, (await getRow(env.db, id, true))!, hash);
  await complete(env, row);
  return { status: 201, body: view((await getRow(env.db, id))!) };
}

async function resume(env: AudEnv, p: Principal, prior: ActivationRow, hash: string) {
  assertOwner(p, prior.merchant_id, `activation ${prior.id}`);
  if (prior.request_hash !== hash)
    throw conflict(`activation ${prior.id} exists with a different request`, [
      { field: 'id', reason: `activation ${prior.id} exists`, code: 'id_taken' },
    ]);
  if (prior.status !== 'done') await complete(env, prior);
  return { status: 200, body: view((await getRow(env.db, prior.id))!) };
}

export async function listActivations(
  env: AudEnv,
  p: Principal,
  q: { merchantId?: string; audienceId?: string; limit?: number; offset?: number },
) {
  const merchantId = merchantOf(p, q.merchantId);
  const where = sql`merchant_id = ${merchantId} ${q.audienceId ? sql`AND audience_id = ${q.audienceId}` : sql``}`;
  const [items, total] = await Promise.all([
    sql<ActivationRow>`SELECT ${COLUMNS} FROM aud_activations WHERE ${where} ORDER BY created_at DESC, id
      LIMIT ${q.limit ?? 50} OFFSET ${q.offset ?? 0}`.execute(env.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM aud_activations WHERE ${where}`.execute(env.db),
  ]);
  return { items: items.rows.map(view), total: total.rows[0]!.n };
}

interface GroupResult {
  users: number;
  buyers: number;
  orders: number;
  gmv: number;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * An activation with its results: orders at the merchant's stores paid since the activation and up to `now` (not
 * cancelled; a host that reports orders timestamped ahead of the clock, as the simulator does for the rest of
 * today, does not count them early) by treatment and holdout users; conversion = buyers / users; lift =
 * treatment conversion over holdout's − 1.
 */
export async function getActivation(env: AudEnv, p: Principal, id: string, now = new Date()) {
  const row = await getRow(env.db, id, true);
  if (!row) throw notFound(`no activation ${id}`);
  assertOwner(p, row.merchant_id, `activation ${id}`);
  const t = fromBytes(row.treatment_bitmap);
  const h = fromBytes(row.holdout_bitmap);
  const idx = [...Array.from(t.toUint32Array()), ...Array.from(h.toUint32Array())];
  const grp = [...new Array<string>(t.size).fill('t'), ...new Array<string>(h.size).fill('h')];
  const r = await sql<{ grp: string; buyers: number; orders: number; gmv: number | null }>`
    WITH g AS (SELECT u.consumer_id, v.grp FROM unnest(${idx}::int[], ${grp}::text[]) AS v(idx, grp)
      JOIN aud_users u ON u.idx = v.idx)
    SELECT g.grp, count(DISTINCT o.consumer_id)::int AS buyers, count(*)::int AS orders, sum(o.pay_amount) AS gmv
    FROM g JOIN orders o ON o.consumer_id = g.consumer_id
    WHERE o.merchant_id = ${row.merchant_id} AND o.paid_at >= ${row.created_at} AND o.paid_at <= ${now}
      AND o.status <> 'cancelled'
    GROUP BY g.grp`.execute(env.db);
  const of = (g: string, users: number): GroupResult => {
    const x = r.rows.find((y) => y.grp === g);
    return { users, buyers: x?.buyers ?? 0, orders: x?.orders ?? 0, gmv: Number(x?.gmv ?? 0) };
  };
  const treatment = of('t', t.size);
  const holdout = of('h', h.size);
  const ct = treatment.users ? treatment.buyers / treatment.users : 0;
  const ch = holdout.users ? holdout.buyers / holdout.users : 0;
  return {
    ...view(row),
    results: {
      since: iso(row.created_at)!,
      until: now.toISOString(),
      treatment,
      holdout,
      conversion: {
        treatment: round4(ct),
        holdout: round4(ch),
        lift: ch > 0 ? round4(ct / ch - 1) : null,
      },
    },
  };
}
