// 佣金结算 (operators): run a month's settlement and read its result; the settlement runs so far;
// every party's statement of a month (names beside ids, totals, paging); look up any party's or
// merchant's statements, download them and pay settled ones out.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Input,
  Popconfirm,
  Select,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import type { CommissionStatement, SettlementResult, SettlementRun } from '../../api-types';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatFen, formatInstant, formatNumber } from '../../format';
import { useDT } from '../distribution/dist-i18n';
import { DIST_KEYS, useMonthStatements, useSettlementRuns } from '../distribution/dist-queries';
import { CsvButton, Money, Named } from '../distribution/ui';
import { StatementsTable } from './StatementsTable';

const TYPES = ['creator', 'agency', 'promoter', 'merchant'] as const;

export default function SettlementPage() {
  const { dt, lang } = useDT();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, 'month'));
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (m: string) =>
      api<SettlementResult>('/v1/commissions/settlements', { method: 'POST', body: { month: m } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: DIST_KEYS.statements }),
  });
  const [params, setParams] = useSearchParams();
  const partyType = (TYPES as readonly string[]).includes(params.get('type') ?? '')
    ? (params.get('type') as string)
    : 'creator';
  const partyId = params.get('party') ?? undefined;
  const [typed, setTyped] = useState(partyId ?? '');
  const r = run.data;
  return (
    <Flex vertical gap={16}>
      <PageHeader title={dt('settlement.title')} />
      <Card title={dt('settlement.runTitle')}>
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{dt('settlement.runHint')}</Typography.Text>
          <Flex gap={12} align="center" wrap>
            <DatePicker
              picker="month"
              allowClear={false}
              value={month}
              onChange={(d) => d && setMonth(d)}
              data-testid="settle-month"
            />
            <Popconfirm
              title={dt('settlement.runConfirm', { month: month.format('YYYY-MM') })}
              onConfirm={() => run.mutate(month.format('YYYY-MM'))}
            >
              <Button type="primary" loading={run.isPending} data-testid="settle-run">
                {dt('settlement.run')}
              </Button>
            </Popconfirm>
          </Flex>
          {r && (
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, md: 2 }}
              title={dt('settlement.result', { month: r.month })}
              data-testid="settle-result"
            >
              <Descriptions.Item label={dt('settlement.cutoff')}>{formatInstant(r.cutoff)}</Descriptions.Item>
              <Descriptions.Item label={dt('settlement.statements')}>
                {formatNumber(r.statements, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={dt('settlement.settledNow')}>
                {formatNumber(r.settledNow, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={dt('settlement.lines')}>
                {formatNumber(r.lines, lang)}
              </Descriptions.Item>
            </Descriptions>
          )}
        </Flex>
      </Card>
      <RunsCard onPick={(m) => setMonth(dayjs(`${m}-01`))} />
      <MonthStatementsCard month={month.format('YYYY-MM')} />
      <Card title={dt('settlement.lookupTitle')}>
        <Flex vertical gap={12}>
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{dt('statements.lookup')}</Typography.Text>
            <Select
              value={partyType}
              onChange={(v: string) => {
                const next = new URLSearchParams(params);
                next.set('type', v);
                setParams(next);
              }}
              options={TYPES.map((x) => ({ value: x, label: dt(`partyType.${x}`) }))}
              style={{ width: 120 }}
            />
            <Input.Search
              placeholder={dt('statements.partyId')}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onSearch={(v) => {
                const next = new URLSearchParams(params);
                next.set('type', partyType);
                if (v.trim()) next.set('party', v.trim());
                else next.delete('party');
                setParams(next);
              }}
              style={{ width: 220 }}
              data-testid="statements-party"
            />
          </Flex>
          {partyId && <StatementsTable partyType={partyType} partyId={partyId} canPay />}
        </Flex>
      </Card>
    </Flex>
  );
}

const RUN_COLORS = { posting: 'processing', finished: 'success' } as const;

/** The settlement runs, latest month first; a month links to its statements below. */
function RunsCard({ onPick }: { onPick: (month: string) => void }) {
  const { dt, lang } = useDT();
  const runs = useSettlementRuns();
  if (runs.error) return <QueryError error={runs.error} onRetry={() => void runs.refetch()} />;
  return (
    <Card title={dt('settlement.runsTitle')} styles={{ body: { padding: 0 } }}>
      <Table<SettlementRun>
        rowKey="month"
        size="small"
        data-testid="settlement-runs"
        loading={runs.isFetching}
        dataSource={runs.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: dt('settlement.runsEmpty') }}
        columns={[
          {
            title: dt('settlement.month'),
            dataIndex: 'month',
            width: 100,
            render: (m: string) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onPick(m)}>
                {m}
              </Button>
            ),
          },
          {
            title: dt('common.status'),
            dataIndex: 'status',
            width: 100,
            render: (v: SettlementRun['status']) => (
              <Tag color={RUN_COLORS[v]} data-status={v}>
                {dt(`settlement.runStatus.${v}`)}
              </Tag>
            ),
          },
          {
            title: dt('settlement.cutoff'),
            dataIndex: 'cutoff',
            width: 150,
            render: (v: string) => formatInstant(v),
          },
          {
            title: dt('settlement.stampedAt'),
            dataIndex: 'stampedAt',
            width: 150,
            render: (v: string) => formatInstant(v),
          },
          {
            title: dt('settlement.finishedAt'),
            dataIndex: 'finishedAt',
            width: 150,
            render: (v: string | null) => (v ? formatInstant(v) : '—'),
          },
          {
            title: dt('settlement.statements'),
            dataIndex: 'statements',
            align: 'right',
            width: 100,
            render: (v: number) => formatNumber(v, lang),
          },
          {
            title: dt('settlement.openStatements'),
            dataIndex: 'openStatements',
            align: 'right',
            width: 80,
            render: (v: number) => formatNumber(v, lang),
          },
          {
            title: dt('settlement.lines'),
            dataIndex: 'lines',
            align: 'right',
            width: 110,
            render: (v: number | null) => (v === null ? '—' : formatNumber(v, lang)),
          },
          {
            title: dt('settlement.partyAmount'),
            dataIndex: 'partyAmount',
            align: 'right',
            width: 130,
            render: (v: number) => <Money fen={v} />,
          },
        ]}
      />
    </Card>
  );
}

const PARTY_TYPES = ['merchant', 'creator', 'agency', 'promoter'] as const;
const STATUSES = ['open', 'settled', 'paid'] as const;
const STATUS_COLORS = { open: 'blue', settled: 'green', paid: 'success' } as const;
const PAGE = 20;

/** Every party's statement of one month with names, the month's totals and paging. */
function MonthStatementsCard({ month }: { month: string }) {
  const { dt, lang } = useDT();
  const [partyType, setPartyType] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [page, setPage] = useState(1);
  const query = useMonthStatements({ month, partyType, status, limit: PAGE, offset: (page - 1) * PAGE });
  const t = query.data?.totals;
  return (
    <Card
      title={`${dt('settlement.monthTitle')} · ${month}`}
      extra={
        <Flex gap={8}>
          <Select
            allowClear
            placeholder={dt('settlement.allParties')}
            value={partyType}
            onChange={(v?: string) => {
              setPartyType(v);
              setPage(1);
            }}
            options={PARTY_TYPES.map((x) => ({ value: x, label: dt(`partyType.${x}`) }))}
            style={{ width: 130 }}
          />
          <Select
            allowClear
            placeholder={dt('settlement.allStatuses')}
            value={status}
            onChange={(v?: string) => {
              setStatus(v);
              setPage(1);
            }}
            options={STATUSES.map((x) => ({ value: x, label: dt(`statementStatus.${x}`) }))}
            style={{ width: 130 }}
          />
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        {t && (
          <Flex gap={32} wrap data-testid="month-totals">
            <Statistic title={dt('settlement.totalStatements')} value={formatNumber(t.statements, lang)} />
            <Statistic title={dt('settlement.totalLines')} value={formatNumber(t.lines, lang)} />
            <Statistic title={dt('settlement.totalAmount')} value={formatFen(t.amount, lang)} />
            <Statistic title={dt('settlement.totalAdjustments')} value={formatFen(t.adjustments, lang)} />
          </Flex>
        )}
        {query.error ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Table<CommissionStatement>
            rowKey="id"
            size="small"
            data-testid="month-statements"
            loading={query.isFetching}
            dataSource={query.data?.items ?? []}
            scroll={{ x: 900 }}
            locale={{ emptyText: dt('statements.empty') }}
            pagination={{
              current: page,
              pageSize: PAGE,
              total: query.data?.total ?? 0,
              showSizeChanger: false,
              onChange: setPage,
            }}
            columns={[
              {
                title: dt('statements.party'),
                key: 'party',
                width: 220,
                render: (_: unknown, s) => (
                  <Flex gap={4} align="start">
                    <Tag>{dt(`partyType.${s.partyType as (typeof PARTY_TYPES)[number]}`)}</Tag>
                    <Named name={s.partyName} id={s.partyId} testId="statement-party" />
                  </Flex>
                ),
              },
              {
                title: dt('common.status'),
                dataIndex: 'status',
                width: 100,
                render: (v: CommissionStatement['status']) => (
                  <Tag color={STATUS_COLORS[v]}>{dt(`statementStatus.${v}`)}</Tag>
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
                width: 120,
                render: (v: number) => <Money fen={v} />,
              },
              {
                title: dt('statements.amount'),
                dataIndex: 'amount',
                align: 'right',
                width: 130,
                render: (v: number) => <Money fen={v} strong />,
              },
              {
                title: dt('statements.settledAt'),
                dataIndex: 'settledAt',
                width: 150,
                render: (v: string | null) => (v ? formatInstant(v) : '—'),
              },
              {
                title: dt('common.actions'),
                key: 'csv',
                width: 100,
                render: (_: unknown, s) => (
                  <CsvButton
                    path={`/v1/commissions/statements/${encodeURIComponent(s.id)}/export.csv`}
                    fileName={`statement-${s.month}-${s.partyType}-${s.partyId}.csv`}
                  />
                ),
              },
            ]}
          />
        )}
      </Flex>
    </Card>
  );
}
