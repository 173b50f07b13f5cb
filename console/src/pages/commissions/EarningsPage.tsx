// 收益概览: pending (estimated, unsettled), available (settled, not paid out) and paid-out earnings
// from the commission orders' totals; a daily trend of the period computed from the party's own
// commission orders (the API has no daily series); the party's ledger balances.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Flex, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api';
import type { CommissionLine, CommissionOrders, LedgerAccount } from '../../api-types';
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
import { useCommissionOrders, useLedgerAccounts } from '../distribution/dist-queries';
import { availableOf, dailyEarnings, normalBalance } from '../distribution/logic';
import { Money } from '../distribution/ui';
import { partyOf } from './party';

/** Lines read for the trend: 10 pages of 500, newest first. */
const TREND_PAGE = 500;
const TREND_PAGES = 10;

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
  const trend = useQuery({
    queryKey: ['dist', 'orders', 'trend', party, from],
    enabled: party !== null,
    queryFn: async ({ signal }) => {
      const lines: CommissionLine[] = [];
      let after: string | undefined;
      let capped = false;
      for (let i = 0; i < TREND_PAGES; i++) {
        const page = await api<CommissionOrders>('/v1/commissions/orders', {
          // From the start of the first business day (UTC+8) of the period.
          query: {
            ...party,
            from: new Date(`${from}T00:00:00+08:00`).toISOString(),
            limit: TREND_PAGE,
            after,
          },
          signal,
        });
        lines.push(...page.items);
        after = page.next ?? undefined;
        if (!after) break;
        if (i === TREND_PAGES - 1) capped = true;
      }
      return { lines, capped };
    },
  });
  const accounts = useLedgerAccounts(
    { owner: party ? `${party.partyType}:${party.partyId}` : undefined },
    party !== null,
  );
  const rows = useMemo(
    () => (trend.data ? dailyEarnings(trend.data.lines, from, to) : []),
    [trend.data, from, to],
  );
  const hasData = rows.some((r) => r.lines > 0);

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
      color: ['#f5222d', '#4d7cfe'],
      dataset: { source: rows.map((r) => ({ ...r })), dimensions: ['day', 'earnings', 'lines'] },
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
          name: dt('earnings.series'),
          encode: { x: 'day', y: 'earnings' },
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
        {trend.data?.capped && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={dt('earnings.trendCapped', { count: TREND_PAGE * TREND_PAGES })}
          />
        )}
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
