// 推荐达人: for one of the merchant's stores (and optionally one product), creators ranked by category fit,
// audience overlap, word of mouth, GPM history and commission, each reason explained; invite one to a proxy job
// or open the creator.
import { Button, Descriptions, Drawer, Flex, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { formatFen, formatNumber } from '../../format';
import { useCategoryNames } from '../distribution/CategorySelect';
import { useMyStores } from '../traffic/traffic-queries';
import { useMT } from './market-i18n';
import { useCreatorRecs, useStoreProducts } from './market-queries';
import type { CreatorRec } from './market-types';
import { ReasonTags, RecsResults } from './RecReasons';
import { InviteModal } from './InviteModal';
import { CreatorCell, Muted, ScoreBar } from './ui';

export default function CreatorRecsPage() {
  const { mt, lang } = useMT();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const stores = useMyStores(true);
  const storeId = params.get('storeId') ?? stores.data?.items[0]?.id;
  const productId = params.get('productId') ?? undefined;
  const products = useStoreProducts(user.partyId, storeId);
  const recs = useCreatorRecs(storeId, productId);
  const [open, setOpen] = useState<CreatorRec | null>(null);
  const [inviting, setInviting] = useState<CreatorRec | null>(null);
  const label = useCallback((c: CreatorRec) => c.name, []);
  const set = (next: Record<string, string | undefined>) => {
    const copy = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) copy.set(k, v);
      else copy.delete(k);
    }
    setParams(copy);
  };

  const columns: ColumnsType<CreatorRec> = [
    { title: mt('recs.rank'), key: 'rank', width: 48, render: (_: unknown, _c, i) => i + 1 },
    {
      title: mt('recs.creator'),
      key: 'creator',
      width: 230,
      render: (_: unknown, c) => (
        <CreatorCell name={c.name} id={c.creatorId} followers={c.followers} score={c.wordOfMouth} />
      ),
    },
    {
      title: mt('recs.score'),
      key: 'score',
      width: 170,
      render: (_: unknown, c) => <ScoreBar score={c.score} />,
    },
    {
      title: mt('recs.reasons'),
      key: 'reasons',
      render: (_: unknown, c) => <ReasonTags reasons={c.reasons} />,
    },
    {
      title: mt('recs.gpm'),
      key: 'gpm',
      width: 130,
      align: 'right',
      render: (_: unknown, c) => (
        <Flex vertical align="flex-end" gap={0}>
          <span>{c.gpm === null ? '—' : formatFen(c.gpm, lang)}</span>
          <Muted small>{mt('recs.sessions', { count: c.sessions })}</Muted>
        </Flex>
      ),
    },
    {
      title: mt('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 190,
      render: (_: unknown, c) => (
        <Space size={4}>
          <Button size="small" type="primary" onClick={() => setInviting(c)} data-testid="rec-invite">
            {mt('recs.invite')}
          </Button>
          <Button size="small" onClick={() => setOpen(c)} data-testid="rec-open">
            {mt('recs.openCreator')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={
          <Space direction="vertical" size={0}>
            <span>{mt('recs.creatorsTitle')}</span>
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
              {mt('recs.creatorsSubtitle')}
            </Typography.Text>
          </Space>
        }
      />
      <Flex gap={12} wrap align="center">
        <Typography.Text type="secondary">{mt('recs.store')}</Typography.Text>
        <Select
          style={{ width: 240 }}
          loading={stores.isLoading}
          value={storeId}
          onChange={(v: string) => set({ storeId: v, productId: undefined })}
          options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name ?? s.id }))}
          data-testid="rec-store"
        />
        <Typography.Text type="secondary">{mt('recs.product')}</Typography.Text>
        <Select
          style={{ width: 300 }}
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={mt('recs.productPlaceholder')}
          value={productId}
          onChange={(v?: string) => set({ productId: v })}
          options={(products.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
          data-testid="rec-product"
        />
        {recs.data && (
          <Muted>{mt('recs.evaluated', { count: formatNumber(recs.data.evaluated, lang) })}</Muted>
        )}
      </Flex>
      {!storeId && !stores.isLoading ? (
        <Muted>{mt('recs.pickStore')}</Muted>
      ) : (
        <RecsResults<CreatorRec>
          query={recs}
          rowKey="creatorId"
          rowAttr="creator"
          columns={columns}
          scrollX={1100}
          label={label}
        />
      )}
      <CreatorDrawer rec={open} onClose={() => setOpen(null)} />
      {inviting && storeId && (
        <InviteModal rec={inviting} storeId={storeId} onClose={() => setInviting(null)} />
      )}
    </Flex>
  );
}

function CreatorDrawer({ rec, onClose }: { rec: CreatorRec | null; onClose: () => void }) {
  const { mt, lang } = useMT();
  const categories = useCategoryNames();
  return (
    <Drawer
      open={!!rec}
      onClose={onClose}
      size={520}
      title={rec ? mt('recs.creatorDetail', { name: rec.name }) : ''}
    >
      {rec && (
        <Flex vertical gap={16} data-testid="rec-creator">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="ID">{rec.creatorId}</Descriptions.Item>
            <Descriptions.Item label={mt('recs.creator')}>
              {mt('common.followers', { count: formatNumber(rec.followers, lang) })}
            </Descriptions.Item>
            <Descriptions.Item label={mt('recs.wordOfMouth')}>
              {rec.wordOfMouth === null ? mt('common.noScore') : rec.wordOfMouth.toFixed(2)}
            </Descriptions.Item>
            <Descriptions.Item label={mt('recs.gpm')}>
              {rec.gpm === null ? '—' : formatFen(rec.gpm, lang)} ·{' '}
              {mt('recs.sessions', { count: rec.sessions })}
            </Descriptions.Item>
            <Descriptions.Item label={mt('recs.categories')}>
              <Flex gap={4} wrap>
                {rec.categories.map((c) => (
                  <Tag key={c} style={{ marginInlineEnd: 0 }}>
                    {categories.get(c) ?? c}
                  </Tag>
                ))}
              </Flex>
            </Descriptions.Item>
            <Descriptions.Item label={mt('recs.score')}>
              <ScoreBar score={rec.score} />
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>{mt('recs.reasons')}</Typography.Text>
          <Flex vertical gap={8}>
            {[...rec.reasons]
              .sort((a, b) => b.contribution - a.contribution)
              .map((r) => (
                <Flex key={r.code} vertical gap={0}>
                  <ReasonTags reasons={[r]} />
                  {lang === 'en' && r.text && <Muted small>{r.text}</Muted>}
                </Flex>
              ))}
          </Flex>
        </Flex>
      )}
    </Drawer>
  );
}
