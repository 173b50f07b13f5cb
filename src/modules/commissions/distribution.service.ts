import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { forbidden, unprocessable } from '../../core/errors.ts';
import { type Party, type PartyType, type PlanFacts, rateFor } from './domain/plans.ts';
import * as repo from './distribution.repo.ts';
import { loadPlans } from './plans.repo.ts';

/** Product selection for creators, agencies and promoters: what they may promote, at what rate. */

const SALES_DAYS = 30;
export type ProductSort = 'rate' | 'sales' | 'price' | 'score';

export interface ProductQuery {
  categoryId?: string;
  q?: string;
  sort?: ProductSort;
  order?: 'asc' | 'desc';
  minRateBp?: number;
  minPrice?: number;
  maxPrice?: number;
  minProductScore?: number;
  partyType?: PartyType;
  partyId?: string;
  limit?: number;
  offset?: number;
}

/** The party whose view it is: the caller itself; an operator names one. */
export function viewer(p: Principal, q: { partyType?: PartyType; partyId?: string }): Party {
  if ((p.role === 'creator' || p.role === 'agency' || p.role === 'promoter') && p.partyId) {
    if (q.partyId !== undefined && (q.partyId !== p.partyId || (q.partyType ?? p.role) !== p.role))
      throw forbidden(`a ${p.role} sees its own product selection only`);
    return { type: p.role, id: p.partyId };
  }
  if (p.role === 'operator' || p.role === 'integration') {
    if (!q.partyType || !q.partyId)
      throw unprocessable('name the creator, agency or promoter whose view this is', [
        { field: q.partyType ? 'partyId' : 'partyType', reason: 'is required for operators' },
      ]);
    return { type: q.partyType, id: q.partyId };
  }
  throw forbidden('product selection is for creators, agencies and promoters');
}

/**
 * Estimated commission on one unit at its lowest price, rounded down to the fen (the estimate never promises
 * more than the order will earn at that price).
 */
const perUnit = (price: number, rateBp: number) => Math.floor((price * rateBp) / 10_000);

function priced(plans: PlanFacts[], party: Party, now: Date, f: repo.ProductFacts) {
  // A delisted product cannot be bought: nothing to promote.
  if (f.status !== 'listed') return null;
  const choice = rateFor(plans, {
    productId: f.productId,
    merchantId: f.merchantId,
    party,
    at: now.toISOString(),
    presale: false,
  });
  if (!choice) return null;
  const plan = plans.find((p) => p.id === choice.planId)!;
  return {
    ...f,
    price: Number(f.price),
    planId: choice.planId,
    planKind: plan.kind,
    rateBp: choice.rateBp,
    boostBp: choice.boostBp,
    commissionPerUnit: perUnit(Number(f.price), choice.rateBp),
    couponTemplateId: plan.couponTemplateId,
  };
}

/**
 * The latest scores of the scoring module (the day of its most recent finished run of the kind), provisional
 * ones included: scoring shows them too, flagged by grade N, and the square only displays and filters on them.
 */
async function latestScores(db: Db, kind: 'product' | 'store', ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const r = await sql<{ id: string; score: string }>`SELECT entity_id AS id, score FROM score_snapshots
    WHERE kind = ${kind} AND entity_id = ANY(${ids}::text[])
      AND day = (SELECT max(day) FROM score_runs WHERE finished_at IS NOT NULL AND counts ? ${kind})`.execute(
    db,
  );
  return new Map(r.rows.map((x) => [x.id, Number(x.score)]));
}

/**
 * Products under active plans open to the party, with rate (boosts included), price, 30-day units sold and the
 * latest product (0–100) and store (3.00–5.00) scores; filters on rate, price and product score.
 */
export async function listProducts(db: Db, p: Principal, q: ProductQuery, now = new Date()) {
  const party = viewer(p, q);
  const limit = q.limit ?? 20;
  const offset = q.offset ?? 0;
  const facts = await repo.openProducts(db, party, now, { categoryId: q.categoryId, q: q.q });
  const plans = await loadPlans(db, [...new Set(facts.map((f) => f.merchantId))]);
  const [productScores, storeScores] = await Promise.all([
    latestScores(
      db,
      'product',
      facts.map((f) => f.productId),
    ),
    latestScores(db, 'store', [...new Set(facts.map((f) => f.storeId))]),
  ]);
  const rows = facts
    .map((f) => priced(plans, party, now, f))
    .filter((r) => r !== null)
    .map((r) => ({
      ...r,
      productScore: productScores.get(r.productId) ?? null,
      storeScore: storeScores.get(r.storeId) ?? null,
    }))
    .filter(
      (r) =>
        (q.minRateBp === undefined || r.rateBp >= q.minRateBp) &&
        (q.minPrice === undefined || r.price >= q.minPrice) &&
        (q.maxPrice === undefined || r.price <= q.maxPrice) &&
        (q.minProductScore === undefined || (r.productScore !== null && r.productScore >= q.minProductScore)),
    );
  const since = new Date(now.getTime() - SALES_DAYS * 86_400_000);
  const sort = q.sort ?? 'rate';
  const dir = (q.order ?? (sort === 'price' ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
  // Sales are counted for every candidate only when they decide the order; otherwise for the page alone.
  let sold =
    sort === 'sales'
      ? await repo.unitsSold(
          db,
          rows.map((r) => r.productId),
          since,
        )
      : null;
  const key = (r: (typeof rows)[number]) =>
    sort === 'rate'
      ? r.rateBp
      : sort === 'price'
        ? r.price
        : sort === 'score'
          ? r.productScore
          : (sold!.get(r.productId) ?? 0);
  // Products without a score come last in either direction.
  const cmp = (a: number | null, b: number | null) =>
    a === null ? (b === null ? 0 : 1) : b === null ? -1 : dir * (a - b);
  rows.sort((a, b) => cmp(key(a), key(b)) || a.productId.localeCompare(b.productId));
  const page = rows.slice(offset, offset + limit);
  sold ??= await repo.unitsSold(
    db,
    page.map((r) => r.productId),
    since,
  );
  const chosen = new Set((await repo.selection(db, party)).map((s) => s.productId));
  return {
    items: page.map((r) => ({
      ...r,
      sales30d: sold.get(r.productId) ?? 0,
      selected: chosen.has(r.productId),
    })),
    total: rows.length,
    limit,
    offset,
  };
}

/** Adds a product the party may promote now to its selection (201 added, 200 already there). */
export async function select(
  db: Db,
  p: Principal,
  body: { productId: string; partyType?: PartyType; partyId?: string },
  now = new Date(),
) {
  const party = viewer(p, body);
  const [fact] = await repo.productsByIds(db, [body.productId]);
  if (!fact)
    throw unprocessable(`there is no product ${body.productId}`, [
      { field: 'productId', reason: `there is no product ${body.productId}.` },
    ]);
  if (!priced(await loadPlans(db, [fact.merchantId]), party, now, fact))
    throw unprocessable(`product ${body.productId} is not under a plan open to ${party.type} ${party.id}`, [
      { field: 'productId', reason: `no active plan is open to ${party.type} ${party.id} for this product.` },
    ]);
  const added = await repo.addToSelection(db, party, body.productId);
  return { status: added ? 201 : 200, body: { productId: body.productId, selected: true } };
}

export async function unselect(
  db: Db,
  p: Principal,
  q: { productId: string; partyType?: PartyType; partyId?: string },
) {
  await repo.removeFromSelection(db, viewer(p, q), q.productId);
}

/** The party's selection with today's terms; `available: false` once no plan open to it covers the product. */
export async function selectionOf(
  db: Db,
  p: Principal,
  q: { partyType?: PartyType; partyId?: string },
  now = new Date(),
) {
  const party = viewer(p, q);
  const chosen = await repo.selection(db, party);
  const facts = new Map(
    (
      await repo.productsByIds(
        db,
        chosen.map((c) => c.productId),
      )
    ).map((f) => [f.productId, f]),
  );
  const plans = await loadPlans(db, [...new Set([...facts.values()].map((f) => f.merchantId))]);
  const sold = await repo.unitsSold(
    db,
    chosen.map((c) => c.productId),
    new Date(now.getTime() - SALES_DAYS * 86_400_000),
  );
  return {
    items: chosen.map((c) => {
      const f = facts.get(c.productId);
      const row = f ? priced(plans, party, now, f) : null;
      return row
        ? { ...row, available: true, sales30d: sold.get(c.productId) ?? 0, selectedAt: c.createdAt }
        : { productId: c.productId, available: false, selectedAt: c.createdAt };
    }),
  };
}
