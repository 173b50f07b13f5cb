// 风控审核: commission lines the fraud rules held (self-purchase, abnormal clicks, refund farming,
// quantity over cap), oldest first. Clearing releases a line for settlement unchanged; confirming
// invalidates its commission (the reason is the first rule it broke) and returns it to the merchant.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../../api';
import type { ReviewItem } from '../../api-types';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant, formatNumber } from '../../format';
import { useDT } from '../distribution/dist-i18n';
import { DIST_KEYS, useReviewQueue } from '../distribution/dist-queries';
import { Money } from '../distribution/ui';

export default function ReviewPage() {
  const { dt, known, lang } = useDT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useReviewQueue();
  const decide = useMutation({
    mutationFn: ({ item, action }: { item: ReviewItem; action: 'clear' | 'confirm' }) =>
      api(`/v1/commissions/review/${encodeURIComponent(item.orderId)}/${item.lineNo}`, {
        method: 'POST',
        body: { action },
      }),
    onSuccess: async (_r, v) => {
      void message.success(dt(v.action === 'clear' ? 'review.cleared' : 'review.confirmed'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: DIST_KEYS.review }),
        queryClient.invalidateQueries({ queryKey: DIST_KEYS.orders }),
      ]);
    },
  });
  const columns: ColumnsType<ReviewItem> = [
    {
      title: dt('review.line'),
      key: 'line',
      width: 190,
      render: (_: unknown, r) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>
            {r.orderId}
            <Typography.Text type="secondary"> #{r.lineNo}</Typography.Text>
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatInstant(r.paidAt)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: dt('common.party'),
      key: 'party',
      width: 150,
      render: (_: unknown, r) =>
        r.partyId ? (
          <span>
            <Tag>{known('partyType', r.partyType ?? '')}</Tag>
            {r.partyId}
          </span>
        ) : (
          '—'
        ),
    },
    { title: dt('common.merchant'), dataIndex: 'merchantId', width: 100 },
    { title: dt('common.product'), dataIndex: 'productId', width: 110 },
    {
      title: dt('review.quantity'),
      dataIndex: 'quantity',
      align: 'right',
      width: 70,
      render: (v: number) => formatNumber(v, lang),
    },
    {
      title: dt('common.commission'),
      dataIndex: 'commission',
      align: 'right',
      width: 120,
      render: (v: number) => <Money fen={v} strong />,
    },
    {
      title: dt('review.reasons'),
      dataIndex: 'reasons',
      render: (reasons: string[]) => (
        <Flex gap={4} wrap>
          {reasons.map((x) => (
            <Tag key={x} color="red" data-reason={x}>
              {known('invalidReason', x)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: dt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 190,
      render: (_: unknown, r) => {
        const busy = decide.isPending && decide.variables?.item === r;
        return (
          <Space size={4}>
            <Popconfirm
              title={dt('review.clearConfirm')}
              onConfirm={() => decide.mutate({ item: r, action: 'clear' })}
            >
              <Button
                size="small"
                loading={busy && decide.variables?.action === 'clear'}
                data-testid="review-clear"
              >
                {dt('review.clear')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={dt('review.confirmConfirm', {
                reason: r.reasons.map((x) => known('invalidReason', x)).join('、'),
              })}
              okButtonProps={{ danger: true }}
              onConfirm={() => decide.mutate({ item: r, action: 'confirm' })}
            >
              <Button
                size="small"
                danger
                loading={busy && decide.variables?.action === 'confirm'}
                data-testid="review-confirm"
              >
                {dt('review.confirm')}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={dt('review.title')}
        extra={<Button onClick={() => void query.refetch()}>{dt('common.refresh')}</Button>}
      />
      <Typography.Text type="secondary">{dt('review.subtitle')}</Typography.Text>
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<ReviewItem>
            rowKey={(r) => `${r.orderId}#${r.lineNo}`}
            data-testid="review-table"
            loading={query.isFetching}
            dataSource={query.data?.items ?? []}
            columns={columns}
            scroll={{ x: 1150 }}
            pagination={false}
            locale={{ emptyText: dt('review.empty') }}
          />
        </Card>
      )}
    </Flex>
  );
}
