// Daily trend: GMV as bars on the money axis, counts as lines on a second axis.
import { Card, Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCountCompact, formatFen, formatFenAxis, formatNumber, shortDay } from '../format';
import { useLang } from '../use-lang';
import { Chart, type ChartOption } from './Chart';

/** A daily row: the day plus integer metrics; gmv is in fen. */
export type DailyRow = { day: string; gmv: number } & Record<string, number | string>;

// GMV first, then one color per line; axis lines reuse them so each axis reads as its series'.
const PALETTE = ['#4d7cfe', '#fa8c16', '#13a8a8', '#9254de'];

interface TrendChartProps {
  daily: DailyRow[];
  /** Count metrics drawn as lines on the right axis, e.g. orders, visitors. */
  lines: { key: string; label: string }[];
}

export function TrendChart({ daily, lines }: TrendChartProps) {
  const { t } = useTranslation();
  const lang = useLang();

  const option = useMemo<ChartOption>(
    () => ({
      color: PALETTE,
      dataset: { source: daily, dimensions: ['day', 'gmv', ...lines.map((l) => l.key)] },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', axisLabel: { formatter: shortDay } },
      // Each count gets its own right-hand axis: visitors run in thousands while
      // orders run in tens, and a shared axis would flatten the smaller line.
      yAxis: [
        { type: 'value', axisLabel: { formatter: (v: number) => formatFenAxis(v, lang) } },
        ...lines.map((_, i) => ({
          type: 'value' as const,
          position: 'right' as const,
          offset: i * 56,
          splitLine: { show: false },
          axisLine: { show: lines.length > 1, lineStyle: { color: PALETTE[(i + 1) % PALETTE.length] } },
          axisLabel: { formatter: (v: number) => formatCountCompact(v, lang) },
        })),
      ],
      series: [
        {
          type: 'bar',
          name: t('series.gmv'),
          encode: { x: 'day', y: 'gmv' },
          yAxisIndex: 0,
          barMaxWidth: 24,
          tooltip: { valueFormatter: (v) => formatFen(Number(v), lang) },
        },
        ...lines.map(
          (line, i) =>
            ({
              type: 'line',
              name: line.label,
              encode: { x: 'day', y: line.key },
              yAxisIndex: i + 1,
              smooth: true,
              // Smoothing must not invent peaks or dips between the daily points.
              smoothMonotone: 'x',
              showSymbol: false,
              tooltip: { valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
            }) as const,
        ),
      ],
    }),
    [daily, lines, lang, t],
  );

  return (
    <Card title={t('overview.trendTitle')}>
      {daily.length === 0 ? (
        <Empty description={t('overview.noData')} />
      ) : (
        <Chart option={option} height={340} data-testid="trend-chart" />
      )}
    </Card>
  );
}
