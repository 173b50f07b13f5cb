// A promotion's performance, in a drawer opened from its row.
import { Drawer, Flex, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Offer } from '../../api-types';
import { KpiCards } from '../../components/KpiCards';
import { QueryError } from '../../components/QueryError';
import { useOfferStats } from '../../queries';
import { useLang } from '../../use-lang';
import { FunderChart, FunderFigures, usageKpis } from './UsageStats';

export function OfferStatsDrawer({ offer, onClose }: { offer: Offer | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data, error, refetch } = useOfferStats(offer?.id ?? null);
  return (
    <Drawer
      open={offer !== null}
      onClose={onClose}
      size={640}
      title={offer ? t('stats.offerTitle', { name: offer.name }) : ''}
    >
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16} data-testid="offer-stats">
          <KpiCards items={usageKpis(data, t, lang)} />
          <FunderFigures platform={data.platformFunded} merchant={data.merchantFunded} />
          <FunderChart platform={data.platformFunded} merchant={data.merchantFunded} />
          <Typography.Text type="secondary">{t('stats.note')}</Typography.Text>
        </Flex>
      )}
    </Drawer>
  );
}
