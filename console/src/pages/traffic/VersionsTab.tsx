// A program's saved versions, newest first: what each changed from the one before, its window, status and
// parameters, who saved it, when and why.
import { Card, Flex, Table, Tag, Typography } from 'antd';
import { QueryError } from '../../components/QueryError';
import { formatInstant } from '../../format';
import { paramsSummary, versionChanges } from './traffic-format';
import { type TrafficKey, useTT } from './traffic-i18n';
import { useCategoryName, useProgramVersions } from './traffic-queries';
import type { Program, ProgramVersion } from './traffic-types';
import { Muted, StatusTag } from './ui';

export function VersionsTab({ program }: { program: Program }) {
  const { tt, lang } = useTT();
  const query = useProgramVersions(program.id);
  const category = useCategoryName(lang);
  const items = query.data?.items ?? [];
  /** A changed field by name: the window and status by their labels, parameters by the form's. */
  const fieldLabel = (f: string) =>
    f.startsWith('params.')
      ? tt(`form.${program.kind}.${f.slice(7)}` as TrafficKey)
      : tt(`versions.field.${f}` as TrafficKey);
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Card title={tt('versions.title')} styles={{ body: { padding: 0 } }}>
      <Table<ProgramVersion>
        rowKey="version"
        size="small"
        data-testid="versions-table"
        loading={query.isFetching}
        dataSource={items}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: tt('versions.version'),
            dataIndex: 'version',
            width: 120,
            render: (v: number) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                v{v}{' '}
                {v === program.version && (
                  <Tag color="green" style={{ marginInlineEnd: 0 }}>
                    {tt('versions.current')}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: tt('versions.changes'),
            key: 'changes',
            width: 200,
            render: (_: unknown, v, i) => {
              const prev = items[i + 1];
              if (!prev) return <Tag style={{ marginInlineEnd: 0 }}>{tt('versions.created')}</Tag>;
              const changed = versionChanges(v, prev);
              return changed.length ? (
                <Flex gap={4} wrap>
                  {changed.map((f) => (
                    <Tag key={f} color="blue" style={{ marginInlineEnd: 0 }}>
                      {fieldLabel(f)}
                    </Tag>
                  ))}
                </Flex>
              ) : (
                <Muted>—</Muted>
              );
            },
          },
          {
            title: tt('programs.window'),
            key: 'window',
            width: 190,
            render: (_: unknown, v) => (
              <Flex vertical gap={2}>
                <span style={{ whiteSpace: 'nowrap' }}>
                  {tt('common.window', { from: v.startsOn, to: v.endsOn ?? tt('common.noEnd') })}
                </span>
                <span>
                  <StatusTag status={v.status} />
                </span>
              </Flex>
            ),
          },
          {
            title: tt('programs.params'),
            key: 'params',
            render: (_: unknown, v) => (
              <Muted>{paramsSummary(program.kind, v.params, tt, lang, category)}</Muted>
            ),
          },
          {
            title: tt('versions.note'),
            dataIndex: 'note',
            width: 180,
            render: (n: string | null) =>
              n === 'created'
                ? tt('versions.created')
                : n || <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            title: tt('versions.changedBy'),
            dataIndex: 'changedByName',
            width: 150,
            render: (v: string | null, r: { changedBy: string | null }) => (
              <Typography.Text ellipsis={{ tooltip: r.changedBy }} style={{ maxWidth: 140 }}>
                {v ?? r.changedBy ?? '—'}
              </Typography.Text>
            ),
          },
          {
            title: tt('versions.changedAt'),
            dataIndex: 'changedAt',
            width: 140,
            render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatInstant(v)}</span>,
          },
        ]}
      />
    </Card>
  );
}
