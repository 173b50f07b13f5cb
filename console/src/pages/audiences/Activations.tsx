// Activating an audience inside the platform (a coupon from the merchant's templates, a push message, a traffic
// boost or an ad) with a holdout group that gets nothing, and the activations with treatment vs holdout results.
import { Button, Card, Drawer, Form, Input, Radio, Select, Slider, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { Pending } from '../../components/QueryError';
import { formatFen, formatInstant, formatNumber } from '../../format';
import { liftText, rateText } from './aud-format';
import { useAT } from './aud-i18n';
import {
  useActivation,
  useActivations,
  useActiveTemplates,
  usePrograms,
  useTemplateNames,
} from './aud-queries';
import {
  ACTIVATION_KINDS,
  type Activation,
  type ActivationKind,
  type Audience,
  type GroupResults,
} from './aud-types';
import { IssueItem, IssuesProvider, Num, OtherIssues, useAudAction } from './ui';

interface Values {
  kind: ActivationKind;
  couponTemplateId?: string;
  title?: string;
  body?: string;
  programId?: string;
  adId?: string;
  holdoutPct: number;
}

const FORM_FIELDS = [
  'kind',
  'couponTemplateId',
  'message.title',
  'message.body',
  'programId',
  'adId',
  'holdoutPct',
];

export function ActivationDrawer({
  audience,
  open,
  onClose,
}: {
  audience: Audience;
  open: boolean;
  onClose: () => void;
}) {
  const { at } = useAT();
  return (
    <Drawer open={open} onClose={onClose} size={520} title={at('activation.new')} destroyOnHidden>
      <ActivationForm audience={audience} onDone={onClose} />
    </Drawer>
  );
}

function ActivationForm({ audience, onDone }: { audience: Audience; onDone: () => void }) {
  const { at, lang } = useAT();
  const { user } = useAuth();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'coupon';
  const templates = useActiveTemplates(audience.merchantId ?? user.partyId ?? undefined, kind === 'coupon');
  const programs = usePrograms(kind === 'traffic_boost');
  const save = useAudAction<Activation>(() => onDone());
  // An id per opened form: a retried submit is the same activation, never a second one.
  const [id] = useState(() => crypto.randomUUID());

  const submit = (v: Values) => {
    const body: Record<string, unknown> = { id, kind: v.kind, holdoutPct: v.holdoutPct };
    if (v.kind === 'coupon') body.couponTemplateId = v.couponTemplateId;
    if (v.kind === 'push') body.message = { title: v.title?.trim() ?? '', body: v.body?.trim() ?? '' };
    if (v.kind === 'traffic_boost') body.programId = v.programId;
    if (v.kind === 'ad') body.adId = v.adId?.trim();
    save.mutate({
      path: `/v1/audiences/${encodeURIComponent(audience.id)}/activations`,
      body,
      success: (a) =>
        at('activation.done', {
          treatment: formatNumber(a.treatment, lang),
          holdout: formatNumber(a.holdout, lang),
        }),
    });
  };
  const left = (t: { totalQuantity: number; claimed: number }) => Math.max(0, t.totalQuantity - t.claimed);

  return (
    <IssuesProvider issues={save.issues}>
      <Typography.Paragraph type="secondary">{at('activation.intro')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'coupon', holdoutPct: 10 }}
        onFinish={submit}
        onValuesChange={() => save.issues.length && save.setIssues([])}
        data-testid="activation-form"
      >
        <IssueItem issue="kind" name="kind" label={at('activation.kind')}>
          <Radio.Group
            optionType="button"
            data-testid="activation-kind"
            options={ACTIVATION_KINDS.map((k) => ({ value: k, label: at(`activation.kinds.${k}`) }))}
          />
        </IssueItem>
        {kind === 'coupon' ? (
          <IssueItem
            issue="couponTemplateId"
            name="couponTemplateId"
            label={at('activation.template')}
            extra={
              templates.data && templates.data.items.length === 0
                ? at('activation.noTemplates')
                : at('activation.templateHint')
            }
            rules={[{ required: true, message: at('codes.required') }]}
          >
            <Select<string>
              loading={templates.isLoading}
              data-testid="activation-template"
              showSearch={{ optionFilterProp: 'name' }}
              options={(templates.data?.items ?? []).map((t) => ({
                value: t.id,
                name: t.name,
                label: `${t.name} · ${at('activation.left', { count: formatNumber(left(t), lang) })}`,
              }))}
            />
          </IssueItem>
        ) : null}
        {kind === 'push' ? (
          <>
            <IssueItem
              issue="message.title"
              name="title"
              label={at('activation.msgTitle')}
              rules={[{ required: true, whitespace: true, message: at('codes.required') }]}
            >
              <Input maxLength={60} data-testid="activation-title" />
            </IssueItem>
            <IssueItem
              issue="message.body"
              name="body"
              label={at('activation.msgBody')}
              rules={[{ required: true, whitespace: true, message: at('codes.required') }]}
            >
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 5 }}
                maxLength={500}
                data-testid="activation-body"
              />
            </IssueItem>
          </>
        ) : null}
        {kind === 'traffic_boost' ? (
          <IssueItem
            issue="programId"
            name="programId"
            label={at('activation.program')}
            rules={[{ required: true, message: at('codes.required') }]}
          >
            <Select<string>
              loading={programs.isLoading}
              data-testid="activation-program"
              options={(programs.data?.items ?? []).map((p) => ({
                value: p.id,
                label: lang === 'zh' ? (p.nameZh ?? p.name) : p.name,
              }))}
            />
          </IssueItem>
        ) : null}
        {kind === 'ad' ? (
          <IssueItem
            issue="adId"
            name="adId"
            label={at('activation.adId')}
            rules={[{ required: true, whitespace: true, message: at('codes.required') }]}
          >
            <Input maxLength={80} data-testid="activation-ad" />
          </IssueItem>
        ) : null}
        <IssueItem
          issue="holdoutPct"
          name="holdoutPct"
          label={at('activation.holdout')}
          extra={at('activation.holdoutHint')}
        >
          <Slider
            min={0}
            max={50}
            step={1}
            marks={{ 0: '0%', 10: '10%', 25: '25%', 50: '50%' }}
            tooltip={{ formatter: (v) => `${v}%` }}
            data-testid="activation-holdout"
          />
        </IssueItem>
        <OtherIssues shown={(f) => FORM_FIELDS.includes(f)} />
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={save.isPending}
          data-testid="activation-submit"
        >
          {at('activation.submit')}
        </Button>
      </Form>
    </IssuesProvider>
  );
}

/** What an activation targeted, in words: the template's or program's name, the message title, the ad id. */
function targetText(
  a: Activation,
  names: { templates?: Map<string, string>; programs?: Map<string, string> },
) {
  const t = (a.target ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  if (a.kind === 'coupon') return names.templates?.get(str(t.couponTemplateId)) ?? str(t.couponTemplateId);
  if (a.kind === 'traffic_boost') return names.programs?.get(str(t.programId)) ?? str(t.programId);
  if (a.kind === 'push') return str((t.message as { title?: unknown } | undefined)?.title);
  return str(t.adId);
}

export function ActivationsCard({ audience }: { audience: Audience }) {
  const { at, lang } = useAT();
  const query = useActivations(audience.merchantId, audience.id);
  const items = query.data?.items ?? [];
  const templates = useTemplateNames(
    items.some((a) => a.kind === 'coupon') ? audience.merchantId : undefined,
  );
  const programs = usePrograms(items.some((a) => a.kind === 'traffic_boost'));
  const names = {
    templates: templates.data,
    programs: new Map(
      (programs.data?.items ?? []).map((p) => [p.id, lang === 'zh' ? (p.nameZh ?? p.name) : p.name]),
    ),
  };
  const [expanded, setExpanded] = useState<readonly React.Key[] | null>(null);
  const columns: ColumnsType<Activation> = [
    {
      title: at('activation.when'),
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => <Num>{formatInstant(v)}</Num>,
    },
    {
      title: at('activation.kind'),
      dataIndex: 'kind',
      render: (k: ActivationKind, a) => (
        <Typography.Text ellipsis={{ tooltip: targetText(a, names) || undefined }}>
          <Tag style={{ marginInlineEnd: 4 }}>{at(`activation.kinds.${k}`)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {targetText(a, names)}
          </Typography.Text>
        </Typography.Text>
      ),
    },
    {
      title: at('activation.treatment'),
      dataIndex: 'treatment',
      align: 'right',
      width: 90,
      render: (n: number) => <Num testId="act-treatment">{formatNumber(n, lang)}</Num>,
    },
    {
      title: `${at('activation.holdoutGroup')}`,
      dataIndex: 'holdout',
      align: 'right',
      width: 110,
      render: (n: number, a) => (
        <Num testId="act-holdout">
          {formatNumber(n, lang)}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({a.holdoutPct}%)
          </Typography.Text>
        </Num>
      ),
    },
    {
      title: at('activation.issued'),
      dataIndex: 'issued',
      align: 'right',
      width: 80,
      render: (n: number) => <Num testId="act-issued">{formatNumber(n, lang)}</Num>,
    },
  ];
  return (
    <Card title={at('activation.list')} size="small" data-testid="activations">
      {!query.data ? (
        <Pending error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Activation>
          rowKey="id"
          size="small"
          pagination={items.length > 10 ? { pageSize: 10, size: 'small' } : false}
          columns={columns}
          dataSource={items}
          tableLayout="fixed"
          locale={{ emptyText: at('activation.empty') }}
          onRow={(a) => ({ 'data-testid': `act-row-${a.id}` }) as never}
          expandable={{
            // The newest activation's results are open from the start.
            expandedRowKeys: expanded ?? (items[0] ? [items[0].id] : []),
            onExpandedRowsChange: (keys) => setExpanded(keys),
            expandedRowRender: (a) => <Results id={a.id} />,
          }}
        />
      )}
    </Card>
  );
}

function Results({ id }: { id: string }) {
  const { at, lang } = useAT();
  const query = useActivation(id);
  const d = query.data;
  if (!d) return <Pending error={query.error} onRetry={() => void query.refetch()} />;
  const r = d.results;
  type Line = { key: 'treatment' | 'holdout'; g: GroupResults; conversion: number | null };
  const rows: Line[] = [
    { key: 'treatment', g: r.treatment, conversion: r.conversion.treatment },
    { key: 'holdout', g: r.holdout, conversion: r.conversion.holdout },
  ];
  const columns: ColumnsType<Line> = [
    {
      title: '',
      key: 'group',
      render: (_, l) => (
        <Tag color={l.key === 'treatment' ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
          {at(l.key === 'treatment' ? 'activation.treatment' : 'activation.holdoutGroup')}
        </Tag>
      ),
    },
    {
      title: at('activation.users'),
      key: 'users',
      align: 'right',
      render: (_, l) => <Num testId="res-users">{formatNumber(l.g.users, lang)}</Num>,
    },
    {
      title: at('activation.buyers'),
      key: 'buyers',
      align: 'right',
      render: (_, l) => <Num testId="res-buyers">{formatNumber(l.g.buyers, lang)}</Num>,
    },
    {
      title: at('activation.orders'),
      key: 'orders',
      align: 'right',
      render: (_, l) => <Num testId="res-orders">{formatNumber(l.g.orders, lang)}</Num>,
    },
    {
      title: at('activation.gmv'),
      key: 'gmv',
      align: 'right',
      render: (_, l) => <Num testId="res-gmv">{formatFen(l.g.gmv, lang)}</Num>,
    },
    {
      title: at('activation.conversion'),
      key: 'conversion',
      align: 'right',
      render: (_, l) => <Num testId="res-conversion">{rateText(l.conversion)}</Num>,
    },
  ];
  return (
    <div data-testid={`results-${id}`} style={{ padding: '4px 0' }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {at('activation.results')} ({formatInstant(r.since)})
      </Typography.Text>
      <Table<Line>
        rowKey="key"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={rows}
        onRow={(l) => ({ 'data-testid': `res-${l.key}` }) as never}
        style={{ marginTop: 4 }}
      />
      <Typography.Text style={{ display: 'block', marginTop: 6 }}>
        {at('activation.lift')}:{' '}
        <Typography.Text
          strong
          data-testid="res-lift"
          type={r.conversion.lift !== null && r.conversion.lift > 0 ? 'success' : undefined}
        >
          {liftText(r.conversion.lift)}
        </Typography.Text>{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {at('activation.liftHint')}
        </Typography.Text>
      </Typography.Text>
    </div>
  );
}
