// The configuration of one score kind: window, prior strength, minimum volume, grade minimums, dimension
// weights, and each metric's weight, floor and target (rates as percentages), grouped by dimension.
import { Card, Flex, InputNumber, Table, Tag, Tooltip, Typography } from 'antd';
import { ConfigField } from './ConfigField';
import { unitSuffix } from './score-format';
import { useST } from './score-i18n';
import type { KindConfig, MetricDef, ScoreKind } from './score-types';

const num = { style: { width: '100%' } } as const;

interface Props {
  kind: ScoreKind;
  /** The version being edited (which grades, dimensions and metrics there are). */
  base: KindConfig;
  dimensions: string[];
  metrics: MetricDef[];
}

export function ConfigKindFields({ kind, base, dimensions, metrics }: Props) {
  const { st, known } = useST();
  const required = [{ required: true, message: st('config.required') }];
  const ordered = dimensions.flatMap((d) => metrics.filter((m) => m.dimension === d));
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={st('config.general')}>
        <Flex gap={16} wrap>
          <ConfigField
            path={`${kind}.windowDays`}
            label={st('config.windowDays')}
            tooltip={st('config.windowDaysHint')}
            rules={required}
            style={{ width: 180 }}
          >
            <InputNumber min={1} max={365} precision={0} {...num} />
          </ConfigField>
          <ConfigField
            path={`${kind}.priorStrength`}
            label={st('config.priorStrength')}
            tooltip={st('config.priorStrengthHint')}
            rules={required}
            style={{ width: 180 }}
          >
            <InputNumber min={0} {...num} />
          </ConfigField>
          <ConfigField
            path={`${kind}.minVolume`}
            label={st('config.minVolume')}
            tooltip={`${st(`volume.${kind}`)} · ${st('config.minVolumeHint')}`}
            rules={required}
            style={{ width: 180 }}
          >
            <InputNumber min={0} precision={0} {...num} />
          </ConfigField>
          <Flex vertical gap={8} style={{ paddingTop: 4 }}>
            <Typography.Text>{st('config.scale')}</Typography.Text>
            <Typography.Text strong>
              {base.scale.min}–{base.scale.max}
            </Typography.Text>
          </Flex>
        </Flex>
      </Card>
      <Card size="small" title={st('config.grades')}>
        <Flex gap={16} wrap>
          {base.grades.map((g, i) =>
            g.min === null ? (
              <Flex key={g.grade} vertical gap={8} style={{ paddingTop: 4 }}>
                <Typography.Text>
                  {g.grade} · {known('grade', g.grade)}
                </Typography.Text>
                <Typography.Text type="secondary">{st('config.gradeLowest')}</Typography.Text>
              </Flex>
            ) : (
              <ConfigField
                key={g.grade}
                path={`${kind}.grades.${i}.min`}
                label={`${g.grade} · ${known('grade', g.grade)} ≥`}
                rules={required}
                style={{ width: 150 }}
              >
                <InputNumber min={base.scale.min} max={base.scale.max} {...num} />
              </ConfigField>
            ),
          )}
        </Flex>
      </Card>
      <Card size="small" title={st('config.dimensions')}>
        <Flex gap={16} wrap>
          {dimensions.map((d) => (
            <ConfigField
              key={d}
              path={`${kind}.dimensions.${d}`}
              label={known(`dimension.${kind}`, d)}
              rules={required}
              style={{ width: 150 }}
            >
              <InputNumber min={0} step={0.05} {...num} />
            </ConfigField>
          ))}
        </Flex>
      </Card>
      <Card size="small" title={st('config.metrics')} styles={{ body: { padding: 0 } }}>
        <Table<MetricDef>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={ordered}
          data-testid={`config-metrics-${kind}`}
          scroll={{ x: 820 }}
          columns={[
            {
              title: st('metrics.dimension'),
              key: 'dimension',
              width: 110,
              onCell: (m, i) => ({
                rowSpan:
                  i !== undefined && i > 0 && ordered[i - 1]?.dimension === m.dimension
                    ? 0
                    : ordered.filter((x) => x.dimension === m.dimension).length,
              }),
              render: (_: unknown, m) => known(`dimension.${kind}`, m.dimension),
            },
            {
              title: st('metrics.metric'),
              key: 'metric',
              render: (_: unknown, m) => (
                <Flex vertical gap={2} align="flex-start">
                  <Tooltip title={known(`definitions.${kind}`, m.id, m.definition)}>
                    <Typography.Text style={{ cursor: 'help' }}>{known('metric', m.id)}</Typography.Text>
                  </Tooltip>
                  <Tag style={{ marginInlineEnd: 0 }}>
                    {st(m.higherIsBetter ? 'config.higherBetter' : 'config.lowerBetter')}
                  </Tag>
                </Flex>
              ),
            },
            ...(['weight', 'floor', 'target'] as const).map((f) => ({
              title: st(`config.${f}`),
              key: f,
              width: f === 'weight' ? 110 : 190,
              render: (_: unknown, m: MetricDef) => (
                <ConfigField
                  path={`${kind}.metrics.${m.id}.${f}`}
                  rules={required}
                  style={{ marginBottom: 0 }}
                >
                  <InputNumber
                    min={f === 'weight' ? 0 : undefined}
                    suffix={f === 'weight' ? undefined : unitSuffix(m.unit, st)}
                    {...num}
                  />
                </ConfigField>
              ),
            })),
          ]}
        />
      </Card>
    </Flex>
  );
}
