// 流量总览 (operators): the platform's exposures over a period by day and scene, how much of them programs
// delivered (their cost) against organic ranking, each program's cost and fill, and the share of traffic
// in the holdout arm of the score experiment.
import { Card, Col, Empty, Flex, Progress, Row, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate } from 'react-router-dom';
import { type Kpi, KpiCards } from '../../components/KpiCards';
import { PageHeader } from '../../components/PageHeader';
import { PeriodPicker, usePeriodDays } from '../../components/PeriodPicker';
import { Pending } from '../../components/QueryError';
import { formatBp } from '../../format';
import { ExposureChart, SCENE_COLORS } from './ExposureChart';
import {
  byScene,
  exposuresCompact,
  exposuresText,
  lastDays,
  percent,
  programName,
  programPath,
  type SceneLine,
  shareOf,
  summarize,
} from './traffic-format';
import { useTT } from './traffic-i18n';
import { usePrograms, useTrafficOverview, useTrafficSettings } from './traffic-queries';
import type { Program, ProgramTotals } from './traffic-types';
import { Exp, KindTag, Muted } from './ui';

type CostRow = ProgramTotals & { program: Program | undefined };

export default function OverviewPage() {
  const { tt, known, lang } = useTT();
  const navigate = useNavigate();
  const [days, setDays] = usePeriodDays();
  const { from, to } = lastDays(days);
  const query = useTrafficOverview(from, to);
  const programs = usePrograms();
  const settings = useTrafficSettings();
  const data = query.data;

  const header = (
    <PageHeader
      title={tt('overview.title')}
      extra={<PeriodPicker days={days} onChange={setDays} from={data?.from ?? from} to={data?.to ?? to} />}
    />
  );
  if (query.error || !data)
    return (
      <>
        {header}
        <Pending error={query.error} onRetry={() => void query.refetch()} />
      </>
    );

  const s = summarize(data.exposures);
  const byId = new Map((programs.data?.items ?? []).map((p) => [p.id, p]));
  const costs: CostRow[] = data.programs
    .map((t) => ({ ...t, program: byId.get(t.programId) }))
    .sort((a, b) => b.delivered - a.delivered);
  const holdoutBp = settings.data?.settings.holdoutBp;

  const kpis: Kpi[] = [
    {
      key: 'total',
      label: tt('overview.total'),
      value: exposuresCompact(s.total, lang),
      full: exposuresText(s.total, lang),
    },
    {
      key: 'programs',
      label: tt('overview.programs'),
      value: `${exposuresCompact(s.programs, lang)} · ${percent(shareOf(s.programs, s.total))}`,
      full: exposuresText(s.programs, lang),
    },
    {
      key: 'organic',
      label: tt('overview.organic'),
      value: exposuresCompact(s.organic, lang),
      full: exposuresText(s.organic, lang),
    },
    {
      key: 'holdout',
      label: tt('overview.holdout'),
      value: percent(shareOf(s.holdout, s.total)),
      full: exposuresText(s.holdout, lang),
    },
  ];

  const sceneColumns: ColumnsType<SceneLine> = [
    {
      title: tt('overview.scene'),
      dataIndex: 'scene',
      render: (v: string) => (
        <Flex gap={6} align="center">
          <span
            style={{ width: 10, height: 10, borderRadius: 2, background: SCENE_COLORS[v] ?? '#bfbfbf' }}
          />
          {known('scene', v)}
        </Flex>
      ),
    },
    {
      title: tt('common.exposures'),
      dataIndex: 'exposures',
      align: 'right',
      render: (v: number) => <Exp n={v} strong />,
    },
    {
      title: tt('overview.programShare'),
      key: 'programs',
      align: 'right',
      width: 130,
      render: (_: unknown, l) => percent(shareOf(l.programs, l.exposures)),
    },
    {
      title: tt('overview.holdoutShare'),
      key: 'holdout',
      align: 'right',
      width: 130,
      render: (_: unknown, l) => percent(shareOf(l.holdout, l.exposures)),
    },
  ];

  const costColumns: ColumnsType<CostRow> = [
    {
      title: tt('common.program'),
      key: 'program',
      render: (_: unknown, r) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis={{ tooltip: r.programId }} data-testid="cost-program">
            {r.program ? programName(r.program, lang) : tt('overview.unknownProgram', { id: r.programId })}
          </Typography.Text>
          <span>{r.program && <KindTag kind={r.program.kind} />}</span>
        </Flex>
      ),
    },
    {
      title: tt('common.participants'),
      dataIndex: 'participants',
      align: 'right',
      width: 110,
      render: (v: number) => <Exp n={v} />,
    },
    {
      title: tt('common.target'),
      dataIndex: 'target',
      align: 'right',
      width: 120,
      render: (v: number) => <Exp n={v} />,
    },
    {
      title: tt('overview.cost'),
      dataIndex: 'delivered',
      align: 'right',
      width: 140,
      render: (v: number) => <Exp n={v} strong testId="cost-delivered" />,
    },
    {
      title: tt('common.organic'),
      dataIndex: 'organic',
      align: 'right',
      width: 110,
      render: (v: number, r) => (r.program?.kind === 'protection' ? <Exp n={v} /> : <Muted>—</Muted>),
    },
    {
      title: tt('overview.fill'),
      key: 'fill',
      width: 150,
      render: (_: unknown, r) => {
        const got = r.delivered + (r.program?.kind === 'protection' ? r.organic : 0);
        return <Progress percent={Math.round(shareOf(got, r.target) * 1000) / 10} size="small" />;
      },
    },
    {
      title: tt('overview.daysMet'),
      key: 'met',
      align: 'right',
      width: 110,
      render: (_: unknown, r) => tt('delivery.metOf', { met: r.daysMet, count: r.participantDays }),
    },
    {
      title: tt('overview.share'),
      key: 'share',
      align: 'right',
      width: 120,
      render: (_: unknown, r) => percent(shareOf(r.delivered, s.total)),
    },
  ];

  return (
    <Flex vertical gap={16}>
      {header}
      <KpiCards items={kpis} />
      {s.total === 0 && <Empty description={tt('overview.empty')} />}
      <Card title={tt('overview.byScene')} style={{ display: s.total === 0 ? 'none' : undefined }}>
        <ExposureChart
          rows={data.exposures}
          from={data.from}
          to={data.to}
          by="scene"
          data-testid="scene-chart"
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={tt('overview.scenes')} styles={{ body: { padding: 0 } }} style={{ height: '100%' }}>
            <Table<SceneLine>
              rowKey="scene"
              size="small"
              data-testid="scene-table"
              dataSource={byScene(data.exposures)}
              columns={sceneColumns}
              pagination={false}
              locale={{ emptyText: tt('overview.empty') }}
            />
            <Typography.Paragraph type="secondary" style={{ margin: 12 }} data-testid="holdout-note">
              {tt('overview.holdoutHint', { pct: percent(shareOf(s.holdout, s.total)) })}
              {holdoutBp !== undefined && ` (${tt('settings.holdout')}: ${formatBp(holdoutBp)})`}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={tt('overview.bySource')} style={{ height: '100%' }}>
            <ExposureChart
              rows={data.exposures}
              from={data.from}
              to={data.to}
              by="source"
              height={260}
              data-testid="source-chart"
            />
          </Card>
        </Col>
      </Row>
      <Card
        title={tt('overview.costs')}
        extra={<Typography.Text type="secondary">{tt('overview.costsHint')}</Typography.Text>}
        styles={{ body: { padding: 0 } }}
      >
        <Table<CostRow>
          rowKey="programId"
          size="small"
          data-testid="costs-table"
          dataSource={costs}
          columns={costColumns}
          pagination={false}
          scroll={{ x: 980 }}
          locale={{ emptyText: tt('overview.noPrograms') }}
          onRow={(r) => ({ onClick: () => navigate(programPath(r.programId)), style: { cursor: 'pointer' } })}
        />
      </Card>
    </Flex>
  );
}
