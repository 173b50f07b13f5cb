import { CheckCircleOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Beside the save button: checking, fine, or how many problems the form shows. */
export function ValidationState({
  checking,
  valid,
  count,
}: {
  checking: boolean;
  valid: boolean;
  count: number;
}) {
  const { t } = useTranslation();
  if (checking)
    return (
      <Typography.Text type="secondary" data-testid="validation-state" data-state="checking">
        <LoadingOutlined /> {t('form.checking')}
      </Typography.Text>
    );
  if (valid)
    return (
      <Typography.Text type="success" data-testid="validation-state" data-state="valid">
        <CheckCircleOutlined /> {t('form.valid')}
      </Typography.Text>
    );
  if (count > 0)
    return (
      <Typography.Text type="danger" data-testid="validation-state" data-state="issues">
        <ExclamationCircleOutlined /> {t('form.fixFirst')}
      </Typography.Text>
    );
  return <span data-testid="validation-state" data-state="idle" />;
}
