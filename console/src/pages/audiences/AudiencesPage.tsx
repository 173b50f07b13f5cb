// 人群 (merchants): saved audiences with their size, refresh schedule and when they were last counted.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant, formatNumber } from '../../format';
import { useAT } from './aud-i18n';
import { useAudiences } from './aud-queries';
import type { Audience } from './aud-types';
import { Num } from './ui';

const PAGE = 20;

export default function AudiencesPage() {
  const { at, lang } = useAT();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [offset, setOffset] = useState(0);
  const query = useAudiences({ merchantId: user.partyId ?? undefined, limit: PAGE, offset });
  const path = (a: Audience) => `/audiences/${encodeURIComponent(a.id)}`;

  const columns: ColumnsType<Audience> = [
    {
      title: at('list.name'),
      dataIndex: 'name',
      ellipsis: true,
      render: (_, a) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Link to={path(a)} data-testid="aud-link">
            {a.name}
          </Link>
          {a.description ? (
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
              {a.description}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: at('list.size'),
      dataIndex: 'size',
      align: 'right',
      width: 140,
      render: (n: number) => <Num testId="aud-size">{formatNumber(n, lang)}</Num>,
    },
    {
      title: at('list.refresh'),
      dataIndex: 'refresh',
      width: 110,
      render: (r: Audience['refresh']) => (
        <Tag color={r === 'daily' ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
          {at(`refresh.${r}`)}
        </Tag>
      ),
    },
    {
      title: at('list.snapshot'),
      dataIndex: 'snapshotAt',
      width: 160,
      render: (v: string | null) => <Num>{v ? formatInstant(v) : at('common.none')}</Num>,
    },
    {
      title: at('list.updated'),
      dataIndex: 'updatedAt',
      width: 160,
      render: (v: string) => <Num>{formatInstant(v)}</Num>,
    },
    {
      title: at('list.actions'),
      key: 'actions',
      width: 150,
      render: (_, a) => (
        <Flex gap={12}>
          <Link to={path(a)}>{at('list.open')}</Link>
          <Link to={`${path(a)}/edit`}>{at('list.edit')}</Link>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={at('list.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/audiences/new')}
            data-testid="aud-create"
          >
            {at('list.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {at('list.subtitle')}
      </Typography.Paragraph>
      {query.error && !query.data ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Audience>
          rowKey="id"
          size="middle"
          loading={query.isLoading}
          columns={columns}
          dataSource={query.data?.items}
          data-testid="aud-table"
          tableLayout="fixed"
          locale={{ emptyText: at('list.empty') }}
          onRow={(a) => ({ 'data-testid': `aud-row-${a.id}` }) as never}
          pagination={{
            current: offset / PAGE + 1,
            pageSize: PAGE,
            total: query.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => at('list.total', { count: n }),
            onChange: (page) => setOffset((page - 1) * PAGE),
          }}
        />
      )}
    </>
  );
}
