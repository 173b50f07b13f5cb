// Small pieces shared by the traffic pages: kind and status tags, exposure cells, day and month pickers
// bound to 'YYYY-MM-DD' / 'YYYY-MM' strings, and form items that show the server's issues beside them.
import { DatePicker, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties, ReactNode } from 'react';
import { type FieldIssueLike, FieldIssuesProvider } from '../../components/FieldIssues';
import { formatNumber } from '../../format';
import { issueText } from './traffic-format';
import { useTT } from './traffic-i18n';
import type { ParticipantStatus, ProgramKind, ProgramStatus } from './traffic-types';

export const KIND_COLORS: Record<ProgramKind, string> = {
  protection: 'magenta',
  chuanliu: 'cyan',
  budget: 'gold',
  horse_race: 'purple',
};
const STATUS_COLORS: Record<ProgramStatus, string> = { active: 'green', paused: 'orange', ended: 'default' };
const PARTICIPANT_COLORS: Record<ParticipantStatus, string> = {
  enrolled: 'blue',
  active: 'green',
  ineligible: 'red',
  removed: 'default',
  finished: 'default',
};

export function KindTag({ kind }: { kind: ProgramKind }) {
  const { tt } = useTT();
  return (
    <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }} data-kind={kind}>
      {tt(`kind.${kind}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: ProgramStatus }) {
  const { known } = useTT();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-status={status}>
      {known('status', status)}
    </Tag>
  );
}

export function ParticipantTag({ status }: { status: ParticipantStatus }) {
  const { known } = useTT();
  return (
    <Tag color={PARTICIPANT_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-status={status}>
      {known('participantStatus', status)}
    </Tag>
  );
}

/** An exposure count, grouped and tabular so columns line up. */
export function Exp({ n, strong, testId }: { n: number; strong?: boolean; testId?: string }) {
  const { lang } = useTT();
  return (
    <Typography.Text
      strong={strong}
      data-testid={testId}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
    >
      {formatNumber(n, lang)}
    </Typography.Text>
  );
}

export const Muted = ({ children }: { children: ReactNode }) => (
  <Typography.Text type="secondary">{children}</Typography.Text>
);

interface Bound<T> {
  value?: T | null;
  onChange?: (v: T | null) => void;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  style?: CSSProperties;
  'data-testid'?: string;
}

/** A business day picked as 'YYYY-MM-DD'. */
export function DayInput({ value, onChange, style, allowClear = true, ...rest }: Bound<string>) {
  return (
    <DatePicker
      {...rest}
      allowClear={allowClear}
      format="YYYY-MM-DD"
      style={{ width: '100%', ...style }}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)}
    />
  );
}

/** A month picked as 'YYYY-MM'. */
export function MonthInput({ value, onChange, style, allowClear = false, ...rest }: Bound<string>) {
  return (
    <DatePicker
      {...rest}
      picker="month"
      allowClear={allowClear}
      format="YYYY-MM"
      style={style}
      value={value ? dayjs(`${value}-01`) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM') : null)}
    />
  );
}

// ---- Forms: the server's issues beside the fields they concern ----

export type { FieldIssueLike as Issue } from '../../components/FieldIssues';
export { IssueItem, OtherIssues } from '../../components/FieldIssues';

/** The traffic forms' issues, translated by the traffic texts. */
export function IssuesProvider({ issues, children }: { issues: FieldIssueLike[]; children: ReactNode }) {
  const { tt } = useTT();
  return (
    <FieldIssuesProvider
      issues={issues}
      map={(f) => f}
      text={(r) => issueText(r, tt)}
      fixFirst={tt('form.fixFirst')}
    >
      {children}
    </FieldIssuesProvider>
  );
}
