// The operator's marketplace overview: headline KPIs, daily trend, top merchants.
import { Card, Flex, Skeleton, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { OperatorOverview } from '../api-types';
import { type Kpi, KpiCards } from '../components/KpiCards';
import { MerchantTypeTag } from '../components/MerchantTypeTag';
import { PageHeader } from '../components/PageHeader';
import { PeriodPicker, usePeriodDays } from '../components/PeriodPicker';
import { QueryError } from '../components/QueryError';
import { TrendChart } from '../components/TrendChart';
import { formatBp, formatFen, formatFenCompact, formatNumber } from '../format';
import { useOperatorOverview } from '../queries';
import { useLang } from '../use-lang';

type TopMerchant = OperatorOverview['topMerchants'][number];

export default function OperatorOverviewPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [days, setDays] = usePeriodDays();
  const { data, error, isPending, refetch } = useOperatorOverview(days);
  const lines = useMemo(() => [{ key: 'orders', label: t('series.orders') }], [t]);

  const header = (
    <PageHeader
      title={t('overview.operatorTitle')}
      extra={!error && <PeriodPicker days={days} onChange={setDays} from={data?.from} to={data?.to} />}
    />
  );
  if (error || isPending) {
    return (
      <>
        {header}
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Skeleton active paragraph={{ rows: 10 }} />
        )}
      </>
    );
  }

  const { totals } = data;
  const kpis: Kpi[] = [
    {
      key: 'gmv',
      label: t('kpi.gmv'),
      value: formatFenCompact(totals.gmv, lang),
      full: formatFen(totals.gmv, lang),
    },
    { key: 'orders', label: t('kpi.orders'), value: formatNumber(totals.orders, lang) },
    { key: 'buyers', label: t('kpi.buyers'), value: formatNumber(totals.buyers, lang) },
    {
      key: 'merchants',
      label: t('kpi.merchants'),
      value: `${formatNumber(totals.activeMerchants, lang)} / ${formatNumber(totals.merchants, lang)}`,
    },
  ];

  return (
    <Flex vertical gap={16}>
      {header}
      <KpiCards items={kpis} />
      <TrendChart daily={data.daily} lines={lines} />
      <Card title={t('overview.topMerchants')} styles={{ body: { padding: 0 } }}>
        <Table<TopMerchant>
          rowKey="merchantId"
          dataSource={data.topMerchants}
          pagination={false}
          size="middle"
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('merchants.name'),
              dataIndex: 'name',
              render: (name: string, row) => (
                <Link to={`/merchants/${encodeURIComponent(row.merchantId)}`}>{name}</Link>
              ),
            },
            {
              title: t('merchants.type'),
              dataIndex: 'type',
              render: (type: TopMerchant['type']) => <MerchantTypeTag type={type} />,
            },
            {
              title: t('kpi.gmv'),
              dataIndex: 'gmv',
              align: 'right',
              render: (gmv: number) => formatFen(gmv, lang),
            },
            {
              title: t('overview.share'),
              key: 'share',
              align: 'right',
              // Share in basis points, from integers: exact to 0.01%.
              render: (_, row) => (
                <Typography.Text type="secondary">
                  {totals.gmv > 0 ? formatBp(Math.round((row.gmv * 10000) / totals.gmv)) : '—'}
                </Typography.Text>
              ),
            },
            {
              title: t('kpi.orders'),
              dataIndex: 'orders',
              align: 'right',
              render: (orders: number) => formatNumber(orders, lang),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
