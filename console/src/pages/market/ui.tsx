// Small pieces shared by the marketplace pages: status tags, a creator cell (followers and word of mouth),
// money and rate cells, and the form-issue provider that reads the server's codes in the UI language.
import { Flex, Progress, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { type FieldIssueLike, FieldIssuesProvider } from '../../components/FieldIssues';
import { formatBp, formatFen, formatNumber } from '../../format';
import { type CodedIssue, issueKey, scorePercent } from './market-format';
import { useMT } from './market-i18n';
import type { JobStatus, QuoteStatus, Sample, SampleStatus } from './market-types';

export { IssueItem, OtherIssues } from '../../components/FieldIssues';

const SAMPLE_COLORS: Record<SampleStatus, string> = {
  requested: 'gold',
  approved: 'blue',
  rejected: 'red',
  shipped: 'cyan',
  received: 'geekblue',
  fulfilled: 'green',
  overdue: 'volcano',
  returned: 'default',
};
const JOB_COLORS: Record<JobStatus, string> = {
  open: 'green',
  awarded: 'blue',
  closed: 'default',
  cancelled: 'default',
};
const QUOTE_COLORS: Record<QuoteStatus, string> = {
  pending: 'gold',
  accepted: 'green',
  declined: 'default',
  withdrawn: 'default',
};

export function SampleTag({ status }: { status: SampleStatus }) {
  const { known } = useMT();
  return (
    <Tag color={SAMPLE_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-status={status}>
      {known('status', status)}
    </Tag>
  );
}

export function JobTag({ status }: { status: JobStatus }) {
  const { known } = useMT();
  return (
    <Tag color={JOB_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-status={status}>
      {known('jobStatus', status)}
    </Tag>
  );
}

export function QuoteTag({ status }: { status: QuoteStatus }) {
  const { known } = useMT();
  return (
    <Tag color={QUOTE_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-status={status}>
      {known('quoteStatus', status)}
    </Tag>
  );
}

export const Muted = ({ children, small }: { children: ReactNode; small?: boolean }) => (
  <Typography.Text type="secondary" style={small ? { fontSize: 12 } : undefined}>
    {children}
  </Typography.Text>
);

/** A creator with followers and word-of-mouth score under the name. */
export function CreatorCell({
  name,
  id,
  followers,
  score,
}: {
  name: string;
  id: string;
  followers: number;
  score: number | null;
}) {
  const { mt, lang } = useMT();
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }} data-testid="creator-cell">
      <Typography.Text strong ellipsis={{ tooltip: `${name} · ${id}` }}>
        {name}
      </Typography.Text>
      <Flex gap={6} wrap align="center">
        <Muted small>{mt('common.followers', { count: formatNumber(followers, lang) })}</Muted>
        {score === null ? (
          <Muted small>{mt('common.noScore')}</Muted>
        ) : (
          <Tag color={score >= 4.5 ? 'green' : score >= 4 ? 'blue' : 'orange'} style={{ marginInlineEnd: 0 }}>
            {mt('common.score', { score: score.toFixed(2) })}
          </Tag>
        )}
      </Flex>
    </Flex>
  );
}

/** Integer fen, tabular so columns line up. */
export function Money({ fen, strong, testId }: { fen: number; strong?: boolean; testId?: string }) {
  const { lang } = useMT();
  return (
    <Typography.Text
      strong={strong}
      data-testid={testId}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
    >
      {formatFen(fen, lang)}
    </Typography.Text>
  );
}

export const Rate = ({ bp }: { bp: number }) => (
  <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatBp(bp)}</span>
);

/** A 0–1 match score as a bar with its percentage. */
export function ScoreBar({ score }: { score: number }) {
  const pct = scorePercent(score);
  return (
    <Tooltip title={score.toFixed(3)}>
      <Progress
        percent={pct}
        size="small"
        strokeColor={pct >= 70 ? '#389e0d' : pct >= 40 ? '#1677ff' : '#faad14'}
        format={(p) => `${p}`}
        style={{ minWidth: 120, margin: 0 }}
        data-testid="score-bar"
      />
    </Tooltip>
  );
}

/**
 * The marketplace forms' server issues: translated by code when the dictionary knows it (else the server's
 * sentence), and placed on the form field `map` names.
 */
export function IssuesProvider({
  issues,
  map = (f) => f,
  children,
}: {
  issues: CodedIssue[];
  map?: (field: string) => string;
  children: ReactNode;
}) {
  const { mt, known } = useMT();
  const translated: FieldIssueLike[] = issues.map((i) => {
    const key = issueKey(i);
    return { field: i.field, reason: key ? known('codes', key, i.reason) : i.reason };
  });
  return (
    <FieldIssuesProvider issues={translated} map={map} text={(r) => r} fixFirst={mt('common.fixFirst')}>
      {children}
    </FieldIssuesProvider>
  );
}

/** A sample's refusal in the reader's language: by its code, with the creator's figure the rule looked at. */
export function useSampleReason() {
  const { mt, known, lang } = useMT();
  return (s: Pick<Sample, 'reasonCode' | 'reason' | 'creatorScore' | 'creatorFollowers'>): string | null => {
    if (!s.reasonCode) return s.reason;
    const base = known('codes', s.reasonCode, s.reason ?? s.reasonCode);
    const figure =
      s.reasonCode === 'creator_score_below_minimum'
        ? mt('samples.scoreWas', {
            score: s.creatorScore === null ? mt('common.noScore') : s.creatorScore.toFixed(2),
          })
        : s.reasonCode === 'followers_below_minimum'
          ? mt('samples.followersWas', { count: formatNumber(s.creatorFollowers, lang) })
          : null;
    return figure ? mt('samples.reasonWithFigure', { reason: base, figure }) : base;
  };
}
