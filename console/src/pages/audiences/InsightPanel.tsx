// An audience's insight: per dimension, the audience's share of each value against the base's share, with TGI.
// Cells under the privacy threshold come back without figures: they show as "< minCell", greyed, never as 0.
// The base is the whole platform or the merchant's customers; a table view gives every figure as text.
import { Card, Empty, Flex, Segmented, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { Pending } from '../../components/QueryError';
import { formatNumber } from '../../format';
import { type InsightRow, insightRows, shareText, tgiText, tgiTone } from './aud-format';
import { useAT } from './aud-i18n';
import { useInsight, useInsightPreview } from './aud-queries';
import type { Expr, Insight, InsightDimension } from './aud-types';
import { Num } from './ui';

/** Nominal dimensions (regions, categories) draw their largest values only; the table has them all. */
const CHART_ROWS = 12;
const AUD_COLOR = '#4d7cfe';
const BASE_COLOR = '#c9d3e6';
const GREY = '#bfbfbf';

/** A saved audience's insight, or (`preview`) an expression's while it is being edited. */
export function InsightPanel({
  audienceId,
  preview,
  bordered = true,
}: {
  audienceId?: string;
  preview?: { merchantId: string | undefined; expression: Expr };
  bordered?: boolean;
}) {
  const { at, lang } = useAT();
  const [base, setBase] = useState<'platform' | 'customers'>('platform');
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const saved = useInsight(preview ? undefined : audienceId, base);
  const previewed = useInsightPreview(preview?.merchantId, preview?.expression ?? null, base);
  const query = preview ? previewed : saved;
  const d = query.data;
  return (
    <Card
      variant={bordered ? 'outlined' : 'borderless'}
      styles={bordered ? undefined : { header: { paddingInline: 0 }, body: { paddingInline: 0 } }}
      // In the builder's drawer the drawer's title says it already.
      title={bordered ? at('detail.insight') : undefined}
      data-testid="insight"
      data-base={d?.base.kind}
      extra={
        <Flex gap={12} align="center" wrap>
          <Typography.Text type="secondary">{at('insight.base')}</Typography.Text>
          <Segmented
            value={base}
            onChange={(v) => setBase(v as typeof base)}
            data-testid="insight-base"
            options={[
              { value: 'platform', label: at('insight.basePlatform') },
              { value: 'customers', label: at('insight.baseCustomers') },
            ]}
          />
          <Segmented
            value={view}
            onChange={(v) => setView(v as typeof view)}
            data-testid="insight-view"
            options={[
              { value: 'chart', label: at('insight.chart') },
              { value: 'table', label: at('insight.table') },
            ]}
          />
        </Flex>
      }
    >
      {!d ? (
        <Pending error={query.error} onRetry={() => void query.refetch()} />
      ) : d.size === 0 ? (
        <Empty description={at('insight.empty')} />
      ) : (
        <Flex vertical gap={12} style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Flex gap={16} wrap>
            <Typography.Text type="secondary" data-testid="insight-base-size">
              {at('insight.baseSize', { size: formatNumber(d.base.size, lang) })}
            </Typography.Text>
            <Typography.Text type="secondary">{at('insight.tgiHint')}</Typography.Text>
            <Typography.Text type="secondary">
              {at('insight.suppressedNote', { minCell: formatNumber(d.minCell, lang) })}
            </Typography.Text>
          </Flex>
          <div
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(440px, 1fr))', gap: 16 }}
            data-testid="insight-dims"
            data-ready={query.isFetching ? 'false' : 'true'}
          >
            {d.dimensions.map((dim) => (
              <DimensionCard key={dim.key} dim={dim} insight={d} view={view} />
            ))}
          </div>
        </Flex>
      )}
    </Card>
  );
}

function DimensionCard({
  dim,
  insight,
  view,
}: {
  dim: InsightDimension;
  insight: Insight;
  view: 'chart' | 'table';
}) {
  const { known, lang } = useAT();
  const rows = useMemo(() => insightRows(dim, insight.minCell, lang), [dim, insight.minCell, lang]);
  return (
    <Card
      size="small"
      type="inner"
      title={known('dim', dim.key, dim.key)}
      data-testid={`dim-${dim.key}`}
      extra={
        view === 'chart' && rows.length > CHART_ROWS ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {CHART_ROWS} / {rows.length}
          </Typography.Text>
        ) : null
      }
    >
      {view === 'chart' ? (
        <DimensionChart rows={rows.slice(0, CHART_ROWS)} minCell={insight.minCell} />
      ) : (
        <DimensionTable rows={rows} />
      )}
    </Card>
  );
}

function DimensionChart({ rows, minCell }: { rows: InsightRow[]; minCell: number }) {
  const { at, lang } = useAT();
  const option = useMemo<ChartOption>(() => {
    // Horizontal bars read top-down: the first row at the top.
    const ordered = [...rows].reverse();
    const pct = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 100);
    const suppressedLabel = `< ${formatNumber(minCell, lang)}`;
    return {
      grid: { left: 8, right: 96, top: 28, bottom: 4, containLabel: true },
      legend: { top: 0, right: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: unknown) => {
          const list = ps as { dataIndex: number }[];
          const r = ordered[list[0]?.dataIndex ?? 0];
          if (!r) return '';
          const lines = [
            `<b>${r.label}</b>`,
            r.suppressed
              ? at('insight.suppressed', { minCell: formatNumber(minCell, lang) })
              : `${at('insight.share')}: ${shareText(r.share)} (${r.countText})`,
            `${at('insight.baseShare')}: ${shareText(r.baseShare) ?? '—'}`,
            `${at('insight.tgi')}: ${tgiText(r.tgi)}`,
          ];
          return lines.join('<br/>');
        },
      },
      xAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => `${v}%`, fontSize: 10 },
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      yAxis: {
        type: 'category',
        data: ordered.map((r) => ({
          value: r.label,
          textStyle: r.suppressed ? { color: GREY } : undefined,
        })),
        axisTick: { show: false },
        axisLabel: { width: 130, overflow: 'truncate', fontSize: 11 },
      },
      series: [
        {
          name: at('insight.baseShare'),
          type: 'bar',
          barGap: '10%',
          barMaxWidth: 10,
          itemStyle: { color: BASE_COLOR },
          data: ordered.map((r) => pct(r.baseShare)),
        },
        {
          name: at('insight.share'),
          type: 'bar',
          barMaxWidth: 10,
          itemStyle: { color: AUD_COLOR },
          data: ordered.map((r) =>
            r.suppressed
              ? {
                  // No figure: a zero-length bar carrying the "< minCell" label, greyed.
                  value: 0,
                  itemStyle: { color: GREY },
                  label: { show: true, position: 'right', formatter: suppressedLabel, color: GREY },
                }
              : {
                  value: pct(r.share) ?? 0,
                  label: {
                    show: true,
                    position: 'right',
                    fontSize: 11,
                    color:
                      tgiTone(r.tgi) === 'high'
                        ? '#cf1322'
                        : tgiTone(r.tgi) === 'low'
                          ? '#8c8c8c'
                          : '#595959',
                    formatter: `${shareText(r.share)} · ${at('insight.tgi')} ${tgiText(r.tgi)}`,
                  },
                },
          ),
        },
      ],
    };
  }, [rows, minCell, at, lang]);
  return <Chart option={option} height={Math.max(120, rows.length * 30 + 44)} data-testid="dim-chart" />;
}

function DimensionTable({ rows }: { rows: InsightRow[] }) {
  const { at } = useAT();
  const columns: ColumnsType<InsightRow> = [
    {
      title: at('insight.value'),
      dataIndex: 'label',
      ellipsis: true,
      render: (l: string, r) => (r.suppressed ? <Typography.Text type="secondary">{l}</Typography.Text> : l),
    },
    {
      title: at('insight.users'),
      dataIndex: 'countText',
      align: 'right',
      width: 90,
      render: (t: string, r) =>
        r.suppressed ? (
          <Tooltip title={at('insight.suppressed', { minCell: t.replace('< ', '') })}>
            <Typography.Text type="secondary" data-testid="count" data-suppressed="true">
              {t}
            </Typography.Text>
          </Tooltip>
        ) : (
          <Num testId="count">{t}</Num>
        ),
    },
    {
      title: at('insight.share'),
      dataIndex: 'share',
      align: 'right',
      width: 80,
      render: (s: number | null) => <Num testId="share">{shareText(s) ?? '—'}</Num>,
    },
    {
      title: at('insight.baseShare'),
      dataIndex: 'baseShare',
      align: 'right',
      width: 80,
      render: (s: number | null) => <Num>{shareText(s) ?? '—'}</Num>,
    },
    {
      title: at('insight.tgi'),
      dataIndex: 'tgi',
      align: 'right',
      width: 70,
      render: (t: number | null) => {
        const tone = tgiTone(t);
        return (
          <Tag
            color={tone === 'high' ? 'red' : tone === 'low' ? 'default' : undefined}
            bordered={false}
            style={{ marginInlineEnd: 0, fontVariantNumeric: 'tabular-nums' }}
            data-testid="tgi"
          >
            {tgiText(t)}
          </Tag>
        );
      },
    },
  ];
  return (
    <Table<InsightRow>
      rowKey="key"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      scroll={rows.length > 12 ? { y: 360 } : undefined}
      onRow={(r) => ({ 'data-testid': `cell-${r.key}`, 'data-suppressed': String(r.suppressed) }) as never}
    />
  );
}
