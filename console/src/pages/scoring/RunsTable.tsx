// The recent recompute runs (operators): day, trigger, configuration version, what was scored and how long.
import { Card, Table, Tag, Typography } from 'antd';
import { QueryError } from '../../components/QueryError';
import { formatInstant, formatNumber } from '../../format';
import { useST } from './score-i18n';
import { useScoreRuns } from './score-queries';
import { SCORE_KINDS, type ScoreRun } from './score-types';

export function RunsTable() {
  const { st, known, lang } = useST();
  const runs = useScoreRuns();
  if (runs.error) return <QueryError error={runs.error} onRetry={() => void runs.refetch()} />;
  return (
    <Card title={st('recompute.runs')} styles={{ body: { padding: 0 } }}>
      <Table<ScoreRun>
        rowKey="id"
        size="small"
        data-testid="runs-table"
        loading={runs.isFetching}
        dataSource={runs.data?.items ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        columns={[
          { title: st('recompute.id'), dataIndex: 'id', width: 70, render: (v: number) => `#${v}` },
          { title: st('recompute.day'), dataIndex: 'day', width: 110 },
          {
            title: st('recompute.trigger'),
            dataIndex: 'trigger',
            width: 100,
            render: (v: string) => <Tag style={{ marginInlineEnd: 0 }}>{known('recompute.triggers', v)}</Tag>,
          },
          {
            title: st('recompute.configVersion'),
            dataIndex: 'configVersion',
            width: 70,
            render: (v: number) => `v${v}`,
          },
          {
            title: st('recompute.counts'),
            key: 'counts',
            render: (_: unknown, r) =>
              SCORE_KINDS.filter((k) => r.counts?.[k] !== undefined)
                .map((k) => `${st(`kinds.${k}`)} ${formatNumber(r.counts?.[k] ?? 0, lang)}`)
                .join(' · '),
          },
          {
            title: st('recompute.startedAt'),
            dataIndex: 'startedAt',
            width: 150,
            render: (v: string) => formatInstant(v),
          },
          {
            title: st('recompute.duration'),
            key: 'duration',
            align: 'right',
            width: 100,
            render: (_: unknown, r) =>
              r.finishedAt ? (
                `${formatNumber(r.timings?.total ?? Date.parse(r.finishedAt) - Date.parse(r.startedAt), lang)} ms`
              ) : (
                <Typography.Text type="warning">{st('recompute.running')}</Typography.Text>
              ),
          },
        ]}
      />
    </Card>
  );
}
