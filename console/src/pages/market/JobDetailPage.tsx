// One proxy job: its terms; the quotes (the merchant accepts one; a bidder sees and withdraws its own); the
// contract once awarded; and the results against the terms — sessions done of those agreed, hours, live GMV,
// commission, fixed fee and total — with the sessions the contract linked.
import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Popconfirm,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { Pending } from '../../components/QueryError';
import { formatBp, formatDay, formatFen, formatInstant, formatNumber } from '../../format';
import { useCategoryNames } from '../distribution/CategorySelect';
import { hoursText, termLines } from './market-format';
import { useMT } from './market-i18n';
import { useJob } from './market-queries';
import type { JobDetail, JobResultSession, JobResults, Quote } from './market-types';
import { QuoteModal } from './QuoteModal';
import { CreatorCell, JobTag, Money, Muted, QuoteTag, Rate } from './ui';
import { useMarketAction } from './use-market-action';

export default function JobDetailPage() {
  const { id } = useParams();
  const { mt } = useMT();
  const job = useJob(id);
  return (
    <Flex vertical gap={16}>
      <Link to="/proxy-jobs">
        <ArrowLeftOutlined /> {mt('jobs.detail.back')}
      </Link>
      {job.data ? (
        <JobView job={job.data} />
      ) : (
        <Pending error={job.error} onRetry={() => void job.refetch()} />
      )}
    </Flex>
  );
}

function JobView({ job }: { job: JobDetail }) {
  const { mt, lang } = useMT();
  const { user } = useAuth();
  const categories = useCategoryNames();
  const act = useMarketAction();
  const [quoting, setQuoting] = useState(false);
  const role = user.role;
  const owner = role === 'merchant' || role === 'operator';
  const bidder = role === 'agency' || role === 'creator';
  const path = `/v1/proxy-jobs/${encodeURIComponent(job.id)}`;
  return (
    <>
      <PageHeader
        title={
          <Space direction="vertical" size={0}>
            <Flex gap={8} align="center">
              <span data-testid="job-title">{job.title}</span>
              <JobTag status={job.status} />
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
              {mt('jobs.detail.postedBy', { merchant: job.merchantName, day: formatDay(job.createdAt) })}
            </Typography.Text>
          </Space>
        }
        extra={
          <>
            {bidder && job.status === 'open' && (
              <Button type="primary" onClick={() => setQuoting(true)} data-testid="job-quote">
                {mt('jobs.quote')}
              </Button>
            )}
            {owner && job.status === 'open' && (
              <Popconfirm
                title={mt('jobs.detail.cancelConfirm')}
                onConfirm={() => act.mutate({ path: `${path}/cancel`, success: mt('jobs.detail.cancelled') })}
              >
                <Button danger data-testid="job-cancel">
                  {mt('jobs.detail.cancelJob')}
                </Button>
              </Popconfirm>
            )}
            {owner && job.status === 'awarded' && (
              <Popconfirm
                title={mt('jobs.detail.closeConfirm')}
                onConfirm={() => act.mutate({ path: `${path}/close`, success: mt('jobs.detail.closed') })}
              >
                <Button data-testid="job-close">{mt('jobs.detail.closeJob')}</Button>
              </Popconfirm>
            )}
          </>
        }
      />
      <Card>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" data-testid="job-terms">
          <Descriptions.Item label={mt('jobs.store')}>{job.storeName}</Descriptions.Item>
          <Descriptions.Item label={mt('jobs.category')}>
            {categories.get(job.categoryId) ?? job.categoryName}
          </Descriptions.Item>
          <Descriptions.Item label={mt('jobs.dates')}>
            {job.startsOn} – {job.endsOn}
          </Descriptions.Item>
          <Descriptions.Item label={mt('jobs.sessions')}>
            {mt('jobs.sessionsTerm', { sessions: job.sessions, hours: hoursText(job.hoursPerSession) })}
          </Descriptions.Item>
          <Descriptions.Item label={mt('jobs.fixedFee')}>
            <span data-testid="job-fee">{formatFen(job.fixedFee, lang)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={mt('jobs.commission')}>
            <span data-testid="job-rate">{formatBp(job.commissionBp)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={mt('jobs.minFollowers')}>
            {formatNumber(job.minFollowers, lang)}
          </Descriptions.Item>
          {job.note && <Descriptions.Item label={mt('jobs.note')}>{job.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {job.contract && (
        <Card title={mt('jobs.detail.contract')} data-testid="job-contract" size="small">
          <Flex gap={16} wrap align="center">
            <Tag color="blue">{mt('jobs.detail.contractParty')}</Tag>
            <Typography.Text strong>
              {job.quotes.find((q) => q.id === job.contract?.quoteId)?.creatorName ?? job.contract.creatorId}
            </Typography.Text>
            <span>
              {mt('jobs.detail.contractTerms', {
                fee: formatFen(job.contract.fixedFee, lang),
                rate: formatBp(job.contract.commissionBp),
                from: job.contract.startsOn,
                to: job.contract.endsOn,
              })}
            </span>
            <Muted>
              {mt('jobs.detail.signedAt')} {formatInstant(job.contract.signedAt)}
            </Muted>
          </Flex>
        </Card>
      )}
      {job.results && <ResultsCard job={job} results={job.results} />}
      <QuotesCard job={job} owner={owner} bidder={bidder} />
      {quoting && <QuoteModal job={job} role={role} onClose={() => setQuoting(false)} />}
    </>
  );
}

function QuotesCard({ job, owner, bidder }: { job: JobDetail; owner: boolean; bidder: boolean }) {
  const { mt } = useMT();
  const act = useMarketAction();
  const path = `/v1/proxy-jobs/${encodeURIComponent(job.id)}/quotes`;
  const columns: ColumnsType<Quote> = [
    {
      title: mt('jobs.detail.bidder'),
      key: 'bidder',
      render: (_: unknown, q) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{q.bidderName}</Typography.Text>
          <Muted small>{mt(`bidderType.${q.bidderType}`)}</Muted>
        </Flex>
      ),
    },
    {
      title: mt('jobs.detail.host'),
      key: 'host',
      width: 230,
      render: (_: unknown, q) => (
        <CreatorCell
          name={q.creatorName}
          id={q.creatorId}
          followers={q.creatorFollowers}
          score={q.creatorScore}
        />
      ),
    },
    {
      title: mt('jobs.fixedFee'),
      dataIndex: 'fixedFee',
      align: 'right',
      width: 130,
      render: (v: number) => <Money fen={v} strong testId="quote-fee-cell" />,
    },
    {
      title: mt('jobs.commission'),
      dataIndex: 'commissionBp',
      align: 'right',
      width: 110,
      render: (v: number) => <Rate bp={v} />,
    },
    { title: mt('jobs.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
    {
      title: mt('jobs.detail.quotedAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => <Muted>{formatInstant(v)}</Muted>,
    },
    {
      title: mt('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: Quote['status']) => <QuoteTag status={s} />,
    },
    {
      title: mt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 110,
      render: (_: unknown, q) =>
        q.status !== 'pending' || job.status !== 'open' ? null : owner ? (
          <Popconfirm
            title={mt('jobs.detail.acceptConfirm')}
            onConfirm={() =>
              act.mutate({
                path: `${path}/${encodeURIComponent(q.id)}/accept`,
                success: mt('jobs.detail.accepted'),
              })
            }
            okButtonProps={{ type: 'primary', 'data-testid': 'accept-confirm' } as never}
          >
            <Button size="small" type="primary" data-testid="quote-accept">
              {mt('jobs.detail.accept')}
            </Button>
          </Popconfirm>
        ) : bidder ? (
          <Button
            size="small"
            onClick={() =>
              act.mutate({
                path: `${path}/${encodeURIComponent(q.id)}/withdraw`,
                success: mt('jobs.detail.withdrawn'),
              })
            }
            data-testid="quote-withdraw"
          >
            {mt('jobs.detail.withdraw')}
          </Button>
        ) : null,
    },
  ];
  return (
    <Card title={mt('jobs.detail.quotes')} styles={{ body: { padding: 0 } }} size="small">
      <Table<Quote>
        rowKey="id"
        data-testid="quotes-table"
        dataSource={job.quotes}
        columns={columns}
        pagination={false}
        scroll={{ x: 1000 }}
        onRow={(q) => ({ 'data-quote': q.id, 'data-status': q.status }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: mt('jobs.detail.noQuotes') }}
      />
    </Card>
  );
}

function ResultsCard({ job, results }: { job: JobDetail; results: JobResults }) {
  const { mt, lang } = useMT();
  const lines = termLines(job, results);
  const money = new Set(['gmv', 'commission', 'fee', 'total']);
  const sessionColumns: ColumnsType<JobResultSession> = [
    {
      title: mt('jobs.session.startedAt'),
      key: 'startedAt',
      width: 170,
      render: (_: unknown, s) => (
        <Link to={`/live/sessions/${encodeURIComponent(s.id)}`}>
          {s.startedAt ? formatInstant(s.startedAt) : s.id}
        </Link>
      ),
    },
    { title: mt('jobs.session.title'), key: 'title', render: (_: unknown, s) => s.title ?? <Muted>—</Muted> },
    {
      title: mt('jobs.session.hours'),
      dataIndex: 'hours',
      align: 'right',
      width: 80,
      render: (v: number) => v.toFixed(1),
    },
    {
      title: mt('jobs.session.views'),
      dataIndex: 'views',
      align: 'right',
      width: 100,
      render: (v: number) => formatNumber(v, lang),
    },
    {
      title: mt('jobs.session.orders'),
      dataIndex: 'orders',
      align: 'right',
      width: 90,
      render: (v: number) => formatNumber(v, lang),
    },
    {
      title: mt('jobs.session.gmv'),
      dataIndex: 'gmv',
      align: 'right',
      width: 130,
      render: (v: number) => <Money fen={v} />,
    },
  ];
  return (
    <Card
      title={mt('jobs.detail.results')}
      size="small"
      data-testid="job-results"
      extra={
        <Tag
          color={results.onTrack ? 'green' : 'orange'}
          data-testid="job-on-track"
          data-on-track={results.onTrack}
        >
          {results.onTrack ? mt('jobs.detail.onTrack') : mt('jobs.detail.behind')}
        </Tag>
      }
    >
      <Row gutter={[16, 16]}>
        {lines.map((l) => (
          <Col xs={12} md={8} xl={4} key={l.key}>
            <Flex
              vertical
              gap={4}
              data-testid={`term-${l.key}`}
              data-actual={l.actual}
              data-agreed={l.agreed ?? ''}
            >
              <Statistic
                title={mt(`jobs.term.${l.key}`)}
                value={
                  money.has(l.key)
                    ? formatFen(l.actual, lang)
                    : l.agreed !== null
                      ? mt('jobs.detail.of', {
                          actual: l.key === 'hours' ? hoursText(l.actual) : l.actual,
                          agreed: l.key === 'hours' ? hoursText(l.agreed) : l.agreed,
                        })
                      : l.actual
                }
                valueStyle={{ fontSize: 20 }}
              />
              {l.share !== null && (
                <Progress
                  percent={Math.min(100, Math.round(l.share * 100))}
                  size="small"
                  status={l.share >= 1 ? 'success' : 'active'}
                />
              )}
            </Flex>
          </Col>
        ))}
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {mt('jobs.detail.linked')}
      </Typography.Title>
      {results.sessions.length ? (
        <Table<JobResultSession>
          rowKey="id"
          size="small"
          data-testid="job-sessions"
          dataSource={results.sessions}
          columns={sessionColumns}
          pagination={false}
          scroll={{ x: 700 }}
        />
      ) : (
        <Empty description={mt('jobs.detail.resultsEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}
