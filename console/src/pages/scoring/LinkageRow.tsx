// What a score earns under the configuration in force: its traffic multiplier, and whether it admits
// the entity to platform campaigns and (stores) subsidies.
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { useST } from './score-i18n';
import type { ScoreView } from './score-types';

function Eligibility({ ok, testId }: { ok: boolean; testId: string }) {
  const { st } = useST();
  return (
    <Typography.Text type={ok ? 'success' : 'secondary'} data-testid={testId} data-ok={ok}>
      {ok ? <CheckCircleFilled /> : <CloseCircleFilled />}{' '}
      {st(ok ? 'linkage.eligible' : 'linkage.notEligible')}
    </Typography.Text>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Flex justify="space-between" align="center" gap={12}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      {children}
    </Flex>
  );
}

export function LinkageRow({ linkage }: { linkage: ScoreView['linkage'] }) {
  const { st } = useST();
  return (
    <Flex vertical gap={8} data-testid="score-linkage">
      <Typography.Text strong>{st('linkage.title')}</Typography.Text>
      <Flex vertical gap={6}>
        <Item label={st('linkage.traffic')}>
          <Typography.Text strong data-testid="linkage-traffic">
            ×{linkage.trafficMultiplier}
          </Typography.Text>
        </Item>
        <Item label={st('linkage.campaign')}>
          <Eligibility ok={linkage.campaignEligible} testId="linkage-campaign" />
        </Item>
        {linkage.subsidyEligible !== null && (
          <Item label={st('linkage.subsidy')}>
            <Eligibility ok={linkage.subsidyEligible} testId="linkage-subsidy" />
          </Item>
        )}
      </Flex>
    </Flex>
  );
}
