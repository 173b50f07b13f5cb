// 推荐伙伴 (merchants): partner stores for one of the merchant's stores, ranked from co-purchase data — shared
// customers, support, confidence and lift over the window, audience overlap and category complementarity, with the
// reason in words and example product pairs bought together; direct competitors are left out. Invite one to a
// campaign the merchant organises, or start a new campaign with it.
import { UserAddOutlined } from '@ant-design/icons';
import { Button, Flex, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant, formatNumber } from '../../format';
import { useMyStores } from '../live/live-queries';
import { PartnerTable } from './components';
import { campaignName } from './joint-format';
import { useJT } from './joint-i18n';
import { useCampaigns, usePartners } from './joint-queries';
import type { Partner } from './joint-types';
import { useJointAction } from './ui';

const NEW = '__new__';

export default function PartnersPage() {
  const { jt, lang } = useJT();
  const [params, setParams] = useSearchParams();
  const stores = useMyStores(true);
  const storeId = params.get('store') ?? stores.data?.items[0]?.id;
  const query = usePartners(storeId, 20);
  const [inviting, setInviting] = useState<Partner | null>(null);
  const d = query.data;

  return (
    <>
      <PageHeader
        title={jt('partners.title')}
        extra={
          <Select
            style={{ minWidth: 240 }}
            value={storeId}
            loading={stores.isLoading}
            data-testid="partners-store"
            onChange={(v: string) => setParams({ store: v }, { replace: true })}
            options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name ?? s.id }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {jt('partners.subtitle')}
      </Typography.Paragraph>
      {d ? (
        <Typography.Paragraph type="secondary" data-testid="partners-meta">
          {d.computedAt
            ? jt('partners.meta', {
                at: formatInstant(d.computedAt),
                days: d.windowDays,
                excluded: formatNumber(d.substitutesExcluded, lang),
              })
            : jt('partners.notComputed')}
        </Typography.Paragraph>
      ) : null}
      {query.error && !d ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <PartnerTable
          items={d?.items}
          loading={query.isLoading || stores.isLoading}
          empty={jt('partners.empty')}
          action={(p) => (
            <Button
              size="small"
              icon={<UserAddOutlined />}
              onClick={() => setInviting(p)}
              data-testid="partner-invite"
            >
              {jt('partners.invite')}
            </Button>
          )}
        />
      )}
      <InviteModal partner={inviting} ownStore={storeId} onClose={() => setInviting(null)} />
    </>
  );
}

/** Invite a partner: to one of the merchant's campaigns still inviting, or to a new one. */
function InviteModal({
  partner,
  ownStore,
  onClose,
}: {
  partner: Partner | null;
  ownStore: string | undefined;
  onClose: () => void;
}) {
  const { jt, lang } = useJT();
  const navigate = useNavigate();
  const [target, setTarget] = useState<string>(NEW);
  const campaigns = useCampaigns({ role: 'organiser', status: 'inviting', limit: 100, offset: 0 }, !!partner);
  const action = useJointAction(onClose);
  useEffect(() => {
    if (partner) setTarget(NEW);
  }, [partner]);
  const open = () => {
    if (!partner) return;
    if (target === NEW) {
      const q = new URLSearchParams({ invite: partner.storeId, ...(ownStore ? { store: ownStore } : {}) });
      navigate(`/joint/new?${q}`);
      return;
    }
    action.mutate({
      path: `/v1/joint/campaigns/${encodeURIComponent(target)}/invitations`,
      body: { storeIds: [partner.storeId] },
      success: () => jt('partners.invited', { store: partner.storeName }),
    });
  };
  return (
    <Modal
      open={!!partner}
      title={partner ? jt('partners.inviteTitle', { store: partner.storeName }) : ''}
      onCancel={onClose}
      onOk={open}
      okText={target === NEW ? jt('partners.newCampaign') : jt('detail.inviteOk')}
      okButtonProps={{ loading: action.isPending, 'data-testid': 'partner-invite-ok' } as never}
      destroyOnHidden
    >
      <Flex vertical gap={8}>
        <Typography.Text>{jt('partners.inviteTo')}</Typography.Text>
        <Select
          value={target}
          onChange={setTarget}
          loading={campaigns.isLoading}
          data-testid="partner-invite-target"
          options={[
            { value: NEW, label: jt('partners.newCampaign') },
            ...(campaigns.data?.items ?? [])
              .filter(
                (c) =>
                  !c.participants.some(
                    (p) =>
                      p.storeId === partner?.storeId && p.status !== 'declined' && p.status !== 'removed',
                  ),
              )
              .map((c) => ({ value: c.id, label: campaignName(c, lang) })),
          ]}
        />
      </Flex>
    </Modal>
  );
}
