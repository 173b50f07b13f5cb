// Daily GMV history and forecast on one axis: the actual line, the forecast dashed, its 80% and 95% intervals as
// shaded bands (stacked areas over an invisible lower edge) and campaign days marked.
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { formatFen, formatFenAxis, shortDay } from '../../format';
import { bandPoints } from './an-format';
import { useAT } from './an-i18n';
import type { Forecast } from './an-types';

const BLUE = '#4d7cfe';

export function ForecastChart({ data }: { data: Forecast }) {
  const { at, known, lang } = useAT();
  const option = useMemo<ChartOption>(() => {
    const points = bandPoints(data);
    const days = points.map((p) => p.day);
    const band = (name: string, key: 'base95' | 'low95' | 'band80' | 'high95', opacity: number) => ({
      type: 'line' as const,
      name,
      stack: 'band',
      symbol: 'none',
      lineStyle: { opacity: 0 },
      // The legend swatch takes the series colour: the band's own shade, not the palette's next colour.
      color: `rgba(77, 124, 254, ${opacity})`,
      areaStyle: { color: BLUE, opacity },
      // The invisible base and the upper part of the 95% band repeat another series' legend entry.
      tooltip: { show: false },
      data: points.map((p) => p[key]),
    });
    const campaigns = data.forecast.filter((f) => f.campaign);
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: {
        top: 0,
        data: [at('forecast.actual'), at('forecast.forecast'), at('forecast.band80'), at('forecast.band95')],
      },
      tooltip: {
        trigger: 'axis',
        formatter: (raw: unknown) => {
          const items = (Array.isArray(raw) ? raw : [raw]) as { dataIndex: number }[];
          const i = items[0]?.dataIndex ?? 0;
          const day = days[i] ?? '';
          const h = data.history.find((x) => x.day === day);
          const f = data.forecast.find((x) => x.day === day);
          const lines = [`<b>${day}</b>`];
          if (h) lines.push(`${at('forecast.actual')}: ${formatFen(h.value, lang)}`);
          if (f) {
            lines.push(`${at('forecast.forecast')}: ${formatFen(f.value, lang)}`);
            lines.push(`${at('forecast.band80')}: ${formatFen(f.lo80, lang)} – ${formatFen(f.hi80, lang)}`);
            lines.push(`${at('forecast.band95')}: ${formatFen(f.lo95, lang)} – ${formatFen(f.hi95, lang)}`);
            if (f.campaign)
              lines.push(at('forecast.campaignDay', { name: known('forecast.campaigns', f.campaign) }));
          }
          return lines.join('<br/>');
        },
      },
      xAxis: { type: 'category', boundaryGap: false, data: days, axisLabel: { formatter: shortDay } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatFenAxis(v, lang) } },
      series: [
        { ...band('base', 'base95', 0), areaStyle: { opacity: 0 } },
        band(at('forecast.band95'), 'low95', 0.12),
        band(at('forecast.band80'), 'band80', 0.28),
        band(at('forecast.band95'), 'high95', 0.12),
        {
          type: 'line',
          name: at('forecast.actual'),
          color: '#262626',
          symbol: 'none',
          data: points.map((p) => p.actual),
        },
        {
          type: 'line',
          name: at('forecast.forecast'),
          color: BLUE,
          symbol: 'none',
          lineStyle: { type: 'dashed', width: 2 },
          data: points.map((p) => p.forecast),
          markLine: campaigns.length
            ? {
                symbol: 'none',
                lineStyle: { color: '#fa541c', type: 'dotted' },
                label: { formatter: '{b}', color: '#fa541c' },
                data: campaigns.map((c) => ({
                  xAxis: c.day,
                  name: known('forecast.campaigns', c.campaign ?? ''),
                })),
              }
            : undefined,
        },
      ],
    };
  }, [data, at, known, lang]);
  return <Chart option={option} height={360} data-testid="an-forecast-chart" />;
}
