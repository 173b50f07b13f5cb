// TanStack Query hooks of the traffic pages: one per API read.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api';
import type { CategoryName } from './traffic-format';
import type {
  Category,
  DeliveryDay,
  Leaderboard,
  MerchantTraffic,
  Participant,
  Program,
  ProgramKind,
  ProgramVersion,
  QuotaAccount,
  SettingsView,
  TrafficOverview,
} from './traffic-types';

/** Every traffic query starts with this key: a saved program, settings or enrolment refreshes them all. */
export const TRAFFIC_KEY = ['traffic'] as const;

const program = (id: string) => `/v1/traffic/programs/${encodeURIComponent(id)}`;

export function usePrograms(kind?: ProgramKind) {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'programs', kind ?? null],
    queryFn: ({ signal }) => api<{ items: Program[] }>('/v1/traffic/programs', { query: { kind }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useProgram(id: string | undefined) {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'program', id],
    queryFn: ({ signal }) => api<Program>(program(id ?? ''), { signal }),
    enabled: !!id,
  });
}

export function useProgramVersions(id: string) {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'versions', id],
    queryFn: ({ signal }) => api<{ items: ProgramVersion[] }>(`${program(id)}/versions`, { signal }),
  });
}

export function useDelivery(id: string, from: string, to: string) {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'delivery', id, from, to],
    queryFn: ({ signal }) =>
      api<{ items: DeliveryDay[] }>(`${program(id)}/delivery`, { query: { from, to }, signal }),
    placeholderData: (prev, q) => (q?.queryKey[2] === id ? prev : undefined),
  });
}

export function useParticipants(id: string, day?: string) {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'participants', id, day ?? null],
    queryFn: ({ signal }) =>
      api<{ items: Participant[] }>(`${program(id)}/participants`, { query: { day }, signal }),
    placeholderData: (prev, q) => (q?.queryKey[2] === id ? prev : undefined),
  });
}

export function useLeaderboard(id: string, month: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'leaderboard', id, month ?? null],
    queryFn: ({ signal }) => api<Leaderboard>(`${program(id)}/leaderboard`, { query: { month }, signal }),
    enabled,
    placeholderData: (prev, q) => (q?.queryKey[2] === id ? prev : undefined),
  });
}

/** A Chuanliu quota account of a store or creator. */
export function useQuotaAccount(programId: string, kind: 'store' | 'creator', entityId: string) {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'account', programId, kind, entityId],
    queryFn: ({ signal }) =>
      api<QuotaAccount>(`${program(programId)}/accounts/${kind}/${encodeURIComponent(entityId)}`, { signal }),
  });
}

export function useTrafficOverview(from: string, to: string) {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'overview', from, to],
    queryFn: ({ signal }) => api<TrafficOverview>('/v1/traffic/overview', { query: { from, to }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useMerchantTraffic(merchantId: string, from: string, to: string) {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'merchant', merchantId, from, to],
    queryFn: ({ signal }) =>
      api<MerchantTraffic>(`/v1/traffic/merchants/${encodeURIComponent(merchantId)}`, {
        query: { from, to },
        signal,
      }),
    enabled: !!merchantId,
    // Keep the old period on screen while a new one loads, never another merchant's figures.
    placeholderData: (prev) => (prev?.merchantId === merchantId ? prev : undefined),
  });
}

export function useTrafficSettings() {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'settings'],
    queryFn: ({ signal }) => api<SettingsView>('/v1/traffic/settings', { signal }),
  });
}

/**
 * The signed-in merchant's stores (id and name). The API has no store list for merchants; the scoring list
 * serves it (a merchant sees only its own stores there).
 */
export function useMyStores(enabled: boolean) {
  return useQuery({
    queryKey: [...TRAFFIC_KEY, 'my-stores'],
    queryFn: ({ signal }) =>
      api<{ items: { id: string; name: string | null }[] }>('/v1/scores/stores', {
        query: { limit: 100, offset: 0, sort: '-score' },
        signal,
      }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The marketplace's categories (a few hundred): names for ids, options for the program form. */
export function useCategories() {
  return useQuery({
    queryKey: ['categories'],
    queryFn: ({ signal }) => api<{ items: Category[] }>('/v1/categories', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    // Names are a nicety: without them ids show, and nothing is reported.
    meta: { silent: true },
    retry: false,
  });
}

/** A category id as read: its name in the UI language when known, else the id. */
export function useCategoryName(lang: 'en' | 'zh'): CategoryName {
  const { data } = useCategories();
  return useCallback(
    (id: string) => {
      const c = data?.items.find((x) => x.id === id);
      return c ? (lang === 'zh' && c.nameZh ? c.nameZh : c.name) : id;
    },
    [data, lang],
  );
}
