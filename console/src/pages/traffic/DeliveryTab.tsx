// A program's daily delivery: what its participants were due (target) against what its slots delivered
// (protection also counts organic exposures toward the minimum), the worst participant's shortfall as a
// line, and the same days as a table.
import { Card, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { type Kpi, KpiCards } from '../../components/KpiCards';
import { PeriodPicker, usePeriodDays } from '../../components/PeriodPicker';
import { QueryError } from '../../components/QueryError';
import { shortDay } from '../../format';
import { exposuresCompact, exposuresText, lastDays, percent, shareOf } from './traffic-format';
import { useTT } from './traffic-i18n';
import { useDelivery } from './traffic-queries';
import type { DeliveryDay, Program } from './traffic-types';
import { Exp } from './ui';

const COLORS = { target: '#bfbfbf', delivered: '#4d7cfe', organic: '#13a8a8', shortfall: '#fa541c' };

export function DeliveryTab({ program }: { program: Program }) {
  const { tt, lang } = useTT();
  const [days, setDays] = usePeriodDays();
  const { from, to } = lastDays(days);
  const query = useDelivery(program.id, from, to);
  const items = query.data?.items;
  const protection = program.kind === 'protection';
  const live = program.kind === 'protection' || program.kind === 'chuanliu';

  const option = useMemo<ChartOption>(() => {
    const count = (v: unknown) => exposuresText(Number(v), lang);
    return {
      color: [COLORS.target, COLORS.delivered, ...(protection ? [COLORS.organic] : []), COLORS.shortfall],
      dataset: {
        source: (items ?? []).map((d) => ({ ...d, shortfall: Math.round(d.worstShortfall * 1000) / 10 })),
        dimensions: ['day', 'target', 'delivered', 'organic', 'shortfall'],
      },
      grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', axisLabel: { formatter: shortDay } },
      yAxis: [
        { type: 'value', axisLabel: { formatter: (v: number) => exposuresCompact(v, lang) } },
        {
          type: 'value',
          min: 0,
          max: 100,
          position: 'right',
          splitLine: { show: false },
          axisLabel: { formatter: '{value}%' },
        },
      ],
      series: [
        {
          type: 'bar',
          name: tt('delivery.target'),
          encode: { x: 'day', y: 'target' },
          barMaxWidth: 22,
          tooltip: { valueFormatter: count },
        },
        {
          type: 'bar',
          name: tt('delivery.delivered'),
          stack: 'got',
          encode: { x: 'day', y: 'delivered' },
          barMaxWidth: 22,
          tooltip: { valueFormatter: count },
        },
        ...(protection
          ? [
              {
                type: 'bar' as const,
                name: tt('delivery.organicShort'),
                stack: 'got',
                encode: { x: 'day', y: 'organic' },
                barMaxWidth: 22,
                tooltip: { valueFormatter: count },
              },
            ]
          : []),
        {
          type: 'line',
          name: tt('delivery.shortfall'),
          encode: { x: 'day', y: 'shortfall' },
          yAxisIndex: 1,
          showSymbol: (items?.length ?? 0) < 20,
          tooltip: { valueFormatter: (v) => `${v}%` },
        },
      ],
    };
  }, [items, protection, tt, lang]);

  const header = (
    <Flex justify="flex-end" align="center" gap={12} wrap>
      <PeriodPicker days={days} onChange={setDays} from={from} to={to} />
    </Flex>
  );
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (!items)
    return (
      <Flex vertical gap={16}>
        {header}
        <Skeleton active paragraph={{ rows: 8 }} />
      </Flex>
    );

  const sum = (k: 'target' | 'delivered' | 'organic' | 'met' | 'participants') =>
    items.reduce((s, d) => s + d[k], 0);
  const counted = sum('delivered') + (protection ? sum('organic') : 0);
  const kpis: Kpi[] = [
    {
      key: 'target',
      label: tt('delivery.kpiTarget'),
      value: exposuresCompact(sum('target'), lang),
      full: exposuresText(sum('target'), lang),
    },
    {
      key: 'delivered',
      label: tt('delivery.kpiDelivered'),
      value: exposuresCompact(sum('delivered'), lang),
      full: exposuresText(sum('delivered'), lang),
    },
    ...(protection
      ? [
          {
            key: 'organic',
            label: tt('delivery.kpiOrganic'),
            value: exposuresCompact(sum('organic'), lang),
            full: exposuresText(sum('organic'), lang),
          },
        ]
      : []),
    {
      key: 'met',
      label: tt('delivery.kpiMet'),
      value: percent(shareOf(sum('met'), sum('participants'))),
      full: tt('delivery.metOf', { met: sum('met'), count: sum('participants') }),
    },
    {
      key: 'worst',
      label: tt('delivery.kpiWorst'),
      value: percent(items.reduce((m, d) => Math.max(m, d.worstShortfall), 0)),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="delivery">
      {header}
      <KpiCards items={kpis} />
      <Card
        title={tt('delivery.title')}
        extra={
          <Typography.Text type="secondary">
            {tt('delivery.fill', { pct: percent(shareOf(counted, sum('target'))) })}
          </Typography.Text>
        }
      >
        {items.length === 0 ? (
          <Empty description={tt('delivery.empty')} />
        ) : (
          <Chart option={option} height={300} data-testid="delivery-chart" />
        )}
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<DeliveryDay>
          rowKey="day"
          size="small"
          data-testid="delivery-table"
          dataSource={[...items].reverse()}
          loading={query.isFetching}
          pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 820 }}
          locale={{ emptyText: tt('delivery.empty') }}
          columns={[
            { title: tt('common.day'), dataIndex: 'day', width: 110 },
            {
              title: tt('delivery.participants'),
              dataIndex: 'participants',
              align: 'right',
              width: 100,
              render: (v: number) => <Exp n={v} />,
            },
            {
              title: tt('delivery.target'),
              dataIndex: 'target',
              align: 'right',
              render: (v: number) => <Exp n={v} />,
            },
            {
              title: tt('delivery.delivered'),
              dataIndex: 'delivered',
              align: 'right',
              render: (v: number) => <Exp n={v} strong />,
            },
            ...(protection
              ? [
                  {
                    title: tt('delivery.organicShort'),
                    dataIndex: 'organic',
                    align: 'right' as const,
                    render: (v: number) => <Exp n={v} />,
                  },
                ]
              : []),
            {
              title: tt('delivery.carried'),
              dataIndex: 'carried',
              align: 'right',
              render: (v: number) => <Exp n={v} />,
            },
            {
              title: tt('delivery.met'),
              key: 'met',
              align: 'right',
              width: 100,
              render: (_: unknown, d) => tt('delivery.metOf', { met: d.met, count: d.participants }),
            },
            ...(live
              ? [
                  {
                    title: tt('delivery.onAir'),
                    key: 'onAir',
                    align: 'right' as const,
                    width: 110,
                    render: (_: unknown, d: DeliveryDay) =>
                      d.onAir === null ? '—' : tt('delivery.metOf', { met: d.metOnAir ?? 0, count: d.onAir }),
                  },
                ]
              : []),
            {
              title: tt('delivery.shortfall'),
              dataIndex: 'worstShortfall',
              align: 'right',
              width: 120,
              render: (v: number) => (
                <Typography.Text type={v > 0.02 ? 'danger' : undefined}>{percent(v)}</Typography.Text>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
