// A session minute by minute: viewers online as a line on top, orders and GMV as bars below on the same time
// axis; explanation windows (讲解) shade both. The wrapper carries the drawn totals for tests.
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { formatCountCompact, formatFen, formatNumber } from '../../format';
import type { ExplainArea, TimelineRow } from './live-format';
import { useLT } from './live-i18n';

const COLORS = { online: '#4d7cfe', orders: '#13a8a8', gmv: '#fa8c16', area: 'rgba(235, 47, 150, 0.10)' };

export function TimelineChart({
  rows,
  areas,
  height = 380,
}: {
  rows: TimelineRow[];
  areas: ExplainArea[];
  height?: number;
}) {
  const { lt, lang } = useLT();
  const option = useMemo<ChartOption>(() => {
    const markArea = {
      silent: true,
      itemStyle: { color: COLORS.area },
      label: { show: false },
      data: areas.map((a) => [{ name: a.name, xAxis: a.from }, { xAxis: a.to }]) as never,
    };
    const labelledArea = {
      ...markArea,
      label: {
        show: true,
        position: 'insideTop' as const,
        color: '#c41d7f',
        fontSize: 11,
        overflow: 'truncate' as const,
        width: 120,
      },
    };
    return {
      dataset: { source: rows, dimensions: ['label', 'online', 'orders', 'gmvYuan'] },
      // Fixed margins (no containLabel): both grids share one time axis, so their plot areas must line up.
      grid: [
        { left: 56, right: 72, top: 44, height: '44%' },
        { left: 56, right: 72, top: '66%', bottom: 28 },
      ],
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'cross', link: [{ xAxisIndex: 'all' }] } },
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      xAxis: [
        { type: 'category', gridIndex: 0, axisLabel: { show: false }, boundaryGap: true },
        { type: 'category', gridIndex: 1, boundaryGap: true },
      ],
      yAxis: [
        {
          type: 'value',
          gridIndex: 0,
          name: lt('detail.online'),
          nameTextStyle: { align: 'left' },
          minInterval: 1,
          axisLabel: { formatter: (v: number) => formatCountCompact(v, lang) },
        },
        {
          type: 'value',
          gridIndex: 1,
          minInterval: 1,
          axisLabel: { formatter: (v: number) => formatCountCompact(v, lang) },
        },
        {
          type: 'value',
          gridIndex: 1,
          position: 'right',
          splitLine: { show: false },
          axisLabel: { formatter: (v: number) => `¥${formatCountCompact(v, lang)}` },
        },
      ],
      series: [
        {
          type: 'line',
          name: lt('detail.online'),
          xAxisIndex: 0,
          yAxisIndex: 0,
          encode: { x: 'label', y: 'online' },
          showSymbol: rows.length < 40,
          smooth: false,
          color: COLORS.online,
          areaStyle: { opacity: 0.08 },
          markArea: labelledArea,
          tooltip: { valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
        },
        {
          type: 'bar',
          name: lt('detail.orders'),
          xAxisIndex: 1,
          yAxisIndex: 1,
          encode: { x: 'label', y: 'orders' },
          color: COLORS.orders,
          barMaxWidth: 14,
          markArea,
          tooltip: { valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
        },
        {
          type: 'bar',
          name: lt('detail.gmv'),
          xAxisIndex: 1,
          yAxisIndex: 2,
          encode: { x: 'label', y: 'gmvYuan' },
          color: COLORS.gmv,
          barMaxWidth: 14,
          tooltip: { valueFormatter: (v: unknown) => formatFen(Math.round(Number(v) * 100), lang) },
        },
      ],
    } as ChartOption;
  }, [rows, areas, lt, lang]);

  return (
    <div
      data-testid="session-timeline"
      data-minutes={rows.length}
      data-peak={rows.reduce((m, r) => Math.max(m, r.online), 0)}
      data-orders={rows.reduce((s, r) => s + r.orders, 0)}
      data-gmv={rows.reduce((s, r) => s + r.gmv, 0)}
      data-areas={areas.length}
    >
      <Chart option={option} height={height} data-testid="session-timeline-chart" />
    </div>
  );
}
