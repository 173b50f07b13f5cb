// The end of both promotion forms (offers and coupon templates): the rarely used fields behind "More",
// the summary of what is still wrong after a submit, the live validation state and the two buttons.
import { Button, Col, Collapse, Flex, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { Field, IssueSummary } from './Field';
import { CountInput } from './inputs';
import type { LiveIssues } from './use-live-issues';
import { ValidationState } from './ValidationState';

/** Audience (filled by the audiences capability) and the priority the one-by-one baseline orders by. */
export function MoreFields() {
  const { t } = useTranslation();
  return (
    <Collapse
      size="small"
      style={{ marginBottom: 24 }}
      items={[
        {
          key: 'more',
          label: t('form.more'),
          forceRender: true,
          children: (
            <Row gutter={12}>
              <Col span={12}>
                <Field
                  issue="audienceId"
                  name="audienceId"
                  label={t('form.audienceId')}
                  extra={t('form.audienceHint')}
                >
                  <Input allowClear />
                </Field>
              </Col>
              <Col span={12}>
                <Field
                  issue="priority"
                  name="priority"
                  label={t('form.priority')}
                  extra={t('form.priorityHint')}
                >
                  <CountInput min={-1000} />
                </Field>
              </Col>
            </Row>
          ),
        },
      ]}
    />
  );
}

/** Issues left after a submit, whether the draft is valid, cancel and save (test ids `<testId>-cancel|save`). */
export function FormFooter(p: {
  live: LiveIssues;
  submitted: boolean;
  saving: boolean;
  editing: boolean;
  onCancel: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {p.submitted && <IssueSummary issues={p.live.all} />}
      <Flex justify="space-between" align="center" gap={12} style={{ marginTop: 16 }}>
        <ValidationState checking={p.live.checking} valid={p.live.valid} count={p.live.shown.length} />
        <Flex gap={8}>
          <Button onClick={p.onCancel} data-testid={`${p.testId}-cancel`}>
            {t('form.cancel')}
          </Button>
          <Button type="primary" htmlType="submit" loading={p.saving} data-testid={`${p.testId}-save`}>
            {p.editing ? t('form.save') : t('form.create')}
          </Button>
        </Flex>
      </Flex>
    </>
  );
}
