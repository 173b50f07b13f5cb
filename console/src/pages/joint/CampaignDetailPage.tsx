// 联合活动详情: the campaign's terms, its participants (accept / decline / remove), the shared dashboard (totals, GMV
// per participant, daily GMV — aggregates only, never a shopper), the joint pool ranked for a chosen shopper with a
// cross-store cart quote, the shared decoration as a store banner, the funding settlement and an ad's crowdfunding.
import { DeleteOutlined, ShoppingCartOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../../api';
import type { Quote } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { Chart, type ChartOption } from '../../components/Chart';
import { KpiCards } from '../../components/KpiCards';
import { PageHeader } from '../../components/PageHeader';
import { Pending, QueryError } from '../../components/QueryError';
import {
  formatBp,
  formatCountCompact,
  formatFen,
  formatFenAxis,
  formatFenCompact,
  formatInstant,
  formatNumber,
  shortDay,
} from '../../format';
import { QuoteSummary } from '../pricing/QuoteSummary';
import { couponRuleText } from '../pricing/rule-text';
import { AdProgress, DecorationPreview, ParticipantsTable, RespondButtons } from './components';
import {
  campaignName,
  canCancel,
  myInvitations,
  organises,
  ruleSummary,
  scoreText,
  standing,
} from './joint-format';
import { useJT } from './joint-i18n';
import { useAd, useCampaign, useDashboard, usePartners, usePool, useSettlement } from './joint-queries';
import type { AdView, Campaign, Dashboard, PoolItem, Settlement } from './joint-types';
import { Num, StatusTag, TypeTag, useJointAction } from './ui';

const enc = encodeURIComponent;
const TABS = ['participants', 'dashboard', 'pool', 'decoration', 'settlement', 'ad'] as const;
type TabKey = (typeof TABS)[number];

export default function CampaignDetailPage() {
  const { id } = useParams();
  const { jt, lang, t } = useJT();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const query = useCampaign(id);
  const c = query.data;

  if (!c) return <Pending error={query.error} onRetry={() => void query.refetch()} />;

  const organiser = organises(c, user);
  const invitations = myInvitations(c, user.partyId);
  const tabs: TabKey[] = TABS.filter((k) => {
    if (k === 'decoration') return !!c.decoration;
    if (k === 'settlement') return c.type === 'cross_store_threshold' || c.type === 'cross_store_coupon';
    if (k === 'ad') return c.type === 'ad_crowdfunding';
    return true;
  });
  const tab: TabKey = tabs.includes(params.get('tab') as TabKey)
    ? (params.get('tab') as TabKey)
    : 'participants';

  return (
    <div data-testid="campaign-detail" data-campaign={c.id} data-status={c.status}>
      <PageHeader
        title={
          <Flex gap={10} align="center" wrap>
            <span data-testid="campaign-title">{campaignName(c, lang)}</span>
            <TypeTag type={c.type} />
            <StatusTag status={c.status} />
          </Flex>
        }
        extra={<HeaderActions c={c} organiser={organiser} />}
      />
      {invitations.map((p) => (
        <Alert
          key={p.storeId}
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="invitation-alert"
          title={jt('detail.invited', { store: p.storeName, organiser: c.organiser.storeName })}
          action={<RespondButtons campaign={c} participant={p} />}
        />
      ))}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="campaign-terms">
          <Descriptions.Item label={jt('detail.organiser')}>
            {c.organiser.storeName} · {c.organiser.merchantName}
          </Descriptions.Item>
          <Descriptions.Item label={jt('detail.period')}>
            <Num>
              {formatInstant(c.startsAt)} → {formatInstant(c.endsAt)}
            </Num>
          </Descriptions.Item>
          <Descriptions.Item label={jt('detail.rule')}>
            <span data-testid="campaign-rule">{ruleSummary(c, t, lang) || jt(`typeHints.${c.type}`)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={jt('detail.requirements')}>
            {[
              c.requirements.minStoreScore !== null && c.requirements.minStoreScore !== undefined
                ? jt('detail.minScore', { score: scoreText(c.requirements.minStoreScore) })
                : null,
              c.requirements.categoryIds?.length
                ? jt('detail.categories', { ids: c.requirements.categoryIds.join(', ') })
                : null,
            ]
              .filter(Boolean)
              .join('；') || jt('detail.noRequirements')}
          </Descriptions.Item>
          {c.type === 'cross_store_threshold' || c.type === 'cross_store_coupon' ? (
            <Descriptions.Item label={jt('detail.funding')}>
              {jt(`funding.${c.funding.mode}`)}
              {c.funding.platformFundedBp
                ? ` · ${jt('detail.platformFunded', { bp: formatBp(c.funding.platformFundedBp) })}`
                : ''}
            </Descriptions.Item>
          ) : null}
          {c.fanOffer ? (
            <Descriptions.Item label={jt('detail.fanOffer')}>
              <Tag color="pink" data-testid="fan-offer">
                {jt('detail.fanOfferText', {
                  rule: couponRuleText(c.fanOffer.rule, t, lang),
                  count: c.fanOffer.quantity,
                })}
              </Tag>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={jt('detail.participants')}>
            {jt('detail.counts', {
              accepted: c.counts.accepted,
              invited: c.counts.invited,
              declined: c.counts.declined,
            })}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        activeKey={tab}
        data-testid="detail-tabs"
        onChange={(k) => setParams(k === 'participants' ? {} : { tab: k }, { replace: true })}
        items={tabs.map((k) => ({
          key: k,
          label: <span data-testid={`tab-${k}`}>{jt(`detail.tabs.${k}`)}</span>,
          children:
            k !== tab ? null : k === 'participants' ? (
              <ParticipantsTable campaign={c} />
            ) : k === 'dashboard' ? (
              <DashboardTab c={c} />
            ) : k === 'pool' ? (
              <PoolTab c={c} />
            ) : k === 'decoration' && c.decoration ? (
              <DecorationPreview
                decoration={c.decoration}
                lang={lang}
                stores={c.participants.filter((p) => p.status === 'accepted').map((p) => p.storeName)}
              />
            ) : k === 'settlement' ? (
              <SettlementTab c={c} />
            ) : k === 'ad' ? (
              <AdTab c={c} />
            ) : null,
        }))}
      />
    </div>
  );
}

// ---- Header actions: invite more, cancel ----

function HeaderActions({ c, organiser }: { c: Campaign; organiser: boolean }) {
  const { jt, lang } = useJT();
  const { user } = useAuth();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const partners = usePartners(open ? c.organiser.storeId : undefined, 20);
  const invite = useJointAction(() => {
    setOpen(false);
    setPicked([]);
  });
  const cancel = useJointAction();
  const taken = new Set(
    c.participants.filter((p) => p.status !== 'declined' && p.status !== 'removed').map((p) => p.storeId),
  );
  return (
    <>
      <Link to="/joint">{jt('common.back')}</Link>
      {organiser && c.status === 'inviting' ? (
        <Button icon={<UserAddOutlined />} onClick={() => setOpen(true)} data-testid="invite-more">
          {jt('detail.invite')}
        </Button>
      ) : null}
      {canCancel(c, user.role, organiser) ? (
        <Popconfirm
          title={jt('detail.cancelConfirm', { name: campaignName(c, lang) })}
          onConfirm={() =>
            cancel.mutate({
              path: `/v1/joint/campaigns/${enc(c.id)}/cancel`,
              success: () => jt('detail.cancelled'),
            })
          }
          okButtonProps={{ danger: true, 'data-testid': 'cancel-ok' } as never}
        >
          <Button danger icon={<DeleteOutlined />} data-testid="campaign-cancel">
            {jt('detail.cancel')}
          </Button>
        </Popconfirm>
      ) : null}
      <Modal
        open={open}
        title={jt('detail.inviteTitle')}
        onCancel={() => setOpen(false)}
        okText={jt('detail.inviteOk')}
        okButtonProps={
          { disabled: !picked.length, loading: invite.isPending, 'data-testid': 'invite-ok' } as never
        }
        onOk={() =>
          invite.mutate({
            path: `/v1/joint/campaigns/${enc(c.id)}/invitations`,
            body: { storeIds: picked },
            success: () => jt('detail.inviteSent', { count: picked.length }),
          })
        }
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{jt('create.inviteHint')}</Typography.Paragraph>
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          value={picked}
          onChange={setPicked}
          loading={partners.isLoading}
          data-testid="invite-select"
          showSearch={{ optionFilterProp: 'label' }}
          notFoundContent={partners.error ? jt('partners.unavailable') : jt('partners.none')}
          options={(partners.data?.items ?? [])
            .filter((p) => !taken.has(p.storeId))
            .map((p) => ({
              value: p.storeId,
              label: `${p.storeName} · ${p.merchantName} (${jt('partners.score')} ${scoreText(p.score)})`,
            }))}
        />
      </Modal>
    </>
  );
}

// ---- Dashboard ----

function DashboardTab({ c }: { c: Campaign }) {
  const { jt, lang } = useJT();
  const query = useDashboard(c.id, true);
  const d = query.data;
  if (!d) return <Pending error={query.error} onRetry={() => void query.refetch()} />;
  const money = (f: number) => formatFenCompact(f, lang);
  const n = (x: number) => formatNumber(x, lang);
  return (
    <Flex vertical gap={16} data-testid="dashboard">
      <Typography.Text type="secondary">
        {jt('dashboard.window', { from: d.from.slice(0, 10), to: d.to.slice(0, 10) })} ·{' '}
        {jt('dashboard.privacy')}
      </Typography.Text>
      <KpiCards
        items={[
          {
            key: 'gmv',
            label: jt('dashboard.gmv'),
            value: money(d.totals.gmv),
            full: formatFen(d.totals.gmv, lang),
          },
          { key: 'orders', label: jt('dashboard.orders'), value: n(d.totals.orders) },
          { key: 'buyers', label: jt('dashboard.buyers'), value: n(d.totals.buyers) },
          {
            key: 'discount',
            label: jt('dashboard.discount'),
            value: money(d.totals.discount),
            full: formatFen(d.totals.discount, lang),
          },
          {
            key: 'coupons',
            label: jt('dashboard.coupons'),
            value: `${n(d.totals.couponsRedeemed)} / ${n(d.totals.couponsIssued)}`,
          },
          { key: 'visitors', label: jt('dashboard.visitors'), value: n(d.totals.visitors) },
          { key: 'conversion', label: jt('dashboard.conversion'), value: formatBp(d.totals.conversionBp) },
          {
            key: 'exposures',
            label: jt('dashboard.exposures'),
            value: formatCountCompact(d.totals.exposures, lang),
          },
        ]}
      />
      {d.totals.orders === 0 && d.daily.every((r) => r.orders === 0) ? (
        <Empty description={jt('dashboard.empty')} />
      ) : (
        <Flex gap={16} wrap>
          <Card size="small" title={jt('dashboard.byParticipant')} style={{ flex: '1 1 420px', minWidth: 0 }}>
            <ParticipantChart d={d} />
          </Card>
          <Card size="small" title={jt('dashboard.daily')} style={{ flex: '1 1 420px', minWidth: 0 }}>
            <DailyChart d={d} />
          </Card>
        </Flex>
      )}
      <ParticipantRows d={d} />
    </Flex>
  );
}

function ParticipantChart({ d }: { d: Dashboard }) {
  const { jt, lang } = useJT();
  const option = useMemo<ChartOption>(() => {
    const rows = [...d.participants]
      .sort((a, b) => b.gmv - a.gmv)
      .map((p) => ({ store: p.storeName, gmvYuan: p.gmv / 100, orders: p.orders }));
    return {
      dataset: { source: rows, dimensions: ['store', 'gmvYuan', 'orders'] },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        axisLabel: { interval: 0, rotate: rows.length > 4 ? 20 : 0, width: 90, overflow: 'truncate' },
      },
      yAxis: [
        {
          type: 'value',
          minInterval: 1,
          axisLabel: { formatter: (v: number) => formatFenAxis(v * 100, lang) },
        },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: jt('dashboard.gmv'),
          encode: { x: 'store', y: 'gmvYuan' },
          color: '#fa541c',
          barMaxWidth: 36,
          tooltip: { valueFormatter: (v: unknown) => formatFen(Math.round(Number(v) * 100), lang) },
        },
        {
          type: 'bar',
          name: jt('dashboard.orders'),
          yAxisIndex: 1,
          encode: { x: 'store', y: 'orders' },
          color: '#4d7cfe',
          barMaxWidth: 36,
          tooltip: { valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
        },
      ],
    };
  }, [d, jt, lang]);
  return <Chart option={option} height={300} data-testid="participant-chart" />;
}

function DailyChart({ d }: { d: Dashboard }) {
  const { jt, lang } = useJT();
  const option = useMemo<ChartOption>(() => {
    const rows = d.daily.map((r) => ({ day: r.day, gmvYuan: r.gmv / 100, orders: r.orders }));
    return {
      dataset: { source: rows, dimensions: ['day', 'gmvYuan', 'orders'] },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', axisLabel: { formatter: shortDay } },
      yAxis: [
        {
          type: 'value',
          minInterval: 1,
          axisLabel: { formatter: (v: number) => formatFenAxis(v * 100, lang) },
        },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'line',
          name: jt('dashboard.gmv'),
          encode: { x: 'day', y: 'gmvYuan' },
          color: '#fa541c',
          smooth: true,
          areaStyle: { opacity: 0.12 },
          tooltip: { valueFormatter: (v: unknown) => formatFen(Math.round(Number(v) * 100), lang) },
        },
        {
          type: 'line',
          name: jt('dashboard.orders'),
          yAxisIndex: 1,
          encode: { x: 'day', y: 'orders' },
          color: '#4d7cfe',
          tooltip: { valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
        },
      ],
    };
  }, [d, jt, lang]);
  return <Chart option={option} height={300} data-testid="daily-chart" />;
}

function ParticipantRows({ d }: { d: Dashboard }) {
  const { jt, lang } = useJT();
  type Row = Dashboard['participants'][number];
  const n = (x: number) => <Num>{formatNumber(x, lang)}</Num>;
  const columns: ColumnsType<Row> = [
    { title: jt('parts.store'), dataIndex: 'storeName', ellipsis: true },
    {
      title: jt('dashboard.gmv'),
      dataIndex: 'gmv',
      align: 'right',
      render: (v: number) => <Num testId="row-gmv">{formatFen(v, lang)}</Num>,
    },
    { title: jt('dashboard.orders'), dataIndex: 'orders', align: 'right', render: n },
    { title: jt('dashboard.buyers'), dataIndex: 'buyers', align: 'right', render: n },
    {
      title: jt('dashboard.discount'),
      dataIndex: 'discount',
      align: 'right',
      render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
    },
    { title: jt('dashboard.couponsIssued'), dataIndex: 'couponsIssued', align: 'right', render: n },
    { title: jt('dashboard.couponsRedeemed'), dataIndex: 'couponsRedeemed', align: 'right', render: n },
    { title: jt('dashboard.visitors'), dataIndex: 'visitors', align: 'right', render: n },
    {
      title: jt('dashboard.conversion'),
      dataIndex: 'conversionBp',
      align: 'right',
      render: (v: number) => <Num>{formatBp(v)}</Num>,
    },
    { title: jt('dashboard.exposures'), dataIndex: 'exposures', align: 'right', render: n },
  ];
  return (
    <Table<Row>
      rowKey="storeId"
      size="small"
      columns={columns}
      dataSource={d.participants}
      pagination={false}
      data-testid="dashboard-table"
      onRow={(r) => ({ 'data-testid': `dash-row-${r.storeId}` }) as never}
      locale={{ emptyText: jt('dashboard.empty') }}
      scroll={{ x: 900 }}
    />
  );
}

// ---- Pool with a cross-store cart quote ----

interface CartLine {
  skuId: string;
  quantity: number;
  title: string;
  storeName: string;
}

const skuOf = (p: PoolItem): string | undefined => p.skuId;

function PoolTab({ c }: { c: Campaign }) {
  const { jt, lang, known } = useJT();
  const { message } = App.useApp();
  const [draft, setDraft] = useState('');
  const [userId, setUserId] = useState('');
  const [cart, setCart] = useState<CartLine[]>([]);
  const pool = usePool(c.id, userId, true);
  const quote = useMutation({
    mutationFn: () =>
      api<Quote>(`/v1/joint/campaigns/${enc(c.id)}/cart-quote`, {
        method: 'POST',
        body: {
          userId: userId || undefined,
          lines: cart.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
        },
      }),
    meta: { silent: true },
    onError: (e) => void message.error(e instanceof ApiError ? (e.detail ?? e.title) : String(e)),
  });
  const add = (p: PoolItem) => {
    const skuId = skuOf(p);
    if (!skuId) return;
    quote.reset();
    setCart((lines) =>
      lines.some((l) => l.skuId === skuId)
        ? lines.map((l) => (l.skuId === skuId ? { ...l, quantity: l.quantity + 1 } : l))
        : [...lines, { skuId, quantity: 1, title: p.title, storeName: p.storeName }],
    );
  };
  const columns: ColumnsType<PoolItem> = [
    { title: '#', key: 'rank', width: 44, render: (_, __, i) => <Num>{i + 1}</Num> },
    {
      title: jt('pool.product'),
      key: 'title',
      ellipsis: true,
      render: (_, p) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text ellipsis>{p.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.storeName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: jt('pool.listPrice'),
      dataIndex: 'listPrice',
      width: 110,
      align: 'right',
      render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
    },
    {
      title: jt('pool.price'),
      key: 'price',
      width: 110,
      align: 'right',
      render: (_, p) => (
        <Num>
          <Typography.Text type={p.price < p.listPrice ? 'danger' : undefined}>
            {formatFen(p.price, lang)}
          </Typography.Text>
        </Num>
      ),
    },
    {
      title: jt('pool.reasons'),
      key: 'reasons',
      width: 180,
      ellipsis: true,
      render: (_, p) => (
        <Flex gap={4} wrap>
          {[...new Set((p.reasons ?? []).map((r) => r.code))]
            .filter((code) => code !== 'candidate')
            .map((code) => (
              <Tag key={code} style={{ marginInlineEnd: 0 }}>
                {known('pool.reasonCodes', code)}
              </Tag>
            ))}
        </Flex>
      ),
    },
    {
      title: '',
      key: 'add',
      width: 90,
      render: (_, p) => (
        <Button
          size="small"
          icon={<ShoppingCartOutlined />}
          disabled={!skuOf(p)}
          onClick={() => add(p)}
          data-testid="pool-add"
        >
          {jt('pool.add')}
        </Button>
      ),
    },
  ];
  const stores = new Set(cart.map((l) => l.storeName)).size;
  return (
    <Flex gap={16} wrap align="flex-start" data-testid="pool">
      <Flex vertical gap={12} style={{ flex: '3 1 600px', minWidth: 0 }}>
        <Flex gap={8} wrap align="center">
          <Input.Search
            placeholder={jt('pool.userPlaceholder')}
            allowClear
            enterButton={jt('pool.rank')}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(v) => setUserId(v.trim())}
            style={{ maxWidth: 360 }}
            data-testid="pool-user"
          />
          {pool.data ? (
            <Tag color={pool.data.ranking === 'traffic' ? 'blue' : 'default'} data-testid="pool-ranking">
              {jt(`pool.ranking.${pool.data.ranking}`)}
            </Tag>
          ) : null}
        </Flex>
        <Typography.Text type="secondary">{jt('pool.hint')}</Typography.Text>
        {pool.error && !pool.data ? (
          <QueryError error={pool.error} onRetry={() => void pool.refetch()} />
        ) : (
          <Table<PoolItem>
            rowKey="productId"
            size="small"
            loading={pool.isFetching}
            columns={columns}
            dataSource={pool.data?.items}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            tableLayout="fixed"
            data-testid="pool-table"
            locale={{ emptyText: jt('pool.empty') }}
          />
        )}
      </Flex>
      <Card
        size="small"
        title={
          <span>
            <ShoppingCartOutlined style={{ marginInlineEnd: 6 }} />
            {jt('pool.cart')}
          </span>
        }
        style={{ flex: '1 1 300px', minWidth: 0, maxWidth: 440 }}
        data-testid="pool-cart"
      >
        {cart.length === 0 ? (
          <Typography.Text type="secondary">{jt('pool.cartEmpty')}</Typography.Text>
        ) : (
          <Flex vertical gap={8}>
            {cart.map((l) => (
              <Flex key={l.skuId} gap={8} align="center" justify="space-between">
                <Flex vertical style={{ minWidth: 0 }}>
                  <Typography.Text ellipsis>{l.title}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {l.storeName}
                  </Typography.Text>
                </Flex>
                <Flex gap={4} align="center">
                  <InputNumber
                    size="small"
                    min={1}
                    max={99}
                    value={l.quantity}
                    style={{ width: 64 }}
                    onChange={(q) => {
                      quote.reset();
                      setCart((ls) => ls.map((x) => (x.skuId === l.skuId ? { ...x, quantity: q ?? 1 } : x)));
                    }}
                  />
                  <Button
                    size="small"
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={jt('pool.removeLine')}
                    onClick={() => {
                      quote.reset();
                      setCart((ls) => ls.filter((x) => x.skuId !== l.skuId));
                    }}
                  />
                </Flex>
              </Flex>
            ))}
            <Typography.Text type="secondary">{jt('pool.cartStores', { count: stores })}</Typography.Text>
            <Button
              type="primary"
              loading={quote.isPending}
              onClick={() => quote.mutate()}
              data-testid="pool-quote"
            >
              {jt('pool.quote')}
            </Button>
          </Flex>
        )}
        {quote.data ? (
          <Flex vertical gap={12} style={{ marginTop: 16 }} data-testid="pool-quote-result">
            <QuoteSummary quote={quote.data} />
            <Table
              size="small"
              rowKey="storeId"
              pagination={false}
              dataSource={quote.data.stores}
              columns={[
                {
                  title: jt('parts.store'),
                  dataIndex: 'storeId',
                  ellipsis: true,
                  render: (id: string) => c.participants.find((p) => p.storeId === id)?.storeName ?? id,
                },
                {
                  title: jt('pool.storeAmount'),
                  dataIndex: 'amount',
                  align: 'right',
                  render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
                },
                {
                  title: jt('pool.storeDiscount'),
                  dataIndex: 'discount',
                  align: 'right',
                  render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
                },
                {
                  title: jt('pool.storePaid'),
                  dataIndex: 'paid',
                  align: 'right',
                  render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
                },
              ]}
            />
          </Flex>
        ) : null}
      </Card>
    </Flex>
  );
}

// ---- Settlement ----

function SettlementTab({ c }: { c: Campaign }) {
  const { jt, lang } = useJT();
  const { user } = useAuth();
  const query = useSettlement(c.id, true);
  const settle = useJointAction<Settlement>();
  const s = query.data;
  if (!s) return <Pending error={query.error} onRetry={() => void query.refetch()} />;
  const name = (merchantId: string) =>
    c.participants.find((p) => p.merchantId === merchantId)?.merchantName ?? merchantId;
  const storeNames = (ids: string[]) =>
    ids.map((id) => c.participants.find((p) => p.storeId === id)?.storeName ?? id).join('、');
  type Row = Settlement['participants'][number];
  const columns: ColumnsType<Row> = [
    {
      title: jt('settlement.merchant'),
      key: 'merchant',
      ellipsis: true,
      render: (_, r) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <span>{name(r.merchantId)}</span>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
            {storeNames(r.storeIds)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: jt('settlement.fundedByLines'),
      dataIndex: 'fundedByLines',
      align: 'right',
      render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
    },
    {
      title: jt('settlement.owedByShare'),
      dataIndex: 'owedByShare',
      align: 'right',
      render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
    },
    {
      title: jt('settlement.transfer'),
      key: 'transfer',
      align: 'right',
      render: (_, r) => {
        const delta = r.transfer;
        if (delta === 0) return <Typography.Text type="secondary">{jt('settlement.even')}</Typography.Text>;
        return (
          <Num testId="settlement-transfer">
            <Typography.Text type={delta > 0 ? 'danger' : 'success'}>
              {jt(delta > 0 ? 'settlement.pays' : 'settlement.receives', {
                amount: formatFen(Math.abs(delta), lang),
              })}
            </Typography.Text>
          </Num>
        );
      },
    },
  ];
  return (
    <Flex vertical gap={12} data-testid="settlement">
      <Flex gap={16} wrap align="center">
        <Tag color="blue">{jt(`funding.${s.mode}`)}</Tag>
        <Typography.Text>
          {jt('settlement.summary', {
            orders: formatNumber(s.orders, lang),
            settled: formatNumber(s.settledOrders, lang),
            discount: formatFen(s.totalDiscount, lang),
            merchant: formatFen(s.merchantFunded, lang),
            platform: formatFen(s.platformFunded, lang),
          })}
        </Typography.Text>
        {user.role === 'operator' ? (
          <Button
            loading={settle.isPending}
            data-testid="settle"
            onClick={() =>
              settle.mutate({
                path: `/v1/joint/campaigns/${enc(c.id)}/settle`,
                success: () => jt('settlement.settled'),
              })
            }
          >
            {jt('settlement.settle')}
          </Button>
        ) : null}
      </Flex>
      <Typography.Text type="secondary">{jt(`settlement.hint.${s.mode}`)}</Typography.Text>
      <Table<Row>
        rowKey="merchantId"
        size="small"
        columns={columns}
        dataSource={s.participants}
        pagination={false}
        data-testid="settlement-table"
        locale={{ emptyText: jt('settlement.empty') }}
      />
    </Flex>
  );
}

// ---- Ad crowdfunding ----

function AdTab({ c }: { c: Campaign }) {
  const { jt, lang } = useJT();
  const query = useAd(c.id, !c.ad);
  const ad = c.ad ?? query.data;
  if (!ad) return <Pending error={query.error} onRetry={() => void query.refetch()} />;
  const n = (x: number) => <Num>{formatNumber(x, lang)}</Num>;
  const storeName = (id: string) => c.participants.find((p) => p.storeId === id)?.storeName ?? id;
  const delivery = new Map((ad.delivery?.byParticipant ?? []).map((r) => [r.storeId, r]));
  const taken = standing(ad).length;
  type Row = AdView['contributions'][number];
  const columns: ColumnsType<Row> = [
    {
      title: jt('parts.store'),
      key: 'store',
      ellipsis: true,
      render: (_, r) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <span>{storeName(r.storeId)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.merchantName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: jt('ads.share'),
      dataIndex: 'shareBp',
      align: 'right',
      width: 90,
      render: (v: number) => <Num>{formatBp(v)}</Num>,
    },
    {
      title: jt('ads.amount'),
      dataIndex: 'amount',
      align: 'right',
      width: 120,
      render: (v: number) => <Num testId="contribution-amount">{formatFen(v, lang)}</Num>,
    },
    {
      title: jt('ads.holdStatus'),
      dataIndex: 'status',
      width: 110,
      render: (v: Row['status']) => (
        <Tag color={v === 'posted' ? 'green' : v === 'held' ? 'gold' : 'default'}>{jt(`ads.hold.${v}`)}</Tag>
      ),
    },
    {
      title: jt('ads.exposures'),
      key: 'exposures',
      align: 'right',
      width: 100,
      render: (_, r) => n(delivery.get(r.storeId)?.exposures ?? 0),
    },
    {
      title: jt('ads.clicks'),
      key: 'clicks',
      align: 'right',
      width: 90,
      render: (_, r) => n(delivery.get(r.storeId)?.clicks ?? 0),
    },
    {
      title: jt('dashboard.gmv'),
      key: 'gmv',
      align: 'right',
      width: 120,
      render: (_, r) => <Num>{formatFen(delivery.get(r.storeId)?.gmv ?? 0, lang)}</Num>,
    },
    {
      title: jt('dashboard.orders'),
      key: 'orders',
      align: 'right',
      width: 80,
      render: (_, r) => n(delivery.get(r.storeId)?.orders ?? 0),
    },
  ];
  return (
    <Flex vertical gap={16} data-testid="ad">
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={jt('ads.slot')}>
            {lang === 'zh' ? ad.slotNameZh : ad.slotName}
          </Descriptions.Item>
          <Descriptions.Item label={jt('ads.price')}>{formatFen(ad.price, lang)}</Descriptions.Item>
          <Descriptions.Item label={jt('ads.slotExposures')}>
            {formatNumber(ad.exposures, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={jt('ads.deadline')}>{formatInstant(ad.deadline)}</Descriptions.Item>
          <Descriptions.Item label={jt('ads.splitLabel')}>
            {jt(`ads.split.${ad.split}`)}
            {ad.split === 'equal' && ad.seats ? ` · ${jt('ads.seatsTaken', { taken, seats: ad.seats })}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={jt('ads.fundingStatus')}>
            <Tag
              data-testid="ad-status"
              data-status={ad.fundingStatus}
              color={ad.fundingStatus === 'funded' ? 'green' : ad.fundingStatus === 'open' ? 'blue' : 'red'}
            >
              {jt(`ads.status.${ad.fundingStatus}`)}
            </Tag>
          </Descriptions.Item>
        </Descriptions>
        <AdProgress ad={ad} />
      </Card>
      {ad.delivery ? (
        <KpiCards
          items={[
            {
              key: 'ad-exposures',
              label: jt('ads.exposures'),
              value: formatNumber(ad.delivery.exposures, lang),
            },
            { key: 'ad-clicks', label: jt('ads.clicks'), value: formatNumber(ad.delivery.clicks, lang) },
            {
              key: 'ad-gmv',
              label: jt('dashboard.gmv'),
              value: formatFenCompact(
                ad.delivery.byParticipant.reduce((s, r) => s + r.gmv, 0),
                lang,
              ),
            },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{jt('ads.noDelivery')}</Typography.Text>
      )}
      <Table<Row>
        rowKey="storeId"
        size="small"
        columns={columns}
        dataSource={ad.contributions}
        pagination={false}
        data-testid="contributions"
        locale={{ emptyText: jt('ads.noContributions') }}
        scroll={{ x: 800 }}
      />
      {ad.programId ? (
        <Typography.Text type="secondary">{jt('ads.program', { id: ad.programId })}</Typography.Text>
      ) : null}
    </Flex>
  );
}
