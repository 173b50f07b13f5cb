// Monthly statements of one party or merchant: amount, lines, adjustments, status, CSV download;
// operators also pay settled statements out.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../../api';
import type { CommissionStatement } from '../../api-types';
import { QueryError } from '../../components/QueryError';
import { formatInstant, formatNumber } from '../../format';
import { useDT } from '../distribution/dist-i18n';
import { DIST_KEYS, useStatements } from '../distribution/dist-queries';
import { CsvButton, Money } from '../distribution/ui';

const STATUS_COLORS = { open: 'blue', settled: 'green', paid: 'success' } as const;

export function StatementsTable({
  partyType,
  partyId,
  canPay,
}: {
  partyType?: string;
  partyId?: string;
  canPay: boolean;
}) {
  const { dt, lang } = useDT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useStatements({ partyType, partyId });
  const pay = useMutation({
    mutationFn: (id: string) =>
      api(`/v1/commissions/statements/${encodeURIComponent(id)}/payout`, { method: 'POST' }),
    onSuccess: async () => {
      void message.success(dt('statements.paidOut'));
      await queryClient.invalidateQueries({ queryKey: DIST_KEYS.statements });
    },
  });
  const columns: ColumnsType<CommissionStatement> = [
    {
      title: dt('statements.month'),
      dataIndex: 'month',
      width: 100,
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    {
      title: dt('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: CommissionStatement['status']) => (
        <Tag color={STATUS_COLORS[s]} data-status={s}>
          {dt(`statementStatus.${s}`)}
        </Tag>
      ),
    },
    {
      title: dt('statements.lines'),
      dataIndex: 'lines',
      align: 'right',
      width: 90,
      render: (v: number) => formatNumber(v, lang),
    },
    {
      title: dt('statements.adjustments'),
      dataIndex: 'adjustments',
      align: 'right',
      width: 130,
      render: (v: number) => <Money fen={v} />,
    },
    {
      title: dt('statements.amount'),
      dataIndex: 'amount',
      align: 'right',
      width: 140,
      render: (v: number) => <Money fen={v} strong testId="statement-amount" />,
    },
    {
      title: dt('statements.settledAt'),
      dataIndex: 'settledAt',
      width: 150,
      render: (v: string | null) => (v ? formatInstant(v) : '—'),
    },
    {
      title: dt('statements.paidAt'),
      dataIndex: 'paidAt',
      width: 150,
      render: (v: string | null) => (v ? formatInstant(v) : '—'),
    },
    {
      title: dt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: canPay ? 190 : 120,
      render: (_: unknown, s) => (
        <Space size={4}>
          <CsvButton
            path={`/v1/commissions/statements/${encodeURIComponent(s.id)}/export.csv`}
            fileName={`statement-${s.month}-${s.partyType}-${s.partyId}.csv`}
            testId="statement-csv"
          />
          {canPay && s.status === 'settled' && s.amount >= 0 && (
            <Popconfirm title={dt('statements.payoutConfirm')} onConfirm={() => pay.mutate(s.id)}>
              <Button size="small" type="primary" loading={pay.isPending && pay.variables === s.id}>
                {dt('statements.payout')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Card styles={{ body: { padding: 0 } }}>
      <Table<CommissionStatement>
        rowKey="id"
        data-testid="statements-table"
        loading={query.isFetching}
        dataSource={query.data?.items ?? []}
        columns={columns}
        scroll={{ x: 1000 }}
        pagination={false}
        locale={{ emptyText: dt('statements.empty') }}
      />
    </Card>
  );
}
