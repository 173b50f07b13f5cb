// A coupon's value: amount off above a minimum spend (满减券, 0 = 无门槛), or a percentage with a cap.
import { Col, Form, Radio, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { Field } from './Field';
import { FenInput, RateInput } from './inputs';

export function CouponRuleEditor() {
  const { t } = useTranslation();
  const type = Form.useWatch(['rule', 'type']) as 'amount' | 'percent' | undefined;
  const required = [{ required: true, message: t('form.required') }];
  return (
    <>
      <Field issue="rule.type" name={['rule', 'type']} label={t('couponForm.ruleType')}>
        <Radio.Group
          optionType="button"
          data-testid="coupon-rule-type"
          options={[
            { value: 'amount', label: t('couponForm.amount') },
            { value: 'percent', label: t('couponForm.percent') },
          ]}
        />
      </Field>
      <Row gutter={12}>
        <Col span={type === 'percent' ? 8 : 12}>
          <Field
            issue="rule.min"
            name={['rule', 'min']}
            label={t('couponForm.min')}
            extra={t('couponForm.minHint')}
            rules={required}
          >
            <FenInput />
          </Field>
        </Col>
        {type === 'percent' ? (
          <>
            <Col span={8}>
              <Field
                issue="rule.rateBp"
                name={['rule', 'rateBp']}
                label={t('couponForm.rate')}
                rules={required}
              >
                <RateInput />
              </Field>
            </Col>
            <Col span={8}>
              <Field
                issue="rule.maxOff"
                name={['rule', 'maxOff']}
                label={t('couponForm.maxOff')}
                extra={t('form.capHint')}
              >
                <FenInput />
              </Field>
            </Col>
          </>
        ) : (
          <Col span={12}>
            <Field issue="rule.off" name={['rule', 'off']} label={t('couponForm.off')} rules={required}>
              <FenInput />
            </Field>
          </Col>
        )}
      </Row>
    </>
  );
}
