// Coupon templates (优惠券): list with filters, create and edit in a drawer, stats per template.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COUPON_KINDS, type CouponTemplate, PLATFORM_COUPON_KINDS } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant, formatNumber } from '../../format';
import { useMerchantProducts, useTemplates } from '../../queries';
import { useLang } from '../../use-lang';
import { CouponStatsDrawer } from './CouponStats';
import { CouponTemplateDrawer } from './CouponTemplateForm';
import { ListFilters, useListState } from './ListFilters';
import { PromoActions } from './PromoActions';
import { couponRuleText } from './rule-text';
import { PromoName, RuleCell, StatusTag } from './StatusTag';

const PAGE_SIZE = 20;

export default function CouponsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const [state, update] = useListState();
  const { data, error, isFetching, refetch } = useTemplates({
    merchantId: operator ? state.merchantId : undefined,
    status: state.status,
    kind: state.kind,
    limit: PAGE_SIZE,
    offset: (state.page - 1) * PAGE_SIZE,
  });
  const [editing, setEditing] = useState<{ template: CouponTemplate | null } | null>(null);
  const [stats, setStats] = useState<CouponTemplate | null>(null);
  const products = useMerchantProducts(operator ? undefined : (user.partyId ?? undefined));
  const defaultStore = products.data?.items[0]?.storeId;
  const kinds = (
    operator ? COUPON_KINDS : COUPON_KINDS.filter((k) => !PLATFORM_COUPON_KINDS.includes(k))
  ).map((k) => ({
    value: k,
    label: t(`pricing.couponKind.${k}`),
  }));

  const validity = (c: CouponTemplate) =>
    c.validity.days !== undefined
      ? t('coupons.validDays', { count: c.validity.days })
      : `${formatInstant(c.validity.from ?? '')} – ${formatInstant(c.validity.to ?? '')}`;

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('coupons.title')}
        extra={
          <>
            <ListFilters state={state} update={update} kinds={kinds} operator={operator} />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ template: null })}
              data-testid="new-coupon"
            >
              {t('coupons.new')}
            </Button>
          </>
        }
      />
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<CouponTemplate>
            rowKey="id"
            data-testid="coupons-table"
            loading={isFetching}
            dataSource={data?.items ?? []}
            scroll={{ x: operator ? 1200 : 1100 }}
            locale={{ emptyText: t('coupons.empty') }}
            pagination={{
              current: state.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('coupons.total', { count: total }),
              onChange: (page) => update({ ...state, page }),
            }}
            columns={[
              {
                title: t('pricing.name'),
                dataIndex: 'name',
                width: 240,
                render: (name: string, c) => (
                  <PromoName name={name} id={c.id} kind={t(`pricing.couponKind.${c.kind}`)} />
                ),
              },
              {
                title: t('pricing.statusColumn'),
                dataIndex: 'status',
                width: 100,
                render: (status: CouponTemplate['status']) => <StatusTag status={status} />,
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
                title: t('coupons.rule'),
                key: 'rule',
                render: (_: unknown, c) => (
                  <RuleCell
                    text={couponRuleText(c.rule, t, lang)}
                    group={c.group}
                    stackable={c.stackable}
                    testId="coupon-rule"
                  />
                ),
              },
              {
                title: t('coupons.claimed'),
                key: 'claimed',
                width: 120,
                align: 'right',
                render: (_: unknown, c) =>
                  `${formatNumber(c.claimed, lang)} / ${formatNumber(c.totalQuantity, lang)}`,
              },
              {
                title: t('coupons.claim'),
                key: 'claim',
                width: 170,
                render: (_: unknown, c) => (
                  <Flex vertical style={{ whiteSpace: 'nowrap' }}>
                    <span>{formatInstant(c.claimStartsAt)}</span>
                    <Typography.Text type="secondary">{formatInstant(c.claimEndsAt)}</Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('coupons.validity'),
                key: 'validity',
                render: (_: unknown, c) => <span style={{ whiteSpace: 'nowrap' }}>{validity(c)}</span>,
              },
              {
                title: t('pricing.actions'),
                key: 'actions',
                fixed: 'right',
                width: 210,
                render: (_: unknown, c) => (
                  <PromoActions
                    path={`/v1/pricing/coupon-templates/${encodeURIComponent(c.id)}`}
                    status={c.status}
                    listKey={['pricing', 'templates']}
                    endConfirm={t('coupons.endConfirm')}
                    onEdit={() => setEditing({ template: c })}
                    onStats={() => setStats(c)}
                  />
                ),
              },
            ]}
          />
        </Card>
      )}
      <CouponTemplateDrawer
        open={editing !== null}
        template={editing?.template ?? null}
        defaultStore={defaultStore}
        onClose={() => setEditing(null)}
      />
      <CouponStatsDrawer template={stats} onClose={() => setStats(null)} />
    </Flex>
  );
}
