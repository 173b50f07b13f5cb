import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Integration accounts use the API; the console only points them to its reference. */
export default function IntegrationPage() {
  const { t } = useTranslation();
  return (
    <Card>
      <Result status="info" title={t('integration.title')} subTitle={t('integration.body')} />
    </Card>
  );
}
