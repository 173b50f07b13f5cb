// One merchant's overview. A merchant lands here for its own store; an operator
// reaches any merchant through /merchants/:id. The server decides who may read what:
// a merchant opening another merchant's URL gets the forbidden state from the API.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Skeleton, Space } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { type Kpi, KpiCards } from '../components/KpiCards';
import { MerchantTypeTag } from '../components/MerchantTypeTag';
import { PageHeader } from '../components/PageHeader';
import { PeriodPicker, usePeriodDays } from '../components/PeriodPicker';
import { QueryError } from '../components/QueryError';
import { TrendChart } from '../components/TrendChart';
import { formatBp, formatFen, formatFenCompact, formatNumber } from '../format';
import { useMerchantOverview } from '../queries';
import { useLang } from '../use-lang';

export default function MerchantOverviewPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { user } = useAuth();
  const params = useParams<{ id: string }>();
  // No :id in the route means "my own store".
  const merchantId = params.id ?? user.partyId ?? '';
  const [days, setDays] = usePeriodDays();
  const { data, error, isPending, refetch } = useMerchantOverview(merchantId, days);
  const lines = useMemo(
    () => [
      { key: 'visitors', label: t('series.visitors') },
      { key: 'orders', label: t('series.orders') },
    ],
    [t],
  );

  const back = user.role === 'operator' && params.id && (
    <Link to="/merchants">
      <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('merchants.back')} />
    </Link>
  );
  const title = (
    <Space size={8} wrap>
      {back}
      {data ? data.merchant.name : t('nav.overview')}
      {data && <MerchantTypeTag type={data.merchant.type} />}
    </Space>
  );
  const header = (
    <PageHeader
      title={title}
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
    { key: 'visitors', label: t('kpi.visitors'), value: formatNumber(totals.visitors, lang) },
    { key: 'conversion', label: t('kpi.conversion'), value: formatBp(totals.conversionBp) },
  ];

  return (
    <Flex vertical gap={16}>
      {header}
      <KpiCards items={kpis} />
      <TrendChart daily={data.daily} lines={lines} />
    </Flex>
  );
}
