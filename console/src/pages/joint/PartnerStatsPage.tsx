// 伙伴统计 (operators): the partner statistics batch — its last run (full or incremental, orders, stores and pairs
// counted, how long it took, the watermark an incremental refresh continues from) — run it now, and read any
// store's recommended partners as the merchant sees them.
import { ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { Pending, QueryError } from '../../components/QueryError';
import { formatInstant, formatNumber } from '../../format';
import { useMyStores } from '../live/live-queries';
import { PartnerTable } from './components';
import { useJT } from './joint-i18n';
import { usePartners, usePartnerStatus } from './joint-queries';
import type { PartnerStatus } from './joint-types';
import { Num, useJointAction } from './ui';

export default function PartnerStatsPage() {
  const { jt, lang } = useJT();
  const status = usePartnerStatus();
  const refresh = useJointAction<PartnerStatus>();
  const running = !!status.data?.running || refresh.isPending;
  const stores = useMyStores(true);
  const [storeId, setStoreId] = useState<string>();
  const store = storeId ?? stores.data?.items[0]?.id;
  const partners = usePartners(store, 20);
  const run = status.data?.lastRun;
  const n = (x: number) => formatNumber(x, lang);

  const go = (mode: 'full' | 'incremental') =>
    refresh.mutate({
      path: '/v1/joint/partners/refresh',
      body: { mode },
      success: () => jt('stats.refreshed', { mode: jt(`stats.mode.${mode}`) }),
    });

  return (
    <>
      <PageHeader
        title={jt('stats.title')}
        extra={
          <>
            <Button
              icon={<SyncOutlined spin={running} />}
              disabled={running}
              onClick={() => go('incremental')}
              data-testid="refresh-incremental"
            >
              {jt('stats.incremental')}
            </Button>
            <Button
              type="primary"
              icon={<ReloadOutlined />}
              disabled={running}
              onClick={() => go('full')}
              data-testid="refresh-full"
            >
              {jt('stats.full')}
            </Button>
          </>
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {jt('stats.subtitle')}
      </Typography.Paragraph>
      <Card size="small" title={jt('stats.lastRun')} style={{ marginBottom: 16 }} data-testid="stats-status">
        {!status.data ? (
          <Pending error={status.error} onRetry={() => void status.refetch()} />
        ) : !run ? (
          <Typography.Text type="secondary">{jt('stats.never')}</Typography.Text>
        ) : (
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
            <Descriptions.Item label={jt('stats.state')}>
              <Tag
                color={status.data.running ? 'processing' : 'green'}
                data-testid="stats-running"
                data-running={String(status.data.running)}
              >
                {status.data.running ? jt('stats.running') : jt('stats.idle')}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={jt('stats.modeLabel')}>
              <span data-testid="stats-mode">{jt(`stats.mode.${run.mode}`)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={jt('stats.startedAt')}>
              <Num testId="stats-started">{formatInstant(run.startedAt)}</Num>
            </Descriptions.Item>
            <Descriptions.Item label={jt('stats.took')}>
              <Num>{jt('stats.ms', { ms: n(run.tookMs) })}</Num>
            </Descriptions.Item>
            <Descriptions.Item label={jt('stats.orders')}>
              <Num testId="stats-orders">{n(run.orders)}</Num>
            </Descriptions.Item>
            <Descriptions.Item label={jt('stats.stores')}>
              <Num>{n(run.stores)}</Num>
            </Descriptions.Item>
            <Descriptions.Item label={jt('stats.pairs')}>
              <Num testId="stats-pairs">{n(run.pairs)}</Num>
            </Descriptions.Item>
            <Descriptions.Item label={jt('stats.watermark')}>
              <Num>{run.watermark ? formatInstant(run.watermark) : '—'}</Num>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card
        size="small"
        title={jt('stats.lookup')}
        extra={
          <Select
            style={{ minWidth: 260 }}
            value={store}
            onChange={setStoreId}
            loading={stores.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="stats-store"
            options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name ?? s.id }))}
          />
        }
      >
        {partners.error && !partners.data ? (
          <QueryError error={partners.error} onRetry={() => void partners.refetch()} />
        ) : (
          <Flex vertical gap={8}>
            {partners.data?.computedAt ? (
              <Typography.Text type="secondary">
                {jt('partners.meta', {
                  at: formatInstant(partners.data.computedAt),
                  days: partners.data.windowDays,
                  excluded: n(partners.data.substitutesExcluded),
                })}
              </Typography.Text>
            ) : null}
            <PartnerTable
              items={partners.data?.items}
              loading={partners.isLoading}
              empty={jt('partners.empty')}
            />
          </Flex>
        )}
      </Card>
    </>
  );
}
