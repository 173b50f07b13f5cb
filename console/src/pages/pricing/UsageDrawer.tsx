// The drawer shared by offer and coupon-template stats: loading and error states, the page's own
// figures (`lead`), then usage, the funder split and the note.
import { Drawer, Flex, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UsageStats } from '../../api-types';
import { KpiCards } from '../../components/KpiCards';
import { QueryError } from '../../components/QueryError';
import { useLang } from '../../use-lang';
import { FunderChart, FunderFigures, usageKpis } from './UsageStats';

export function UsageDrawer<S extends UsageStats>(p: {
  open: boolean;
  title: string;
  testId: string;
  onClose: () => void;
  query: { data?: S; error: unknown; refetch: () => unknown };
  lead?: (data: S) => ReactNode;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data, error, refetch } = p.query;
  return (
    <Drawer open={p.open} onClose={p.onClose} size={640} title={p.title}>
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16} data-testid={p.testId}>
          {p.lead?.(data)}
          <KpiCards items={usageKpis(data, t, lang)} />
          <FunderFigures platform={data.platformFunded} merchant={data.merchantFunded} />
          <FunderChart platform={data.platformFunded} merchant={data.merchantFunded} />
          <Typography.Text type="secondary">{t('stats.note')}</Typography.Text>
        </Flex>
      )}
    </Drawer>
  );
}
