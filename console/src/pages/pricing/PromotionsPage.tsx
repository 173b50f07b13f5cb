// Promotions (营销活动): a merchant's own offers, or for operators every offer with a merchant
// filter. Filters live in the URL; create and edit open a drawer; stats open another.
import { Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OFFER_KINDS, type Offer, PLATFORM_OFFER_KINDS } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { formatInstant } from '../../format';
import { useMerchantProducts, useOffers } from '../../queries';
import { useLang } from '../../use-lang';
import { useListState } from './ListFilters';
import { OfferFormDrawer } from './OfferForm';
import { OfferStatsDrawer } from './OfferStats';
import { PromoTable } from './PromoTable';
import { offerText } from './rule-text';
import { RuleCell } from './StatusTag';

const PAGE_SIZE = 20;

export default function PromotionsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const [state, update] = useListState();
  const query = useOffers({
    merchantId: operator ? state.merchantId : undefined,
    status: state.status,
    kind: state.kind,
    limit: PAGE_SIZE,
    offset: (state.page - 1) * PAGE_SIZE,
  });
  const [editing, setEditing] = useState<{ offer: Offer | null } | null>(null);
  const [stats, setStats] = useState<Offer | null>(null);
  // A merchant's new offers start on its first store.
  const products = useMerchantProducts(operator ? undefined : (user.partyId ?? undefined));
  const defaultStore = products.data?.items[0]?.storeId;

  const kinds = (operator ? OFFER_KINDS : OFFER_KINDS.filter((k) => !PLATFORM_OFFER_KINDS.includes(k))).map(
    (k) => ({
      value: k,
      label: t(`pricing.offerKind.${k}`),
    }),
  );

  return (
    <Flex vertical gap={16}>
      <PromoTable<Offer>
        ns="promotions"
        testId="offers-table"
        newTestId="new-offer"
        kinds={kinds}
        kindLabel={(k) => t(`pricing.offerKind.${k}` as never)}
        state={state}
        update={update}
        operator={operator}
        query={query}
        pageSize={PAGE_SIZE}
        scrollX={operator ? 1100 : 1000}
        nameWidth={260}
        path={(o) => `/v1/pricing/offers/${encodeURIComponent(o.id)}`}
        listKey={['pricing', 'offers']}
        onNew={() => setEditing({ offer: null })}
        onEdit={(o) => setEditing({ offer: o })}
        onStats={setStats}
        columns={[
          {
            title: t('promotions.window'),
            key: 'window',
            width: 170,
            render: (_: unknown, o) => (
              <Flex vertical style={{ whiteSpace: 'nowrap' }}>
                <span>{formatInstant(o.startsAt)}</span>
                <Typography.Text type="secondary">{formatInstant(o.endsAt)}</Typography.Text>
              </Flex>
            ),
          },
          {
            title: t('promotions.rule'),
            key: 'rule',
            render: (_: unknown, o) => (
              <RuleCell
                text={offerText(o, t, lang)}
                group={o.group}
                stackable={o.stackable}
                testId="offer-rule"
              />
            ),
          },
        ]}
      />
      <OfferFormDrawer
        open={editing !== null}
        offer={editing?.offer ?? null}
        defaultStore={defaultStore}
        onClose={() => setEditing(null)}
      />
      <OfferStatsDrawer offer={stats} onClose={() => setStats(null)} />
    </Flex>
  );
}
