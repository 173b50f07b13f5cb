// TanStack Query hooks of the audiences pages: one per API read. Every key starts with AUD_KEY, so any write
// (save, refresh, activate, rebuild …) refreshes them all.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import type { CouponTemplate, ListPage } from '../../api-types';
import type {
  Activation,
  ActivationDetail,
  AudSettings,
  Audience,
  BuildStatus,
  Expr,
  Insight,
  Snapshot,
  SizeResult,
  StoreTiers,
  TagCatalog,
} from './aud-types';

export const AUD_KEY = ['audiences'] as const;
const enc = encodeURIComponent;

export function useTagCatalog() {
  return useQuery({
    queryKey: [...AUD_KEY, 'tags'],
    queryFn: ({ signal }) => api<TagCatalog>('/v1/audiences/tags', { signal }),
    staleTime: 60_000,
  });
}

export function useBuildStatus() {
  return useQuery({
    queryKey: [...AUD_KEY, 'status'],
    queryFn: ({ signal }) => api<BuildStatus>('/v1/audiences/status', { signal }),
  });
}

export function useAudSettings() {
  return useQuery({
    queryKey: [...AUD_KEY, 'settings'],
    queryFn: ({ signal }) => api<AudSettings>('/v1/audiences/settings', { signal }),
  });
}

export function useAudiences(q: { merchantId?: string; limit: number; offset: number }) {
  return useQuery({
    queryKey: [...AUD_KEY, 'list', q],
    queryFn: ({ signal }) =>
      api<{ items: Audience[]; total: number }>('/v1/audiences', { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAudience(id: string | undefined) {
  return useQuery({
    queryKey: [...AUD_KEY, 'one', id],
    queryFn: ({ signal }) => api<Audience>(`/v1/audiences/${enc(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

export function useSnapshots(id: string | undefined) {
  return useQuery({
    queryKey: [...AUD_KEY, 'snapshots', id],
    queryFn: ({ signal }) =>
      api<{ items: Snapshot[] }>(`/v1/audiences/${enc(id ?? '')}/snapshots`, { signal }),
    enabled: !!id,
  });
}

export function useInsight(id: string | undefined, base: string) {
  return useQuery({
    queryKey: [...AUD_KEY, 'insight', id, base],
    queryFn: ({ signal }) =>
      api<Insight>(`/v1/audiences/${enc(id ?? '')}/insight`, { query: { base }, signal }),
    enabled: !!id,
    placeholderData: (prev) => (prev?.audienceId === id ? prev : undefined),
  });
}

/** The insight of an expression being edited (POST /v1/audiences/insight), asked only when `expr` is not null. */
export function useInsightPreview(merchantId: string | undefined, expr: Expr | null, base: string) {
  return useQuery({
    queryKey: [...AUD_KEY, 'insight-preview', merchantId, expr, base],
    queryFn: ({ signal }) =>
      api<Insight>('/v1/audiences/insight', {
        method: 'POST',
        body: { merchantId, expression: expr, base },
        signal,
      }),
    enabled: expr !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}

/**
 * The instant size of an expression being edited: asked only when `expr` is not null (the builder debounces
 * and holds it back while conditions are unfinished). Refusals come back as the query's error, not a toast.
 */
export function useLiveSize(merchantId: string | undefined, expr: Expr | null) {
  return useQuery({
    queryKey: [...AUD_KEY, 'size', merchantId, expr],
    queryFn: ({ signal }) =>
      api<SizeResult>('/v1/audiences/size', {
        method: 'POST',
        body: { merchantId, expression: expr },
        signal,
      }),
    enabled: expr !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    gcTime: 60_000,
    retry: false,
    meta: { silent: true },
  });
}

export function useStoreTiers(storeId: string | undefined) {
  return useQuery({
    queryKey: [...AUD_KEY, 'tiers', storeId],
    queryFn: ({ signal }) => api<StoreTiers>(`/v1/audiences/stores/${enc(storeId ?? '')}/tiers`, { signal }),
    enabled: !!storeId,
    placeholderData: (prev) => (prev?.storeId === storeId ? prev : undefined),
  });
}

export function useActivations(merchantId: string | undefined, audienceId: string | undefined) {
  return useQuery({
    queryKey: [...AUD_KEY, 'activations', merchantId, audienceId],
    queryFn: ({ signal }) =>
      api<{ items: Activation[]; total: number }>('/v1/audiences/activations', {
        query: { merchantId, audienceId },
        signal,
      }),
    enabled: !!audienceId,
  });
}

export function useActivation(id: string | null) {
  return useQuery({
    queryKey: [...AUD_KEY, 'activation', id],
    queryFn: ({ signal }) => api<ActivationDetail>(`/v1/audiences/activations/${enc(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

/** The merchant's active coupon templates, for the activation form's picker. */
export function useActiveTemplates(merchantId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['pricing', 'templates', { merchantId, status: 'active', limit: 100, offset: 0 }],
    queryFn: ({ signal }) =>
      api<ListPage<CouponTemplate>>('/v1/pricing/coupon-templates', {
        query: { merchantId, status: 'active', limit: 100, offset: 0 },
        signal,
      }),
    enabled: enabled && !!merchantId,
  });
}

/** The names of the merchant's coupon templates (any status), for naming what an activation targeted. */
export function useTemplateNames(merchantId: string | undefined) {
  return useQuery({
    queryKey: ['pricing', 'templates', { merchantId, limit: 200, offset: 0 }],
    queryFn: ({ signal }) =>
      api<ListPage<CouponTemplate>>('/v1/pricing/coupon-templates', {
        query: { merchantId, limit: 200, offset: 0 },
        signal,
      }),
    enabled: !!merchantId,
    select: (r) => new Map(r.items.map((t) => [t.id, t.name])),
    staleTime: 60_000,
    meta: { silent: true },
  });
}

/** Growth programs (traffic), for a traffic-boost activation. */
export function usePrograms(enabled: boolean) {
  return useQuery({
    queryKey: ['traffic', 'programs', 'all'],
    queryFn: ({ signal }) =>
      api<{ items: { id: string; name: string; nameZh: string | null; kind: string; status: string }[] }>(
        '/v1/traffic/programs',
        {
          signal,
        },
      ),
    enabled,
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
}
