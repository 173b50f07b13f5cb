// TanStack Query hooks of the live pages: one per API read.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import type { MerchantProduct } from '../../api-types';
import { sessionsQuery } from './live-format';
import type {
  Dashboard,
  HostOptions,
  LiveSettings,
  Penetration,
  Room,
  SessionDetail,
  SessionFilters,
  SessionMetrics,
  SessionSummary,
} from './live-types';

/** Every live query starts with this key: a start, end, explanation or new session refreshes them all. */
export const LIVE_KEY = ['live'] as const;
/** How often a live session's page reads its figures again. */
export const LIVE_REFRESH_MS = 5_000;

export const sessionUrl = (id: string) => `/v1/live/sessions/${encodeURIComponent(id)}`;

export function useSessions(f: SessionFilters) {
  return useQuery({
    queryKey: [...LIVE_KEY, 'sessions', f],
    queryFn: ({ signal }) =>
      api<{ items: SessionSummary[]; total: number }>('/v1/live/sessions', {
        query: sessionsQuery(f),
        signal,
      }),
    placeholderData: keepPreviousData,
    // Live rows' figures move: keep the list current while any is on air.
    refetchInterval: (q) =>
      q.state.data?.items.some((s) => s.status === 'live') ? LIVE_REFRESH_MS * 2 : false,
  });
}

export function useSession(id: string | undefined) {
  return useQuery({
    queryKey: [...LIVE_KEY, 'session', id],
    queryFn: ({ signal }) => api<SessionDetail>(sessionUrl(id ?? ''), { signal }),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'live' ? LIVE_REFRESH_MS : false),
  });
}

export function useSessionMetrics(id: string | undefined, live: boolean, enabled: boolean) {
  return useQuery({
    queryKey: [...LIVE_KEY, 'metrics', id],
    queryFn: ({ signal }) => api<SessionMetrics>(`${sessionUrl(id ?? '')}/metrics`, { signal }),
    enabled: !!id && enabled,
    refetchInterval: live ? LIVE_REFRESH_MS : false,
    placeholderData: (prev) => (prev?.sessionId === id ? prev : undefined),
  });
}

export function useRooms(merchantId: string | undefined) {
  return useQuery({
    queryKey: [...LIVE_KEY, 'rooms', merchantId ?? null],
    queryFn: ({ signal }) => api<{ items: Room[] }>('/v1/live/rooms', { query: { merchantId }, signal }),
    refetchInterval: LIVE_REFRESH_MS * 6,
  });
}

export function useDashboard(merchantId: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: [...LIVE_KEY, 'dashboard', merchantId ?? null, from, to],
    queryFn: ({ signal }) =>
      api<Dashboard>('/v1/live/dashboard', { query: { merchantId, from, to }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePenetration(from: string, to: string) {
  return useQuery({
    queryKey: [...LIVE_KEY, 'penetration', from, to],
    queryFn: ({ signal }) => api<Penetration>('/v1/live/penetration', { query: { from, to }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useLiveSettings(enabled = true) {
  return useQuery({
    queryKey: [...LIVE_KEY, 'settings'],
    queryFn: ({ signal }) => api<LiveSettings>('/v1/live/settings', { signal }),
    enabled,
  });
}

/** Who may host: creators by followers, agencies with their contracted creators (GET /v1/live/hosts). */
export function useHostOptions(enabled: boolean) {
  return useQuery({
    queryKey: [...LIVE_KEY, 'hosts'],
    enabled,
    staleTime: 5 * 60_000,
    meta: { silent: true },
    queryFn: ({ signal }) => api<HostOptions>('/v1/live/hosts', { query: { limit: 200 }, signal }),
  });
}

/** The signed-in merchant's stores (the scoring list serves it: a merchant sees only its own stores there). */
export function useMyStores(enabled: boolean) {
  return useQuery({
    queryKey: ['traffic', 'my-stores'],
    queryFn: ({ signal }) =>
      api<{ items: { id: string; name: string | null }[] }>('/v1/scores/stores', {
        query: { limit: 100, offset: 0, sort: '-score' },
        signal,
      }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Merchants by name for the operator's filter (the first 50 matching). */
export function useMerchantOptions(enabled: boolean, q: string) {
  return useQuery({
    queryKey: ['merchants', { limit: 50, offset: 0, q }],
    queryFn: ({ signal }) =>
      api<{ items: { id: string; name: string }[] }>('/v1/merchants', {
        query: { limit: 50, offset: 0, q },
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** A merchant's products (with SKUs) for the schedule form, filtered to one store on the page. */
export function useStoreProducts(merchantId: string | undefined, q: string) {
  return useQuery({
    queryKey: ['merchant-products', merchantId, q],
    queryFn: ({ signal }) =>
      api<{ items: MerchantProduct[] }>(`/v1/merchants/${encodeURIComponent(merchantId ?? '')}/products`, {
        query: { limit: 200, q },
        signal,
      }),
    enabled: !!merchantId,
    placeholderData: keepPreviousData,
  });
}
