// 渠道归因: which sources the orders are credited to, last touch (the default) and position-based (40% first, 40% last,
// 20% between) side by side, as bars and a table, with how many orders had a path at all; CSV.
import { Col, Row, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { formatFen, formatNumber } from '../../format';
import { CsvButton } from '../distribution/ui';
import { csvPath, pct } from './an-format';
import { useAT } from './an-i18n';
import { type RangeQuery, useAttribution } from './an-queries';
import type { Attribution } from './an-types';
import { DataCard, Num } from './ui';

type Line = Attribution['rows'][number];

export function AttributionCard({ q }: { q: RangeQuery }) {
  const { at, lang } = useAT();
  const query = useAttribution(q, !!q.merchantId);
  const d = query.data;
  const rows = d?.rows ?? [];
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => pct(Number(v)) },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => at(`source.${r.source}`)) },
      series: [
        {
          type: 'bar',
          name: at('attr.lastTouch'),
          color: '#4d7cfe',
          data: rows.map((r) => r.lastTouch.share ?? 0),
        },
        {
          type: 'bar',
          name: at('attr.positionBased'),
          color: '#fa8c16',
          data: rows.map((r) => r.positionBased.share ?? 0),
        },
      ],
    }),
    [rows, at],
  );
  const money = (v: number) => <Num>{formatFen(v, lang)}</Num>;
  return (
    <DataCard
      title={at('attr.title')}
      testId="an-attribution"
      empty={!query.isLoading && (!d || d.orders === 0)}
      extra={
        <CsvButton
          path={csvPath('/v1/analytics/attribution', { ...q })}
          fileName={`attribution-${q.from}-${q.to}.csv`}
          testId="an-attribution-csv"
        />
      }
    >
      {d ? (
        <Typography.Paragraph type="secondary" data-testid="an-attr-summary">
          {at('attr.summary', {
            orders: formatNumber(d.orders, lang),
            withPath: formatNumber(d.ordersWithPath, lang),
            touches: d.avgTouches === null ? '—' : d.avgTouches.toFixed(1),
            days: d.lookbackDays,
          })}
        </Typography.Paragraph>
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Chart option={option} height={Math.max(240, rows.length * 44)} data-testid="an-attr-chart" />
        </Col>
        <Col xs={24} xl={14}>
          <Table<Line>
            rowKey="source"
            size="small"
            pagination={false}
            dataSource={rows}
            data-testid="an-attr-table"
            columns={[
              {
                title: at('sources.source'),
                dataIndex: 'source',
                render: (s: Line['source']) => at(`source.${s}`),
              },
              {
                title: at('attr.lastTouch'),
                children: [
                  {
                    title: at('kpi.orders'),
                    key: 'lo',
                    align: 'right',
                    render: (_: unknown, r: Line) => <Num>{formatNumber(r.lastTouch.orders, lang)}</Num>,
                  },
                  {
                    title: at('kpi.gmv'),
                    key: 'lg',
                    align: 'right',
                    render: (_: unknown, r: Line) => money(r.lastTouch.gmv),
                  },
                  {
                    title: at('sources.share'),
                    key: 'ls',
                    align: 'right',
                    render: (_: unknown, r: Line) => <Num>{pct(r.lastTouch.share)}</Num>,
                  },
                ],
              },
              {
                title: at('attr.positionBased'),
                children: [
                  {
                    title: at('kpi.orders'),
                    key: 'po',
                    align: 'right',
                    render: (_: unknown, r: Line) => <Num>{formatNumber(r.positionBased.orders, lang)}</Num>,
                  },
                  {
                    title: at('kpi.gmv'),
                    key: 'pg',
                    align: 'right',
                    render: (_: unknown, r: Line) => money(r.positionBased.gmv),
                  },
                  {
                    title: at('sources.share'),
                    key: 'ps',
                    align: 'right',
                    render: (_: unknown, r: Line) => <Num>{pct(r.positionBased.share)}</Num>,
                  },
                ],
              },
            ]}
          />
        </Col>
      </Row>
    </DataCard>
  );
}
