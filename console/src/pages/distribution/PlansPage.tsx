// 分销计划: a merchant's distribution plans (operators: every merchant's, with a merchant filter) —
// kind, rates, window, products, targeted parties and boosts; create and edit in a drawer;
// pause / resume / end; each plan's products with base, presale and current rates.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Drawer,
  Flex,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import type { Plan, PlanKind, PlanProduct, PlanStatus } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatBp, formatInstant } from '../../format';
import { MerchantSelect } from '../pricing/MerchantSelect';
import { useDT } from './dist-i18n';
import { DIST_KEYS, usePlanProducts, usePlans } from './dist-queries';
import { PlanFormDrawer } from './PlanForm';
import { Money, PlanKindTag, PlanStatusTag, Rate } from './ui';

const PAGE_SIZE = 20;
const STATUSES: PlanStatus[] = ['active', 'paused', 'ended'];
const KINDS: PlanKind[] = ['open', 'targeted', 'exclusive'];

function PlanActions({ plan, onEdit }: { plan: Plan; onEdit: () => void }) {
  const { dt } = useDT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'end') =>
      api<Plan>(`/v1/distribution/plans/${encodeURIComponent(plan.id)}/${action}`, { method: 'POST' }),
    onSuccess: async (_r, action) => {
      void message.success(
        dt(action === 'pause' ? 'plans.paused' : action === 'resume' ? 'plans.resumed' : 'plans.ended'),
      );
      await queryClient.invalidateQueries({ queryKey: DIST_KEYS.plans });
    },
  });
  const busy = change.isPending;
  return (
    <Space size={0}>
      {plan.status !== 'ended' && (
        <Button type="link" size="small" onClick={onEdit} data-testid="action-edit">
          {dt('common.edit')}
        </Button>
      )}
      {plan.status === 'active' && (
        <Button
          type="link"
          size="small"
          disabled={busy}
          onClick={() => change.mutate('pause')}
          data-testid="action-pause"
        >
          {dt('plans.pause')}
        </Button>
      )}
      {plan.status === 'paused' && (
        <Button
          type="link"
          size="small"
          disabled={busy}
          onClick={() => change.mutate('resume')}
          data-testid="action-resume"
        >
          {dt('plans.resume')}
        </Button>
      )}
      {plan.status !== 'ended' && (
        <Popconfirm
          title={dt('plans.endConfirm')}
          onConfirm={() => change.mutate('end')}
          okButtonProps={{ danger: true }}
        >
          <Button type="link" size="small" danger disabled={busy} data-testid="action-end">
            {dt('plans.end')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

export default function PlansPage() {
  const { dt } = useDT();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as PlanStatus)
    : undefined;
  const kind = (KINDS as string[]).includes(params.get('kind') ?? '')
    ? (params.get('kind') as PlanKind)
    : undefined;
  const merchantId = operator ? (params.get('merchant') ?? undefined) : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = usePlans({ status, kind, merchantId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const [editing, setEditing] = useState<{ plan: Plan | null } | null>(null);
  const [products, setProducts] = useState<Plan | null>(null);
  const set = (k: string, v?: string) => {
    const next = new URLSearchParams(params);
    next.delete('page');
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };

  const columns: ColumnsType<Plan> = [
    {
      title: dt('plans.name'),
      key: 'name',
      width: 220,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis={{ tooltip: p.name }} data-testid="plan-name-cell">
            {p.name}
          </Typography.Text>
          <Flex gap={6} align="center">
            <PlanKindTag kind={p.kind} />
            {operator && <Tag style={{ marginInlineEnd: 0 }}>{p.merchantId}</Tag>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: p.id }}>
              {p.id}
            </Typography.Text>
          </Flex>
        </Flex>
      ),
    },
    {
      title: dt('common.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: PlanStatus) => <PlanStatusTag status={s} />,
    },
    {
      title: dt('plans.rates'),
      key: 'rates',
      width: 140,
      render: (_: unknown, p) => (
        <Flex vertical gap={2}>
          <Typography.Text strong data-testid="plan-default-rate-cell">
            {dt('plans.defaultRate', { rate: formatBp(p.defaultRateBp) })}
          </Typography.Text>
          {p.presaleRateBp !== null && (
            <Typography.Text type="secondary">
              {dt('plans.presaleRate', { rate: formatBp(p.presaleRateBp) })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: dt('common.window'),
      key: 'window',
      width: 150,
      render: (_: unknown, p) => (
        <Flex vertical style={{ whiteSpace: 'nowrap' }}>
          <span>{formatInstant(p.startsAt)}</span>
          <Typography.Text type="secondary">
            {p.endsAt ? formatInstant(p.endsAt) : dt('common.untilEnded')}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: dt('plans.scope'),
      key: 'scope',
      width: 150,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} align="flex-start">
          {/* The products and their rates now open in a drawer. */}
          <Tooltip
            title={
              p.products.length
                ? p.products.map((x) => `${x.productId} ${formatBp(x.rateBp)}`).join(' · ')
                : undefined
            }
          >
            <Typography.Link onClick={() => setProducts(p)} data-testid="action-products">
              {p.products.length === 0
                ? dt('plans.allProducts')
                : dt('plans.productCount', { count: p.products.length })}
            </Typography.Link>
          </Tooltip>
          {p.kind !== 'open' && p.parties && p.parties.length > 0 && (
            <Tooltip title={p.parties.map((x) => `${dt(`partyType.${x.type}`)} ${x.id}`).join(' · ')}>
              <Typography.Text type="secondary">
                {p.parties.length <= 2
                  ? p.parties.map((x) => `${dt(`partyType.${x.type}`)} ${x.id}`).join('、')
                  : dt('plans.partyCount', { count: p.parties.length })}
              </Typography.Text>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    {
      title: dt('plans.boosts'),
      key: 'boosts',
      width: 160,
      render: (_: unknown, p) =>
        p.boosts.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Flex vertical gap={2}>
            {p.boosts.slice(0, 2).map((b) => (
              <Tooltip key={b.id} title={`${formatInstant(b.startsAt)} – ${formatInstant(b.endsAt)}`}>
                <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
                  {b.name} +{formatBp(b.extraBp)}
                </Tag>
              </Tooltip>
            ))}
            {p.boosts.length > 2 && (
              <Typography.Text type="secondary">
                {dt('plans.boostCount', { count: p.boosts.length })}
              </Typography.Text>
            )}
          </Flex>
        ),
    },
    {
      title: dt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 190,
      render: (_: unknown, p) => <PlanActions plan={p} onEdit={() => setEditing({ plan: p })} />,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={dt('plans.title')}
        extra={
          <>
            {operator && (
              <MerchantSelect
                data-testid="filter-merchant"
                allowClear
                placeholder={dt('plans.allMerchants')}
                value={merchantId}
                onChange={(m) => set('merchant', m)}
                style={{ width: 220 }}
              />
            )}
            <Select
              data-testid="filter-status"
              allowClear
              placeholder={dt('common.allStatuses')}
              value={status}
              onChange={(v?: string) => set('status', v)}
              options={STATUSES.map((s) => ({ value: s, label: dt(`planStatus.${s}`) }))}
              style={{ width: 130 }}
            />
            <Select
              data-testid="filter-kind"
              allowClear
              placeholder={dt('common.allKinds')}
              value={kind}
              onChange={(v?: string) => set('kind', v)}
              options={KINDS.map((k) => ({ value: k, label: dt(`planKind.${k}`) }))}
              style={{ width: 130 }}
            />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ plan: null })}
              data-testid="new-plan"
            >
              {dt('plans.new')}
            </Button>
          </>
        }
      />
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Plan>
            rowKey="id"
            data-testid="plans-table"
            loading={query.isFetching}
            dataSource={query.data?.items ?? []}
            columns={columns}
            scroll={{ x: 1080 }}
            locale={{ emptyText: dt('plans.empty') }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: query.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (count) => dt('common.total', { count }),
              onChange: (p) => set('page', p > 1 ? String(p) : undefined),
            }}
          />
        </Card>
      )}
      <PlanFormDrawer open={editing !== null} plan={editing?.plan ?? null} onClose={() => setEditing(null)} />
      <Drawer
        open={products !== null}
        onClose={() => setProducts(null)}
        size={760}
        destroyOnHidden
        title={products ? dt('plans.productsTitle', { name: products.name }) : ''}
      >
        {products && <PlanProducts plan={products} />}
      </Drawer>
    </Flex>
  );
}

function PlanProducts({ plan }: { plan: Plan }) {
  const { dt } = useDT();
  const { data, error, isFetching, refetch } = usePlanProducts(plan.id);
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  return (
    <Flex vertical gap={12}>
      {data && data.boostBp > 0 && (
        <Tag color="volcano">{dt('plans.boostNow', { rate: formatBp(data.boostBp) })}</Tag>
      )}
      <Table<PlanProduct>
        rowKey="productId"
        size="small"
        data-testid="plan-products"
        loading={isFetching}
        dataSource={data?.items ?? []}
        pagination={false}
        columns={[
          {
            title: dt('common.product'),
            key: 'product',
            render: (_: unknown, p) => (
              <Flex vertical>
                <Typography.Text strong>{p.title ?? p.productId}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {p.productId}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            title: dt('square.price'),
            dataIndex: 'price',
            align: 'right',
            width: 100,
            render: (v: number | null) => (v === null ? '—' : <Money fen={v} />),
          },
          {
            title: dt('plans.baseRate'),
            dataIndex: 'baseRateBp',
            align: 'right',
            width: 110,
            render: (v: number) => <Rate bp={v} />,
          },
          {
            title: dt('plans.presale'),
            dataIndex: 'presaleRateBp',
            align: 'right',
            width: 110,
            render: (v: number | null) => (v === null ? '—' : <Rate bp={v} />),
          },
          {
            title: dt('plans.rateNow'),
            dataIndex: 'rateBp',
            align: 'right',
            width: 110,
            render: (v: number) => (
              <Typography.Text strong>
                <Rate bp={v} />
              </Typography.Text>
            ),
          },
        ]}
      />
      {data && (
        <Typography.Text type="secondary">{dt('common.total', { count: data.total })}</Typography.Text>
      )}
    </Flex>
  );
}
