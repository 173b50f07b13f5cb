// Shapes of the Tributary REST API as the console uses them.
// Money is integer fen; days are 'YYYY-MM-DD' in the marketplace time zone.

export type Role = 'operator' | 'merchant' | 'creator' | 'agency' | 'promoter' | 'integration';

export interface User {
  id: string;
  login: string;
  role: Role;
  /** The party the user acts for: for a merchant, its merchant id. */
  partyId: string | null;
  displayName: string;
}

export interface LoginResponse {
  token: string;
  user: User;
}

export type MerchantType = 'self' | 'pop';

export interface OperatorOverview {
  currency: string;
  from: string;
  to: string;
  totals: { gmv: number; orders: number; buyers: number; merchants: number; activeMerchants: number };
  daily: { day: string; gmv: number; orders: number; buyers: number }[];
  topMerchants: { merchantId: string; name: string; type: MerchantType; gmv: number; orders: number }[];
}

export interface MerchantOverview {
  merchant: { id: string; name: string; type: MerchantType };
  currency: string;
  from: string;
  to: string;
  totals: { gmv: number; orders: number; buyers: number; visitors: number; conversionBp: number };
  daily: { day: string; gmv: number; orders: number; buyers: number; visitors: number }[];
}

export interface MerchantSummary {
  id: string;
  name: string;
  type: MerchantType;
  onboardedAt: string;
  storeCount: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}
