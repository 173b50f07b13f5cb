// The score itself: the big figure with its grade and scale, what it was computed from, a notice when it
// is provisional (below the minimum volume), and what it earns (LinkageRow).
import { Alert, Card, Divider, Flex, Typography } from 'antd';
import { formatNumber } from '../../format';
import { GradeTag } from './GradeTag';
import { LinkageRow } from './LinkageRow';
import { formatScore, groupLabel } from './score-format';
import { useST } from './score-i18n';
import type { ScoreView } from './score-types';

export function ScoreHeadline({ view }: { view: ScoreView }) {
  const { st, lang } = useST();
  const what = st(`volume.${view.kind}`);
  const meta = [
    st('headline.day', { day: view.day }),
    view.kind !== 'creator' && st('headline.peers', { group: groupLabel(view, lang) }),
    `${what}: ${formatNumber(view.volume, lang)}`,
    st('headline.config', { version: view.configVersion }),
  ].filter(Boolean);
  return (
    <Card title={st('headline.score')} style={{ height: '100%' }} data-testid="score-headline">
      <Flex vertical gap={12}>
        <Flex align="center" gap={12} wrap>
          <Typography.Text
            data-testid="score-value"
            style={{ fontSize: 48, fontWeight: 600, lineHeight: 1, fontVariantNumeric: 'tabular-nums' }}
          >
            {formatScore(view.score, view.scale, lang)}
          </Typography.Text>
          <Flex vertical gap={4} align="flex-start">
            <GradeTag grade={view.grade} />
            <Typography.Text type="secondary">
              {st('headline.scale', { min: view.scale.min, max: view.scale.max })}
            </Typography.Text>
          </Flex>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {meta.join(' · ')}
        </Typography.Text>
        {view.grade === 'N' && (
          <Alert
            type="warning"
            showIcon
            data-testid="score-provisional"
            title={st('headline.provisionalTitle')}
            description={st('headline.provisional', {
              volume: formatNumber(view.volume, lang),
              min: formatNumber(view.minVolume, lang),
              what,
            })}
          />
        )}
        <Divider style={{ margin: '4px 0' }} />
        <LinkageRow linkage={view.linkage} />
      </Flex>
    </Card>
  );
}
