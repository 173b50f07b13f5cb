// 直播看板 (merchants): the merchant's live rooms (one per store) with a live-now badge, the period's totals,
// sales by host type (自播 / 代播 / 达人), a daily chart and the top sessions by GMV.
import { Badge, Card, Col, Empty, Flex, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { Chart, type ChartOption } from '../../components/Chart';
import type { Kpi } from '../../components/KpiCards';
import { PageHeader } from '../../components/PageHeader';
import { PeriodPicker, usePeriodDays } from '../../components/PeriodPicker';
import { Pending } from '../../components/QueryError';
import {
  formatBp,
  formatFen,
  formatFenAxis,
  formatFenCompact,
  formatInstant,
  formatNumber,
  shortDay,
} from '../../format';
import { lastDays } from '../traffic/traffic-format';
import { dailyFilled, hostShareBp, sessionPath, sessionTitle, sessionWhen } from './live-format';
import { useLT } from './live-i18n';
import { useDashboard, useRooms } from './live-queries';
import { type Dashboard, HOST_TYPES, type HostType, type Room, type SessionSummary } from './live-types';
import { HOST_COLORS, HostCell, HostTag, Num } from './ui';

export default function DashboardPage() {
  const { lt, lang } = useLT();
  const { user } = useAuth();
  const merchantId = user.role === 'merchant' ? (user.partyId ?? undefined) : undefined;
  const [days, setDays] = usePeriodDays();
  const { from, to } = lastDays(days);
  const query = useDashboard(merchantId, from, to);
  const rooms = useRooms(merchantId);
  const d = query.data;

  const header = (
    <PageHeader
      title={lt('dashboard.title')}
      extra={<PeriodPicker days={days} onChange={setDays} from={d?.from ?? from} to={d?.to ?? to} />}
    />
  );
  if (!d)
    return (
      <>
        {header}
        <Pending error={query.error} onRetry={() => void query.refetch()} />
      </>
    );

  const t = d.totals;
  const kpis: Kpi[] = [
    { key: 'sessions', label: lt('dashboard.sessions'), value: formatNumber(t.sessions, lang) },
    {
      key: 'hours',
      label: lt('dashboard.hours'),
      value: t.hours.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 1 }),
    },
    { key: 'views', label: lt('dashboard.views'), value: formatNumber(t.views, lang) },
    {
      key: 'uniqueViewers',
      label: lt('dashboard.uniqueViewers'),
      value: formatNumber(t.uniqueViewers, lang),
    },
    { key: 'orders', label: lt('dashboard.orders'), value: formatNumber(t.orders, lang) },
    {
      key: 'gmv',
      label: lt('dashboard.gmv'),
      value: formatFenCompact(t.gmv, lang),
      full: formatFen(t.gmv, lang),
    },
    { key: 'gpm', label: lt('dashboard.gpm'), value: formatFen(t.gpm, lang) },
  ];

  return (
    <Flex vertical gap={16}>
      {header}
      <Typography.Text type="secondary" style={{ marginTop: -12 }}>
        {lt('dashboard.subtitle')}
      </Typography.Text>
      <Rooms rooms={rooms.data?.items} />
      <KpiRow items={kpis} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={lt('dashboard.daily')}>
            <DailyChart d={d} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <ByHost d={d} />
        </Col>
      </Row>
      <TopSessions items={d.top} />
    </Flex>
  );
}

/** The period's totals in one row on a laptop screen (seven narrow cards); exact money on hover. */
function KpiRow({ items }: { items: Kpi[] }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(135px, 1fr))', gap: 12 }}>
      {items.map((k) => (
        <Card key={k.key} size="small" data-testid={`kpi-${k.key}`}>
          <Tooltip title={k.full && k.full !== k.value ? k.full : undefined}>
            <div>
              <Statistic title={k.label} value={k.value} />
            </div>
          </Tooltip>
        </Card>
      ))}
    </div>
  );
}

function Rooms({ rooms }: { rooms: Room[] | undefined }) {
  const { lt, lang } = useLT();
  if (!rooms) return null;
  return (
    <Card title={lt('dashboard.rooms')} size="small" data-testid="rooms">
      {rooms.length === 0 ? (
        <Empty description={lt('dashboard.noRooms')} />
      ) : (
        <div
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 12 }}
        >
          {rooms.map((r) => (
            <Card
              key={r.storeId}
              size="small"
              data-testid={`room-${r.storeId}`}
              data-live={r.liveNow ? 'true' : 'false'}
              style={r.liveNow ? { borderColor: '#ff4d4f' } : undefined}
            >
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text strong ellipsis={{ tooltip: r.storeName }}>
                  {r.storeName ?? r.storeId}
                </Typography.Text>
                {r.liveNow ? (
                  <Link to={sessionPath(r.liveNow)} data-testid="room-live-now" style={{ flexShrink: 0 }}>
                    <Badge
                      status="processing"
                      color="red"
                      text={<Typography.Text type="danger">{lt('dashboard.liveNow')}</Typography.Text>}
                    />
                  </Link>
                ) : (
                  <Badge
                    style={{ flexShrink: 0 }}
                    status="default"
                    text={<Typography.Text type="secondary">{lt('dashboard.offAir')}</Typography.Text>}
                  />
                )}
              </Flex>
              <Flex justify="space-between" align="baseline" style={{ marginTop: 8 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {lt('dashboard.gmv30d')}
                </Typography.Text>
                <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatFenCompact(r.gmv30d, lang)}
                </Typography.Text>
              </Flex>
              <Space size={4} wrap style={{ marginTop: 6 }}>
                {HOST_TYPES.filter((h) => r.hostTypes[h] > 0).map((h) => (
                  <Tag
                    key={h}
                    color={undefined}
                    style={{ marginInlineEnd: 0, borderColor: HOST_COLORS[h], color: HOST_COLORS[h] }}
                  >
                    {lt(`host.${h}`)} {r.hostTypes[h]}
                  </Tag>
                ))}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {lt('dashboard.roomSessions', { count: r.sessions })}
                </Typography.Text>
              </Space>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
                {r.nextScheduledAt
                  ? lt('dashboard.nextScheduled', { at: formatInstant(r.nextScheduledAt) })
                  : r.lastEndedAt
                    ? lt('dashboard.lastEnded', { at: formatInstant(r.lastEndedAt) })
                    : lt('dashboard.never')}
              </Typography.Paragraph>
            </Card>
          ))}
        </div>
      )}
    </Card>
  );
}

function DailyChart({ d }: { d: Dashboard }) {
  const { lt, lang } = useLT();
  const option = useMemo<ChartOption>(() => {
    const rows = dailyFilled(d.daily, d.from, d.to, (day) => ({ day, sessions: 0, views: 0, gmv: 0 })).map(
      (r) => ({
        ...r,
        gmvYuan: r.gmv / 100,
      }),
    );
    return {
      dataset: { source: rows, dimensions: ['day', 'sessions', 'views', 'gmv', 'gmvYuan'] },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', axisLabel: { formatter: shortDay } },
      yAxis: [
        { type: 'value', axisLabel: { formatter: (v: number) => formatFenAxis(v * 100, lang) } },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: lt('dashboard.gmv'),
          encode: { x: 'day', y: 'gmvYuan' },
          color: '#fa8c16',
          barMaxWidth: 24,
          tooltip: { valueFormatter: (v: unknown) => formatFen(Math.round(Number(v) * 100), lang) },
        },
        {
          type: 'line',
          name: lt('dashboard.sessions'),
          yAxisIndex: 1,
          encode: { x: 'day', y: 'sessions' },
          color: '#4d7cfe',
          tooltip: { valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
        },
      ],
    };
  }, [d, lt, lang]);
  return <Chart option={option} height={300} data-testid="dashboard-daily" />;
}

function ByHost({ d }: { d: Dashboard }) {
  const { lt, lang } = useLT();
  const rows = HOST_TYPES.map(
    (h) => d.byHostType.find((x) => x.hostType === h) ?? { hostType: h, sessions: 0, gmv: 0, gpm: 0 },
  );
  const columns: ColumnsType<(typeof rows)[number]> = [
    {
      title: lt('common.hostType'),
      key: 'host',
      render: (_: unknown, r) => <HostTag hostType={r.hostType as HostType} />,
    },
    {
      title: lt('common.sessions'),
      key: 'sessions',
      align: 'right',
      render: (_: unknown, r) => <Num>{formatNumber(r.sessions, lang)}</Num>,
    },
    {
      title: lt('kpi.gmv'),
      key: 'gmv',
      align: 'right',
      render: (_: unknown, r) => <Num>{formatFenCompact(r.gmv, lang)}</Num>,
    },
    {
      title: lt('common.share'),
      key: 'share',
      align: 'right',
      render: (_: unknown, r) => <Num>{formatBp(hostShareBp(d, r.hostType))}</Num>,
    },
    {
      title: 'GPM',
      key: 'gpm',
      align: 'right',
      render: (_: unknown, r) => <Num>{formatFen(r.gpm, lang)}</Num>,
    },
  ];
  return (
    <Card title={lt('dashboard.byHost')} styles={{ body: { padding: 0 } }} style={{ height: '100%' }}>
      <Table
        rowKey="hostType"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={columns}
        data-testid="by-host"
      />
    </Card>
  );
}

function TopSessions({ items }: { items: SessionSummary[] }) {
  const { lt, lang } = useLT();
  const navigate = useNavigate();
  const columns: ColumnsType<SessionSummary> = [
    {
      title: lt('common.title'),
      key: 'title',
      render: (_: unknown, s) => (
        <Flex vertical gap={0} style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis>
            {sessionTitle(s, lt)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {s.storeName ?? s.storeId}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: lt('common.host'), key: 'host', width: 230, render: (_: unknown, s) => <HostCell s={s} /> },
    {
      title: lt('common.time'),
      key: 'time',
      width: 270,
      render: (_: unknown, s) => <Num>{sessionWhen(s, lt, lang)}</Num>,
    },
    {
      title: lt('kpi.views'),
      key: 'views',
      align: 'right',
      width: 90,
      render: (_: unknown, s) => <Num>{formatNumber(s.totals?.views ?? 0, lang)}</Num>,
    },
    {
      title: lt('kpi.gmv'),
      key: 'gmv',
      align: 'right',
      width: 120,
      render: (_: unknown, s) => <Num>{formatFen(s.totals?.gmv ?? 0, lang)}</Num>,
    },
    {
      title: 'GPM',
      key: 'gpm',
      align: 'right',
      width: 120,
      render: (_: unknown, s) => <Num>{formatFen(s.totals?.gpm ?? 0, lang)}</Num>,
    },
  ];
  return (
    <Card title={lt('dashboard.top')} styles={{ body: { padding: 0 } }}>
      <Table<SessionSummary>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={items}
        columns={columns}
        scroll={{ x: 1000 }}
        data-testid="top-sessions"
        tableLayout="fixed"
        locale={{ emptyText: lt('dashboard.noSessions') }}
        onRow={(s) => ({ onClick: () => navigate(sessionPath(s.id)), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}
