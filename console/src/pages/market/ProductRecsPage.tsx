// 推荐商品: products ranked for the signed-in creator by the same signals as the creator recommendations, each
// reason explained, with price and commission; add one to the selection or ask for a sample.
import { CheckOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback } from 'react';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../format';
import { useSelection } from '../distribution/dist-queries';
import { useMT } from './market-i18n';
import { useProductRecs } from './market-queries';
import type { ProductRec } from './market-types';
import { ReasonTags, RecsResults } from './RecReasons';
import { RequestSampleButton } from './RequestSampleButton';
import { Money, Muted, Rate, ScoreBar } from './ui';
import { useMarketAction } from './use-market-action';

export default function ProductRecsPage() {
  const { mt, lang } = useMT();
  const { user } = useAuth();
  const recs = useProductRecs(user.partyId ?? undefined);
  const selection = useSelection();
  const selected = new Set((selection.data?.items ?? []).map((s) => s.productId));
  const add = useMarketAction();
  const label = useCallback((p: ProductRec) => p.title, []);

  const columns: ColumnsType<ProductRec> = [
    { title: mt('recs.rank'), key: 'rank', width: 48, render: (_: unknown, _p, i) => i + 1 },
    {
      title: mt('common.product'),
      key: 'product',
      width: 260,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis={{ tooltip: p.title }}>
            {p.title}
          </Typography.Text>
          <Muted small>{p.storeName}</Muted>
        </Flex>
      ),
    },
    {
      title: mt('recs.price'),
      dataIndex: 'price',
      align: 'right',
      width: 110,
      render: (v: number) => <Money fen={v} />,
    },
    {
      title: mt('recs.rate'),
      dataIndex: 'rateBp',
      align: 'right',
      width: 120,
      render: (v: number) => <Rate bp={v} />,
    },
    {
      title: mt('recs.score'),
      key: 'score',
      width: 170,
      render: (_: unknown, p) => <ScoreBar score={p.score} />,
    },
    {
      title: mt('recs.reasons'),
      key: 'reasons',
      width: 380,
      render: (_: unknown, p) => <ReasonTags reasons={p.reasons} />,
    },
    {
      title: mt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 240,
      render: (_: unknown, p) => (
        <Space size={4} wrap>
          {selected.has(p.productId) ? (
            <Button size="small" icon={<CheckOutlined />} disabled data-testid="rec-selected">
              {mt('recs.inSelection')}
            </Button>
          ) : (
            <Button
              size="small"
              type="primary"
              icon={<PlusOutlined />}
              loading={
                add.isPending &&
                add.variables?.body !== undefined &&
                (add.variables.body as { productId: string }).productId === p.productId
              }
              onClick={() =>
                add.mutate({
                  path: '/v1/distribution/selection',
                  body: { productId: p.productId },
                  success: mt('recs.added'),
                })
              }
              data-testid="rec-add"
            >
              {mt('recs.addToSelection')}
            </Button>
          )}
          <RequestSampleButton productId={p.productId} title={p.title} />
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={
          <Space direction="vertical" size={0}>
            <span>{mt('recs.productsTitle')}</span>
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
              {mt('recs.productsSubtitle')}
            </Typography.Text>
          </Space>
        }
        extra={
          recs.data ? (
            <Muted>{mt('recs.evaluated', { count: formatNumber(recs.data.evaluated, lang) })}</Muted>
          ) : undefined
        }
      />
      <RecsResults<ProductRec>
        query={recs}
        rowKey="productId"
        rowAttr="product"
        columns={columns}
        scrollX={1400}
        label={label}
      />
    </Flex>
  );
}
