// 开播率 (operators): the share of merchants that streamed in the period, self-operated and POP against their
// targets, by category; live GMV's share of all GMV by host type; the daily trend; and the targets themselves.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Flex, Form, InputNumber, Progress, Row, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api } from '../../api';
import { Chart, type ChartOption } from '../../components/Chart';
import { PageHeader } from '../../components/PageHeader';
import { PeriodPicker, usePeriodDays } from '../../components/PeriodPicker';
import { Pending } from '../../components/QueryError';
import { formatBp, formatFen, formatFenAxis, formatFenCompact, formatNumber, shortDay } from '../../format';
import { lastDays } from '../traffic/traffic-format';
import {
  categoryTable,
  dailyFilled,
  dayShare,
  issueText,
  targetProgress,
  targetsFromForm,
  targetsToForm,
} from './live-format';
import { useLT } from './live-i18n';
import { LIVE_KEY, useLiveSettings, usePenetration } from './live-queries';
import { HOST_TYPES, type LiveSettings, type MerchantType, type Penetration } from './live-types';
import { HOST_COLORS, HostTag, Num } from './ui';

export default function PenetrationPage() {
  const { lt } = useLT();
  const [days, setDays] = usePeriodDays();
  const { from, to } = lastDays(days);
  const query = usePenetration(from, to);
  const p = query.data;
  const header = (
    <PageHeader
      title={lt('penetration.title')}
      extra={
        <>
          <Link to="/live/sessions">{lt('penetration.sessions')}</Link>
          <PeriodPicker days={days} onChange={setDays} from={p?.from ?? from} to={p?.to ?? to} />
        </>
      }
    />
  );
  if (!p)
    return (
      <>
        {header}
        <Pending error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  return (
    <Flex vertical gap={16}>
      {header}
      <Typography.Text type="secondary" style={{ marginTop: -12 }}>
        {lt('penetration.subtitle')}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        {p.byType.map((r) => (
          <Col key={r.merchantType} xs={24} md={12} xl={8}>
            <TypeCard row={r} />
          </Col>
        ))}
        <Col xs={24} md={24} xl={8}>
          <LiveShare p={p} />
        </Col>
      </Row>
      <Card title={lt('penetration.daily')}>
        <DailyChart p={p} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Categories p={p} />
        </Col>
        <Col xs={24} xl={8}>
          <TargetsForm />
        </Col>
      </Row>
    </Flex>
  );
}

function TypeCard({ row }: { row: Penetration['byType'][number] }) {
  const { lt, lang } = useLT();
  const g = targetProgress(row);
  return (
    <Card data-testid={`type-${row.merchantType}`} style={{ height: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{lt(`penetration.merchantType.${row.merchantType}`)}</Typography.Text>
        {g.met ? (
          <Tag color="success">{lt('penetration.met')}</Tag>
        ) : (
          <Tag color="warning">{lt('penetration.target', { rate: formatBp(row.targetBp) })}</Tag>
        )}
      </Flex>
      <Typography.Title
        level={2}
        style={{ margin: '8px 0 4px', fontVariantNumeric: 'tabular-nums' }}
        data-testid="rate"
      >
        {formatBp(row.rateBp)}
      </Typography.Title>
      {/* The bar with the target drawn on it as a line. */}
      <div
        style={{ position: 'relative' }}
        data-testid="rate-bar"
        data-percent={g.percent}
        data-target={g.targetPercent}
      >
        <Progress percent={g.percent} showInfo={false} strokeColor={g.met ? '#52c41a' : '#4d7cfe'} />
        <div
          title={lt('penetration.target', { rate: formatBp(row.targetBp) })}
          style={{
            position: 'absolute',
            top: 2,
            bottom: 2,
            left: `calc(${g.targetPercent}% - 1px)`,
            width: 2,
            background: '#ff4d4f',
          }}
        />
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid="streaming">
        {lt('penetration.streaming', {
          streaming: formatNumber(row.streaming, lang),
          merchants: formatNumber(row.merchants, lang),
        })}
        {' · '}
        {lt('penetration.target', { rate: formatBp(row.targetBp) })}
      </Typography.Paragraph>
      {!g.met && (
        <Typography.Text type="warning" data-testid="short">
          {lt('penetration.short', { n: formatNumber(g.short, lang) })}
        </Typography.Text>
      )}
    </Card>
  );
}

function LiveShare({ p }: { p: Penetration }) {
  const { lt, lang } = useLT();
  return (
    <Card title={lt('penetration.liveShare')} style={{ height: '100%' }} data-testid="live-share">
      <Typography.Title
        level={2}
        style={{ margin: '0 0 4px', fontVariantNumeric: 'tabular-nums' }}
        data-testid="share"
      >
        {formatBp(p.liveGmv.shareBp)}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {lt('penetration.liveShareOf', {
          live: formatFenCompact(p.liveGmv.liveGmv, lang),
          total: formatFenCompact(p.liveGmv.gmv, lang),
        })}
      </Typography.Paragraph>
      <Flex vertical gap={4}>
        {HOST_TYPES.map((h) => {
          const r = p.liveGmv.byHostType.find((x) => x.hostType === h) ?? { hostType: h, gmv: 0, shareBp: 0 };
          return (
            <Flex key={h} align="center" gap={8} data-testid={`share-${h}`}>
              <span style={{ width: 104, flexShrink: 0 }}>
                <HostTag hostType={h} />
              </span>
              <Progress
                percent={r.shareBp / 100}
                showInfo={false}
                strokeColor={HOST_COLORS[h]}
                style={{ flex: 1, margin: 0 }}
              />
              <Num>{formatBp(r.shareBp)}</Num>
            </Flex>
          );
        })}
      </Flex>
    </Card>
  );
}

function DailyChart({ p }: { p: Penetration }) {
  const { lt, lang } = useLT();
  const option = useMemo<ChartOption>(() => {
    const rows = dailyFilled(p.daily, p.from, p.to, (day) => ({
      day,
      streamingMerchants: 0,
      liveGmv: 0,
      gmv: 0,
    })).map((r) => ({ ...r, liveYuan: r.liveGmv / 100, share: dayShare(r.liveGmv, r.gmv) }));
    return {
      dataset: { source: rows, dimensions: ['day', 'streamingMerchants', 'liveYuan', 'share'] },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', axisLabel: { formatter: shortDay } },
      yAxis: [
        { type: 'value', minInterval: 1 },
        {
          type: 'value',
          axisLabel: { formatter: (v: number) => formatFenAxis(v * 100, lang), color: '#d46b08' },
          splitLine: { show: false },
        },
        // A second right axis for the share, labelled in its line's colour.
        {
          type: 'value',
          position: 'right',
          offset: 64,
          axisLabel: { formatter: (v: number) => `${v}%`, color: '#eb2f96' },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          type: 'bar',
          name: lt('penetration.streamingMerchants'),
          encode: { x: 'day', y: 'streamingMerchants' },
          color: '#4d7cfe',
          barMaxWidth: 22,
          tooltip: { valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
        },
        {
          type: 'line',
          name: lt('penetration.liveGmv'),
          yAxisIndex: 1,
          encode: { x: 'day', y: 'liveYuan' },
          color: '#fa8c16',
          tooltip: { valueFormatter: (v: unknown) => formatFen(Math.round(Number(v) * 100), lang) },
        },
        {
          type: 'line',
          name: lt('penetration.shareLine'),
          yAxisIndex: 2,
          encode: { x: 'day', y: 'share' },
          color: '#eb2f96',
          lineStyle: { type: 'dashed' },
          tooltip: { valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%` },
        },
      ],
    };
  }, [p, lt, lang]);
  return <Chart option={option} height={300} data-testid="penetration-daily" />;
}

function RateCell({
  v,
  target,
}: {
  v: { merchants: number; streaming: number; rateBp: number } | null;
  target: number;
}) {
  const { lang } = useLT();
  if (!v) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex align="center" gap={8} style={{ minWidth: 180 }}>
      <Progress
        percent={v.rateBp / 100}
        showInfo={false}
        size="small"
        strokeColor={v.rateBp >= target ? '#52c41a' : '#4d7cfe'}
        style={{ width: 70, margin: 0 }}
      />
      <Num>{formatBp(v.rateBp)}</Num>
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
        {formatNumber(v.streaming, lang)}/{formatNumber(v.merchants, lang)}
      </Typography.Text>
    </Flex>
  );
}

function Categories({ p }: { p: Penetration }) {
  const { lt, lang } = useLT();
  const rows = categoryTable(p.byCategory, lang);
  const target = (t: MerchantType) => p.byType.find((x) => x.merchantType === t)?.targetBp ?? 10000;
  const columns: ColumnsType<(typeof rows)[number]> = [
    { title: lt('penetration.category'), dataIndex: 'name', key: 'name' },
    {
      title: lt('penetration.merchantType.self'),
      key: 'self',
      render: (_: unknown, r) => <RateCell v={r.self} target={target('self')} />,
    },
    {
      title: lt('penetration.merchantType.pop'),
      key: 'pop',
      render: (_: unknown, r) => <RateCell v={r.pop} target={target('pop')} />,
    },
  ];
  return (
    <Card title={lt('penetration.byCategory')} styles={{ body: { padding: 0 } }}>
      <Table
        rowKey="categoryId"
        size="small"
        dataSource={rows}
        columns={columns}
        pagination={{ pageSize: 12, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: lt('penetration.noCategories') }}
        data-testid="by-category"
      />
    </Card>
  );
}

function TargetsForm() {
  const { lt } = useLT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useLiveSettings();
  const [form] = Form.useForm<{ self: number; pop: number }>();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(targetsToForm(settings.data.targets));
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (v: { self: number; pop: number }) =>
      api<LiveSettings>('/v1/live/settings', { method: 'PUT', body: targetsFromForm(v) }),
    meta: { silent: true },
    onSuccess: async () => {
      void message.success(lt('common.saved'));
      await queryClient.invalidateQueries({ queryKey: LIVE_KEY });
    },
  });
  const issues = save.error instanceof ApiError ? save.error.issues : [];
  const issueFor = (k: 'self' | 'pop') => issues.find((i) => i.field.endsWith(k));
  return (
    <Card title={lt('penetration.targets')} style={{ height: '100%' }} data-testid="targets">
      <Typography.Paragraph type="secondary">{lt('penetration.targetsHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={!settings.data}>
        {(['self', 'pop'] as const).map((k) => {
          const issue = issueFor(k);
          return (
            <Form.Item
              key={k}
              name={k}
              label={lt(k === 'self' ? 'penetration.targetSelf' : 'penetration.targetPop')}
              rules={[{ required: true, message: lt('issue.required') }]}
              validateStatus={issue ? 'error' : undefined}
              help={issue ? issueText(issue, lt) : undefined}
            >
              <InputNumber
                min={0}
                max={100}
                step={5}
                precision={2}
                suffix="%"
                style={{ width: 160 }}
                data-testid={`target-${k}`}
              />
            </Form.Item>
          );
        })}
        {save.error && !issues.length && (
          <Typography.Text type="danger">{(save.error as Error).message}</Typography.Text>
        )}
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="targets-save">
          {lt('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
