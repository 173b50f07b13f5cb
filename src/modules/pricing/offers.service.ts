import type { Principal } from '../../core/auth.ts';
import type { Db, Tx } from '../../core/db.ts';
import {
  conflict,
  type FieldIssue,
  forbidden,
  notFound,
  Problem,
  summarize,
  unprocessable,
} from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { type Action, assertCanRead, assertCanWrite, checkStores, nextStatus, ownerOf } from './access.ts';
import type { Offer } from './domain/types.ts';
import { validateOffer } from './domain/validate.ts';
import { invalidateOffers } from './offer-cache.ts';
import * as repo from './offers.repo.ts';
import { type ListQuery, mergePatch, OFFER_REQUIRED, type OfferBody, type OfferPatch } from './schemas.ts';
import { canonical, offerView, toOffer } from './terms.ts';

/** Offers (promotions): create idempotently by id, list, read, change with a version bump, pause/resume/end, stats. */

/** Runs an offer write; quotes in this process see its result at once (others within a second). */
async function write<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(fn);
  } finally {
    invalidateOffers(db);
  }
}

/** Every issue of an offer: the domain's explanations plus the catalog checks (stores exist and are the merchant's). */
export async function offerIssues(db: Db, p: Principal, o: Offer) {
  const issues = validateOffer(o);
  // scope may be missing in what the validate route passes on from a half-filled form.
  const { issues: storeIssues, foreign } = await checkStores(db, o.merchantId, o.scope?.storeIds);
  issues.push(...storeIssues);
  if (p.role === 'merchant' && (o.platformFundedBp ?? 0) > 0)
    issues.push({
      field: 'platformFundedBp',
      reason:
        'platformFundedBp must be 0: a merchant cannot commit platform funding; ask an operator for a co-funded offer.',
      code: 'merchant_cannot_fund',
      params: { platformFundedBp: o.platformFundedBp ?? 0 },
    });
  return { issues, foreign };
}

/**
 * Who the offer or template is for, or the issue that says why the caller may not write it: a merchant
 * naming another merchant (`not_own_merchant`, on merchantId) or a kind that is the platform's
 * (`platform_kind`, on kind).
 */
export function ownership(
  p: Principal,
  what: 'offer' | 'coupon',
  kind: string,
  merchantId: string | undefined,
): { merchantId: string | undefined; issue?: FieldIssue } {
  try {
    return { merchantId: ownerOf(p, what, kind, merchantId) };
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    const reason = `${e.detail ?? e.title}.`;
    if (p.role === 'merchant' && merchantId !== undefined && merchantId !== p.partyId)
      return {
        merchantId,
        issue: { field: 'merchantId', reason, code: 'not_own_merchant', params: { merchantId } },
      };
    return { merchantId, issue: { field: 'kind', reason, code: 'platform_kind', params: { kind } } };
  }
}

function reject(issues: FieldIssue[], foreign: boolean, p: Principal): never {
  if (foreign && p.role === 'merchant')
    throw new Problem(403, 'Forbidden', 'the offer names a store of another merchant', issues);
  throw unprocessable(`the offer is not valid: ${summarize(issues)}`, issues);
}

export async function createOffer(db: Db, p: Principal, body: OfferBody) {
  const merchantId = ownerOf(p, 'offer', body.kind, body.merchantId);
  const offer = toOffer({ ...body, merchantId }, body.id ?? newId('off'));
  const { issues, foreign } = await offerIssues(db, p, offer);
  if (issues.length) reject(issues, foreign, p);
  return write(db, async (trx) => {
    const row = await repo.insertOffer(trx, offer, body.status ?? 'active', p.subject);
    if (row) {
      if (offer.kind === 'flash_sale') await repo.ensureFlashStock(trx, offer.id, offer.stockLeft ?? 0);
      return { status: 201, body: offerView(row) };
    }
    // Idempotent by natural id: the same offer again is a no-op; different terms under the same id are refused.
    const prior = (await repo.getOffer(trx, offer.id))!;
    if (prior.merchant_id !== (offer.merchantId ?? null) || canonical(prior.terms) !== canonical(offer))
      throw conflict(`offer ${offer.id} already exists with different terms; change it with PATCH`, [
        {
          field: 'id',
          reason: `offer ${offer.id} exists with different terms`,
          code: 'id_taken',
          params: { id: offer.id },
        },
      ]);
    return { status: 200, body: offerView(prior) };
  });
}

/**
 * Checks without saving, for the console's live validation: issues as a list, never an error status. The
 * body may be what is left of a half-filled form once the parts that failed the schema were removed.
 */
export async function validateOfferBody(db: Db, p: Principal, body: OfferBody) {
  const { merchantId, issue } = ownership(p, 'offer', body.kind, body.merchantId);
  if (issue) return { valid: false, issues: [issue] };
  const { issues } = await offerIssues(db, p, toOffer({ ...body, merchantId }, body.id ?? 'draft'));
  return { valid: issues.length === 0, issues };
}

export async function listOffers(db: Db, p: Principal, q: ListQuery) {
  if (p.role === 'merchant') {
    if (q.merchantId && q.merchantId !== p.partyId)
      throw forbidden(`a merchant lists its own offers only, not those of ${q.merchantId}`);
    q = { ...q, merchantId: p.partyId! };
  } else if (p.role !== 'operator' && p.role !== 'integration') throw forbidden('not allowed to list offers');
  const { rows, total } = await repo.listOffers(db, q);
  const stock = await repo.flashStock(
    db,
    rows.filter((r) => r.kind === 'flash_sale').map((r) => r.id),
  );
  return {
    items: rows.map((r) => offerView(r, stock.get(r.id))),
    total,
    limit: q.limit ?? 50,
    offset: q.offset ?? 0,
  };
}

export async function getOffer(db: Db, p: Principal, id: string) {
  const row = await repo.getOffer(db, id);
  if (!row) throw notFound(`offer ${id}`);
  assertCanRead(p, row.merchant_id);
  const stock = row.kind === 'flash_sale' ? (await repo.flashStock(db, [id])).get(id) : undefined;
  return offerView(row, stock);
}

export async function patchOffer(db: Db, p: Principal, id: string, patch: OfferPatch) {
  return write(db, async (trx) => {
    const row = await repo.getOffer(trx, id, true);
    if (!row) throw notFound(`offer ${id}`);
    assertCanWrite(p, row.merchant_id);
    if (row.status === 'ended')
      throw conflict(`offer ${id} has ended and cannot change`, [
        { field: 'status', reason: 'is ended', code: 'ended', params: { status: row.status } },
      ]);
    const { version, ...changes } = patch;
    if (version !== undefined && version !== null && version !== row.version)
      throw conflict(
        `offer ${id} is at version ${row.version}, not ${version}; reload it and apply the change again`,
        [
          {
            field: 'version',
            reason: `is ${row.version}`,
            code: 'version_conflict',
            params: { version: row.version },
          },
        ],
      );
    // A field given replaces the stored one; null clears an optional one.
    const { merged, issues: cleared } = mergePatch(
      row.terms as unknown as OfferBody,
      changes,
      OFFER_REQUIRED,
      'offer',
    );
    if (cleared.length) throw unprocessable(`the offer is not valid: ${summarize(cleared)}`, cleared);
    const merchantId = ownerOf(p, 'offer', merged.kind, merged.merchantId);
    if ((merchantId ?? null) !== row.merchant_id)
      throw unprocessable('an offer cannot move to another merchant', [
        { field: 'merchantId', reason: 'cannot change', code: 'merchant_cannot_change', params: {} },
      ]);
    const offer = toOffer(merged, id);
    const { issues, foreign } = await offerIssues(trx, p, offer);
    if (issues.length) reject(issues, foreign, p);
    const updated = await repo.updateOffer(trx, id, repo.offerColumns(offer));
    if (offer.kind === 'flash_sale' && typeof changes.stockLeft === 'number')
      await repo.setFlashStock(trx, id, changes.stockLeft);
    else if (offer.kind === 'flash_sale') await repo.ensureFlashStock(trx, id, offer.stockLeft ?? 0);
    return offerView(updated);
  });
}

export async function changeOfferStatus(db: Db, p: Principal, id: string, action: Action) {
  return write(db, async (trx) => {
    const row = await repo.getOffer(trx, id, true);
    if (!row) throw notFound(`offer ${id}`);
    assertCanWrite(p, row.merchant_id);
    const status = nextStatus('offer', id, row.status, action);
    return offerView(await repo.updateOffer(trx, id, { status }));
  });
}

export async function offerStats(db: Db, p: Principal, id: string) {
  const row = await repo.getOffer(db, id);
  if (!row) throw notFound(`offer ${id}`);
  if (row.merchant_id === null) {
    if (p.role !== 'operator' && p.role !== 'integration')
      throw forbidden('platform offer statistics are for operators');
  } else assertCanRead(p, row.merchant_id);
  return { offerId: id, ...(await repo.sourceStats(db, { offerId: id })) };
}
