// 商品排行: the merchant's products ranked by GMV, units, views or conversion, with the move in rank against the
// previous period and the table as CSV.
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Segmented, Table, Tag, Typography } from 'antd';
import { formatFen, formatNumber } from '../../format';
import { CsvButton } from '../distribution/ui';
import { csvPath, pct, rankMove } from './an-format';
import { useAT } from './an-i18n';
import { type RangeQuery, useProducts } from './an-queries';
import type { ProductRanking } from './an-types';
import { DataCard, Num, useTrendColors } from './ui';

type Row = ProductRanking['rows'][number];
type Sort = ProductRanking['sort'];
const SORTS: Sort[] = ['gmv', 'units', 'views', 'conversion'];
const LIMIT = 20;

export function ProductsCard({ q, sort, onSort }: { q: RangeQuery; sort: Sort; onSort: (s: Sort) => void }) {
  const { at, lang } = useAT();
  const query = useProducts({ ...q, sort, limit: LIMIT }, !!q.merchantId);
  const rows = query.data?.rows ?? [];
  const n = (v: number) => <Num>{formatNumber(v, lang)}</Num>;
  return (
    <DataCard
      title={at('products.title')}
      testId="an-products"
      empty={!query.isLoading && rows.length === 0}
      flush
      extra={
        <>
          <Segmented
            size="small"
            data-testid="an-products-sort"
            value={sort}
            onChange={(v) => onSort(v as Sort)}
            options={SORTS.map((s) => ({ value: s, label: at(`products.by.${s}`) }))}
            style={{ marginInlineEnd: 8 }}
          />
          <CsvButton
            path={csvPath('/v1/analytics/products', { ...q, sort, limit: 200 })}
            fileName={`products-${q.from}-${q.to}.csv`}
            testId="an-products-csv"
          />
        </>
      }
    >
      <Table<Row>
        rowKey="productId"
        size="small"
        loading={query.isFetching}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 860 }}
        data-testid="an-products-table"
        columns={[
          {
            title: at('products.rank'),
            key: 'rank',
            width: 90,
            render: (_: unknown, r) => <RankCell rank={r.rank} previous={r.previousRank} />,
          },
          {
            title: at('products.product'),
            key: 'product',
            render: (_: unknown, r) => (
              <div style={{ minWidth: 180 }}>
                <Typography.Text ellipsis={{ tooltip: r.title }} style={{ maxWidth: 280 }}>
                  {r.title}
                </Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.productId}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: at('kpi.gmv'),
            dataIndex: 'gmv',
            align: 'right',
            render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
          },
          { title: at('kpi.units'), dataIndex: 'units', align: 'right', render: n },
          { title: at('kpi.buyers'), dataIndex: 'buyers', align: 'right', render: n },
          { title: at('products.views'), dataIndex: 'views', align: 'right', render: n },
          { title: at('kpi.visitors'), dataIndex: 'visitors', align: 'right', render: n },
          { title: at('products.carts'), dataIndex: 'carts', align: 'right', render: n },
          {
            title: at('kpi.conversion'),
            dataIndex: 'conversion',
            align: 'right',
            render: (v: number | null) => <Num>{pct(v, 2)}</Num>,
          },
        ]}
      />
    </DataCard>
  );
}

function RankCell({ rank, previous }: { rank: number; previous: number | null }) {
  const { at } = useAT();
  const colors = useTrendColors();
  const move = rankMove(rank, previous);
  return (
    <Num testId="an-rank">
      <b>{rank}</b>{' '}
      {move === null ? (
        <Tag color="gold" style={{ marginInlineStart: 4 }}>
          {at('products.new')}
        </Tag>
      ) : move > 0 ? (
        <span style={{ color: colors.up }} title={at('products.was', { rank: previous })}>
          <ArrowUpOutlined /> {move}
        </span>
      ) : move < 0 ? (
        <span style={{ color: colors.down }} title={at('products.was', { rank: previous })}>
          <ArrowDownOutlined /> {-move}
        </span>
      ) : (
        <span style={{ color: '#8c8c8c' }}>–</span>
      )}
    </Num>
  );
}
