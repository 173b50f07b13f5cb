// 发起联合活动 (merchants): one form for every campaign type — basics, the type's rules (满X减Y tiers, a cross-store
// coupon, an ad slot to crowdfund, or only a shared decoration), participation requirements, how the discount is
// funded, a fan-exclusive extra coupon, a shared decoration with its live preview, and the partner stores to invite
// (recommended from co-purchase data). Refusals show beside the fields they concern.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  ColorPicker,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { formatFen, formatNumber } from '../../format';
import { categoryName } from '../distribution/CategorySelect';
import { useCategories } from '../distribution/dist-queries';
import { useMyStores } from '../live/live-queries';
import { PageHeader } from '../../components/PageHeader';
import { campaignPath, DecorationPreview } from './components';
import {
  type CampaignFormValues,
  campaignBody,
  decorationOf,
  equalSplit,
  formField,
  scoreText,
  THEME_COLORS,
  tierIssues,
} from './joint-format';
import { useJT } from './joint-i18n';
import { useAdSlots, usePartners, useWhitelistMe } from './joint-queries';
import { CAMPAIGN_TYPES, type Campaign, type CampaignType, THEMES } from './joint-types';
import { IssueItem, IssuesProvider, OtherIssues, TYPE_ICONS, useJointAction } from './ui';

type Values = Omit<CampaignFormValues, 'startsAt' | 'endsAt' | 'adDeadline'> & {
  dates?: [Dayjs, Dayjs];
  adDeadline?: Dayjs;
};

/** Fields the form shows (issues on any other path are listed above the submit button). */
const SHOWN = new Set([
  'type',
  'name',
  'nameZh',
  'storeId',
  'dates',
  'tiers',
  'every',
  'everyOff',
  'cap',
  'couponMin',
  'couponOff',
  'couponPercent',
  'couponMaxOff',
  'quantity',
  'perUserLimit',
  'adSlot',
  'adPrice',
  'adDeadline',
  'adSplit',
  'adSeats',
  'adMax',
  'adShare',
  'organiserShare',
  'minStoreScore',
  'categoryIds',
  'fundingMode',
  'fanMin',
  'fanOff',
  'fanQuantity',
  'theme',
  'bannerText',
  'bannerTextZh',
  'color',
  'giftWrap',
  'giftWrapFee',
  'invite',
]);

const yuanInput = { prefix: '¥', min: 0, precision: 2, style: { width: 160 } } as const;

export default function CreateCampaignPage() {
  const { jt, lang } = useJT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [clientId] = useState(() => `jc_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`);
  const stores = useMyStores(true);
  const categories = useCategories();
  const slots = useAdSlots();
  const whitelist = useWhitelistMe(true);

  const typeParam = params.get('type') as CampaignType | null;
  const initial: Partial<Values> = useMemo(
    () => ({
      type:
        typeParam && (CAMPAIGN_TYPES as readonly string[]).includes(typeParam)
          ? typeParam
          : 'cross_store_threshold',
      storeId: params.get('store') ?? undefined,
      invite: params.get('invite')?.split(',').filter(Boolean) ?? [],
      dates: [dayjs().add(1, 'day').startOf('day'), dayjs().add(15, 'day').startOf('day')],
      thresholdType: 'amount_tiers',
      tiers: [{ min: 199, off: 100 }],
      couponType: 'amount',
      couponMin: 99,
      couponOff: 20,
      quantity: 1000,
      perUserLimit: 1,
      adSplit: 'equal',
      adSeats: 5,
      adMax: 20,
      adShare: 20,
      fundingMode: 'own_lines',
      fanEnabled: false,
      fanMin: 0,
      fanOff: 10,
      fanQuantity: 500,
      decorationEnabled: false,
      theme: 'festive',
      color: THEME_COLORS.festive,
      giftWrap: false,
      giftWrapFee: 0,
      categoryIds: [],
    }),
    [params, typeParam],
  );

  const type = (Form.useWatch('type', form) ?? initial.type) as CampaignType;
  const storeId = Form.useWatch('storeId', form) ?? initial.storeId;
  const thresholdType = Form.useWatch('thresholdType', form) ?? 'amount_tiers';
  const couponType = Form.useWatch('couponType', form) ?? 'amount';
  const adSplit = Form.useWatch('adSplit', form) ?? 'equal';
  const adSeats = Form.useWatch('adSeats', form);
  const adPrice = Form.useWatch('adPrice', form);
  const fanEnabled = Form.useWatch('fanEnabled', form);
  const fundingMode = Form.useWatch('fundingMode', form);
  const decorationEnabled = Form.useWatch('decorationEnabled', form);
  const giftWrap = Form.useWatch('giftWrap', form);
  const tiers = Form.useWatch('tiers', form) ?? [];
  const all = Form.useWatch([], form) as Values | undefined;
  const partners = usePartners(storeId, 20);

  const myStores = stores.data?.items ?? [];
  const storeName = (id: string) => myStores.find((s) => s.id === id)?.name ?? id;
  const showDecoration = type === 'shared_decoration' || !!decorationEnabled;
  const decoration = all
    ? decorationOf({ ...(all as unknown as CampaignFormValues), type, decorationEnabled: showDecoration })
    : undefined;
  const localTierIssues =
    type === 'cross_store_threshold' && thresholdType === 'amount_tiers' ? tierIssues(tiers) : [];
  const notWhitelisted = type === 'ad_crowdfunding' && whitelist.data?.whitelisted === false;

  const action = useJointAction<Campaign>((c) => navigate(campaignPath(c.id)));

  const submit = (v: Values) => {
    const [from, to] = v.dates ?? [];
    const values: CampaignFormValues = {
      ...(v as unknown as CampaignFormValues),
      type,
      startsAt: from ? from.toISOString() : '',
      endsAt: to ? to.toISOString() : '',
      adDeadline: v.adDeadline ? v.adDeadline.toISOString() : undefined,
      decorationEnabled: showDecoration,
    };
    action.mutate({
      path: '/v1/joint/campaigns',
      body: campaignBody(values, clientId),
      success: (c) => jt('create.created', { name: c.name }),
    });
  };

  const partnerOptions = (partners.data?.items ?? []).map((p) => ({
    value: p.storeId,
    label: `${p.storeName} · ${p.merchantName} (${jt('partners.score')} ${scoreText(p.score)})`,
  }));
  // Stores asked for in the link that the recommendations do not list still show by id.
  for (const id of initial.invite ?? [])
    if (!partnerOptions.some((o) => o.value === id)) partnerOptions.push({ value: id, label: id });

  const seatAmounts =
    adSplit === 'equal' && adPrice && adSeats ? equalSplit(Math.round(adPrice * 100), adSeats) : [];

  return (
    <>
      <PageHeader title={jt('create.title')} extra={<Link to="/joint">{jt('common.back')}</Link>} />
      <IssuesProvider issues={action.issues} map={formField}>
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={submit}
          data-testid="campaign-form"
          onValuesChange={() => action.issues.length && action.setIssues([])}
        >
          <Flex vertical gap={16}>
            <Card title={jt('create.basics')} size="small">
              <IssueItem issue="type" name="type" label={jt('create.type')}>
                <Radio.Group optionType="button" buttonStyle="solid" data-testid="campaign-type">
                  {CAMPAIGN_TYPES.map((t) => (
                    <Radio.Button key={t} value={t} data-testid={`type-${t}`}>
                      <span style={{ marginInlineEnd: 6 }}>{TYPE_ICONS[t]}</span>
                      {jt(`types.${t}`)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </IssueItem>
              <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
                {jt(`typeHints.${type}`)}
              </Typography.Paragraph>
              <Flex gap={16} wrap>
                <IssueItem
                  issue="name"
                  name="name"
                  label={jt('create.name')}
                  rules={[{ required: true, whitespace: true, message: jt('create.required') }]}
                  style={{ flex: '1 1 280px' }}
                >
                  <Input
                    maxLength={120}
                    placeholder={jt('create.namePlaceholder')}
                    data-testid="campaign-name"
                  />
                </IssueItem>
                <IssueItem
                  issue="nameZh"
                  name="nameZh"
                  label={jt('create.nameZh')}
                  style={{ flex: '1 1 280px' }}
                >
                  <Input maxLength={120} placeholder="跨店满199减100" data-testid="campaign-name-zh" />
                </IssueItem>
              </Flex>
              <Flex gap={16} wrap>
                <IssueItem
                  issue="storeId"
                  name="storeId"
                  label={jt('create.store')}
                  extra={jt('create.storeHint')}
                  rules={[{ required: true, message: jt('create.required') }]}
                  style={{ flex: '1 1 280px' }}
                >
                  <Select
                    loading={stores.isLoading}
                    data-testid="campaign-store"
                    options={myStores.map((s) => ({ value: s.id, label: s.name ?? s.id }))}
                    placeholder={jt('create.storePlaceholder')}
                    showSearch={{ optionFilterProp: 'label' }}
                  />
                </IssueItem>
                <IssueItem
                  issue="dates"
                  name="dates"
                  label={jt('create.dates')}
                  rules={[{ required: true, message: jt('create.required') }]}
                  style={{ flex: '1 1 360px' }}
                >
                  <DatePicker.RangePicker
                    showTime={{ format: 'HH:mm' }}
                    format="YYYY-MM-DD HH:mm"
                    data-testid="campaign-dates"
                  />
                </IssueItem>
              </Flex>
            </Card>

            <Card title={jt('create.rules')} size="small" data-testid="rules-card">
              {type === 'cross_store_threshold' ? (
                <>
                  <Form.Item name="thresholdType" label={jt('create.thresholdType')}>
                    <Radio.Group>
                      <Radio value="amount_tiers">{jt('create.tiersMode')}</Radio>
                      <Radio value="amount_every">{jt('create.everyMode')}</Radio>
                    </Radio.Group>
                  </Form.Item>
                  {thresholdType === 'amount_tiers' ? (
                    <IssueItem issue="tiers" label={jt('create.tiers')} extra={jt('create.tiersHint')}>
                      <Form.List name="tiers">
                        {(fields, { add, remove }) => (
                          <Flex vertical gap={8}>
                            {fields.map((f, i) => (
                              <Flex key={f.key} gap={8} align="center" wrap data-testid={`tier-${i}`}>
                                <span>{jt('create.spend')}</span>
                                <Form.Item name={[f.name, 'min']} noStyle>
                                  <InputNumber {...yuanInput} data-testid={`tier-${i}-min`} />
                                </Form.Item>
                                <span>{jt('create.save')}</span>
                                <Form.Item name={[f.name, 'off']} noStyle>
                                  <InputNumber {...yuanInput} data-testid={`tier-${i}-off`} />
                                </Form.Item>
                                {fields.length > 1 ? (
                                  <Button
                                    type="text"
                                    icon={<DeleteOutlined />}
                                    onClick={() => remove(f.name)}
                                    aria-label={jt('create.removeTier')}
                                  />
                                ) : null}
                              </Flex>
                            ))}
                            {fields.length < 5 ? (
                              <Button
                                type="dashed"
                                icon={<PlusOutlined />}
                                onClick={() => add({})}
                                style={{ width: 200 }}
                                data-testid="tier-add"
                              >
                                {jt('create.addTier')}
                              </Button>
                            ) : null}
                          </Flex>
                        )}
                      </Form.List>
                    </IssueItem>
                  ) : (
                    <Flex gap={16} wrap>
                      <IssueItem issue="every" name="every" label={jt('create.every')}>
                        <InputNumber {...yuanInput} />
                      </IssueItem>
                      <IssueItem issue="everyOff" name="everyOff" label={jt('create.everyOff')}>
                        <InputNumber {...yuanInput} />
                      </IssueItem>
                      <IssueItem issue="cap" name="cap" label={jt('create.cap')}>
                        <InputNumber {...yuanInput} />
                      </IssueItem>
                    </Flex>
                  )}
                  {localTierIssues.length ? (
                    <Alert
                      type="warning"
                      showIcon
                      title={localTierIssues.map((c) => jt(`create.tierIssues.${c}`)).join(' ')}
                    />
                  ) : null}
                </>
              ) : null}

              {type === 'cross_store_coupon' ? (
                <>
                  <Form.Item name="couponType" label={jt('create.couponType')}>
                    <Radio.Group>
                      <Radio value="amount">{jt('create.couponAmount')}</Radio>
                      <Radio value="percent">{jt('create.couponPercent')}</Radio>
                    </Radio.Group>
                  </Form.Item>
                  <Flex gap={16} wrap>
                    <IssueItem
                      issue="couponMin"
                      name="couponMin"
                      label={jt('create.couponMin')}
                      extra={jt('create.couponMinHint')}
                    >
                      <InputNumber {...yuanInput} />
                    </IssueItem>
                    {couponType === 'amount' ? (
                      <IssueItem issue="couponOff" name="couponOff" label={jt('create.couponOff')}>
                        <InputNumber {...yuanInput} />
                      </IssueItem>
                    ) : (
                      <>
                        <IssueItem
                          issue="couponPercent"
                          name="couponPercent"
                          label={jt('create.percentOff')}
                          extra={jt('create.percentOffHint')}
                        >
                          <InputNumber min={1} max={99} suffix="%" style={{ width: 140 }} />
                        </IssueItem>
                        <IssueItem issue="couponMaxOff" name="couponMaxOff" label={jt('create.maxOff')}>
                          <InputNumber {...yuanInput} />
                        </IssueItem>
                      </>
                    )}
                    <IssueItem issue="quantity" name="quantity" label={jt('create.quantity')}>
                      <InputNumber min={1} precision={0} style={{ width: 140 }} />
                    </IssueItem>
                    <IssueItem issue="perUserLimit" name="perUserLimit" label={jt('create.perUserLimit')}>
                      <InputNumber min={1} precision={0} style={{ width: 120 }} />
                    </IssueItem>
                  </Flex>
                </>
              ) : null}

              {type === 'ad_crowdfunding' ? (
                <>
                  {notWhitelisted ? (
                    <Alert
                      type="warning"
                      showIcon
                      style={{ marginBottom: 16 }}
                      data-testid="not-whitelisted"
                      title={jt('ads.notWhitelisted')}
                    />
                  ) : null}
                  <Flex gap={16} wrap>
                    <IssueItem
                      issue="adSlot"
                      name="adSlot"
                      label={jt('create.adSlot')}
                      style={{ flex: '1 1 320px' }}
                      rules={[{ required: true, message: jt('create.required') }]}
                    >
                      <Select
                        loading={slots.isLoading}
                        data-testid="ad-slot"
                        onChange={(id: string) => {
                          const s = slots.data?.items.find((x) => x.id === id);
                          if (s) form.setFieldValue('adPrice', s.price / 100);
                        }}
                        options={(slots.data?.items ?? []).map((s) => ({
                          value: s.id,
                          label: jt('create.slotOption', {
                            name: lang === 'zh' ? s.nameZh : s.name,
                            price: formatFen(s.price, lang),
                            exposures: formatNumber(s.exposures, lang),
                            days: s.days,
                          }),
                        }))}
                      />
                    </IssueItem>
                    <IssueItem
                      issue="adPrice"
                      name="adPrice"
                      label={jt('create.adPrice')}
                      extra={jt('create.adPriceHint')}
                    >
                      <InputNumber {...yuanInput} disabled />
                    </IssueItem>
                    <IssueItem
                      issue="adDeadline"
                      name="adDeadline"
                      label={jt('create.adDeadline')}
                      extra={jt('create.adDeadlineHint')}
                      rules={[{ required: true, message: jt('create.required') }]}
                    >
                      <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                    </IssueItem>
                  </Flex>
                  <Flex gap={16} wrap>
                    <IssueItem issue="adSplit" name="adSplit" label={jt('create.adSplit')}>
                      <Radio.Group>
                        <Radio value="equal">{jt('ads.split.equal')}</Radio>
                        <Radio value="shares">{jt('ads.split.shares')}</Radio>
                      </Radio.Group>
                    </IssueItem>
                    {adSplit === 'equal' ? (
                      <IssueItem issue="adSeats" name="adSeats" label={jt('create.adSeats')}>
                        <InputNumber min={2} max={20} precision={0} style={{ width: 120 }} />
                      </IssueItem>
                    ) : (
                      <IssueItem issue="adShare" name="adShare" label={jt('create.adShare')}>
                        <InputNumber min={0.01} max={99.99} precision={2} suffix="%" style={{ width: 140 }} />
                      </IssueItem>
                    )}
                    <IssueItem issue="adMax" name="adMax" label={jt('create.adMax')}>
                      <InputNumber min={2} max={20} precision={0} style={{ width: 120 }} />
                    </IssueItem>
                  </Flex>
                  {seatAmounts.length ? (
                    <Typography.Text type="secondary" data-testid="seat-amounts">
                      {jt('create.seatAmounts', {
                        amounts: [...new Set(seatAmounts)].map((a) => formatFen(a, lang)).join(' / '),
                      })}
                    </Typography.Text>
                  ) : adSplit === 'shares' ? (
                    <Typography.Text type="secondary">{jt('create.sharesHint')}</Typography.Text>
                  ) : null}
                </>
              ) : null}

              {type === 'shared_decoration' ? (
                <Typography.Text type="secondary">{jt('create.decorationOnly')}</Typography.Text>
              ) : null}
            </Card>

            <Card title={jt('create.requirements')} size="small">
              <Flex gap={16} wrap>
                <IssueItem
                  issue="minStoreScore"
                  name="minStoreScore"
                  label={jt('create.minStoreScore')}
                  extra={jt('create.minStoreScoreHint')}
                >
                  <InputNumber min={0} max={100} precision={1} style={{ width: 140 }} />
                </IssueItem>
                <IssueItem
                  issue="categoryIds"
                  name="categoryIds"
                  label={jt('create.categories')}
                  extra={jt('create.categoriesHint')}
                  style={{ flex: '1 1 360px' }}
                >
                  <Select
                    mode="multiple"
                    allowClear
                    loading={categories.isLoading}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={(categories.data?.items ?? [])
                      .filter((c) => c.level === 1)
                      .map((c) => ({ value: c.id, label: categoryName(c, lang) }))}
                  />
                </IssueItem>
              </Flex>
            </Card>

            {type === 'cross_store_threshold' || type === 'cross_store_coupon' ? (
              <Card title={jt('create.funding')} size="small">
                <IssueItem issue="fundingMode" name="fundingMode" style={{ marginBottom: 0 }}>
                  <Radio.Group data-testid="funding-mode">
                    <Flex vertical gap={8}>
                      <Radio value="own_lines">
                        {jt('funding.own_lines')}
                        <Typography.Text type="secondary"> — {jt('funding.own_linesHint')}</Typography.Text>
                      </Radio>
                      <Radio value="shares">
                        {jt('funding.shares')}
                        <Typography.Text type="secondary"> — {jt('funding.sharesHint')}</Typography.Text>
                      </Radio>
                    </Flex>
                  </Radio.Group>
                </IssueItem>
                {fundingMode === 'shares' ? (
                  <IssueItem
                    issue="organiserShare"
                    name="organiserShare"
                    label={jt('create.organiserShare')}
                    extra={jt('create.organiserShareHint')}
                    style={{ marginTop: 16, marginBottom: 0 }}
                  >
                    <InputNumber min={0.01} max={99.99} precision={2} suffix="%" style={{ width: 140 }} />
                  </IssueItem>
                ) : null}
              </Card>
            ) : null}

            <Card
              title={jt('create.fanOffer')}
              size="small"
              extra={
                <Form.Item name="fanEnabled" valuePropName="checked" noStyle>
                  <Switch data-testid="fan-enabled" />
                </Form.Item>
              }
            >
              {fanEnabled ? (
                <Flex gap={16} wrap>
                  <IssueItem
                    issue="fanMin"
                    name="fanMin"
                    label={jt('create.couponMin')}
                    extra={jt('create.couponMinHint')}
                  >
                    <InputNumber {...yuanInput} />
                  </IssueItem>
                  <IssueItem issue="fanOff" name="fanOff" label={jt('create.couponOff')}>
                    <InputNumber {...yuanInput} />
                  </IssueItem>
                  <IssueItem issue="fanQuantity" name="fanQuantity" label={jt('create.quantity')}>
                    <InputNumber min={1} precision={0} style={{ width: 140 }} />
                  </IssueItem>
                </Flex>
              ) : (
                <Typography.Text type="secondary">{jt('create.fanHint')}</Typography.Text>
              )}
            </Card>

            <Card
              title={jt('create.decoration')}
              size="small"
              extra={
                type === 'shared_decoration' ? null : (
                  <Form.Item name="decorationEnabled" valuePropName="checked" noStyle>
                    <Switch data-testid="decoration-enabled" />
                  </Form.Item>
                )
              }
            >
              {showDecoration ? (
                <Flex gap={24} wrap align="flex-start">
                  <Flex vertical style={{ flex: '1 1 320px' }}>
                    <Flex gap={16} wrap>
                      <IssueItem issue="theme" name="theme" label={jt('create.theme')}>
                        <Select
                          style={{ width: 160 }}
                          onChange={(th: keyof typeof THEME_COLORS) =>
                            form.setFieldValue('color', THEME_COLORS[th])
                          }
                          options={THEMES.map((th) => ({ value: th, label: jt(`themes.${th}`) }))}
                        />
                      </IssueItem>
                      <IssueItem
                        issue="color"
                        name="color"
                        label={jt('create.color')}
                        getValueFromEvent={(c: { toHexString: () => string }) => c.toHexString()}
                      >
                        <ColorPicker showText disabledAlpha format="hex" />
                      </IssueItem>
                    </Flex>
                    <IssueItem
                      issue="bannerText"
                      name="bannerText"
                      label={jt('create.bannerText')}
                      rules={[{ required: true, whitespace: true, message: jt('create.required') }]}
                    >
                      <Input
                        maxLength={60}
                        placeholder="Spend ¥199, save ¥100 across stores"
                        data-testid="banner-text"
                      />
                    </IssueItem>
                    <IssueItem issue="bannerTextZh" name="bannerTextZh" label={jt('create.bannerTextZh')}>
                      <Input
                        maxLength={60}
                        placeholder="跨店满199减100，好物一起逛"
                        data-testid="banner-text-zh"
                      />
                    </IssueItem>
                    <Flex gap={16} wrap align="center">
                      <IssueItem
                        issue="giftWrap"
                        name="giftWrap"
                        label={jt('create.giftWrap')}
                        valuePropName="checked"
                      >
                        <Switch />
                      </IssueItem>
                      {giftWrap ? (
                        <IssueItem
                          issue="giftWrapFee"
                          name="giftWrapFee"
                          label={jt('create.giftWrapFee')}
                          extra={jt('create.giftWrapFeeHint')}
                        >
                          <InputNumber {...yuanInput} />
                        </IssueItem>
                      ) : null}
                    </Flex>
                  </Flex>
                  {decoration ? (
                    <div style={{ flex: '1 1 360px' }}>
                      <DecorationPreview
                        decoration={decoration}
                        lang={lang}
                        stores={[
                          storeId ? storeName(storeId) : '',
                          ...(all?.invite ?? []).map(
                            (id) => partnerOptions.find((o) => o.value === id)?.label.split(' · ')[0] ?? id,
                          ),
                        ].filter(Boolean)}
                      />
                    </div>
                  ) : null}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{jt('create.decorationHint')}</Typography.Text>
              )}
            </Card>

            <Card title={jt('create.invite')} size="small">
              <IssueItem
                issue="invite"
                name="invite"
                label={jt('create.inviteLabel')}
                extra={storeId ? jt('create.inviteHint') : jt('create.inviteNeedsStore')}
              >
                <Select
                  mode="multiple"
                  allowClear
                  data-testid="campaign-invite"
                  loading={partners.isFetching}
                  disabled={!storeId}
                  options={partnerOptions}
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={jt('create.invitePlaceholder')}
                  notFoundContent={partners.error ? jt('partners.unavailable') : jt('partners.none')}
                />
              </IssueItem>
            </Card>

            <OtherIssues shown={(f) => SHOWN.has(f)} />
            <Flex gap={12}>
              <Button
                type="primary"
                htmlType="submit"
                loading={action.isPending}
                disabled={notWhitelisted}
                data-testid="campaign-submit"
              >
                {jt('create.submit')}
              </Button>
              <Button onClick={() => navigate('/joint')}>{jt('common.cancel')}</Button>
            </Flex>
          </Flex>
        </Form>
      </IssuesProvider>
    </>
  );
}
