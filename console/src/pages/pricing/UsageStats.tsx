// What an offer or a coupon template did: orders, units, discount by funder and the GMV of
// the paid orders that used it, with the funder split as a small pie.
import { Card, Empty, Flex, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { UsageStats } from '../../api-types';
import { Chart, type ChartOption } from '../../components/Chart';
import type { Kpi } from '../../components/KpiCards';
import { formatFen, formatFenCompact, formatNumber } from '../../format';
import { useLang } from '../../use-lang';

const PLATFORM_COLOR = '#4d7cfe';
const MERCHANT_COLOR = '#fa8c16';

export function usageKpis(
  s: UsageStats,
  t: ReturnType<typeof useTranslation>['t'],
  lang: 'en' | 'zh',
): Kpi[] {
  const money = (key: string, label: string, fen: number): Kpi => ({
    key,
    label,
    value: formatFenCompact(fen, lang),
    full: formatFen(fen, lang),
  });
  return [
    { key: 'orders', label: t('stats.orders'), value: formatNumber(s.orders, lang) },
    { key: 'units', label: t('stats.units'), value: formatNumber(s.units, lang) },
    money('discount', t('stats.discount'), s.discount),
    money('gmv', t('stats.gmv'), s.gmv),
  ];
}

export function FunderChart({ platform, merchant }: { platform: number; merchant: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', valueFormatter: (v) => formatFen(Number(v), lang) },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          label: { formatter: (p) => `${p.name}\n${formatFen(Number(p.value), lang)}` },
          // A funder that paid nothing gets no slice (its zero label would crowd the other one).
          data: [
            { name: t('stats.platform'), value: platform, itemStyle: { color: PLATFORM_COLOR } },
            { name: t('stats.merchant'), value: merchant, itemStyle: { color: MERCHANT_COLOR } },
          ].filter((d) => d.value > 0),
        },
      ],
    }),
    [platform, merchant, t, lang],
  );
  return (
    <Card size="small" title={t('stats.costByFunder')}>
      {platform + merchant === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.noCost')} />
      ) : (
        <Chart option={option} height={240} data-testid="funder-chart" />
      )}
    </Card>
  );
}

/** The funder split in numbers next to the pie, so the amounts read without hovering. */
export function FunderFigures({ platform, merchant }: { platform: number; merchant: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Flex gap={24} wrap>
      <Typography.Text>
        <span style={{ color: PLATFORM_COLOR }}>●</span> {t('stats.platformFunded')}:{' '}
        <strong data-testid="stat-platform">{formatFen(platform, lang)}</strong>
      </Typography.Text>
      <Typography.Text>
        <span style={{ color: MERCHANT_COLOR }}>●</span> {t('stats.merchantFunded')}:{' '}
        <strong data-testid="stat-merchant">{formatFen(merchant, lang)}</strong>
      </Typography.Text>
    </Flex>
  );
}
