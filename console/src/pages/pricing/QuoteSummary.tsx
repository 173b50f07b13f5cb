// The quote's headline: what the items cost, what the buyer pays, what applying offers one by one
// would have charged and how much the best combination saves over that; exact or heuristic.
import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Quote } from '../../api-types';
import { KpiCards } from '../../components/KpiCards';
import { formatFen, formatNumber } from '../../format';
import { useLang } from '../../use-lang';

export function QuoteSummary({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const lang = useLang();
  const money = (fen: number) => formatFen(fen, lang);
  const saved = quote.baselinePayAmount - quote.payAmount;
  return (
    <Flex vertical gap={12} data-testid="quote-summary">
      <KpiCards
        items={[
          { key: 'q-items', label: t('simulator.itemsAmount'), value: money(quote.itemsAmount) },
          { key: 'q-discount', label: t('simulator.discount'), value: money(quote.discountAmount) },
          { key: 'q-pay', label: t('simulator.pay'), value: money(quote.payAmount) },
          {
            key: 'q-baseline',
            label: <Tooltip title={t('simulator.baselineHint')}>{t('simulator.baseline')}</Tooltip>,
            value: money(quote.baselinePayAmount),
          },
          { key: 'q-saved', label: t('simulator.saved'), value: money(saved) },
        ]}
      />
      <Flex gap={8} wrap align="center">
        {quote.exact ? (
          <Tag icon={<CheckCircleOutlined />} color="success" data-testid="quote-exact" data-exact="true">
            {t('simulator.exact')}
          </Tag>
        ) : (
          <Tooltip title={quote.methodNote}>
            <Tag icon={<WarningOutlined />} color="warning" data-testid="quote-exact" data-exact="false">
              {t('simulator.heuristic')}
            </Tag>
          </Tooltip>
        )}
        <Typography.Text type="secondary">
          {t('simulator.nodes', {
            count: quote.searchNodes,
            formatted: formatNumber(quote.searchNodes, lang),
          })}
        </Typography.Text>
        {quote.pointsUsed > 0 && (
          <Typography.Text type="secondary">
            {t('simulator.points', { count: quote.pointsUsed, value: money(quote.pointsValue) })}
          </Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}
