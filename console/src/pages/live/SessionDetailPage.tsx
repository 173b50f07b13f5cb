// 场次详情: one session — status, host and times with Start / End / Explain actions; its KPI cards (each with
// its definition), the minute-by-minute timeline with explanation windows, the products listed and the
// explanation windows with what each sold. Reads again every few seconds while the session is live.
import {
  ArrowLeftOutlined,
  PlayCircleOutlined,
  PoweroffOutlined,
  SoundOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api';
import { useAuth } from '../../auth/auth-context';
import { Pending } from '../../components/QueryError';
import { formatFen, formatInstant, formatNumber } from '../../format';
import {
  durationText,
  hostLine,
  kpiCards,
  minutesBetween,
  sessionTitle,
  sessionWhen,
  timelineChart,
} from './live-format';
import { useLT } from './live-i18n';
import { LIVE_KEY, LIVE_REFRESH_MS, sessionUrl, useSession, useSessionMetrics } from './live-queries';
import type { ExplanationMetrics, LiveMetrics, SessionDetail, SessionMetrics } from './live-types';
import { TimelineChart } from './TimelineChart';
import { DefinedKpis, HostTag, Num, StatusTag } from './ui';

const ZERO: LiveMetrics = {
  uniqueViewers: 0,
  views: 0,
  avgWatchSeconds: 0,
  peakOnline: 0,
  productClicks: 0,
  orders: 0,
  buyers: 0,
  units: 0,
  gmv: 0,
  gpm: 0,
  conversionBp: 0,
  newFollowers: 0,
};

export default function SessionDetailPage() {
  const { id } = useParams();
  const { lt } = useLT();
  const session = useSession(id);
  const s = session.data;
  const metrics = useSessionMetrics(id, s?.status === 'live', !!s && s.status !== 'scheduled');

  if (!s)
    return (
      <>
        <BackLink />
        <Pending error={session.error} onRetry={() => void session.refetch()} />
      </>
    );
  return (
    <Flex vertical gap={16}>
      <BackLink />
      <Header s={s} asOf={metrics.data?.asOf} />
      {s.status === 'scheduled' ? (
        <Alert type="info" showIcon title={lt('detail.notStarted')} data-testid="not-started" />
      ) : metrics.error && !metrics.data ? (
        <Pending error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : (
        <Figures s={s} m={metrics.data} />
      )}
      <ProductsCard s={s} m={metrics.data} />
      {s.status !== 'scheduled' && <ExplanationsCard s={s} m={metrics.data} />}
    </Flex>
  );
}

function BackLink() {
  const { lt } = useLT();
  const { user } = useAuth();
  const hosts = user.role === 'creator' || user.role === 'agency';
  return (
    <Link to="/live/sessions" style={{ alignSelf: 'flex-start' }}>
      <ArrowLeftOutlined /> {lt(hosts ? 'sessions.titleMine' : 'detail.back')}
    </Link>
  );
}

/** Writes of the page: each refreshes every live query (list, detail, metrics, dashboard). */
function useAction(s: SessionDetail) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: (a: { path: string; body?: unknown; method?: 'POST' | 'DELETE'; done: string }) =>
      api<unknown>(`${sessionUrl(s.id)}${a.path}`, { method: a.method ?? 'POST', body: a.body ?? {} }),
    onSuccess: async (_r, a) => {
      void message.success(a.done);
      await queryClient.invalidateQueries({ queryKey: LIVE_KEY });
    },
  });
}

function Header({ s, asOf }: { s: SessionDetail; asOf: string | undefined }) {
  const { lt, lang } = useLT();
  const { user } = useAuth();
  const navigate = useNavigate();
  const action = useAction(s);
  const [product, setProduct] = useState<string | undefined>();
  // Hosts (creator, agency) run their sessions too; only the merchant (or an operator) cancels one.
  const canRun = user.role !== 'promoter';
  const canCancel = user.role === 'merchant' || user.role === 'operator';
  const open = s.explanations.find((e) => !e.endedAt);
  const titleOf = (pid: string) => s.products.find((p) => p.productId === pid)?.title ?? pid;
  const host = hostLine(s, lt);

  // Planned start while scheduled; once started, when it ran (or since when) and for how long.
  const when =
    s.status === 'scheduled'
      ? s.scheduledAt
        ? lt('detail.scheduledFor', { at: formatInstant(s.scheduledAt) })
        : '—'
      : sessionWhen(s, lt, lang);

  return (
    <Card data-testid="session-header">
      <Flex justify="space-between" align="start" wrap gap={16}>
        <Flex vertical gap={8} style={{ minWidth: 0 }}>
          <Flex align="center" gap={10} wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="session-heading">
              {sessionTitle(s, lt)}
            </Typography.Title>
            <StatusTag status={s.status} />
          </Flex>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'store', label: lt('common.store'), children: s.storeName ?? s.storeId },
              {
                key: 'host',
                label: lt('common.host'),
                children: (
                  <Space size={6}>
                    <HostTag hostType={s.hostType} />
                    <span data-testid="detail-host">{host.name}</span>
                  </Space>
                ),
              },
              {
                key: 'time',
                label: lt('common.time'),
                span: 2,
                children: <span data-testid="detail-times">{when}</span>,
              },
            ]}
          />
          {s.status === 'live' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="as-of">
              {asOf ? `${lt('detail.asOf', { at: formatInstant(asOf) })} · ` : ''}
              {lt('detail.refreshing', { n: LIVE_REFRESH_MS / 1000 })}
            </Typography.Text>
          )}
        </Flex>
        {canRun && s.status !== 'ended' && (
          <Flex gap={8} wrap align="center" data-testid="session-actions">
            {s.status === 'scheduled' && (
              <>
                {canCancel && (
                  <Popconfirm
                    title={lt('detail.cancelConfirm')}
                    onConfirm={() =>
                      action.mutate(
                        { path: '/cancel', done: lt('detail.cancelled') },
                        { onSuccess: () => navigate('/live/sessions') },
                      )
                    }
                  >
                    <Button icon={<StopOutlined />} data-testid="action-cancel">
                      {lt('detail.cancelSession')}
                    </Button>
                  </Popconfirm>
                )}
                <Button
                  type="primary"
                  icon={<PlayCircleOutlined />}
                  loading={action.isPending}
                  onClick={() => action.mutate({ path: '/start', done: lt('detail.started') })}
                  data-testid="action-start"
                >
                  {lt('detail.start')}
                </Button>
              </>
            )}
            {s.status === 'live' && (
              <>
                {open && (
                  <Button
                    onClick={() =>
                      action.mutate({
                        path: `/explanations/${encodeURIComponent(open.id)}/end`,
                        done: lt('detail.endExplain'),
                      })
                    }
                    data-testid="action-end-explain"
                  >
                    {lt('detail.endExplain')}
                  </Button>
                )}
                <Select
                  placeholder={lt('detail.choose')}
                  value={product}
                  onChange={setProduct}
                  options={s.products.map((p) => ({ value: p.productId, label: p.title ?? p.productId }))}
                  style={{ width: 220 }}
                  data-testid="explain-product"
                />
                <Button
                  icon={<SoundOutlined />}
                  disabled={!product}
                  onClick={() =>
                    product &&
                    action.mutate({
                      path: '/explanations',
                      body: { productId: product },
                      done: lt('detail.explainStarted', { product: titleOf(product) }),
                    })
                  }
                  data-testid="action-explain"
                >
                  {lt('detail.explain')}
                </Button>
                <Popconfirm
                  title={lt('detail.endConfirm')}
                  onConfirm={() => action.mutate({ path: '/end', done: lt('detail.ended') })}
                  okButtonProps={{ 'data-testid': 'confirm-end' } as Record<string, string>}
                >
                  <Button danger icon={<PoweroffOutlined />} data-testid="action-end">
                    {lt('detail.end')}
                  </Button>
                </Popconfirm>
              </>
            )}
          </Flex>
        )}
      </Flex>
      {open && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          icon={<SoundOutlined />}
          title={lt('detail.explaining', { product: open.productTitle ?? titleOf(open.productId) })}
          data-testid="explaining-now"
        />
      )}
    </Card>
  );
}

function Figures({ s, m }: { s: SessionDetail; m: SessionMetrics | undefined }) {
  const { lt, lang } = useLT();
  const chart = useMemo(
    () =>
      timelineChart(
        m?.timeline ?? [],
        m ? m.explanations.map((e) => ({ ...e, productTitle: e.title })) : s.explanations,
      ),
    [m, s.explanations],
  );
  return (
    <>
      <DefinedKpis items={kpiCards(m?.totals ?? s.totals ?? ZERO, lt, lang)} />
      <Card
        title={lt('detail.timeline')}
        extra={<Typography.Text type="secondary">{lt('detail.timelineHint')}</Typography.Text>}
      >
        {chart.rows.length ? (
          <TimelineChart rows={chart.rows} areas={chart.areas} />
        ) : (
          <Empty description={lt('detail.noTimeline')} data-testid="no-timeline" />
        )}
      </Card>
    </>
  );
}

interface ProductRow {
  productId: string;
  title: string;
  price: number;
  livePrice: number | null;
  clicks: number;
  orders: number;
  units: number;
  gmv: number;
  explanations: number;
}

function ProductsCard({ s, m }: { s: SessionDetail; m: SessionMetrics | undefined }) {
  const { lt, lang } = useLT();
  const figures = new Map((m?.products ?? []).map((p) => [p.productId, p]));
  const rows: ProductRow[] = [...s.products]
    .sort((a, b) => a.position - b.position)
    .map((p) => {
      const f = figures.get(p.productId);
      return {
        productId: p.productId,
        title: p.title ?? f?.title ?? p.productId,
        price: p.price,
        livePrice: p.livePrice,
        clicks: f?.clicks ?? 0,
        orders: f?.orders ?? 0,
        units: f?.units ?? 0,
        gmv: f?.gmv ?? 0,
        explanations: f?.explanations ?? 0,
      };
    });
  // Products sold in the room but not listed (e.g. removed later) still show their figures.
  for (const f of m?.products ?? [])
    if (!s.products.some((p) => p.productId === f.productId))
      rows.push({ ...f, title: f.title ?? f.productId, price: 0, livePrice: null });
  const started = s.status !== 'scheduled';
  const columns: ColumnsType<ProductRow> = [
    {
      title: lt('common.product'),
      key: 'title',
      render: (_: unknown, r) => (
        <Typography.Text ellipsis={{ tooltip: r.title }} style={{ maxWidth: 320 }}>
          {r.title}
        </Typography.Text>
      ),
    },
    {
      title: lt('common.price'),
      key: 'price',
      align: 'right',
      render: (_: unknown, r) => <Num>{r.price ? formatFen(r.price, lang) : '—'}</Num>,
    },
    {
      title: lt('common.livePrice'),
      key: 'livePrice',
      align: 'right',
      render: (_: unknown, r) => <Num>{r.livePrice !== null ? formatFen(r.livePrice, lang) : '—'}</Num>,
    },
    ...(started
      ? ([
          {
            title: lt('detail.clicks'),
            key: 'clicks',
            align: 'right',
            render: (_: unknown, r: ProductRow) => <Num>{formatNumber(r.clicks, lang)}</Num>,
          },
          {
            title: lt('detail.orders'),
            key: 'orders',
            align: 'right',
            render: (_: unknown, r: ProductRow) => <Num>{formatNumber(r.orders, lang)}</Num>,
          },
          {
            title: lt('detail.units'),
            key: 'units',
            align: 'right',
            render: (_: unknown, r: ProductRow) => <Num>{formatNumber(r.units, lang)}</Num>,
          },
          {
            title: lt('detail.gmv'),
            key: 'gmv',
            align: 'right',
            render: (_: unknown, r: ProductRow) => <Num>{formatFen(r.gmv, lang)}</Num>,
          },
          {
            title: lt('detail.explainCount'),
            key: 'explanations',
            align: 'right',
            render: (_: unknown, r: ProductRow) => <Num>{formatNumber(r.explanations, lang)}</Num>,
          },
        ] as ColumnsType<ProductRow>)
      : []),
  ];
  return (
    <Card title={lt('detail.products')} styles={{ body: { padding: 0 } }}>
      <Table<ProductRow>
        rowKey="productId"
        size="small"
        data-testid="products-table"
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: lt('detail.noProducts') }}
      />
    </Card>
  );
}

function ExplanationsCard({ s, m }: { s: SessionDetail; m: SessionMetrics | undefined }) {
  const { lt, lang } = useLT();
  const rows: ExplanationMetrics[] =
    m?.explanations ??
    s.explanations.map((e) => ({
      id: e.id,
      productId: e.productId,
      title: e.productTitle,
      startedAt: e.startedAt,
      endedAt: e.endedAt,
      clicks: 0,
      orders: 0,
      units: 0,
      gmv: 0,
      onlineAtStart: 0,
    }));
  const sorted = [...rows].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const columns: ColumnsType<ExplanationMetrics> = [
    {
      title: lt('common.product'),
      key: 'title',
      render: (_: unknown, r) => (
        <Typography.Text ellipsis={{ tooltip: r.title }} style={{ maxWidth: 280 }}>
          {r.title ?? r.productId}
        </Typography.Text>
      ),
    },
    {
      title: lt('detail.startedCol'),
      key: 'start',
      render: (_: unknown, r) => <Num>{formatInstant(r.startedAt).slice(11)}</Num>,
    },
    {
      title: lt('detail.endedCol'),
      key: 'end',
      render: (_: unknown, r) =>
        r.endedAt ? (
          <Num>{formatInstant(r.endedAt).slice(11)}</Num>
        ) : (
          <Typography.Text type="warning">{lt('detail.ongoing')}</Typography.Text>
        ),
    },
    {
      title: lt('detail.length'),
      key: 'length',
      render: (_: unknown, r) => <Num>{durationText(minutesBetween(r.startedAt, r.endedAt), lang)}</Num>,
    },
    {
      title: lt('detail.onlineAtStart'),
      key: 'online',
      align: 'right',
      render: (_: unknown, r) => <Num>{formatNumber(r.onlineAtStart, lang)}</Num>,
    },
    {
      title: lt('detail.clicks'),
      key: 'clicks',
      align: 'right',
      render: (_: unknown, r) => <Num>{formatNumber(r.clicks, lang)}</Num>,
    },
    {
      title: lt('detail.orders'),
      key: 'orders',
      align: 'right',
      render: (_: unknown, r) => <Num>{formatNumber(r.orders, lang)}</Num>,
    },
    {
      title: lt('detail.units'),
      key: 'units',
      align: 'right',
      render: (_: unknown, r) => <Num>{formatNumber(r.units, lang)}</Num>,
    },
    {
      title: lt('detail.gmv'),
      key: 'gmv',
      align: 'right',
      render: (_: unknown, r) => <Num>{formatFen(r.gmv, lang)}</Num>,
    },
  ];
  return (
    <Card title={lt('detail.explanations')} styles={{ body: { padding: 0 } }}>
      <Table<ExplanationMetrics>
        rowKey="id"
        size="small"
        data-testid="explanations-table"
        dataSource={sorted}
        columns={columns}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: lt('detail.noExplanations') }}
      />
    </Card>
  );
}
