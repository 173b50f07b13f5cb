// 流量计划 (operators): every growth program — kind, window, status and what its parameters say — with a
// kind filter; create and edit in a drawer; a row opens the program's delivery, participants, versions and
// (horse races) leaderboard.
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant } from '../../format';
import { ProgramFormDrawer } from './ProgramForm';
import { paramsSummary, programName, programPath } from './traffic-format';
import { useTT } from './traffic-i18n';
import { TRAFFIC_KEY, useCategoryName, usePrograms } from './traffic-queries';
import { PROGRAM_KINDS, type Program, type ProgramKind } from './traffic-types';
import { KindTag, StatusTag } from './ui';

export default function ProgramsPage() {
  const { tt, lang } = useTT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kind = (PROGRAM_KINDS as readonly string[]).includes(params.get('kind') ?? '')
    ? (params.get('kind') as ProgramKind)
    : undefined;
  const query = usePrograms(kind);
  const category = useCategoryName(lang);
  const items = query.data?.items ?? [];
  /** The drawer: null closed, 'new', or the id of the program being edited (read fresh from the list). */
  const [editing, setEditing] = useState<string | null>(null);
  const edited = editing && editing !== 'new' ? (items.find((p) => p.id === editing) ?? null) : null;

  const columns: ColumnsType<Program> = [
    {
      title: tt('programs.name'),
      key: 'name',
      width: 240,
      render: (_: unknown, p) => {
        const other = lang === 'zh' ? p.name : p.nameZh;
        return (
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Typography.Text
              strong
              ellipsis={{ tooltip: programName(p, lang) }}
              data-testid="program-name-cell"
            >
              {programName(p, lang)}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: p.id }}>
              {other && other !== programName(p, lang) ? `${other} · ` : ''}
              {p.id}
            </Typography.Text>
          </Flex>
        );
      },
    },
    {
      title: tt('common.kind'),
      dataIndex: 'kind',
      width: 180,
      render: (k: ProgramKind) => <KindTag kind={k} />,
    },
    {
      title: tt('programs.window'),
      key: 'window',
      width: 200,
      render: (_: unknown, p) => (
        <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {tt('common.window', { from: p.startsOn, to: p.endsOn ?? tt('common.noEnd') })}
        </span>
      ),
    },
    {
      title: tt('common.status'),
      key: 'status',
      width: 110,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} align="flex-start">
          <StatusTag status={p.status} />
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12, whiteSpace: 'nowrap' }}
            title={`${tt('programs.updatedAt')} ${formatInstant(p.updatedAt)}`}
          >
            v{p.version} · {formatInstant(p.updatedAt).slice(5, 10)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: tt('programs.params'),
      key: 'params',
      render: (_: unknown, p) => (
        <Typography.Text type="secondary" data-testid="program-params-cell">
          {paramsSummary(p.kind, p.params, tt, lang, category)}
        </Typography.Text>
      ),
    },
    {
      title: tt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 124,
      render: (_: unknown, p) => (
        // The row opens the program; the buttons must not open it as well.
        <Space size={0} onClick={(e) => e.stopPropagation()}>
          <Button
            type="link"
            size="small"
            onClick={() => navigate(programPath(p.id))}
            data-testid="action-open"
          >
            {tt('common.open')}
          </Button>
          <Button type="link" size="small" onClick={() => setEditing(p.id)} data-testid="action-edit">
            {tt('common.edit')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={tt('programs.title')}
        extra={
          <>
            <Select
              allowClear
              placeholder={tt('programs.allKinds')}
              value={kind}
              onChange={(v?: string) => {
                const next = new URLSearchParams(params);
                if (v) next.set('kind', v);
                else next.delete('kind');
                setParams(next, { replace: true });
              }}
              options={PROGRAM_KINDS.map((k) => ({ value: k, label: tt(`kind.${k}`) }))}
              style={{ width: 190 }}
              data-testid="filter-kind"
            />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="new-program"
            >
              {tt('programs.new')}
            </Button>
          </>
        }
      />
      <Typography.Text type="secondary" style={{ marginTop: -12 }}>
        {tt('programs.subtitle')}
      </Typography.Text>
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Program>
            rowKey="id"
            data-testid="programs-table"
            loading={query.isFetching}
            dataSource={items}
            columns={columns}
            scroll={{ x: 1120 }}
            locale={{ emptyText: tt('programs.empty') }}
            onRow={(p) => ({ onClick: () => navigate(programPath(p.id)), style: { cursor: 'pointer' } })}
            pagination={{
              pageSize: 20,
              hideOnSinglePage: true,
              showSizeChanger: false,
              showTotal: (count) => tt('common.total', { count }),
            }}
          />
        </Card>
      )}
      <ProgramFormDrawer
        open={editing === 'new' || edited !== null}
        program={edited}
        onClose={() => setEditing(null)}
        onReload={() => void queryClient.invalidateQueries({ queryKey: TRAFFIC_KEY })}
      />
    </Flex>
  );
}
