// TanStack Query hooks, one per API read the console makes.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { MerchantOverview, MerchantSummary, OperatorOverview, Page } from './api-types';

export function useOperatorOverview(days: number) {
  return useQuery({
    queryKey: ['overview', 'operator', days],
    queryFn: ({ signal }) => api<OperatorOverview>('/v1/overview/operator', { query: { days }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useMerchantOverview(merchantId: string, days: number) {
  return useQuery({
    queryKey: ['overview', 'merchant', merchantId, days],
    queryFn: ({ signal }) =>
      api<MerchantOverview>(`/v1/merchants/${encodeURIComponent(merchantId)}/overview`, {
        query: { days },
        signal,
      }),
    // Keep the old period on screen while a new one loads, but never another merchant's data.
    placeholderData: (previous) => (previous?.merchant.id === merchantId ? previous : undefined),
  });
}

export function useMerchants(params: { limit: number; offset: number; q: string }) {
  return useQuery({
    queryKey: ['merchants', params],
    queryFn: ({ signal }) => api<Page<MerchantSummary>>('/v1/merchants', { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}
