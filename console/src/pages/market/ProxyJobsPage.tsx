// 代播需求: merchants post jobs and follow their own; agencies and creators browse the open jobs (the job market),
// quote, and follow their quotes; operators see every job. A row opens the job's page (quotes, contract,
// results against its terms).
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatBp, formatFen, formatNumber } from '../../format';
import { useCategoryNames } from '../distribution/CategorySelect';
import { hoursText } from './market-format';
import { useMT } from './market-i18n';
import { useJob, useJobs } from './market-queries';
import type { Job, JobStatus, MyQuote } from './market-types';
import { JobFormDrawer } from './JobFormDrawer';
import { QuoteModal } from './QuoteModal';
import { JobTag, Money, Muted, QuoteTag, Rate } from './ui';

const PAGE_SIZE = 20;
type Tab = 'mine' | 'market' | 'quotes' | 'all';

export default function ProxyJobsPage() {
  const { mt } = useMT();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const role = user.role;
  const bidder = role === 'agency' || role === 'creator';
  const tabs: Tab[] = role === 'merchant' ? ['mine'] : bidder ? ['market', 'quotes'] : ['all'];
  const tab = (tabs as string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : tabs[0]!;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [posting, setPosting] = useState(params.get('new') === '1');
  const [quoting, setQuoting] = useState<Job | null>(null);
  const query = useJobs({
    status: tab === 'market' ? ('open' as JobStatus) : undefined,
    mine: tab === 'quotes' ? 'true' : undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const set = (next: Record<string, string | undefined>) => {
    const copy = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...next })) {
      if (v) copy.set(k, v);
      else copy.delete(k);
    }
    setParams(copy);
  };

  const table = query.error ? (
    <QueryError error={query.error} onRetry={() => void query.refetch()} />
  ) : (
    <Card styles={{ body: { padding: 0 } }}>
      <JobTable
        items={query.data?.items ?? []}
        loading={query.isFetching}
        total={query.data?.total ?? 0}
        page={page}
        onPage={(p) => set({ page: p > 1 ? String(p) : undefined })}
        showMerchant={role !== 'merchant'}
        showMyQuote={tab === 'quotes'}
        onQuote={bidder && tab === 'market' ? setQuoting : undefined}
      />
    </Card>
  );

  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={
          <Space direction="vertical" size={0}>
            <span>{mt('jobs.title')}</span>
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
              {role === 'merchant' ? mt('jobs.subtitleMerchant') : mt('jobs.subtitleBidder')}
            </Typography.Text>
          </Space>
        }
        extra={
          role === 'merchant' ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setPosting(true)}
              data-testid="job-new"
            >
              {mt('jobs.new')}
            </Button>
          ) : undefined
        }
      />
      {tabs.length > 1 ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k === tabs[0] ? undefined : k })}
          items={tabs.map((t) => ({
            key: t,
            label: (
              <span data-testid={`jobs-tab-${t}`}>
                {mt(t === 'market' ? 'jobs.tabMarket' : t === 'quotes' ? 'jobs.tabQuotes' : 'jobs.tabMine')}
              </span>
            ),
          }))}
        />
      ) : null}
      {table}
      <JobFormDrawer
        open={posting}
        prefill={{ storeId: params.get('storeId') ?? undefined, note: params.get('note') ?? undefined }}
        onClose={() => setPosting(false)}
        onPosted={(j) => navigate(`/proxy-jobs/${encodeURIComponent(j.id)}`)}
      />
      {quoting && <QuoteModal job={quoting} role={role} onClose={() => setQuoting(null)} />}
    </Flex>
  );
}

function JobTable({
  items,
  loading,
  total,
  page,
  onPage,
  showMerchant,
  showMyQuote,
  onQuote,
}: {
  items: Job[];
  loading: boolean;
  total: number;
  page: number;
  onPage: (p: number) => void;
  showMerchant: boolean;
  showMyQuote: boolean;
  onQuote?: (j: Job) => void;
}) {
  const { mt, lang } = useMT();
  const categories = useCategoryNames();
  const columns: ColumnsType<Job> = [
    {
      title: mt('jobs.job'),
      key: 'job',
      render: (_: unknown, j) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Flex gap={6} align="center">
            <Link to={`/proxy-jobs/${encodeURIComponent(j.id)}`} data-testid="job-link">
              <Typography.Text strong>{j.title}</Typography.Text>
            </Link>
            {j.invited && <Tag color="magenta">{mt('jobs.invited')}</Tag>}
          </Flex>
          <Muted small>
            {showMerchant ? `${j.merchantName} · ` : ''}
            {j.storeName} · {categories.get(j.categoryId) ?? j.categoryName}
          </Muted>
        </Flex>
      ),
    },
    {
      title: mt('jobs.dates'),
      key: 'dates',
      width: 200,
      render: (_: unknown, j) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {j.startsOn} – {j.endsOn}
        </span>
      ),
    },
    {
      title: mt('jobs.terms'),
      key: 'terms',
      width: 230,
      render: (_: unknown, j) => (
        <Flex vertical gap={2}>
          <span>
            {mt('jobs.sessionsTerm', { sessions: j.sessions, hours: hoursText(j.hoursPerSession) })}
          </span>
          <Typography.Text strong>
            {mt('jobs.feeAndRate', { fee: formatFen(j.fixedFee, lang), rate: formatBp(j.commissionBp) })}
          </Typography.Text>
          {j.minFollowers > 0 && (
            <Muted small>{mt('jobs.minFollowersTerm', { count: formatNumber(j.minFollowers, lang) })}</Muted>
          )}
        </Flex>
      ),
    },
    showMyQuote
      ? {
          title: mt('jobs.detail.yourQuote'),
          key: 'myQuote',
          width: 200,
          render: (_: unknown, j) => <MyQuoteCell job={j} />,
        }
      : {
          title: mt('jobs.quotes'),
          dataIndex: 'quotes',
          width: 90,
          align: 'right' as const,
          render: (v: Job['quotes']) => (typeof v === 'number' ? v : v.length),
        },
    {
      title: mt('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: JobStatus) => <JobTag status={s} />,
    },
    ...(onQuote
      ? [
          {
            title: mt('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            width: 110,
            render: (_: unknown, j: Job) =>
              j.myQuote?.status === 'pending' ? (
                <Tag color="gold">{mt('jobs.quoted')}</Tag>
              ) : j.status === 'open' ? (
                <Button size="small" type="primary" onClick={() => onQuote(j)} data-testid="job-quote">
                  {mt('jobs.quote')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Table<Job>
      rowKey="id"
      data-testid="jobs-table"
      loading={loading}
      dataSource={items}
      columns={columns}
      scroll={{ x: 1000 }}
      locale={{ emptyText: mt('jobs.empty') }}
      onRow={(j) => ({ 'data-job': j.id }) as React.HTMLAttributes<HTMLElement>}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total,
        showSizeChanger: false,
        showTotal: (count) => mt('common.total', { count }),
        onChange: onPage,
      }}
    />
  );
}

/** The signed-in bidder's latest quote on a job: from the list when the server gives it, else the job's detail. */
function MyQuoteCell({ job }: { job: Job }) {
  const detail = useJob(job.myQuote === undefined ? job.id : undefined);
  const q: MyQuote | undefined =
    job.myQuote ?? [...(detail.data?.quotes ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!q) return <Muted>—</Muted>;
  return (
    <Flex vertical gap={2} align="flex-start" data-testid="my-quote">
      <QuoteTag status={q.status} />
      <Muted small>
        <Money fen={q.fixedFee} /> + <Rate bp={q.commissionBp} />
      </Muted>
      <Muted small>{q.creatorName}</Muted>
    </Flex>
  );
}
