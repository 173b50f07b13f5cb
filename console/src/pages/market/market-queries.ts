// TanStack Query hooks of the creator-marketplace pages: one per API read. Every key starts with MARKET_KEY, so
// any action (approve, ship, quote, accept …) refreshes them all.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import type {
  Bidder,
  CreatorRecs,
  Job,
  JobDetail,
  JobStatus,
  ProductRecs,
  SamplePolicy,
  SampleList,
  SampleStatus,
  SessionLite,
} from './market-types';

export const MARKET_KEY = ['market'] as const;

export function useSamples(q: { status?: SampleStatus; limit: number; offset: number }) {
  return useQuery({
    queryKey: [...MARKET_KEY, 'samples', q],
    queryFn: ({ signal }) => api<SampleList>('/v1/samples', { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSamplePolicy(merchantId: string | null) {
  return useQuery({
    queryKey: [...MARKET_KEY, 'policy', merchantId],
    queryFn: ({ signal }) =>
      api<SamplePolicy>('/v1/samples/policy', { query: { merchantId: merchantId ?? undefined }, signal }),
    enabled: !!merchantId,
  });
}

/** The signed-in creator's own live sessions (for the fulfil form's picker), newest first. */
export function useMySessions(enabled: boolean) {
  return useQuery({
    queryKey: [...MARKET_KEY, 'my-sessions'],
    queryFn: ({ signal }) =>
      api<{ items: SessionLite[]; total: number }>('/v1/live/sessions', { query: { limit: 200 }, signal }),
    enabled,
    staleTime: 60_000,
  });
}

export function useJobs(q: { status?: JobStatus; mine?: string; limit: number; offset: number }) {
  return useQuery({
    queryKey: [...MARKET_KEY, 'jobs', q],
    queryFn: ({ signal }) =>
      api<{ items: Job[]; total: number }>('/v1/proxy-jobs', { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useJob(id: string | undefined) {
  return useQuery({
    queryKey: [...MARKET_KEY, 'job', id],
    queryFn: ({ signal }) => api<JobDetail>(`/v1/proxy-jobs/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

/** The creators an agency may put forward (its contracted ones). Missing endpoint → the form asks for an id. */
export function useBidders(enabled: boolean) {
  return useQuery({
    queryKey: [...MARKET_KEY, 'bidders'],
    queryFn: ({ signal }) => api<{ items: Bidder[] }>('/v1/proxy-jobs/bidders', { signal }),
    enabled,
    retry: false,
    meta: { silent: true },
    staleTime: 5 * 60_000,
  });
}

export function useCreatorRecs(storeId: string | undefined, productId: string | undefined) {
  return useQuery({
    queryKey: [...MARKET_KEY, 'recs', 'creators', storeId, productId ?? null],
    queryFn: ({ signal }) =>
      api<CreatorRecs>('/v1/live/recommendations/creators', {
        query: { storeId, productId, limit: 20 },
        signal,
      }),
    enabled: !!storeId,
    placeholderData: (prev) => (prev?.storeId === storeId ? prev : undefined),
  });
}

export function useProductRecs(creatorId: string | undefined) {
  return useQuery({
    queryKey: [...MARKET_KEY, 'recs', 'products', creatorId],
    queryFn: ({ signal }) =>
      api<ProductRecs>('/v1/live/recommendations/products', { query: { creatorId, limit: 20 }, signal }),
    enabled: !!creatorId,
  });
}

/** A merchant's products of one store (for the recommendation's product picker). */
export function useStoreProducts(merchantId: string | null, storeId: string | undefined) {
  return useQuery({
    queryKey: [...MARKET_KEY, 'store-products', merchantId, storeId],
    queryFn: ({ signal }) =>
      api<{ items: { id: string; title: string; storeId: string }[] }>(
        `/v1/merchants/${encodeURIComponent(merchantId ?? '')}/products`,
        { query: { limit: 200 }, signal },
      ).then((r) => r.items.filter((p) => p.storeId === storeId)),
    enabled: !!merchantId && !!storeId,
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
}
