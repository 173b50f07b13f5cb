// An audience (merchants): its size and snapshots, the insight report (TGI against the platform or the merchant's
// customers), a lookalike expansion, and activation with a holdout and its measured results.
import {
  ArrowLeftOutlined,
  EditOutlined,
  ReloadOutlined,
  SendOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { Pending } from '../../components/QueryError';
import { formatInstant, formatNumber } from '../../format';
import { leafCount } from './aud-format';
import { useAT } from './aud-i18n';
import { useAudience, useSnapshots } from './aud-queries';
import type { Audience, Snapshot } from './aud-types';
import { ActivationDrawer, ActivationsCard } from './Activations';
import { InsightPanel } from './InsightPanel';
import { IssueItem, IssuesProvider, Num, OtherIssues, useAudAction } from './ui';

export default function AudienceDetailPage() {
  const { id } = useParams();
  const { at } = useAT();
  const query = useAudience(id);
  const a = query.data;
  if (!a)
    return (
      <>
        <PageHeader title={<BackTitle title={at('detail.insight')} />} />
        <Pending error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  return <Detail a={a} />;
}

function BackTitle({ title }: { title: React.ReactNode }) {
  const { at } = useAT();
  return (
    <Flex align="center" gap={8}>
      <Link to="/audiences" aria-label={at('common.back')}>
        <ArrowLeftOutlined />
      </Link>
      {title}
    </Flex>
  );
}

function Detail({ a }: { a: Audience }) {
  const { at, lang } = useAT();
  const navigate = useNavigate();
  const [activating, setActivating] = useState(false);
  const [expanding, setExpanding] = useState(false);
  const refresh = useAudAction<Audience>();
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={<BackTitle title={<span data-testid="aud-title">{a.name}</span>} />}
        extra={
          <>
            <Button
              icon={<EditOutlined />}
              onClick={() => navigate(`/audiences/${encodeURIComponent(a.id)}/edit`)}
            >
              {at('detail.edit')}
            </Button>
            <Button
              icon={<ReloadOutlined />}
              loading={refresh.isPending}
              data-testid="aud-refresh"
              onClick={() =>
                refresh.mutate({
                  path: `/v1/audiences/${encodeURIComponent(a.id)}/refresh`,
                  success: (r) => at('detail.refreshed', { size: formatNumber(r?.size ?? a.size, lang) }),
                })
              }
            >
              {at('detail.refreshNow')}
            </Button>
            <Button
              icon={<UsergroupAddOutlined />}
              onClick={() => setExpanding(true)}
              data-testid="aud-lookalike"
            >
              {at('detail.lookalike')}
            </Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              onClick={() => setActivating(true)}
              data-testid="aud-activate"
            >
              {at('activation.new')}
            </Button>
          </>
        }
      />
      {a.description ? (
        <Typography.Text type="secondary" style={{ marginTop: -16 }}>
          {a.description}
        </Typography.Text>
      ) : null}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={at('detail.size')}>
            <Typography.Text strong style={{ fontSize: 18 }}>
              <Num testId="aud-detail-size">{formatNumber(a.size, lang)}</Num>
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={at('detail.refresh')}>
            <Tag color={a.refresh === 'daily' ? 'blue' : 'default'}>{at(`refresh.${a.refresh}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={at('detail.snapshotAt')}>
            <Num>{a.snapshotAt ? formatInstant(a.snapshotAt) : at('common.none')}</Num>
          </Descriptions.Item>
          <Descriptions.Item label={at('detail.version')}>
            <Num>
              v{a.version} · {at('builder.conditions')} {leafCount(a.expression)}
            </Num>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <InsightPanel audienceId={a.id} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <ActivationsCard audience={a} />
        </Col>
        <Col xs={24} xl={9}>
          <Snapshots id={a.id} />
        </Col>
      </Row>
      <ActivationDrawer audience={a} open={activating} onClose={() => setActivating(false)} />
      {expanding ? <LookalikeModal a={a} onClose={() => setExpanding(false)} /> : null}
    </Flex>
  );
}

function Snapshots({ id }: { id: string }) {
  const { at, lang } = useAT();
  const query = useSnapshots(id);
  const columns: ColumnsType<Snapshot> = [
    { title: at('snapshots.no'), dataIndex: 'no', width: 64, render: (n: number) => <Num>#{n}</Num> },
    {
      title: at('snapshots.size'),
      dataIndex: 'size',
      align: 'right',
      render: (n: number) => <Num testId="snap-size">{formatNumber(n, lang)}</Num>,
    },
    {
      title: at('snapshots.build'),
      dataIndex: 'build',
      align: 'right',
      width: 90,
      render: (n: number) => <Num>#{n}</Num>,
    },
    {
      title: at('snapshots.takenAt'),
      dataIndex: 'takenAt',
      width: 140,
      render: (v: string) => <Num>{formatInstant(v)}</Num>,
    },
  ];
  return (
    <Card title={at('detail.snapshots')} size="small" data-testid="snapshots">
      {!query.data ? (
        <Pending error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Snapshot>
          rowKey="no"
          size="small"
          columns={columns}
          dataSource={[...query.data.items].sort((x, y) => y.no - x.no)}
          pagination={query.data.items.length > 8 ? { pageSize: 8, size: 'small' } : false}
          locale={{ emptyText: at('snapshots.empty') }}
        />
      )}
    </Card>
  );
}

function LookalikeModal({ a, onClose }: { a: Audience; onClose: () => void }) {
  const { at, lang } = useAT();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ size: number; name: string }>();
  const save = useAudAction<Audience>((n) => {
    onClose();
    navigate(`/audiences/${encodeURIComponent(n.id)}`);
  });
  return (
    <Modal
      open
      title={at('lookalike.title')}
      onCancel={onClose}
      okText={at('lookalike.create')}
      cancelText={at('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'lookalike-submit' } as never}
      destroyOnHidden
    >
      <IssuesProvider issues={save.issues}>
        <Typography.Paragraph type="secondary">{at('lookalike.intro')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{
            size: Math.max(100, Math.min(10_000_000, a.size * 2)),
            name: at('lookalike.defaultName', { name: a.name }).slice(0, 80),
          }}
          onValuesChange={() => save.issues.length && save.setIssues([])}
          onFinish={(v) =>
            save.mutate({
              path: `/v1/audiences/${encodeURIComponent(a.id)}/lookalike`,
              body: { size: v.size, name: v.name.trim() || undefined },
              success: (n) => at('lookalike.created', { size: formatNumber(n.size, lang) }),
            })
          }
        >
          <IssueItem
            issue="size"
            name="size"
            label={at('lookalike.size')}
            rules={[{ required: true, message: at('codes.required') }]}
          >
            <InputNumber<number>
              min={1}
              max={10_000_000}
              precision={0}
              step={1000}
              style={{ width: '100%' }}
              data-testid="lookalike-size"
            />
          </IssueItem>
          <IssueItem issue="name" name="name" label={at('lookalike.name')}>
            <Input maxLength={80} />
          </IssueItem>
          <OtherIssues shown={(f) => f === 'size' || f === 'name'} />
        </Form>
      </IssuesProvider>
    </Modal>
  );
}
