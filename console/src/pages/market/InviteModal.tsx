// Invite a recommended creator to one of the merchant's open proxy jobs for the store, or post a new job for the
// store with the creator named in its note when there is none.
import { Button, Flex, List, Modal, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { formatBp, formatFen } from '../../format';
import { useMT } from './market-i18n';
import { useJobs } from './market-queries';
import type { CreatorRec } from './market-types';
import { Muted } from './ui';
import { useMarketAction } from './use-market-action';

export function InviteModal({
  rec,
  storeId,
  onClose,
}: {
  rec: CreatorRec;
  storeId: string;
  onClose: () => void;
}) {
  const { mt, lang } = useMT();
  const navigate = useNavigate();
  const jobs = useJobs({ status: 'open', limit: 200, offset: 0 });
  const open = (jobs.data?.items ?? []).filter((j) => j.storeId === storeId);
  const invite = useMarketAction(onClose);
  const postNew = () => {
    const q = new URLSearchParams({
      new: '1',
      storeId,
      note: mt('recs.inviteNote', { name: rec.name, id: rec.creatorId }),
    });
    navigate(`/proxy-jobs?${q}`);
  };
  return (
    <Modal
      open
      title={mt('recs.inviteTitle', { name: rec.name })}
      onCancel={onClose}
      footer={
        <Flex justify="space-between">
          <Button onClick={postNew} data-testid="invite-post">
            {mt('recs.postForCreator')}
          </Button>
          <Button onClick={onClose}>{mt('common.cancel')}</Button>
        </Flex>
      }
    >
      {open.length === 0 && !jobs.isLoading ? (
        <Typography.Paragraph type="secondary">
          {mt('recs.inviteNone', { name: rec.name })}
        </Typography.Paragraph>
      ) : (
        <List
          loading={jobs.isLoading}
          header={<Muted>{mt('recs.inviteJob')}</Muted>}
          dataSource={open}
          renderItem={(j) => (
            <List.Item
              actions={[
                <Button
                  key="invite"
                  type="primary"
                  size="small"
                  loading={invite.isPending}
                  data-testid="invite-job"
                  onClick={() =>
                    invite.mutate({
                      path: `/v1/proxy-jobs/${encodeURIComponent(j.id)}/invites`,
                      body: { creatorId: rec.creatorId },
                      success: mt('recs.invited', { name: rec.name }),
                    })
                  }
                >
                  {mt('recs.invite')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={j.title}
                description={`${j.startsOn} – ${j.endsOn} · ${formatFen(j.fixedFee, lang)} + ${formatBp(j.commissionBp)}`}
              />
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
}
