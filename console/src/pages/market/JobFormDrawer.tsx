// Post a proxy-streaming job (代播需求): store, category, dates, sessions and hours, a fixed fee typed in yuan and
// converted to fen exactly, a commission rate in %, the host's minimum followers. What the server refuses shows
// beside the field it names.
import { Button, Col, DatePicker, Drawer, Flex, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { CategorySelect } from '../distribution/CategorySelect';
import { useMyStores } from '../traffic/traffic-queries';
import { type JobFormValues, jobBody, jobFormField, percentTextToBp, yuanTextToFen } from './market-format';
import { useMT } from './market-i18n';
import type { Job } from './market-types';
import { IssueItem, IssuesProvider, OtherIssues } from './ui';
import { useMarketAction } from './use-market-action';

const FIELDS = [
  'storeId',
  'title',
  'categoryId',
  'dates',
  'sessions',
  'hoursPerSession',
  'fixedFeeYuan',
  'commissionPct',
  'minFollowers',
  'note',
];

export interface JobPrefill {
  storeId?: string;
  note?: string;
}

export function JobFormDrawer({
  open,
  prefill,
  onClose,
  onPosted,
}: {
  open: boolean;
  prefill?: JobPrefill;
  onClose: () => void;
  onPosted?: (job: Job) => void;
}) {
  const { mt } = useMT();
  return (
    <Drawer open={open} onClose={onClose} size={640} title={mt('jobs.new')} destroyOnHidden keyboard={false}>
      {open && (
        <JobForm
          prefill={prefill}
          onCancel={onClose}
          onDone={(j) => {
            onPosted?.(j);
            onClose();
          }}
        />
      )}
    </Drawer>
  );
}

type FormShape = Omit<JobFormValues, 'dates'> & { dates?: [Dayjs, Dayjs] | null };

function JobForm({
  prefill,
  onCancel,
  onDone,
}: {
  prefill?: JobPrefill;
  onCancel: () => void;
  onDone: (j: Job) => void;
}) {
  const { mt } = useMT();
  const [form] = Form.useForm<FormShape>();
  const stores = useMyStores(true);
  const post = useMarketAction<Job>(onDone);
  // One id per opened form: a retried submit of the same job is the same job (idempotent on the server).
  const id = useMemo(() => `job-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`, []);
  const required = [{ required: true, message: mt('common.required') }];
  const initial: FormShape = {
    storeId: prefill?.storeId,
    note: prefill?.note,
    sessions: 4,
    hoursPerSession: 3,
    minFollowers: 0,
    dates: [dayjs().add(7, 'day'), dayjs().add(37, 'day')],
  };
  const submit = (v: FormShape) => {
    const dates: [string, string] | null = v.dates
      ? [v.dates[0].format('YYYY-MM-DD'), v.dates[1].format('YYYY-MM-DD')]
      : null;
    post.mutate({ path: '/v1/proxy-jobs', body: jobBody({ ...v, dates }, id), success: mt('jobs.posted') });
  };
  return (
    <IssuesProvider issues={post.issues} map={jobFormField}>
      <Form<FormShape>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        onFinish={submit}
        onValuesChange={() => post.issues.length && post.setIssues([])}
        data-testid="job-form"
      >
        <IssueItem issue="title" name="title" label={mt('jobs.form.title')} rules={required}>
          <Input maxLength={200} placeholder={mt('jobs.form.titlePlaceholder')} data-testid="job-title" />
        </IssueItem>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <IssueItem issue="storeId" name="storeId" label={mt('jobs.form.store')} rules={required}>
              <Select
                loading={stores.isLoading}
                options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name ?? s.id }))}
                data-testid="job-store"
              />
            </IssueItem>
          </Col>
          <Col xs={24} sm={12}>
            <IssueItem issue="categoryId" name="categoryId" label={mt('jobs.form.category')} rules={required}>
              <CategorySelect data-testid="job-category" />
            </IssueItem>
          </Col>
        </Row>
        <IssueItem issue="dates" name="dates" label={mt('jobs.form.dates')} rules={required}>
          <DatePicker.RangePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="job-dates" />
        </IssueItem>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <IssueItem issue="sessions" name="sessions" label={mt('jobs.form.sessions')} rules={required}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="job-sessions" />
            </IssueItem>
          </Col>
          <Col xs={24} sm={12}>
            <IssueItem
              issue="hoursPerSession"
              name="hoursPerSession"
              label={mt('jobs.form.hoursPerSession')}
              rules={required}
            >
              <InputNumber
                min={0}
                step={0.5}
                precision={1}
                style={{ width: '100%' }}
                data-testid="job-hours"
              />
            </IssueItem>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <IssueItem
              issue="fixedFeeYuan"
              name="fixedFeeYuan"
              label={mt('jobs.form.fixedFee')}
              rules={[
                ...required,
                {
                  validator: (_r, v) =>
                    v === undefined || v === '' || yuanTextToFen(v) !== null
                      ? Promise.resolve()
                      : Promise.reject(new Error(mt('jobs.form.moneyInvalid'))),
                },
              ]}
            >
              <Input prefix="¥" inputMode="decimal" data-testid="job-fee" />
            </IssueItem>
          </Col>
          <Col xs={24} sm={12}>
            <IssueItem
              issue="commissionPct"
              name="commissionPct"
              label={mt('jobs.form.commission')}
              rules={[
                ...required,
                {
                  validator: (_r, v) =>
                    v === undefined || v === '' || percentTextToBp(v) !== null
                      ? Promise.resolve()
                      : Promise.reject(new Error(mt('jobs.form.rateInvalid'))),
                },
              ]}
            >
              <Input suffix="%" inputMode="decimal" data-testid="job-rate" />
            </IssueItem>
          </Col>
        </Row>
        <IssueItem issue="minFollowers" name="minFollowers" label={mt('jobs.form.minFollowers')}>
          <InputNumber
            min={0}
            precision={0}
            step={10000}
            style={{ width: '100%' }}
            data-testid="job-followers"
          />
        </IssueItem>
        <IssueItem issue="note" name="note" label={mt('jobs.form.note')}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="job-note" />
        </IssueItem>
        <OtherIssues shown={(p) => FIELDS.includes(p)} />
        <Flex justify="end" gap={8}>
          <Button onClick={onCancel}>{mt('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={post.isPending} data-testid="job-submit">
            {mt('common.submit')}
          </Button>
        </Flex>
      </Form>
    </IssuesProvider>
  );
}
