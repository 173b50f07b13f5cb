// A merchant's sample policy (寄样规则): minimum word-of-mouth score and followers, auto-approve, days to deliver
// content after receipt and whether samples come back. The server applies it when a creator asks.
import { Alert, Button, Drawer, Flex, Form, InputNumber, Switch } from 'antd';
import { Pending } from '../../components/QueryError';
import { useMT } from './market-i18n';
import { useSamplePolicy } from './market-queries';
import type { SamplePolicy } from './market-types';
import { IssueItem, IssuesProvider, OtherIssues } from './ui';
import { useMarketAction } from './use-market-action';

type Values = Omit<SamplePolicy, 'merchantId'>;
const FIELDS = ['minCreatorScore', 'minFollowers', 'autoApprove', 'contentDays', 'requireReturn'];

export function SamplePolicyDrawer({
  merchantId,
  open,
  onClose,
}: {
  merchantId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { mt } = useMT();
  const policy = useSamplePolicy(open ? merchantId : null);
  return (
    <Drawer open={open} onClose={onClose} size={480} title={mt('policy.title')} destroyOnHidden>
      {policy.data ? (
        <PolicyForm policy={policy.data} onDone={onClose} />
      ) : (
        <Pending error={policy.error} onRetry={() => void policy.refetch()} />
      )}
    </Drawer>
  );
}

function PolicyForm({ policy, onDone }: { policy: SamplePolicy; onDone: () => void }) {
  const { mt } = useMT();
  const [form] = Form.useForm<Values>();
  const save = useMarketAction(onDone);
  return (
    <IssuesProvider issues={save.issues}>
      <Alert type="info" showIcon title={mt('policy.intro')} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={policy}
        data-testid="policy-form"
        onValuesChange={() => save.issues.length && save.setIssues([])}
        onFinish={(v) =>
          save.mutate({
            path: '/v1/samples/policy',
            method: 'PUT',
            body: { merchantId: policy.merchantId, ...v },
            success: mt('policy.saved'),
          })
        }
      >
        <IssueItem
          issue="minCreatorScore"
          name="minCreatorScore"
          label={mt('policy.minCreatorScore')}
          extra={mt('policy.minCreatorScoreHint')}
        >
          <InputNumber
            min={0}
            max={5}
            step={0.1}
            precision={2}
            style={{ width: '100%' }}
            data-testid="policy-score"
          />
        </IssueItem>
        <IssueItem issue="minFollowers" name="minFollowers" label={mt('policy.minFollowers')}>
          <InputNumber
            min={0}
            precision={0}
            step={1000}
            style={{ width: '100%' }}
            data-testid="policy-followers"
          />
        </IssueItem>
        <IssueItem issue="contentDays" name="contentDays" label={mt('policy.contentDays')}>
          <InputNumber min={1} max={90} precision={0} style={{ width: '100%' }} data-testid="policy-days" />
        </IssueItem>
        <IssueItem
          issue="autoApprove"
          name="autoApprove"
          label={mt('policy.autoApprove')}
          valuePropName="checked"
        >
          <Switch data-testid="policy-auto" />
        </IssueItem>
        <IssueItem
          issue="requireReturn"
          name="requireReturn"
          label={mt('policy.requireReturn')}
          valuePropName="checked"
        >
          <Switch data-testid="policy-return" />
        </IssueItem>
        <OtherIssues shown={(p) => FIELDS.includes(p)} />
        <Flex justify="end" gap={8}>
          <Button onClick={onDone}>{mt('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="policy-save">
            {mt('common.save')}
          </Button>
        </Flex>
      </Form>
    </IssuesProvider>
  );
}
