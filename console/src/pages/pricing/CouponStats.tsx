// A coupon template's performance: how many were claimed, are held, reserved by open orders,
// redeemed and returned; what they cost each funder; the GMV of the orders that used them.
import { Drawer, Flex, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CouponTemplate } from '../../api-types';
import { KpiCards } from '../../components/KpiCards';
import { QueryError } from '../../components/QueryError';
import { formatNumber } from '../../format';
import { useTemplateStats } from '../../queries';
import { useLang } from '../../use-lang';
import { FunderChart, FunderFigures, usageKpis } from './UsageStats';

export function CouponStatsDrawer({
  template,
  onClose,
}: {
  template: CouponTemplate | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data, error, refetch } = useTemplateStats(template?.id ?? null);
  const n = (v: number) => formatNumber(v, lang);
  return (
    <Drawer
      open={template !== null}
      onClose={onClose}
      size={640}
      title={template ? t('stats.templateTitle', { name: template.name }) : ''}
    >
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16} data-testid="coupon-stats">
          <KpiCards
            items={[
              {
                key: 'claimed',
                label: t('stats.claimed'),
                value: `${n(data.claimed)} / ${n(data.totalQuantity)}`,
              },
              { key: 'available', label: t('stats.available'), value: n(data.available) },
              { key: 'reserved', label: t('stats.reserved'), value: n(data.reserved) },
              { key: 'redeemed', label: t('stats.redeemed'), value: n(data.redeemed) },
              { key: 'returned', label: t('stats.returned'), value: n(data.returned) },
              { key: 'expired', label: t('stats.expired'), value: n(data.expired) },
            ]}
          />
          <KpiCards items={usageKpis(data, t, lang)} />
          <FunderFigures platform={data.platformFunded} merchant={data.merchantFunded} />
          <FunderChart platform={data.platformFunded} merchant={data.merchantFunded} />
          <Typography.Text type="secondary">{t('stats.note')}</Typography.Text>
        </Flex>
      )}
    </Drawer>
  );
}
