// 实时概况: today so far (GMV, orders, buyers, visitors, conversion) against yesterday up to the same minute,
// asked again every 5 s, with today's cumulative GMV drawn over yesterday's by minute.
import { Card, Flex, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { formatFen, formatFenAxis, formatFenCompact, formatInstant, formatNumber } from '../../format';
import { changeOf, minuteLabel, pct } from './an-format';
import { useAT } from './an-i18n';
import { useRealtime } from './an-queries';
import type { Realtime, RealtimeKpis } from './an-types';
import { Change, DataCard, Figure, FigureGrid } from './ui';

const CARDS = ['gmv', 'orders', 'buyers', 'visitors', 'conversion'] as const;

export function RealtimePanel({ merchantId }: { merchantId: string }) {
  const { at, lang } = useAT();
  const q = useRealtime(merchantId, true);
  const d = q.data;
  const value = (k: (typeof CARDS)[number], kpis: RealtimeKpis) =>
    k === 'gmv'
      ? formatFenCompact(kpis.gmv, lang)
      : k === 'conversion'
        ? pct(kpis.conversion, 2)
        : formatNumber(kpis[k], lang);
  const change = (k: (typeof CARDS)[number], r: Realtime) =>
    k === 'conversion'
      ? r.today.conversion !== null && r.yesterdaySameTime.conversion
        ? changeOf(r.today.conversion, r.yesterdaySameTime.conversion)
        : null
      : changeOf(r.today[k], r.yesterdaySameTime[k]);

  return (
    <Card
      size="small"
      data-testid="an-realtime"
      title={
        <Flex gap={8} align="center" wrap>
          <span>{at('realtime.title')}</span>
          <Tag color={q.isError ? 'red' : 'green'} style={{ marginInlineEnd: 0 }}>
            {at('realtime.every5s')}
          </Tag>
        </Flex>
      }
      extra={
        d ? (
          <Typography.Text type="secondary" data-testid="an-realtime-asof" data-asof={d.asOf}>
            {at('realtime.asOf', { at: formatInstant(d.asOf), s: Math.round(d.freshnessMs / 1000) })}
          </Typography.Text>
        ) : null
      }
    >
      <Flex vertical gap={12}>
        <FigureGrid min={150}>
          {CARDS.map((k) => (
            <Figure
              key={k}
              testId={`rt-${k}`}
              label={at(`kpi.${k}`)}
              value={d ? value(k, d.today) : '—'}
              title={d && k === 'gmv' ? formatFen(d.today.gmv, lang) : undefined}
              sub={
                d ? (
                  <Change
                    value={change(k, d)}
                    label={at('realtime.vsYesterday', { v: value(k, d.yesterdaySameTime) })}
                  />
                ) : null
              }
            />
          ))}
        </FigureGrid>
        <MinuteChart data={d} />
      </Flex>
    </Card>
  );
}

function MinuteChart({ data }: { data: Realtime | undefined }) {
  const { at, lang } = useAT();
  const option = useMemo<ChartOption>(
    () => ({
      color: ['#4d7cfe', '#bfbfbf'],
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatFen(Number(v), lang) },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: (data?.minutes ?? []).map((m) => minuteLabel(m.minute)),
      },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatFenAxis(v, lang) } },
      series: [
        {
          type: 'line',
          name: at('realtime.today'),
          showSymbol: false,
          areaStyle: { opacity: 0.12 },
          data: (data?.minutes ?? []).map((m) => m.cumGmv),
        },
        {
          type: 'line',
          name: at('realtime.yesterday'),
          showSymbol: false,
          lineStyle: { type: 'dashed' },
          data: (data?.minutes ?? []).map((m) => m.yesterdayCumGmv),
        },
      ],
    }),
    [data, at, lang],
  );
  return (
    <DataCard
      title={at('realtime.cumulative')}
      empty={!data || data.minutes.length === 0}
      testId="an-minutes"
    >
      <Chart option={option} height={240} data-testid="an-minute-chart" />
    </DataCard>
  );
}
