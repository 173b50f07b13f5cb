// The configuration tab (operators): the version in force as a form, and the version history.
import { Flex, Skeleton } from 'antd';
import { QueryError } from '../../components/QueryError';
import { ConfigForm } from './ConfigForm';
import { ConfigHistory } from './ConfigHistory';
import { useMetricCatalogue, useScoringConfig } from './score-queries';

export function ConfigTab() {
  const config = useScoringConfig();
  const catalogue = useMetricCatalogue();
  const error = config.error ?? catalogue.error;
  if (error)
    return (
      <QueryError
        error={error}
        onRetry={() => {
          void config.refetch();
          void catalogue.refetch();
        }}
      />
    );
  if (!config.data || !catalogue.data) return <Skeleton active paragraph={{ rows: 12 }} />;
  return (
    <Flex vertical gap={16}>
      {/* A new version in force starts a fresh form from it. */}
      <ConfigForm
        key={config.data.version}
        current={config.data}
        catalogue={catalogue.data}
        onReload={() => void config.refetch()}
      />
      <ConfigHistory />
    </Flex>
  );
}
