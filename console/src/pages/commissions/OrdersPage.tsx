// 佣金订单: every commission line credited to the creator, agency or promoter — status with its
// code and invalid reason, estimated and actual commission, the party's own share, settlement
// month — filtered by status and settlement month, paged by cursor (newest first).
import { Button, Card, DatePicker, Flex, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { type CommissionLine, LINE_STATUSES, type LineStatus } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { type Kpi, KpiCards } from '../../components/KpiCards';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatFen, formatInstant, formatNumber } from '../../format';
import { useDT } from '../distribution/dist-i18n';
import { useCommissionOrders } from '../distribution/dist-queries';
import { availableOf } from '../distribution/logic';
import { LineStatusTag, Money, Named, Rate } from '../distribution/ui';
import { partyOf } from './party';

const PAGE_SIZE = 20;

export default function OrdersPage() {
  const { dt, lang } = useDT();
  const { user } = useAuth();
  const party = partyOf(user);
  const [params, setParams] = useSearchParams();
  const status = (LINE_STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as LineStatus)
    : undefined;
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? (params.get('month') as string) : undefined;
  // Cursor paging: the cursors of the pages seen so far, so "previous" works too.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length - 1;
  const query = useCommissionOrders(
    { ...party, status, month, limit: PAGE_SIZE, after: cursors[page] },
    party !== null,
  );
  const set = (k: string, v?: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
    setCursors([undefined]);
  };
  const totals = query.data?.totals;
  const kpis: Kpi[] = totals
    ? [
        { key: 'estimated', label: dt('orders.totalEstimated'), value: formatFen(totals.estimated, lang) },
        { key: 'settled', label: dt('orders.totalSettled'), value: formatFen(totals.settled, lang) },
        { key: 'available', label: dt('earnings.available'), value: formatFen(availableOf(totals), lang) },
        { key: 'paid', label: dt('orders.totalPaid'), value: formatFen(totals.paid, lang) },
        { key: 'invalid', label: dt('orders.totalInvalid'), value: formatNumber(totals.invalid, lang) },
      ]
    : [];

  const columns: ColumnsType<CommissionLine> = [
    {
      title: dt('orders.order'),
      key: 'order',
      width: 180,
      fixed: 'left',
      render: (_: unknown, l) => (
        <Flex vertical gap={2}>
          <Typography.Text strong data-testid="order-id">
            {l.orderId}
            <Typography.Text type="secondary"> #{l.lineNo}</Typography.Text>
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatInstant(l.paidAt)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: dt('review.product'),
      key: 'product',
      width: 200,
      render: (_: unknown, l) => <Named name={l.productTitle} id={l.productId} testId="line-product" />,
    },
    {
      title: dt('review.merchant'),
      key: 'merchant',
      width: 150,
      render: (_: unknown, l) => <Named name={l.merchantName} id={l.merchantId} />,
    },
    {
      title: dt('common.status'),
      key: 'status',
      width: 120,
      render: (_: unknown, l) => <LineStatusTag line={l} />,
    },
    {
      title: dt('orders.base'),
      dataIndex: 'base',
      align: 'right',
      width: 95,
      render: (v: number) => <Money fen={v} />,
    },
    {
      title: dt('orders.rate'),
      dataIndex: 'rateBp',
      align: 'right',
      width: 80,
      render: (v: number) => <Rate bp={v} />,
    },
    {
      title: dt('orders.estimated'),
      dataIndex: 'estimatedCommission',
      align: 'right',
      width: 130,
      render: (v: number) => <Money fen={v} testId="line-estimated" />,
    },
    {
      title: dt('orders.actual'),
      dataIndex: 'commission',
      align: 'right',
      width: 130,
      render: (v: number, l) =>
        l.status === 'estimated' ? <Typography.Text type="secondary">—</Typography.Text> : <Money fen={v} />,
    },
    {
      title: dt('orders.share'),
      dataIndex: 'share',
      align: 'right',
      width: 110,
      render: (v: number) => <Money fen={v} strong testId="line-share" />,
    },
    {
      title: dt('orders.settleMonth'),
      dataIndex: 'settleMonth',
      width: 115,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={dt('orders.title')}
        extra={
          <>
            <Select
              data-testid="filter-status"
              allowClear
              placeholder={dt('common.allStatuses')}
              value={status}
              onChange={(v?: string) => set('status', v)}
              options={LINE_STATUSES.map((s) => ({ value: s, label: dt(`lineStatus.${s}`) }))}
              style={{ width: 150 }}
            />
            <DatePicker
              picker="month"
              allowClear
              placeholder={dt('orders.monthFilter')}
              value={month ? dayjs(`${month}-01`) : null}
              onChange={(d) => set('month', d ? d.format('YYYY-MM') : undefined)}
            />
          </>
        }
      />
      <Typography.Text type="secondary">{dt('orders.subtitle')}</Typography.Text>
      {kpis.length > 0 && <KpiCards items={kpis} />}
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<CommissionLine>
            rowKey={(l) => `${l.orderId}#${l.lineNo}`}
            data-testid="orders-table"
            loading={query.isFetching}
            dataSource={query.data?.items ?? []}
            columns={columns}
            scroll={{ x: 1305 }}
            locale={{ emptyText: dt('orders.empty') }}
            pagination={false}
          />
          <Flex justify="space-between" align="center" style={{ padding: 12 }}>
            <Typography.Text type="secondary">
              {dt('common.total', { count: totals?.lines ?? 0 })}
            </Typography.Text>
            <Flex gap={8}>
              <Button disabled={page === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
                ‹
              </Button>
              <Button
                disabled={!query.data?.next}
                onClick={() => setCursors((c) => [...c, query.data?.next ?? undefined])}
                data-testid="orders-next"
              >
                ›
              </Button>
            </Flex>
          </Flex>
        </Card>
      )}
    </Flex>
  );
}
