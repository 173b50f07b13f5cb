// Daily exposures as stacked bars: one stack part per scene (推荐, 搜索, 频道, …), or programs against
// organic placements. Days without traffic show as empty days, not as gaps in the axis.
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { shortDay } from '../../format';
import { dailyByScene, exposuresCompact, exposuresText } from './traffic-format';
import { useTT } from './traffic-i18n';
import type { ExposureRow } from './traffic-types';

/** One colour per scene, fixed so a scene keeps its colour between charts and periods. */
export const SCENE_COLORS: Record<string, string> = {
  feed: '#4d7cfe',
  search: '#13a8a8',
  mall: '#fa8c16',
  detail: '#9254de',
  live_feed: '#eb2f96',
  store: '#52c41a',
};
const SOURCE_COLORS = { programs: '#fa541c', organic: '#4d7cfe' };

interface Props {
  rows: ExposureRow[];
  from: string;
  to: string;
  by: 'scene' | 'source';
  height?: number;
  'data-testid'?: string;
}

export function ExposureChart({ rows, from, to, by, height = 300, 'data-testid': testId }: Props) {
  const { tt, known, lang } = useTT();
  const option = useMemo<ChartOption>(() => {
    const { scenes, source } = dailyByScene(rows, from, to);
    const parts =
      by === 'scene'
        ? scenes.map((s) => ({ key: s, name: known('scene', s), color: SCENE_COLORS[s] ?? '#bfbfbf' }))
        : [
            { key: 'organic', name: tt('common.organic'), color: SOURCE_COLORS.organic },
            { key: 'programs', name: tt('common.fromPrograms'), color: SOURCE_COLORS.programs },
          ];
    return {
      color: parts.map((p) => p.color),
      dataset: { source, dimensions: ['day', 'programs', 'organic', ...scenes] },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', axisLabel: { formatter: shortDay } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => exposuresCompact(v, lang) } },
      series: parts.map((p) => ({
        type: 'bar' as const,
        name: p.name,
        stack: 'exposures',
        encode: { x: 'day', y: p.key },
        barMaxWidth: 28,
        tooltip: { valueFormatter: (v: unknown) => exposuresText(Number(v), lang) },
      })),
    };
  }, [rows, from, to, by, tt, known, lang]);
  return <Chart option={option} height={height} data-testid={testId} />;
}
