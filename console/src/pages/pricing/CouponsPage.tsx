// Coupon templates (优惠券): list with filters, create and edit in a drawer, stats per template.
import { Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COUPON_KINDS, type CouponTemplate, PLATFORM_COUPON_KINDS } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { formatInstant, formatNumber } from '../../format';
import { useMerchantProducts, useTemplates } from '../../queries';
import { useLang } from '../../use-lang';
import { CouponStatsDrawer } from './CouponStats';
import { CouponTemplateDrawer } from './CouponTemplateForm';
import { useListState } from './ListFilters';
import { PromoTable } from './PromoTable';
import { couponRuleText } from './rule-text';
import { RuleCell } from './StatusTag';

const PAGE_SIZE = 20;

export default function CouponsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const [state, update] = useListState();
  const query = useTemplates({
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
      <PromoTable<CouponTemplate>
        ns="coupons"
        testId="coupons-table"
        newTestId="new-coupon"
        kinds={kinds}
        kindLabel={(k) => t(`pricing.couponKind.${k}` as never)}
        state={state}
        update={update}
        operator={operator}
        query={query}
        pageSize={PAGE_SIZE}
        scrollX={operator ? 1200 : 1100}
        nameWidth={240}
        path={(c) => `/v1/pricing/coupon-templates/${encodeURIComponent(c.id)}`}
        listKey={['pricing', 'templates']}
        onNew={() => setEditing({ template: null })}
        onEdit={(c) => setEditing({ template: c })}
        onStats={setStats}
        columns={[
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
        ]}
      />
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
