// Which items an offer or coupon covers: stores, then optional item lists (SKUs, products,
// categories, brands), then exclusions. Known stores and products are offered; any id can be typed.
import { Collapse, Form, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMerchantProducts } from '../../queries';
import { Field } from './Field';
import { IdsSelect } from './inputs';

const LISTS = [
  ['skuIds', 'form.skus'],
  ['productIds', 'form.products'],
  ['categoryIds', 'form.categories'],
  ['brandIds', 'form.brands'],
] as const;

interface ScopeEditorProps {
  /** Whose stores and products to offer (none for platform offers). */
  merchantId?: string;
  storesRequired: boolean;
}

export function ScopeEditor({ merchantId, storesRequired }: ScopeEditorProps) {
  const { t } = useTranslation();
  const { data } = useMerchantProducts(merchantId);
  const products = data?.items;
  const stores = useMemo(
    () => [...new Set((products ?? []).map((p) => p.storeId))].map((s) => ({ value: s, label: s })),
    [products],
  );
  const productOptions = useMemo(
    () => (products ?? []).map((p) => ({ value: p.id, label: `${p.title} (${p.id})` })),
    [products],
  );
  const optionsFor = (key: string) => (key === 'productIds' ? productOptions : undefined);
  const scope = Form.useWatch('scope');
  const hasItems =
    !!scope && (LISTS.some(([k]) => scope[k]?.length) || LISTS.some(([k]) => scope.exclude?.[k]?.length));

  return (
    <>
      <Field
        issue="scope.storeIds"
        nested
        name={['scope', 'storeIds']}
        label={t('form.stores')}
        extra={storesRequired ? undefined : t('form.storesHint')}
        rules={storesRequired ? [{ required: true, message: t('issues.storesRequired') }] : undefined}
      >
        <IdsSelect data-testid="scope-stores" options={stores} />
      </Field>
      <Collapse
        size="small"
        defaultActiveKey={hasItems ? ['items'] : []}
        style={{ marginBottom: 24 }}
        items={[
          {
            key: 'items',
            forceRender: true,
            label: `${t('form.products')} · ${t('form.exclude')}`,
            children: (
              <>
                <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                  {t('form.scopeHint')}
                </Typography.Paragraph>
                {LISTS.map(([key, label]) => (
                  <Field key={key} issue={`scope.${key}`} nested name={['scope', key]} label={t(label)}>
                    <IdsSelect options={optionsFor(key)} />
                  </Field>
                ))}
                <Typography.Text strong>{t('form.exclude')}</Typography.Text>
                {LISTS.map(([key, label]) => (
                  <Field
                    key={key}
                    issue={`scope.exclude.${key}`}
                    nested
                    name={['scope', 'exclude', key]}
                    label={t(label)}
                  >
                    <IdsSelect options={optionsFor(key)} />
                  </Field>
                ))}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
