// A score's last days: the score on its own scale (left axis), each dimension as 0–100% (right axis).
import { Card, Empty, Skeleton } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { QueryError } from '../../components/QueryError';
import { shortDay } from '../../format';
import { formatScore, pct } from './score-format';
import { useST } from './score-i18n';
import { useScoreHistory } from './score-queries';
import type { Scale, ScoreKind, ScoreView } from './score-types';

const DAYS = 30;
const PERCENT = { min: 0, max: 100 };

/** A round axis bound a step (a tenth of the scale) below or above the data, never past the scale. */
const step = (scale: Scale) => (scale.max - scale.min) / 10;
const niceBelow = (v: number, scale: Scale) =>
  Math.max(scale.min, Math.floor((v - step(scale) / 2) / step(scale)) * step(scale));
const niceAbove = (v: number, scale: Scale) =>
  Math.min(scale.max, Math.ceil((v + step(scale) / 2) / step(scale)) * step(scale));
const PALETTE = ['#4d7cfe', '#13a8a8', '#fa8c16', '#9254de', '#eb2f96', '#52c41a', '#faad14'];

export function ScoreTrend({ kind, view }: { kind: ScoreKind; view: ScoreView }) {
  const { st, known, lang } = useST();
  const history = useScoreHistory(kind, view.id, DAYS);
  const items = history.data?.items;
  const dimIds = useMemo(() => view.explanation.dimensions.map((d) => d.id), [view]);
  const option = useMemo<ChartOption>(() => {
    const source = (items ?? []).map((p) => ({
      day: p.day,
      score: p.score,
      ...Object.fromEntries(dimIds.map((d) => [d, p.dims[d] == null ? null : pct(p.dims[d])])),
    }));
    return {
      color: PALETTE,
      dataset: { source, dimensions: ['day', 'score', ...dimIds] },
      // The legend wraps (six product dimensions do not fit one line in a drawer); the grid leaves it room.
      grid: { left: 8, right: 8, top: dimIds.length > 4 ? 84 : 64, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', axisLabel: { formatter: shortDay } },
      yAxis: [
        {
          type: 'value',
          name: st('trend.score'),
          // Fitted to the days shown (within the scale): a flat line on the whole 3–5 scale hides the trend.
          min: (e: { min: number }) => niceBelow(e.min, view.scale),
          max: (e: { max: number }) => niceAbove(e.max, view.scale),
          axisLabel: { formatter: (v: number) => formatScore(v, view.scale, lang) },
        },
        {
          type: 'value',
          min: (e: { min: number }) => niceBelow(e.min, PERCENT),
          max: (e: { max: number }) => niceAbove(e.max, PERCENT),
          position: 'right',
          splitLine: { show: false },
          axisLabel: { formatter: '{value}%' },
        },
      ],
      series: [
        {
          type: 'line',
          name: st('trend.score'),
          encode: { x: 'day', y: 'score' },
          yAxisIndex: 0,
          lineStyle: { width: 3 },
          showSymbol: false,
          tooltip: { valueFormatter: (v) => formatScore(Number(v), view.scale, lang) },
        },
        ...dimIds.map(
          (d) =>
            ({
              type: 'line',
              name: known(`dimension.${kind}`, d),
              encode: { x: 'day', y: d },
              yAxisIndex: 1,
              lineStyle: { width: 1.5, type: 'dashed' },
              showSymbol: false,
              connectNulls: false,
              tooltip: { valueFormatter: (v: unknown) => (v == null ? '—' : `${v}%`) },
            }) as const,
        ),
      ],
    };
  }, [items, dimIds, view.scale, kind, st, known, lang]);

  return (
    <Card title={st('trend.title', { days: DAYS })} style={{ height: '100%' }}>
      {history.error ? (
        <QueryError error={history.error} onRetry={() => void history.refetch()} />
      ) : !items ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={st('trend.empty')} />
      ) : (
        <Chart option={option} height={300} data-testid="score-trend" />
      )}
    </Card>
  );
}
