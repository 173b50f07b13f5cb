import { assertMerchantScope, assertPartyScope, type Principal } from '../../core/auth.ts';
import { forbidden } from '../../core/errors.ts';
import type { OwnerType } from './domain/types.ts';

/**
 * Who may read a party's ledger accounts: a merchant its own, a creator / agency / promoter its own, operators
 * (and integrations, as for merchant data elsewhere) any party's; the platform's and consumers' accounts are
 * for operators only.
 */
export function assertOwnerScope(p: Principal, ownerType: OwnerType, ownerId: string) {
  switch (ownerType) {
    case 'merchant':
      return assertMerchantScope(p, ownerId);
    case 'creator':
    case 'agency':
    case 'promoter':
      return assertPartyScope(p, ownerType, ownerId);
    default:
      if (p.role !== 'operator') throw forbidden(`only operators see ${ownerType} ledger accounts`);
  }
}
