// 经营日报: the stored daily reports — operators see the marketplace's and every merchant's, with the state of the
// rollups behind every analytics page (last rebuild, last closed day, the real-time flush); merchants their own.
// One opens in full.
import { Card, Descriptions, Drawer, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { Pending, QueryError } from '../../components/QueryError';
import { formatFen, formatInstant, formatNumber } from '../../format';
import { changeOf, pct } from './an-format';
import { useAT } from './an-i18n';
import { useReport, useReports, useRollupStatus } from './an-queries';
import type { Kpis, StoredReport } from './an-types';
import { Change, Num } from './ui';

const SCOPES = ['all', 'operator', 'merchant'] as const;
const KPI_KEYS = ['gmv', 'orders', 'buyers', 'visitors', 'conversion', 'aov', 'refundRate'] as const;

export default function ReportsPage() {
  const { at, lang } = useAT();
  const operator = useAuth().user.role === 'operator';
  const [params, setParams] = useSearchParams();
  const scope = (SCOPES as readonly string[]).includes(params.get('scope') ?? '')
    ? (params.get('scope') as (typeof SCOPES)[number])
    : 'all';
  const reports = useReports({ scope: scope === 'all' ? undefined : scope, limit: 100 });
  const open = params.get('report') ?? undefined;
  const set = (k: string, v: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (v) next.set(k, v);
        else next.delete(k);
        return next;
      },
      { replace: true },
    );
  return (
    <Flex vertical gap={16}>
      <PageHeader title={at('reports.title')} />
      {operator ? <RollupCard /> : null}
      <Card
        size="small"
        title={at('reports.stored')}
        styles={{ body: { padding: 0 } }}
        extra={
          operator && (
            <Segmented
              size="small"
              value={scope}
              onChange={(v) => set('scope', v === 'all' ? undefined : String(v))}
              options={SCOPES.map((s) => ({ value: s, label: at(`reports.scope.${s}`) }))}
            />
          )
        }
      >
        {reports.error && !reports.data ? (
          <QueryError error={reports.error} onRetry={() => void reports.refetch()} />
        ) : (
          <Table<StoredReport>
            rowKey="id"
            size="small"
            data-testid="an-reports"
            loading={reports.isFetching}
            dataSource={reports.data?.rows ?? []}
            pagination={{ pageSize: 15, hideOnSinglePage: true }}
            locale={{ emptyText: at('reports.empty') }}
            onRow={(r) => ({ onClick: () => set('report', r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: at('reports.day'), dataIndex: 'day', render: (v: string) => <Num>{v}</Num> },
              {
                title: at('reports.scopeCol'),
                dataIndex: 'scope',
                render: (v: StoredReport['scope']) => <Tag>{at(`reports.scope.${v}`)}</Tag>,
              },
              { title: at('reports.party'), dataIndex: 'partyId' },
              {
                title: at('kpi.gmv'),
                key: 'gmv',
                align: 'right',
                render: (_: unknown, r) => (
                  <Num>
                    {formatFen(r.body.kpis.gmv, lang)}{' '}
                    <Change value={changeOf(r.body.kpis.gmv, r.body.previous.gmv)} />
                  </Num>
                ),
              },
              {
                title: at('kpi.orders'),
                key: 'orders',
                align: 'right',
                render: (_: unknown, r) => <Num>{formatNumber(r.body.kpis.orders, lang)}</Num>,
              },
              {
                title: at('reports.created'),
                dataIndex: 'createdAt',
                render: (v: string) => <Num>{formatInstant(v)}</Num>,
              },
            ]}
          />
        )}
      </Card>
      <Drawer
        open={!!open}
        onClose={() => set('report', undefined)}
        size={720}
        title={at('reports.detail')}
        destroyOnHidden
      >
        {open ? <ReportDetail id={open} /> : null}
      </Drawer>
    </Flex>
  );
}

function RollupCard() {
  const { at, lang } = useAT();
  const q = useRollupStatus();
  const s = q.data;
  return (
    <Card size="small" title={at('reports.rollups')} data-testid="an-rollups">
      {!s ? (
        <Pending error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={at('reports.lastRebuild')}>
            {s.lastRebuild
              ? at('reports.rebuildText', {
                  from: s.lastRebuild.fromDay,
                  to: s.lastRebuild.toDay,
                  at: s.lastRebuild.finishedAt
                    ? formatInstant(s.lastRebuild.finishedAt)
                    : at('reports.running'),
                  ms: s.lastRebuild.durationMs === null ? '—' : formatNumber(s.lastRebuild.durationMs, lang),
                })
              : at('reports.never')}
          </Descriptions.Item>
          <Descriptions.Item label={at('reports.lastClose')}>
            {s.lastClose
              ? `${s.lastClose.day} · ${s.lastClose.finishedAt ? formatInstant(s.lastClose.finishedAt) : at('reports.running')}`
              : at('reports.never')}
          </Descriptions.Item>
          <Descriptions.Item label={at('reports.flush')}>
            {s.realtime.lastFlushAt ? formatInstant(s.realtime.lastFlushAt) : at('reports.never')}
            {' · '}
            {at('reports.pending', { count: s.realtime.pendingStores })}
          </Descriptions.Item>
          <Descriptions.Item label={at('reports.rows')}>
            {at('reports.rowsText', {
              stores: formatNumber(s.rows.storeDays, lang),
              products: formatNumber(s.rows.productDays, lang),
              minutes: formatNumber(s.rows.minutes, lang),
            })}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

function ReportDetail({ id }: { id: string }) {
  const { at, lang } = useAT();
  const q = useReport(id);
  const r = q.data;
  if (!r) return <Pending error={q.error} onRetry={() => void q.refetch()} />;
  const fmt = (k: (typeof KPI_KEYS)[number], v: Kpis) =>
    k === 'gmv' || k === 'aov'
      ? v[k] === null
        ? '—'
        : formatFen(v[k] ?? 0, lang)
      : k === 'conversion' || k === 'refundRate'
        ? pct(v[k], 2)
        : formatNumber(v[k], lang);
  return (
    <Flex vertical gap={16} data-testid="an-report-detail">
      <Typography.Text type="secondary">
        {at(`reports.scope.${r.scope}`)} · {r.partyId} · {r.day}
      </Typography.Text>
      <Table
        rowKey="k"
        size="small"
        pagination={false}
        dataSource={KPI_KEYS.map((k) => ({ k }))}
        columns={[
          {
            title: at('peers.metric'),
            dataIndex: 'k',
            render: (k: (typeof KPI_KEYS)[number]) => at(`kpi.${k}`),
          },
          {
            title: r.day,
            key: 'v',
            align: 'right',
            render: (_: unknown, x) => <Num>{fmt(x.k, r.body.kpis)}</Num>,
          },
          {
            title: at('reports.previousDay'),
            key: 'p',
            align: 'right',
            render: (_: unknown, x) => <Num>{fmt(x.k, r.body.previous)}</Num>,
          },
        ]}
      />
      {r.body.sources?.length ? (
        <Table
          rowKey="source"
          size="small"
          pagination={false}
          title={() => at('sources.title')}
          dataSource={r.body.sources}
          columns={[
            {
              title: at('sources.source'),
              dataIndex: 'source',
              render: (s: string) => at(`source.${s}` as 'source.other'),
            },
            {
              title: at('kpi.gmv'),
              dataIndex: 'gmv',
              align: 'right',
              render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
            },
            {
              title: at('sources.share'),
              dataIndex: 'gmvShare',
              align: 'right',
              render: (v: number | null) => <Num>{pct(v)}</Num>,
            },
          ]}
        />
      ) : null}
      {r.body.topProducts?.length ? (
        <Table
          rowKey="productId"
          size="small"
          pagination={false}
          title={() => at('products.title')}
          dataSource={r.body.topProducts}
          columns={[
            { title: at('products.rank'), dataIndex: 'rank', width: 60 },
            { title: at('products.product'), dataIndex: 'title' },
            {
              title: at('kpi.gmv'),
              dataIndex: 'gmv',
              align: 'right',
              render: (v: number) => <Num>{formatFen(v, lang)}</Num>,
            },
          ]}
        />
      ) : null}
    </Flex>
  );
}
