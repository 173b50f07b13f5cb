import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import type { Boost, Party, PlanDraft, PlanFacts, PlanStatus } from './domain/plans.ts';

/** Thin queries over commission_plans and its products, parties and boosts (migrations/0310_distribution.sql). */

type Conn = Db | Tx;

export interface PlanRow extends PlanFacts {
  createdAt: string;
  updatedAt: string;
}

interface Raw {
  id: string;
  merchant_id: string;
  name: string;
  kind: PlanFacts['kind'];
  default_rate_bp: number;
  presale_rate_bp: number | null;
  coupon_template_id: string | null;
  starts_at: Date;
  ends_at: Date | null;
  status: PlanStatus;
  created_at: Date;
  updated_at: Date;
  products: { productId: string; rateBp: number }[];
  parties: Party[];
  boosts: Boost[];
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toPlan(r: Raw): PlanRow {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    name: r.name,
    kind: r.kind,
    defaultRateBp: r.default_rate_bp,
    presaleRateBp: r.presale_rate_bp,
    couponTemplateId: r.coupon_template_id,
    startsAt: iso(r.starts_at),
    endsAt: r.ends_at ? iso(r.ends_at) : null,
    status: r.status,
    products: r.products,
    parties: r.parties,
    // json_agg renders instants in the session's zone: normalise to UTC ISO like the plan's own.
    boosts: r.boosts.map((b) => ({ ...b, startsAt: iso(b.startsAt), endsAt: iso(b.endsAt) })),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Plans matching `where` (over alias p) with their products, parties and boosts, in one statement. */
async function selectPlans(
  db: Conn,
  where: RawBuilder<unknown>,
  tail: RawBuilder<unknown> = sql`ORDER BY p.created_at, p.id`,
) {
  const r = await sql<Raw>`SELECT p.*,
      coalesce((SELECT json_agg(json_build_object('productId', x.product_id, 'rateBp', x.rate_bp)
        ORDER BY x.product_id) FROM commission_plan_products x WHERE x.plan_id = p.id), '[]') AS products,
      coalesce((SELECT json_agg(json_build_object('type', x.party_type, 'id', x.party_id)
        ORDER BY x.party_type, x.party_id) FROM commission_plan_parties x WHERE x.plan_id = p.id), '[]') AS parties,
      coalesce((SELECT json_agg(json_build_object('id', b.id, 'name', b.name, 'extraBp', b.extra_bp,
        'startsAt', b.starts_at, 'endsAt', b.ends_at) ORDER BY b.starts_at, b.id)
        FROM commission_boosts b WHERE b.plan_id = p.id), '[]') AS boosts
    FROM commission_plans p WHERE ${where} ${tail}`.execute(db);
  return r.rows.map(toPlan);
}

/**
 * The not-ended plans (active and paused) of these merchants with their product rates, parties and boosts:
 * what `rateFor` needs to price a batch of order lines. One statement.
 */
export async function loadPlans(db: Conn, merchantIds: string[]): Promise<PlanFacts[]> {
  if (!merchantIds.length) return [];
  return selectPlans(
    db,
    sql`p.merchant_id = ANY(${[...new Set(merchantIds)]}::text[]) AND p.status <> 'ended'`,
  );
}

export async function getPlan(db: Conn, id: string, lock = false): Promise<PlanRow | undefined> {
  if (lock) await sql`SELECT 1 FROM commission_plans WHERE id = ${id} FOR UPDATE`.execute(db);
  return (await selectPlans(db, sql`p.id = ${id}`))[0];
}

export interface PlanListQuery {
  merchantId?: string;
  status?: PlanStatus;
  kind?: PlanFacts['kind'];
  /** Only plans open to this party that are active now (creators', agencies' and promoters' view). */
  openTo?: Party & { now: Date };
  limit: number;
  offset: number;
}

function listWhere(q: PlanListQuery) {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (q.merchantId) parts.push(sql`p.merchant_id = ${q.merchantId}`);
  if (q.status) parts.push(sql`p.status = ${q.status}`);
  if (q.kind) parts.push(sql`p.kind = ${q.kind}`);
  if (q.openTo) {
    const { type, id, now } = q.openTo;
    parts.push(sql`p.status = 'active' AND (p.ends_at IS NULL OR p.ends_at > ${now})
      AND (p.kind = 'open' OR EXISTS (SELECT 1 FROM commission_plan_parties x
        WHERE x.plan_id = p.id AND x.party_type = ${type} AND x.party_id = ${id}))`);
  }
  return sql.join(parts, sql` AND `);
}

export async function listPlans(db: Conn, q: PlanListQuery) {
  const where = listWhere(q);
  const items = await selectPlans(
    db,
    where,
    sql`ORDER BY p.created_at DESC, p.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const total = (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM commission_plans p WHERE ${where}`.execute(db)
  ).rows[0]!.n;
  return { items, total };
}

/** Inserts the plan with its children; false when the id exists already (nothing written). */
export async function insertPlan(trx: Tx, d: PlanDraft, status: PlanStatus): Promise<boolean> {
  const r =
    await sql`INSERT INTO commission_plans (id, merchant_id, name, kind, default_rate_bp, presale_rate_bp,
      coupon_template_id, starts_at, ends_at, status)
    VALUES (${d.id}, ${d.merchantId}, ${d.name}, ${d.kind}, ${d.defaultRateBp}, ${d.presaleRateBp},
      ${d.couponTemplateId}, ${new Date(d.startsAt)}, ${d.endsAt ? new Date(d.endsAt) : null}, ${status})
    ON CONFLICT (id) DO NOTHING`.execute(trx);
  if (!Number(r.numAffectedRows ?? 0)) return false;
  await replaceChildren(trx, d, { products: true, parties: true, boosts: true });
  return true;
}

export async function updatePlan(
  trx: Tx,
  d: PlanDraft,
  which: { products: boolean; parties: boolean; boosts: boolean },
) {
  await sql`UPDATE commission_plans SET name = ${d.name}, default_rate_bp = ${d.defaultRateBp},
      presale_rate_bp = ${d.presaleRateBp}, coupon_template_id = ${d.couponTemplateId},
      starts_at = ${new Date(d.startsAt)}, ends_at = ${d.endsAt ? new Date(d.endsAt) : null}, updated_at = now()
    WHERE id = ${d.id}`.execute(trx);
  await replaceChildren(trx, d, which);
}

/** Set-based: one DELETE and one INSERT per replaced child table. */
async function replaceChildren(
  trx: Tx,
  d: PlanDraft,
  which: { products: boolean; parties: boolean; boosts: boolean },
) {
  if (which.products) {
    await sql`DELETE FROM commission_plan_products WHERE plan_id = ${d.id}`.execute(trx);
    if (d.products.length)
      await sql`INSERT INTO commission_plan_products (plan_id, product_id, rate_bp)
        SELECT ${d.id}, t.p, t.r FROM unnest(${d.products.map((p) => p.productId)}::text[],
          ${d.products.map((p) => p.rateBp)}::int[]) AS t(p, r)`.execute(trx);
  }
  if (which.parties) {
    await sql`DELETE FROM commission_plan_parties WHERE plan_id = ${d.id}`.execute(trx);
    if (d.parties.length)
      await sql`INSERT INTO commission_plan_parties (plan_id, party_type, party_id)
        SELECT ${d.id}, t.ty, t.id FROM unnest(${d.parties.map((p) => p.type)}::text[],
          ${d.parties.map((p) => p.id)}::text[]) AS t(ty, id)`.execute(trx);
  }
  if (which.boosts) {
    await sql`DELETE FROM commission_boosts WHERE plan_id = ${d.id}`.execute(trx);
    if (d.boosts.length)
      await sql`INSERT INTO commission_boosts (id, plan_id, name, extra_bp, starts_at, ends_at)
        SELECT t.id, ${d.id}, t.n, t.x, t.s, t.e FROM unnest(${d.boosts.map((b) => b.id)}::text[],
          ${d.boosts.map((b) => b.name)}::text[], ${d.boosts.map((b) => b.extraBp)}::int[],
          ${d.boosts.map((b) => new Date(b.startsAt))}::timestamptz[],
          ${d.boosts.map((b) => new Date(b.endsAt))}::timestamptz[]) AS t(id, n, x, s, e)`.execute(trx);
  }
}

export async function setStatus(trx: Tx, id: string, status: PlanStatus, now: Date) {
  // Ending closes the window at once (ends_at never moves later), so the plan's life is on record.
  await sql`UPDATE commission_plans SET status = ${status}, updated_at = now(),
      ends_at = CASE WHEN ${status} = 'ended' AND (ends_at IS NULL OR ends_at > ${now}) THEN ${now} ELSE ends_at END
    WHERE id = ${id}`.execute(trx);
}

/** One writer at a time per merchant, so two exclusive plans cannot both pass the overlap check. */
export async function lockMerchantPlans(trx: Tx, merchantId: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`commission_plans:${merchantId}`}))`.execute(trx);
}

/** Owner merchant of each named product that exists. */
export async function productOwners(db: Conn, productIds: string[]): Promise<Map<string, string>> {
  if (!productIds.length) return new Map();
  const r = await sql<{ id: string; merchant_id: string }>`SELECT id, merchant_id FROM products
    WHERE id = ANY(${productIds}::text[])`.execute(db);
  return new Map(r.rows.map((x) => [x.id, x.merchant_id]));
}

export async function merchantExists(db: Conn, id: string): Promise<boolean> {
  return !!(await sql`SELECT 1 FROM merchants WHERE id = ${id}`.execute(db)).rows.length;
}

export interface ChannelTemplate {
  id: string;
  merchantId: string | null;
  kind: string;
  status: string;
  channel: { promoterId?: string; creatorId?: string } | null;
}

/**
 * The coupon template an exclusive-channel plan names. The pricing module's index has no read of a template,
 * so this reads its table (read only, the columns of migrations/0200_pricing.sql).
 */
export async function channelTemplate(db: Conn, id: string): Promise<ChannelTemplate | undefined> {
  const r = await sql<ChannelTemplate>`SELECT id, merchant_id AS "merchantId", kind, status,
      terms->'channel' AS channel FROM pricing_coupon_templates WHERE id = ${id}`.execute(db);
  return r.rows[0];
}

export interface CoveredProduct {
  productId: string;
  title: string | null;
  status: string | null;
  /** Lowest SKU price, fen (null for a product the catalog does not know). */
  price: number | null;
}

/** The products a plan covers (its list, or the merchant's catalog when the list is empty), paged by id. */
export async function coveredProducts(db: Conn, plan: PlanFacts, limit: number, offset: number) {
  const listed = plan.products.length > 0;
  const from = listed
    ? sql`commission_plan_products pp LEFT JOIN products pr ON pr.id = pp.product_id WHERE pp.plan_id = ${plan.id}`
    : sql`products pr WHERE pr.merchant_id = ${plan.merchantId}`;
  const id = listed ? sql`pp.product_id` : sql`pr.id`;
  const r = await sql<CoveredProduct>`SELECT ${id} AS "productId", pr.title, pr.status,
      (SELECT min(s.price) FROM skus s WHERE s.product_id = pr.id)::bigint AS price
    FROM ${from} ORDER BY ${id} LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const total = listed
    ? plan.products.length
    : (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM products WHERE merchant_id = ${plan.merchantId}`.execute(db)
      ).rows[0]!.n;
  return { rows: r.rows.map((x) => ({ ...x, price: x.price === null ? null : Number(x.price) })), total };
}

/** Boost ids among `ids` that belong to another plan (boost ids are unique across plans). */
export async function boostIdsElsewhere(db: Conn, planId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const r = await sql<{ id: string }>`SELECT id FROM commission_boosts WHERE id = ANY(${ids}::text[])
    AND plan_id <> ${planId}`.execute(db);
  return new Set(r.rows.map((x) => x.id));
}

/** The parties among these that exist in the marketplace (creators, agencies, promoters), as "type:id". */
export async function knownParties(db: Conn, parties: Party[]): Promise<Set<string>> {
  if (!parties.length) return new Set();
  const of = (t: string) => parties.filter((p) => p.type === t).map((p) => p.id);
  const r = await sql<{
    k: string;
  }>`SELECT 'creator:' || id AS k FROM creators WHERE id = ANY(${of('creator')}::text[])
    UNION ALL SELECT 'agency:' || id FROM agencies WHERE id = ANY(${of('agency')}::text[])
    UNION ALL SELECT 'promoter:' || id FROM promoters WHERE id = ANY(${of('promoter')}::text[])`.execute(db);
  return new Set(r.rows.map((x) => x.k));
}
