// 平台经营健康度 (operators): marketplace GMV, orders, active merchants and stores, live penetration and live GMV share,
// distribution share and refund rate against the previous period; the daily chart of GMV with its live and
// distribution parts and refunds; categories by GMV with their growth.
import { Col, Flex, Row, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatFen, formatFenAxis, formatFenCompact, formatNumber, shortDay } from '../../format';
import { changeOf, pct } from './an-format';
import { useAT } from './an-i18n';
import { useSourcePie } from './SourcesCard';
import { useHealth } from './an-queries';
import type { Health } from './an-types';
import { Change, DataCard, Figure, FigureGrid, Num, RangeBar, useScope } from './ui';

type K = Health['kpis'];
type Cat = Health['byCategory'][number];

const FIGURES: { key: keyof K; kind: 'money' | 'count' | 'rate' }[] = [
  { key: 'gmv', kind: 'money' },
  { key: 'orders', kind: 'count' },
  { key: 'buyers', kind: 'count' },
  { key: 'aov', kind: 'money' },
  { key: 'activeMerchants', kind: 'count' },
  { key: 'activeStores', kind: 'count' },
  { key: 'livePenetration', kind: 'rate' },
  { key: 'liveGmvShare', kind: 'rate' },
  { key: 'distributionShare', kind: 'rate' },
  { key: 'refundRate', kind: 'rate' },
];

export default function HealthPage() {
  const { at, lang } = useAT();
  const scope = useScope(30);
  const query = useHealth({ from: scope.from, to: scope.to });
  const d = query.data;
  const show = (f: (typeof FIGURES)[number], k: K) => {
    const v = k[f.key];
    if (v === null) return '—';
    return f.kind === 'money'
      ? formatFenCompact(v, lang)
      : f.kind === 'rate'
        ? pct(v, 1)
        : formatNumber(v, lang);
  };
  const change = (f: (typeof FIGURES)[number]) => {
    const cur = d?.kpis[f.key];
    const prev = d?.previous[f.key];
    if (cur === null || cur === undefined) return null;
    // Rates move in points (31% → 33% is +2 pp), amounts and counts relatively.
    if (f.kind === 'rate') return prev === null || prev === undefined ? null : cur - prev;
    return prev ? changeOf(cur, prev) : null;
  };
  return (
    <Flex vertical gap={16}>
      <PageHeader title={at('health.title')} extra={<RangeBar scope={scope} />} />
      <Typography.Text type="secondary" style={{ marginTop: -12 }}>
        {at('health.subtitle')}
      </Typography.Text>
      {query.error && !d ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <FigureGrid>
            {FIGURES.map((f) => (
              <Figure
                key={f.key}
                testId={`an-health-${f.key}`}
                label={at(`health.kpi.${f.key}`)}
                value={d ? show(f, d.kpis) : '—'}
                title={
                  d && f.kind === 'money' && d.kpis[f.key] !== null
                    ? formatFen(d.kpis[f.key] ?? 0, lang)
                    : undefined
                }
                sub={
                  d ? (
                    <Change value={change(f)} points={f.kind === 'rate'} label={at('business.vsPrevious')} />
                  ) : null
                }
              />
            ))}
          </FigureGrid>
          <HealthChart data={d} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Categories rows={d?.byCategory ?? []} loading={query.isFetching} />
            </Col>
            <Col xs={24} xl={10}>
              <BySource data={d} />
            </Col>
          </Row>
        </>
      )}
    </Flex>
  );
}

function HealthChart({ data }: { data: Health | undefined }) {
  const { at, lang } = useAT();
  const option = useMemo<ChartOption>(() => {
    const daily = data?.daily ?? [];
    return {
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatFen(Number(v), lang) },
      xAxis: { type: 'category', data: daily.map((x) => x.day), axisLabel: { formatter: shortDay } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatFenAxis(v, lang) } },
      series: [
        {
          type: 'bar',
          name: at('kpi.gmv'),
          color: '#4d7cfe',
          barMaxWidth: 24,
          data: daily.map((x) => x.gmv),
        },
        {
          type: 'line',
          name: at('health.liveGmv'),
          color: '#eb2f96',
          showSymbol: false,
          data: daily.map((x) => x.liveGmv),
        },
        {
          type: 'line',
          name: at('health.distributionGmv'),
          color: '#722ed1',
          showSymbol: false,
          data: daily.map((x) => x.distributionGmv),
        },
        {
          type: 'line',
          name: at('kpi.refundAmount'),
          color: '#fa8c16',
          showSymbol: false,
          lineStyle: { type: 'dashed' },
          data: daily.map((x) => x.refundAmount),
        },
      ],
    };
  }, [data, at, lang]);
  return (
    <DataCard title={at('health.daily')} testId="an-health-daily" empty={!data || data.daily.length === 0}>
      <Chart option={option} height={340} data-testid="an-health-chart" />
    </DataCard>
  );
}

function BySource({ data }: { data: Health | undefined }) {
  const { at } = useAT();
  const rows = (data?.bySource ?? []).filter((r) => r.gmv > 0);
  const option = useSourcePie(data?.bySource);
  return (
    <DataCard title={at('health.bySource')} testId="an-health-sources" empty={rows.length === 0}>
      <Chart option={option} height={320} data-testid="an-health-sources-chart" />
    </DataCard>
  );
}

function Categories({ rows, loading }: { rows: Cat[]; loading: boolean }) {
  const { at, lang } = useAT();
  return (
    <DataCard
      title={at('health.categories')}
      testId="an-health-categories"
      empty={!loading && rows.length === 0}
      flush
    >
      <Table<Cat>
        rowKey="categoryId"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          {
            title: at('opp.category'),
            key: 'name',
            render: (_: unknown, r) => (lang === 'zh' && r.nameZh ? r.nameZh : r.name),
          },
          {
            title: at('kpi.gmv'),
            dataIndex: 'gmv',
            align: 'right',
            render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
          },
          {
            title: at('sources.share'),
            dataIndex: 'share',
            align: 'right',
            render: (v: number | null) => <Num>{pct(v)}</Num>,
          },
          {
            title: at('opp.growth'),
            dataIndex: 'growth',
            align: 'right',
            render: (v: number | null) => <Change value={v} />,
          },
        ]}
      />
    </DataCard>
  );
}
