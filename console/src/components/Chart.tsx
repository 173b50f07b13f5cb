// The console's only ECharts wrapper. echarts/core plus the few parts registered
// below keeps the chart chunk small; register a new chart type here before using it.
import {
  BarChart,
  type BarSeriesOption,
  LineChart,
  type LineSeriesOption,
  PieChart,
  type PieSeriesOption,
  RadarChart,
  type RadarSeriesOption,
} from 'echarts/charts';
import {
  DatasetComponent,
  type DatasetComponentOption,
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  MarkAreaComponent,
  type MarkAreaComponentOption,
  MarkLineComponent,
  type MarkLineComponentOption,
  RadarComponent,
  type RadarComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECharts, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useLayoutEffect, useRef } from 'react';

use([
  LineChart,
  BarChart,
  PieChart,
  RadarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  RadarComponent,
  MarkAreaComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | RadarSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DatasetComponentOption
  | RadarComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
>;

interface ChartProps {
  option: ChartOption;
  height?: number;
  style?: CSSProperties;
  'data-testid'?: string;
}

/** A radar draws one polygon per data item and one point per value of it. */
function radarPoints(data: unknown): number {
  if (!Array.isArray(data)) return 0;
  return data.reduce<number>((n, item) => {
    const value = (item as { value?: unknown } | null)?.value;
    return n + (Array.isArray(value) ? value.length : 0);
  }, 0);
}

/** Data points in an option: rows of the first dataset, else the longest series (a radar's values). */
function countPoints(option: ChartOption): number {
  const dataset = Array.isArray(option.dataset) ? option.dataset[0] : option.dataset;
  const source = dataset?.source;
  if (Array.isArray(source)) return source.length;
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  return series.reduce(
    (max, s) =>
      Math.max(max, s.type === 'radar' ? radarPoints(s.data) : Array.isArray(s.data) ? s.data.length : 0),
    0,
  );
}

export function Chart({ option, height = 320, style, 'data-testid': testId }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  // Layout effects, in this order: the instance exists before the first option arrives.
  useLayoutEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
    // 'finished' fires once animations are done: tests wait for it before screenshots.
    instance.on('finished', () => node.setAttribute('data-rendered', 'true'));
    // Follows window resizes and layout changes (e.g. the sider collapsing) alike.
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  // data-points/data-rendered change in the same commit as the surrounding text,
  // so a test never reads them for the previous option.
  useLayoutEffect(() => {
    const instance = chart.current;
    const node = el.current;
    if (!instance || !node) return;
    node.removeAttribute('data-rendered');
    // notMerge: a new option (other period, other language) replaces the old one whole.
    instance.setOption(option, { notMerge: true });
    // setOption renders synchronously, so the count reflects what is drawn; tests read it.
    node.setAttribute('data-points', String(countPoints(option)));
  }, [option]);

  return <div ref={el} data-testid={testId} style={{ width: '100%', height, ...style }} />;
}
