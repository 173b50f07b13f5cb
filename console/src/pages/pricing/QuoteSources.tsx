// The quote's offers and coupons: those applied, with their saving and who funds it, and those
// left out, each with the reason in words.
import { Card, Flex, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppliedSource, NotUsed, Quote } from '../../api-types';
import { formatFen } from '../../format';
import { useLang } from '../../use-lang';
import { LAYER_COLORS } from './PricePath';
import { reasonText } from './reason-text';

function kindLabel(t: ReturnType<typeof useTranslation>['t'], type: string, kind: string): string {
  if (type === 'offer') return t(`pricing.offerKind.${kind}` as never, { defaultValue: kind }) as string;
  if (type === 'coupon') return t(`pricing.couponKind.${kind}` as never, { defaultValue: kind }) as string;
  return t('pricing.sourceType.points');
}

export function AppliedTable({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const lang = useLang();
  const money = (fen: number) => formatFen(fen, lang);
  return (
    <Card size="small" title={t('simulator.applied')}>
      <Table<AppliedSource>
        size="small"
        rowKey={(a) => `${a.sourceType}:${a.id}`}
        data-testid="applied-table"
        pagination={false}
        dataSource={quote.applied}
        locale={{ emptyText: t('simulator.nothingApplied') }}
        columns={[
          {
            title: t('pricing.name'),
            dataIndex: 'name',
            render: (name: string, a) => (
              <Flex vertical gap={4} align="flex-start">
                <Typography.Text>{name}</Typography.Text>
                <Flex gap={4} wrap>
                  <Tag color={LAYER_COLORS[a.layer]} style={{ marginInlineEnd: 0 }}>
                    {t(`pricing.layer.${a.layer}`)}
                  </Tag>
                  <Tag style={{ marginInlineEnd: 0 }}>{kindLabel(t, a.sourceType, a.kind)}</Tag>
                </Flex>
              </Flex>
            ),
          },
          {
            title: t('simulator.saving'),
            dataIndex: 'saving',
            align: 'right',
            width: 110,
            render: (v: number) => <Typography.Text type="danger">−{money(v)}</Typography.Text>,
          },
          {
            title: t('simulator.funders'),
            key: 'funders',
            align: 'right',
            width: 150,
            render: (_: unknown, a) => (
              <Flex vertical style={{ whiteSpace: 'nowrap' }}>
                <span>
                  {t('stats.platform')} {money(a.platformFunded)}
                </span>
                <span>
                  {t('stats.merchant')} {money(a.merchantFunded)}
                </span>
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

export function UnusedTable({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const lang = useLang();
  const names = useMemo(
    () => new Map([...quote.notUsed, ...quote.applied].map((s) => [s.id, s.name] as const)),
    [quote],
  );
  return (
    <Card size="small" title={t('simulator.notUsed')}>
      <Table<NotUsed>
        size="small"
        rowKey={(n, i) => `${n.sourceType}:${n.id}:${i}`}
        data-testid="unused-table"
        pagination={false}
        dataSource={quote.notUsed}
        locale={{ emptyText: t('simulator.nothingUnused') }}
        columns={[
          {
            title: t('pricing.name'),
            dataIndex: 'name',
            width: '45%',
            render: (name: string, n) => (
              <Flex vertical gap={4} align="flex-start">
                <Typography.Text>{name}</Typography.Text>
                <Tag style={{ marginInlineEnd: 0 }}>{t(`pricing.sourceType.${n.sourceType}`)}</Tag>
              </Flex>
            ),
          },
          {
            title: t('simulator.reason'),
            key: 'reason',
            render: (_: unknown, n) => (
              <span data-testid="unused-reason" data-reason={n.reason} title={n.detail}>
                {reasonText(n, names, t, lang)}
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}
