// What scores earn, as configured: the traffic multiplier of each grade and the campaign and subsidy
// thresholds.
import { Card, Flex, InputNumber } from 'antd';
import { ConfigField } from './ConfigField';
import { useST } from './score-i18n';
import type { Linkage } from './score-types';

const THRESHOLDS = [
  'campaignMinStoreScore',
  'subsidyMinStoreScore',
  'campaignMinProductScore',
  'campaignMinCreatorScore',
] as const;

export function ConfigLinkageFields({ base }: { base: Linkage }) {
  const { st, known } = useST();
  const required = [{ required: true, message: st('config.required') }];
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={st('config.trafficMultiplier')}>
        <Flex gap={16} wrap>
          {Object.keys(base.trafficMultiplier).map((g) => (
            <ConfigField
              key={g}
              path={`linkage.trafficMultiplier.${g}`}
              label={`${g} · ${known('grade', g)}`}
              rules={required}
              style={{ width: 150 }}
            >
              <InputNumber min={0} max={10} step={0.1} prefix="×" style={{ width: '100%' }} />
            </ConfigField>
          ))}
        </Flex>
      </Card>
      <Card size="small" title={st('config.thresholds')}>
        <Flex gap={16} wrap>
          {THRESHOLDS.map((k) => (
            <ConfigField
              key={k}
              path={`linkage.${k}`}
              label={st(`config.${k}`)}
              rules={required}
              style={{ width: 260 }}
            >
              <InputNumber style={{ width: '100%' }} />
            </ConfigField>
          ))}
        </Flex>
      </Card>
    </Flex>
  );
}
