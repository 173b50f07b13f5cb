// Every saved configuration version, newest first, with who saved it, when and why.
import { Card, Table, Tag, Typography } from 'antd';
import { QueryError } from '../../components/QueryError';
import { formatInstant } from '../../format';
import { savedBy } from './score-format';
import { useST } from './score-i18n';
import { useConfigHistory } from './score-queries';
import type { ConfigVersion } from './score-types';

export function ConfigHistory() {
  const { st } = useST();
  const history = useConfigHistory();
  if (history.error) return <QueryError error={history.error} onRetry={() => void history.refetch()} />;
  const newest = history.data?.items[0]?.version;
  return (
    <Card title={st('config.history')} styles={{ body: { padding: 0 } }}>
      <Table<ConfigVersion>
        rowKey="version"
        size="small"
        data-testid="config-history"
        loading={history.isFetching}
        dataSource={history.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          {
            title: st('config.version', { version: '' }).trim(),
            dataIndex: 'version',
            width: 110,
            render: (v: number) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                v{v}{' '}
                {v === newest && (
                  <Tag color="green" style={{ marginInlineEnd: 0 }}>
                    {st('config.current')}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: st('config.note'),
            dataIndex: 'note',
            render: (v: string | null) =>
              v || <Typography.Text type="secondary">{st('config.noNote')}</Typography.Text>,
          },
          {
            title: st('config.createdBy'),
            key: 'createdBy',
            width: 200,
            render: (_: unknown, v) => savedBy(v, st),
          },
          {
            title: st('config.createdAt'),
            dataIndex: 'createdAt',
            width: 160,
            render: (v: string) => formatInstant(v),
          },
        ]}
      />
    </Card>
  );
}
