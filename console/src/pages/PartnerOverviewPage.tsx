// Creators, agencies and promoters: nothing to show until commissions exist. Say so plainly.
import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';

export default function PartnerOverviewPage() {
  const { t } = useTranslation();
  return (
    <Card data-testid="partner-placeholder">
      <Result status="info" title={t('partner.title')} subTitle={t('partner.body')} />
    </Card>
  );
}
