import { assertMerchantScope, type Principal } from '../../core/auth.ts';
import type { Db, Tx } from '../../core/db.ts';
import {
  conflict,
  type FieldIssue,
  forbidden,
  notFound,
  summarize,
  unprocessable,
} from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import {
  baseRate,
  boostAt,
  exclusiveConflicts,
  MAX_RATE_BP,
  openTo,
  type Party,
  type PartyType,
  type PlanDraft,
  type PlanStatus,
  validatePlan,
} from './domain/plans.ts';
import * as repo from './plans.repo.ts';

/** Distribution plans: merchants write their own, operators any; creators, agencies and promoters read those open to them. */

export interface PlanBody {
  id?: string;
  merchantId?: string;
  name: string;
  kind: PlanDraft['kind'];
  defaultRateBp: number;
  presaleRateBp?: number | null;
  couponTemplateId?: string | null;
  startsAt: string;
  endsAt?: string | null;
  status?: 'active' | 'paused';
  products?: { productId: string; rateBp?: number }[];
  parties?: Party[];
  boosts?: BoostBody[];
}
export interface BoostBody {
  id?: string;
  name: string;
  extraBp: number;
  startsAt: string;
  endsAt: string;
}
export type PlanPatch = Partial<Omit<PlanBody, 'id' | 'merchantId' | 'kind' | 'status'>>;
export type PlanAction = 'pause' | 'resume' | 'end';
export interface PlanListParams {
  merchantId?: string;
  status?: PlanStatus;
  kind?: PlanDraft['kind'];
  limit?: number;
  offset?: number;
}

const PARTY_ROLES = new Set(['creator', 'agency', 'promoter']);
const isParty = (p: Principal) => PARTY_ROLES.has(p.role) && !!p.partyId;
const asParty = (p: Principal): Party => ({ type: p.role as PartyType, id: p.partyId! });

const iso = (s: string) => new Date(s).toISOString();
// Boosts without an id get one from their position, so a retried create is the same plan.
const boostId = (planId: string, b: BoostBody, i: number) => b.id ?? `${planId}-b${i + 1}`;

function toDraft(id: string, merchantId: string, b: Omit<PlanBody, 'id' | 'merchantId'>): PlanDraft {
  return {
    id,
    merchantId,
    name: b.name,
    kind: b.kind,
    defaultRateBp: b.defaultRateBp,
    presaleRateBp: b.presaleRateBp ?? null,
    couponTemplateId: b.couponTemplateId ?? null,
    startsAt: iso(b.startsAt),
    endsAt: b.endsAt ? iso(b.endsAt) : null,
    products: (b.products ?? []).map((p) => ({
      productId: p.productId,
      rateBp: p.rateBp ?? b.defaultRateBp,
    })),
    parties: b.parties ?? [],
    boosts: (b.boosts ?? []).map((x, i) => ({
      id: boostId(id, x, i),
      name: x.name,
      extraBp: x.extraBp,
      startsAt: iso(x.startsAt),
      endsAt: iso(x.endsAt),
    })),
  };
}

/** The merchant a write is for: merchants write their own plans; operators name the merchant. */
function ownerOf(p: Principal, merchantId: string | undefined): string {
  if (p.role === 'merchant' && p.partyId) {
    if (merchantId !== undefined && merchantId !== p.partyId)
      throw forbidden(`a merchant manages its own plans only, not those of merchant ${merchantId}`);
    return p.partyId;
  }
  if (p.role !== 'operator') throw forbidden('only merchants and operators manage distribution plans');
  if (!merchantId)
    throw unprocessable('an operator names the merchant of the plan', [
      { field: 'merchantId', reason: 'is required when an operator writes a plan' },
    ]);
  return merchantId;
}

/** Every issue of a draft: its own rules, the catalog (products of the merchant) and the channel coupon. */
async function draftIssues(db: Db | Tx, d: PlanDraft, checkMerchant: boolean): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = validatePlan(d);
  if (checkMerchant && !(await repo.merchantExists(db, d.merchantId)))
    issues.push({ field: 'merchantId', reason: `there is no merchant ${d.merchantId}.` });
  const owners = await repo.productOwners(
    db,
    d.products.map((p) => p.productId),
  );
  d.products.forEach((p, i) => {
    const owner = owners.get(p.productId);
    if (owner === undefined)
      issues.push({ field: `products.${i}.productId`, reason: `there is no product ${p.productId}.` });
    else if (owner !== d.merchantId)
      issues.push({
        field: `products.${i}.productId`,
        reason: `product ${p.productId} is not a product of merchant ${d.merchantId}.`,
      });
  });
  const known = await repo.knownParties(db, d.parties);
  d.parties.forEach((p, i) => {
    if (!known.has(`${p.type}:${p.id}`))
      issues.push({ field: `parties.${i}`, reason: `there is no ${p.type} ${p.id}.` });
  });
  const taken = await repo.boostIdsElsewhere(
    db,
    d.id,
    d.boosts.map((b) => b.id),
  );
  d.boosts.forEach((b, i) => {
    if (taken.has(b.id))
      issues.push({ field: `boosts.${i}.id`, reason: `boost id ${b.id} is used by another plan.` });
  });
  if (d.couponTemplateId !== null && d.kind !== 'open') issues.push(...(await couponIssues(db, d)));
  return issues;
}

async function couponIssues(db: Db | Tx, d: PlanDraft): Promise<FieldIssue[]> {
  const field = 'couponTemplateId';
  const t = await repo.channelTemplate(db, d.couponTemplateId!);
  if (!t) return [{ field, reason: `there is no coupon template ${d.couponTemplateId}.` }];
  if (t.kind !== 'channel')
    return [
      {
        field,
        reason: `coupon template ${t.id} is a ${t.kind} coupon; an exclusive channel coupon must be of kind channel.`,
      },
    ];
  if (t.merchantId !== d.merchantId)
    return [{ field, reason: `coupon template ${t.id} is not a coupon of merchant ${d.merchantId}.` }];
  if (t.status === 'ended') return [{ field, reason: `coupon template ${t.id} has ended.` }];
  const who: Party[] = [];
  if (t.channel?.creatorId) who.push({ type: 'creator', id: t.channel.creatorId });
  if (t.channel?.promoterId) who.push({ type: 'promoter', id: t.channel.promoterId });
  if (!who.some((w) => d.parties.some((p) => p.type === w.type && p.id === w.id)))
    return [
      {
        field,
        reason: `coupon template ${t.id} is for ${who.map((w) => `${w.type} ${w.id}`).join(' and ') || 'no channel party'}, who is not a party of this plan.`,
      },
    ];
  return [];
}

function refuse(issues: FieldIssue[]): never {
  throw unprocessable(`the plan is not valid: ${summarize(issues)}`, issues);
}

/** Writes a checked draft inside a transaction holding the merchant's plan lock (exclusive overlaps). */
async function checkOverlaps(trx: Tx, d: PlanDraft) {
  if (d.kind !== 'exclusive') return;
  await repo.lockMerchantPlans(trx, d.merchantId);
  const issues = exclusiveConflicts(d, await repo.loadPlans(trx, [d.merchantId]));
  if (issues.length) refuse(issues);
}

const canonical = (d: PlanDraft) =>
  JSON.stringify({
    ...d,
    products: [...d.products].sort((a, b) => a.productId.localeCompare(b.productId)),
    parties: [...d.parties].sort((a, b) => `${a.type}:${a.id}`.localeCompare(`${b.type}:${b.id}`)),
    boosts: [...d.boosts].sort((a, b) => a.id.localeCompare(b.id)),
  });

/** Creates a plan; idempotent by id (the same plan again is 200, other terms under the id are a 409). */
export async function createPlan(db: Db, p: Principal, body: PlanBody) {
  const merchantId = ownerOf(p, body.merchantId);
  const d = toDraft(body.id ?? newId('cpl'), merchantId, body);
  const issues = await draftIssues(db, d, p.role === 'operator');
  if (issues.length) refuse(issues);
  return db.transaction().execute(async (trx) => {
    const prior = body.id ? await repo.getPlan(trx, d.id) : undefined;
    if (prior) return sameOrConflict(prior, d);
    await checkOverlaps(trx, d);
    if (!(await repo.insertPlan(trx, d, body.status ?? 'active')))
      return sameOrConflict((await repo.getPlan(trx, d.id))!, d);
    return { status: 201, body: (await repo.getPlan(trx, d.id))! };
  });
}

function sameOrConflict(prior: repo.PlanRow, d: PlanDraft) {
  const { status: _s, createdAt: _c, updatedAt: _u, ...facts } = prior;
  if (canonical(facts) !== canonical(d))
    throw conflict(`plan ${d.id} already exists with different terms; change it with PATCH`, [
      { field: 'id', reason: `plan ${d.id} exists with different terms` },
    ]);
  return { status: 200, body: prior };
}

async function writable(trx: Tx, p: Principal, id: string) {
  const row = await repo.getPlan(trx, id, true);
  if (!row) throw notFound(`no distribution plan ${id}`);
  if (p.role !== 'operator') {
    if (p.role !== 'merchant') throw forbidden('only merchants and operators manage distribution plans');
    assertMerchantScope(p, row.merchantId);
  }
  return row;
}

/** Changes fields of a plan that has not ended; products, parties and boosts given are replaced whole. */
export async function patchPlan(db: Db, p: Principal, id: string, patch: PlanPatch) {
  return db.transaction().execute(async (trx) => {
    const row = await writable(trx, p, id);
    if (row.status === 'ended')
      throw conflict(`plan ${id} has ended and cannot change`, [{ field: 'status', reason: 'is ended' }]);
    const merged: Omit<PlanBody, 'id' | 'merchantId'> = {
      ...row,
      ...patch,
      // Rates of products kept from the stored plan are explicit already.
      products: patch.products ?? row.products,
      parties: patch.parties ?? row.parties,
      boosts: patch.boosts ?? row.boosts,
      status: undefined,
    };
    const d = toDraft(id, row.merchantId, merged);
    const issues = await draftIssues(trx, d, false);
    if (issues.length) refuse(issues);
    await checkOverlaps(trx, d);
    await repo.updatePlan(trx, d, {
      products: patch.products !== undefined,
      parties: patch.parties !== undefined,
      boosts: patch.boosts !== undefined,
    });
    return (await repo.getPlan(trx, id))!;
  });
}

/** Adds one boost (招商 campaign) to a plan. */
export async function addBoost(db: Db, p: Principal, id: string, b: BoostBody) {
  return db.transaction().execute(async (trx) => {
    const row = await writable(trx, p, id);
    const given = row.boosts.map((x) => ({ ...x }));
    const bid = b.id ?? newId('bst');
    if (given.some((x) => x.id === bid)) {
      const same = given.find((x) => x.id === bid)!;
      if (
        same.name === b.name &&
        same.extraBp === b.extraBp &&
        same.startsAt === iso(b.startsAt) &&
        same.endsAt === iso(b.endsAt)
      )
        return { status: 200, body: row };
      throw conflict(`boost ${bid} exists with different terms`, [{ field: 'id', reason: 'exists' }]);
    }
    const result = await patchInTx(trx, row, { boosts: [...given, { ...b, id: bid }] });
    return { status: 201, body: result };
  });
}

export async function removeBoost(db: Db, p: Principal, id: string, boostId: string) {
  return db.transaction().execute(async (trx) => {
    const row = await writable(trx, p, id);
    if (!row.boosts.some((b) => b.id === boostId)) throw notFound(`plan ${id} has no boost ${boostId}`);
    return patchInTx(trx, row, { boosts: row.boosts.filter((b) => b.id !== boostId) });
  });
}

async function patchInTx(trx: Tx, row: repo.PlanRow, patch: PlanPatch) {
  if (row.status === 'ended')
    throw conflict(`plan ${row.id} has ended and cannot change`, [{ field: 'status', reason: 'is ended' }]);
  const d = toDraft(row.id, row.merchantId, { ...row, ...patch, status: undefined });
  const issues = await draftIssues(trx, d, false);
  if (issues.length) refuse(issues);
  await repo.updatePlan(trx, d, { products: false, parties: false, boosts: true });
  return (await repo.getPlan(trx, row.id))!;
}

/** pause: active → paused; resume: paused → active (paused plans count in overlap checks); end: any → ended. */
export async function changePlanStatus(
  db: Db,
  p: Principal,
  id: string,
  action: PlanAction,
  now = new Date(),
) {
  return db.transaction().execute(async (trx) => {
    const row = await writable(trx, p, id);
    const from = row.status;
    const to: PlanStatus | null =
      action === 'pause' && from === 'active'
        ? 'paused'
        : action === 'resume' && from === 'paused'
          ? 'active'
          : action === 'end' && from !== 'ended'
            ? 'ended'
            : null;
    if (!to)
      throw conflict(`cannot ${action} plan ${id}: it is ${from}`, [
        { field: 'status', reason: `is ${from}` },
      ]);
    await repo.setStatus(trx, id, to, now);
    return (await repo.getPlan(trx, id))!;
  });
}

/** Parties see a plan's terms, not whom else it targets. */
export function planView(p: Principal, row: repo.PlanRow) {
  if (!isParty(p)) return row;
  const { parties: _p, ...rest } = row;
  return rest;
}

export async function listPlansFor(db: Db, p: Principal, q: PlanListParams, now = new Date()) {
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  let query: repo.PlanListQuery = { status: q.status, kind: q.kind, merchantId: q.merchantId, limit, offset };
  if (p.role === 'merchant') {
    if (q.merchantId && q.merchantId !== p.partyId)
      throw forbidden(`a merchant lists its own plans only, not those of ${q.merchantId}`);
    query.merchantId = p.partyId!;
  } else if (isParty(p)) query = { ...query, openTo: { ...asParty(p), now } };
  else if (p.role !== 'operator' && p.role !== 'integration') throw forbidden('not allowed to list plans');
  const { items, total } = await repo.listPlans(db, query);
  return { items: items.map((r) => planView(p, r)), total, limit, offset };
}

export async function getPlanFor(db: Db, p: Principal, id: string) {
  const row = await repo.getPlan(db, id);
  if (!row) throw notFound(`no distribution plan ${id}`);
  if (isParty(p)) {
    if (row.status === 'ended' || !openTo(row, asParty(p)))
      throw forbidden(`plan ${id} is not open to ${p.role} ${p.partyId}`);
  } else if (p.role !== 'operator' && p.role !== 'integration') assertMerchantScope(p, row.merchantId);
  return planView(p, row);
}

/**
 * The products a plan covers with their rates now: base (the product's or the default), presale, the boosts
 * running now and the rate a non-presale order would earn under this plan (capped at 9000 bp).
 */
export async function planProducts(
  db: Db,
  p: Principal,
  id: string,
  q: { limit?: number; offset?: number },
  now = new Date(),
) {
  const plan = await getPlanFor(db, p, id);
  const facts = { ...plan, parties: [] };
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const { rows, total } = await repo.coveredProducts(db, facts, limit, offset);
  const boostBp = boostAt(facts, now.getTime());
  return {
    planId: id,
    boostBp,
    items: rows.map((r) => {
      const base = baseRate(facts, r.productId, false)!;
      return {
        ...r,
        baseRateBp: base,
        presaleRateBp: baseRate(facts, r.productId, true),
        rateBp: Math.min(MAX_RATE_BP, base + boostBp),
      };
    }),
    total,
    limit,
    offset,
  };
}
