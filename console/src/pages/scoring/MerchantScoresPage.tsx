// 经营分 (merchants): the store experience score of one of the merchant's stores, explained, and the
// scores of the merchant's products with each one's explanation in a drawer.
import { Empty, Flex, Select, Skeleton, Tabs } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { ScoreDrawer, type ScoreTarget } from './ScoreDrawer';
import { ScoreExplanation } from './ScoreExplanation';
import { ScoreTable } from './ScoreTable';
import { useST } from './score-i18n';
import { useScoreList } from './score-queries';

export default function MerchantScoresPage() {
  const { st } = useST();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'products' ? 'products' : 'store';
  // The server lists a merchant's own stores only.
  const stores = useScoreList('store', { sort: '-score', limit: 100, offset: 0 });
  const storeItems = stores.data?.items ?? [];
  const storeId = params.get('store') ?? storeItems[0]?.id;
  const set = (key: string, value?: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const [open, setOpen] = useState<ScoreTarget | null>(null);

  const storePicker = tab === 'store' && storeItems.length > 1 && (
    <Select
      value={storeId}
      onChange={(v: string) => set('store', v)}
      options={storeItems.map((s) => ({ value: s.id, label: `${s.name ?? s.id} (${s.id})` }))}
      style={{ width: 320 }}
      aria-label={st('store.pick')}
      data-testid="store-select"
    />
  );

  const storeTab = stores.error ? (
    <QueryError error={stores.error} onRetry={() => void stores.refetch()} />
  ) : !stores.data ? (
    <Skeleton active paragraph={{ rows: 10 }} />
  ) : storeId ? (
    <ScoreExplanation kind="store" id={storeId} />
  ) : (
    <Empty description={st('store.none')} />
  );

  return (
    <Flex vertical gap={8}>
      <PageHeader title={st('title.merchant')} extra={storePicker} />
      <Tabs
        activeKey={tab}
        onChange={(k) => set('tab', k === 'products' ? 'products' : undefined)}
        items={[
          { key: 'store', label: <span data-testid="tab-store">{st('tab.store')}</span>, children: storeTab },
          {
            key: 'products',
            label: <span data-testid="tab-products">{st('tab.products')}</span>,
            children: (
              <ScoreTable
                kind="product"
                title={st('tab.products')}
                data-testid="product-scores"
                onOpen={(r) => setOpen({ kind: 'product', id: r.id, name: r.name })}
              />
            ),
          },
        ]}
      />
      <ScoreDrawer target={open} onClose={() => setOpen(null)} />
    </Flex>
  );
}
