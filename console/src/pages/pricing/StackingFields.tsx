// How an offer or coupon combines with others: exclusion group, stackable flag, and for operators
// the platform's share of the discount.
import { Col, Input, Row, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { Field } from './Field';
import { ShareInput } from './inputs';

export function StackingFields({ funding }: { funding: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={12}>
        <Col span={12}>
          <Field issue="group" name="group" label={t('form.group')} extra={t('form.groupHint')}>
            <Input allowClear maxLength={64} />
          </Field>
        </Col>
        <Col span={12}>
          <Field
            issue="stackable"
            name="stackable"
            label={t('form.stackable')}
            extra={t('form.stackableHint')}
            valuePropName="checked"
          >
            <Switch />
          </Field>
        </Col>
      </Row>
      {funding && (
        <Field
          issue="platformFundedBp"
          name="platformFundedBp"
          label={t('form.platformFunded')}
          extra={t('form.platformFundedHint')}
        >
          <ShareInput style={{ maxWidth: 200 }} />
        </Field>
      )}
    </>
  );
}
