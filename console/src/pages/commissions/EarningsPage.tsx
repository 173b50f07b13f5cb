// 收益概览: pending (estimated, unsettled), available (settled, not paid out) and paid-out earnings
// from the commission orders' totals; the daily trend of the period (estimated and settled share
// per business day of payment, GET /v1/commissions/earnings/daily); the party's ledger balances.
import { Card, Empty, Flex, Table, Typography } from 'antd';
import { useMemo } from 'react';
import type { LedgerAccount } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { Chart, type ChartOption } from '../../components/Chart';
import { type Kpi, KpiCards } from '../../components/KpiCards';
import { PageHeader } from '../../components/PageHeader';
import { PeriodPicker, usePeriodDays } from '../../components/PeriodPicker';
import { QueryError } from '../../components/QueryError';
import {
  formatCountCompact,
  formatDay,
  formatFen,
  formatFenAxis,
  formatNumber,
  shortDay,
} from '../../format';
import { useDT } from '../distribution/dist-i18n';
import { useCommissionOrders, useDailyEarnings, useLedgerAccounts } from '../distribution/dist-queries';
import { availableOf, normalBalance } from '../distribution/logic';
import { Money } from '../distribution/ui';
import { partyOf } from './party';

export default function EarningsPage() {
  const { dt, lang, known } = useDT();
  const { user } = useAuth();
  const party = partyOf(user);
  const [days, setDays] = usePeriodDays();
  const totalsQuery = useCommissionOrders({ ...party, limit: 1 }, party !== null);
  const now = useMemo(() => new Date(), []);
  const to = formatDay(now.toISOString());
  const fromInstant = new Date(now.getTime() - (days - 1) * 86_400_000);
  const from = formatDay(fromInstant.toISOString());
  const trend = useDailyEarnings(party ? { ...party, from, to } : null);
  const accounts = useLedgerAccounts(
    { owner: party ? `${party.partyType}:${party.partyId}` : undefined },
    party !== null,
  );
  const rows = trend.data?.days ?? [];
  const hasData = rows.some((r) => r.lines > 0 || r.estimated !== 0 || r.settled !== 0);

  const t = totalsQuery.data?.totals;
  const kpis: Kpi[] = t
    ? [
        { key: 'pending', label: dt('earnings.pending'), value: formatFen(t.estimated, lang) },
        { key: 'available', label: dt('earnings.available'), value: formatFen(availableOf(t), lang) },
        { key: 'paid', label: dt('earnings.paid'), value: formatFen(t.paid, lang) },
        { key: 'lines', label: dt('earnings.lines'), value: formatNumber(t.lines, lang) },
      ]
    : [];

  const option = useMemo<ChartOption>(
    () => ({
      color: ['#faad14', '#52c41a', '#4d7cfe'],
      dataset: { source: rows.map((r) => ({ ...r })), dimensions: ['day', 'estimated', 'settled', 'lines'] },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', axisLabel: { formatter: shortDay } },
      yAxis: [
        // At least ¥1 between ticks: small or zero earnings must not repeat "¥0" down the axis.
        { type: 'value', minInterval: 100, axisLabel: { formatter: (v: number) => formatFenAxis(v, lang) } },
        {
          type: 'value',
          position: 'right',
          minInterval: 1,
          splitLine: { show: false },
          axisLabel: { formatter: (v: number) => formatCountCompact(v, lang) },
        },
      ],
      series: [
        {
          type: 'bar',
          stack: 'share',
          name: dt('earnings.series'),
          encode: { x: 'day', y: 'estimated' },
          barMaxWidth: 24,
          tooltip: { valueFormatter: (v) => formatFen(Number(v), lang) },
        },
        {
          type: 'bar',
          stack: 'share',
          name: dt('earnings.seriesSettled'),
          encode: { x: 'day', y: 'settled' },
          barMaxWidth: 24,
          tooltip: { valueFormatter: (v) => formatFen(Number(v), lang) },
        },
        {
          type: 'line',
          name: dt('earnings.seriesLines'),
          encode: { x: 'day', y: 'lines' },
          yAxisIndex: 1,
          showSymbol: false,
          tooltip: { valueFormatter: (v) => formatNumber(Number(v), lang) },
        },
      ],
    }),
    [rows, dt, lang],
  );

  const error = totalsQuery.error ?? trend.error;
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={dt('earnings.title')}
        extra={<PeriodPicker days={days} onChange={setDays} from={from} to={to} />}
      />
      {error ? (
        <QueryError error={error} onRetry={() => void totalsQuery.refetch()} />
      ) : (
        <KpiCards items={kpis} />
      )}
      <Card
        title={dt('earnings.trendTitle')}
        extra={<Typography.Text type="secondary">{dt('earnings.trendNote')}</Typography.Text>}
      >
        {trend.isLoading ? null : hasData ? (
          <Chart option={option} height={320} data-testid="earnings-chart" />
        ) : (
          <Empty description={dt('earnings.noData')} />
        )}
      </Card>
      <Card title={dt('earnings.ledgerTitle')} styles={{ body: { padding: 0 } }}>
        <Table<LedgerAccount>
          rowKey="name"
          data-testid="earnings-accounts"
          size="small"
          loading={accounts.isFetching}
          dataSource={accounts.data?.accounts ?? []}
          pagination={false}
          locale={{ emptyText: dt('ledger.empty') }}
          columns={[
            { title: dt('ledger.account'), dataIndex: 'name' },
            {
              title: dt('ledger.purpose'),
              dataIndex: 'purpose',
              render: (v: string) => known('ledger.purposes', v),
            },
            {
              title: dt('ledger.posted'),
              key: 'posted',
              align: 'right',
              render: (_: unknown, a) => <Money fen={normalBalance(a, a.posted)} strong />,
            },
            {
              title: dt('ledger.pending'),
              key: 'pending',
              align: 'right',
              render: (_: unknown, a) => <Money fen={normalBalance(a, a.pending)} />,
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
