// 联合营销 (merchants): the campaigns the merchant organises, the ones its stores joined, and invitations to answer.
import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { CampaignTable, campaignPath, RespondButtons } from './components';
import { myInvitations } from './joint-format';
import { useJT } from './joint-i18n';
import { useCampaigns } from './joint-queries';

const PAGE = 20;
const TABS = ['organiser', 'participant', 'invited'] as const;
type TabKey = (typeof TABS)[number];

export default function CampaignsPage() {
  const { jt } = useJT();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as TabKey)
    : 'organiser';
  const [offset, setOffset] = useState(0);
  const query = useCampaigns({ role: tab, limit: PAGE, offset });
  // The invitations count on the tab, whichever tab is open.
  const invited = useCampaigns({ role: 'invited', status: 'inviting', limit: 1, offset: 0 });

  const body =
    query.error && !query.data ? (
      <QueryError error={query.error} onRetry={() => void query.refetch()} />
    ) : (
      <CampaignTable
        items={query.data?.items}
        total={query.data?.total ?? 0}
        loading={query.isLoading}
        page={offset / PAGE + 1}
        pageSize={PAGE}
        onPage={(p) => setOffset((p - 1) * PAGE)}
        empty={
          <Flex vertical align="center" gap={8} style={{ padding: 24 }}>
            <Typography.Text type="secondary">{jt(`list.empty.${tab}`)}</Typography.Text>
            {tab === 'organiser' ? <Link to="/joint/partners">{jt('list.findPartners')}</Link> : null}
          </Flex>
        }
        actions={(c) => {
          const mine = tab === 'invited' ? myInvitations(c, user.partyId) : [];
          if (!mine.length) return <Link to={campaignPath(c.id)}>{jt('list.open')}</Link>;
          return (
            <Flex vertical gap={6}>
              {mine.map((p) => (
                <Flex key={p.storeId} vertical gap={2}>
                  {mine.length > 1 ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {p.storeName}
                    </Typography.Text>
                  ) : null}
                  <RespondButtons campaign={c} participant={p} />
                </Flex>
              ))}
            </Flex>
          );
        }}
      />
    );

  return (
    <>
      <PageHeader
        title={jt('list.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/joint/new')}
            data-testid="joint-create"
          >
            {jt('list.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {jt('list.subtitle')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        data-testid="joint-tabs"
        onChange={(k) => {
          setOffset(0);
          setParams(k === 'organiser' ? {} : { tab: k }, { replace: true });
        }}
        items={TABS.map((k) => ({
          key: k,
          label: (
            <span data-testid={`tab-${k}`}>
              {jt(`list.tabs.${k}`)}
              {k === 'invited' && (invited.data?.total ?? 0) > 0 ? (
                <Badge count={invited.data?.total} size="small" style={{ marginInlineStart: 6 }} />
              ) : null}
            </span>
          ),
          children: k === tab ? body : null,
        }))}
      />
    </>
  );
}
