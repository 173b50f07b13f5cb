// Small pieces shared by the audiences pages: the write hook (toast, refresh, refusals back to the form), number
// cells, and form items that show the server's issues beside them in the reader's language.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { type ReactNode, useCallback, useState } from 'react';
import { ApiError, api } from '../../api';
import type { FieldIssue } from '../../api-types';
import { type FieldIssueLike, FieldIssuesProvider } from '../../components/FieldIssues';
import { issueCode } from './aud-format';
import { useAT } from './aud-i18n';
import { AUD_KEY } from './aud-queries';

export { IssueItem, OtherIssues } from '../../components/FieldIssues';

export interface ActionCall<T = unknown> {
  path: string;
  method?: 'POST' | 'PUT' | 'PATCH';
  body?: unknown;
  success?: (result: T) => string;
}

/** A refusal's sentence in the reader's language (the server's own sentence when the console has no better). */
export function useIssueText(): (issue: { reason: string; code?: string }) => string {
  const { known } = useAT();
  return useCallback(
    (issue: { reason: string; code?: string }) => {
      const code = issueCode(issue, (c) => known('codes', c, '') !== '');
      return code ? known('codes', code, issue.reason) : issue.reason;
    },
    [known],
  );
}

/**
 * One way to run an audiences write: success toast and refresh of every audiences read; a 400/422 with issues
 * goes back to the form (beside its fields); anything else is a toast with the server's detail.
 */
export function useAudAction<T = unknown>(onDone?: (result: T) => void) {
  const { message } = App.useApp();
  const { at } = useAT();
  const queryClient = useQueryClient();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const mutation = useMutation({
    mutationFn: (c: ActionCall<T>) => api<T>(c.path, { method: c.method ?? 'POST', body: c.body ?? {} }),
    meta: { silent: true },
    onSuccess: async (r, c) => {
      setIssues([]);
      if (c.success) void message.success(c.success(r));
      onDone?.(r);
      await queryClient.invalidateQueries({ queryKey: AUD_KEY });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.issues.length && e.status >= 400 && e.status < 500 && e.status !== 401) {
        setIssues(e.issues as FieldIssue[]);
        void message.error(at('common.refused'));
        return;
      }
      void message.error(e instanceof ApiError ? (e.detail ?? e.title) : String(e));
    },
  });
  return { ...mutation, issues, setIssues };
}

/** Form issues translated for the audiences forms; `map` turns an API path into the form's. */
export function IssuesProvider({
  issues,
  map = (f) => f,
  children,
}: {
  issues: (FieldIssueLike & { code?: string })[];
  map?: (field: string) => string;
  children: ReactNode;
}) {
  const { at } = useAT();
  const text = useIssueText();
  const codes = new Map(issues.map((i) => [i.reason, i.code]));
  return (
    <FieldIssuesProvider
      issues={issues}
      map={map}
      text={(reason) => text({ reason, code: codes.get(reason) })}
      fixFirst={at('common.fixFirst')}
    >
      {children}
    </FieldIssuesProvider>
  );
}

/** A figure in a table: tabular digits, no wrapping. */
export const Num = ({ children, testId }: { children: ReactNode; testId?: string }) => (
  <span data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
    {children}
  </span>
);
