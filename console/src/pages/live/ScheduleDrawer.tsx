// 预约直播: a merchant schedules a session in one of its stores — who streams (self, an agency's creator, a
// creator), title, start time (Beijing time) and the products listed, each with an optional live price. What the
// server refuses shows beside the field it names (a live price not below the product's price, by that product).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Drawer, Flex, Form, Input, InputNumber, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { ApiError, api } from '../../api';
import { useAuth } from '../../auth/auth-context';
import { formatFen, formatNumber } from '../../format';
import { type ScheduleValues, scheduleBody } from './live-format';
import { useLT } from './live-i18n';
import { LIVE_KEY, useHostOptions, useMyStores, useStoreProducts } from './live-queries';
import { HOST_TYPES, type HostType, type SessionDetail } from './live-types';
import { type Issue, IssueItem, IssuesProvider, OtherIssues } from './ui';

export function ScheduleDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (s: SessionDetail) => void;
}) {
  const { lt } = useLT();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={640}
      destroyOnHidden
      // Escape closes pickers inside the form, not the form with what was typed.
      keyboard={false}
      title={lt('schedule.title')}
      data-testid="schedule-drawer"
    >
      {open && (
        <ScheduleForm
          onCancel={onClose}
          onDone={(s) => {
            onClose();
            onCreated(s);
          }}
        />
      )}
    </Drawer>
  );
}

const SHOWN = new Set(['storeId', 'hostType', 'agencyId', 'creatorId', 'title', 'scheduledAt', 'products']);

function ScheduleForm({ onCancel, onDone }: { onCancel: () => void; onDone: (s: SessionDetail) => void }) {
  const { lt, lang } = useLT();
  const { user } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ScheduleValues>();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [productQ, setProductQ] = useState('');
  // One id per form: a retried submit after a network failure cannot schedule the session twice.
  const [clientId] = useState(() => `ls_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`);
  const stores = useMyStores(true);
  const hosts = useHostOptions(true);
  const hostType: HostType = Form.useWatch('hostType', form) ?? 'self';
  const storeId = Form.useWatch('storeId', form);
  const agencyId = Form.useWatch('agencyId', form);
  const products = useStoreProducts(user.partyId ?? undefined, productQ);
  const productOptions = useMemo(
    () =>
      (products.data?.items ?? [])
        .filter((p) => p.storeId === storeId)
        .map((p) => ({
          value: p.id,
          label: `${p.title} · ${formatFen(p.minPrice, lang)}`,
        })),
    [products.data, storeId, lang],
  );
  const agency = hosts.data?.agencies.find((a) => a.id === agencyId);
  const creatorOptions =
    hostType === 'agency'
      ? (agency?.creators ?? []).map((c) => ({ value: c.id, label: c.name ?? c.id }))
      : (hosts.data?.creators ?? []).map((c) => ({
          value: c.id,
          label:
            c.followers !== undefined
              ? `${c.name ?? c.id} · ${lt('schedule.followers', { n: formatNumber(c.followers, lang) })}`
              : (c.name ?? c.id),
        }));

  const save = useMutation({
    mutationFn: (v: ScheduleValues) =>
      api<SessionDetail>('/v1/live/sessions', { method: 'POST', body: scheduleBody(v, clientId) }),
    meta: { silent: true },
    onSuccess: async (s) => {
      setIssues([]);
      void message.success(lt('schedule.created'));
      await queryClient.invalidateQueries({ queryKey: LIVE_KEY });
      onDone(s);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.issues.length) setIssues(e.issues);
      else setIssues([]);
    },
  });
  const unexplained = save.error && !(save.error instanceof ApiError && save.error.issues.length > 0);

  return (
    <IssuesProvider issues={issues}>
      <Form<ScheduleValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ hostType: 'self', products: [{}] }}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={(changed) => {
          // A new store lists other products; a new agency other creators.
          if ('storeId' in changed) form.setFieldValue('products', [{}]);
          if ('agencyId' in changed || 'hostType' in changed) form.setFieldValue('creatorId', undefined);
        }}
        data-testid="schedule-form"
      >
        <IssueItem
          issue="storeId"
          name="storeId"
          label={lt('schedule.store')}
          rules={[{ required: true, message: lt('issue.required') }]}
        >
          <Select
            placeholder={lt('schedule.storePlaceholder')}
            options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name ?? s.id }))}
            loading={stores.isLoading}
            data-testid="schedule-store"
          />
        </IssueItem>
        <IssueItem
          issue="hostType"
          name="hostType"
          label={lt('schedule.hostType')}
          rules={[{ required: true, message: lt('issue.required') }]}
          extra={lt(`schedule.${HINT[hostType]}`)}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={HOST_TYPES.map((h) => ({ value: h, label: lt(`host.${h}`) }))}
            data-testid="schedule-host"
          />
        </IssueItem>
        {hostType === 'agency' && (
          <IssueItem
            issue="agencyId"
            name="agencyId"
            label={lt('schedule.agency')}
            rules={[{ required: true, message: lt('issue.agencyRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={lt('schedule.agencyPlaceholder')}
              options={(hosts.data?.agencies ?? []).map((a) => ({ value: a.id, label: a.name ?? a.id }))}
              loading={hosts.isLoading}
              data-testid="schedule-agency"
            />
          </IssueItem>
        )}
        {hostType !== 'self' && (
          <IssueItem
            issue="creatorId"
            name="creatorId"
            label={lt('schedule.creator')}
            rules={[{ required: true, message: lt('issue.creatorRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={lt(
                hostType === 'agency' ? 'schedule.agencyCreatorPlaceholder' : 'schedule.creatorPlaceholder',
              )}
              options={creatorOptions}
              loading={hosts.isLoading}
              data-testid="schedule-creator"
            />
          </IssueItem>
        )}
        <IssueItem
          issue="title"
          name="title"
          label={lt('schedule.sessionTitle')}
          rules={[{ required: true, whitespace: true, message: lt('issue.required') }]}
        >
          <Input maxLength={120} placeholder={lt('schedule.titlePlaceholder')} data-testid="schedule-title" />
        </IssueItem>
        <IssueItem
          issue="scheduledAt"
          name="scheduledAt"
          label={lt('schedule.when')}
          extra={lt('schedule.whenHint')}
          rules={[{ required: true, message: lt('issue.dateTime') }]}
          // The picked wall-clock time is kept as text and read as Beijing time, whatever the browser's zone.
          getValueProps={(v?: string) => ({ value: v ? dayjs(v) : null })}
          normalize={(d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD HH:mm') : undefined)}
        >
          <DatePicker
            showTime={{ format: 'HH:mm', minuteStep: 5 }}
            format="YYYY-MM-DD HH:mm"
            // Enter confirms the typed time; it must not submit the whole form as well.
            onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
            style={{ width: 240 }}
            data-testid="schedule-when"
          />
        </IssueItem>
        <IssueItem issue="products" label={lt('schedule.products')} extra={lt('schedule.productsHint')}>
          <Form.List name="products">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field, i) => (
                  <Flex key={field.key} gap={8} align="start" data-testid={`schedule-product-${i}`}>
                    <IssueItem
                      issue={`products.${i}.productId`}
                      name={[field.name, 'productId']}
                      style={{ flex: 1, marginBottom: 0 }}
                    >
                      <Select
                        showSearch={{ filterOption: false, onSearch: setProductQ }}
                        allowClear
                        disabled={!storeId}
                        placeholder={
                          storeId ? lt('schedule.productPlaceholder') : lt('schedule.pickStoreFirst')
                        }
                        options={productOptions}
                        loading={products.isFetching}
                        data-testid="schedule-product"
                      />
                    </IssueItem>
                    <IssueItem
                      issue={`products.${i}.livePrice`}
                      name={[field.name, 'livePrice']}
                      style={{ width: 170, marginBottom: 0 }}
                    >
                      <InputNumber
                        min={0.01}
                        step={1}
                        precision={2}
                        prefix="¥"
                        placeholder={lt('schedule.livePricePlaceholder')}
                        style={{ width: '100%' }}
                        data-testid="schedule-live-price"
                      />
                    </IssueItem>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={lt('schedule.remove')}
                      onClick={() => remove(field.name)}
                      disabled={fields.length === 1}
                    />
                  </Flex>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({})}
                  style={{ alignSelf: 'flex-start' }}
                  data-testid="schedule-add-product"
                >
                  {lt('schedule.addProduct')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </IssueItem>
        <OtherIssues
          shown={(path) => SHOWN.has(path) || /^products\.\d+\.(productId|livePrice)$/.test(path)}
        />
        {unexplained && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={(save.error as Error).message} />
        )}
        <Flex gap={8} justify="flex-end" style={{ marginTop: 16 }}>
          <Button onClick={onCancel}>{lt('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="schedule-submit">
            {lt('schedule.submit')}
          </Button>
        </Flex>
      </Form>
    </IssuesProvider>
  );
}

const HINT: Record<HostType, 'hostSelfHint' | 'hostAgencyHint' | 'hostCreatorHint'> = {
  self: 'hostSelfHint',
  agency: 'hostAgencyHint',
  creator: 'hostCreatorHint',
};
