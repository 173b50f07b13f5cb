// 达人口碑分 (creators): the creator's own word-of-mouth score, explained like a store's.
import { Flex } from 'antd';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { ScoreExplanation } from './ScoreExplanation';
import { useST } from './score-i18n';

export default function CreatorScorePage() {
  const { st } = useST();
  const { user } = useAuth();
  return (
    <Flex vertical gap={8}>
      <PageHeader title={st('title.creator')} />
      <ScoreExplanation kind="creator" id={user.partyId ?? ''} />
    </Flex>
  );
}
