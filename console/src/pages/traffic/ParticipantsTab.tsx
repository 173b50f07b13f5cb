// A program's participants (stores, or creators for Chuanliu): status, what they were allotted, what the
// kind records about them (first live day, race rank, score), their target and delivery so far and the line
// of a chosen day.
import { Card, Flex, Progress, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useSearchParams } from 'react-router-dom';
import { QueryError } from '../../components/QueryError';
import { businessToday, participantDetail, percent, shareOf } from './traffic-format';
import { useTT } from './traffic-i18n';
import { useParticipants } from './traffic-queries';
import type { Participant, Program } from './traffic-types';
import { DayInput, Exp, Muted, ParticipantTag } from './ui';

export function ParticipantsTab({ program }: { program: Program }) {
  const { tt, lang } = useTT();
  const [params, setParams] = useSearchParams();
  const today = businessToday();
  const day = params.get('day') ?? today;
  const query = useParticipants(program.id, day);
  const protection = program.kind === 'protection';

  const columns: ColumnsType<Participant> = [
    {
      title: tt('participants.entity'),
      key: 'entity',
      render: (_: unknown, p) => (
        <Flex vertical gap={0} style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis={{ tooltip: p.name ?? p.entityId }}>
            {p.name ?? p.entityId}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {tt(`entityKind.${p.entityKind}`)} {p.entityId}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: tt('common.merchant'),
      dataIndex: 'merchantId',
      width: 100,
      render: (v: string | null) => v ?? <Muted>—</Muted>,
    },
    {
      title: tt('common.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: Participant['status']) => <ParticipantTag status={s} />,
    },
    ...(program.kind === 'chuanliu'
      ? []
      : [
          {
            title: tt(`participants.allocation.${program.kind}`),
            dataIndex: 'allocation',
            align: 'right' as const,
            width: 140,
            render: (v: number) => <Exp n={v} />,
          },
        ]),
    {
      title: tt('participants.detail'),
      key: 'detail',
      width: 330,
      render: (_: unknown, p) => <Muted>{participantDetail(program, p, tt, lang) || '—'}</Muted>,
    },
    {
      title: tt('participants.totals'),
      key: 'totals',
      width: 210,
      render: (_: unknown, p) => {
        const got = p.delivered + (protection ? p.organic : 0);
        return (
          <Flex vertical gap={0}>
            <span style={{ whiteSpace: 'nowrap' }}>
              <Exp n={got} strong /> / <Exp n={p.target} />
            </span>
            <Progress
              percent={Math.round(shareOf(got, p.target) * 100)}
              size="small"
              showInfo={false}
              status={p.target > 0 && got >= 0.98 * p.target ? 'success' : 'normal'}
            />
          </Flex>
        );
      },
    },
    {
      title: tt('participants.dayLine'),
      key: 'today',
      width: 160,
      align: 'right',
      render: (_: unknown, p) =>
        p.today ? (
          <span style={{ whiteSpace: 'nowrap' }} title={percent(shareOf(p.today.delivered, p.today.target))}>
            <Exp n={p.today.delivered + (protection ? p.today.organic : 0)} /> / <Exp n={p.today.target} />
          </span>
        ) : (
          <Muted>{tt('participants.noLine')}</Muted>
        ),
    },
  ];

  return (
    <Card
      title={tt('participants.title')}
      styles={{ body: { padding: 0 } }}
      extra={
        <Flex gap={8} align="center">
          <Typography.Text type="secondary">{tt('participants.day')}</Typography.Text>
          <DayInput
            allowClear={false}
            value={day}
            onChange={(d) => {
              const next = new URLSearchParams(params);
              if (d && d !== today) next.set('day', d);
              else next.delete('day');
              setParams(next, { replace: true });
            }}
            style={{ width: 140 }}
            data-testid="participants-day"
          />
        </Flex>
      }
    >
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Participant>
          rowKey={(p) => `${p.entityKind}:${p.entityId}`}
          size="small"
          data-testid="participants-table"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          columns={columns}
          scroll={{ x: 1180 }}
          locale={{ emptyText: tt('participants.empty') }}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (count) => tt('common.total', { count }),
          }}
        />
      )}
    </Card>
  );
}
