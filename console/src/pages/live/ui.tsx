// Small pieces shared by the live pages: status and host tags, number cells, KPI cards with their definitions,
// and form items that show the server's issues beside them.
import { InfoCircleOutlined } from '@ant-design/icons';
import { Badge, Card, Flex, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { type FieldIssueLike, FieldIssuesProvider } from '../../components/FieldIssues';
import { hostLine, issueText, type LiveKpi, scheduleIssueField } from './live-format';
import { useLT } from './live-i18n';
import type { HostType, SessionStatus, SessionSummary } from './live-types';

const STATUS_COLORS: Record<SessionStatus, string> = { scheduled: 'blue', live: 'red', ended: 'default' };
export const HOST_COLORS: Record<HostType, string> = {
  self: '#4d7cfe',
  agency: '#fa8c16',
  creator: '#eb2f96',
};
const HOST_TAG: Record<HostType, string> = { self: 'geekblue', agency: 'orange', creator: 'magenta' };

export function StatusTag({ status }: { status: SessionStatus }) {
  const { lt } = useLT();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {status === 'live' ? <Badge status="processing" color="#fff" style={{ marginInlineEnd: 4 }} /> : null}
      {lt(`status.${status}`)}
    </Tag>
  );
}

export function HostTag({ hostType }: { hostType: HostType }) {
  const { lt } = useLT();
  return (
    <Tag color={HOST_TAG[hostType]} style={{ marginInlineEnd: 0 }} data-host={hostType}>
      {lt(`host.${hostType}`)}
    </Tag>
  );
}

/** The host of a session: its type as a tag, and who (store, creator, agency · creator) by name. */
export function HostCell({ s }: { s: SessionSummary }) {
  const { lt } = useLT();
  const { name } = hostLine(s, lt);
  return (
    <Flex gap={6} align="center" wrap={false} style={{ minWidth: 0 }} data-testid="host-cell">
      <HostTag hostType={s.hostType} />
      <Typography.Text ellipsis={{ tooltip: name }} style={{ minWidth: 0 }}>
        {name}
      </Typography.Text>
    </Flex>
  );
}

/** A figure in a table: tabular digits, no wrapping. */
export const Num = ({ children, testId }: { children: ReactNode; testId?: string }) => (
  <span data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
    {children}
  </span>
);

const gridStyle = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
  gap: 12,
} as const;

/** KPI cards whose labels carry the metric's definition on hover. */
export function DefinedKpis({ items }: { items: LiveKpi[] }) {
  return (
    <div style={gridStyle}>
      {items.map((k) => (
        <Card key={k.key} size="small" data-testid={`kpi-${k.key}`}>
          <Statistic
            title={
              <Tooltip title={k.hint}>
                <span style={{ cursor: 'help' }} data-testid="kpi-label">
                  {k.label} <InfoCircleOutlined style={{ fontSize: 12, opacity: 0.55 }} />
                </span>
              </Tooltip>
            }
            value={k.value}
            valueRender={() => (
              <span data-testid="kpi-value" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {k.value}
              </span>
            )}
          />
        </Card>
      ))}
    </div>
  );
}

export type { FieldIssueLike as Issue } from '../../components/FieldIssues';
export { IssueItem, OtherIssues } from '../../components/FieldIssues';

/** The schedule form's issues: product issues by their row, translated by the live texts. */
export function IssuesProvider({
  issues,
  children,
}: {
  issues: (FieldIssueLike & { code?: string })[];
  children: ReactNode;
}) {
  const { lt } = useLT();
  // The provider translates reasons only; codes travel alongside, looked up by the reason they came with.
  const codes = new Map(issues.map((i) => [i.reason, i.code]));
  return (
    <FieldIssuesProvider
      issues={issues}
      map={scheduleIssueField}
      text={(reason) => issueText({ reason, code: codes.get(reason) }, lt)}
      fixFirst={lt('common.fixFirst')}
    >
      {children}
    </FieldIssuesProvider>
  );
}
