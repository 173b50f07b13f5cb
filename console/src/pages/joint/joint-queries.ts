// TanStack Query hooks of the joint marketing pages: one per API read. Every key starts with JOINT_KEY, so any
// write (create, accept, join, remove, whitelist …) refreshes them all.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import type {
  AdSlot,
  AdView,
  Campaign,
  CampaignStatus,
  CampaignType,
  Dashboard,
  Partners,
  PartnerStatus,
  Pool,
  Settlement,
  WhitelistEntry,
} from './joint-types';

export const JOINT_KEY = ['joint'] as const;
const enc = encodeURIComponent;

export interface CampaignQuery {
  role?: 'organiser' | 'participant' | 'invited';
  status?: CampaignStatus;
  type?: CampaignType;
  limit: number;
  offset: number;
}

export function useCampaigns(q: CampaignQuery, enabled = true) {
  return useQuery({
    queryKey: [...JOINT_KEY, 'campaigns', q],
    queryFn: ({ signal }) =>
      api<{ items: Campaign[]; total: number }>('/v1/joint/campaigns', { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: [...JOINT_KEY, 'campaign', id],
    queryFn: ({ signal }) => api<Campaign>(`/v1/joint/campaigns/${enc(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

export function useDashboard(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...JOINT_KEY, 'dashboard', id],
    queryFn: ({ signal }) => api<Dashboard>(`/v1/joint/campaigns/${enc(id ?? '')}/dashboard`, { signal }),
    enabled: enabled && !!id,
  });
}

export function usePool(id: string | undefined, userId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...JOINT_KEY, 'pool', id, userId],
    queryFn: ({ signal }) =>
      api<Pool>(`/v1/joint/campaigns/${enc(id ?? '')}/pool`, {
        query: { userId: userId || undefined, limit: 50 },
        signal,
      }),
    enabled: enabled && !!id,
    placeholderData: keepPreviousData,
  });
}

export function useSettlement(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...JOINT_KEY, 'settlement', id],
    queryFn: ({ signal }) => api<Settlement>(`/v1/joint/campaigns/${enc(id ?? '')}/settlement`, { signal }),
    enabled: enabled && !!id,
  });
}

export function useAd(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...JOINT_KEY, 'ad', id],
    queryFn: ({ signal }) => api<AdView>(`/v1/joint/campaigns/${enc(id ?? '')}/ad`, { signal }),
    enabled: enabled && !!id,
  });
}

export function usePartners(storeId: string | undefined, limit = 20) {
  return useQuery({
    queryKey: [...JOINT_KEY, 'partners', storeId, limit],
    queryFn: ({ signal }) => api<Partners>('/v1/joint/partners', { query: { storeId, limit }, signal }),
    enabled: !!storeId,
    placeholderData: (prev) => (prev?.storeId === storeId ? prev : undefined),
  });
}

/** The partner statistics job; asked again every 2 s while a run is going. */
export function usePartnerStatus() {
  return useQuery({
    queryKey: [...JOINT_KEY, 'partner-status'],
    queryFn: ({ signal }) => api<PartnerStatus>('/v1/joint/partners/status', { signal }),
    refetchInterval: (q) => (q.state.data?.running ? 2000 : false),
  });
}

export function useAdSlots() {
  return useQuery({
    queryKey: [...JOINT_KEY, 'ad-slots'],
    queryFn: ({ signal }) => api<{ items: AdSlot[] }>('/v1/joint/ad-slots', { signal }),
    staleTime: 10 * 60_000,
  });
}

export function useOpenAds() {
  return useQuery({
    queryKey: [...JOINT_KEY, 'ads', 'open'],
    queryFn: ({ signal }) =>
      api<{ items: Campaign[] }>('/v1/joint/ads', { query: { status: 'open' }, signal }),
  });
}

/** Ads the merchant's stores take part in (started or joined), any funding status. */
export function useMyAds() {
  return useQuery({
    queryKey: [...JOINT_KEY, 'ads', 'mine'],
    queryFn: ({ signal }) => api<{ items: Campaign[] }>('/v1/joint/ads', { signal }),
  });
}

export function useWhitelist(enabled: boolean) {
  return useQuery({
    queryKey: [...JOINT_KEY, 'whitelist'],
    queryFn: ({ signal }) => api<{ items: WhitelistEntry[] }>('/v1/joint/whitelist', { signal }),
    enabled,
  });
}

export function useWhitelistMe(enabled: boolean) {
  return useQuery({
    queryKey: [...JOINT_KEY, 'whitelist', 'me'],
    queryFn: ({ signal }) => api<{ whitelisted: boolean }>('/v1/joint/whitelist/me', { signal }),
    enabled,
    meta: { silent: true },
  });
}
