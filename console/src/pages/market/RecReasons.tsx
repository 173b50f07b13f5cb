// Why a creator or product is recommended: each reason by its code in the UI language with its value and what it
// contributed to the score, and a stacked bar of the contributions per recommendation.
import { Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { QueryError } from '../../components/QueryError';
import { contributionRows, reasonValueText } from './market-format';
import { useMT } from './market-i18n';
import type { MatchReason } from './market-types';

const REASON_COLORS: Record<string, string> = {
  category_fit: '#1677ff',
  audience_overlap: '#13c2c2',
  word_of_mouth: '#52c41a',
  gpm_history: '#fa8c16',
  commission: '#eb2f96',
  reach: '#722ed1',
};
const TAG_COLORS: Record<string, string> = {
  category_fit: 'blue',
  audience_overlap: 'cyan',
  word_of_mouth: 'green',
  gpm_history: 'orange',
  commission: 'magenta',
  reach: 'purple',
};

/** Contribution to a 0–1 score in points out of 100, one decimal. */
const points = (c: number) => String(Math.round(c * 1000) / 10);

export function ReasonTags({ reasons }: { reasons: readonly MatchReason[] }) {
  const { mt, known, lang } = useMT();
  const sorted = [...reasons].sort((a, b) => b.contribution - a.contribution);
  return (
    <Flex gap={4} wrap data-testid="rec-reasons">
      {sorted.map((r) => (
        <Tooltip
          key={r.code}
          title={
            <>
              <div>{known('reasonHint', r.code, r.text)}</div>
              {lang === 'en' && r.text && <div style={{ opacity: 0.8 }}>{r.text}</div>}
            </>
          }
        >
          <Tag color={TAG_COLORS[r.code] ?? 'default'} style={{ marginInlineEnd: 0 }} data-reason={r.code}>
            {known('reason', r.code, r.code)}{' '}
            {r.code === 'reach' && r.value !== null
              ? mt('recs.reachValue', { n: reasonValueText(r.code, r.value, lang) })
              : reasonValueText(r.code, r.value, lang)}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 11 }}>
              {mt('recs.contribution', { points: points(r.contribution) })}
            </Typography.Text>
          </Tag>
        </Tooltip>
      ))}
    </Flex>
  );
}

export function ContributionChart<T extends { reasons: readonly MatchReason[] }>({
  items,
  label,
}: {
  items: readonly T[];
  label: (item: T) => string;
}) {
  const { known } = useMT();
  const option = useMemo<ChartOption>(() => {
    const top = items.slice(0, 15);
    const { codes, source } = contributionRows(top, label);
    return {
      // Best first from the top: the category axis draws its first row at the bottom.
      dataset: { source: [...source].reverse(), dimensions: ['label', ...codes] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => points(Number(v)),
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => points(v) } },
      yAxis: { type: 'category', axisLabel: { width: 140, overflow: 'truncate' } },
      series: codes.map((c) => ({
        type: 'bar',
        stack: 'score',
        name: known('reason', c),
        encode: { x: c, y: 'label' },
        itemStyle: { color: REASON_COLORS[c] },
        barMaxWidth: 18,
      })),
    };
  }, [items, label, known]);
  return (
    <Chart
      option={option}
      height={Math.max(220, Math.min(items.length, 15) * 28 + 60)}
      data-testid="rec-chart"
    />
  );
}

/**
 * A recommendation list: the contribution chart above the ranked table (or the error with a retry). Each row
 * carries `data-<rowAttr>` with its key for tests and links.
 */
export function RecsResults<T extends { reasons: readonly MatchReason[] }>(props: {
  query: { data?: { items: T[] }; error: unknown; isFetching: boolean; refetch: () => unknown };
  rowKey: keyof T & string;
  rowAttr: string;
  columns: ColumnsType<T>;
  scrollX: number;
  label: (item: T) => string;
}) {
  const { mt } = useMT();
  const { query, rowKey, rowAttr } = props;
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      {!!query.data?.items.length && (
        <Card size="small" title={mt('recs.contributions')}>
          <ContributionChart items={query.data.items} label={props.label} />
        </Card>
      )}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<T>
          rowKey={rowKey}
          data-testid="rec-table"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          columns={props.columns}
          pagination={false}
          scroll={{ x: props.scrollX }}
          locale={{ emptyText: mt('recs.empty') }}
          onRow={(r) => ({ [`data-${rowAttr}`]: String(r[rowKey]) }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
    </>
  );
}
