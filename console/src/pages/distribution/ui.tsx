// Small pieces shared by the distribution, commission and ledger pages: money and rate cells,
// status tags, copy and CSV download buttons, and form items that show the server's issues.
import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, tokenStore } from '../../api';
import { FieldIssuesProvider } from '../../components/FieldIssues';
import type { CommissionLine, FieldIssue, PlanKind, PlanStatus } from '../../api-types';
import { formatBp, formatFen } from '../../format';
import { useLang } from '../../use-lang';
import { useDT } from './dist-i18n';
import { LINE_STATUS_COLORS, PLAN_KIND_COLORS, PLAN_STATUS_COLORS, planIssueText } from './logic';

/** Integer fen as ¥ with two decimals, tabular so columns line up. */
export function Money({ fen, strong, testId }: { fen: number; strong?: boolean; testId?: string }) {
  const lang = useLang();
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

/** A name with its id underneath as secondary text; the id alone when the name is unknown. */
export function Named({ name, id, testId }: { name?: string | null; id: string; testId?: string }) {
  if (!name) return <Typography.Text data-testid={testId}>{id}</Typography.Text>;
  return (
    <Flex vertical gap={0} data-testid={testId}>
      <Typography.Text ellipsis={{ tooltip: name }}>{name}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {id}
      </Typography.Text>
    </Flex>
  );
}

/** Basis points as a percentage. */
export const Rate = ({ bp }: { bp: number }) => (
  <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatBp(bp)}</span>
);

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { dt } = useDT();
  return (
    <Tag color={PLAN_STATUS_COLORS[status]} data-status={status}>
      {dt(`planStatus.${status}`)}
    </Tag>
  );
}

export function PlanKindTag({ kind }: { kind: PlanKind }) {
  const { dt } = useDT();
  return (
    <Tag color={PLAN_KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {dt(`planKind.${kind}`)}
    </Tag>
  );
}

/** A commission line's status with its code; invalid lines say why, held lines say so. */
export function LineStatusTag({
  line,
}: {
  line: Pick<CommissionLine, 'status' | 'statusCode' | 'invalidReason' | 'inReview'>;
}) {
  const { dt, known } = useDT();
  return (
    <Flex vertical gap={2} align="flex-start" data-testid="line-status" data-status={line.status}>
      <Tooltip title={dt('orders.statusCode', { code: line.statusCode })}>
        <Tag color={LINE_STATUS_COLORS[line.status]} style={{ marginInlineEnd: 0 }}>
          {dt(`lineStatus.${line.status}`)} · {line.statusCode}
        </Tag>
      </Tooltip>
      {line.status === 'invalid' && line.invalidReason && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="invalid-reason">
          {known('invalidReason', line.invalidReason)}
        </Typography.Text>
      )}
      {line.inReview && (
        <Tag color="warning" style={{ marginInlineEnd: 0 }}>
          {dt('orders.inReview')}
        </Tag>
      )}
    </Flex>
  );
}

/** Copies text to the clipboard (with a fallback for browsers that refuse the async API). */
export function CopyButton({ text, testId, label }: { text: string; testId?: string; label?: boolean }) {
  const { dt } = useDT();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      if (!ok) {
        void message.warning(dt('common.copyFailed'));
        return;
      }
    }
    void message.success(dt('common.copied'));
  };
  return (
    <Button
      size="small"
      type={label ? 'default' : 'text'}
      icon={<CopyOutlined />}
      onClick={() => void copy()}
      data-testid={testId}
      title={dt('common.copy')}
    >
      {label ? dt('common.copy') : null}
    </Button>
  );
}

/** Downloads an authenticated CSV (the bearer token cannot ride on a plain link). */
export function CsvButton({ path, fileName, testId }: { path: string; fileName: string; testId?: string }) {
  const { dt } = useDT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const token = tokenStore.get();
      const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) throw new ApiError(res.status, res.statusText || `HTTP ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      void message.success(dt('common.downloaded', { name: fileName }));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={() => void download()}
      data-testid={testId}
    >
      {dt('common.downloadCsv')}
    </Button>
  );
}

// ---- Forms: the server's issues beside the fields they concern ----

export { IssueItem, OtherIssues } from '../../components/FieldIssues';

/** The plan and fee-policy forms' issues, translated by the distribution texts. */
export function IssuesProvider({
  issues,
  map = (f) => f,
  children,
}: {
  issues: FieldIssue[];
  /** API field path to form path, e.g. products.0.rateBp → products.0.rate. */
  map?: (field: string) => string;
  children: React.ReactNode;
}) {
  const { dt } = useDT();
  return (
    <FieldIssuesProvider
      issues={issues}
      map={map}
      text={(r) => planIssueText(r, dt)}
      fixFirst={dt('common.fixFirst')}
    >
      {children}
    </FieldIssuesProvider>
  );
}
