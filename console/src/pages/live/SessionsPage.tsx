// 直播场次: the sessions a user may see — a merchant its stores', a creator or agency those it hosts, an operator
// every merchant's — in status tabs with store, host type and date filters kept in the URL; merchants (and
// operators) schedule a session in a drawer; a row opens the session.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Input, Select, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatFen, formatNumber } from '../../format';
import {
  filtersFromParams,
  gmvCell,
  sessionPath,
  sessionTitle,
  sessionWhenParts,
  withFilter,
} from './live-format';
import { useLT } from './live-i18n';
import { useMerchantOptions, useMyStores, useSessions } from './live-queries';
import { HOST_TYPES, SESSION_STATUSES, type SessionSummary } from './live-types';
import { ScheduleDrawer } from './ScheduleDrawer';
import { HostCell, Num, StatusTag } from './ui';

export default function SessionsPage() {
  const { lt, lang } = useLT();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const f = filtersFromParams(params);
  const query = useSessions(f);
  const isMerchant = user.role === 'merchant';
  const isOperator = user.role === 'operator';
  const hosts = user.role === 'creator' || user.role === 'agency';
  const stores = useMyStores(isMerchant);
  const [merchantQ, setMerchantQ] = useState('');
  const merchants = useMerchantOptions(isOperator, merchantQ);
  const [scheduling, setScheduling] = useState(false);
  const set = (key: string, value: string | undefined) =>
    setParams(withFilter(params, key, value), { replace: true });
  const items = query.data?.items ?? [];

  const columns: ColumnsType<SessionSummary> = [
    {
      title: lt('common.session'),
      key: 'title',
      width: 220,
      render: (_: unknown, s) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Flex gap={6} align="center" style={{ minWidth: 0 }}>
            <StatusTag status={s.status} />
            <Typography.Text strong ellipsis={{ tooltip: sessionTitle(s, lt) }} data-testid="session-title">
              {sessionTitle(s, lt)}
            </Typography.Text>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {isOperator ? `${s.merchantName ?? s.merchantId} · ` : ''}
            {s.storeName ?? s.storeId}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: lt('common.host'),
      key: 'host',
      width: 190,
      render: (_: unknown, s) => <HostCell s={s} />,
    },
    {
      title: lt('common.time'),
      key: 'time',
      width: 210,
      render: (_: unknown, s) => {
        const w = sessionWhenParts(s, lt, lang);
        return (
          <Flex vertical gap={0} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
            <Typography.Text style={{ fontSize: 13 }} data-testid="session-when">
              {w.range}
            </Typography.Text>
            {w.length && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {w.length}
              </Typography.Text>
            )}
          </Flex>
        );
      },
    },
    {
      title: lt('kpi.views'),
      key: 'views',
      align: 'right',
      width: 80,
      render: (_: unknown, s) => (
        <Num testId="cell-views">{s.totals ? formatNumber(s.totals.views, lang) : '—'}</Num>
      ),
    },
    {
      title: lt('kpi.uniqueViewers'),
      key: 'uv',
      align: 'right',
      width: 95,
      render: (_: unknown, s) => (
        <Num testId="cell-uv">{s.totals ? formatNumber(s.totals.uniqueViewers, lang) : '—'}</Num>
      ),
    },
    {
      title: lt('kpi.gmv'),
      key: 'gmv',
      align: 'right',
      width: 110,
      render: (_: unknown, s) => <Num testId="cell-gmv">{gmvCell(s, lang)}</Num>,
    },
    {
      title: 'GPM',
      key: 'gpm',
      align: 'right',
      width: 100,
      render: (_: unknown, s) => (
        <Num testId="cell-gpm">{s.totals ? formatFen(s.totals.gpm, lang) : '—'}</Num>
      ),
    },
  ];

  const tabs = [
    { key: 'all', label: lt('sessions.tabAll') },
    ...SESSION_STATUSES.map((s) => ({ key: s, label: lt(`status.${s}`) })),
  ];
  const title = hosts ? lt('sessions.titleMine') : lt('sessions.title');
  const subtitle = hosts
    ? lt('sessions.subtitleMine')
    : isOperator
      ? lt('sessions.subtitleAll')
      : lt('sessions.subtitle');

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={title}
        extra={
          isMerchant && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setScheduling(true)}
              data-testid="schedule-session"
            >
              {lt('sessions.schedule')}
            </Button>
          )
        }
      />
      <Typography.Text type="secondary" style={{ marginTop: -12 }}>
        {subtitle}
      </Typography.Text>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={f.status ?? 'all'}
          onChange={(k) => set('status', k === 'all' ? undefined : k)}
          items={tabs}
          data-testid="status-tabs"
        />
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          {isOperator && (
            <Select
              allowClear
              showSearch={{ filterOption: false, onSearch: setMerchantQ }}
              placeholder={lt('sessions.allMerchants')}
              value={f.merchantId}
              onChange={(v?: string) => set('merchantId', v)}
              options={(merchants.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
              style={{ width: 240 }}
              data-testid="filter-merchant"
            />
          )}
          {isMerchant && (
            <Select
              allowClear
              placeholder={lt('sessions.allStores')}
              value={f.storeId}
              onChange={(v?: string) => set('storeId', v)}
              options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name ?? s.id }))}
              style={{ width: 220 }}
              data-testid="filter-store"
            />
          )}
          <Select
            allowClear
            placeholder={lt('sessions.allHosts')}
            value={f.hostType}
            onChange={(v?: string) => set('hostType', v)}
            options={HOST_TYPES.map((h) => ({ value: h, label: lt(`host.${h}`) }))}
            style={{ width: 160 }}
            data-testid="filter-host"
          />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            value={[f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null]}
            placeholder={[lt('sessions.from'), lt('sessions.to')]}
            onChange={(r) => {
              let next = withFilter(params, 'from', r?.[0]?.format('YYYY-MM-DD'));
              next = withFilter(next, 'to', r?.[1]?.format('YYYY-MM-DD'));
              setParams(next, { replace: true });
            }}
            data-testid="filter-dates"
          />
          <Input.Search
            allowClear
            placeholder={lt('sessions.search')}
            defaultValue={f.q}
            onSearch={(v) => set('q', v.trim() || undefined)}
            style={{ width: 220 }}
            data-testid="filter-q"
          />
        </Flex>
        {query.error ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Table<SessionSummary>
            rowKey="id"
            size="middle"
            data-testid="sessions-table"
            // Fixed layout: long store and merchant names ellipsize instead of widening the table.
            tableLayout="fixed"
            loading={query.isFetching && !query.data}
            dataSource={items}
            columns={columns}
            scroll={{ x: 1000 }}
            locale={{ emptyText: lt('sessions.empty') }}
            onRow={(s) => ({
              onClick: () => navigate(sessionPath(s.id)),
              style: { cursor: 'pointer' },
              'data-testid': `session-row-${s.id}`,
            })}
            pagination={{
              current: f.page,
              pageSize: f.limit,
              total: query.data?.total ?? 0,
              hideOnSinglePage: true,
              showSizeChanger: false,
              showTotal: (count) => lt('common.total', { count }),
              onChange: (page) => set('page', page > 1 ? String(page) : undefined),
            }}
          />
        )}
      </Card>
      {isMerchant && (
        <ScheduleDrawer
          open={scheduling}
          onClose={() => setScheduling(false)}
          onCreated={(s) => navigate(sessionPath(s.id))}
        />
      )}
    </Flex>
  );
}
