// 同行对比: where the merchant stands among the stores of its main category — its percentile per metric, with the
// peers' median and top-10% mark. Peers are counted, never named.
import { Flex, Progress, Table, Typography } from 'antd';
import { formatFen, formatNumber } from '../../format';
import { pct } from './an-format';
import { useAT } from './an-i18n';
import type { Peers } from './an-types';
import { DataCard, Num } from './ui';

type Metric = Peers['metrics'][number];

export function PeersCard({ data }: { data: Peers | undefined }) {
  const { at, lang } = useAT();
  const fmt = (m: Metric['metric'], v: number | null) =>
    v === null
      ? '—'
      : m === 'gmv' || m === 'aov'
        ? formatFen(v, lang)
        : m === 'conversion'
          ? pct(v, 2)
          : formatNumber(v, lang);
  const category = data
    ? lang === 'zh' && data.categoryNameZh
      ? data.categoryNameZh
      : data.categoryName
    : null;
  return (
    <DataCard title={at('peers.title')} testId="an-peers" empty={!data || data.peers === 0} flush>
      {data ? (
        <Flex vertical gap={0}>
          <Typography.Text type="secondary" style={{ padding: '8px 12px' }} data-testid="an-peers-basis">
            {at('peers.basis', { count: data.peers, category: category ?? '—' })}
          </Typography.Text>
          <Table<Metric>
            rowKey="metric"
            size="small"
            pagination={false}
            dataSource={data.metrics}
            columns={[
              {
                title: at('peers.metric'),
                dataIndex: 'metric',
                render: (m: Metric['metric']) => at(`kpi.${m}`),
              },
              {
                title: at('peers.mine'),
                key: 'value',
                align: 'right',
                render: (_: unknown, r) => <Num>{fmt(r.metric, r.value)}</Num>,
              },
              {
                title: at('peers.percentile'),
                key: 'pct',
                width: 200,
                render: (_: unknown, r) =>
                  r.percentile === null ? (
                    '—'
                  ) : (
                    <div
                      data-testid="an-peer-percentile"
                      title={at('peers.beats', { v: pct(r.percentile, 0) })}
                    >
                      <Progress
                        percent={Math.round(r.percentile * 100)}
                        size="small"
                        format={(p) => at('peers.beats', { v: `${p}%` })}
                      />
                    </div>
                  ),
              },
              {
                title: at('peers.p50'),
                key: 'p50',
                align: 'right',
                render: (_: unknown, r) => <Num>{fmt(r.metric, r.p50)}</Num>,
              },
              {
                title: at('peers.p90'),
                key: 'p90',
                align: 'right',
                render: (_: unknown, r) => <Num>{fmt(r.metric, r.p90)}</Num>,
              },
            ]}
          />
        </Flex>
      ) : null}
    </DataCard>
  );
}
