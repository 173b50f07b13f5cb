// 选品广场: products under plans open to the creator, agency or promoter, with the rate they earn
// now, price, estimated commission per unit and 30-day sales; filters and sorts; add to the
// selection list (选品车); get a share link. A second tab lists the selection with today's terms.
import { LinkOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Flex,
  Input,
  InputNumber,
  Segmented,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import type { SelectionItem, SquareProduct } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatBp, formatNumber } from '../../format';
import { percentTextToBp, yuanTextToFen } from '../market/market-format';
import { useMT } from '../market/market-i18n';
import { RequestSampleButton } from '../market/RequestSampleButton';
import { CategorySelect } from './CategorySelect';
import { useDT } from './dist-i18n';
import { DIST_KEYS, useSelection, useSquare } from './dist-queries';
import { LinkModal, type LinkTarget } from './LinkModal';
import { Money, PlanKindTag, Rate } from './ui';

const PAGE_SIZE = 20;
type Sort = 'rate' | 'sales' | 'price' | 'score';

function ProductCell({
  title,
  productId,
  extra,
}: {
  title: string;
  productId: string;
  extra?: React.ReactNode;
}) {
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Typography.Text strong ellipsis={{ tooltip: title }}>
        {title}
      </Typography.Text>
      <Flex gap={6} align="center" wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {productId}
        </Typography.Text>
        {extra}
      </Flex>
    </Flex>
  );
}

function useSelectionToggle() {
  const { dt } = useDT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ productId, add }: { productId: string; add: boolean }) =>
      add
        ? api('/v1/distribution/selection', { method: 'POST', body: { productId } })
        : api(`/v1/distribution/selection/${encodeURIComponent(productId)}`, { method: 'DELETE' }),
    onSuccess: async (_r, v) => {
      void message.success(v.add ? dt('square.added') : dt('square.removed'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: DIST_KEYS.square }),
        queryClient.invalidateQueries({ queryKey: DIST_KEYS.selection }),
      ]);
    },
  });
}

export default function SelectionPage() {
  const { dt } = useDT();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'mine' ? 'mine' : 'square';
  const selection = useSelection();
  const [linkFor, setLinkFor] = useState<LinkTarget | null>(null);
  // Agencies promote through their creators: the API makes links for creators and promoters only.
  const canLink = user.role === 'creator' || user.role === 'promoter';
  // Samples (寄样) are asked for by creators themselves.
  const canSample = user.role === 'creator';
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={
          <Space direction="vertical" size={0}>
            <span>{dt('square.title')}</span>
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
              {dt('square.subtitle')}
            </Typography.Text>
          </Space>
        }
      />
      {!canLink && <Typography.Text type="secondary">{dt('square.agencyNoLinks')}</Typography.Text>}
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(params);
          if (k === 'mine') next.set('tab', 'mine');
          else next.delete('tab');
          setParams(next);
        }}
        items={[
          {
            key: 'square',
            label: <span data-testid="tab-square">{dt('square.tabSquare')}</span>,
            children: <Square canLink={canLink} canSample={canSample} onLink={setLinkFor} />,
          },
          {
            key: 'mine',
            label: (
              <span data-testid="tab-mine">
                {dt('square.tabMine', { count: selection.data?.items.length ?? 0 })}
              </span>
            ),
            children: <MySelection query={selection} canLink={canLink} onLink={setLinkFor} />,
          },
        ]}
      />
      <LinkModal target={linkFor} onClose={() => setLinkFor(null)} />
    </Flex>
  );
}

function Square({
  canLink,
  canSample,
  onLink,
}: {
  canLink: boolean;
  canSample: boolean;
  onLink: (t: LinkTarget) => void;
}) {
  const { dt, lang } = useDT();
  const { mt } = useMT();
  const [params, setParams] = useSearchParams();
  const sort = (
    ['rate', 'sales', 'price', 'score'].includes(params.get('sort') ?? '') ? params.get('sort') : 'rate'
  ) as Sort;
  const q = params.get('q') ?? '';
  const categoryId = params.get('category') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  // Creator filters: commission % and price ¥ as typed, read exactly into bp and fen for the API.
  const minRate = params.get('minRate') ?? '';
  const minPrice = params.get('minPrice') ?? '';
  const maxPrice = params.get('maxPrice') ?? '';
  const minScore = params.get('minScore') ?? '';
  const [keyword, setKeyword] = useState(q);
  const set = (next: Record<string, string | undefined>) => {
    const copy = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...next })) {
      if (v) copy.set(k, v);
      else copy.delete(k);
    }
    setParams(copy);
  };
  const query = useSquare({
    q: q || undefined,
    categoryId,
    sort,
    minRateBp: percentTextToBp(minRate) ?? undefined,
    minPrice: yuanTextToFen(minPrice) ?? undefined,
    maxPrice: yuanTextToFen(maxPrice) ?? undefined,
    minProductScore: minScore ? Number(minScore) : undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const toggle = useSelectionToggle();

  const columns: ColumnsType<SquareProduct> = [
    {
      title: dt('common.product'),
      key: 'product',
      width: 300,
      render: (_: unknown, p) => (
        <ProductCell
          title={p.title}
          productId={p.productId}
          extra={
            p.couponTemplateId ? (
              <Tag color="red">{dt('square.channelCoupon', { id: p.couponTemplateId })}</Tag>
            ) : null
          }
        />
      ),
    },
    {
      title: dt('square.price'),
      dataIndex: 'price',
      align: 'right',
      width: 110,
      render: (v: number) => <Money fen={v} />,
    },
    {
      title: dt('square.rate'),
      key: 'rate',
      align: 'right',
      width: 130,
      render: (_: unknown, p) => (
        <Flex vertical align="flex-end" gap={2}>
          <Typography.Text strong style={{ color: '#cf1322' }} data-testid="square-rate">
            <Rate bp={p.rateBp} />
          </Typography.Text>
          {p.boostBp > 0 && (
            <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
              {dt('square.boost', { rate: formatBp(p.boostBp) })}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      title: dt('square.perUnit'),
      dataIndex: 'commissionPerUnit',
      align: 'right',
      width: 130,
      render: (v: number) => <Money fen={v} strong testId="square-per-unit" />,
    },
    {
      title: dt('square.sales30d'),
      dataIndex: 'sales30d',
      align: 'right',
      width: 120,
      render: (v: number) => formatNumber(v, lang),
    },
    {
      title: mt('square.productScore'),
      dataIndex: 'productScore',
      align: 'right',
      width: 100,
      render: (v?: number | null) => (
        <span data-testid="square-product-score">{v === null || v === undefined ? '—' : v.toFixed(1)}</span>
      ),
    },
    {
      title: mt('square.storeScore'),
      dataIndex: 'storeScore',
      align: 'right',
      width: 100,
      render: (v?: number | null) => (
        <span data-testid="square-store-score">{v === null || v === undefined ? '—' : v.toFixed(2)}</span>
      ),
    },
    {
      title: dt('square.plan'),
      key: 'plan',
      width: 100,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} align="flex-start">
          <PlanKindTag kind={p.planKind} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.merchantId}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: dt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: (canLink ? 280 : 160) + (canSample ? 120 : 0),
      render: (_: unknown, p) => (
        <Space size={4} wrap>
          {p.selected ? (
            <Button
              size="small"
              icon={<MinusCircleOutlined />}
              onClick={() => toggle.mutate({ productId: p.productId, add: false })}
              data-testid="action-unselect"
            >
              {dt('square.selected')}
            </Button>
          ) : (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => toggle.mutate({ productId: p.productId, add: true })}
              data-testid="action-select"
            >
              {dt('square.select')}
            </Button>
          )}
          {canLink && (
            <Button
              size="small"
              type="primary"
              icon={<LinkOutlined />}
              onClick={() => onLink({ productId: p.productId, title: p.title })}
              data-testid="action-link"
            >
              {dt('square.getLink')}
            </Button>
          )}
          {canSample && <RequestSampleButton productId={p.productId} title={p.title} />}
        </Space>
      ),
    },
  ];
  /** A number filter bound to a URL parameter (kept as typed; the page resets to 1). */
  const numberFilter = (key: string, value: string, placeholder: string, max?: number) => (
    <InputNumber<string>
      stringMode
      min="0"
      max={max === undefined ? undefined : String(max)}
      value={value || null}
      placeholder={placeholder}
      onChange={(v) => set({ [key]: v ?? undefined })}
      style={{ width: 170 }}
      data-testid={`square-${key}`}
    />
  );

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} wrap align="center">
        <Input.Search
          data-testid="square-search"
          allowClear
          placeholder={dt('square.keyword')}
          value={keyword}
          onChange={(e) => setKeyword(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ width: 260 }}
        />
        <CategorySelect
          data-testid="square-category"
          allowClear
          placeholder={dt('square.category')}
          value={categoryId}
          onChange={(v?: string) => set({ category: v })}
          style={{ width: 220 }}
        />
        <Typography.Text type="secondary">{dt('square.sortBy')}</Typography.Text>
        <Segmented<Sort>
          data-testid="square-sort"
          value={sort}
          onChange={(v) => set({ sort: v === 'rate' ? undefined : v })}
          options={[
            { value: 'rate', label: dt('square.sortRate') },
            { value: 'sales', label: dt('square.sortSales') },
            { value: 'price', label: dt('square.sortPrice') },
            { value: 'score', label: mt('square.sortScore') },
          ]}
        />
      </Flex>
      <Flex gap={12} wrap align="center">
        {numberFilter('minRate', minRate, mt('square.minRate'), 100)}
        {numberFilter('minPrice', minPrice, mt('square.minPrice'))}
        {numberFilter('maxPrice', maxPrice, mt('square.maxPrice'))}
        {numberFilter('minScore', minScore, mt('square.minProductScore'), 100)}
      </Flex>
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<SquareProduct>
            rowKey="productId"
            data-testid="square-table"
            loading={query.isFetching}
            dataSource={query.data?.items ?? []}
            columns={columns}
            scroll={{ x: canSample ? 1500 : 1400 }}
            locale={{ emptyText: dt('square.empty') }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: query.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (count) => dt('common.total', { count }),
              onChange: (p) => set({ page: p > 1 ? String(p) : undefined }),
            }}
          />
        </Card>
      )}
    </Flex>
  );
}

function MySelection({
  query,
  canLink,
  onLink,
}: {
  query: ReturnType<typeof useSelection>;
  canLink: boolean;
  onLink: (t: LinkTarget) => void;
}) {
  const { dt, lang } = useDT();
  const toggle = useSelectionToggle();
  const columns: ColumnsType<SelectionItem> = [
    {
      title: dt('common.product'),
      key: 'product',
      render: (_: unknown, p) =>
        p.available ? (
          <ProductCell title={p.title} productId={p.productId} />
        ) : (
          <ProductCell title={p.productId} productId={dt('square.unavailable')} />
        ),
    },
    {
      title: dt('square.price'),
      key: 'price',
      align: 'right',
      width: 110,
      render: (_: unknown, p) => (p.available ? <Money fen={p.price} /> : '—'),
    },
    {
      title: dt('square.rate'),
      key: 'rate',
      align: 'right',
      width: 110,
      render: (_: unknown, p) => (p.available ? <Rate bp={p.rateBp} /> : '—'),
    },
    {
      title: dt('square.perUnit'),
      key: 'perUnit',
      align: 'right',
      width: 130,
      render: (_: unknown, p) => (p.available ? <Money fen={p.commissionPerUnit} strong /> : '—'),
    },
    {
      title: dt('square.sales30d'),
      key: 'sales',
      align: 'right',
      width: 110,
      render: (_: unknown, p) => (p.available ? formatNumber(p.sales30d, lang) : '—'),
    },
    {
      title: dt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: canLink ? 250 : 150,
      render: (_: unknown, p) => (
        <Space size={4} wrap>
          <Button size="small" onClick={() => toggle.mutate({ productId: p.productId, add: false })}>
            {dt('square.unselect')}
          </Button>
          {canLink && p.available && (
            <Button
              size="small"
              type="primary"
              icon={<LinkOutlined />}
              onClick={() => onLink({ productId: p.productId, title: p.title })}
            >
              {dt('square.getLink')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Card styles={{ body: { padding: 0 } }}>
      <Table<SelectionItem>
        rowKey="productId"
        data-testid="selection-table"
        loading={query.isFetching}
        dataSource={query.data?.items ?? []}
        columns={columns}
        scroll={{ x: 900 }}
        pagination={false}
      />
    </Card>
  );
}
