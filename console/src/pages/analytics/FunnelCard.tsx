// 转化漏斗: users at each step exposure → click → cart → order → pay, as bars narrowing down, with the step-to-step
// and overall conversion in words beside each.
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { formatCountCompact, formatNumber } from '../../format';
import { pct } from './an-format';
import { useAT } from './an-i18n';
import type { Funnel } from './an-types';
import { DataCard } from './ui';

const COLORS = ['#91caff', '#69b1ff', '#4096ff', '#1677ff', '#0958d9'];

export function FunnelCard({ data }: { data: Funnel | undefined }) {
  const { at, lang } = useAT();
  const steps = data?.steps ?? [];
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 180, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', valueFormatter: (v) => formatNumber(Number(v), lang) },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        inverse: true,
        axisTick: { show: false },
        axisLine: { show: false },
        data: steps.map((s) => at(`funnel.${s.step}`)),
      },
      series: [
        {
          type: 'bar',
          name: at('funnel.users'),
          barMaxWidth: 28,
          data: steps.map((s, i) => ({
            value: s.users,
            itemStyle: { color: COLORS[i % COLORS.length] },
            label: {
              show: true,
              position: 'right',
              formatter:
                i === 0
                  ? formatCountCompact(s.users, lang)
                  : `${formatCountCompact(s.users, lang)}  ${at('funnel.fromPrevious', { v: pct(s.fromPrevious) })} · ${at('funnel.fromFirst', { v: pct(s.fromFirst, 2) })}`,
            },
          })),
        },
      ],
    }),
    [steps, at, lang],
  );
  return (
    <DataCard title={at('funnel.title')} testId="an-funnel" empty={steps.every((s) => s.users === 0)}>
      <Chart option={option} height={260} data-testid="an-funnel-chart" />
    </DataCard>
  );
}
