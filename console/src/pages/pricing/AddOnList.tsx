// 凑单: how much more reaches each next tier, and the SKUs that fill the gap most closely.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AddOnSuggestion } from '../../api-types';
import { formatFen, formatYuan } from '../../format';
import { useLang } from '../../use-lang';

interface AddOnListProps {
  suggestions: AddOnSuggestion[] | undefined;
  loading: boolean;
  onAdd: (skuId: string, price: number) => void;
}

export function AddOnList({ suggestions, loading, onAdd }: AddOnListProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const money = (fen: number) => formatFen(fen, lang);
  return (
    <Card size="small" title={t('simulator.addOns')}>
      {!loading && !suggestions?.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('simulator.noAddOns')} />
      ) : (
        <List<AddOnSuggestion>
          loading={loading}
          data-testid="addon-list"
          dataSource={suggestions ?? []}
          renderItem={(s) => (
            <List.Item data-testid="addon">
              <Flex vertical gap={6} style={{ width: '100%' }}>
                <Typography.Text>
                  {s.unit === 'fen'
                    ? t('simulator.addOnGap', {
                        gap: money(s.gap),
                        next: formatYuan(s.nextMin),
                        name: s.name,
                        saving: money(s.nextSaving),
                      })
                    : t('simulator.addOnGapItems', {
                        count: s.gap,
                        name: s.name,
                        saving: money(s.nextSaving),
                      })}
                </Typography.Text>
                <Flex gap={8} wrap>
                  {s.items.map((i) => (
                    <Button
                      key={i.skuId}
                      size="small"
                      icon={<PlusOutlined />}
                      onClick={() => onAdd(i.skuId, i.price)}
                      data-testid="addon-sku"
                    >
                      {t('simulator.addSku', { sku: i.skuId, price: money(i.price) })}
                    </Button>
                  ))}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
