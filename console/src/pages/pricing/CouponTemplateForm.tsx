// Create or edit a coupon template in a drawer, checked by the server as the user types.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, ConfigProvider, Divider, Drawer, Form, Input, Radio, Row, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api';
import {
  COUPON_KINDS,
  type CouponKind,
  type CouponTemplate,
  type FieldIssue,
  PLATFORM_COUPON_KINDS,
  type TemplateBody,
} from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import {
  CLEARABLE_TEMPLATE_FIELDS,
  patchBody,
  type TemplateFormValues,
  templateBody,
  templateDraft,
  templateValues,
} from './bodies';
import { CouponRuleEditor } from './CouponRuleEditor';
import { Field, IssuesProvider } from './Field';
import { CountInput, InstantPicker } from './inputs';
import { MerchantSelect } from './MerchantSelect';
import { ScopeEditor } from './ScopeEditor';
import { FormFooter, MoreFields } from './FormTail';
import { StackingFields } from './StackingFields';
import { minuteFrom } from './time';
import { useLiveIssues } from './use-live-issues';

function newTemplate(now: Date, store?: string): TemplateFormValues {
  return {
    name: '',
    kind: 'store',
    status: 'active',
    rule: { type: 'amount' },
    scope: store ? { storeIds: [store] } : {},
    perUserLimit: 1,
    claimStartsAt: minuteFrom(now),
    claimEndsAt: minuteFrom(now, 7),
    validityMode: 'days',
    validity: { days: 7 },
    stackable: true,
  };
}

interface TemplateFormProps {
  open: boolean;
  template: CouponTemplate | null;
  defaultStore?: string;
  onClose: () => void;
}

export function CouponTemplateDrawer({ open, template, defaultStore, onClose }: TemplateFormProps) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={680}
      destroyOnHidden
      // Escape closes a picker inside the form; it must not throw away the whole form too.
      keyboard={false}
      title={template ? t('coupons.edit') : t('coupons.new')}
    >
      {open && <TemplateForm template={template} defaultStore={defaultStore} onDone={onClose} />}
    </Drawer>
  );
}

function TemplateForm({
  template,
  defaultStore,
  onDone,
}: {
  template: CouponTemplate | null;
  defaultStore?: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TemplateFormValues>();
  const [now] = useState(() => new Date());
  const initial = useMemo(
    () => (template ? templateValues(template) : newTemplate(now, defaultStore)),
    [template, now, defaultStore],
  );
  // The merchant's store may arrive after the form opened: preselect it unless the user chose.
  useEffect(() => {
    if (template || !defaultStore || form.isFieldTouched(['scope', 'storeIds'])) return;
    if (!form.getFieldValue(['scope', 'storeIds'])?.length)
      form.setFieldValue(['scope', 'storeIds'], [defaultStore]);
  }, [template, defaultStore, form]);
  const [submitted, setSubmitted] = useState(false);
  // Claimed coupons carry the template's terms: the server refuses to change them afterwards.
  const frozen = (template?.claimed ?? 0) > 0;
  const [refused, setRefused] = useState<FieldIssue[]>([]);

  // Before the form has registered its fields the watch is empty: start from the initial values.
  const watched = Form.useWatch((v: TemplateFormValues) => v, { form, preserve: true });
  const values = watched?.kind && watched.rule ? watched : initial;
  const kind = values.kind ?? initial.kind;
  const platformKind = PLATFORM_COUPON_KINDS.includes(kind);
  const merchantId = operator ? (platformKind ? undefined : values.merchantId) : (user.partyId ?? undefined);
  const body = useMemo(() => templateBody(values, !operator), [values, operator]);
  const draft = useMemo(() => templateDraft(body, now), [body, now]);
  const live = useLiveIssues('/v1/pricing/coupon-templates/validate', form, draft, submitted, refused);

  const save = useMutation({
    mutationFn: async (b: Partial<TemplateBody>) => {
      if (!template) return api<CouponTemplate>('/v1/pricing/coupon-templates', { method: 'POST', body: b });
      const { status: _s, merchantId: _m, ...patch } = b;
      // An optional field emptied in the form (a daily limit, a group) is cleared on the server.
      return api<CouponTemplate>(`/v1/pricing/coupon-templates/${encodeURIComponent(template.id)}`, {
        method: 'PATCH',
        body: { ...patchBody(template, patch, CLEARABLE_TEMPLATE_FIELDS), version: template.version },
      });
    },
    meta: { silent: true },
    onSuccess: async () => {
      void message.success(template ? t('coupons.saved') : t('coupons.created'));
      await queryClient.invalidateQueries({ queryKey: ['pricing', 'templates'] });
      onDone();
    },
    onError: (e) => {
      setSubmitted(true);
      setRefused(e instanceof ApiError ? e.issues : []);
      void message.error(
        e instanceof ApiError ? (e.issues.length ? t('form.saveFailed') : (e.detail ?? e.title)) : String(e),
      );
    },
  });

  const onValuesChange = (changed: Partial<TemplateFormValues>) => {
    setRefused([]);
    if (changed.rule?.type)
      form.setFieldValue('rule', { type: changed.rule.type, min: form.getFieldValue(['rule', 'min']) });
  };

  const kinds = (
    operator ? COUPON_KINDS : COUPON_KINDS.filter((k) => !PLATFORM_COUPON_KINDS.includes(k))
  ).map((k) => ({
    value: k,
    label: t(`pricing.couponKind.${k}`),
  }));
  const required = [{ required: true, message: t('form.required') }];
  const timeRequired = [{ required: true, message: t('form.timeRequired') }];

  return (
    <IssuesProvider issues={live.shown}>
      <Form<TemplateFormValues>
        form={form}
        name="coupon"
        layout="vertical"
        preserve={false}
        initialValues={initial}
        onValuesChange={onValuesChange}
        onFinish={() => save.mutate(body)}
        onFinishFailed={() => setSubmitted(true)}
        requiredMark={false}
        data-testid="coupon-form"
      >
        {frozen && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('coupons.frozen', { count: template?.claimed ?? 0 })}
            data-testid="coupon-frozen"
          />
        )}
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('form.basics')}
        </Divider>
        <Field
          issue="name"
          name="name"
          label={t('form.name')}
          rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="coupon-name" />
        </Field>
        <Row gutter={12}>
          <Col span={operator && !platformKind ? 12 : 24}>
            <Field issue="kind" name="kind" label={t('form.kind')}>
              <Select<CouponKind> data-testid="coupon-kind" options={kinds} disabled={!!template} />
            </Field>
          </Col>
          {operator && !platformKind && (
            <Col span={12}>
              <Field
                issue="merchantId"
                name="merchantId"
                label={t('form.merchant')}
                rules={[{ required: true, message: t('form.merchantRequired') }]}
              >
                <MerchantSelect disabled={!!template} />
              </Field>
            </Col>
          )}
        </Row>
        {kind === 'channel' && (
          <Row gutter={12}>
            <Col span={12}>
              <Field
                issue="channel.promoterId"
                also={['channel']}
                name={['channel', 'promoterId']}
                label={t('couponForm.promoterId')}
                extra={t('couponForm.channelHint')}
              >
                <Input allowClear />
              </Field>
            </Col>
            <Col span={12}>
              <Field
                issue="channel.creatorId"
                name={['channel', 'creatorId']}
                label={t('couponForm.creatorId')}
              >
                <Input allowClear />
              </Field>
            </Col>
          </Row>
        )}
        {kind === 'live' && (
          <Field
            issue="liveSessionId"
            name="liveSessionId"
            label={t('form.liveSessionId')}
            extra={t('couponForm.liveHint')}
          >
            <Input allowClear />
          </Field>
        )}
        {!template && (
          <Field issue="status" name="status" label={t('form.saveAs')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'active', label: t('form.saveActive') },
                { value: 'draft', label: t('form.saveDraft') },
              ]}
            />
          </Field>
        )}

        <Divider titlePlacement="start">{t('form.rule')}</Divider>
        <ConfigProvider componentDisabled={frozen}>
          <CouponRuleEditor />
        </ConfigProvider>

        <Divider titlePlacement="start">{t('couponForm.quantities')}</Divider>
        <Row gutter={12}>
          <Col span={6}>
            <Field
              issue="totalQuantity"
              name="totalQuantity"
              label={t('couponForm.totalQuantity')}
              rules={required}
            >
              <CountInput data-testid="coupon-total" />
            </Field>
          </Col>
          <Col span={6}>
            <Field issue="perUserLimit" name="perUserLimit" label={t('couponForm.perUserLimit')}>
              <CountInput />
            </Field>
          </Col>
          <Col span={6}>
            <Field
              issue="perUserDailyLimit"
              name="perUserDailyLimit"
              label={t('couponForm.perUserDailyLimit')}
            >
              <CountInput placeholder={t('form.noLimit')} />
            </Field>
          </Col>
          <Col span={6}>
            <Field issue="perDayLimit" name="perDayLimit" label={t('couponForm.perDayLimit')}>
              <CountInput placeholder={t('form.noLimit')} />
            </Field>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('couponForm.claimWindow')}</Divider>
        <Row gutter={12}>
          <Col span={12}>
            <Field
              issue="claimStartsAt"
              name="claimStartsAt"
              label={t('couponForm.claimStartsAt')}
              rules={timeRequired}
            >
              <InstantPicker />
            </Field>
          </Col>
          <Col span={12}>
            <Field
              issue="claimEndsAt"
              name="claimEndsAt"
              label={t('couponForm.claimEndsAt')}
              rules={timeRequired}
              extra={t('form.timeZoneHint')}
            >
              <InstantPicker />
            </Field>
          </Col>
        </Row>
        <ConfigProvider componentDisabled={frozen}>
          <Field issue="validity" name="validityMode" label={t('couponForm.validity')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'days', label: t('couponForm.validityDays') },
                { value: 'fixed', label: t('couponForm.validityFixed') },
              ]}
            />
          </Field>
          {values.validityMode === 'fixed' ? (
            <Row gutter={12}>
              <Col span={12}>
                <Field
                  issue="validity.from"
                  name={['validity', 'from']}
                  label={t('couponForm.validFrom')}
                  rules={timeRequired}
                >
                  <InstantPicker />
                </Field>
              </Col>
              <Col span={12}>
                <Field
                  issue="validity.to"
                  name={['validity', 'to']}
                  label={t('couponForm.validTo')}
                  rules={timeRequired}
                >
                  <InstantPicker />
                </Field>
              </Col>
            </Row>
          ) : (
            <Field
              issue="validity.days"
              name={['validity', 'days']}
              label={t('couponForm.days')}
              rules={required}
            >
              <CountInput style={{ maxWidth: 200 }} />
            </Field>
          )}
        </ConfigProvider>

        <Divider titlePlacement="start">{t('form.scope')}</Divider>
        <ConfigProvider componentDisabled={frozen}>
          <ScopeEditor merchantId={merchantId} storesRequired={!platformKind || kind === 'cross_store'} />
        </ConfigProvider>

        <Divider titlePlacement="start">{t('form.stacking')}</Divider>
        <StackingFields funding={operator} />
        <MoreFields />
        <FormFooter
          live={live}
          submitted={submitted}
          saving={save.isPending}
          editing={!!template}
          onCancel={onDone}
          testId="coupon"
        />
      </Form>
    </IssuesProvider>
  );
}
