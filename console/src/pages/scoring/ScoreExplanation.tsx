// Everything about one score, shared by the store, product and creator pages and the drawers: the
// headline with its linkage, the advice, the dimensions' radar, the 30-day trend and the metrics table.
import { Col, Empty, Flex, Row, Skeleton } from 'antd';
import { ApiError } from '../../api';
import { QueryError } from '../../components/QueryError';
import { AdviceList } from './AdviceList';
import { DimensionRadar } from './DimensionRadar';
import { MetricsTable } from './MetricsTable';
import { ScoreHeadline } from './ScoreHeadline';
import { ScoreTrend } from './ScoreTrend';
import { useST } from './score-i18n';
import { useScore } from './score-queries';
import type { ScoreKind } from './score-types';

interface Props {
  kind: ScoreKind;
  id: string;
  /** In a drawer (about 1000 px wide): halves instead of the page's wider proportions. */
  compact?: boolean;
}

export function ScoreExplanation({ kind, id, compact = false }: Props) {
  const { st } = useST();
  const score = useScore(kind, id);
  // Not scored yet (new, or before the first daily run): say so rather than "not found".
  if (score.error instanceof ApiError && score.error.status === 404)
    return <Empty data-testid="score-none" description={st('headline.none')} />;
  if (score.error) return <QueryError error={score.error} onRetry={() => void score.refetch()} />;
  if (!score.data) return <Skeleton active paragraph={{ rows: 12 }} />;
  const view = score.data;
  // Column spans on wide windows: headline | advice, then radar | trend.
  const [head, advice, radar, trend] = compact ? [12, 12, 10, 14] : [10, 14, 9, 15];
  return (
    <Flex vertical gap={16} data-testid="score-explanation" data-kind={kind} data-id={id}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={head}>
          <ScoreHeadline view={view} />
        </Col>
        <Col xs={24} xl={advice}>
          <AdviceList view={view} />
        </Col>
        <Col xs={24} xl={radar}>
          <DimensionRadar view={view} />
        </Col>
        <Col xs={24} xl={trend}>
          <ScoreTrend kind={kind} view={view} />
        </Col>
      </Row>
      <MetricsTable view={view} />
    </Flex>
  );
}
