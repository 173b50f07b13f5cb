// Get a share link for a product: an optional sub-id (推广位) and landing page; the answer is the
// short link to copy. Asking again for the same product and sub-id returns the same link.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api';
import type { FieldIssue, ShareLink } from '../../api-types';
import { useDT } from './dist-i18n';
import { DIST_KEYS } from './dist-queries';
import { shortLink } from './logic';
import { CopyButton, IssueItem, IssuesProvider } from './ui';

export interface LinkTarget {
  productId: string;
  title: string;
}

const SUB_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function LinkModal({ target, onClose }: { target: LinkTarget | null; onClose: () => void }) {
  const { dt } = useDT();
  return (
    <Modal
      open={target !== null}
      onCancel={onClose}
      title={dt('link.title')}
      footer={null}
      destroyOnHidden
      width={620}
      data-testid="link-modal"
    >
      {target && <LinkForm target={target} />}
    </Modal>
  );
}

function LinkForm({ target }: { target: LinkTarget }) {
  const { dt } = useDT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ subId?: string; targetUrl?: string }>();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [result, setResult] = useState<{ link: ShareLink; existed: boolean } | null>(null);
  const create = useMutation({
    mutationFn: async (v: { subId?: string; targetUrl?: string }) => {
      const body = {
        productId: target.productId,
        ...(v.subId?.trim() ? { subId: v.subId.trim() } : {}),
        ...(v.targetUrl?.trim() ? { targetUrl: v.targetUrl.trim() } : {}),
      };
      // 201 new, 200 the link already held for this product and sub-id: both are the answer.
      const before = await api<{ items: ShareLink[] }>('/v1/distribution/links', {
        query: { productId: target.productId, subId: body.subId, limit: 200 },
      });
      const link = await api<ShareLink>('/v1/distribution/links', { method: 'POST', body });
      return { link, existed: before.items.some((l) => l.id === link.id) };
    },
    meta: { silent: true },
    onSuccess: async (r) => {
      setIssues([]);
      setResult(r);
      await queryClient.invalidateQueries({ queryKey: DIST_KEYS.links });
    },
    onError: (e) => {
      setIssues(
        e instanceof ApiError
          ? e.issues.length
            ? e.issues
            : [{ field: 'productId', reason: e.detail ?? e.title }]
          : [{ field: 'productId', reason: String(e) }],
      );
    },
  });
  const url = result ? shortLink(window.location.origin, result.link.code) : '';
  return (
    <Flex vertical gap={16}>
      <Typography.Text>
        {dt('link.product')}: <Typography.Text strong>{target.title}</Typography.Text>{' '}
        <Typography.Text type="secondary">({target.productId})</Typography.Text>
      </Typography.Text>
      <IssuesProvider issues={issues}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} requiredMark={false}>
          <IssueItem
            issue="subId"
            name="subId"
            label={dt('link.subId')}
            extra={dt('link.subIdHint')}
            rules={[{ pattern: SUB_ID, message: dt('link.subIdPattern') }]}
          >
            <Input data-testid="link-subid" maxLength={64} placeholder="wechat-group-7" />
          </IssueItem>
          <IssueItem
            issue="targetUrl"
            name="targetUrl"
            label={dt('link.targetUrl')}
            extra={dt('link.targetUrlHint')}
          >
            <Input data-testid="link-target" maxLength={2000} placeholder="https://" />
          </IssueItem>
          <IssueItem issue="productId" style={{ marginBottom: 0 }}>
            <Flex justify="flex-end">
              <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="link-submit">
                {dt('link.create')}
              </Button>
            </Flex>
          </IssueItem>
        </Form>
      </IssuesProvider>
      {result && (
        <Flex vertical gap={8} data-testid="link-result">
          <Alert type="success" showIcon title={result.existed ? dt('link.existing') : dt('link.created')} />
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          >
            <Descriptions.Item label={dt('link.shortLink')}>
              <Flex align="center" gap={8} wrap>
                <Typography.Text code data-testid="link-url">
                  {url}
                </Typography.Text>
                <CopyButton text={url} testId="link-copy" label />
              </Flex>
            </Descriptions.Item>
            <Descriptions.Item label={dt('link.code')}>
              <Typography.Text code data-testid="link-code">
                {result.link.code}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={dt('link.landing')}>
              <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                {result.link.targetUrl}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Flex>
      )}
    </Flex>
  );
}
