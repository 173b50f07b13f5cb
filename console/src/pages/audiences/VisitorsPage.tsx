// 访客分析 (merchants): who are my visitors. For one of the merchant's stores: the relationship tiers (customers
// 已购客户, intent 意向客户, potential 潜在客户, competitor customers 竞品客户) as cards, and the last 30 days' visitors
// split into customers and prospects. Each tier opens the builder with that tier as the first condition.
import { InfoCircleOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Row, Select, Statistic, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Chart, type ChartOption } from '../../components/Chart';
import { PageHeader } from '../../components/PageHeader';
import { Pending } from '../../components/QueryError';
import { formatNumber } from '../../format';
import { useMyStores } from '../live/live-queries';
import { shareText, visitorsAddUp } from './aud-format';
import { useAT } from './aud-i18n';
import { useStoreTiers } from './aud-queries';
import { STORE_TIERS, type StoreTier, type StoreTiers } from './aud-types';

const TIER_COLORS: Record<StoreTier, string> = {
  customers: '#4d7cfe',
  intent: '#13c2c2',
  potential: '#fa8c16',
  competitor: '#eb2f96',
};

export default function VisitorsPage() {
  const { at } = useAT();
  const stores = useMyStores(true);
  const [params, setParams] = useSearchParams();
  const storeId = params.get('storeId') ?? stores.data?.items[0]?.id;
  const tiers = useStoreTiers(storeId);
  const d = tiers.data;

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={at('visitors.title')}
        extra={
          <Select<string>
            value={storeId}
            loading={stores.isLoading}
            style={{ minWidth: 240 }}
            data-testid="visitors-store"
            options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name ?? s.id }))}
            onChange={(v) => setParams({ storeId: v }, { replace: true })}
            placeholder={at('visitors.store')}
          />
        }
      />
      <Typography.Text type="secondary" style={{ marginTop: -16 }}>
        {at('visitors.subtitle')}
      </Typography.Text>
      {!storeId && !stores.isLoading ? (
        <Empty description={at('visitors.noStores')} />
      ) : !d ? (
        <Pending error={tiers.error ?? stores.error} onRetry={() => void tiers.refetch()} />
      ) : (
        <Body d={d} />
      )}
    </Flex>
  );
}

function Body({ d }: { d: StoreTiers }) {
  const { at, lang } = useAT();
  const builder = (tier: string) =>
    `/audiences/new?store=${encodeURIComponent(d.storeId)}&tier=${encodeURIComponent(tier)}`;
  return (
    <>
      <div
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 16 }}
        data-testid="tiers"
      >
        {STORE_TIERS.map((t) => (
          <Card
            key={t}
            size="small"
            data-testid={`tier-${t}`}
            data-count={d.tiers[t]}
            style={{ borderTop: `3px solid ${TIER_COLORS[t]}` }}
          >
            <Statistic
              title={
                <Tooltip title={at(`tierHint.${t}`)}>
                  <span style={{ cursor: 'help' }}>
                    {at(`tier.${t}`)} <InfoCircleOutlined style={{ fontSize: 12, opacity: 0.55 }} />
                  </span>
                </Tooltip>
              }
              value={formatNumber(d.tiers[t], lang)}
              valueStyle={{ fontVariantNumeric: 'tabular-nums' }}
            />
            <Flex vertical align="flex-start" gap={2} style={{ marginTop: 4 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12, minHeight: 38 }}>
                {at(`tierHint.${t}`)}
              </Typography.Text>
              <Link to={builder(t)} data-testid={`tier-build-${t}`}>
                <Button size="small" type="link" icon={<UsergroupAddOutlined />} style={{ padding: 0 }}>
                  {at('visitors.build')}
                </Button>
              </Link>
            </Flex>
          </Card>
        ))}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card
            title={at('visitors.split')}
            extra={
              d.asOf ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {at('visitors.asOf', { day: d.asOf })}
                </Typography.Text>
              ) : null
            }
            data-testid="visitors-split"
          >
            <Flex vertical gap={12}>
              <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 12 }}>
                <Statistic
                  title={at('visitors.total')}
                  value={formatNumber(d.visitors.total, lang)}
                  valueRender={(n) => <span data-testid="visitors-total">{n}</span>}
                />
                <Statistic
                  title={at('visitors.customers')}
                  value={formatNumber(d.visitors.customers, lang)}
                  valueStyle={{ color: TIER_COLORS.customers }}
                  valueRender={(n) => <span data-testid="visitors-customers">{n}</span>}
                />
                <Statistic
                  title={at('visitors.prospects')}
                  value={formatNumber(d.visitors.prospects, lang)}
                  valueStyle={{ color: '#52c41a' }}
                  valueRender={(n) => <span data-testid="visitors-prospects">{n}</span>}
                />
              </div>
              <Typography.Text type={visitorsAddUp(d) ? 'secondary' : 'danger'} data-testid="visitors-sum">
                {at('visitors.sum', {
                  customers: formatNumber(d.visitors.customers, lang),
                  prospects: formatNumber(d.visitors.prospects, lang),
                  total: formatNumber(d.visitors.total, lang),
                })}
              </Typography.Text>
              <Flex gap={8} wrap>
                <Link to={builder('visitors')}>
                  <Button size="small" icon={<UsergroupAddOutlined />}>
                    {at('visitors.buildTier', { tier: at('tier.visitors') })}
                  </Button>
                </Link>
                <Link to={builder('prospects')}>
                  <Button size="small" icon={<UsergroupAddOutlined />}>
                    {at('visitors.buildTier', { tier: at('tier.prospects') })}
                  </Button>
                </Link>
              </Flex>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={`${at('visitors.customers')} / ${at('visitors.prospects')}`}>
            <SplitChart d={d} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

function SplitChart({ d }: { d: StoreTiers }) {
  const { at, lang } = useAT();
  const option = useMemo<ChartOption>(() => {
    const { total, customers, prospects } = d.visitors;
    const pct = (n: number) => (total ? (shareText(n / total) ?? '') : '');
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const x = p as { name: string; value: number };
          return `${x.name}: ${formatNumber(x.value, lang)} (${pct(x.value)})`;
        },
      },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['48%', '72%'],
          center: ['50%', '45%'],
          avoidLabelOverlap: true,
          label: {
            formatter: (p: unknown) => {
              const x = p as { name: string; value: number };
              return `${x.name}\n${formatNumber(x.value, lang)} · ${pct(x.value)}`;
            },
          },
          data: [
            { name: at('visitors.customers'), value: customers, itemStyle: { color: TIER_COLORS.customers } },
            { name: at('visitors.prospects'), value: prospects, itemStyle: { color: '#52c41a' } },
          ],
        },
      ],
    };
  }, [d, at, lang]);
  return <Chart option={option} height={300} data-testid="visitors-chart" />;
}
