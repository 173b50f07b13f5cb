// TanStack Query hooks of the scoring pages: one per API read.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import {
  type ConfigVersion,
  type HistoryPoint,
  KIND_PATH,
  type MetricCatalogue,
  type ScoreDistribution,
  type ScoreKind,
  type ScoreList,
  type ScoreRun,
  type ScoreView,
} from './score-types';

/** Every scoring query starts with this key: a recompute or a new configuration refreshes them all. */
export const SCORE_KEY = ['score'] as const;

const one = (kind: ScoreKind, id: string) => `/v1/scores/${KIND_PATH[kind]}/${encodeURIComponent(id)}`;

export function useScore(kind: ScoreKind, id: string | undefined) {
  return useQuery({
    queryKey: [...SCORE_KEY, 'one', kind, id],
    queryFn: ({ signal }) => api<ScoreView>(one(kind, id ?? ''), { signal }),
    enabled: !!id,
  });
}

export function useScoreHistory(kind: ScoreKind, id: string | undefined, days: number) {
  return useQuery({
    queryKey: [...SCORE_KEY, 'history', kind, id, days],
    queryFn: ({ signal }) =>
      api<{ items: HistoryPoint[] }>(`${one(kind, id ?? '')}/history`, { query: { days }, signal }),
    enabled: !!id,
  });
}

export interface ScoreListParams {
  merchantId?: string;
  grade?: string;
  sort: 'score' | '-score';
  limit: number;
  offset: number;
}

export function useScoreList(kind: ScoreKind, params: ScoreListParams, enabled = true) {
  return useQuery({
    queryKey: [...SCORE_KEY, 'list', kind, params],
    queryFn: ({ signal }) =>
      api<ScoreList>(`/v1/scores/${KIND_PATH[kind]}`, { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useScoreDistribution(kind: ScoreKind) {
  return useQuery({
    queryKey: [...SCORE_KEY, 'distribution', kind],
    queryFn: ({ signal }) =>
      api<ScoreDistribution>(`/v1/scoring/distribution/${KIND_PATH[kind]}`, { signal }),
  });
}

export function useScoreRuns() {
  return useQuery({
    queryKey: [...SCORE_KEY, 'runs'],
    queryFn: ({ signal }) => api<{ items: ScoreRun[] }>('/v1/scoring/runs', { signal }),
  });
}

export function useScoringConfig() {
  return useQuery({
    queryKey: [...SCORE_KEY, 'config'],
    queryFn: ({ signal }) => api<ConfigVersion>('/v1/scoring/config', { signal }),
  });
}

export function useConfigHistory() {
  return useQuery({
    queryKey: [...SCORE_KEY, 'config-history'],
    queryFn: ({ signal }) => api<{ items: ConfigVersion[] }>('/v1/scoring/config/history', { signal }),
  });
}

/** The metric catalogue: dimensions, units and directions (it changes only with the server). */
export function useMetricCatalogue() {
  return useQuery({
    queryKey: [...SCORE_KEY, 'metrics'],
    queryFn: ({ signal }) => api<MetricCatalogue>('/v1/scoring/metrics', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
