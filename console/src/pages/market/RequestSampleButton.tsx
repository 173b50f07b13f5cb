// "Request sample" (申请寄样) for a product: a creator asks, with an optional note. The merchant's policy answers at
// once: requested, approved, or refused — the refusal's reason shown by its code in the reader's language.
import { GiftOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal } from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api } from '../../api';
import { useMT } from './market-i18n';
import { MARKET_KEY } from './market-queries';
import type { Sample } from './market-types';
import { useSampleReason } from './ui';

export function RequestSampleButton({ productId, title }: { productId: string; title: string }) {
  const { mt } = useMT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" icon={<GiftOutlined />} onClick={() => setOpen(true)} data-testid="action-sample">
        {mt('request.button')}
      </Button>
      {open && <RequestSampleModal productId={productId} title={title} onClose={() => setOpen(false)} />}
    </>
  );
}

function RequestSampleModal({
  productId,
  title,
  onClose,
}: {
  productId: string;
  title: string;
  onClose: () => void;
}) {
  const { mt } = useMT();
  const reasonOf = useSampleReason();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const id = useMemo(() => `smp-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`, []);
  const send = useMutation({
    mutationFn: () =>
      api<Sample>('/v1/samples', {
        method: 'POST',
        body: { id, productId, ...(note.trim() ? { note: note.trim() } : {}) },
      }),
    meta: { silent: true },
    onSuccess: async (s) => {
      await queryClient.invalidateQueries({ queryKey: MARKET_KEY });
      if (s.status === 'rejected') {
        // Stays open: the creator reads why.
        setRefused(reasonOf(s) ?? '');
        return;
      }
      void message.success(s.status === 'approved' ? mt('request.approved') : mt('request.sent'));
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) void message.warning(mt('request.already'));
      else void message.error(e instanceof ApiError ? (e.detail ?? e.title) : String(e));
    },
  });
  return (
    <Modal
      open
      title={mt('request.title', { title })}
      onCancel={onClose}
      onOk={() => (refused ? onClose() : send.mutate())}
      okText={refused ? mt('common.done') : mt('common.submit')}
      cancelText={mt('common.cancel')}
      confirmLoading={send.isPending}
      okButtonProps={{ type: 'primary', 'data-testid': 'sample-request-submit' }}
    >
      {refused !== null ? (
        <Alert
          type="error"
          showIcon
          title={mt('request.refused', { reason: refused })}
          data-testid="sample-refused"
        />
      ) : (
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={mt('request.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="sample-note"
        />
      )}
    </Modal>
  );
}
