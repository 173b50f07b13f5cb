// Promotions (营销活动): a merchant's own offers, or for operators every offer with a merchant
// filter. Filters live in the URL; create and edit open a drawer; stats open another.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OFFER_KINDS, type Offer, PLATFORM_OFFER_KINDS } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant } from '../../format';
import { useMerchantProducts, useOffers } from '../../queries';
import { useLang } from '../../use-lang';
import { ListFilters, useListState } from './ListFilters';
import { OfferFormDrawer } from './OfferForm';
import { OfferStatsDrawer } from './OfferStats';
import { PromoActions } from './PromoActions';
import { offerText } from './rule-text';
import { PromoName, RuleCell, StatusTag } from './StatusTag';

const PAGE_SIZE = 20;

export default function PromotionsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const [state, update] = useListState();
  const { data, error, isFetching, refetch } = useOffers({
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
      <PageHeader
        title={t('promotions.title')}
        extra={
          <>
            <ListFilters state={state} update={update} kinds={kinds} operator={operator} />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ offer: null })}
              data-testid="new-offer"
            >
              {t('promotions.new')}
            </Button>
          </>
        }
      />
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Offer>
            rowKey="id"
            data-testid="offers-table"
            loading={isFetching}
            dataSource={data?.items ?? []}
            scroll={{ x: operator ? 1100 : 1000 }}
            locale={{ emptyText: t('promotions.empty') }}
            pagination={{
              current: state.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('promotions.total', { count: total }),
              onChange: (page) => update({ ...state, page }),
            }}
            columns={[
              {
                title: t('pricing.name'),
                dataIndex: 'name',
                width: 260,
                render: (name: string, o) => (
                  <PromoName name={name} id={o.id} kind={t(`pricing.offerKind.${o.kind}`)} />
                ),
              },
              {
                title: t('pricing.statusColumn'),
                dataIndex: 'status',
                width: 100,
                render: (status: Offer['status']) => <StatusTag status={status} />,
              },
              ...(operator
                ? [
                    {
                      title: t('pricing.merchant'),
                      dataIndex: 'merchantId',
                      width: 110,
                      render: (m?: string) => m ?? <Tag color="blue">{t('pricing.platform')}</Tag>,
                    },
                  ]
                : []),
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
              {
                title: t('pricing.actions'),
                key: 'actions',
                fixed: 'right',
                width: 210,
                render: (_: unknown, o) => (
                  <PromoActions
                    path={`/v1/pricing/offers/${encodeURIComponent(o.id)}`}
                    status={o.status}
                    listKey={['pricing', 'offers']}
                    endConfirm={t('promotions.endConfirm')}
                    onEdit={() => setEditing({ offer: o })}
                    onStats={() => setStats(o)}
                  />
                ),
              },
            ]}
          />
        </Card>
      )}
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
