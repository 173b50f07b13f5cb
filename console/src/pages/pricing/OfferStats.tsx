// A promotion's performance, in a drawer opened from its row.
import { useTranslation } from 'react-i18next';
import type { Offer } from '../../api-types';
import { useOfferStats } from '../../queries';
import { UsageDrawer } from './UsageDrawer';

export function OfferStatsDrawer({ offer, onClose }: { offer: Offer | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <UsageDrawer
      open={offer !== null}
      onClose={onClose}
      title={offer ? t('stats.offerTitle', { name: offer.name }) : ''}
      testId="offer-stats"
      query={useOfferStats(offer?.id ?? null)}
    />
  );
}
