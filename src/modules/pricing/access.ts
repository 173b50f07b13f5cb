import { assertMerchantScope, type Principal } from '../../core/auth.ts';
import { conflict, type FieldIssue, forbidden } from '../../core/errors.ts';
import type { Db, Tx } from '../../core/db.ts';
import { storeOwners } from './catalog.repo.ts';
import type { Status } from './schemas.ts';

/** Who may create and change what, and the checks that need the catalog (store ownership). */

const MERCHANT_OFFER_KINDS = new Set([
  'price_cut',
  'flash_sale',
  'fan_price',
  'new_customer_price',
  'live_price',
  'presale',
  'store_threshold',
]);
const MERCHANT_COUPON_KINDS = new Set(['product', 'store', 'channel', 'live']);

/** The merchant a write is for: a merchant writes for itself only; operators for anyone or the platform. */
export function ownerOf(
  p: Principal,
  what: 'offer' | 'coupon',
  kind: string,
  merchantId: string | undefined,
) {
  if (p.role === 'operator') return merchantId;
  if (p.role !== 'merchant' || !p.partyId) throw forbidden(`only operators and merchants manage ${what}s`);
  if (merchantId !== undefined && merchantId !== p.partyId)
    throw forbidden(`a merchant manages its own ${what}s only, not those of merchant ${merchantId}`);
  const allowed = what === 'offer' ? MERCHANT_OFFER_KINDS : MERCHANT_COUPON_KINDS;
  if (!allowed.has(kind))
    throw forbidden(
      what === 'offer'
        ? `merchants create item offers and store thresholds; a ${kind} offer is the platform's`
        : `merchants issue product, store, channel and live coupons; ${kind} coupons are the platform's`,
    );
  return p.partyId;
}

/** Read access to a stored offer or template: its merchant, or anyone who may see platform terms. */
export function assertCanRead(p: Principal, merchantId: string | null) {
  if (merchantId === null) {
    if (p.role === 'operator' || p.role === 'integration' || p.role === 'merchant') return;
    throw forbidden('not allowed to read platform promotions');
  }
  assertMerchantScope(p, merchantId);
}

/** Write access to a stored offer or template. */
export function assertCanWrite(p: Principal, merchantId: string | null) {
  if (p.role === 'operator') return;
  if (p.role === 'merchant' && merchantId !== null && p.partyId === merchantId) return;
  throw forbidden(
    merchantId === null
      ? 'platform promotions are managed by operators'
      : `not allowed to manage merchant ${merchantId}'s promotions`,
  );
}

/**
 * Stores named in scope.storeIds must exist and, when the offer or coupon has a merchant, belong to it.
 * Returns field issues; `foreign` says whether a store of another merchant was named (a 403 for merchants).
 */
export async function checkStores(
  db: Db | Tx,
  merchantId: string | undefined,
  storeIds: string[] | undefined,
): Promise<{ issues: FieldIssue[]; foreign: boolean }> {
  const issues: FieldIssue[] = [];
  let foreign = false;
  if (!storeIds?.length) return { issues, foreign };
  const owners = await storeOwners(db, storeIds);
  storeIds.forEach((s, i) => {
    const owner = owners.get(s);
    if (owner === undefined)
      issues.push({
        field: `scope.storeIds.${i}`,
        reason: `scope.storeIds.${i}: there is no store ${s}.`,
        code: 'unknown_store',
        params: { store: s },
      });
    else if (merchantId !== undefined && owner !== merchantId) {
      foreign = true;
      issues.push({
        field: `scope.storeIds.${i}`,
        reason: `scope.storeIds.${i}: store ${s} belongs to another merchant, not to ${merchantId}.`,
        code: 'foreign_store',
        params: { store: s, merchantId },
      });
    }
  });
  return { issues, foreign };
}

export type Action = 'pause' | 'resume' | 'end';

/** Status changes by action: pause an active one, resume a paused or draft one, end anything not ended. */
export function nextStatus(what: string, id: string, from: Status, action: Action): Status {
  if (action === 'pause' && from === 'active') return 'paused';
  if (action === 'resume' && (from === 'paused' || from === 'draft')) return 'active';
  if (action === 'end' && from !== 'ended') return 'ended';
  throw conflict(`cannot ${action} ${what} ${id}: it is ${from}`, [
    {
      field: 'status',
      reason: `is ${from}; ${action} needs ${action === 'pause' ? 'active' : action === 'resume' ? 'paused or draft' : 'not ended'}`,
    },
  ]);
}
