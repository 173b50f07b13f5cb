// 生意参谋 (merchants; operators pick a merchant): real-time figures refreshing every 5 s, then for a day range the
// headline KPIs against the previous period, the daily trend, traffic sources, the funnel, the product ranking and
// the percentile among category peers. Tables download as CSV.
import { Col, Flex, Row, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TrendChart } from '../../components/TrendChart';
import { formatFen, formatFenCompact, formatNumber } from '../../format';
import { CsvButton } from '../distribution/ui';
import { csvPath, pct } from './an-format';
import { useAT } from './an-i18n';
import { useFunnel, useOverview, usePeers, useSources } from './an-queries';
import type { Kpis, ProductRanking } from './an-types';
import { FunnelCard } from './FunnelCard';
import { PeersCard } from './PeersCard';
import { ProductsCard } from './ProductsCard';
import { RealtimePanel } from './RealtimePanel';
import { SourcesCard } from './SourcesCard';
import { Change, Figure, FigureGrid, MerchantPicker, PickMerchantFirst, RangeBar, useScope } from './ui';

const KPIS = ['gmv', 'orders', 'buyers', 'visitors', 'conversion', 'aov', 'units', 'refundRate'] as const;
const SORTS = ['gmv', 'units', 'views', 'conversion'] as const;

export default function BusinessPage() {
  const { at, lang } = useAT();
  const scope = useScope();
  const [params, setParams] = useSearchParams();
  const q = { merchantId: scope.merchantId, from: scope.from, to: scope.to };
  const ready = !!scope.merchantId;
  const overview = useOverview(q, ready);
  const sources = useSources(q, ready);
  const funnel = useFunnel(q, ready);
  const peers = usePeers(q, ready);
  const rawSort = params.get('sort');
  const sort: ProductRanking['sort'] = (SORTS as readonly string[]).includes(rawSort ?? '')
    ? (rawSort as ProductRanking['sort'])
    : 'gmv';
  const o = overview.data;

  const kpiValue = (k: (typeof KPIS)[number], v: Kpis) =>
    k === 'gmv' || k === 'aov'
      ? v[k] === null
        ? '—'
        : formatFenCompact(v[k] ?? 0, lang)
      : k === 'conversion' || k === 'refundRate'
        ? pct(v[k], 2)
        : formatNumber(v[k], lang);

  return (
    <Flex vertical gap={16}>
      <PageHeader title={at('business.title')} extra={<MerchantPicker scope={scope} />} />
      <Typography.Text type="secondary" style={{ marginTop: -12 }}>
        {at('business.subtitle')}
      </Typography.Text>
      {!scope.merchantId ? (
        <PickMerchantFirst />
      ) : (
        <>
          <RealtimePanel merchantId={scope.merchantId} />
          <Flex justify="space-between" align="center" wrap gap={12}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {at('business.period')}
            </Typography.Title>
            <Flex gap={12} wrap align="center">
              <RangeBar scope={scope} />
              <CsvButton
                path={csvPath('/v1/analytics/overview', q)}
                fileName={`daily-${q.from}-${q.to}.csv`}
                testId="an-overview-csv"
              />
            </Flex>
          </Flex>
          {overview.error && !o ? (
            <QueryError error={overview.error} onRetry={() => void overview.refetch()} />
          ) : (
            <FigureGrid>
              {KPIS.map((k) => (
                <Figure
                  key={k}
                  testId={`an-kpi-${k}`}
                  label={at(`kpi.${k}`)}
                  value={o ? kpiValue(k, o.kpis) : '—'}
                  title={o && k === 'gmv' ? formatFen(o.kpis.gmv, lang) : undefined}
                  sub={o ? <Change value={o.change[k]} label={at('business.vsPrevious')} /> : null}
                />
              ))}
            </FigureGrid>
          )}
          <div data-testid="an-trend">
            <TrendChart
              daily={o?.daily.map((d) => ({ ...d, conversion: d.conversion ?? 0 })) ?? []}
              lines={[
                { key: 'visitors', label: at('kpi.visitors') },
                { key: 'buyers', label: at('kpi.buyers') },
              ]}
            />
          </div>
          <SourcesCard data={sources.data} q={q} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <FunnelCard data={funnel.data} />
            </Col>
            <Col xs={24} xl={12}>
              <PeersCard data={peers.data} />
            </Col>
          </Row>
          <ProductsCard
            q={q}
            sort={sort}
            onSort={(s) =>
              setParams(
                (prev) => {
                  const next = new URLSearchParams(prev);
                  next.set('sort', s);
                  return next;
                },
                { replace: true },
              )
            }
          />
        </>
      )}
    </Flex>
  );
}
