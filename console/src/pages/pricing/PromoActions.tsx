// Edit, pause / resume, end and stats for one offer or coupon template. Ending asks first:
// an ended promotion cannot run again.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { PromoStatus } from '../../api-types';

type Action = 'pause' | 'resume' | 'end';

interface PromoActionsProps {
  /** e.g. "/v1/pricing/offers/off_123" */
  path: string;
  status: PromoStatus;
  /** Query key prefix to refresh after a change. */
  listKey: readonly unknown[];
  endConfirm: string;
  onEdit: () => void;
  onStats: () => void;
}

export function PromoActions({ path, status, listKey, endConfirm, onEdit, onStats }: PromoActionsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (action: Action) => api(`${path}/${action}`, { method: 'POST' }),
    onSuccess: async (_r, action) => {
      void message.success(
        t(action === 'pause' ? 'pricing.paused' : action === 'resume' ? 'pricing.resumed' : 'pricing.ended'),
      );
      await queryClient.invalidateQueries({ queryKey: listKey });
    },
  });
  const busy = change.isPending;
  return (
    <Space size={0}>
      <Button type="link" size="small" onClick={onStats} data-testid="action-stats">
        {t('pricing.stats')}
      </Button>
      {status !== 'ended' && (
        <Button type="link" size="small" onClick={onEdit} data-testid="action-edit">
          {t('pricing.edit')}
        </Button>
      )}
      {status === 'active' && (
        <Button
          type="link"
          size="small"
          disabled={busy}
          onClick={() => change.mutate('pause')}
          data-testid="action-pause"
        >
          {t('pricing.pause')}
        </Button>
      )}
      {(status === 'paused' || status === 'draft') && (
        <Button
          type="link"
          size="small"
          disabled={busy}
          onClick={() => change.mutate('resume')}
          data-testid="action-resume"
        >
          {status === 'draft' ? t('pricing.activate') : t('pricing.resume')}
        </Button>
      )}
      {status !== 'ended' && (
        <Popconfirm
          title={endConfirm}
          onConfirm={() => change.mutate('end')}
          okButtonProps={{ danger: true }}
        >
          <Button type="link" size="small" danger disabled={busy} data-testid="action-end">
            {t('pricing.end')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
