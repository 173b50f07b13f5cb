// 排序设置 (operators): the ranking settings in force as a form — page shape and program slots, the holdout
// arm of the score experiment, priors, affinity and pacing — and the 24-hour traffic curve as a chart that
// follows the edit. Saving makes the next version; a 422 shows beside its field, a 409 offers to reload.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Divider,
  Flex,
  Form,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api, showApiError } from '../../api';
import { Chart, type ChartOption } from '../../components/Chart';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant } from '../../format';
import {
  curveShares,
  type SettingsForm,
  settingsBody,
  settingsIssueField,
  settingsToForm,
  staleVersion,
} from './traffic-format';
import { type TrafficKey, useTT } from './traffic-i18n';
import { TRAFFIC_KEY, useTrafficSettings } from './traffic-queries';
import type { SettingsView } from './traffic-types';
import { type Issue, IssueItem, IssuesProvider, OtherIssues } from './ui';

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const FIELDS = new Set([
  'pageSize',
  'maxCandidates',
  'maxPerStore',
  'programSlots',
  'holdoutPct',
  'ctrStrength',
  'cvrStrength',
  'affinityWeight',
  'pacingLeadPct',
  'curve',
]);

export default function SettingsPage() {
  const { tt } = useTT();
  const query = useTrafficSettings();
  const v = query.data;
  return (
    <Flex vertical gap={8}>
      <PageHeader
        title={tt('settings.title')}
        extra={
          v && (
            <Typography.Text type="secondary" data-testid="settings-version">
              {v.version === 0
                ? tt('settings.defaults')
                : `${tt('settings.version', { version: v.version })} · ${tt('settings.by', {
                    who: v.updatedByName ?? v.updatedBy ?? '—',
                    at: v.updatedAt ? formatInstant(v.updatedAt) : '—',
                  })}`}
            </Typography.Text>
          )
        }
      />
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : !v ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        // A newer version in force starts a fresh form from it.
        <SettingsEditor key={v.version} current={v} onReload={() => void query.refetch()} />
      )}
    </Flex>
  );
}

function Num({
  name,
  min,
  max,
  step,
  precision,
  suffix,
}: {
  name: string;
  min: number;
  max: number;
  step?: number;
  precision?: number;
  suffix?: string;
}) {
  const { tt } = useTT();
  return (
    <IssueItem
      issue={name}
      name={name}
      label={tt(`settings.${name.replace(/Pct$/, '')}` as TrafficKey)}
      extra={tt(`settings.${name.replace(/Pct$/, '')}Hint` as TrafficKey)}
      rules={[
        { required: true, message: tt('form.required') },
        { type: 'number', min, max, message: tt('form.range', { min, max }) },
      ]}
    >
      <InputNumber<number>
        min={min}
        max={max}
        step={step ?? 1}
        precision={precision}
        suffix={suffix}
        style={{ width: '100%' }}
        data-testid={`setting-${name}`}
      />
    </IssueItem>
  );
}

function SettingsEditor({ current, onReload }: { current: SettingsView; onReload: () => void }) {
  const { tt } = useTT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingsForm>();
  const initial = useMemo(() => settingsToForm(current.settings), [current]);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [stale, setStale] = useState<{ current: number | null } | null>(null);
  const curve = (Form.useWatch('curve', form) as (number | null)[] | undefined) ?? initial.curve;

  const save = useMutation({
    mutationFn: (body: ReturnType<typeof settingsBody>) =>
      api<SettingsView>('/v1/traffic/settings', { method: 'PUT', body }),
    meta: { silent: true },
    onSuccess: async (saved) => {
      setIssues([]);
      void message.success(tt('settings.saved', { version: saved.version }));
      await queryClient.invalidateQueries({ queryKey: TRAFFIC_KEY });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) setStale({ current: staleVersion(e.issues) });
      else if (e instanceof ApiError && e.issues.length && (e.status === 422 || e.status === 400)) {
        setIssues(e.issues.map((i) => ({ ...i, field: settingsIssueField(i.field) })));
        void message.error(tt('settings.refused'));
      } else showApiError(e);
    },
  });

  const shares = useMemo(() => curveShares(curve), [curve]);
  const option = useMemo<ChartOption>(
    () => ({
      color: ['#4d7cfe'],
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: HOURS.map((h) => tt('settings.hour', { hour: h })),
        axisLabel: { interval: 2 },
      },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          name: tt('settings.share'),
          data: shares,
          barCategoryGap: '15%',
          tooltip: { valueFormatter: (v) => `${v}%` },
        },
      ],
    }),
    [shares, tt],
  );

  return (
    <IssuesProvider issues={issues}>
      <Form<SettingsForm>
        form={form}
        layout="vertical"
        initialValues={initial}
        requiredMark={false}
        data-testid="settings-form"
        onValuesChange={() => issues.length && setIssues([])}
        onFinish={(values) => {
          const body = settingsBody(values, current);
          if (!Object.keys(body.settings).length) {
            void message.info(tt('settings.noChange'));
            return;
          }
          save.mutate(body);
        }}
      >
        <Flex vertical gap={16}>
          {stale && (
            <Alert
              type="warning"
              showIcon
              data-testid="settings-stale"
              title={
                stale.current
                  ? tt('settings.staleVersion', { current: stale.current, base: current.version })
                  : tt('settings.stale')
              }
              action={
                <Button size="small" onClick={onReload}>
                  {tt('common.reload')}
                </Button>
              }
            />
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <Card style={{ height: '100%' }}>
                <Divider titlePlacement="start" style={{ marginTop: 0 }}>
                  {tt('settings.page')}
                </Divider>
                <Row gutter={16}>
                  <Col span={12}>
                    <Num name="pageSize" min={1} max={100} precision={0} />
                  </Col>
                  <Col span={12}>
                    <Num name="maxPerStore" min={1} max={100} precision={0} />
                  </Col>
                  <Col span={12}>
                    <Num name="maxCandidates" min={1} max={5000} precision={0} />
                  </Col>
                  <Col span={12}>
                    <IssueItem
                      issue="programSlots"
                      name="programSlots"
                      label={tt('settings.programSlots')}
                      extra={tt('settings.programSlotsHint')}
                      normalize={(v: unknown[]) =>
                        (v ?? []).map(Number).filter((x) => Number.isInteger(x) && x >= 0 && x <= 99)
                      }
                    >
                      <Select
                        mode="tags"
                        open={false}
                        tokenSeparators={[',', ' ']}
                        data-testid="setting-programSlots"
                      />
                    </IssueItem>
                  </Col>
                </Row>
                <Divider titlePlacement="start">{tt('settings.experiment')}</Divider>
                <Num name="holdoutPct" min={0} max={50} step={0.5} precision={2} suffix="%" />
                <Divider titlePlacement="start">{tt('settings.priors')}</Divider>
                <Row gutter={16}>
                  <Col span={12}>
                    <Num name="ctrStrength" min={0} max={1e6} />
                  </Col>
                  <Col span={12}>
                    <Num name="cvrStrength" min={0} max={1e6} />
                  </Col>
                  <Col span={12}>
                    <Num name="affinityWeight" min={0} max={100} step={0.1} />
                  </Col>
                  <Col span={12}>
                    <Num name="pacingLeadPct" min={0} max={100} step={0.5} precision={2} suffix="%" />
                  </Col>
                </Row>
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card title={tt('settings.curve')} style={{ height: '100%' }}>
                <Typography.Paragraph type="secondary">{tt('settings.curveHint')}</Typography.Paragraph>
                <Chart option={option} height={220} data-testid="curve-chart" />
                <IssueItem issue="curve" style={{ marginTop: 12, marginBottom: 0 }}>
                  <div
                    style={{
                      display: 'grid',
                      gridTemplateColumns: 'repeat(auto-fill, minmax(92px, 1fr))',
                      gap: 8,
                    }}
                  >
                    {HOURS.map((h) => (
                      <Form.Item
                        key={h}
                        name={['curve', h]}
                        noStyle
                        rules={[
                          { required: true, type: 'number', min: 0, message: tt('issue.min', { n: 0 }) },
                        ]}
                      >
                        <InputNumber<number>
                          min={0}
                          step={0.1}
                          size="small"
                          prefix={
                            <Typography.Text type="secondary" style={{ fontSize: 11, width: 18 }}>
                              {String(h).padStart(2, '0')}
                            </Typography.Text>
                          }
                          style={{ width: '100%' }}
                          aria-label={tt('settings.hour', { hour: h })}
                          data-testid={`curve-${h}`}
                        />
                      </Form.Item>
                    ))}
                  </div>
                </IssueItem>
              </Card>
            </Col>
          </Row>
          <OtherIssues shown={(f) => FIELDS.has(f)} />
          <Flex gap={8} justify="flex-end">
            <Button
              onClick={() => {
                form.resetFields();
                setIssues([]);
              }}
            >
              {tt('settings.reset')}
            </Button>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
              {tt('settings.save')}
            </Button>
          </Flex>
        </Flex>
      </Form>
    </IssuesProvider>
  );
}
