// TanStack Query hooks of the distribution, commission and ledger pages: one per API read.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import type {
  Category,
  CommissionOrders,
  CommissionSettings,
  CommissionStatement,
  DailyEarnings,
  FeePolicy,
  LedgerAccount,
  LedgerCheck,
  LinkClicks,
  MerchantCommissionReport,
  MonthStatements,
  Plan,
  PlanProducts,
  Reconciliation,
  ReviewItem,
  SelectionItem,
  SettlementRun,
  ShareLink,
  SquareProduct,
} from '../../api-types';

type Query = Record<string, string | number | undefined>;
interface Paged<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const DIST_KEYS = {
  plans: ['dist', 'plans'],
  square: ['dist', 'square'],
  selection: ['dist', 'selection'],
  links: ['dist', 'links'],
  orders: ['dist', 'orders'],
  statements: ['dist', 'statements'],
  fees: ['dist', 'fees'],
  review: ['dist', 'review'],
  ledger: ['dist', 'ledger'],
} as const;

export function usePlans(q: Query) {
  return useQuery({
    queryKey: [...DIST_KEYS.plans, q],
    queryFn: ({ signal }) => api<Paged<Plan>>('/v1/distribution/plans', { query: q, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePlanProducts(id: string | null) {
  return useQuery({
    queryKey: [...DIST_KEYS.plans, 'products', id],
    queryFn: ({ signal }) =>
      api<PlanProducts>(`/v1/distribution/plans/${encodeURIComponent(id ?? '')}/products`, {
        query: { limit: 200 },
        signal,
      }),
    enabled: id !== null,
  });
}

export function useSquare(q: Query) {
  return useQuery({
    queryKey: [...DIST_KEYS.square, q],
    queryFn: ({ signal }) => api<Paged<SquareProduct>>('/v1/distribution/products', { query: q, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSelection() {
  return useQuery({
    queryKey: [...DIST_KEYS.selection],
    queryFn: ({ signal }) => api<{ items: SelectionItem[] }>('/v1/distribution/selection', { signal }),
  });
}

export function useLinks(q: Query, enabled = true) {
  return useQuery({
    queryKey: [...DIST_KEYS.links, q],
    queryFn: ({ signal }) => api<Paged<ShareLink>>('/v1/distribution/links', { query: q, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useLinkClicks(id: string | null) {
  return useQuery({
    queryKey: [...DIST_KEYS.links, 'clicks', id],
    queryFn: ({ signal }) =>
      api<LinkClicks>(`/v1/distribution/links/${encodeURIComponent(id ?? '')}/clicks`, { signal }),
    enabled: id !== null,
  });
}

export function useCommissionOrders(q: Query, enabled = true) {
  return useQuery({
    queryKey: [...DIST_KEYS.orders, q],
    queryFn: ({ signal }) => api<CommissionOrders>('/v1/commissions/orders', { query: q, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useStatements(q: { partyType?: string; partyId?: string; month?: string }) {
  return useQuery({
    queryKey: [...DIST_KEYS.statements, q],
    queryFn: ({ signal }) =>
      api<{ items: CommissionStatement[] }>('/v1/commissions/statements', { query: q, signal }),
    enabled: !!q.partyType && !!q.partyId,
    placeholderData: keepPreviousData,
  });
}

export function useMerchantReport(q: { merchantId?: string; from?: string; top?: number }) {
  return useQuery({
    queryKey: ['dist', 'merchant-report', q],
    queryFn: ({ signal }) =>
      api<MerchantCommissionReport>('/v1/commissions/merchant-report', { query: q, signal }),
    enabled: !!q.merchantId,
    placeholderData: (prev) => (prev?.merchantId === q.merchantId ? prev : undefined),
  });
}

export function useFeePolicies(q: { kind?: string; status?: string }) {
  return useQuery({
    queryKey: [...DIST_KEYS.fees, q],
    queryFn: ({ signal }) =>
      api<{ items: FeePolicy[] }>('/v1/commissions/fee-policies', { query: q, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCommissionSettings(enabled = true) {
  return useQuery({
    queryKey: ['dist', 'settings'],
    queryFn: ({ signal }) => api<CommissionSettings>('/v1/commissions/settings', { signal }),
    enabled,
  });
}

export function useReviewQueue(status: 'pending' | 'decided' = 'pending') {
  return useQuery({
    queryKey: [...DIST_KEYS.review, status],
    queryFn: ({ signal }) =>
      api<{ items: ReviewItem[] }>('/v1/commissions/review', { query: { limit: 200, status }, signal }),
  });
}

export function useDailyEarnings(q: { partyType: string; partyId: string; from: string; to: string } | null) {
  return useQuery({
    queryKey: [...DIST_KEYS.orders, 'daily', q],
    queryFn: ({ signal }) => api<DailyEarnings>('/v1/commissions/earnings/daily', { query: q ?? {}, signal }),
    enabled: q !== null,
    placeholderData: keepPreviousData,
  });
}

export function useMonthStatements(q: {
  month: string;
  partyType?: string;
  status?: string;
  limit: number;
  offset: number;
}) {
  return useQuery({
    queryKey: [...DIST_KEYS.statements, 'by-month', q],
    queryFn: ({ signal }) =>
      api<MonthStatements>('/v1/commissions/statements/by-month', { query: q, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSettlementRuns() {
  return useQuery({
    queryKey: [...DIST_KEYS.statements, 'runs'],
    queryFn: ({ signal }) =>
      api<{ items: SettlementRun[]; total: number }>('/v1/commissions/settlements', {
        query: { limit: 24 },
        signal,
      }),
  });
}

/** Every category (a few hundred at most): pickers filter them locally. */
export function useCategories() {
  return useQuery({
    queryKey: ['catalog', 'categories'],
    queryFn: ({ signal }) => api<{ items: Category[] }>('/v1/categories', { signal }),
    staleTime: 10 * 60_000,
  });
}

export function useReconciliation(orderId: string | undefined) {
  return useQuery({
    queryKey: ['dist', 'recon', orderId],
    queryFn: ({ signal }) =>
      api<Reconciliation>('/v1/commissions/reconciliation', { query: { orderId }, signal }),
    enabled: !!orderId,
    retry: false,
  });
}

export function useLedgerCheck(enabled: boolean) {
  return useQuery({
    queryKey: [...DIST_KEYS.ledger, 'check'],
    queryFn: ({ signal }) => api<LedgerCheck>('/v1/ledger/check', { signal }),
    enabled,
  });
}

export function useLedgerAccounts(q: { owner?: string; after?: string; limit?: number }, enabled = true) {
  return useQuery({
    queryKey: [...DIST_KEYS.ledger, 'accounts', q],
    queryFn: ({ signal }) => api<{ accounts: LedgerAccount[] }>('/v1/ledger/accounts', { query: q, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
