// 投入产出 (ROI): each promotion, coupon template, live session, distribution plan, traffic program and joint campaign
// with the GMV it touched against what it cost — discounts by who funded them, commissions, fees, ad spend and
// exposure cost — filterable by kind, as CSV.
import { Select, Table, Tag, Typography } from 'antd';
import { formatFen, formatNumber } from '../../format';
import { CsvButton } from '../distribution/ui';
import { csvPath } from './an-format';
import { useAT } from './an-i18n';
import { type RangeQuery, useRoi } from './an-queries';
import type { RoiKind, RoiReport } from './an-types';
import { DataCard, Num } from './ui';

type Row = RoiReport['rows'][number];
const KINDS: RoiKind[] = ['promotion', 'coupon', 'live', 'plan', 'program', 'joint'];
const COST_KEYS = [
  'discountMerchant',
  'discountPlatform',
  'discountOther',
  'commission',
  'fees',
  'adSpend',
  'exposureCost',
] as const;
const KIND_COLORS: Record<RoiKind, string> = {
  promotion: 'red',
  coupon: 'orange',
  live: 'magenta',
  plan: 'purple',
  program: 'cyan',
  joint: 'blue',
};

export function RoiCard({
  q,
  kind,
  onKind,
}: {
  q: RangeQuery;
  kind?: RoiKind;
  onKind: (k?: RoiKind) => void;
}) {
  const { at, lang } = useAT();
  const query = useRoi({ ...q, kind }, !!q.merchantId);
  const rows = query.data?.rows ?? [];
  const money = (v: number) => <Num>{formatFen(v, lang)}</Num>;
  return (
    <DataCard
      title={at('roi.title')}
      testId="an-roi"
      flush
      empty={!query.isLoading && rows.length === 0}
      extra={
        <>
          <Select
            allowClear
            size="small"
            placeholder={at('roi.allKinds')}
            value={kind}
            onChange={(v) => onKind(v)}
            style={{ width: 150, marginInlineEnd: 8 }}
            data-testid="an-roi-kind"
            options={KINDS.map((k) => ({ value: k, label: at(`roi.kind.${k}`) }))}
          />
          <CsvButton
            path={csvPath('/v1/analytics/roi', { ...q, kind })}
            fileName={`roi-${q.from}-${q.to}.csv`}
            testId="an-roi-csv"
          />
        </>
      }
    >
      <Table<Row>
        rowKey={(r) => `${r.kind}:${r.id}`}
        size="small"
        loading={query.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        data-testid="an-roi-table"
        expandable={{
          expandedRowRender: (r) => <CostBreakdown row={r} />,
          rowExpandable: (r) => r.totalCost > 0,
        }}
        columns={[
          {
            title: at('roi.instrument'),
            key: 'name',
            render: (_: unknown, r) => (
              <span>
                <Tag color={KIND_COLORS[r.kind]}>{at(`roi.kind.${r.kind}`)}</Tag>
                <Typography.Text ellipsis={{ tooltip: r.name }} style={{ maxWidth: 240 }}>
                  {r.name}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: at('kpi.gmv'),
            dataIndex: 'gmv',
            align: 'right',
            sorter: (a, b) => a.gmv - b.gmv,
            render: money,
          },
          {
            title: at('kpi.orders'),
            dataIndex: 'orders',
            align: 'right',
            render: (v: number) => <Num>{formatNumber(v, lang)}</Num>,
          },
          {
            title: at('roi.discounts'),
            key: 'discounts',
            align: 'right',
            render: (_: unknown, r) =>
              money(r.costs.discountMerchant + r.costs.discountPlatform + r.costs.discountOther),
          },
          {
            title: at('roi.commissionFees'),
            key: 'commission',
            align: 'right',
            render: (_: unknown, r) => money(r.costs.commission + r.costs.fees),
          },
          {
            title: at('roi.adExposure'),
            key: 'ads',
            align: 'right',
            render: (_: unknown, r) => money(r.costs.adSpend + r.costs.exposureCost),
          },
          {
            title: at('roi.totalCost'),
            dataIndex: 'totalCost',
            align: 'right',
            sorter: (a, b) => a.totalCost - b.totalCost,
            render: money,
          },
          {
            title: at('roi.roi'),
            dataIndex: 'roi',
            align: 'right',
            defaultSortOrder: 'descend',
            sorter: (a, b) => (a.roi ?? -1) - (b.roi ?? -1),
            render: (v: number | null) => (
              <Num testId="an-roi-value">
                <b>{v === null ? at('roi.noCost') : `${v.toFixed(2)}`}</b>
              </Num>
            ),
          },
        ]}
      />
    </DataCard>
  );
}

/** Every cost of one instrument with who bore it. */
function CostBreakdown({ row }: { row: Row }) {
  const { at, lang } = useAT();
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 24px' }} data-testid="an-roi-costs">
      {COST_KEYS.map((k) => (
        <span key={k}>
          <Typography.Text type="secondary">{at(`roi.cost.${k}`)}</Typography.Text>{' '}
          <Num>{formatFen(row.costs[k], lang)}</Num>
        </span>
      ))}
    </div>
  );
}
