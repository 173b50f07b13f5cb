// Create or edit a promotion in a drawer. The fields adapt to the kind; every change is checked
// by the server as the user types and its explanations appear on the fields they concern.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Col, Divider, Drawer, Flex, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api';
import {
  type FieldIssue,
  OFFER_KINDS,
  type Offer,
  type OfferBody,
  type OfferKind,
  PLATFORM_OFFER_KINDS,
} from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { Field, IssuesProvider } from './Field';
import { CountInput, FenInput, InstantPicker } from './inputs';
import { MerchantSelect } from './MerchantSelect';
import {
  CLEARABLE_OFFER_FIELDS,
  isItemKind,
  type OfferFormValues,
  offerBody,
  offerDraft,
  offerValues,
  patchBody,
} from './bodies';
import { RuleEditor } from './RuleEditor';
import { ScopeEditor } from './ScopeEditor';
import { FormFooter, MoreFields } from './FormTail';
import { StackingFields } from './StackingFields';
import { minuteFrom } from './time';
import { useLiveIssues } from './use-live-issues';

const MERCHANT_KINDS = OFFER_KINDS.filter((k) => !PLATFORM_OFFER_KINDS.includes(k));

function newOffer(now: Date, merchantStore?: string): OfferFormValues {
  return {
    name: '',
    kind: 'store_threshold',
    startsAt: minuteFrom(now),
    endsAt: minuteFrom(now, 7),
    status: 'active',
    rule: { type: 'amount_tiers', tiers: [{}] },
    scope: merchantStore ? { storeIds: [merchantStore] } : {},
    stackable: true,
  };
}

interface OfferFormProps {
  open: boolean;
  /** The offer to edit; null to create one. */
  offer: Offer | null;
  /** A merchant's store to start new offers with. */
  defaultStore?: string;
  onClose: () => void;
}

export function OfferFormDrawer({ open, offer, defaultStore, onClose }: OfferFormProps) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={680}
      destroyOnHidden
      // Escape closes a picker inside the form; it must not throw away the whole form too.
      keyboard={false}
      title={offer ? t('promotions.edit') : t('promotions.new')}
      data-testid="offer-drawer"
    >
      {open && <OfferForm offer={offer} defaultStore={defaultStore} onDone={onClose} />}
    </Drawer>
  );
}

function OfferForm({
  offer,
  defaultStore,
  onDone,
}: {
  offer: Offer | null;
  defaultStore?: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OfferFormValues>();
  const [now] = useState(() => new Date());
  const initial = useMemo(
    () => (offer ? offerValues(offer) : newOffer(now, defaultStore)),
    [offer, now, defaultStore],
  );
  // The merchant's store may arrive after the form opened: preselect it unless the user chose.
  useEffect(() => {
    if (offer || !defaultStore || form.isFieldTouched(['scope', 'storeIds'])) return;
    if (!form.getFieldValue(['scope', 'storeIds'])?.length)
      form.setFieldValue(['scope', 'storeIds'], [defaultStore]);
  }, [offer, defaultStore, form]);
  const [submitted, setSubmitted] = useState(false);
  const [refused, setRefused] = useState<FieldIssue[]>([]);

  // Before the form has registered its fields the watch is empty: start from the initial values.
  const watched = Form.useWatch((v: OfferFormValues) => v, { form, preserve: true });
  const values = watched?.kind && watched.rule ? watched : initial;
  const kind = values.kind ?? initial.kind;
  const item = isItemKind(kind);
  const platformKind = PLATFORM_OFFER_KINDS.includes(kind);
  const merchantId = operator ? (platformKind ? undefined : values.merchantId) : (user.partyId ?? undefined);
  const body = useMemo(() => offerBody(values, !operator), [values, operator]);
  const draft = useMemo(() => offerDraft(body, now), [body, now]);
  const live = useLiveIssues('/v1/pricing/offers/validate', form, draft, submitted, refused);

  const save = useMutation({
    mutationFn: async (b: Partial<OfferBody>) => {
      if (!offer) return api<Offer>('/v1/pricing/offers', { method: 'POST', body: b });
      const { status: _s, merchantId: _m, ...patch } = b;
      // Flash stock is live; send it only when it was changed here, not the figure loaded earlier.
      if (patch.stockLeft === offer.stockLeft) delete patch.stockLeft;
      // An optional field emptied in the form is cleared on the server (null), not kept.
      return api<Offer>(`/v1/pricing/offers/${encodeURIComponent(offer.id)}`, {
        method: 'PATCH',
        body: { ...patchBody(offer, patch, CLEARABLE_OFFER_FIELDS), version: offer.version },
      });
    },
    meta: { silent: true },
    onSuccess: async () => {
      void message.success(offer ? t('promotions.saved') : t('promotions.created'));
      await queryClient.invalidateQueries({ queryKey: ['pricing', 'offers'] });
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

  const onValuesChange = (changed: Partial<OfferFormValues>) => {
    setRefused([]);
    // A kind of the other family takes the other family's rules.
    if (changed.kind) {
      const ruleIsItem = ['price', 'off', 'rate'].includes(form.getFieldValue(['rule', 'type']));
      if (isItemKind(changed.kind) !== ruleIsItem)
        form.setFieldValue(
          'rule',
          isItemKind(changed.kind) ? { type: 'off' } : { type: 'amount_tiers', tiers: [{}] },
        );
    }
    if (changed.rule?.type) {
      const type = changed.rule.type;
      const tiers = ['amount_tiers', 'percent_tiers', 'qty_percent_tiers'].includes(type) ? [{}] : undefined;
      form.setFieldValue('rule', { type, ...(tiers ? { tiers } : {}) });
    }
  };

  const required = [{ required: true, message: t('form.timeRequired') }];
  const kindOptions = (operator ? OFFER_KINDS : MERCHANT_KINDS).map((k) => ({
    value: k,
    label: (
      <Flex vertical>
        <span>{t(`pricing.offerKind.${k}`)}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
          {t(`pricing.offerKindHint.${k}`)}
        </Typography.Text>
      </Flex>
    ),
    title: t(`pricing.offerKind.${k}`),
  }));

  return (
    <IssuesProvider issues={live.shown}>
      <Form<OfferFormValues>
        form={form}
        name="offer"
        layout="vertical"
        preserve={false}
        initialValues={initial}
        onValuesChange={onValuesChange}
        onFinish={() => save.mutate(body)}
        onFinishFailed={() => setSubmitted(true)}
        requiredMark={false}
        data-testid="offer-form"
      >
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('form.basics')}
        </Divider>
        <Field
          issue="name"
          name="name"
          label={t('form.name')}
          rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="offer-name" />
        </Field>
        <Row gutter={12}>
          <Col span={operator && !platformKind ? 12 : 24}>
            <Field issue="kind" name="kind" label={t('form.kind')}>
              <Select
                data-testid="offer-kind"
                options={kindOptions}
                optionLabelProp="title"
                disabled={!!offer}
                popupMatchSelectWidth={false}
              />
            </Field>
          </Col>
          {operator && !platformKind && (
            <Col span={12}>
              <Field
                issue="merchantId"
                name="merchantId"
                label={t('form.merchant')}
                extra={item ? t('form.merchantPlatformHint') : undefined}
                rules={item ? undefined : [{ required: true, message: t('form.merchantRequired') }]}
              >
                <MerchantSelect allowClear disabled={!!offer} />
              </Field>
            </Col>
          )}
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Field issue="startsAt" name="startsAt" label={t('form.startsAt')} rules={required}>
              <InstantPicker data-testid="offer-starts" />
            </Field>
          </Col>
          <Col span={12}>
            <Field
              issue="endsAt"
              name="endsAt"
              label={t('form.endsAt')}
              rules={required}
              extra={t('form.timeZoneHint')}
            >
              <InstantPicker data-testid="offer-ends" />
            </Field>
          </Col>
        </Row>
        {!offer && (
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
        <RuleEditor item={item} />
        <KindFields kind={kind} />

        <Divider titlePlacement="start">{t('form.scope')}</Divider>
        <ScopeEditor
          merchantId={merchantId}
          storesRequired={
            kind === 'store_threshold' || kind === 'cross_store_threshold' || (item && !!merchantId)
          }
        />

        <Divider titlePlacement="start">{t('form.stacking')}</Divider>
        <StackingFields funding={operator} />
        <MoreFields />
        <FormFooter
          live={live}
          submitted={submitted}
          saving={save.isPending}
          editing={!!offer}
          onCancel={onDone}
          testId="offer"
        />
      </Form>
    </IssuesProvider>
  );
}

/** What the kind adds: flash stock and limit, live session, presale deposit and balance window. */
function KindFields({ kind }: { kind: OfferKind }) {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('form.required') }];
  if (kind === 'flash_sale')
    return (
      <Row gutter={12}>
        <Col span={12}>
          <Field issue="stockLeft" name="stockLeft" label={t('form.stockLeft')} rules={required}>
            <CountInput />
          </Field>
        </Col>
        <Col span={12}>
          <Field issue="perUserLimit" name="perUserLimit" label={t('form.perUserLimit')} rules={required}>
            <CountInput />
          </Field>
        </Col>
      </Row>
    );
  if (kind === 'live_price')
    return (
      <Field
        issue="liveSessionId"
        name="liveSessionId"
        label={t('form.liveSessionId')}
        extra={t('form.liveSessionHint')}
      >
        <Input allowClear />
      </Field>
    );
  if (kind === 'presale')
    return (
      <>
        <Row gutter={12}>
          <Col span={12}>
            <Field
              issue="presale.depositPerUnit"
              also={['presale']}
              name={['presale', 'depositPerUnit']}
              label={t('form.deposit')}
              rules={required}
            >
              <FenInput />
            </Field>
          </Col>
          <Col span={12}>
            <Field
              issue="presale.worthPerUnit"
              name={['presale', 'worthPerUnit']}
              label={t('form.worth')}
              extra={t('form.worthHint')}
              rules={required}
            >
              <FenInput />
            </Field>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Field
              issue="presale.balanceStartsAt"
              name={['presale', 'balanceStartsAt']}
              label={t('form.balanceStartsAt')}
              rules={required}
            >
              <InstantPicker />
            </Field>
          </Col>
          <Col span={12}>
            <Field
              issue="presale.balanceEndsAt"
              name={['presale', 'balanceEndsAt']}
              label={t('form.balanceEndsAt')}
              rules={required}
            >
              <InstantPicker />
            </Field>
          </Col>
        </Row>
      </>
    );
  return null;
}
