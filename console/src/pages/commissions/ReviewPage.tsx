// 风控审核: commission lines the fraud rules held (self-purchase, abnormal clicks, refund farming,
// quantity over cap), oldest first, with merchant, product and party names beside their ids.
// Clearing releases a line for settlement unchanged; confirming invalidates its commission (the
// reason is the first rule it broke) and returns it to the merchant. Either needs the operator's
// reason, kept with who decided and when; the "decided" tab lists past decisions with theirs.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api } from '../../api';
import type { ReviewItem } from '../../api-types';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant, formatNumber } from '../../format';
import { useDT } from '../distribution/dist-i18n';
import { DIST_KEYS, useReviewQueue } from '../distribution/dist-queries';
import { Money, Named } from '../distribution/ui';

type Action = 'clear' | 'confirm';
const REASON_MAX = 500;

export default function ReviewPage() {
  const { dt, known, lang } = useDT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<'pending' | 'decided'>('pending');
  const query = useReviewQueue(tab);
  const [asking, setAsking] = useState<{ item: ReviewItem; action: Action } | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const decide = useMutation({
    mutationFn: ({ item, action, reason }: { item: ReviewItem; action: Action; reason: string }) =>
      api(`/v1/commissions/review/${encodeURIComponent(item.orderId)}/${item.lineNo}`, {
        method: 'POST',
        body: { action, reason },
      }),
    onSuccess: async (_r, v) => {
      void message.success(dt(v.action === 'clear' ? 'review.cleared' : 'review.confirmed'));
      setAsking(null);
      form.resetFields();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: DIST_KEYS.review }),
        queryClient.invalidateQueries({ queryKey: DIST_KEYS.orders }),
      ]);
    },
  });
  const reasonsText = (r: ReviewItem) => r.reasons.map((x) => known('invalidReason', x)).join('、');
  const lineOf = (r: ReviewItem) => `${r.orderId} #${r.lineNo}`;

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
      width: 170,
      render: (_: unknown, r) =>
        r.partyId ? (
          <Flex gap={4} align="start">
            <Tag>{known('partyType', r.partyType ?? '')}</Tag>
            <Named name={r.partyName} id={r.partyId} testId="review-party" />
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      title: dt('review.merchant'),
      key: 'merchant',
      width: 150,
      render: (_: unknown, r) => <Named name={r.merchantName} id={r.merchantId} />,
    },
    {
      title: dt('review.product'),
      key: 'product',
      width: 200,
      render: (_: unknown, r) => <Named name={r.productTitle} id={r.productId} testId="review-product" />,
    },
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
      width: 160,
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
    tab === 'pending'
      ? {
          title: dt('common.actions'),
          key: 'actions',
          fixed: 'right',
          width: 190,
          render: (_: unknown, r) => (
            <Space size={4}>
              <Button
                size="small"
                onClick={() => setAsking({ item: r, action: 'clear' })}
                data-testid="review-clear"
              >
                {dt('review.clear')}
              </Button>
              <Button
                size="small"
                danger
                onClick={() => setAsking({ item: r, action: 'confirm' })}
                data-testid="review-confirm"
              >
                {dt('review.confirm')}
              </Button>
            </Space>
          ),
        }
      : {
          title: dt('review.decision'),
          key: 'decision',
          fixed: 'right',
          width: 320,
          render: (_: unknown, r) =>
            r.decision ? (
              <Flex vertical gap={2} data-testid="review-decision">
                <span>
                  <Tag color={r.decision.action === 'confirm' ? 'red' : 'green'}>
                    {dt(`review.decisionAction.${r.decision.action}`)}
                  </Tag>
                  <Typography.Text data-testid="review-decision-reason">{r.decision.reason}</Typography.Text>
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dt('review.decidedBy')}: {r.decision.decidedByName ?? r.decision.decidedBy} ·{' '}
                  {formatInstant(r.decision.decidedAt)}
                </Typography.Text>
              </Flex>
            ) : (
              '—'
            ),
        },
  ];
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={dt('review.title')}
        extra={
          <>
            <Segmented
              value={tab}
              onChange={(v) => setTab(v as 'pending' | 'decided')}
              options={[
                { value: 'pending', label: dt('review.tabPending') },
                {
                  value: 'decided',
                  label: <span data-testid="review-tab-decided">{dt('review.tabDecided')}</span>,
                },
              ]}
            />
            <Button onClick={() => void query.refetch()}>{dt('common.refresh')}</Button>
          </>
        }
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
            scroll={{ x: tab === 'pending' ? 1250 : 1380 }}
            pagination={false}
            locale={{ emptyText: dt(tab === 'pending' ? 'review.empty' : 'review.emptyDecided') }}
          />
        </Card>
      )}
      <Modal
        open={asking !== null}
        title={
          asking
            ? dt(asking.action === 'clear' ? 'review.clearTitle' : 'review.confirmTitle', {
                line: lineOf(asking.item),
              })
            : ''
        }
        okText={asking?.action === 'confirm' ? dt('review.confirm') : dt('review.clear')}
        okButtonProps={{ danger: asking?.action === 'confirm', 'data-testid': 'review-submit' }}
        confirmLoading={decide.isPending}
        onCancel={() => {
          setAsking(null);
          form.resetFields();
        }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {asking && (
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => decide.mutate({ ...asking, reason: v.reason.trim() })}
          >
            <Typography.Paragraph type="secondary">
              {asking.action === 'clear'
                ? dt('review.clearHint')
                : dt('review.confirmHint', { reason: reasonsText(asking.item) })}
            </Typography.Paragraph>
            <Form.Item
              name="reason"
              label={dt('review.reason')}
              rules={[
                { required: true, whitespace: true, message: dt('review.reasonRequired') },
                { max: REASON_MAX, message: dt('review.reasonTooLong') },
              ]}
            >
              <Input.TextArea
                autoFocus
                rows={3}
                maxLength={REASON_MAX}
                showCount
                placeholder={dt('review.reasonPlaceholder')}
                data-testid="review-reason"
              />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Flex>
  );
}
