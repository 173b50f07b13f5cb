// 联合营销监管 (operators): every joint campaign, filtered by status and type; open a row to see its participants and
// remove one before start, or cancel a campaign.
import { Flex, Popconfirm, Select, Button, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { CampaignTable, campaignPath, ParticipantsTable } from './components';
import { campaignName, canCancel } from './joint-format';
import { useJT } from './joint-i18n';
import { useCampaigns } from './joint-queries';
import { CAMPAIGN_TYPES, type CampaignStatus, type CampaignType } from './joint-types';
import { useJointAction } from './ui';

const PAGE = 20;
const STATUSES: CampaignStatus[] = ['inviting', 'running', 'ended', 'cancelled'];

export default function OversightPage() {
  const { jt, lang } = useJT();
  const [status, setStatus] = useState<CampaignStatus>();
  const [type, setType] = useState<CampaignType>();
  const [offset, setOffset] = useState(0);
  const query = useCampaigns({ status, type, limit: PAGE, offset });
  const cancel = useJointAction();

  return (
    <>
      <PageHeader
        title={jt('oversight.title')}
        extra={
          <>
            <Select
              allowClear
              placeholder={jt('list.status')}
              style={{ width: 140 }}
              value={status}
              data-testid="filter-status"
              onChange={(v) => {
                setOffset(0);
                setStatus(v);
              }}
              options={STATUSES.map((s) => ({ value: s, label: jt(`status.${s}`) }))}
            />
            <Select
              allowClear
              placeholder={jt('list.type')}
              style={{ width: 170 }}
              value={type}
              data-testid="filter-type"
              onChange={(v) => {
                setOffset(0);
                setType(v);
              }}
              options={CAMPAIGN_TYPES.map((t) => ({ value: t, label: jt(`types.${t}`) }))}
            />
          </>
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {jt('oversight.subtitle')}
      </Typography.Paragraph>
      {query.error && !query.data ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <CampaignTable
          items={query.data?.items}
          total={query.data?.total ?? 0}
          loading={query.isLoading}
          page={offset / PAGE + 1}
          pageSize={PAGE}
          onPage={(p) => setOffset((p - 1) * PAGE)}
          empty={jt('oversight.empty')}
          expand={(c) => <ParticipantsTable campaign={c} />}
          actionsWidth={170}
          actions={(c) => (
            <Flex gap={12} wrap>
              <Link to={campaignPath(c.id)}>{jt('list.open')}</Link>
              {canCancel(c, 'operator', true) ? (
                <Popconfirm
                  title={jt('detail.cancelConfirm', { name: campaignName(c, lang) })}
                  onConfirm={() =>
                    cancel.mutate({
                      path: `/v1/joint/campaigns/${encodeURIComponent(c.id)}/cancel`,
                      success: () => jt('detail.cancelled'),
                    })
                  }
                  okButtonProps={{ danger: true, 'data-testid': 'cancel-ok' } as never}
                >
                  <Button
                    size="small"
                    type="link"
                    danger
                    style={{ padding: 0 }}
                    data-testid="campaign-cancel"
                  >
                    {jt('detail.cancel')}
                  </Button>
                </Popconfirm>
              ) : null}
            </Flex>
          )}
        />
      )}
    </>
  );
}
