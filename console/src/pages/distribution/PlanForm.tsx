// Create or edit a distribution plan in a drawer: kind, rates (as %), window, products with their
// own rates, targeted parties and boosts. Simple mistakes are caught as you type; whatever the
// server refuses (422 naming the field) is shown beside that field, in the UI language.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api } from '../../api';
import type { FieldIssue, Plan, PlanKind } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { useMerchantProducts } from '../../queries';
import { InstantPicker } from '../pricing/inputs';
import { MerchantSelect } from '../pricing/MerchantSelect';
import { minuteFrom } from '../pricing/time';
import { useDT } from './dist-i18n';
import { DIST_KEYS } from './dist-queries';
import { formPath, type PlanFormValues, planBody, planValues } from './logic';
import { IssueItem, IssuesProvider, OtherIssues } from './ui';

const KINDS: PlanKind[] = ['open', 'targeted', 'exclusive'];

/** Column titles above a list of rows (products, boosts). */
const ListHead = ({ children }: { children: React.ReactNode }) => (
  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
    {children}
  </Typography.Text>
);

export function PlanFormDrawer({
  open,
  plan,
  onClose,
}: {
  open: boolean;
  plan: Plan | null;
  onClose: () => void;
}) {
  const { dt } = useDT();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={720}
      destroyOnHidden
      keyboard={false}
      title={plan ? dt('plans.edit') : dt('plans.new')}
      data-testid="plan-drawer"
    >
      {open && <PlanForm plan={plan} onDone={onClose} />}
    </Drawer>
  );
}

/** A percentage input 0–90 holding the percentage; the body turns it into basis points. */
function PercentInput(props: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  'data-testid'?: string;
  placeholder?: string;
  min?: number;
}) {
  return (
    <InputNumber<number>
      {...props}
      min={props.min ?? 0}
      max={90}
      precision={2}
      step={1}
      suffix="%"
      style={{ width: '100%' }}
    />
  );
}

function PlanForm({ plan, onDone }: { plan: Plan | null; onDone: () => void }) {
  const { dt } = useDT();
  const { message } = App.useApp();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlanFormValues>();
  const [now] = useState(() => new Date());
  const initial = useMemo<PlanFormValues>(
    () =>
      plan
        ? planValues(plan)
        : {
            kind: 'open',
            status: 'active',
            startsAt: minuteFrom(now),
            products: [],
            parties: [],
            boosts: [],
          },
    [plan, now],
  );
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const kind = Form.useWatch('kind', form) ?? initial.kind;
  const merchantId =
    (Form.useWatch('merchantId', form) as string | undefined) ??
    (operator ? initial.merchantId : (user.partyId ?? undefined));
  const products = useMerchantProducts(merchantId);
  const productOptions = (products.data?.items ?? []).map((p) => ({
    value: p.id,
    label: `${p.title} (${p.id})`,
  }));

  const save = useMutation({
    mutationFn: (v: PlanFormValues) =>
      plan
        ? api<Plan>(`/v1/distribution/plans/${encodeURIComponent(plan.id)}`, {
            method: 'PATCH',
            body: planBody(v, true),
          })
        : api<Plan>('/v1/distribution/plans', { method: 'POST', body: planBody(v, false) }),
    meta: { silent: true },
    onSuccess: async () => {
      void message.success(plan ? dt('plans.saved') : dt('plans.created'));
      await queryClient.invalidateQueries({ queryKey: DIST_KEYS.plans });
      onDone();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.issues.length) setIssues(e.issues);
      else setIssues([{ field: '', reason: e instanceof ApiError ? (e.detail ?? e.title) : String(e) }]);
    },
  });

  const rate = (min = 0) => [
    {
      type: 'number' as const,
      min,
      max: 90,
      message: min > 0 ? dt('planForm.boostRange') : dt('common.rateRange'),
    },
  ];
  const required = [{ required: true, message: dt('common.required') }];
  // Paths some item shows; issues elsewhere are listed above the buttons.
  const shown = (path: string) =>
    /^(merchantId|name|kind|defaultRate|presaleRate|couponTemplateId|startsAt|endsAt|status)$/.test(path) ||
    /^(products|parties|boosts)(\.\d+(\.\w+)?)?$/.test(path);

  return (
    <IssuesProvider issues={issues} map={formPath}>
      <Form<PlanFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => issues.length && setIssues([])}
        requiredMark={false}
        data-testid="plan-form"
      >
        {operator && (
          <IssueItem issue="merchantId" name="merchantId" label={dt('planForm.merchant')} rules={required}>
            <MerchantSelect
              disabled={!!plan}
              placeholder={dt('cost.pickMerchant')}
              data-testid="plan-merchant"
            />
          </IssueItem>
        )}
        <Row gutter={16}>
          <Col span={14}>
            <IssueItem issue="name" name="name" label={dt('planForm.name')} rules={required}>
              <Input maxLength={200} data-testid="plan-name" />
            </IssueItem>
          </Col>
          <Col span={10}>
            <IssueItem
              issue="kind"
              name="kind"
              label={dt('planForm.kind')}
              extra={dt(`planForm.kindHelp.${kind}`)}
            >
              <Radio.Group
                disabled={!!plan}
                optionType="button"
                options={KINDS.map((k) => ({ value: k, label: dt(`planKind.${k}`) }))}
                data-testid="plan-kind"
              />
            </IssueItem>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <IssueItem
              issue="defaultRate"
              name="defaultRate"
              label={dt('planForm.defaultRate')}
              rules={[...required, ...rate()]}
            >
              <PercentInput data-testid="plan-default-rate" />
            </IssueItem>
          </Col>
          <Col span={8}>
            <IssueItem
              issue="presaleRate"
              name="presaleRate"
              label={dt('planForm.presaleRate')}
              extra={dt('planForm.presaleHint')}
              rules={rate()}
            >
              <PercentInput data-testid="plan-presale-rate" />
            </IssueItem>
          </Col>
          {!plan && (
            <Col span={8}>
              <IssueItem issue="status" name="status" label={dt('planForm.status')}>
                <Radio.Group
                  optionType="button"
                  options={(['active', 'paused'] as const).map((s) => ({
                    value: s,
                    label: dt(`planStatus.${s}`),
                  }))}
                />
              </IssueItem>
            </Col>
          )}
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <IssueItem issue="startsAt" name="startsAt" label={dt('planForm.startsAt')} rules={required}>
              <InstantPicker data-testid="plan-starts" />
            </IssueItem>
          </Col>
          <Col span={12}>
            <IssueItem
              issue="endsAt"
              name="endsAt"
              label={dt('planForm.endsAt')}
              extra={dt('planForm.endsAtHint')}
              dependencies={['startsAt']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_r, v?: string | null) =>
                    !v || !getFieldValue('startsAt') || Date.parse(v) > Date.parse(getFieldValue('startsAt'))
                      ? Promise.resolve()
                      : Promise.reject(new Error(dt('planForm.endAfterStart'))),
                }),
              ]}
            >
              <InstantPicker data-testid="plan-ends" />
            </IssueItem>
          </Col>
        </Row>

        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {dt('planForm.products')}
        </Divider>
        <Typography.Paragraph type="secondary">{dt('planForm.productsHint')}</Typography.Paragraph>
        <Form.List name="products">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.length > 0 && (
                <Row gutter={8} style={{ marginBottom: 4 }}>
                  <Col flex="auto">
                    <ListHead>{dt('planForm.productId')}</ListHead>
                  </Col>
                  <Col span={7}>
                    <ListHead>{dt('planForm.productRate')}</ListHead>
                  </Col>
                  <Col flex="none" style={{ width: 40 }} />
                </Row>
              )}
              {fields.map((f) => (
                <Row gutter={8} key={f.key} align="top">
                  <Col flex="auto">
                    <IssueItem
                      issue={`products.${f.name}.productId`}
                      name={[f.name, 'productId']}
                      rules={required}
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder={dt('planForm.productId')}
                        options={productOptions}
                        loading={products.isFetching}
                        data-testid={`plan-product-${f.name}`}
                      />
                    </IssueItem>
                  </Col>
                  <Col span={7}>
                    <IssueItem issue={`products.${f.name}.rate`} name={[f.name, 'rate']} rules={rate()}>
                      <PercentInput
                        placeholder={dt('planForm.default')}
                        data-testid={`plan-product-rate-${f.name}`}
                      />
                    </IssueItem>
                  </Col>
                  <Col flex="none">
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => remove(f.name)}
                      title={dt('common.remove')}
                    />
                  </Col>
                </Row>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                data-testid="plan-add-product"
              >
                {dt('planForm.addProduct')}
              </Button>
            </Flex>
          )}
        </Form.List>

        {kind !== 'open' && (
          <>
            <Divider titlePlacement="start">{dt('planForm.parties')}</Divider>
            <Typography.Paragraph type="secondary">{dt('planForm.partiesHint')}</Typography.Paragraph>
            <IssueItem issue="parties" style={{ marginBottom: 8 }}>
              <Form.List
                name="parties"
                rules={[
                  {
                    validator: (_r, v?: unknown[]) =>
                      v && v.length > 0
                        ? Promise.resolve()
                        : Promise.reject(new Error(dt('planForm.partiesRequired'))),
                  },
                ]}
              >
                {(fields, { add, remove }, { errors }) => (
                  <Flex vertical gap={0}>
                    {fields.map((f) => (
                      <Row gutter={8} key={f.key}>
                        <Col span={8}>
                          <Form.Item name={[f.name, 'type']} rules={required}>
                            <Select
                              placeholder={dt('planForm.partyType')}
                              options={(['creator', 'agency', 'promoter'] as const).map((t) => ({
                                value: t,
                                label: dt(`partyType.${t}`),
                              }))}
                              data-testid={`plan-party-type-${f.name}`}
                            />
                          </Form.Item>
                        </Col>
                        <Col flex="auto">
                          <IssueItem issue={`parties.${f.name}`} name={[f.name, 'id']} rules={required}>
                            <Input
                              placeholder={dt('planForm.partyId')}
                              data-testid={`plan-party-id-${f.name}`}
                            />
                          </IssueItem>
                        </Col>
                        <Col flex="none">
                          <Button
                            icon={<DeleteOutlined />}
                            onClick={() => remove(f.name)}
                            title={dt('common.remove')}
                          />
                        </Col>
                      </Row>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({ type: 'creator' })}
                      data-testid="plan-add-party"
                    >
                      {dt('planForm.addParty')}
                    </Button>
                    <Form.ErrorList errors={errors} />
                  </Flex>
                )}
              </Form.List>
            </IssueItem>
            <IssueItem issue="couponTemplateId" name="couponTemplateId" label={dt('planForm.coupon')}>
              <Input maxLength={64} />
            </IssueItem>
          </>
        )}

        <Divider titlePlacement="start">{dt('planForm.boosts')}</Divider>
        <Typography.Paragraph type="secondary">{dt('planForm.boostsHint')}</Typography.Paragraph>
        <Form.List name="boosts">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.length > 0 && (
                <Row gutter={8} style={{ marginBottom: 4 }}>
                  <Col span={6}>
                    <ListHead>{dt('planForm.boostName')}</ListHead>
                  </Col>
                  <Col span={4}>
                    <ListHead>{dt('planForm.boostExtra')}</ListHead>
                  </Col>
                  <Col span={6}>
                    <ListHead>{dt('planForm.boostStarts')}</ListHead>
                  </Col>
                  <Col span={6}>
                    <ListHead>{dt('planForm.boostEnds')}</ListHead>
                  </Col>
                </Row>
              )}
              {fields.map((f) => (
                <Row gutter={8} key={f.key}>
                  <Col span={6}>
                    <IssueItem issue={`boosts.${f.name}.name`} name={[f.name, 'name']} rules={required}>
                      <Input placeholder={dt('planForm.boostName')} maxLength={120} />
                    </IssueItem>
                  </Col>
                  <Col span={4}>
                    <IssueItem
                      issue={`boosts.${f.name}.extra`}
                      name={[f.name, 'extra']}
                      rules={[...required, ...rate(0.01)]}
                    >
                      <PercentInput placeholder={dt('planForm.boostExtra')} min={0.01} />
                    </IssueItem>
                  </Col>
                  <Col span={6}>
                    <IssueItem
                      issue={`boosts.${f.name}.startsAt`}
                      name={[f.name, 'startsAt']}
                      rules={required}
                    >
                      <InstantPicker placeholder={dt('planForm.boostStarts')} />
                    </IssueItem>
                  </Col>
                  <Col span={6}>
                    <IssueItem issue={`boosts.${f.name}.endsAt`} name={[f.name, 'endsAt']} rules={required}>
                      <InstantPicker placeholder={dt('planForm.boostEnds')} />
                    </IssueItem>
                  </Col>
                  <Col span={2}>
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => remove(f.name)}
                      title={dt('common.remove')}
                    />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {dt('planForm.addBoost')}
              </Button>
            </Flex>
          )}
        </Form.List>

        <Flex vertical gap={12} style={{ marginTop: 24 }}>
          <OtherIssues shown={shown} />
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onDone}>{dt('common.cancel')}</Button>
            <Button
              type="primary"
              // No submit button: Enter in a date picker confirms the date, it must not save the form.
              onClick={() => form.submit()}
              loading={save.isPending}
              data-testid="plan-save"
            >
              {plan ? dt('common.save') : dt('common.create')}
            </Button>
          </Flex>
        </Flex>
      </Form>
    </IssuesProvider>
  );
}
