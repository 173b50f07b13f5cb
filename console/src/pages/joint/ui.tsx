// Small pieces shared by the joint marketing pages: the write hook (toast, refresh, refusals back to the form),
// campaign type / status tags with their icons, number cells and the translated form issues.
import {
  BgColorsOutlined,
  NotificationOutlined,
  ShoppingCartOutlined,
  TagsOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Tag } from 'antd';
import { type ReactNode, useCallback, useState } from 'react';
import { ApiError, api } from '../../api';
import type { FieldIssue } from '../../api-types';
import { FieldIssuesProvider } from '../../components/FieldIssues';
import { issueText } from '../pricing/issue-text';
import { PARTICIPANT_COLORS, STATUS_COLORS, TYPE_COLORS } from './joint-format';
import { useJT } from './joint-i18n';
import { JOINT_KEY } from './joint-queries';
import type { CampaignStatus, CampaignType, ParticipantStatus } from './joint-types';

export { IssueItem, OtherIssues } from '../../components/FieldIssues';

export interface ActionCall<T = unknown> {
  path: string;
  method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  success?: (result: T) => string;
}

/** One refusal in the UI language: joint's own codes with their figures, else pricing's, else the server's words. */
export function useIssueText(): (issue: FieldIssue) => string {
  const { known, t } = useJT();
  return useCallback(
    (issue: FieldIssue) => {
      const params = issue.params ?? {};
      if (issue.code === 'requirement_not_met' && params.requirement)
        return known('codes.requirement', String(params.requirement), issue.reason, params);
      if (issue.code) {
        const own = known('codes', issue.code, '', params);
        if (own) return own;
      }
      return issueText(issue, t);
    },
    [known, t],
  );
}

/**
 * One way to run a joint write: success toast and refresh of every joint read; a 400/422 with issues goes back
 * to the form (beside its fields); anything else is a toast with the server's detail (problem+json).
 */
export function useJointAction<T = unknown>(onDone?: (result: T) => void) {
  const { message } = App.useApp();
  const { jt } = useJT();
  const say = useIssueText();
  const queryClient = useQueryClient();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const mutation = useMutation({
    mutationFn: (c: ActionCall<T>) =>
      api<T>(c.path, {
        method: c.method ?? 'POST',
        body: c.method === 'DELETE' ? undefined : (c.body ?? {}),
      }),
    meta: { silent: true },
    onSuccess: async (r, c) => {
      setIssues([]);
      if (c.success) void message.success(c.success(r));
      onDone?.(r);
      await queryClient.invalidateQueries({ queryKey: JOINT_KEY });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.issues.length && e.status >= 400 && e.status < 500 && e.status !== 401) {
        setIssues(e.issues as FieldIssue[]);
        const texts = [...new Set((e.issues as FieldIssue[]).map(say))];
        void message.error(`${jt('common.refused')} ${texts.join('; ')}`);
        return;
      }
      void message.error(e instanceof ApiError ? (e.detail ?? e.title) : String(e));
    },
  });
  return { ...mutation, issues, setIssues };
}

/** Form issues shown beside the fields; `map` turns an API path into the form's. */
export function IssuesProvider({
  issues,
  map = (f) => f,
  children,
}: {
  issues: FieldIssue[];
  map?: (field: string) => string;
  children: ReactNode;
}) {
  const { jt } = useJT();
  const say = useIssueText();
  const byReason = new Map(issues.map((i) => [i.reason, i]));
  return (
    <FieldIssuesProvider
      issues={issues}
      map={map}
      text={(reason) => {
        const issue = byReason.get(reason);
        return issue ? say(issue) : reason;
      }}
      fixFirst={jt('common.fixFirst')}
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

export const TYPE_ICONS: Record<CampaignType, ReactNode> = {
  cross_store_threshold: <ShoppingCartOutlined />,
  cross_store_coupon: <TagsOutlined />,
  ad_crowdfunding: <NotificationOutlined />,
  shared_decoration: <BgColorsOutlined />,
};

export function TypeTag({ type }: { type: CampaignType }) {
  const { jt } = useJT();
  return (
    <Tag
      icon={TYPE_ICONS[type]}
      color={TYPE_COLORS[type]}
      data-testid="type-tag"
      data-type={type}
      style={{ marginInlineEnd: 0 }}
    >
      {jt(`types.${type}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: CampaignStatus }) {
  const { jt } = useJT();
  return (
    <Tag
      color={STATUS_COLORS[status]}
      data-testid="status-tag"
      data-status={status}
      style={{ marginInlineEnd: 0 }}
    >
      {jt(`status.${status}`)}
    </Tag>
  );
}

export function ParticipantTag({ status }: { status: ParticipantStatus }) {
  const { jt } = useJT();
  return (
    <Tag
      color={PARTICIPANT_COLORS[status]}
      data-testid="part-status"
      data-status={status}
      style={{ marginInlineEnd: 0 }}
    >
      {jt(`partStatus.${status}`)}
    </Tag>
  );
}
