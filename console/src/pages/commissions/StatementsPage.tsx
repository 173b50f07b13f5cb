// 结算单: the signed-in creator's, agency's, promoter's or merchant's monthly statements with CSV.
import { Flex, Typography } from 'antd';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { useDT } from '../distribution/dist-i18n';
import { StatementsTable } from './StatementsTable';

export default function StatementsPage() {
  const { dt } = useDT();
  const { user } = useAuth();
  return (
    <Flex vertical gap={16}>
      <PageHeader title={dt('statements.title')} />
      <Typography.Text type="secondary">{dt('statements.subtitle')}</Typography.Text>
      <StatementsTable partyType={user.role} partyId={user.partyId ?? undefined} canPay={false} />
    </Flex>
  );
}
