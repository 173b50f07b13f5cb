// 圈人 (merchants): build or edit an audience. The conditions are nested groups (ExprEditor); the live size is
// asked ~300 ms after each edit once every condition is filled in, and a refusal shows beside the condition it
// concerns. Saving takes the first snapshot (or a new one when the definition changed).
import { ArrowLeftOutlined, BarChartOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Drawer,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Spin,
  Statistic,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { Pending } from '../../components/QueryError';
import { formatNumber } from '../../format';
import { useMyStores } from '../live/live-queries';
import { issuePath, leafCount, localIssues, nearestPath, pathKey, rootGroup, shareText } from './aud-format';
import { useAT } from './aud-i18n';
import { AUD_KEY, useAudience, useAudiences, useLiveSize, useTagCatalog } from './aud-queries';
import {
  type Audience,
  type Expr,
  type GroupExpr,
  type Refresh,
  TIER_KINDS,
  type TierKind,
} from './aud-types';
import { ExprEditor } from './ExprEditor';
import { InsightPanel } from './InsightPanel';
import { IssueItem, IssuesProvider, OtherIssues, useAudAction, useIssueText } from './ui';
import { useDebounced } from './use-debounced';

export default function BuilderPage() {
  const { id } = useParams();
  const query = useAudience(id);
  const [params] = useSearchParams();
  const { at } = useAT();
  if (id && !query.data)
    return (
      <>
        <PageHeader title={at('builder.titleEdit', { name: '' })} />
        <Pending error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  // A store tier handed over by the visitors page: ?store=…&tier=…
  const store = params.get('store');
  const tier = params.get('tier') as TierKind | null;
  const start: Expr | null =
    store && tier && (TIER_KINDS as readonly string[]).includes(tier) ? { tier: { store, tier } } : null;
  return (
    <Builder
      key={query.data ? `${query.data.id}:${query.data.version}` : 'new'}
      audience={query.data}
      start={start}
    />
  );
}

interface Values {
  name: string;
  description?: string;
  refresh: Refresh;
}

function Builder({ audience, start }: { audience: Audience | undefined; start: Expr | null }) {
  const { at, lang } = useAT();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const merchantId = user.partyId ?? undefined;
  const [form] = Form.useForm<Values>();
  const [expr, setExpr] = useState<GroupExpr>(() => rootGroup(audience?.expression ?? start));
  const [previewing, setPreviewing] = useState<GroupExpr | null>(null);
  const catalog = useTagCatalog();
  const stores = useMyStores(true);
  const saved = useAudiences({ merchantId, limit: 100, offset: 0 });
  const issueText = useIssueText();

  // Ask the size only for a finished expression, once editing pauses.
  const local = useMemo(() => localIssues(expr), [expr]);
  const ready = local.length === 0 && leafCount(expr) > 0;
  const settled = useDebounced(ready ? expr : null, 300);
  const size = useLiveSize(merchantId, settled);
  const stale = settled !== (ready ? expr : null);

  const save = useAudAction<Audience>((a) => navigate(`/audiences/${encodeURIComponent(a.id)}`));
  const sizeIssues = size.error instanceof ApiError ? size.error.issues : [];
  const exprIssues = [...sizeIssues, ...save.issues].filter((i) => issuePath(i.field) !== null);

  const issues = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const i of exprIssues) {
      const k = pathKey(nearestPath(expr, issuePath(i.field) ?? []));
      m.set(k, [...(m.get(k) ?? []), issueText(i)]);
    }
    return m;
  }, [exprIssues, expr, issueText]);
  const hints = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const i of local) {
      const k = pathKey(i.path);
      m.set(k, [...(m.get(k) ?? []), at(`local.${i.code}`)]);
    }
    return m;
  }, [local, at]);

  const submit = (v: Values) => {
    const body = {
      name: v.name.trim(),
      description: v.description?.trim() || undefined,
      refresh: v.refresh,
      expression: expr,
    };
    if (audience)
      save.mutate(
        {
          path: `/v1/audiences/${encodeURIComponent(audience.id)}`,
          method: 'PATCH',
          body: { ...body, description: body.description ?? null, version: audience.version },
          success: () => at('builder.saved'),
        },
        {
          onError: (e) => {
            if (e instanceof ApiError && e.status === 409) {
              void message.warning(at('builder.stale'));
              void queryClient.invalidateQueries({ queryKey: AUD_KEY });
            }
          },
        },
      );
    else
      save.mutate({
        path: '/v1/audiences',
        body: { merchantId, ...body },
        success: (a) => at('builder.created', { size: formatNumber(a.size, lang) }),
      });
  };

  const title = audience ? at('builder.titleEdit', { name: audience.name }) : at('builder.titleNew');
  const back = audience ? `/audiences/${encodeURIComponent(audience.id)}` : '/audiences';
  return (
    <IssuesProvider issues={save.issues.filter((i) => issuePath(i.field) === null)}>
      <PageHeader
        title={
          <Flex align="center" gap={8}>
            <Link to={back} aria-label={at('common.back')}>
              <ArrowLeftOutlined />
            </Link>
            {title}
          </Flex>
        }
      />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          name: audience?.name ?? '',
          description: audience?.description ?? '',
          refresh: audience?.refresh ?? 'daily',
        }}
        onFinish={submit}
        data-testid="builder-form"
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={17}>
            <Flex vertical gap={16}>
              <Card size="small">
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <IssueItem
                      issue="name"
                      name="name"
                      label={at('builder.name')}
                      rules={[{ required: true, whitespace: true, message: at('codes.required') }]}
                    >
                      <Input
                        maxLength={80}
                        placeholder={at('builder.namePlaceholder')}
                        data-testid="aud-name"
                      />
                    </IssueItem>
                  </Col>
                  <Col xs={24} md={12}>
                    <IssueItem
                      issue="refresh"
                      name="refresh"
                      label={at('builder.refresh')}
                      extra={at('builder.refreshHint')}
                    >
                      <Radio.Group
                        optionType="button"
                        options={[
                          { value: 'daily', label: at('refresh.daily') },
                          { value: 'manual', label: at('refresh.manual') },
                        ]}
                      />
                    </IssueItem>
                  </Col>
                  <Col span={24}>
                    <IssueItem
                      issue="description"
                      name="description"
                      label={at('builder.description')}
                      style={{ marginBottom: 4 }}
                    >
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} />
                    </IssueItem>
                  </Col>
                </Row>
              </Card>
              <Card size="small" title={at('builder.conditions')} data-testid="conditions">
                {expr.args.length === 0 ? (
                  <Typography.Paragraph type="secondary">{at('builder.empty')}</Typography.Paragraph>
                ) : null}
                <ExprEditor
                  value={expr}
                  onChange={(e) => {
                    setExpr(e);
                    if (save.issues.length) save.setIssues([]);
                  }}
                  catalog={catalog.data}
                  stores={stores.data?.items ?? []}
                  audiences={(saved.data?.items ?? []).filter((a) => a.id !== audience?.id)}
                  issues={issues}
                  hints={hints}
                />
              </Card>
            </Flex>
          </Col>
          <Col xs={24} xl={7}>
            <Card size="small" style={{ position: 'sticky', top: 16 }} data-testid="live-size-card">
              <LiveSize
                state={
                  !ready
                    ? 'incomplete'
                    : size.isError
                      ? 'error'
                      : stale || size.isFetching || !size.data
                        ? 'counting'
                        : 'ready'
                }
                size={size.data?.size}
                universe={size.data?.universe}
                ms={size.data?.ms}
                error={
                  size.error && !(size.error instanceof ApiError && size.error.issues.length)
                    ? size.error instanceof ApiError
                      ? (size.error.detail ?? size.error.title)
                      : String(size.error)
                    : null
                }
              />
              <OtherIssues shown={(f) => ['name', 'refresh', 'description'].includes(f)} />
              <Button
                block
                icon={<BarChartOutlined />}
                style={{ marginTop: 16 }}
                disabled={!ready || !settled}
                onClick={() => setPreviewing(settled)}
                data-testid="aud-preview"
              >
                {at('builder.preview')}
              </Button>
              <Button
                type="primary"
                htmlType="submit"
                block
                style={{ marginTop: 8 }}
                loading={save.isPending}
                disabled={!ready}
                data-testid="aud-save"
              >
                {at('builder.save')}
              </Button>
            </Card>
          </Col>
        </Row>
      </Form>
      <Drawer
        open={previewing !== null}
        onClose={() => setPreviewing(null)}
        size={1080}
        title={at('builder.preview')}
        destroyOnHidden
      >
        {previewing ? (
          <InsightPanel preview={{ merchantId, expression: previewing }} bordered={false} />
        ) : null}
      </Drawer>
    </IssuesProvider>
  );
}

function LiveSize({
  state,
  size,
  universe,
  ms,
  error,
}: {
  state: 'incomplete' | 'counting' | 'ready' | 'error';
  size: number | undefined;
  universe: number | undefined;
  ms: number | undefined;
  error: string | null;
}) {
  const { at, lang } = useAT();
  const shown = state === 'ready' || state === 'counting' ? size : undefined;
  return (
    <div data-testid="live-size" data-state={state} data-size={state === 'ready' ? size : undefined}>
      <Statistic
        title={
          <Flex justify="space-between" align="center">
            <span>{at('builder.live')}</span>
            {state === 'counting' ? <Spin size="small" /> : null}
          </Flex>
        }
        value={shown === undefined ? '—' : formatNumber(shown, lang)}
        valueStyle={{ fontVariantNumeric: 'tabular-nums', opacity: state === 'counting' ? 0.55 : 1 }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {state === 'incomplete'
          ? at('builder.incomplete')
          : state === 'error'
            ? (error ?? at('common.refused'))
            : shown !== undefined && universe
              ? `${at('builder.ofUniverse', { universe: formatNumber(universe, lang), share: shareText(shown / universe) })}${
                  ms !== undefined && state === 'ready' ? ` · ${at('builder.ms', { ms })}` : ''
                }`
              : at('builder.liveHint')}
      </Typography.Text>
    </div>
  );
}
