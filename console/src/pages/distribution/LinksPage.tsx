// 推广链接: the creator's or promoter's share links with their codes, short links to copy, and
// clicks (all time, distinct visitors, last click); one link's clicks per day in a drawer.
import { Card, Drawer, Empty, Flex, Input, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ShareLink } from '../../api-types';
import { Chart, type ChartOption } from '../../components/Chart';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatCountCompact, formatInstant, formatNumber, shortDay } from '../../format';
import { useDT } from './dist-i18n';
import { useLinkClicks, useLinks } from './dist-queries';
import { shortLink } from './logic';
import { CopyButton, Named } from './ui';

const PAGE_SIZE = 20;

export default function LinksPage() {
  const { dt, lang } = useDT();
  const [params, setParams] = useSearchParams();
  const subId = params.get('sub') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [sub, setSub] = useState(subId ?? '');
  const query = useLinks({ subId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const [daily, setDaily] = useState<ShareLink | null>(null);
  const origin = window.location.origin;

  const columns: ColumnsType<ShareLink> = [
    {
      title: dt('links.target'),
      key: 'target',
      width: 200,
      render: (_: unknown, l) =>
        l.productId ? (
          <Named name={l.productTitle} id={l.productId} testId="link-target" />
        ) : (
          <Named name={l.storeName} id={dt('links.store', { id: l.storeId ?? '' })} testId="link-target" />
        ),
    },
    {
      title: dt('links.subId'),
      dataIndex: 'subId',
      width: 160,
      render: (v: string | null) =>
        v ? (
          <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: dt('links.shortLink'),
      key: 'short',
      render: (_: unknown, l) => (
        <Flex align="center" gap={4} style={{ minWidth: 0 }}>
          <Typography.Text copyable={false} data-testid="link-short" ellipsis={{ tooltip: l.targetUrl }}>
            {shortLink(origin, l.code)}
          </Typography.Text>
          <CopyButton text={shortLink(origin, l.code)} />
        </Flex>
      ),
    },
    {
      title: dt('links.clicks'),
      dataIndex: 'clicks',
      align: 'right',
      width: 80,
      render: (v?: number) => (
        <Typography.Text strong data-testid="link-clicks">
          {formatNumber(v ?? 0, lang)}
        </Typography.Text>
      ),
    },
    {
      title: dt('links.consumers'),
      dataIndex: 'consumers',
      align: 'right',
      width: 80,
      render: (v?: number) => formatNumber(v ?? 0, lang),
    },
    {
      title: dt('links.lastClick'),
      dataIndex: 'lastClickAt',
      width: 140,
      render: (v?: string | null) => (v ? formatInstant(v) : '—'),
    },
    {
      title: dt('links.created'),
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => formatInstant(v),
    },
    {
      title: dt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 100,
      render: (_: unknown, l) => (
        <Typography.Link onClick={() => setDaily(l)} data-testid="action-daily">
          {dt('links.daily')}
        </Typography.Link>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={dt('links.title')}
        extra={
          <Input.Search
            allowClear
            placeholder={dt('links.filterSub')}
            value={sub}
            onChange={(e) => setSub(e.target.value)}
            onSearch={(v) => {
              const next = new URLSearchParams();
              if (v.trim()) next.set('sub', v.trim());
              setParams(next);
            }}
            style={{ width: 240 }}
          />
        }
      />
      <Typography.Text type="secondary">{dt('links.subtitle')}</Typography.Text>
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<ShareLink>
            rowKey="id"
            data-testid="links-table"
            loading={query.isFetching}
            dataSource={query.data?.items ?? []}
            columns={columns}
            scroll={{ x: 1080 }}
            locale={{ emptyText: dt('links.empty') }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: query.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (count) => dt('common.total', { count }),
              onChange: (p) => {
                const next = new URLSearchParams(params);
                if (p > 1) next.set('page', String(p));
                else next.delete('page');
                setParams(next);
              },
            }}
          />
        </Card>
      )}
      <Drawer
        open={daily !== null}
        onClose={() => setDaily(null)}
        size={640}
        title={daily ? dt('links.dailyTitle', { code: daily.code }) : ''}
        destroyOnHidden
      >
        {daily && <DailyClicks id={daily.id} />}
      </Drawer>
    </Flex>
  );
}

function DailyClicks({ id }: { id: string }) {
  const { dt, lang } = useDT();
  const { data, error, refetch } = useLinkClicks(id);
  const option = useMemo<ChartOption>(
    () => ({
      color: ['#4d7cfe', '#fa8c16'],
      dataset: { source: data?.days ?? [], dimensions: ['day', 'clicks', 'consumers'] },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', axisLabel: { formatter: shortDay } },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { formatter: (v: number) => formatCountCompact(v, lang) },
      },
      series: [
        { type: 'bar', name: dt('links.clicks'), encode: { x: 'day', y: 'clicks' }, barMaxWidth: 20 },
        {
          type: 'line',
          name: dt('links.consumers'),
          encode: { x: 'day', y: 'consumers' },
          showSymbol: false,
        },
      ],
    }),
    [data, dt, lang],
  );
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!data) return null;
  return (
    <Flex vertical gap={12}>
      <Typography.Text>
        {dt('links.clicks')}: <Typography.Text strong>{formatNumber(data.clicks, lang)}</Typography.Text> ·{' '}
        {formatInstant(data.from)} – {formatInstant(data.to)}
      </Typography.Text>
      {data.days.length === 0 ? (
        <Empty description={dt('links.noClicks')} />
      ) : (
        <Chart option={option} height={300} data-testid="clicks-chart" />
      )}
    </Flex>
  );
}
