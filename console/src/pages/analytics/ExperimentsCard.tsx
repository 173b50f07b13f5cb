// 人群实验 (holdout): audience activations that kept a holdout group; open one to compare the treated users with the
// held-out ones — conversion and GMV per user, the lift with its 95% interval drawn against zero, the p-value in
// words and the incremental GMV the activation added.
import { Button, Card, Col, Descriptions, Drawer, Flex, Row, Table, Tag, Typography } from 'antd';
import { Pending } from '../../components/QueryError';
import { formatFen, formatInstant, formatNumber } from '../../format';
import { intervalGeometry, pct, pStrength, pText, signedPct, signedPp } from './an-format';
import { useAT } from './an-i18n';
import { useExperiment, useExperiments } from './an-queries';
import type { ArmStats, ExperimentList } from './an-types';
import { DataCard, Num, useTrendColors } from './ui';

type Line = ExperimentList['rows'][number];

export function ExperimentsCard({
  merchantId,
  open,
  onOpen,
}: {
  merchantId: string | undefined;
  open: string | undefined;
  onOpen: (id: string | undefined) => void;
}) {
  const { at, lang } = useAT();
  const query = useExperiments(merchantId, !!merchantId);
  const rows = query.data?.rows ?? [];
  return (
    <DataCard
      title={at('exp.title')}
      testId="an-experiments"
      flush
      empty={!query.isLoading && rows.length === 0}
    >
      <Table<Line>
        rowKey="activationId"
        size="small"
        loading={query.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        data-testid="an-experiments-table"
        columns={[
          { title: at('exp.audience'), dataIndex: 'audienceName' },
          { title: at('exp.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{k}</Tag> },
          {
            title: at('exp.started'),
            dataIndex: 'startedAt',
            render: (v: string) => <Num>{formatInstant(v)}</Num>,
          },
          {
            title: at('exp.groups'),
            key: 'users',
            align: 'right',
            render: (_: unknown, r) => (
              <Num>
                {at('exp.groupSizes', {
                  t: formatNumber(r.treatmentUsers, lang),
                  h: formatNumber(r.holdoutUsers, lang),
                })}
              </Num>
            ),
          },
          {
            key: 'open',
            width: 90,
            render: (_: unknown, r) => (
              <Button
                size="small"
                type="link"
                onClick={() => onOpen(r.activationId)}
                data-testid="an-exp-open"
              >
                {at('exp.open')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={!!open}
        onClose={() => onOpen(undefined)}
        size={720}
        title={at('exp.detail')}
        destroyOnHidden
      >
        {open ? <ExperimentDetail id={open} /> : null}
      </Drawer>
    </DataCard>
  );
}

function ExperimentDetail({ id }: { id: string }) {
  const { at, lang } = useAT();
  const q = useExperiment(id);
  const d = q.data;
  if (!d) return <Pending error={q.error} onRetry={() => void q.refetch()} />;
  const l = d.lift;
  const strength = pStrength(l.conversionP);
  return (
    <Flex vertical gap={16} data-testid="an-exp-detail">
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={at('exp.audience')}>{d.audienceName}</Descriptions.Item>
        <Descriptions.Item label={at('exp.window')}>
          {d.window.from} – {d.window.to}
        </Descriptions.Item>
      </Descriptions>
      <Row gutter={12}>
        <Col span={12}>
          <Arm title={at('exp.treatment')} arm={d.treatment} />
        </Col>
        <Col span={12}>
          <Arm title={at('exp.holdout')} arm={d.holdout} />
        </Col>
      </Row>
      <Card size="small" title={at('exp.conversionLift')}>
        <Typography.Paragraph>
          {at('exp.liftLine', {
            diff: signedPp(l.conversionDiff, 2),
            rel: signedPct(l.relativeLift),
          })}
        </Typography.Paragraph>
        {l.conversionCi && l.conversionDiff !== null ? (
          <IntervalBar ci={l.conversionCi} point={l.conversionDiff} format={(v) => signedPp(v, 2)} />
        ) : null}
      </Card>
      <Card size="small" title={at('exp.gmvLift')}>
        <Typography.Paragraph>
          {at('exp.gmvLine', {
            diff: l.gmvPerUserDiff === null ? '—' : formatFen(Math.round(l.gmvPerUserDiff), lang),
            p: pText(l.gmvP),
          })}
        </Typography.Paragraph>
        {l.gmvPerUserCi && l.gmvPerUserDiff !== null ? (
          <IntervalBar
            ci={l.gmvPerUserCi}
            point={l.gmvPerUserDiff}
            format={(v) => formatFen(Math.round(v), lang)}
          />
        ) : null}
      </Card>
      <Card size="small" data-testid="an-exp-verdict">
        <Flex vertical gap={6}>
          <Typography.Text strong>
            {at('exp.incremental', {
              gmv: l.incrementalGmv === null ? '—' : formatFen(Math.round(l.incrementalGmv), lang),
              lo: l.incrementalGmvCi ? formatFen(Math.round(l.incrementalGmvCi[0]), lang) : '—',
              hi: l.incrementalGmvCi ? formatFen(Math.round(l.incrementalGmvCi[1]), lang) : '—',
              orders:
                l.incrementalOrders === null ? '—' : formatNumber(Math.round(l.incrementalOrders), lang),
            })}
          </Typography.Text>
          <Typography.Text>
            <Tag color={d.significant ? 'green' : 'default'} data-testid="an-exp-significant">
              {d.significant ? at('exp.significant') : at('exp.notSignificant')}
            </Tag>
            {at(`exp.p.${strength}`, { p: pText(l.conversionP) })}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {at('exp.method', { method: d.method })}
          </Typography.Text>
        </Flex>
      </Card>
    </Flex>
  );
}

function Arm({ title, arm }: { title: string; arm: ArmStats }) {
  const { at, lang } = useAT();
  return (
    <Card size="small" title={title}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={at('exp.users')}>{formatNumber(arm.users, lang)}</Descriptions.Item>
        <Descriptions.Item label={at('exp.converters')}>
          {formatNumber(arm.converters, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={at('kpi.conversion')}>{pct(arm.conversion, 2)}</Descriptions.Item>
        <Descriptions.Item label={at('kpi.gmv')}>{formatFen(arm.gmv, lang)}</Descriptions.Item>
        <Descriptions.Item label={at('exp.gmvPerUser')}>
          {arm.gmvPerUser === null ? '—' : formatFen(Math.round(arm.gmvPerUser), lang)}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The 95% interval as a bar on a scale with zero marked: clear of zero reads as a real effect. */
export function IntervalBar({
  ci,
  point,
  format,
}: {
  ci: [number, number];
  point: number;
  format: (v: number) => string;
}) {
  const { at } = useAT();
  const colors = useTrendColors();
  const g = intervalGeometry(ci, point);
  const clear = ci[0] > 0 || ci[1] < 0;
  const color = !clear ? '#8c8c8c' : ci[0] > 0 ? colors.up : colors.down;
  return (
    <div data-testid="an-interval">
      <div style={{ position: 'relative', height: 28, background: '#fafafa', borderRadius: 4 }}>
        <div
          style={{
            position: 'absolute',
            left: `${g.left}%`,
            width: `${Math.max(g.width, 0.5)}%`,
            top: 10,
            height: 8,
            background: color,
            opacity: 0.45,
            borderRadius: 4,
          }}
        />
        <div
          style={{
            position: 'absolute',
            left: `${g.point}%`,
            top: 6,
            width: 3,
            height: 16,
            background: color,
          }}
        />
        <div
          style={{
            position: 'absolute',
            left: `${g.zero}%`,
            top: 0,
            bottom: 0,
            borderLeft: '1px dashed #595959',
          }}
          title="0"
        />
      </div>
      <Flex justify="space-between" style={{ fontSize: 12, color: '#595959' }}>
        <span>{at('exp.ci', { lo: format(ci[0]), hi: format(ci[1]) })}</span>
        <span>{clear ? at('exp.clearOfZero') : at('exp.spansZero')}</span>
      </Flex>
    </div>
  );
}
