// How the latest scores of a kind spread (operators): counts per grade, a histogram over the scale with
// bars coloured by grade, and what each linkage threshold admits.
import { Card, Col, Empty, Flex, Progress, Row, Skeleton, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { type Kpi, KpiCards } from '../../components/KpiCards';
import { QueryError } from '../../components/QueryError';
import { formatNumber } from '../../format';
import { fixed, GRADE_HEX, gradeOf, pct, scoreDigits } from './score-format';
import { useST } from './score-i18n';
import { useScoreDistribution } from './score-queries';
import type { ScoreDistribution, ScoreKind } from './score-types';

type Threshold = ScoreDistribution['thresholds'][number];

export function DistributionCard({ kind }: { kind: ScoreKind }) {
  const { st, known, lang } = useST();
  const query = useScoreDistribution(kind);
  const d = query.data;
  const option = useMemo<ChartOption | null>(() => {
    if (!d) return null;
    const digits = scoreDigits(d.scale) === 1 ? 0 : 1;
    const label = (v: number) => fixed(v, digits, lang);
    return {
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: d.bins.map((b) => `${label(b.from)}–${label(b.to)}`),
        axisLabel: { formatter: (v: string) => v.split('–')[0] ?? v, hideOverlap: true },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: st('dist.bins'),
          barCategoryGap: '10%',
          data: d.bins.map((b) => ({
            value: b.count,
            itemStyle: {
              color:
                GRADE_HEX[
                  gradeOf(
                    b.from,
                    d.grades.filter((g) => g.grade !== 'N'),
                  )
                ],
            },
          })),
        },
      ],
    };
  }, [d, st, lang]);

  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (!d || !option) return <Skeleton active paragraph={{ rows: 8 }} />;

  // One card per grade (the provisional last); the total is in the histogram's header.
  const range = (i: number) => {
    const g = d.grades[i];
    if (!g || g.grade === 'N') return '';
    const above = d.grades[i - 1]?.min;
    if (g.min !== null) return ` (${st('dist.gradeMin', { min: g.min })})`;
    return above !== undefined && above !== null ? ` (${st('dist.gradeBelow', { min: above })})` : '';
  };
  const kpis: Kpi[] = d.grades.map((g, i) => ({
    key: `grade-${g.grade}`,
    label: (
      <Flex gap={6} align="center">
        <span
          style={{ width: 10, height: 10, borderRadius: 2, background: GRADE_HEX[g.grade] ?? '#bfbfbf' }}
        />
        {g.grade === 'N' ? known('grade', 'N') : `${g.grade} · ${known('grade', g.grade)}${range(i)}`}
      </Flex>
    ),
    value: formatNumber(g.count, lang),
  }));

  return (
    <Flex vertical gap={16} data-testid={`distribution-${kind}`}>
      <KpiCards items={kpis} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Card
            title={st('dist.histogram')}
            extra={
              d.day && (
                <Typography.Text type="secondary" data-testid="distribution-total">
                  {st('dist.scored', {
                    count: formatNumber(d.total, lang),
                    provisional: formatNumber(d.provisional, lang),
                    day: d.day,
                  })}
                </Typography.Text>
              )
            }
            style={{ height: '100%' }}
          >
            {d.total === 0 ? (
              <Empty description={st('dist.empty')} />
            ) : (
              <Chart option={option} height={280} data-testid="score-histogram" />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={11}>
          <Card title={st('dist.thresholds')} styles={{ body: { padding: 0 } }} style={{ height: '100%' }}>
            <Table<Threshold>
              rowKey="id"
              size="small"
              data-testid="thresholds-table"
              dataSource={d.thresholds}
              pagination={false}
              columns={[
                { title: st('dist.threshold'), dataIndex: 'id', render: (id: string) => known('dist', id) },
                { title: st('dist.min'), dataIndex: 'min', align: 'right', width: 90 },
                {
                  title: st('dist.admitted'),
                  dataIndex: 'admitted',
                  align: 'right',
                  width: 90,
                  render: (v: number) => formatNumber(v, lang),
                },
                {
                  title: st('dist.share'),
                  dataIndex: 'share',
                  width: 150,
                  render: (v: number) => <Progress percent={pct(v)} size="small" />,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
