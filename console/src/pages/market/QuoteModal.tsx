// Quote for a proxy job: fixed fee (yuan, converted to fen exactly) and commission rate, starting from what the
// merchant offered; an agency names which of its creators streams (picked from its contracted creators, or by
// id while the API has no such list).
import { Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { formatNumber } from '../../format';
import {
  bpToPercentText,
  fenToYuanText,
  jobFormField,
  percentTextToBp,
  yuanTextToFen,
} from './market-format';
import { useMT } from './market-i18n';
import { useBidders } from './market-queries';
import type { Job, JobDetail } from './market-types';
import { IssueItem, IssuesProvider, OtherIssues } from './ui';
import { useMarketAction } from './use-market-action';

interface Values {
  creatorId?: string;
  fixedFeeYuan?: string;
  commissionPct?: string;
  note?: string;
}

export function QuoteModal({
  job,
  role,
  onClose,
}: {
  job: Pick<Job | JobDetail, 'id' | 'title' | 'fixedFee' | 'commissionBp'>;
  role: string;
  onClose: () => void;
}) {
  const { mt, lang } = useMT();
  const [form] = Form.useForm<Values>();
  const agency = role === 'agency';
  const bidders = useBidders(agency);
  const send = useMarketAction(onClose);
  const id = useMemo(() => `quote-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`, []);
  const required = [{ required: true, message: mt('common.required') }];
  const hasList = !!bidders.data;
  const submit = (v: Values) =>
    send.mutate({
      path: `/v1/proxy-jobs/${encodeURIComponent(job.id)}/quotes`,
      body: {
        id,
        ...(agency ? { creatorId: v.creatorId?.trim() } : {}),
        fixedFee: yuanTextToFen(v.fixedFeeYuan) ?? -1,
        commissionBp: percentTextToBp(v.commissionPct) ?? -1,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      },
      success: mt('quote.sent'),
    });
  return (
    <Modal
      open
      title={mt('quote.title', { title: job.title })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={mt('common.submit')}
      cancelText={mt('common.cancel')}
      confirmLoading={send.isPending}
      okButtonProps={{ type: 'primary', 'data-testid': 'quote-submit' }}
      destroyOnHidden
    >
      <IssuesProvider issues={send.issues} map={jobFormField}>
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{
            fixedFeeYuan: fenToYuanText(job.fixedFee),
            commissionPct: bpToPercentText(job.commissionBp),
          }}
          onFinish={submit}
          onValuesChange={() => send.issues.length && send.setIssues([])}
          data-testid="quote-form"
        >
          {agency &&
            (hasList ? (
              <IssueItem
                issue="creatorId"
                name="creatorId"
                label={mt('quote.creator')}
                extra={mt('quote.creatorHint')}
                rules={required}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={(bidders.data?.items ?? []).map((b) => ({
                    value: b.creatorId,
                    label: `${b.name} · ${mt('common.followers', { count: formatNumber(b.followers, lang) })}`,
                  }))}
                  data-testid="quote-creator"
                />
              </IssueItem>
            ) : (
              <IssueItem
                issue="creatorId"
                name="creatorId"
                label={mt('quote.creatorId')}
                extra={mt('quote.creatorIdHint')}
                rules={required}
              >
                <Input maxLength={100} data-testid="quote-creator-id" />
              </IssueItem>
            ))}
          <IssueItem
            issue="fixedFeeYuan"
            name="fixedFeeYuan"
            label={mt('quote.fixedFee')}
            rules={[
              ...required,
              {
                validator: (_r, v) =>
                  !v || yuanTextToFen(v) !== null
                    ? Promise.resolve()
                    : Promise.reject(new Error(mt('jobs.form.moneyInvalid'))),
              },
            ]}
          >
            <Input prefix="¥" inputMode="decimal" data-testid="quote-fee" />
          </IssueItem>
          <IssueItem
            issue="commissionPct"
            name="commissionPct"
            label={mt('quote.commission')}
            rules={[
              ...required,
              {
                validator: (_r, v) =>
                  !v || percentTextToBp(v) !== null
                    ? Promise.resolve()
                    : Promise.reject(new Error(mt('jobs.form.rateInvalid'))),
              },
            ]}
          >
            <Input suffix="%" inputMode="decimal" data-testid="quote-rate" />
          </IssueItem>
          <IssueItem issue="note" name="note" label={mt('quote.note')}>
            <Input.TextArea rows={2} maxLength={500} data-testid="quote-note" />
          </IssueItem>
          <OtherIssues shown={(p) => ['creatorId', 'fixedFeeYuan', 'commissionPct', 'note'].includes(p)} />
        </Form>
      </IssuesProvider>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {mt('quote.asked', {
          fee: `¥${fenToYuanText(job.fixedFee)}`,
          rate: `${bpToPercentText(job.commissionBp)}%`,
        })}
      </Typography.Text>
    </Modal>
  );
}
