// 流量来源: GMV, visitors and conversion by traffic source (search, feed, live, creators …) with each source's GMV
// share drawn as a pie, its change against the previous period, and the table as CSV.
import { Col, Row, Table, Tag } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { formatFen, formatNumber } from '../../format';
import { CsvButton } from '../distribution/ui';
import { changeOf, csvPath, pct } from './an-format';
import { useAT } from './an-i18n';
import type { RangeQuery } from './an-queries';
import type { Domain, Source, Sources } from './an-types';
import { Change, DataCard, Num } from './ui';

type Line = Sources['rows'][number];

export const DOMAIN_COLORS: Record<Domain, string> = {
  self_stream: 'magenta',
  distribution: 'purple',
  shelf: 'blue',
};

/** The GMV-by-source doughnut (merchant sources, marketplace health). */
export function useSourcePie(rows: readonly { source: Source; gmv: number }[] | undefined): ChartOption {
  const { at, lang } = useAT();
  return useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', valueFormatter: (v) => formatFen(Number(v), lang) },
      legend: { type: 'scroll', bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '45%'],
          // Small slices keep their share for the tooltip and legend; labels would pile up.
          minShowLabelAngle: 12,
          label: { formatter: '{b}\n{d}%' },
          data: (rows ?? [])
            .filter((r) => r.gmv > 0)
            .map((r) => ({ name: at(`source.${r.source}`), value: r.gmv })),
        },
      ],
    }),
    [rows, at, lang],
  );
}

export function SourcesCard({ data, q }: { data: Sources | undefined; q: RangeQuery }) {
  const { at, lang } = useAT();
  const rows = data?.rows ?? [];
  const option = useSourcePie(data?.rows);
  return (
    <DataCard
      title={at('sources.title')}
      testId="an-sources"
      empty={rows.length === 0}
      extra={
        <CsvButton
          path={csvPath('/v1/analytics/sources', { ...q })}
          fileName={`sources-${q.from}-${q.to}.csv`}
          testId="an-sources-csv"
        />
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Table<Line>
            rowKey="source"
            size="small"
            pagination={false}
            dataSource={rows}
            scroll={{ x: 720 }}
            data-testid="an-sources-table"
            columns={[
              {
                title: at('sources.source'),
                key: 'source',
                render: (_: unknown, r) => (
                  <span data-testid="an-source" data-source={r.source}>
                    {at(`source.${r.source}`)}{' '}
                    <Tag color={DOMAIN_COLORS[r.domain]} style={{ marginInlineStart: 4 }}>
                      {at(`domain.${r.domain}`)}
                    </Tag>
                  </span>
                ),
              },
              {
                title: at('kpi.gmv'),
                dataIndex: 'gmv',
                align: 'right',
                sorter: (a, b) => a.gmv - b.gmv,
                defaultSortOrder: 'descend',
                render: (v: number, r) => (
                  <Num>
                    {formatFen(v, lang)}
                    <br />
                    <Change value={changeOf(r.gmv, r.previousGmv)} />
                  </Num>
                ),
              },
              {
                title: at('sources.share'),
                dataIndex: 'gmvShare',
                align: 'right',
                render: (v: number | null) => <Num>{pct(v)}</Num>,
              },
              {
                title: at('kpi.visitors'),
                dataIndex: 'visitors',
                align: 'right',
                sorter: (a, b) => a.visitors - b.visitors,
                render: (v: number) => <Num>{formatNumber(v, lang)}</Num>,
              },
              {
                title: at('kpi.buyers'),
                dataIndex: 'buyers',
                align: 'right',
                render: (v: number) => <Num>{formatNumber(v, lang)}</Num>,
              },
              {
                title: at('kpi.conversion'),
                dataIndex: 'conversion',
                align: 'right',
                sorter: (a, b) => (a.conversion ?? -1) - (b.conversion ?? -1),
                render: (v: number | null) => <Num>{pct(v, 2)}</Num>,
              },
            ]}
          />
        </Col>
        <Col xs={24} xl={8}>
          <Chart option={option} height={300} data-testid="an-sources-chart" />
        </Col>
      </Row>
    </DataCard>
  );
}
