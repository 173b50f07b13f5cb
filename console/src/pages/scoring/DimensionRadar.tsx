// The dimensions of a score on a radar, each 0–100% of its best, with its weight in the tooltip.
import { Card, Empty } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { pct } from './score-format';
import { useST } from './score-i18n';
import type { ScoreView } from './score-types';

export function DimensionRadar({ view }: { view: ScoreView }) {
  const { st, known } = useST();
  const dims = view.explanation.dimensions;
  const option = useMemo<ChartOption>(() => {
    const names = dims.map((d) => known(`dimension.${view.kind}`, d.id));
    return {
      color: ['#4d7cfe'],
      tooltip: {
        trigger: 'item',
        formatter: () =>
          dims
            .map((d, i) =>
              d.score === null
                ? `${names[i]}: ${st('metrics.noData')}`
                : st('radar.tooltip', { name: names[i], value: pct(d.score), weight: pct(d.weight) }),
            )
            .join('<br/>'),
      },
      radar: {
        indicator: names.map((name) => ({ name, max: 100, min: 0 })),
        radius: '65%',
        splitNumber: 4,
        axisName: { color: '#595959' },
      },
      series: [
        {
          type: 'radar',
          name: st('radar.title'),
          areaStyle: { opacity: 0.2 },
          data: [{ value: dims.map((d) => (d.score === null ? 0 : pct(d.score))), name: st('radar.title') }],
        },
      ],
    };
  }, [dims, view.kind, st, known]);
  return (
    <Card title={st('radar.title')} style={{ height: '100%' }}>
      {dims.length === 0 ? (
        <Empty description={st('metrics.noData')} />
      ) : (
        <Chart option={option} height={300} data-testid="score-radar" />
      )}
    </Card>
  );
}
