// The offer's rule, adapting to its type: item prices (fixed, amount off, rate) for item kinds;
// tiers, every-X-off-Y, N件M折, N元任选M件 and buy-X-get-Y for thresholds. Values in fen and bp.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ITEM_RULE_TYPES, type OfferRuleType, THRESHOLD_RULE_TYPES } from '../../api-types';
import { Field } from './Field';
import { CountInput, FenInput, RateInput } from './inputs';

const TIER_TYPES = new Set<OfferRuleType>(['amount_tiers', 'percent_tiers', 'qty_percent_tiers']);

export function RuleEditor({ item }: { item: boolean }) {
  const { t } = useTranslation();
  const type = Form.useWatch(['rule', 'type']) as OfferRuleType | undefined;
  const types = item ? ITEM_RULE_TYPES : THRESHOLD_RULE_TYPES;
  return (
    <>
      <Field issue="rule.type" name={['rule', 'type']} label={t('form.ruleType')}>
        <Select
          data-testid="rule-type"
          options={types.map((v) => ({ value: v, label: t(`pricing.ruleType.${v}`) }))}
        />
      </Field>
      {type && TIER_TYPES.has(type) ? <TierList type={type} /> : type ? <FlatRule type={type} /> : null}
    </>
  );
}

function FlatRule({ type }: { type: OfferRuleType }) {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('form.required') }];
  switch (type) {
    case 'price':
      return (
        <Field issue="rule.price" name={['rule', 'price']} label={t('form.price')} rules={required}>
          <FenInput />
        </Field>
      );
    case 'off':
      return (
        <Field issue="rule.off" name={['rule', 'off']} label={t('form.offEach')} rules={required}>
          <FenInput />
        </Field>
      );
    case 'rate':
      return (
        <Field issue="rule.rateBp" name={['rule', 'rateBp']} label={t('form.rate')} rules={required}>
          <RateInput />
        </Field>
      );
    case 'amount_every':
      return (
        <Row gutter={12}>
          <Col span={8}>
            <Field issue="rule.every" name={['rule', 'every']} label={t('form.every')} rules={required}>
              <FenInput />
            </Field>
          </Col>
          <Col span={8}>
            <Field issue="rule.off" name={['rule', 'off']} label={t('form.everyOff')} rules={required}>
              <FenInput />
            </Field>
          </Col>
          <Col span={8}>
            <Field issue="rule.cap" name={['rule', 'cap']} label={t('form.cap')} extra={t('form.capHint')}>
              <FenInput />
            </Field>
          </Col>
        </Row>
      );
    case 'qty_fixed_price':
      return (
        <Row gutter={12}>
          <Col span={12}>
            <Field issue="rule.qty" name={['rule', 'qty']} label={t('form.qty')} rules={required}>
              <CountInput />
            </Field>
          </Col>
          <Col span={12}>
            <Field issue="rule.price" name={['rule', 'price']} label={t('form.groupPrice')} rules={required}>
              <FenInput />
            </Field>
          </Col>
        </Row>
      );
    case 'buy_x_get_y':
      return (
        <Row gutter={12}>
          <Col span={8}>
            <Field issue="rule.buy" name={['rule', 'buy']} label={t('form.buy')} rules={required}>
              <CountInput />
            </Field>
          </Col>
          <Col span={8}>
            <Field issue="rule.get" name={['rule', 'get']} label={t('form.get')} rules={required}>
              <CountInput />
            </Field>
          </Col>
          <Col span={8}>
            <Field
              issue="rule.maxApplications"
              name={['rule', 'maxApplications']}
              label={t('form.maxApplications')}
            >
              <CountInput placeholder={t('form.noLimit')} />
            </Field>
          </Col>
        </Row>
      );
    default:
      return null;
  }
}

/** Tiers from the lowest threshold up; each row reads like the rule: 满 [199] 减 [20]. */
function TierList({ type }: { type: OfferRuleType }) {
  const { t } = useTranslation();
  const byQty = type === 'qty_percent_tiers';
  const minKey = byQty ? 'minQty' : 'min';
  const valueKey = type === 'amount_tiers' ? 'off' : 'rateBp';
  return (
    <Field issue="rule.tiers" label={null} style={{ marginBottom: 0 }}>
      <Form.List name={['rule', 'tiers']}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Row key={f.key} gutter={12} align="top" data-testid={`tier-${i}`}>
                <Col flex="72px" style={{ paddingTop: 34 }}>
                  <Typography.Text type="secondary">{t('form.tier', { n: i + 1 })}</Typography.Text>
                </Col>
                <Col flex="1">
                  <Field
                    issue={`rule.tiers.${i}.${minKey}`}
                    name={[f.name, minKey]}
                    label={byQty ? t('form.tierMinQty') : t('form.tierMin')}
                    rules={[{ required: true, message: t('form.required') }]}
                  >
                    {byQty ? <CountInput /> : <FenInput />}
                  </Field>
                </Col>
                <Col flex="1">
                  <Field
                    issue={`rule.tiers.${i}.${valueKey}`}
                    name={[f.name, valueKey]}
                    label={valueKey === 'off' ? t('form.tierOff') : t('form.tierRate')}
                    rules={[{ required: true, message: t('form.required') }]}
                  >
                    {valueKey === 'off' ? <FenInput /> : <RateInput />}
                  </Field>
                </Col>
                <Col flex="32px" style={{ paddingTop: 30 }}>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('form.removeTier')}
                    title={t('form.removeTier')}
                    disabled={fields.length === 1}
                    onClick={() => remove(f.name)}
                  />
                </Col>
              </Row>
            ))}
            <Button
              data-testid="add-tier"
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({})}
              disabled={fields.length >= 20}
              style={{ marginBottom: 24 }}
            >
              {t('form.addTier')}
            </Button>
          </>
        )}
      </Form.List>
    </Field>
  );
}
