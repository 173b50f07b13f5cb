// One way to run a marketplace write: success toast and refresh of every marketplace read; a refusal with field
// issues goes back to the form (beside its fields); a 409 (someone moved it meanwhile) says so and refreshes.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api';
import { DIST_KEYS } from '../distribution/dist-queries';
import type { CodedIssue } from './market-format';
import { useMT } from './market-i18n';
import { MARKET_KEY } from './market-queries';

export interface ActionCall {
  path: string;
  method?: 'POST' | 'PUT';
  body?: unknown;
}

/** The status a 409 names (its `status` issue "is shipped"), when it names one. */
export function conflictStatus(e: ApiError): string | null {
  const i = e.issues.find((x) => x.field === 'status');
  return i ? (/^is (\w+)/.exec(i.reason)?.[1] ?? null) : null;
}

export function useMarketAction<T = unknown>(onDone?: (result: T) => void) {
  const { message } = App.useApp();
  const { mt, known } = useMT();
  const queryClient = useQueryClient();
  const [issues, setIssues] = useState<CodedIssue[]>([]);
  const mutation = useMutation({
    mutationFn: (c: ActionCall & { success?: string }) =>
      api<T>(c.path, { method: c.method ?? 'POST', body: c.body ?? {} }),
    meta: { silent: true },
    onSuccess: async (r, c) => {
      setIssues([]);
      if (c.success) void message.success(c.success);
      onDone?.(r);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: MARKET_KEY }),
        queryClient.invalidateQueries({ queryKey: DIST_KEYS.square }),
      ]);
    },
    onError: async (e) => {
      if (e instanceof ApiError && e.issues.length && (e.status === 422 || e.status === 400)) {
        setIssues(e.issues as CodedIssue[]);
        void message.error(mt('common.refused'));
        return;
      }
      if (e instanceof ApiError && e.status === 409) {
        const s = conflictStatus(e);
        const coded = e.issues.find(
          (i) => (i as CodedIssue).code && (i as CodedIssue).code !== 'wrong_status',
        ) as CodedIssue | undefined;
        void message.warning(
          s
            ? mt('common.conflict', {
                status: known('status', s, known('jobStatus', s, known('quoteStatus', s))),
              })
            : coded?.code
              ? known('codes', coded.code, e.detail ?? e.title)
              : (e.detail ?? e.title),
        );
        await queryClient.invalidateQueries({ queryKey: MARKET_KEY });
        return;
      }
      void message.error(e instanceof ApiError ? (e.detail ?? e.title) : String(e));
    },
  });
  return { ...mutation, issues, setIssues };
}
