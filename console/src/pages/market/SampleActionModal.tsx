// The dialogs of the sample actions that need input: reject (a reason), ship and return (carrier and tracking
// number), fulfil (one of the creator's own sessions for the sample's store, or a video link). What the server
// refuses shows beside the field.
import { Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { formatInstant } from '../../format';
import type { SampleAction } from './market-format';
import { useMT } from './market-i18n';
import { useMySessions } from './market-queries';
import type { Sample } from './market-types';
import { IssueItem, IssuesProvider, OtherIssues } from './ui';
import { useMarketAction } from './use-market-action';

export type ModalAction = Exclude<SampleAction, 'approve' | 'receive'>;

interface Values {
  reason?: string;
  carrier?: string;
  trackingNo?: string;
  type?: 'live' | 'video';
  sessionId?: string;
  url?: string;
}

const TITLES = {
  reject: 'samples.rejectTitle',
  ship: 'samples.shipTitle',
  return: 'samples.returnTitle',
  fulfil: 'samples.fulfilTitle',
} as const;

const SUCCESS = {
  reject: 'samples.rejected',
  ship: 'samples.shipped',
  return: 'samples.returned',
  fulfil: 'samples.fulfilled',
} as const;

export function SampleActionModal({
  sample,
  action,
  onClose,
}: {
  sample: Sample;
  action: ModalAction;
  onClose: () => void;
}) {
  const { mt } = useMT();
  const [form] = Form.useForm<Values>();
  const run = useMarketAction(onClose);
  const type = Form.useWatch('type', form) ?? 'live';
  const sessions = useMySessions(action === 'fulfil');
  const options = (sessions.data?.items ?? [])
    .filter((s) => s.storeId === sample.storeId && s.status !== 'scheduled')
    .map((s) => ({
      value: s.id,
      label: `${s.startedAt ? formatInstant(s.startedAt) : ''} · ${s.title ?? s.storeName}`,
    }));
  const required = [{ required: true, message: mt('common.required') }];
  useEffect(() => form.resetFields(), [form]);

  const submit = (v: Values) => {
    const body =
      action === 'reject'
        ? { reason: v.reason?.trim() }
        : action === 'fulfil'
          ? v.type === 'video'
            ? { type: 'video', url: v.url?.trim() }
            : { type: 'live', sessionId: v.sessionId }
          : { carrier: v.carrier?.trim(), trackingNo: v.trackingNo?.trim() };
    run.mutate({
      path: `/v1/samples/${encodeURIComponent(sample.id)}/${action}`,
      body,
      success: mt(SUCCESS[action]),
    });
  };

  return (
    <Modal
      open
      title={mt(TITLES[action])}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={mt('common.submit')}
      cancelText={mt('common.cancel')}
      confirmLoading={run.isPending}
      destroyOnHidden
      okButtonProps={{ type: 'primary', 'data-testid': 'sample-modal-ok' }}
    >
      <Typography.Paragraph type="secondary">
        {sample.productTitle} · {sample.creatorName}
      </Typography.Paragraph>
      <IssuesProvider issues={run.issues}>
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ type: 'live' }}
          onFinish={submit}
          onValuesChange={() => run.issues.length && run.setIssues([])}
          data-testid={`sample-${action}-form`}
        >
          {action === 'reject' && (
            <IssueItem issue="reason" name="reason" label={mt('samples.rejectReason')} rules={required}>
              <Input.TextArea rows={3} maxLength={500} data-testid="sample-reason" />
            </IssueItem>
          )}
          {(action === 'ship' || action === 'return') && (
            <>
              <IssueItem issue="carrier" name="carrier" label={mt('samples.carrier')} rules={required}>
                <Input maxLength={100} data-testid="sample-carrier" />
              </IssueItem>
              <IssueItem
                issue="trackingNo"
                name="trackingNo"
                label={mt('samples.trackingNo')}
                rules={required}
              >
                <Input maxLength={100} data-testid="sample-tracking" />
              </IssueItem>
            </>
          )}
          {action === 'fulfil' && (
            <>
              <IssueItem issue="type" name="type" label={mt('samples.contentType')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'live', label: mt('samples.contentLive') },
                    { value: 'video', label: mt('samples.contentVideo') },
                  ]}
                  data-testid="sample-content-type"
                />
              </IssueItem>
              {type === 'live' ? (
                <IssueItem
                  issue="sessionId"
                  name="sessionId"
                  label={mt('samples.session')}
                  extra={options.length ? mt('samples.sessionHint') : mt('samples.noSessions')}
                  rules={required}
                >
                  <Select
                    options={options}
                    loading={sessions.isLoading}
                    showSearch
                    optionFilterProp="label"
                    data-testid="sample-session"
                  />
                </IssueItem>
              ) : (
                <IssueItem
                  issue="url"
                  name="url"
                  label={mt('samples.videoUrl')}
                  rules={[...required, { type: 'url', message: mt('samples.videoUrlInvalid') }]}
                >
                  <Input placeholder="https://" maxLength={500} data-testid="sample-url" />
                </IssueItem>
              )}
            </>
          )}
          <OtherIssues
            shown={(p) => ['reason', 'carrier', 'trackingNo', 'type', 'sessionId', 'url'].includes(p)}
          />
        </Form>
      </IssuesProvider>
    </Modal>
  );
}
