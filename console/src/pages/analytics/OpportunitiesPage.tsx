// 机会中心: for a merchant, what to stock next — categories, search queries, price bands and products that fit its
// categories, each with the evidence behind it in words; for everyone, the market view: categories with rising
// demand and thin supply, rising queries, price bands with unmet demand and trending products.
import { Flex, Table, Tabs, Tag, Typography } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatFen, formatNumber } from '../../format';
import { pct, signedPct } from './an-format';
import { useAT } from './an-i18n';
import { useMarket, useOpportunities } from './an-queries';
import type { MarketOpportunities, MerchantOpportunities } from './an-types';
import { EvidenceList } from './Evidence';
import { DataCard, MerchantPicker, Num, RangeBar, useScope } from './ui';

type Mine = MerchantOpportunities['rows'][number];
type Cat = MarketOpportunities['categories'][number];
type Query = MarketOpportunities['queries'][number];
type Band = MarketOpportunities['priceBands'][number];
type Trend = MarketOpportunities['trending'][number];

const KIND_COLORS: Record<Mine['kind'], string> = {
  category: 'blue',
  query: 'cyan',
  price_band: 'orange',
  product: 'magenta',
};

const score = (v: number) => <Num>{v.toFixed(1)}</Num>;

export default function OpportunitiesPage() {
  const { at } = useAT();
  const scope = useScope(30);
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={at('opp.title')}
        extra={
          <>
            <MerchantPicker scope={scope} />
            <RangeBar scope={scope} />
          </>
        }
      />
      <Typography.Text type="secondary" style={{ marginTop: -12 }}>
        {at('opp.subtitle')}
      </Typography.Text>
      {scope.merchantId ? <StockNext merchantId={scope.merchantId} /> : null}
      <Market from={scope.from} to={scope.to} />
    </Flex>
  );
}

function StockNext({ merchantId }: { merchantId: string }) {
  const { at, lang } = useAT();
  const q = useOpportunities(merchantId, true);
  const rows = q.data?.rows ?? [];
  if (q.error && !q.data) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <DataCard title={at('opp.mine')} testId="an-opp-mine" empty={!q.isLoading && rows.length === 0} flush>
      <Table<Mine>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="an-opp-table"
        columns={[
          {
            title: at('opp.opportunity'),
            key: 'title',
            render: (_: unknown, r) => (
              <Flex vertical gap={4} style={{ minWidth: 260 }}>
                <span>
                  <Tag color={KIND_COLORS[r.kind]}>{at(`opp.kind.${r.kind}`)}</Tag>
                  <Typography.Text strong>{lang === 'zh' && r.titleZh ? r.titleZh : r.title}</Typography.Text>
                </span>
                <EvidenceList items={r.evidence} />
              </Flex>
            ),
          },
          {
            title: at('opp.fit'),
            dataIndex: 'fit',
            width: 130,
            render: (f: Mine['fit']) => (
              <Tag color={f === 'own_category' ? 'green' : 'default'}>{at(`opp.fits.${f}`)}</Tag>
            ),
          },
          { title: at('opp.score'), dataIndex: 'score', width: 90, align: 'right', render: score },
        ]}
      />
    </DataCard>
  );
}

function Market({ from, to }: { from: string; to: string }) {
  const { at, lang } = useAT();
  const q = useMarket({ from, to });
  const d = q.data;
  if (q.error && !d) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const n = (v: number) => <Num>{formatNumber(v, lang)}</Num>;
  const growth = (v: number | null) => <Num>{signedPct(v, 0)}</Num>;
  const evidence = {
    title: at('opp.evidence'),
    key: 'evidence',
    render: (_: unknown, r: { evidence: Cat['evidence'] }) => <EvidenceList items={r.evidence} />,
  };
  const name = (en: string, zh: string | null) => (lang === 'zh' && zh ? zh : en);
  return (
    <DataCard title={at('opp.market')} testId="an-opp-market" empty={false}>
      <Tabs
        data-testid="an-market-tabs"
        items={[
          {
            key: 'categories',
            label: at('opp.categories'),
            children: (
              <Table<Cat>
                rowKey="categoryId"
                size="small"
                loading={q.isFetching}
                dataSource={d?.categories ?? []}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                scroll={{ x: 980 }}
                locale={{ emptyText: at('common.noData') }}
                columns={[
                  {
                    title: at('opp.category'),
                    key: 'name',
                    render: (_: unknown, r) => (
                      <span>
                        {name(r.name, r.nameZh)}
                        <br />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {name(r.l1Name, r.l1NameZh)}
                        </Typography.Text>
                      </span>
                    ),
                  },
                  {
                    title: at('opp.demandGrowth'),
                    dataIndex: 'demandGrowth',
                    align: 'right',
                    render: growth,
                  },
                  { title: at('opp.searches'), dataIndex: 'searches', align: 'right', render: n },
                  {
                    title: at('opp.searchGrowth'),
                    dataIndex: 'searchGrowth',
                    align: 'right',
                    render: growth,
                  },
                  {
                    title: at('kpi.conversion'),
                    dataIndex: 'conversion',
                    align: 'right',
                    render: (v: number | null) => <Num>{pct(v, 2)}</Num>,
                  },
                  { title: at('opp.products'), dataIndex: 'products', align: 'right', render: n },
                  { title: at('opp.stores'), dataIndex: 'stores', align: 'right', render: n },
                  { title: at('opp.score'), dataIndex: 'score', align: 'right', render: score },
                  evidence,
                ]}
              />
            ),
          },
          {
            key: 'queries',
            label: at('opp.queries'),
            children: (
              <Table<Query>
                rowKey="query"
                size="small"
                loading={q.isFetching}
                dataSource={d?.queries ?? []}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                locale={{ emptyText: at('common.noData') }}
                columns={[
                  {
                    title: at('opp.query'),
                    dataIndex: 'query',
                    render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
                  },
                  {
                    title: at('opp.category'),
                    dataIndex: 'categoryName',
                    render: (v: string | null) => v ?? '—',
                  },
                  { title: at('opp.searches'), dataIndex: 'searches', align: 'right', render: n },
                  { title: at('opp.growth'), dataIndex: 'growth', align: 'right', render: growth },
                  { title: at('opp.results'), dataIndex: 'resultsProducts', align: 'right', render: n },
                  { title: at('opp.score'), dataIndex: 'score', align: 'right', render: score },
                  evidence,
                ]}
              />
            ),
          },
          {
            key: 'bands',
            label: at('opp.priceBands'),
            children: (
              <Table<Band>
                rowKey={(r) => `${r.categoryId}:${r.min}`}
                size="small"
                loading={q.isFetching}
                dataSource={d?.priceBands ?? []}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                locale={{ emptyText: at('common.noData') }}
                columns={[
                  { title: at('opp.category'), dataIndex: 'categoryName' },
                  {
                    title: at('opp.band'),
                    key: 'band',
                    render: (_: unknown, r) => (
                      <Num>
                        {r.max === null
                          ? at('opp.bandFrom', { min: formatFen(r.min, lang) })
                          : `${formatFen(r.min, lang)} – ${formatFen(r.max, lang)}`}
                      </Num>
                    ),
                  },
                  {
                    title: at('opp.demandShare'),
                    dataIndex: 'demandShare',
                    align: 'right',
                    render: (v: number) => <Num>{pct(v)}</Num>,
                  },
                  {
                    title: at('opp.supplyShare'),
                    dataIndex: 'supplyShare',
                    align: 'right',
                    render: (v: number) => <Num>{pct(v)}</Num>,
                  },
                  {
                    title: at('opp.gap'),
                    dataIndex: 'gap',
                    align: 'right',
                    render: (v: number) => <Num>{pct(v)}</Num>,
                  },
                  evidence,
                ]}
              />
            ),
          },
          {
            key: 'trending',
            label: at('opp.trending'),
            children: (
              <Table<Trend>
                rowKey="productId"
                size="small"
                loading={q.isFetching}
                dataSource={d?.trending ?? []}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                locale={{ emptyText: at('common.noData') }}
                columns={[
                  { title: at('products.product'), dataIndex: 'title' },
                  {
                    title: at('kpi.gmv'),
                    dataIndex: 'gmv',
                    align: 'right',
                    render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
                  },
                  { title: at('kpi.units'), dataIndex: 'units', align: 'right', render: n },
                  { title: at('opp.growth'), dataIndex: 'growth', align: 'right', render: growth },
                  evidence,
                ]}
              />
            ),
          },
        ]}
      />
    </DataCard>
  );
}
