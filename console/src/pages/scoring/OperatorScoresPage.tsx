// 经营分 (operators): per score kind, the distribution, grade counts, what the thresholds admit and the
// ranking (each row opens its explanation); the recompute runs; and the configuration with its versions.
// Recompute is one button away from every tab.
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Flex, Tabs } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { ConfigTab } from './ConfigTab';
import { DistributionCard } from './DistributionCard';
import { RecomputeModal } from './RecomputeModal';
import { RunsTable } from './RunsTable';
import { ScoreDrawer, type ScoreTarget } from './ScoreDrawer';
import { ScoreTable } from './ScoreTable';
import { useST } from './score-i18n';
import type { ScoreKind } from './score-types';

const TABS = ['stores', 'products', 'creators', 'runs', 'config'] as const;
type Tab = (typeof TABS)[number];
const KIND_OF: Partial<Record<Tab, ScoreKind>> = {
  stores: 'store',
  products: 'product',
  creators: 'creator',
};

function KindTab({ kind, onOpen }: { kind: ScoreKind; onOpen: (t: ScoreTarget) => void }) {
  const { st } = useST();
  return (
    <Flex vertical gap={16}>
      <DistributionCard kind={kind} />
      <ScoreTable
        kind={kind}
        title={st('list.ranking')}
        showMerchant
        data-testid={`ranking-${kind}`}
        onOpen={(r) => onOpen({ kind, id: r.id, name: r.name })}
      />
    </Flex>
  );
}

export default function OperatorScoresPage() {
  const { st } = useST();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'stores';
  const [open, setOpen] = useState<ScoreTarget | null>(null);
  const [recompute, setRecompute] = useState(false);
  const label = (t: Tab) =>
    ({
      stores: st('tab.stores'),
      products: st('tab.productsAll'),
      creators: st('tab.creators'),
      runs: st('recompute.runs'),
      config: st('tab.config'),
    })[t];
  return (
    <Flex vertical gap={8}>
      <PageHeader
        title={st('title.operator')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => setRecompute(true)} data-testid="recompute-open">
            {st('recompute.title')}
          </Button>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(params);
          if (k === 'stores') next.delete('tab');
          else next.set('tab', k);
          setParams(next, { replace: true });
        }}
        items={TABS.map((t) => {
          const kind = KIND_OF[t];
          return {
            key: t,
            label: <span data-testid={`tab-${t}`}>{label(t)}</span>,
            children: kind ? (
              <KindTab kind={kind} onOpen={setOpen} />
            ) : t === 'runs' ? (
              <RunsTable />
            ) : (
              <ConfigTab />
            ),
          };
        })}
      />
      <ScoreDrawer target={open} onClose={() => setOpen(null)} />
      <RecomputeModal open={recompute} onClose={() => setRecompute(false)} />
    </Flex>
  );
}
