// The party a creator, agency or promoter page reads for: the signed-in user's own.
import type { PartyType, User } from '../../api-types';

export const isParty = (role: string): role is PartyType =>
  role === 'creator' || role === 'agency' || role === 'promoter';

export function partyOf(user: User): { partyType: PartyType; partyId: string } | null {
  return isParty(user.role) && user.partyId ? { partyType: user.role, partyId: user.partyId } : null;
}
