// What to change first: the metrics that miss the most points, each with its target and possible gain.
import { BulbOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Tag, Typography } from 'antd';
import { adviceText, formatPoints } from './score-format';
import { useST } from './score-i18n';
import type { ScoreView } from './score-types';

export function AdviceList({ view }: { view: ScoreView }) {
  const { st, known, lang } = useST();
  const advice = view.explanation.advice;
  return (
    <Card title={st('advice.title')} style={{ height: '100%' }} data-testid="advice-list">
      {advice.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={st('advice.empty')} />
      ) : (
        <Flex vertical gap={16}>
          {advice.map((a) => (
            <Flex key={a.code} gap={12} align="flex-start" data-testid="advice-item" data-code={a.code}>
              <BulbOutlined style={{ color: '#faad14', fontSize: 18, marginTop: 3 }} />
              <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong>{known('metric', a.metric)}</Typography.Text>
                  <Tag color="green" style={{ marginInlineEnd: 0 }}>
                    {st('advice.gain', { points: formatPoints(a.gain, view.scale, lang) })}
                  </Tag>
                </Flex>
                <Typography.Text>
                  {adviceText(
                    a,
                    st,
                    known,
                    lang,
                    view.explanation.metrics.find((m) => m.id === a.metric),
                  )}
                </Typography.Text>
              </Flex>
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}
