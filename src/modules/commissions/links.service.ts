import { randomBytes } from 'node:crypto';
import { assertPartyScope, type Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { type FieldIssue, forbidden, notFound, summarize, unprocessable } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { badTarget, CODE_LENGTH, codeFrom, landingUrl } from './domain/links.ts';
import { type Party, type PlanFacts, planRate, rateFor, within } from './domain/plans.ts';
import * as repo from './links.repo.ts';
import { loadPlans } from './plans.repo.ts';

/** Share links: a creator's or promoter's code for a product or store under a plan open to them. */

/** Where links land when the caller gives no targetUrl (the host marketplace's item and store pages). */
export const DEFAULT_LANDING = 'https://shop.example.com';

export interface LinkBody {
  productId?: string;
  storeId?: string;
  subId?: string;
  targetUrl?: string;
  /** Operators create links on behalf of a party. */
  partyType?: 'creator' | 'promoter';
  partyId?: string;
}

function linkParty(p: Principal, body: LinkBody): Party & { type: 'creator' | 'promoter' } {
  if ((p.role === 'creator' || p.role === 'promoter') && p.partyId) {
    if (body.partyId !== undefined && (body.partyId !== p.partyId || (body.partyType ?? p.role) !== p.role))
      throw forbidden(`a ${p.role} creates links for itself only`);
    return { type: p.role, id: p.partyId };
  }
  if (p.role === 'operator') {
    if (!body.partyType || !body.partyId)
      throw unprocessable('an operator names the creator or promoter the link is for', [
        {
          field: body.partyType ? 'partyId' : 'partyType',
          reason: 'is required when an operator creates a link',
        },
      ]);
    return { type: body.partyType, id: body.partyId };
  }
  throw forbidden('share links are for creators and promoters (agencies promote through their creators)');
}

/** The best plan open to the party across a store's products: exclusive first, then the highest default rate. */
function storePlan(plans: PlanFacts[], merchantId: string, party: Party, now: Date): PlanFacts | undefined {
  const at = now.toISOString();
  return plans
    .filter(
      (pl) =>
        pl.merchantId === merchantId &&
        pl.status === 'active' &&
        within(now.getTime(), pl.startsAt, pl.endsAt) &&
        // any product the plan covers will do: probe with its first product or, for a catalog-wide plan, any id
        planRate(pl, {
          productId: pl.products[0]?.productId ?? '',
          merchantId,
          party,
          at,
          presale: false,
        }) !== null,
    )
    .sort(
      (a, b) =>
        Number(b.kind === 'exclusive') - Number(a.kind === 'exclusive') ||
        b.defaultRateBp - a.defaultRateBp ||
        a.id.localeCompare(b.id),
    )[0];
}

/**
 * Creates the party's link for a product or a store, or returns the one it has for the same target and
 * sub-id (201 new, 200 existing: retries and double taps get the same code).
 */
export async function createLink(
  db: Db,
  p: Principal,
  body: LinkBody,
  opts: { landing?: string; now?: Date } = {},
) {
  const party = linkParty(p, body);
  const now = opts.now ?? new Date();
  const issues: FieldIssue[] = [];
  if (body.productId === undefined && body.storeId === undefined)
    issues.push({ field: 'productId', reason: 'give a productId or a storeId to link to.' });
  if (body.targetUrl !== undefined) {
    const bad = badTarget(body.targetUrl);
    if (bad) issues.push({ field: 'targetUrl', reason: bad });
  }
  if (issues.length) throw unprocessable(`the link is not valid: ${summarize(issues)}`, issues);

  let planId: string;
  let productId: string | null = null;
  let storeId: string;
  const who = `${party.type} ${party.id}`;
  if (body.productId !== undefined) {
    const product = await repo.productOf(db, body.productId);
    if (!product) throw refuse('productId', `there is no product ${body.productId}.`);
    if (product.status !== 'listed') throw refuse('productId', `product ${body.productId} is delisted.`);
    if (body.storeId !== undefined && body.storeId !== product.storeId)
      throw refuse('storeId', `product ${body.productId} is not in store ${body.storeId}.`);
    const choice = rateFor(await loadPlans(db, [product.merchantId]), {
      productId: body.productId,
      merchantId: product.merchantId,
      party,
      at: now.toISOString(),
      presale: false,
    });
    if (!choice)
      throw refuse(
        'productId',
        `no active plan of its merchant is open to ${who} for product ${body.productId}.`,
      );
    planId = choice.planId;
    productId = body.productId;
    storeId = product.storeId;
  } else {
    storeId = body.storeId!;
    const merchantId = await repo.storeMerchant(db, storeId);
    if (!merchantId) throw refuse('storeId', `there is no store ${storeId}.`);
    const plan = storePlan(await loadPlans(db, [merchantId]), merchantId, party, now);
    if (!plan) throw refuse('storeId', `no active plan of merchant ${merchantId} is open to ${who}.`);
    planId = plan.id;
  }

  const subId = body.subId ?? null;
  const key = { partyType: party.type, partyId: party.id, productId, storeId, subId };
  const prior = await repo.findLink(db, key);
  if (prior) return { status: 200, body: prior };
  // A fresh code collides about once in 2^40 tries per existing link; a concurrent twin wins the natural key.
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = codeFrom(randomBytes(CODE_LENGTH));
    const target = productId !== null ? { productId, storeId } : { storeId };
    const written = await repo.insertLink(db, {
      id: newId('lnk'),
      code,
      partyType: party.type,
      partyId: party.id,
      planId,
      productId,
      storeId,
      subId,
      targetUrl: landingUrl(opts.landing ?? DEFAULT_LANDING, target, code, subId, body.targetUrl),
    });
    const row = await repo.findLink(db, key);
    if (row) return { status: written && row.code === code ? 201 : 200, body: row };
  }
  throw new Error('could not find a free share code after 5 attempts');
}

function refuse(field: string, reason: string) {
  return unprocessable(`the link is not valid: ${field} ${reason}`, [{ field, reason }]);
}

/** Whose links a caller reads: its own; operators and integrations anyone's (or all). */
function readerParty(p: Principal, q: { partyType?: string; partyId?: string }) {
  if (p.role === 'creator' || p.role === 'promoter') {
    if (q.partyId !== undefined) assertPartyScope(p, (q.partyType ?? p.role) as Principal['role'], q.partyId);
    return { type: p.role, id: p.partyId! };
  }
  if (p.role !== 'operator' && p.role !== 'integration')
    throw forbidden('share links are read by their creator or promoter');
  return q.partyType && q.partyId ? { type: q.partyType, id: q.partyId } : undefined;
}

export async function listLinks(
  db: Db,
  p: Principal,
  q: {
    partyType?: string;
    partyId?: string;
    productId?: string;
    subId?: string;
    limit?: number;
    offset?: number;
  },
) {
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const { items, total } = await repo.listLinks(db, {
    party: readerParty(p, q),
    productId: q.productId,
    subId: q.subId,
    limit,
    offset,
  });
  return { items, total, limit, offset };
}

/** One link's clicks per business day over [from, to) (default: the last 30 days). */
export async function linkClicks(
  db: Db,
  p: Principal,
  id: string,
  q: { from?: string; to?: string },
  timeZone: string,
  now = new Date(),
) {
  const link = await repo.linkById(db, id);
  if (!link) throw notFound(`no share link ${id}`);
  if (p.role !== 'operator' && p.role !== 'integration') assertPartyScope(p, link.partyType, link.partyId);
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
  if (from >= to)
    throw refuse('from', `from (${from.toISOString()}) must be before to (${to.toISOString()}).`);
  const days = await repo.clicksByDay(db, id, from, to, timeZone);
  return {
    link,
    from: from.toISOString(),
    to: to.toISOString(),
    clicks: days.reduce((s, d) => s + d.clicks, 0),
    days,
  };
}
