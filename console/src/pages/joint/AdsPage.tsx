// 广告众筹 (merchants): ads other merchants started that are still raising funds — one slot and one landing pool
// shared by up to 20 stores, the cost split equally by seat or by chosen shares, exact to the fen. Join with one of
// the merchant's stores; gray release: only whitelisted merchants may start or join.
import { NotificationOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, InputNumber, Modal, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatBp, formatFen, formatInstant } from '../../format';
import { useMyStores } from '../live/live-queries';
import { AdProgress, campaignPath, period } from './components';
import { campaignName, equalSplit, sharesLeft, standing } from './joint-format';
import { useJT } from './joint-i18n';
import { useMyAds, useOpenAds, useWhitelistMe } from './joint-queries';
import type { Campaign } from './joint-types';
import { Num, StatusTag, useJointAction } from './ui';

export default function AdsPage() {
  const { jt, lang } = useJT();
  const { user } = useAuth();
  const navigate = useNavigate();
  const whitelist = useWhitelistMe(true);
  const ads = useOpenAds();
  const mine = useMyAds();
  const [joining, setJoining] = useState<Campaign | null>(null);
  const listed = whitelist.data?.whitelisted;

  const columns: ColumnsType<Campaign> = [
    {
      title: jt('list.name'),
      key: 'name',
      ellipsis: true,
      render: (_, c) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Link to={campaignPath(c.id)} data-testid="campaign-link">
            <NotificationOutlined style={{ marginInlineEnd: 6 }} />
            {campaignName(c, lang)}
          </Link>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
            {c.organiser.storeName} · {period(c)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: jt('ads.slot'),
      key: 'slot',
      width: 150,
      ellipsis: true,
      render: (_, c) => (c.ad ? (lang === 'zh' ? c.ad.slotNameZh : c.ad.slotName) : (c.rules.ad?.slot ?? '')),
    },
    {
      title: jt('ads.price'),
      key: 'price',
      width: 110,
      align: 'right',
      render: (_, c) => <Num>{formatFen(c.ad?.price ?? c.rules.ad?.price ?? 0, lang)}</Num>,
    },
    {
      title: jt('ads.splitLabel'),
      key: 'split',
      width: 130,
      render: (_, c) =>
        c.ad
          ? c.ad.split === 'equal'
            ? jt('ads.seatsTaken', { taken: standing(c.ad).length, seats: c.ad.seats ?? 0 })
            : jt('ads.sharesOpen', { share: formatBp(sharesLeft(c.ad)) })
          : '',
    },
    {
      title: jt('ads.progress'),
      key: 'progress',
      width: 200,
      render: (_, c) => (c.ad ? <AdProgress ad={c.ad} /> : null),
    },
    {
      title: jt('ads.deadline'),
      key: 'deadline',
      width: 140,
      render: (_, c) => <Num>{c.ad ? formatInstant(c.ad.deadline) : ''}</Num>,
    },
    { title: jt('list.status'), key: 'status', width: 90, render: (_, c) => <StatusTag status={c.status} /> },
    {
      title: jt('list.actions'),
      key: 'actions',
      width: 84,
      render: (_, c) => {
        const mine = c.participants.some(
          (p) => p.merchantId === user.partyId && (p.status === 'accepted' || p.status === 'invited'),
        );
        if (mine) return <Typography.Text type="secondary">{jt('ads.joined')}</Typography.Text>;
        return (
          <Button
            size="small"
            type="primary"
            disabled={!listed}
            onClick={() => setJoining(c)}
            data-testid="ad-join"
          >
            {jt('ads.join')}
          </Button>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title={jt('ads.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!listed}
            onClick={() => navigate('/joint/new?type=ad_crowdfunding')}
            data-testid="ad-create"
          >
            {jt('ads.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {jt('ads.subtitle')}
      </Typography.Paragraph>
      {whitelist.data ? (
        <Alert
          type={listed ? 'success' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="whitelist-state"
          data-whitelisted={String(!!listed)}
          title={listed ? jt('ads.whitelisted') : jt('ads.notWhitelisted')}
        />
      ) : null}
      {ads.error && !ads.data ? (
        <QueryError error={ads.error} onRetry={() => void ads.refetch()} />
      ) : (
        <Table<Campaign>
          rowKey="id"
          size="middle"
          loading={ads.isLoading}
          columns={columns}
          dataSource={ads.data?.items}
          data-testid="ads-table"
          tableLayout="fixed"
          pagination={false}
          locale={{ emptyText: jt('ads.empty') }}
          onRow={(c) => ({ 'data-testid': `ad-row-${c.id}` }) as never}
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {jt('ads.mine')}
      </Typography.Title>
      {mine.error && !mine.data ? (
        <QueryError error={mine.error} onRetry={() => void mine.refetch()} />
      ) : (
        <Table<Campaign>
          rowKey="id"
          size="middle"
          loading={mine.isLoading}
          columns={columns.filter((c) => c.key !== 'actions')}
          dataSource={mine.data?.items}
          data-testid="my-ads-table"
          tableLayout="fixed"
          pagination={false}
          locale={{ emptyText: jt('ads.mineEmpty') }}
          onRow={(c) => ({ 'data-testid': `my-ad-row-${c.id}` }) as never}
        />
      )}
      <JoinModal campaign={joining} onClose={() => setJoining(null)} />
    </>
  );
}

function JoinModal({ campaign, onClose }: { campaign: Campaign | null; onClose: () => void }) {
  const { jt, lang } = useJT();
  const stores = useMyStores(!!campaign);
  const [storeId, setStoreId] = useState<string>();
  const [share, setShare] = useState<number | null>(null);
  const action = useJointAction(() => {
    setShare(null);
    onClose();
  });
  const ad = campaign?.ad;
  const shares = ad?.split === 'shares';
  const left = ad ? sharesLeft(ad) : 0;
  const seatPrice =
    ad && ad.split === 'equal' && ad.seats ? equalSplit(ad.price, ad.seats)[standing(ad).length] : undefined;
  const store = storeId ?? stores.data?.items[0]?.id;
  return (
    <Modal
      open={!!campaign}
      title={campaign ? jt('ads.joinTitle', { name: campaignName(campaign, lang) }) : ''}
      onCancel={onClose}
      okText={jt('ads.join')}
      okButtonProps={
        {
          disabled: !store || (shares && !share),
          loading: action.isPending,
          'data-testid': 'ad-join-ok',
        } as never
      }
      onOk={() =>
        campaign &&
        action.mutate({
          path: `/v1/joint/campaigns/${encodeURIComponent(campaign.id)}/join`,
          body: { storeId: store, ...(shares ? { shareBp: Math.round((share ?? 0) * 100) } : {}) },
          success: () => jt('ads.joinedToast', { name: campaignName(campaign, lang) }),
        })
      }
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={jt('create.store')}>
          <Select
            value={store}
            onChange={setStoreId}
            loading={stores.isLoading}
            data-testid="ad-join-store"
            options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name ?? s.id }))}
          />
        </Form.Item>
        {shares ? (
          <Form.Item label={jt('ads.share')} extra={jt('ads.shareLeft', { share: formatBp(left) })}>
            <InputNumber
              min={0.01}
              max={left / 100}
              precision={2}
              suffix="%"
              value={share}
              onChange={setShare}
              style={{ width: 160 }}
              data-testid="ad-join-share"
            />
          </Form.Item>
        ) : seatPrice !== undefined ? (
          <Typography.Paragraph>
            {jt('ads.seatPrice', { amount: formatFen(seatPrice, lang) })}
          </Typography.Paragraph>
        ) : null}
        <Typography.Text type="secondary">{jt('ads.holdHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}
