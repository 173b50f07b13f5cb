// Every metric of a score, grouped by dimension: its value by unit, the floor and target it is scored
// between, where it stands among category peers, and the points it earns and misses on the score's scale.
import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Flex, Progress, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { formatMetricNow, formatMetricValue, formatPoints, noPoints, pct } from './score-format';
import { useST } from './score-i18n';
import type { MetricExplanation, ScoreView } from './score-types';

interface Row extends MetricExplanation {
  /** Rows the dimension cell spans (0 for the dimension's later rows). */
  span: number;
}

export function MetricsTable({ view }: { view: ScoreView }) {
  const { st, known, lang } = useST();
  const { kind, scale } = view;
  const dims = view.explanation.dimensions;
  const rows = useMemo<Row[]>(() => {
    // Grouped in the dimensions' order, metrics in the catalogue's order within each.
    const ordered = dims.flatMap((d) => view.explanation.metrics.filter((m) => m.dimension === d.id));
    return ordered.map((m, i) => ({
      ...m,
      span:
        i > 0 && ordered[i - 1]?.dimension === m.dimension
          ? 0
          : ordered.filter((x) => x.dimension === m.dimension).length,
    }));
  }, [dims, view.explanation.metrics]);
  // Relative metrics show the raw figure they rank before their percentile: "2.3 units/day · top 8%".
  const value = (m: MetricExplanation) => formatMetricNow(m, st, lang) ?? st('metrics.noData');
  const withRaw = view.explanation.metrics.some((m) => m.unit === 'percentile' && m.baseUnit);
  // Floors and targets of relative metrics are percentiles whatever the ranked figure's unit.
  const bound = (v: number, m: MetricExplanation) => formatMetricValue(v, m.unit, st, lang);

  const columns: ColumnsType<Row> = [
    {
      title: st('metrics.dimension'),
      key: 'dimension',
      width: 140,
      onCell: (r) => ({ rowSpan: r.span }),
      render: (_: unknown, r) => {
        const d = dims.find((x) => x.id === r.dimension);
        return (
          <Flex vertical gap={4}>
            <Typography.Text strong>{known(`dimension.${kind}`, r.dimension)}</Typography.Text>
            {d && d.score !== null && (
              <>
                <Progress percent={pct(d.score)} size="small" showInfo={false} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {st('metrics.dimensionScore', { score: pct(d.score), weight: pct(d.weight) })}
                </Typography.Text>
              </>
            )}
          </Flex>
        );
      },
    },
    {
      title: st('metrics.metric'),
      key: 'metric',
      render: (_: unknown, m) => (
        <Tooltip title={known(`definitions.${kind}`, m.id, m.definition)}>
          <span data-testid="metric-name" style={{ cursor: 'help', whiteSpace: 'nowrap' }}>
            {known('metric', m.id)} <InfoCircleOutlined style={{ color: '#bfbfbf', fontSize: 12 }} />
          </span>
        </Tooltip>
      ),
    },
    {
      title: st('metrics.value'),
      key: 'value',
      align: 'right',
      width: withRaw ? 170 : 110,
      render: (_: unknown, m) => (
        <Typography.Text strong style={{ whiteSpace: 'nowrap' }} data-testid="metric-value">
          {value(m)}
        </Typography.Text>
      ),
    },
    {
      title: st('metrics.range'),
      key: 'range',
      width: 150,
      render: (_: unknown, m) => (
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
          {bound(m.floor, m)} → {bound(m.target, m)}
        </Typography.Text>
      ),
    },
    {
      title: st('metrics.peers'),
      key: 'peers',
      width: 170,
      render: (_: unknown, m) =>
        m.percentile === null ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>{st('metrics.betterThan', { pct: pct(m.percentile) })}</span>
        ),
    },
    {
      title: <Tooltip title={st('metrics.pointsHint')}>{st('metrics.earned')}</Tooltip>,
      key: 'earned',
      align: 'right',
      width: 76,
      render: (_: unknown, m) => (
        <Typography.Text type="success" style={{ fontVariantNumeric: 'tabular-nums' }}>
          +{formatPoints(m.contribution, scale, lang)}
        </Typography.Text>
      ),
    },
    {
      title: <Tooltip title={st('metrics.pointsHint')}>{st('metrics.missed')}</Tooltip>,
      key: 'missed',
      align: 'right',
      width: 76,
      render: (_: unknown, m) =>
        !noPoints(m.missed, scale) ? (
          <Typography.Text type="danger" style={{ fontVariantNumeric: 'tabular-nums' }}>
            −{formatPoints(m.missed, scale, lang)}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <Card title={st('metrics.title')} styles={{ body: { padding: 0 } }}>
      <Table<Row>
        rowKey="id"
        size="small"
        data-testid="metrics-table"
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 860 }}
      />
    </Card>
  );
}
