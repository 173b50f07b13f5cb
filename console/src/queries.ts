// TanStack Query hooks, one per API read the console makes.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './api';
import type {
  CouponTemplate,
  ListPage,
  MerchantOverview,
  MerchantProduct,
  MerchantSummary,
  Offer,
  OfferStats,
  OperatorOverview,
  Page,
  PromoStatus,
  TemplateStats,
  ValidationResult,
} from './api-types';

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

// ---- Pricing ----

export interface PromoListParams {
  merchantId?: string;
  status?: PromoStatus;
  kind?: string;
  limit: number;
  offset: number;
}

export function useOffers(params: PromoListParams) {
  return useQuery({
    queryKey: ['pricing', 'offers', params],
    queryFn: ({ signal }) => api<ListPage<Offer>>('/v1/pricing/offers', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOfferStats(id: string | null) {
  return useQuery({
    queryKey: ['pricing', 'offer-stats', id],
    queryFn: ({ signal }) =>
      api<OfferStats>(`/v1/pricing/offers/${encodeURIComponent(id ?? '')}/stats`, { signal }),
    enabled: id !== null,
  });
}

export function useTemplates(params: PromoListParams) {
  return useQuery({
    queryKey: ['pricing', 'templates', params],
    queryFn: ({ signal }) =>
      api<ListPage<CouponTemplate>>('/v1/pricing/coupon-templates', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTemplateStats(id: string | null) {
  return useQuery({
    queryKey: ['pricing', 'template-stats', id],
    queryFn: ({ signal }) =>
      api<TemplateStats>(`/v1/pricing/coupon-templates/${encodeURIComponent(id ?? '')}/stats`, { signal }),
    enabled: id !== null,
  });
}

/**
 * Live validation of a half-filled form: the server's explanations for `body`, or none while
 * `body` is null. Older answers stay on screen until the newer one arrives.
 */
export function useValidation(path: string, body: unknown) {
  return useQuery({
    queryKey: ['pricing', 'validate', path, body],
    queryFn: ({ signal }) => api<ValidationResult>(path, { method: 'POST', body, signal }),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
    retry: false,
    meta: { silent: true },
  });
}

/** Up to 200 of a merchant's products (with SKUs), optionally filtered by title or id. */
export function useMerchantProducts(merchantId: string | undefined, q = '') {
  return useQuery({
    queryKey: ['merchant-products', merchantId, q],
    queryFn: ({ signal }) =>
      api<{ items: MerchantProduct[] }>(`/v1/merchants/${encodeURIComponent(merchantId ?? '')}/products`, {
        query: { limit: 200, q },
        signal,
      }),
    enabled: !!merchantId,
    placeholderData: (previous, query) => (query?.queryKey[1] === merchantId ? previous : undefined),
  });
}
