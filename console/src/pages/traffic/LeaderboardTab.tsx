// A horse race's standings for a month (to date while it runs, final once it is over): every qualifying
// store of the category ranked on the race's metric, with GMV, the previous month, live GMV, orders and the
// exposures won.
import { Card, Flex, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { QueryError } from '../../components/QueryError';
import { formatFen } from '../../format';
import { businessToday, metricValue } from './traffic-format';
import { useTT } from './traffic-i18n';
import { useCategoryName, useLeaderboard } from './traffic-queries';
import type { Program, Standing } from './traffic-types';
import { Exp, Muted, MonthInput } from './ui';

const money = (lang: 'en' | 'zh') => (v: number) => (
  <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatFen(v, lang)}</span>
);

export function LeaderboardTab({ program }: { program: Program }) {
  const { tt, lang } = useTT();
  const [params, setParams] = useSearchParams();
  const current = businessToday().slice(0, 7);
  const month = params.get('month') ?? current;
  const query = useLeaderboard(program.id, month, program.kind === 'horse_race');
  const board = query.data;
  const category = useCategoryName(lang);
  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          <span>{tt('leaderboard.title')}</span>
          {board && (
            <Tag color={board.final ? 'green' : 'blue'} data-testid="leaderboard-state">
              {board.final ? tt('leaderboard.final') : tt('leaderboard.toDate')}
            </Tag>
          )}
          {board && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {tt('leaderboard.summary', {
                metric: tt(`metric.${board.metric}`),
                category: category(board.categoryId),
              })}
            </Typography.Text>
          )}
        </Flex>
      }
      extra={
        <Flex gap={8} align="center">
          <Typography.Text type="secondary">{tt('leaderboard.month')}</Typography.Text>
          <MonthInput
            value={month}
            onChange={(m) => {
              const next = new URLSearchParams(params);
              if (m && m !== current) next.set('month', m);
              else next.delete('month');
              setParams(next, { replace: true });
            }}
            style={{ width: 130 }}
            data-testid="leaderboard-month"
          />
        </Flex>
      }
      styles={{ body: { padding: 0 } }}
    >
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Standing>
          rowKey="storeId"
          size="small"
          data-testid="leaderboard-table"
          loading={query.isFetching}
          dataSource={board?.standings ?? []}
          scroll={{ x: 980 }}
          locale={{ emptyText: tt('leaderboard.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            {
              title: tt('leaderboard.rank'),
              dataIndex: 'rank',
              width: 70,
              align: 'right',
              render: (v: number) => <Typography.Text strong>{v}</Typography.Text>,
            },
            {
              title: tt('common.store'),
              key: 'store',
              render: (_: unknown, s) => (
                <Flex vertical gap={0} style={{ minWidth: 0 }}>
                  <Typography.Text strong ellipsis={{ tooltip: s.storeName ?? s.storeId }}>
                    {s.storeName ?? s.storeId}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.storeId} · {s.merchantId}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: board ? tt(`metric.${board.metric}`) : tt('leaderboard.value'),
              dataIndex: 'value',
              align: 'right',
              width: 140,
              render: (v: number) => (
                <Typography.Text strong style={{ whiteSpace: 'nowrap' }} data-testid="standing-value">
                  {board ? metricValue(board.metric, v, lang) : v}
                </Typography.Text>
              ),
            },
            // The metric's own column is the value's; the others stay.
            ...(board?.metric === 'gmv'
              ? []
              : [
                  {
                    title: tt('leaderboard.gmv'),
                    dataIndex: 'gmv',
                    align: 'right' as const,
                    width: 140,
                    render: money(lang),
                  },
                ]),
            {
              title: tt('leaderboard.previousGmv'),
              dataIndex: 'previousGmv',
              align: 'right',
              width: 140,
              render: money(lang),
            },
            ...(board?.metric === 'live_gmv'
              ? []
              : [
                  {
                    title: tt('leaderboard.liveGmv'),
                    dataIndex: 'liveGmv',
                    align: 'right' as const,
                    width: 130,
                    render: money(lang),
                  },
                ]),
            ...(board?.metric === 'orders'
              ? []
              : [
                  {
                    title: tt('leaderboard.orders'),
                    dataIndex: 'orders',
                    align: 'right' as const,
                    width: 90,
                    render: (v: number) => <Exp n={v} />,
                  },
                ]),
            {
              title: tt('leaderboard.prize'),
              dataIndex: 'prize',
              align: 'right',
              width: 120,
              render: (v: number) =>
                v > 0 ? <Exp n={v} strong testId="standing-prize" /> : <Muted>—</Muted>,
            },
          ]}
        />
      )}
    </Card>
  );
}
