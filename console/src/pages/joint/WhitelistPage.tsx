// 广告众筹白名单 (operators): the gray release of ad crowdfunding — only listed merchants may start or join an ad.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Popconfirm, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant } from '../../format';
import { useMerchantOptions } from '../live/live-queries';
import { useJT } from './joint-i18n';
import { useWhitelist } from './joint-queries';
import type { WhitelistEntry } from './joint-types';
import { Num, useJointAction } from './ui';

const enc = encodeURIComponent;

export default function WhitelistPage() {
  const { jt } = useJT();
  const list = useWhitelist(true);
  const [q, setQ] = useState('');
  const merchants = useMerchantOptions(true, q);
  const [merchantId, setMerchantId] = useState<string>();
  const [note, setNote] = useState('');
  const add = useJointAction(() => {
    setMerchantId(undefined);
    setNote('');
  });
  const remove = useJointAction();
  const listed = new Set((list.data?.items ?? []).map((e) => e.merchantId));
  const nameOf = (e: WhitelistEntry) =>
    e.merchantName ?? merchants.data?.items.find((m) => m.id === e.merchantId)?.name ?? e.merchantId;

  const columns: ColumnsType<WhitelistEntry> = [
    {
      title: jt('whitelist.merchant'),
      key: 'merchant',
      ellipsis: true,
      render: (_, e) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <span>{nameOf(e)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.merchantId}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: jt('whitelist.note'), key: 'note', ellipsis: true, render: (_, e) => e.note ?? '' },
    {
      title: jt('whitelist.added'),
      key: 'added',
      width: 170,
      render: (_, e) => {
        const at = e.addedAt ?? e.createdAt;
        return <Num>{at ? formatInstant(at) : '—'}</Num>;
      },
    },
    {
      title: jt('list.actions'),
      key: 'actions',
      width: 110,
      render: (_, e) => (
        <Popconfirm
          title={jt('whitelist.removeConfirm', { name: nameOf(e) })}
          onConfirm={() =>
            remove.mutate({
              path: `/v1/joint/whitelist/${enc(e.merchantId)}`,
              method: 'DELETE',
              success: () => jt('whitelist.removed', { name: nameOf(e) }),
            })
          }
          okButtonProps={{ danger: true, 'data-testid': 'whitelist-remove-ok' } as never}
        >
          <Button size="small" danger icon={<DeleteOutlined />} data-testid="whitelist-remove">
            {jt('whitelist.remove')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={jt('whitelist.title')} />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {jt('whitelist.subtitle')}
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }} title={jt('whitelist.add')}>
        <Flex gap={12} wrap>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            style={{ minWidth: 280 }}
            placeholder={jt('whitelist.pick')}
            value={merchantId}
            onChange={setMerchantId}
            loading={merchants.isFetching}
            data-testid="whitelist-merchant"
            options={(merchants.data?.items ?? []).map((m) => ({
              value: m.id,
              label: `${m.name} (${m.id})`,
              disabled: listed.has(m.id),
            }))}
          />
          <Input
            style={{ maxWidth: 320 }}
            placeholder={jt('whitelist.notePlaceholder')}
            value={note}
            maxLength={200}
            onChange={(e) => setNote(e.target.value)}
            data-testid="whitelist-note"
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!merchantId}
            loading={add.isPending}
            data-testid="whitelist-add"
            onClick={() =>
              merchantId &&
              add.mutate({
                path: `/v1/joint/whitelist/${enc(merchantId)}`,
                method: 'PUT',
                body: note.trim() ? { note: note.trim() } : {},
                success: () => jt('whitelist.addedToast'),
              })
            }
          >
            {jt('whitelist.addButton')}
          </Button>
        </Flex>
      </Card>
      {list.error && !list.data ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<WhitelistEntry>
          rowKey="merchantId"
          size="middle"
          loading={list.isLoading}
          columns={columns}
          dataSource={list.data?.items}
          pagination={false}
          tableLayout="fixed"
          data-testid="whitelist-table"
          onRow={(e) => ({ 'data-testid': `wl-row-${e.merchantId}` }) as never}
          locale={{ emptyText: jt('whitelist.empty') }}
        />
      )}
    </>
  );
}
