// 寄样: sample requests by status (tabs with counts). Merchants approve, reject with a reason and ship, and set
// their sample policy; creators confirm receipt, record the content they owe (a live session of their own or a
// video) and return samples; operators read everything. Each row opens its history as a timeline; a due date
// past is shown in red.
import { SettingOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Table, Tabs, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant } from '../../format';
import {
  actorOf,
  dueState,
  type SampleAction,
  sampleActions,
  sampleTabs,
  timeline,
  today,
} from './market-format';
import { useMT } from './market-i18n';
import { useSamples } from './market-queries';
import { SAMPLE_STATUSES, type Sample, type SampleStatus } from './market-types';
import { type ModalAction, SampleActionModal } from './SampleActionModal';
import { SamplePolicyDrawer } from './SamplePolicyDrawer';
import { CreatorCell, Muted, SampleTag, useSampleReason } from './ui';
import { useMarketAction } from './use-market-action';

const PAGE_SIZE = 20;

export default function SamplesPage() {
  const { mt } = useMT();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = (SAMPLE_STATUSES as readonly string[]).includes(raw ?? '')
    ? (raw as SampleStatus)
    : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = useSamples({ status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const [policyOpen, setPolicyOpen] = useState(false);
  const [modal, setModal] = useState<{ sample: Sample; action: ModalAction } | null>(null);
  const direct = useMarketAction();
  const set = (next: Record<string, string | undefined>) => {
    const copy = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...next })) {
      if (v) copy.set(k, v);
      else copy.delete(k);
    }
    setParams(copy);
  };
  const act = (s: Sample, a: SampleAction) => {
    if (a === 'approve' || a === 'receive')
      direct.mutate({
        path: `/v1/samples/${encodeURIComponent(s.id)}/${a}`,
        success: mt(a === 'approve' ? 'samples.approved' : 'samples.received'),
      });
    else setModal({ sample: s, action: a });
  };
  const role = user.role;
  const subtitle =
    role === 'merchant'
      ? mt('samples.subtitleMerchant')
      : role === 'creator'
        ? mt('samples.subtitleCreator')
        : mt('samples.subtitleOperator');

  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={
          <Space direction="vertical" size={0}>
            <span>{mt('samples.title')}</span>
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
              {subtitle}
            </Typography.Text>
          </Space>
        }
        extra={
          role === 'merchant' && user.partyId ? (
            <Button icon={<SettingOutlined />} onClick={() => setPolicyOpen(true)} data-testid="open-policy">
              {mt('samples.policy')}
            </Button>
          ) : undefined
        }
      />
      <Tabs
        activeKey={status ?? 'all'}
        onChange={(k) => set({ status: k === 'all' ? undefined : k })}
        items={sampleTabs(query.data?.counts ?? {}).map((t) => ({
          key: t.key,
          label: (
            <span data-testid={`tab-${t.key}`} data-count={t.count}>
              {t.key === 'all' ? mt('samples.all') : mt(`status.${t.key}`)} {t.count}
            </span>
          ),
        }))}
      />
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <SampleTable
            role={role}
            items={query.data?.items ?? []}
            loading={query.isFetching}
            total={query.data?.total ?? 0}
            page={page}
            onPage={(p) => set({ page: p > 1 ? String(p) : undefined })}
            onAction={act}
            busy={direct.isPending}
          />
        </Card>
      )}
      {modal && (
        <SampleActionModal sample={modal.sample} action={modal.action} onClose={() => setModal(null)} />
      )}
      {role === 'merchant' && user.partyId && (
        <SamplePolicyDrawer
          merchantId={user.partyId}
          open={policyOpen}
          onClose={() => setPolicyOpen(false)}
        />
      )}
    </Flex>
  );
}

function SampleTable({
  role,
  items,
  loading,
  total,
  page,
  onPage,
  onAction,
  busy,
}: {
  role: string;
  items: Sample[];
  loading: boolean;
  total: number;
  page: number;
  onPage: (p: number) => void;
  onAction: (s: Sample, a: SampleAction) => void;
  busy: boolean;
}) {
  const { mt } = useMT();
  const day = today();
  const columns: ColumnsType<Sample> = [
    {
      title: mt('samples.product'),
      key: 'product',
      width: 260,
      render: (_: unknown, s) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis={{ tooltip: s.productTitle }}>
            {s.productTitle}
          </Typography.Text>
          <Muted small>{s.storeName}</Muted>
        </Flex>
      ),
    },
    ...(role === 'creator'
      ? []
      : [
          {
            title: mt('samples.creator'),
            key: 'creator',
            width: 200,
            render: (_: unknown, s: Sample) => (
              <CreatorCell
                name={s.creatorName}
                id={s.creatorId}
                followers={s.creatorFollowers}
                score={s.creatorScore}
              />
            ),
          },
        ]),
    {
      title: mt('samples.status'),
      key: 'status',
      width: 240,
      render: (_: unknown, s) => <StatusCell s={s} />,
    },
    {
      title: mt('samples.due'),
      key: 'due',
      width: 130,
      render: (_: unknown, s) => <DueCell s={s} day={day} />,
    },
    {
      title: mt('samples.requestedAt'),
      dataIndex: 'requestedAt',
      width: 150,
      render: (v: string) => <Muted>{formatInstant(v)}</Muted>,
    },
    ...(role === 'merchant' || role === 'creator'
      ? [
          {
            title: mt('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            width: 170,
            render: (_: unknown, s: Sample) => (
              <Space size={4} wrap>
                {sampleActions(role, s.status, s.requireReturn).map((a) => (
                  <Button
                    key={a}
                    size="small"
                    type={
                      a === 'approve' || a === 'ship' || a === 'receive' || a === 'fulfil'
                        ? 'primary'
                        : 'default'
                    }
                    danger={a === 'reject'}
                    disabled={busy}
                    onClick={() => onAction(s, a)}
                    data-testid={`sample-${a}`}
                  >
                    {mt(`samples.${a}`)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <Table<Sample>
      rowKey="id"
      data-testid="samples-table"
      loading={loading}
      dataSource={items}
      columns={columns}
      scroll={{ x: role === 'creator' ? 1000 : 1200 }}
      locale={{ emptyText: mt('samples.empty') }}
      expandable={{
        expandedRowRender: (s) => <SampleHistory s={s} />,
        rowExpandable: (s) => s.history.length > 0,
      }}
      onRow={(s) => ({ 'data-sample': s.id, 'data-status': s.status }) as React.HTMLAttributes<HTMLElement>}
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

/** The status, with the refusal's reason (by its code), the parcel or the content under it. */
function StatusCell({ s }: { s: Sample }) {
  const { mt } = useMT();
  const reason = useSampleReason()(s);
  return (
    <Flex vertical gap={2} align="flex-start">
      <SampleTag status={s.status} />
      {s.status === 'rejected' && reason && (
        <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="sample-reason-text">
          {reason}
        </Typography.Text>
      )}
      {s.carrier && s.trackingNo && (
        <Muted small>{mt('samples.tracking', { carrier: s.carrier, trackingNo: s.trackingNo })}</Muted>
      )}
      {s.returnCarrier && s.returnTrackingNo && (
        <Muted small>
          {mt('samples.returnedVia', { carrier: s.returnCarrier, trackingNo: s.returnTrackingNo })}
        </Muted>
      )}
      {s.content && (
        <Muted small>
          {mt('samples.contentOf', {
            what: '',
          })}
          {s.content.type === 'live' && s.content.sessionId ? (
            <Link to={`/live/sessions/${encodeURIComponent(s.content.sessionId)}`}>
              {mt('samples.liveContent')}
            </Link>
          ) : s.content.url ? (
            <a href={s.content.url} target="_blank" rel="noreferrer">
              {mt('samples.videoContent')}
            </a>
          ) : null}
        </Muted>
      )}
    </Flex>
  );
}

function DueCell({ s, day }: { s: Sample; day: string }) {
  const { mt } = useMT();
  const d = dueState(s, day);
  if (d.state === 'none') return <Muted>{s.contentDueOn ?? mt('common.none')}</Muted>;
  const note =
    d.state === 'done'
      ? mt(d.late ? 'samples.doneLate' : 'samples.doneOnTime')
      : d.state === 'overdue'
        ? mt('samples.overdueBy', { count: d.daysLate })
        : d.daysLeft === 0
          ? mt('samples.dueToday')
          : mt('samples.dueIn', { count: d.daysLeft });
  const danger = d.state === 'overdue' || (d.state === 'done' && d.late);
  return (
    <Flex vertical gap={0} data-testid="sample-due" data-state={d.state}>
      <Typography.Text type={danger ? 'danger' : undefined} strong={d.state === 'overdue'}>
        {s.contentDueOn}
      </Typography.Text>
      <Typography.Text type={danger ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
        {note}
      </Typography.Text>
    </Flex>
  );
}

function SampleHistory({ s }: { s: Sample }) {
  const { mt, known } = useMT();
  const reason = useSampleReason()(s);
  const actorText = (by: string | null) => {
    const a = actorOf(by);
    const who = known('actor', a.kind);
    return a.id ? `${who} ${a.id}` : who;
  };
  return (
    <Flex vertical gap={8} style={{ padding: '8px 16px' }} data-testid="sample-history">
      <Typography.Text strong>{mt('samples.history')}</Typography.Text>
      <Timeline
        items={timeline(s.history).map((h) => ({
          color:
            h.status === 'rejected' || h.status === 'overdue'
              ? 'red'
              : h.status === 'fulfilled'
                ? 'green'
                : 'blue',
          content: (
            <Flex gap={8} align="center" wrap>
              <SampleTag status={h.status} />
              <span>{formatInstant(h.at)}</span>
              <Muted small>{actorText(h.by)}</Muted>
              {h.status === 'rejected' && reason && <Typography.Text type="danger">{reason}</Typography.Text>}
            </Flex>
          ),
        }))}
      />
    </Flex>
  );
}
