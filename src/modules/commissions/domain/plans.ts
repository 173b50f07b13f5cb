/**
 * Distribution plans (分销计划) as plain data, the commission rate an order line earns under them, and the
 * rules a plan must follow. No I/O: the repo loads `PlanFacts`, the engine and the routes call these.
 */

export const PLAN_KINDS = ['open', 'targeted', 'exclusive'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_STATUSES = ['active', 'paused', 'ended'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PARTY_TYPES = ['creator', 'agency', 'promoter'] as const;
export type PartyType = (typeof PARTY_TYPES)[number];

/** No commission rate, boosted or not, goes above 90% of the line. */
export const MAX_RATE_BP = 9000;

export interface Party {
  type: PartyType;
  id: string;
}

export interface Boost {
  id: string;
  name: string;
  extraBp: number;
  startsAt: string;
  endsAt: string;
}

/** A plan row with its product rates, parties and boosts (instants as ISO strings). */
export interface PlanFacts {
  id: string;
  merchantId: string;
  name: string;
  kind: PlanKind;
  defaultRateBp: number;
  presaleRateBp: number | null;
  couponTemplateId: string | null;
  startsAt: string;
  endsAt: string | null;
  status: PlanStatus;
  /** Empty: the plan covers every product of the merchant at defaultRateBp; else exactly these products. */
  products: { productId: string; rateBp: number }[];
  /** Targeted and exclusive plans: who may promote under them. Empty for open plans. */
  parties: Party[];
  boosts: Boost[];
}

export interface RateQuery {
  productId: string;
  merchantId: string;
  party: Party;
  /** ISO instant the rate applies at (for orders: when paid). */
  at: string;
  presale: boolean;
}

/** rateBp is what the line earns (base + boosts, capped); boostBp is the part of it boosts added. */
export interface RateChoice {
  planId: string;
  rateBp: number;
  boostBp: number;
}

const ms = (iso: string) => Date.parse(iso);

/** Half-open window [start, end): a plan ending at 10:00 no longer applies at 10:00. */
export function within(at: number, startsAt: string, endsAt: string | null): boolean {
  return ms(startsAt) <= at && (endsAt === null || at < ms(endsAt));
}

/** Whether the party may promote under the plan (open plans: every creator, agency and promoter). */
export function openTo(plan: PlanFacts, party: Party): boolean {
  if (plan.kind === 'open') return true;
  return plan.parties.some((p) => p.type === party.type && p.id === party.id);
}

/** The plan's base rate for a product, or null when the plan does not cover it. */
export function baseRate(plan: PlanFacts, productId: string, presale: boolean): number | null {
  let rate = plan.defaultRateBp;
  if (plan.products.length) {
    const row = plan.products.find((p) => p.productId === productId);
    if (!row) return null;
    rate = row.rateBp;
  }
  // A presale campaign commission replaces the product's rate for presale orders.
  if (presale && plan.presaleRateBp !== null) rate = plan.presaleRateBp;
  return rate;
}

/** Sum of the plan's boosts active at `at` (boosts stack). */
export function boostAt(plan: PlanFacts, at: number): number {
  let sum = 0;
  for (const b of plan.boosts) if (within(at, b.startsAt, b.endsAt)) sum += b.extraBp;
  return sum;
}

/** The plan's rate for the query, ignoring whether it is the best one; null when it does not apply. */
export function planRate(plan: PlanFacts, q: RateQuery): RateChoice | null {
  const at = ms(q.at);
  if (plan.status !== 'active' || plan.merchantId !== q.merchantId) return null;
  if (!within(at, plan.startsAt, plan.endsAt) || !openTo(plan, q.party)) return null;
  const base = baseRate(plan, q.productId, q.presale);
  if (base === null) return null;
  const rateBp = Math.min(MAX_RATE_BP, base + boostAt(plan, at));
  return { planId: plan.id, rateBp, boostBp: rateBp - base };
}

/**
 * The best applicable plan for the party: an exclusive plan naming the party wins over every targeted and open
 * one; within the same tier the highest rate (boosts included) wins, then the earliest start, then the lowest
 * id, so the choice never depends on load order. Null when no active plan covers the product for the party.
 */
export function rateFor(plans: PlanFacts[], q: RateQuery): RateChoice | null {
  let best: { choice: RateChoice; tier: number; plan: PlanFacts } | null = null;
  for (const plan of plans) {
    const choice = planRate(plan, q);
    if (!choice) continue;
    const tier = plan.kind === 'exclusive' ? 1 : 0;
    if (!best || better(tier, choice, plan, best)) best = { choice, tier, plan };
  }
  return best?.choice ?? null;
}

function better(
  tier: number,
  c: RateChoice,
  plan: PlanFacts,
  best: { choice: RateChoice; tier: number; plan: PlanFacts },
) {
  if (tier !== best.tier) return tier > best.tier;
  if (c.rateBp !== best.choice.rateBp) return c.rateBp > best.choice.rateBp;
  const s = ms(plan.startsAt) - ms(best.plan.startsAt);
  if (s !== 0) return s < 0;
  return plan.id < best.plan.id;
}

/** One thing wrong with a plan: which field and why, in a sentence a merchant can act on. */
export interface PlanIssue {
  field: string;
  reason: string;
}

/** A plan as written by a merchant, before it has a status history. */
export type PlanDraft = Omit<PlanFacts, 'status'> & { status?: PlanStatus };

function checkRate(out: PlanIssue[], field: string, v: number | null, min = 0) {
  if (v === null) return;
  if (!Number.isInteger(v) || v < min || v > MAX_RATE_BP)
    out.push({
      field,
      reason: `${field} must be a whole number of basis points from ${min} to ${MAX_RATE_BP} (90%); got ${v}.`,
    });
}

/** Every rule a plan breaks on its own (the catalog, coupon and overlap checks need data: see below). */
export function validatePlan(d: PlanDraft): PlanIssue[] {
  const out: PlanIssue[] = [];
  checkRate(out, 'defaultRateBp', d.defaultRateBp);
  checkRate(out, 'presaleRateBp', d.presaleRateBp);
  d.products.forEach((p, i) => {
    checkRate(out, `products.${i}.rateBp`, p.rateBp);
  });
  const start = ms(d.startsAt);
  const end = d.endsAt === null ? null : ms(d.endsAt);
  if (end !== null && end <= start)
    out.push({ field: 'endsAt', reason: `endsAt (${d.endsAt}) must be after startsAt (${d.startsAt}).` });
  if (d.kind === 'open' && d.parties.length)
    out.push({
      field: 'parties',
      reason:
        'an open plan is open to every creator and promoter: list parties only on targeted or exclusive plans.',
    });
  if (d.kind !== 'open' && !d.parties.length)
    out.push({
      field: 'parties',
      reason: `a ${d.kind} plan needs at least one party (creator, agency or promoter) it is for.`,
    });
  const seen = new Set<string>();
  d.products.forEach((p, i) => {
    if (seen.has(p.productId))
      out.push({ field: `products.${i}.productId`, reason: `product ${p.productId} is listed twice.` });
    seen.add(p.productId);
  });
  const parties = new Set<string>();
  d.parties.forEach((p, i) => {
    const k = `${p.type}:${p.id}`;
    if (parties.has(k)) out.push({ field: `parties.${i}`, reason: `${p.type} ${p.id} is listed twice.` });
    parties.add(k);
  });
  const boostIds = new Set<string>();
  d.boosts.forEach((b, i) => {
    if (boostIds.has(b.id)) out.push({ field: `boosts.${i}.id`, reason: `boost ${b.id} is listed twice.` });
    boostIds.add(b.id);
    checkRate(out, `boosts.${i}.extraBp`, b.extraBp, 1);
    const bs = ms(b.startsAt);
    const be = ms(b.endsAt);
    if (be <= bs)
      out.push({
        field: `boosts.${i}.endsAt`,
        reason: `the boost must end after it starts (${b.startsAt}).`,
      });
    else if (bs < start || (end !== null && be > end))
      out.push({
        field: `boosts.${i}.startsAt`,
        reason: `the boost (${b.startsAt} to ${b.endsAt}) must lie within the plan's window (${d.startsAt} to ${d.endsAt ?? 'open-ended'}).`,
      });
  });
  if (d.couponTemplateId !== null && d.kind === 'open')
    out.push({
      field: 'couponTemplateId',
      reason: 'an exclusive channel coupon belongs to a targeted or exclusive plan whose parties it is for.',
    });
  return out;
}

const overlap = (aS: string, aE: string | null, bS: string, bE: string | null) =>
  ms(aS) < (bE === null ? Infinity : ms(bE)) && ms(bS) < (aE === null ? Infinity : ms(aE));

/** Products both plans cover (an empty list covers every product of the merchant): null = all of them. */
function sharedProducts(a: PlanDraft, b: PlanDraft): string[] | null {
  if (!a.products.length && !b.products.length) return null;
  if (!a.products.length) return b.products.map((p) => p.productId);
  if (!b.products.length) return a.products.map((p) => p.productId);
  const mine = new Set(a.products.map((p) => p.productId));
  return b.products.map((p) => p.productId).filter((id) => mine.has(id));
}

/**
 * An exclusive plan may not overlap another not-ended exclusive plan of the same merchant in time, products
 * and parties: a party's exclusive terms for a product must be unambiguous. One issue per clashing party.
 */
export function exclusiveConflicts(d: PlanDraft, others: PlanFacts[]): PlanIssue[] {
  if (d.kind !== 'exclusive') return [];
  const out: PlanIssue[] = [];
  for (const o of others) {
    if (o.id === d.id || o.kind !== 'exclusive' || o.status === 'ended' || o.merchantId !== d.merchantId)
      continue;
    if (!overlap(d.startsAt, d.endsAt, o.startsAt, o.endsAt)) continue;
    const shared = sharedProducts(d, o);
    if (shared !== null && !shared.length) continue;
    d.parties.forEach((p, i) => {
      if (!o.parties.some((q) => q.type === p.type && q.id === p.id)) return;
      const what = shared === null ? 'all products' : `product ${shared.slice(0, 3).join(', ')}`;
      out.push({
        field: `parties.${i}`,
        reason: `${p.type} ${p.id} already has exclusive plan ${o.id} for ${what} from ${o.startsAt} to ${o.endsAt ?? 'open-ended'}; end it or make the windows or products not overlap.`,
      });
    });
  }
  return out;
}
