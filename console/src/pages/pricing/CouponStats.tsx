// A coupon template's performance: how many were claimed, are held, reserved by open orders,
// redeemed and returned; what they cost each funder; the GMV of the orders that used them.
import { useTranslation } from 'react-i18next';
import type { CouponTemplate } from '../../api-types';
import { KpiCards } from '../../components/KpiCards';
import { formatNumber } from '../../format';
import { useTemplateStats } from '../../queries';
import { useLang } from '../../use-lang';
import { UsageDrawer } from './UsageDrawer';

export function CouponStatsDrawer({
  template,
  onClose,
}: {
  template: CouponTemplate | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const n = (v: number) => formatNumber(v, lang);
  return (
    <UsageDrawer
      open={template !== null}
      onClose={onClose}
      title={template ? t('stats.templateTitle', { name: template.name }) : ''}
      testId="coupon-stats"
      query={useTemplateStats(template?.id ?? null)}
      lead={(data) => (
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
      )}
    />
  );
}
