// Each line's price path (like Taobao's final_promotion_path): list price × quantity, then every
// discount in layer order (item → store → cross-store → coupon → points) with what remains.
import { Card, Flex, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Layer, QuotedLine } from '../../api-types';
import { formatFen, formatInstant } from '../../format';
import { useLang } from '../../use-lang';

export const LAYER_COLORS: Record<Layer, string> = {
  item: 'magenta',
  store: 'orange',
  cross: 'geekblue',
  coupon: 'green',
  points: 'gold',
};

export function PricePath({ line, title }: { line: QuotedLine; title?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const money = (fen: number) => formatFen(fen, lang);
  return (
    <Card
      size="small"
      data-testid="price-path"
      data-sku={line.skuId}
      title={
        <Flex gap={8} align="baseline" wrap>
          <span>{line.skuId}</span>
          {title && (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320, fontWeight: 'normal' }}>
              {title}
            </Typography.Text>
          )}
        </Flex>
      }
      extra={
        <Typography.Text type="secondary">{t('simulator.store', { store: line.storeId })}</Typography.Text>
      }
    >
      <Timeline
        items={[
          {
            color: 'gray',
            content: (
              <Flex justify="space-between" gap={12}>
                <span>
                  {t('simulator.listPrice')} {money(line.unitPrice)}{' '}
                  {t('simulator.qty', { count: line.quantity })}
                </span>
                <strong>{money(line.amount)}</strong>
              </Flex>
            ),
          },
          ...line.path.map((s) => ({
            color: 'blue',
            content: (
              <Flex justify="space-between" gap={12} data-testid="path-step" data-layer={s.layer}>
                <Flex gap={8} align="center" wrap>
                  <Tag color={LAYER_COLORS[s.layer]} style={{ marginInlineEnd: 0 }}>
                    {t(`pricing.layer.${s.layer}`)}
                  </Tag>
                  <span>{s.name}</span>
                </Flex>
                <span style={{ whiteSpace: 'nowrap' }}>
                  <Typography.Text type="danger">−{money(s.amount)}</Typography.Text>
                  <Typography.Text type="secondary"> → {money(s.after)}</Typography.Text>
                </span>
              </Flex>
            ),
          })),
          {
            color: 'green',
            content: (
              <Flex justify="space-between" gap={12}>
                <span>
                  {line.path.length === 0 ? t('simulator.noDiscount') : t('simulator.pays')}
                  {line.presale && (
                    <Typography.Text type="secondary">
                      {' · '}
                      {t('simulator.deposit', {
                        deposit: money(line.presale.deposit),
                        balance: money(line.presale.balance),
                        from: formatInstant(line.presale.balanceStartsAt),
                      })}
                    </Typography.Text>
                  )}
                </span>
                <strong data-testid="line-paid">{money(line.paid)}</strong>
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}
