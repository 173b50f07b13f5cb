// The simulator's cart: pick a product of the merchant (searched by title or id) and one of its
// SKUs, or type any SKU id; set quantities; remove lines.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Flex, Form, InputNumber, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MerchantProduct } from '../../api-types';
import { formatFen } from '../../format';
import { useMerchantProducts } from '../../queries';
import { useLang } from '../../use-lang';
import { useDebounced } from './use-live-issues';

export interface CartLine {
  skuId: string;
  quantity: number;
  /** What the picker knew about the SKU, for display only. */
  title?: string;
  price?: number;
}

interface CartBuilderProps {
  merchantId?: string;
  lines: CartLine[];
  onChange: (lines: CartLine[]) => void;
}

export function CartBuilder({ merchantId, lines, onChange }: CartBuilderProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const [q, setQ] = useState('');
  const search = useDebounced(q, 250);
  const { data, isFetching } = useMerchantProducts(merchantId, search);
  const [productId, setProductId] = useState<string>();
  const [skuId, setSkuId] = useState('');
  const [quantity, setQuantity] = useState(1);
  const products = data?.items ?? [];
  const product = products.find((p) => p.id === productId);

  const pick = (id: string) => {
    setProductId(id);
    const p = products.find((x) => x.id === id);
    setSkuId(p?.skus?.find((s) => s.stock > 0)?.id ?? p?.skus?.[0]?.id ?? '');
  };

  const add = () => {
    const id = skuId.trim();
    if (!id) return;
    const sku = product?.skus?.find((s) => s.id === id);
    const existing = lines.find((l) => l.skuId === id);
    if (existing)
      onChange(lines.map((l) => (l.skuId === id ? { ...l, quantity: l.quantity + quantity } : l)));
    else
      onChange([
        ...lines,
        { skuId: id, quantity, title: sku ? product?.title : undefined, price: sku?.price },
      ]);
  };

  return (
    <Flex vertical gap={12}>
      <Form layout="vertical" component="div">
        <Flex gap={12} wrap align="flex-end">
          <Form.Item label={t('simulator.product')} style={{ flex: '1 1 100%', marginBottom: 0 }}>
            <Select
              data-testid="sim-product"
              disabled={!merchantId}
              placeholder={merchantId ? t('simulator.productPlaceholder') : t('simulator.pickMerchant')}
              showSearch={{ filterOption: false, onSearch: setQ }}
              loading={isFetching}
              value={productId}
              onChange={pick}
              options={products.map((p) => productOption(p, t, lang))}
              optionLabelProp="title"
            />
          </Form.Item>
          <Form.Item label={t('simulator.sku')} style={{ flex: '1 1 200px', marginBottom: 0 }}>
            <AutoComplete
              data-testid="sim-sku"
              value={skuId}
              onChange={(v: string) => setSkuId(v)}
              placeholder={t('simulator.skuPlaceholder')}
              options={(product?.skus ?? []).map((s) => ({
                value: s.id,
                label: `${s.id} · ${formatFen(s.price, lang)} · ${t('simulator.inStock', { count: s.stock })}`,
              }))}
            />
          </Form.Item>
          <Form.Item label={t('simulator.quantity')} style={{ width: 96, marginBottom: 0 }}>
            <InputNumber<number>
              data-testid="sim-qty"
              min={1}
              max={999}
              precision={0}
              value={quantity}
              onChange={(n) => setQuantity(n ?? 1)}
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Button icon={<PlusOutlined />} onClick={add} disabled={!skuId.trim()} data-testid="sim-add">
            {t('simulator.add')}
          </Button>
        </Flex>
      </Form>
      <Table<CartLine>
        size="small"
        rowKey="skuId"
        data-testid="sim-cart"
        pagination={false}
        dataSource={lines}
        locale={{ emptyText: t('simulator.emptyCart') }}
        columns={[
          {
            title: t('simulator.sku'),
            dataIndex: 'skuId',
            render: (id: string, l) => (
              <Flex vertical>
                <span>{id}</span>
                {l.title && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {l.title}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          {
            title: t('simulator.listPrice'),
            dataIndex: 'price',
            align: 'right',
            render: (p?: number) => (p === undefined ? '—' : formatFen(p, lang)),
          },
          {
            title: t('simulator.quantity'),
            dataIndex: 'quantity',
            width: 110,
            render: (n: number, l) => (
              <InputNumber<number>
                size="small"
                min={1}
                max={999}
                precision={0}
                value={n}
                onChange={(v) =>
                  onChange(lines.map((x) => (x.skuId === l.skuId ? { ...x, quantity: v ?? 1 } : x)))
                }
              />
            ),
          },
          {
            key: 'remove',
            width: 48,
            render: (_: unknown, l) => (
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('simulator.remove')}
                title={t('simulator.remove')}
                onClick={() => onChange(lines.filter((x) => x.skuId !== l.skuId))}
              />
            ),
          },
        ]}
      />
    </Flex>
  );
}

function productOption(p: MerchantProduct, t: ReturnType<typeof useTranslation>['t'], lang: 'en' | 'zh') {
  const delisted = p.status !== 'listed';
  return {
    value: p.id,
    title: p.title,
    disabled: delisted,
    label: (
      <Flex justify="space-between" gap={12}>
        <Typography.Text ellipsis style={{ maxWidth: 360 }}>
          {p.title}
        </Typography.Text>
        <Typography.Text type="secondary">
          {delisted ? t('simulator.delisted') : formatFen(p.minPrice, lang)}
        </Typography.Text>
      </Flex>
    ),
  };
}
