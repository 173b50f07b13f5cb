// 资金账户: ledger accounts with balances shown on their normal side, and each account's entries
// (newest first, posted / pending / voided) in a drawer. Parties and merchants see their own;
// operators pick an owner or page through every account.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Drawer, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import type { LedgerAccount, LedgerEntriesPage, LedgerEntry } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant } from '../../format';
import { useDT } from '../distribution/dist-i18n';
import { useLedgerAccounts } from '../distribution/dist-queries';
import { normalBalance } from '../distribution/logic';
import { Money } from '../distribution/ui';

const OWNER_TYPES = ['platform', 'merchant', 'creator', 'agency', 'promoter', 'consumer'] as const;
const PAGE = 100;
const ENTRY_COLORS = { posted: 'green', pending: 'blue', voided: 'default' } as const;

export default function AccountsPage() {
  const { dt, known } = useDT();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const [params, setParams] = useSearchParams();
  const ownerType = (OWNER_TYPES as readonly string[]).includes(params.get('type') ?? '')
    ? (params.get('type') as string)
    : 'platform';
  const typedOwner = params.get('owner') ?? undefined;
  const own = !operator && user.partyId ? `${user.role}:${user.partyId}` : undefined;
  const owner = operator
    ? typedOwner
      ? `${ownerType}:${typedOwner}`
      : ownerType === 'platform'
        ? 'platform:main'
        : undefined
    : own;
  // Operators without an owner page through every account by name.
  const [afters, setAfters] = useState<(string | undefined)[]>([undefined]);
  const query = useLedgerAccounts(owner ? { owner } : { after: afters[afters.length - 1], limit: PAGE });
  const [typed, setTyped] = useState(typedOwner ?? '');
  const [open, setOpen] = useState<LedgerAccount | null>(null);
  const accounts = query.data?.accounts ?? [];

  const columns: ColumnsType<LedgerAccount> = [
    {
      title: dt('ledger.account'),
      dataIndex: 'name',
      render: (v: string) => (
        <Typography.Text code data-testid="account-name">
          {v}
        </Typography.Text>
      ),
    },
    {
      title: dt('ledger.purpose'),
      dataIndex: 'purpose',
      width: 170,
      render: (v: string) => known('ledger.purposes', v),
    },
    {
      title: dt('ledger.normalSide'),
      dataIndex: 'normalSide',
      width: 100,
      render: (v: 'debit' | 'credit') => <Tag>{dt(`ledger.${v}`)}</Tag>,
    },
    {
      title: dt('ledger.posted'),
      key: 'posted',
      align: 'right',
      width: 150,
      render: (_: unknown, a) => <Money fen={normalBalance(a, a.posted)} strong testId="account-posted" />,
    },
    {
      title: dt('ledger.pending'),
      key: 'pending',
      align: 'right',
      width: 150,
      render: (_: unknown, a) => <Money fen={normalBalance(a, a.pending)} />,
    },
    {
      title: dt('common.actions'),
      key: 'actions',
      width: 90,
      render: (_: unknown, a) => (
        <Typography.Link onClick={() => setOpen(a)} data-testid="account-entries">
          {dt('ledger.entries')}
        </Typography.Link>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={dt('ledger.title')}
        extra={
          operator && (
            <>
              <Select
                value={ownerType}
                onChange={(v: string) => {
                  setTyped('');
                  setAfters([undefined]);
                  setParams(new URLSearchParams({ type: v }));
                }}
                options={[...OWNER_TYPES.map((x) => ({ value: x, label: dt(`partyType.${x}`) }))]}
                style={{ width: 120 }}
                data-testid="ledger-owner-type"
              />
              {ownerType !== 'platform' && (
                <Input.Search
                  allowClear
                  placeholder={`${dt('ledger.ownerId')} (${dt('ledger.allAccounts')})`}
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  onSearch={(v) => {
                    const next = new URLSearchParams({ type: ownerType });
                    if (v.trim()) next.set('owner', v.trim());
                    setAfters([undefined]);
                    setParams(next);
                  }}
                  style={{ width: 260 }}
                  data-testid="ledger-owner"
                />
              )}
            </>
          )
        }
      />
      <Typography.Text type="secondary">{dt('ledger.balanceHint')}</Typography.Text>
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<LedgerAccount>
            rowKey="name"
            data-testid="accounts-table"
            loading={query.isFetching}
            dataSource={accounts}
            columns={columns}
            scroll={{ x: 900 }}
            pagination={false}
            locale={{ emptyText: dt('ledger.empty') }}
          />
          {!owner && (
            <Flex justify="flex-end" gap={8} style={{ padding: 12 }}>
              <Button disabled={afters.length <= 1} onClick={() => setAfters((a) => a.slice(0, -1))}>
                ‹
              </Button>
              <Button
                disabled={accounts.length < PAGE}
                onClick={() => setAfters((a) => [...a, accounts[accounts.length - 1]?.name])}
              >
                ›
              </Button>
            </Flex>
          )}
        </Card>
      )}
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size={820}
        destroyOnHidden
        title={open ? dt('ledger.entriesTitle', { name: open.name }) : ''}
      >
        {open && <Entries account={open} />}
      </Drawer>
    </Flex>
  );
}

function Entries({ account }: { account: LedgerAccount }) {
  const { dt, known } = useDT();
  const query = useInfiniteQuery({
    queryKey: ['dist', 'ledger', 'entries', account.name],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api<LedgerEntriesPage>(`/v1/ledger/accounts/${encodeURIComponent(account.name)}/entries`, {
        query: { limit: 50, cursor: pageParam },
        signal,
      }),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];
  const columns: ColumnsType<LedgerEntry> = [
    { title: dt('ledger.at'), dataIndex: 'at', width: 140, render: (v: string) => formatInstant(v) },
    {
      title: dt('ledger.kind'),
      dataIndex: 'kind',
      width: 190,
      render: (v: string, e) => (
        <Flex vertical>
          <Typography.Text>{v}</Typography.Text>
          {e.memo && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.memo}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: dt('ledger.ref'),
      key: 'ref',
      render: (_: unknown, e) => (e.refId ? `${known('ledger.refType', e.refType ?? '')} ${e.refId}` : '—'),
    },
    {
      title: dt('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: LedgerEntry['status']) => (
        <Tag color={ENTRY_COLORS[s]}>{dt(`ledger.entryStatus.${s}`)}</Tag>
      ),
    },
    {
      title: dt('ledger.amount'),
      dataIndex: 'amount',
      align: 'right',
      width: 130,
      render: (v: number) => <Money fen={normalBalance(account, v)} />,
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Table<LedgerEntry>
        rowKey={(e) => `${e.txId}:${e.line}`}
        size="small"
        data-testid="entries-table"
        loading={query.isFetching && !query.isFetchingNextPage}
        dataSource={entries}
        columns={columns}
        pagination={false}
        locale={{ emptyText: dt('ledger.noEntries') }}
      />
      {query.hasNextPage && (
        <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
          {dt('common.loadMore')}
        </Button>
      )}
    </Flex>
  );
}
