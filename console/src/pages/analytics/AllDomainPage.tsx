// 全域经营 (merchants; operators pick a merchant): GMV of the merchant's own live room (自播), distribution through
// creators and promoters (分销) and the shelf (货架) side by side and stacked by day, new buyers and follows by
// domain, and how buyers moved from one domain to the next (a from × to matrix).
import { Col, Flex, Row, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatFen, formatFenAxis, formatFenCompact, formatNumber, shortDay } from '../../format';
import { flowMatrix, pct, pivotDaily } from './an-format';
import { useAT } from './an-i18n';
import { useAllDomain } from './an-queries';
import { type AllDomain, DOMAINS, type Domain } from './an-types';
import {
  DataCard,
  Figure,
  FigureGrid,
  MerchantPicker,
  Num,
  PickMerchantFirst,
  RangeBar,
  useScope,
} from './ui';

const CHART_COLORS: Record<Domain, string> = {
  self_stream: '#eb2f96',
  distribution: '#722ed1',
  shelf: '#4d7cfe',
};

export default function AllDomainPage() {
  const { at, lang } = useAT();
  const scope = useScope(30);
  const q = { merchantId: scope.merchantId, from: scope.from, to: scope.to };
  const query = useAllDomain(q, !!scope.merchantId);
  const d = query.data;
  const byDomain = new Map(d?.domains.map((x) => [x.domain, x]));
  const follows = new Map(d?.followsByDomain.map((x) => [x.domain, x.follows]));

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={at('allDomain.title')}
        extra={
          <>
            <MerchantPicker scope={scope} />
            <RangeBar scope={scope} />
          </>
        }
      />
      <Typography.Text type="secondary" style={{ marginTop: -12 }}>
        {at('allDomain.subtitle')}
      </Typography.Text>
      {!scope.merchantId ? (
        <PickMerchantFirst />
      ) : query.error && !d ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <FigureGrid min={220}>
            {DOMAINS.map((dom) => {
              const x = byDomain.get(dom);
              return (
                <Figure
                  key={dom}
                  testId={`an-domain-${dom}`}
                  label={at(`domain.${dom}`)}
                  value={x ? formatFenCompact(x.gmv, lang) : '—'}
                  title={x ? formatFen(x.gmv, lang) : undefined}
                  sub={
                    x ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {at('allDomain.cardSub', {
                          share: pct(x.share),
                          orders: formatNumber(x.orders, lang),
                          newBuyers: formatNumber(x.newBuyers, lang),
                          follows: formatNumber(follows.get(dom) ?? 0, lang),
                        })}
                      </Typography.Text>
                    ) : null
                  }
                />
              );
            })}
          </FigureGrid>
          <DailyDomains data={d} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <BuyersByDomain data={d} />
            </Col>
            <Col xs={24} xl={12}>
              <Flows data={d} />
            </Col>
          </Row>
        </>
      )}
    </Flex>
  );
}

function DailyDomains({ data }: { data: AllDomain | undefined }) {
  const { at, lang } = useAT();
  const option = useMemo<ChartOption>(() => {
    const { days, series } = pivotDaily(
      (data?.daily ?? []).map((r) => ({ day: r.day, key: r.domain, value: r.gmv })),
    );
    return {
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => formatFen(Number(v), lang),
      },
      xAxis: { type: 'category', data: days, axisLabel: { formatter: shortDay } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatFenAxis(v, lang) } },
      series: DOMAINS.map((dom) => ({
        type: 'bar' as const,
        stack: 'gmv',
        name: at(`domain.${dom}`),
        color: CHART_COLORS[dom],
        barMaxWidth: 28,
        data: series.get(dom) ?? days.map(() => 0),
      })),
    };
  }, [data, at, lang]);
  return (
    <DataCard title={at('allDomain.daily')} testId="an-domain-daily" empty={!data || data.daily.length === 0}>
      <Chart option={option} height={320} data-testid="an-domain-chart" />
    </DataCard>
  );
}

function BuyersByDomain({ data }: { data: AllDomain | undefined }) {
  const { at, lang } = useAT();
  const follows = new Map(data?.followsByDomain.map((x) => [x.domain, x.follows]));
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: DOMAINS.map((dom) => at(`domain.${dom}`)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v, lang) } },
      series: [
        {
          type: 'bar',
          name: at('allDomain.buyers'),
          color: '#bfbfbf',
          data: DOMAINS.map((dom) => data?.domains.find((x) => x.domain === dom)?.buyers ?? 0),
        },
        {
          type: 'bar',
          name: at('allDomain.newBuyers'),
          color: '#4d7cfe',
          data: DOMAINS.map((dom) => data?.domains.find((x) => x.domain === dom)?.newBuyers ?? 0),
        },
        {
          type: 'bar',
          name: at('allDomain.follows'),
          color: '#fa8c16',
          data: DOMAINS.map((dom) => follows.get(dom) ?? 0),
        },
      ],
    }),
    [data, follows, at, lang],
  );
  return (
    <DataCard
      title={at('allDomain.buyersTitle')}
      testId="an-domain-buyers"
      empty={!data || data.domains.length === 0}
    >
      <Chart option={option} height={300} data-testid="an-domain-buyers-chart" />
    </DataCard>
  );
}

/** Repeat orders by the domain of the buyer's previous order (rows) and their own (columns). */
function Flows({ data }: { data: AllDomain | undefined }) {
  const { at, lang } = useAT();
  const { rows, max } = flowMatrix(data?.flows ?? []);
  return (
    <DataCard title={at('allDomain.flows')} testId="an-domain-flows" empty={!data || max === 0} flush>
      <Typography.Paragraph type="secondary" style={{ padding: '8px 12px', margin: 0 }}>
        {at('allDomain.flowsHint')}
      </Typography.Paragraph>
      <Table
        rowKey="from"
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="an-flow-matrix"
        columns={[
          {
            title: at('allDomain.firstVia'),
            dataIndex: 'from',
            render: (v: Domain) => <b>{at(`domain.${v}`)}</b>,
          },
          ...DOMAINS.map((to) => ({
            title: at('allDomain.thenVia', { domain: at(`domain.${to}`) }),
            key: to,
            align: 'right' as const,
            render: (_: unknown, r: (typeof rows)[number]) => {
              const c = r.cells[to];
              const alpha = max ? c.orders / max : 0;
              return (
                <div
                  data-testid="an-flow-cell"
                  style={{
                    background: `rgba(77,124,254,${(alpha * 0.55).toFixed(2)})`,
                    padding: '4px 8px',
                    borderRadius: 4,
                  }}
                  title={formatFen(c.gmv, lang)}
                >
                  <Num>{formatNumber(c.orders, lang)}</Num>
                  <br />
                  <Num style={{ fontSize: 12, color: '#595959' }}>{formatFenCompact(c.gmv, lang)}</Num>
                </div>
              );
            },
          })),
        ]}
      />
    </DataCard>
  );
}
