// 标签目录 (operators): the tag store's build (number, time, users, tags, last build time) with "Rebuild now", the
// privacy threshold (smallest insight cell merchants may see; the server's refusal shows beside the field), and
// every catalog group with its values and user counts.
import { ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  InputNumber,
  Progress,
  Row,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PageHeader } from '../../components/PageHeader';
import { Pending } from '../../components/QueryError';
import { formatInstant, formatNumber } from '../../format';
import { labelIn } from './aud-format';
import { useAT } from './aud-i18n';
import { useAudSettings, useBuildStatus, useTagCatalog } from './aud-queries';
import type { AudSettings, BuildStats, TagGroup, TagValue } from './aud-types';
import { useGroupLabel } from './ExprEditor';
import { IssueItem, IssuesProvider, Num, OtherIssues, useAudAction } from './ui';

export default function TagCatalogPage() {
  const { at } = useAT();
  return (
    <Flex vertical gap={16}>
      <PageHeader title={at('catalog.title')} />
      <Typography.Text type="secondary" style={{ marginTop: -16 }}>
        {at('catalog.subtitle')}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <BuildCard />
        </Col>
        <Col xs={24} xl={9}>
          <PrivacyCard />
        </Col>
      </Row>
      <Groups />
    </Flex>
  );
}

function BuildCard() {
  const { at, lang } = useAT();
  const status = useBuildStatus();
  const rebuild = useAudAction<BuildStats>();
  const s = status.data;
  return (
    <Card
      title={at('catalog.status')}
      size="small"
      style={{ height: '100%' }}
      data-testid="build-status"
      extra={
        <Button
          icon={<ReloadOutlined />}
          loading={rebuild.isPending}
          data-testid="rebuild"
          onClick={() =>
            rebuild.mutate({
              path: '/v1/audiences/rebuild',
              success: (b) =>
                at('catalog.rebuilt', {
                  build: b.build,
                  users: formatNumber(b.users, lang),
                  tags: formatNumber(b.tags, lang),
                  ms: formatNumber(b.ms, lang),
                }),
            })
          }
        >
          {at('catalog.rebuild')}
        </Button>
      }
    >
      {!s ? (
        <Pending error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={at('catalog.build')}>
            <Num testId="status-build">{s.build ? `#${s.build}` : at('catalog.never')}</Num>
          </Descriptions.Item>
          <Descriptions.Item label={at('catalog.builtAt')}>
            <Num>{s.builtAt ? formatInstant(s.builtAt) : at('common.none')}</Num>
          </Descriptions.Item>
          <Descriptions.Item label={at('catalog.asOf')}>
            <Num>{s.asOf ?? at('common.none')}</Num>
          </Descriptions.Item>
          <Descriptions.Item label={at('catalog.users')}>
            <Num testId="status-users">{formatNumber(s.users, lang)}</Num>
          </Descriptions.Item>
          <Descriptions.Item label={at('catalog.tags')}>
            <Num testId="status-tags">{formatNumber(s.tags, lang)}</Num>
          </Descriptions.Item>
          <Descriptions.Item label={at('catalog.lastBuildMs')}>
            <Num testId="status-ms">
              {s.lastBuildMs === null ? at('common.none') : `${formatNumber(s.lastBuildMs, lang)} ms`}
            </Num>
          </Descriptions.Item>
          <Descriptions.Item label={at('catalog.profiles')}>
            <Num>{formatNumber(s.profiles, lang)}</Num>
          </Descriptions.Item>
          {s.pendingDeltas !== undefined ? (
            <Descriptions.Item label={at('catalog.pending')}>
              <Num>{formatNumber(s.pendingDeltas, lang)}</Num>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      )}
    </Card>
  );
}

function PrivacyCard() {
  const { at } = useAT();
  const settings = useAudSettings();
  return (
    <Card title={at('catalog.privacy')} size="small" style={{ height: '100%' }} data-testid="privacy">
      {settings.data ? (
        <PrivacyForm key={settings.data.minCell} value={settings.data} />
      ) : (
        <Pending error={settings.error} onRetry={() => void settings.refetch()} />
      )}
    </Card>
  );
}

function PrivacyForm({ value }: { value: AudSettings }) {
  const { at } = useAT();
  const [form] = Form.useForm<AudSettings>();
  const save = useAudAction<AudSettings>();
  // A schema refusal reads "must be >= 10": the console says the range in the reader's language.
  const issues = save.issues.map((i) => (i.field === 'minCell' ? { ...i, code: 'min_cell_range' } : i));
  return (
    <IssuesProvider issues={issues}>
      <Form<AudSettings>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={value}
        onValuesChange={() => save.issues.length && save.setIssues([])}
        onFinish={(v) =>
          save.mutate({
            path: '/v1/audiences/settings',
            method: 'PUT',
            body: { minCell: v.minCell },
            success: () => at('catalog.saved'),
          })
        }
      >
        <Flex gap={8} align="flex-start">
          <IssueItem
            issue="minCell"
            name="minCell"
            label={at('catalog.minCell')}
            extra={at('catalog.minCellHint')}
            style={{ flex: 1, marginBottom: 0 }}
          >
            <InputNumber<number> precision={0} style={{ width: '100%' }} data-testid="min-cell" />
          </IssueItem>
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            style={{ marginTop: 30 }}
            data-testid="min-cell-save"
          >
            {at('common.save')}
          </Button>
        </Flex>
        <OtherIssues shown={(f) => f === 'minCell'} />
      </Form>
    </IssuesProvider>
  );
}

function Groups() {
  const { at, lang } = useAT();
  const groupLabel = useGroupLabel();
  const catalog = useTagCatalog();
  const c = catalog.data;
  if (!c) return <Pending error={catalog.error} onRetry={() => void catalog.refetch()} />;
  const columns: ColumnsType<TagGroup> = [
    {
      title: at('catalog.group'),
      key: 'group',
      render: (_, g) => (
        <Flex gap={8} align="center">
          <Typography.Text strong>{groupLabel(g)}</Typography.Text>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {g.key}
          </Typography.Text>
          {g.dimension ? <Tag color="blue">{at('catalog.dimension')}</Tag> : null}
        </Flex>
      ),
    },
    {
      title: at('catalog.valueCount'),
      key: 'values',
      width: 140,
      align: 'right',
      render: (_, g) => <Num testId={`group-values-${g.key}`}>{formatNumber(g.values.length, lang)}</Num>,
    },
    {
      title: at('catalog.largest'),
      key: 'users',
      width: 160,
      align: 'right',
      render: (_, g) => (
        <Num>
          {formatNumber(
            g.values.reduce((n, v) => Math.max(n, v.users), 0),
            lang,
          )}
        </Num>
      ),
    },
  ];
  const valueColumns: ColumnsType<TagValue> = [
    { title: at('catalog.tag'), key: 'label', render: (_, v) => labelIn(v, lang), width: '34%' },
    {
      title: at('catalog.key'),
      dataIndex: 'key',
      width: '26%',
      render: (k: string) => (
        <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
          {k}
        </Typography.Text>
      ),
    },
    {
      title: at('catalog.count'),
      dataIndex: 'users',
      render: (n: number, v) => (
        <Flex gap={12} align="center" data-testid={`tag-users-${v.key}`} data-users={n}>
          <Progress
            percent={c.users ? (n / c.users) * 100 : 0}
            showInfo={false}
            size="small"
            style={{ flex: 1, margin: 0, minWidth: 80 }}
          />
          <Num>{formatNumber(n, lang)}</Num>
        </Flex>
      ),
    },
  ];
  return (
    <Card
      title={at('catalog.groups')}
      size="small"
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {at('catalog.version')} {c.catalogVersion} · {at('common.build', { build: c.build })}
          {c.asOf ? ` · ${at('common.asOf', { day: c.asOf })}` : ''}
        </Typography.Text>
      }
    >
      <Table<TagGroup>
        rowKey="key"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={c.groups}
        data-testid="catalog-groups"
        onRow={(g) => ({ 'data-testid': `group-row-${g.key}` }) as never}
        expandable={{
          expandRowByClick: true,
          expandedRowRender: (g) => (
            <Table<TagValue>
              rowKey="key"
              size="small"
              pagination={g.values.length > 20 ? { pageSize: 20, size: 'small' } : false}
              columns={valueColumns}
              dataSource={g.values}
            />
          ),
        }}
      />
    </Card>
  );
}
