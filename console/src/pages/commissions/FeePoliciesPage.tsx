// 费率政策: the platform's fee policies (transaction fees on merchant sales, service fees on
// commissions) by category, merchant type, scene and channel, for a window; create in a drawer,
// end with a confirmation; the commission settings (default fees, holding period) beside them.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../../api';
import type { FeeKind, FeePolicy, FieldIssue } from '../../api-types';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatBp, formatInstant } from '../../format';
import { InstantPicker } from '../pricing/inputs';
import { minuteFrom } from '../pricing/time';
import { CategorySelect, useCategoryNames } from '../distribution/CategorySelect';
import { useDT } from '../distribution/dist-i18n';
import { DIST_KEYS, useCommissionSettings, useFeePolicies } from '../distribution/dist-queries';
import { type FeeFormValues, feePolicyBody } from '../distribution/logic';
import { IssueItem, IssuesProvider, OtherIssues } from '../distribution/ui';

export const SCENES = [
  'search',
  'feed',
  'mall',
  'detail',
  'store',
  'live',
  'video',
  'share',
  'ad',
  'campaign',
  'push',
  'other',
] as const;
export const CHANNELS = ['organic', 'self_live', 'creator', 'promoter', 'ad', 'joint'] as const;
const KINDS: FeeKind[] = ['transaction', 'service'];

/** The default rate and the category rates of a policy. */
export function FeeRates({ policy }: { policy: FeePolicy }) {
  const { dt } = useDT();
  const names = useCategoryNames();
  const cats = Object.entries(policy.categoryBp);
  return (
    <Flex vertical gap={2}>
      <Typography.Text strong>{policy.defaultBp === null ? '—' : formatBp(policy.defaultBp)}</Typography.Text>
      {cats.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {dt('fees.categoryRates')}:{' '}
          {cats.map(([c, bp]) => `${names.get(c) ?? c} ${formatBp(bp)}`).join(' · ')}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** Merchant types, scenes and channels a policy applies to ("any" when unrestricted). */
export function FeeScope({ policy }: { policy: FeePolicy }) {
  const { dt, known } = useDT();
  const part = (label: string, values: string[] | null, prefix: string) => (
    <div>
      <Typography.Text type="secondary">{label}: </Typography.Text>
      {values === null ? dt('fees.any') : values.map((v) => known(prefix, v)).join('、')}
    </div>
  );
  return (
    <div style={{ fontSize: 12 }}>
      {part(dt('fees.merchantTypes'), policy.merchantTypes, 'merchantType')}
      {part(dt('fees.scenes'), policy.scenes, 'scene')}
      {part(dt('fees.channels'), policy.channels, 'channel')}
    </div>
  );
}

export default function FeePoliciesPage() {
  const { dt } = useDT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kind = (KINDS as string[]).includes(params.get('kind') ?? '')
    ? (params.get('kind') as FeeKind)
    : undefined;
  const status =
    params.get('status') === 'ended' || params.get('status') === 'active'
      ? (params.get('status') as string)
      : undefined;
  const query = useFeePolicies({ kind, status });
  const settings = useCommissionSettings();
  const [creating, setCreating] = useState(false);
  const end = useMutation({
    mutationFn: (id: string) =>
      api<FeePolicy>(`/v1/commissions/fee-policies/${encodeURIComponent(id)}/end`, { method: 'POST' }),
    onSuccess: async () => {
      void message.success(dt('fees.ended'));
      await queryClient.invalidateQueries({ queryKey: DIST_KEYS.fees });
    },
  });
  const set = (k: string, v?: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const columns: ColumnsType<FeePolicy> = [
    {
      title: dt('fees.name'),
      key: 'name',
      width: 220,
      render: (_: unknown, p) => (
        <Flex vertical gap={2}>
          <Typography.Text strong data-testid="fee-name">
            {p.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.id} · {dt('fees.version', { version: p.version })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: dt('fees.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: FeeKind) => (
        <Tag color={k === 'transaction' ? 'geekblue' : 'purple'}>{dt(`fees.kindLabel.${k}`)}</Tag>
      ),
    },
    {
      title: dt('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: 'active' | 'ended') => (
        <Tag color={s === 'active' ? 'green' : 'default'}>{dt(`fees.status.${s}`)}</Tag>
      ),
    },
    {
      title: dt('fees.defaultRate'),
      key: 'rates',
      width: 150,
      render: (_: unknown, p) => <FeeRates policy={p} />,
    },
    { title: dt('fees.appliesTo'), key: 'scope', render: (_: unknown, p) => <FeeScope policy={p} /> },
    { title: dt('fees.priority'), dataIndex: 'priority', align: 'right', width: 90 },
    {
      title: dt('common.window'),
      key: 'window',
      width: 160,
      render: (_: unknown, p) => (
        <Flex vertical style={{ whiteSpace: 'nowrap' }}>
          <span>{formatInstant(p.startsAt)}</span>
          <Typography.Text type="secondary">
            {p.endsAt
              ? formatInstant(p.endsAt)
              : p.status === 'ended'
                ? dt('fees.status.ended')
                : dt('common.untilEnded')}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: dt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 90,
      render: (_: unknown, p) =>
        p.status === 'active' && (
          <Popconfirm
            title={dt('fees.endConfirm')}
            onConfirm={() => end.mutate(p.id)}
            okButtonProps={{ danger: true }}
          >
            <Button type="link" size="small" danger data-testid="fee-end">
              {dt('fees.end')}
            </Button>
          </Popconfirm>
        ),
    },
  ];
  const s = settings.data;
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={dt('fees.title')}
        extra={
          <>
            <Select
              allowClear
              placeholder={dt('common.allKinds')}
              value={kind}
              onChange={(v?: string) => set('kind', v)}
              options={KINDS.map((k) => ({ value: k, label: dt(`fees.kindLabel.${k}`) }))}
              style={{ width: 150 }}
            />
            <Select
              allowClear
              placeholder={dt('common.allStatuses')}
              value={status}
              onChange={(v?: string) => set('status', v)}
              options={(['active', 'ended'] as const).map((x) => ({
                value: x,
                label: dt(`fees.status.${x}`),
              }))}
              style={{ width: 130 }}
            />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="new-fee"
            >
              {dt('fees.new')}
            </Button>
          </>
        }
      />
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<FeePolicy>
            rowKey="id"
            data-testid="fees-table"
            loading={query.isFetching}
            dataSource={query.data?.items ?? []}
            columns={columns}
            scroll={{ x: 1100 }}
            pagination={false}
            locale={{ emptyText: dt('fees.empty') }}
          />
        </Card>
      )}
      {s && (
        <Card title={dt('fees.settingsTitle')} data-testid="commission-settings">
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
            <Descriptions.Item label={dt('fees.serviceFee')}>{formatBp(s.serviceFeeBp)}</Descriptions.Item>
            <Descriptions.Item label={dt('fees.transactionFee')}>
              {formatBp(s.transactionFeeBp)}
            </Descriptions.Item>
            <Descriptions.Item label={dt('fees.leaderOverride')}>
              {formatBp(s.leaderOverrideBp)}
            </Descriptions.Item>
            <Descriptions.Item label={dt('fees.attributionWindow')}>
              {dt('fees.holdDaysValue', { days: s.attributionWindowDays })}
            </Descriptions.Item>
            <Descriptions.Item label={dt('fees.holdDays')}>
              {dt('fees.holdDaysValue', { days: s.holdDays })}
            </Descriptions.Item>
            <Descriptions.Item label={dt('fees.settlementDay')}>
              {dt('fees.settlementDayValue', { day: s.settlementDay })}
            </Descriptions.Item>
            <Descriptions.Item label={dt('fees.selfPurchase')}>
              {dt(`fees.selfPurchasePolicy.${s.selfPurchasePolicy}`)}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Drawer
        open={creating}
        onClose={() => setCreating(false)}
        size={640}
        destroyOnHidden
        keyboard={false}
        title={dt('fees.new')}
      >
        {creating && <FeePolicyForm onDone={() => setCreating(false)} />}
      </Drawer>
    </Flex>
  );
}

function FeePolicyForm({ onDone }: { onDone: () => void }) {
  const { dt } = useDT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FeeFormValues>();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [initial] = useState<FeeFormValues>(() => ({
    kind: 'transaction',
    priority: 0,
    startsAt: minuteFrom(new Date()),
    categories: [],
  }));
  const kind = Form.useWatch('kind', form) ?? initial.kind;
  const save = useMutation({
    mutationFn: (v: FeeFormValues) =>
      api<FeePolicy>('/v1/commissions/fee-policies', { method: 'POST', body: feePolicyBody(v) }),
    meta: { silent: true },
    onSuccess: async () => {
      void message.success(dt('fees.created'));
      await queryClient.invalidateQueries({ queryKey: DIST_KEYS.fees });
      onDone();
    },
    onError: (e) =>
      setIssues(
        e instanceof ApiError && e.issues.length
          ? e.issues
          : [{ field: '', reason: e instanceof ApiError ? (e.detail ?? e.title) : String(e) }],
      ),
  });
  const required = [{ required: true, message: dt('common.required') }];
  const fee = [{ type: 'number' as const, min: 0, max: 50, message: dt('fees.feeRange') }];
  const map = (f: string) =>
    f.replace(/^defaultBp$/, 'defaultRate').replace(/^categoryBp\..*$/, 'categories');
  return (
    <IssuesProvider issues={issues} map={map}>
      <Form<FeeFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        requiredMark={false}
        onValuesChange={() => issues.length && setIssues([])}
        onFinish={(v) => save.mutate(v)}
        data-testid="fee-form"
      >
        <IssueItem issue="name" name="name" label={dt('fees.name')} rules={required}>
          <Input maxLength={200} data-testid="fee-name-input" />
        </IssueItem>
        <IssueItem issue="kind" name="kind" label={dt('fees.kind')} extra={dt(`fees.kindHelp.${kind}`)}>
          <Radio.Group
            optionType="button"
            options={KINDS.map((k) => ({ value: k, label: dt(`fees.kindLabel.${k}`) }))}
          />
        </IssueItem>
        <Row gutter={16}>
          <Col span={12}>
            <IssueItem
              issue="defaultRate"
              name="defaultRate"
              label={dt('fees.defaultRate')}
              rules={[
                ...fee,
                ({ getFieldValue }) => ({
                  validator: (_r, v?: number | null) =>
                    (v !== undefined && v !== null) ||
                    (getFieldValue('categories') ?? []).some((c?: { categoryId?: string }) => c?.categoryId)
                      ? Promise.resolve()
                      : Promise.reject(new Error(dt('fees.rateNeeded'))),
                }),
              ]}
            >
              <InputNumber<number>
                min={0}
                max={50}
                precision={2}
                suffix="%"
                style={{ width: '100%' }}
                data-testid="fee-default-rate"
              />
            </IssueItem>
          </Col>
          <Col span={12}>
            <IssueItem issue="priority" name="priority" label={dt('fees.priority')}>
              <InputNumber<number> min={-1000} max={1000} precision={0} style={{ width: '100%' }} />
            </IssueItem>
          </Col>
        </Row>
        <IssueItem issue="categories" label={dt('fees.categoryRates')}>
          <Form.List name="categories">
            {(fields, { add, remove }) => (
              <Flex vertical gap={0}>
                {fields.map((f) => (
                  <Row gutter={8} key={f.key}>
                    <Col span={12}>
                      <Form.Item name={[f.name, 'categoryId']} rules={required}>
                        <CategorySelect
                          placeholder={dt('fees.categoryId')}
                          data-testid={`fee-category-${f.name}`}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={9}>
                      <Form.Item name={[f.name, 'rate']} rules={[...required, ...fee]}>
                        <InputNumber<number>
                          min={0}
                          max={50}
                          precision={2}
                          suffix="%"
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={3}>
                      <Button
                        icon={<DeleteOutlined />}
                        onClick={() => remove(f.name)}
                        title={dt('common.remove')}
                      />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  {dt('fees.addCategory')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </IssueItem>
        <IssueItem issue="merchantTypes" name="merchantTypes" label={dt('fees.merchantTypes')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={dt('fees.any')}
            options={(['self', 'pop'] as const).map((m) => ({ value: m, label: dt(`merchantType.${m}`) }))}
          />
        </IssueItem>
        <IssueItem issue="scenes" name="scenes" label={dt('fees.scenes')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={dt('fees.any')}
            options={SCENES.map((x) => ({ value: x, label: dt(`scene.${x}`) }))}
          />
        </IssueItem>
        <IssueItem issue="channels" name="channels" label={dt('fees.channels')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={dt('fees.any')}
            options={CHANNELS.map((x) => ({ value: x, label: dt(`channel.${x}`) }))}
          />
        </IssueItem>
        <Row gutter={16}>
          <Col span={12}>
            <IssueItem issue="startsAt" name="startsAt" label={dt('planForm.startsAt')} rules={required}>
              <InstantPicker />
            </IssueItem>
          </Col>
          <Col span={12}>
            <IssueItem
              issue="endsAt"
              name="endsAt"
              label={dt('planForm.endsAt')}
              extra={dt('planForm.endsAtHint')}
            >
              <InstantPicker />
            </IssueItem>
          </Col>
        </Row>
        <Flex vertical gap={12}>
          <OtherIssues
            shown={(p) =>
              /^(name|kind|defaultRate|priority|categories|merchantTypes|scenes|channels|startsAt|endsAt)$/.test(
                p,
              )
            }
          />
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onDone}>{dt('common.cancel')}</Button>
            <Button
              type="primary"
              // No submit button: Enter in a date picker confirms the date, it must not save the form.
              onClick={() => form.submit()}
              loading={save.isPending}
              data-testid="fee-save"
            >
              {dt('common.create')}
            </Button>
          </Flex>
        </Flex>
      </Form>
    </IssuesProvider>
  );
}
