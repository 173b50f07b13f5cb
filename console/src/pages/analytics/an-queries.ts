// TanStack Query hooks of the analytics pages: one per API read. Reads wait for the merchant (operators pick one);
// the real-time read refreshes every 5 s.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import type {
  AllDomain,
  Attribution,
  ExperimentList,
  ExperimentResult,
  Forecast,
  ForecastSubject,
  Funnel,
  Health,
  MarketOpportunities,
  MerchantOpportunities,
  Overview,
  Peers,
  ProductRanking,
  Realtime,
  RoiKind,
  RoiReport,
  RollupStatus,
  Sources,
  StoredReport,
} from './an-types';

export const AN_KEY = ['analytics'] as const;
const enc = encodeURIComponent;

export interface RangeQuery {
  merchantId?: string;
  from: string;
  to: string;
}

/** A merchant read over a range; `needsMerchant` holds it until an operator has picked one. */
function useRangeRead<T>(
  name: string,
  path: string,
  q: RangeQuery & Record<string, unknown>,
  enabled: boolean,
) {
  return useQuery({
    queryKey: [...AN_KEY, name, q],
    queryFn: ({ signal }) =>
      api<T>(path, { query: q as Record<string, string | number | undefined>, signal }),
    enabled,
    // Keep the old range on screen while a new one loads, never another merchant's figures.
    placeholderData: (prev, prevQuery) =>
      (prevQuery?.queryKey[2] as RangeQuery | undefined)?.merchantId === q.merchantId ? prev : undefined,
  });
}

export const useOverview = (q: RangeQuery, enabled: boolean) =>
  useRangeRead<Overview>('overview', '/v1/analytics/overview', { ...q }, enabled);
export const useSources = (q: RangeQuery, enabled: boolean) =>
  useRangeRead<Sources>('sources', '/v1/analytics/sources', { ...q }, enabled);
export const useFunnel = (q: RangeQuery, enabled: boolean) =>
  useRangeRead<Funnel>('funnel', '/v1/analytics/funnel', { ...q }, enabled);
export const usePeers = (q: RangeQuery, enabled: boolean) =>
  useRangeRead<Peers>('peers', '/v1/analytics/peers', { ...q }, enabled);
export const useProducts = (
  q: RangeQuery & { sort: ProductRanking['sort']; limit: number },
  enabled: boolean,
) => useRangeRead<ProductRanking>('products', '/v1/analytics/products', { ...q }, enabled);
export const useAllDomain = (q: RangeQuery, enabled: boolean) =>
  useRangeRead<AllDomain>('all-domain', '/v1/analytics/all-domain', { ...q }, enabled);
export const useRoi = (q: RangeQuery & { kind?: RoiKind }, enabled: boolean) =>
  useRangeRead<RoiReport>('roi', '/v1/analytics/roi', { ...q }, enabled);
export const useAttribution = (q: RangeQuery & { lookbackDays?: number }, enabled: boolean) =>
  useRangeRead<Attribution>('attribution', '/v1/analytics/attribution', { ...q }, enabled);

/** Today so far against yesterday at the same time, asked again every 5 s. */
export function useRealtime(merchantId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...AN_KEY, 'realtime', merchantId],
    queryFn: ({ signal }) => api<Realtime>('/v1/analytics/realtime', { query: { merchantId }, signal }),
    enabled,
    refetchInterval: 5000,
    refetchIntervalInBackground: false,
    placeholderData: (prev) => (prev?.merchantId === merchantId ? prev : undefined),
  });
}

export function useHealth(q: { from: string; to: string }) {
  return useQuery({
    queryKey: [...AN_KEY, 'health', q],
    queryFn: ({ signal }) => api<Health>('/v1/analytics/health', { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useReports(q: { scope?: 'merchant' | 'operator'; partyId?: string; limit: number }) {
  return useQuery({
    queryKey: [...AN_KEY, 'reports', q],
    queryFn: ({ signal }) =>
      api<{ rows: StoredReport[] }>('/v1/analytics/reports', { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useReport(id: string | undefined) {
  return useQuery({
    queryKey: [...AN_KEY, 'report', id],
    queryFn: ({ signal }) => api<StoredReport>(`/v1/analytics/reports/${enc(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

export function useRollupStatus() {
  return useQuery({
    queryKey: [...AN_KEY, 'rollups'],
    queryFn: ({ signal }) => api<RollupStatus>('/v1/analytics/rollups/status', { signal }),
    refetchInterval: 15_000,
  });
}

export function useExperiments(merchantId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...AN_KEY, 'experiments', merchantId],
    queryFn: ({ signal }) =>
      api<ExperimentList>('/v1/analytics/experiments', { query: { merchantId }, signal }),
    enabled,
  });
}

export function useExperiment(activationId: string | undefined) {
  return useQuery({
    queryKey: [...AN_KEY, 'experiment', activationId],
    queryFn: ({ signal }) =>
      api<ExperimentResult>(`/v1/analytics/experiments/${enc(activationId ?? '')}`, { signal }),
    enabled: !!activationId,
  });
}

export function useForecast(q: { subject: ForecastSubject; id: string | undefined; horizon: number }) {
  return useQuery({
    queryKey: [...AN_KEY, 'forecast', q],
    queryFn: ({ signal }) => api<Forecast>('/v1/analytics/forecast', { query: { ...q }, signal }),
    enabled: !!q.id,
    placeholderData: (prev) => (prev?.subject === q.subject && prev.id === q.id ? prev : undefined),
  });
}

export function useMarket(q: { from: string; to: string }) {
  return useQuery({
    queryKey: [...AN_KEY, 'market', q],
    queryFn: ({ signal }) =>
      api<MarketOpportunities>('/v1/analytics/opportunities/market', { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOpportunities(merchantId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...AN_KEY, 'opportunities', merchantId],
    queryFn: ({ signal }) =>
      api<MerchantOpportunities>('/v1/analytics/opportunities', { query: { merchantId }, signal }),
    enabled,
  });
}
