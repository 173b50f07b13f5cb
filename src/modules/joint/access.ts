import type { Principal } from '../../core/auth.ts';
import { forbidden } from '../../core/errors.ts';
import type { Participant } from './types.ts';

/**
 * Who may do what with a campaign. Writes are for merchants (their own stores) and operators; integrations
 * read everything like operators but never write; creators, agencies and promoters see nothing.
 */

export const writesFor = (p: Principal) => p.role === 'operator';
const reads = (p: Principal) => p.role === 'operator' || p.role === 'integration';

export function assertWriter(p: Principal): void {
  if (p.role === 'operator' || (p.role === 'merchant' && p.partyId)) return;
  throw forbidden('joint campaigns are run by merchants and operators');
}

/** The caller acts for the store's merchant (or is an operator). */
export function assertActsFor(p: Principal, merchantId: string, what: string): void {
  assertWriter(p);
  if (p.role === 'merchant' && p.partyId !== merchantId) throw forbidden(`not allowed to act for ${what}`);
}

export function assertOrganiser(p: Principal, c: { organiserMerchantId: string; id: string }): void {
  assertWriter(p);
  if (p.role === 'merchant' && p.partyId !== c.organiserMerchantId)
    throw forbidden(`only the organiser or an operator manages campaign ${c.id}`);
}

/** Campaign data is for the merchants with a store in it (invited or more) and for operators. */
export function assertInvolved(p: Principal, c: { id: string }, parts: Participant[]): void {
  if (reads(p)) return;
  if (p.role === 'merchant' && parts.some((x) => x.merchantId === p.partyId)) return;
  throw forbidden(`not allowed to see campaign ${c.id}`);
}

/** Participants' shared data (dashboard, settlement): merchants whose store took part, and operators. */
export function assertParticipant(p: Principal, c: { id: string }, parts: Participant[]): void {
  if (reads(p)) return;
  if (
    p.role === 'merchant' &&
    parts.some((x) => x.merchantId === p.partyId && (x.status === 'accepted' || x.role === 'organiser'))
  )
    return;
  throw forbidden(`campaign ${c.id}'s data is for its participants`);
}
