// 销售预测 (merchants for themselves or one of their stores, creators for themselves, operators for any merchant,
// store, creator or category): daily GMV history and the forecast with 80%/95% bands, the model the seasonal-naive
// guard kept and why, the rolling backtest's MASE against the naive one, next week's total against last week's and
// the uplift of campaign days.
import { Card, Col, Descriptions, Flex, Input, Row, Segmented, Select, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { Pending } from '../../components/QueryError';
import { formatFen, formatFenCompact } from '../../format';
import { useCategories } from '../distribution/dist-queries';
import { useMyStores } from '../live/live-queries';
import { MerchantSelect } from '../pricing/MerchantSelect';
import { changeOf, signedPct } from './an-format';
import { useAT } from './an-i18n';
import { useForecast } from './an-queries';
import type { Forecast, ForecastSubject } from './an-types';
import { ForecastChart } from './ForecastChart';
import { Change, DataCard, Figure, FigureGrid, Num } from './ui';

const HORIZONS = [7, 14, 28] as const;

/** Which subjects a role may forecast, in picker order. */
const SUBJECTS: Record<string, ForecastSubject[]> = {
  operator: ['merchant', 'store', 'creator', 'category'],
  merchant: ['merchant', 'store'],
  creator: ['creator'],
};

export default function ForecastPage() {
  const { at } = useAT();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const allowed = SUBJECTS[user.role] ?? ['merchant'];
  const raw = params.get('subject') as ForecastSubject | null;
  const subject: ForecastSubject = raw && allowed.includes(raw) ? raw : (allowed[0] ?? 'merchant');
  const horizon = HORIZONS.find((h) => String(h) === params.get('horizon')) ?? 14;
  const stores = useMyStores(user.role === 'merchant' && subject === 'store');
  const own = user.partyId ?? undefined;
  const id =
    user.role === 'operator'
      ? (params.get('id') ?? undefined)
      : subject === 'store'
        ? (params.get('id') ?? stores.data?.items[0]?.id)
        : own;
  const set = (patch: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  const query = useForecast({ subject, id, horizon });

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={at('forecast.title')}
        extra={
          <>
            {allowed.length > 1 ? (
              <Segmented
                data-testid="an-forecast-subject"
                value={subject}
                onChange={(v) => set({ subject: String(v), id: undefined })}
                options={allowed.map((s) => ({ value: s, label: at(`forecast.subject.${s}`) }))}
              />
            ) : null}
            <SubjectPicker
              subject={subject}
              id={id}
              onChange={(v) => set({ id: v })}
              stores={stores.data?.items ?? []}
              operator={user.role === 'operator'}
            />
            <Segmented
              data-testid="an-forecast-horizon"
              value={horizon}
              onChange={(v) => set({ horizon: String(v) })}
              options={HORIZONS.map((h) => ({ value: h, label: at('common.days', { count: h }) }))}
            />
          </>
        }
      />
      <Typography.Text type="secondary" style={{ marginTop: -12 }}>
        {at('forecast.subtitle')}
      </Typography.Text>
      {!id ? (
        <Card>
          <Typography.Text type="secondary">{at('forecast.pickSubject')}</Typography.Text>
        </Card>
      ) : !query.data ? (
        <Pending error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ForecastBody data={query.data} />
      )}
    </Flex>
  );
}

function SubjectPicker({
  subject,
  id,
  onChange,
  stores,
  operator,
}: {
  subject: ForecastSubject;
  id: string | undefined;
  onChange: (id: string | undefined) => void;
  stores: { id: string; name: string | null }[];
  operator: boolean;
}) {
  const { at, lang } = useAT();
  const categories = useCategories();
  if (subject === 'store' && !operator)
    return (
      <Select
        style={{ minWidth: 220 }}
        value={id}
        onChange={onChange}
        data-testid="an-forecast-store"
        options={stores.map((s) => ({ value: s.id, label: s.name ?? s.id }))}
      />
    );
  if (!operator) return null;
  if (subject === 'merchant')
    return (
      <MerchantSelect
        data-testid="an-forecast-merchant"
        placeholder={at('common.pickMerchant')}
        value={id}
        onChange={onChange}
        style={{ width: 240 }}
      />
    );
  if (subject === 'category')
    return (
      <Select
        style={{ width: 240 }}
        value={id}
        onChange={onChange}
        placeholder={at('forecast.pickCategory')}
        data-testid="an-forecast-category"
        showSearch={{ optionFilterProp: 'label' }}
        options={(categories.data?.items ?? []).map((c) => ({
          value: c.id,
          label: lang === 'zh' && c.nameZh ? c.nameZh : c.name,
        }))}
      />
    );
  return (
    <Input.Search
      key={subject}
      style={{ width: 240 }}
      defaultValue={id}
      placeholder={at(subject === 'store' ? 'forecast.storeId' : 'forecast.creatorId')}
      enterButton={at('forecast.show')}
      data-testid="an-forecast-id"
      onSearch={(v) => onChange(v.trim() || undefined)}
    />
  );
}

function ForecastBody({ data }: { data: Forecast }) {
  const { at, known, lang } = useAT();
  const nw = data.nextWeek;
  const g = data.guard;
  const b = data.backtest;
  const noHistory = data.history.every((h) => h.value === 0);
  return (
    <Flex vertical gap={16}>
      <FigureGrid min={220}>
        <Figure
          testId="an-next-week"
          label={at('forecast.nextWeek')}
          value={formatFenCompact(nw.value, lang)}
          title={formatFen(nw.value, lang)}
          sub={
            <Flex vertical>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {at('forecast.range80', {
                  lo: formatFenCompact(nw.lo80, lang),
                  hi: formatFenCompact(nw.hi80, lang),
                })}
              </Typography.Text>
              <Change
                value={changeOf(nw.value, nw.previousWeek)}
                label={at('forecast.vsLastWeek', { v: formatFenCompact(nw.previousWeek, lang) })}
              />
            </Flex>
          }
        />
        <Figure
          testId="an-model"
          label={at('forecast.model')}
          value={
            <Tag color={data.model === 'seasonal' ? 'blue' : 'gold'}>
              {at(`forecast.models.${data.model}`)}
            </Tag>
          }
          sub={
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="an-guard-reason">
              {at('forecast.why', { reason: guardReason(at, data) })}
            </Typography.Text>
          }
        />
        <Figure
          testId="an-backtest"
          label={at('forecast.backtest')}
          value={b.mase === null ? '—' : b.mase.toFixed(2)}
          sub={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {at('forecast.backtestSub', {
                naive: b.naiveMase === null ? '—' : b.naiveMase.toFixed(2),
                origins: b.origins,
                horizon: b.horizon,
              })}
            </Typography.Text>
          }
        />
      </FigureGrid>
      <DataCard
        title={at('forecast.chart')}
        testId="an-forecast"
        empty={data.history.length === 0 && data.forecast.length === 0}
      >
        <div data-testid="an-forecast-band" data-band-days={data.forecast.length}>
          {noHistory ? <Typography.Text type="warning">{at('forecast.noHistory')}</Typography.Text> : null}
          <ForecastChart data={data} />
        </div>
      </DataCard>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={at('forecast.guard')}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={at('forecast.modelMase')}>
                {g.modelMase === null ? '—' : g.modelMase.toFixed(3)}
              </Descriptions.Item>
              <Descriptions.Item label={at('forecast.naiveMase')}>
                {g.naiveMase === null ? '—' : g.naiveMase.toFixed(3)}
              </Descriptions.Item>
              <Descriptions.Item label={at('forecast.used')}>
                {at(`forecast.models.${g.used}`)}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
              {at('forecast.maseHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <DataCard
            title={at('forecast.uplift')}
            testId="an-uplift"
            empty={data.campaignUplift.length === 0}
            flush
          >
            <Table
              rowKey="name"
              size="small"
              pagination={false}
              dataSource={data.campaignUplift}
              columns={[
                {
                  title: at('forecast.campaign'),
                  dataIndex: 'name',
                  render: (v: string) => known('forecast.campaigns', v),
                },
                {
                  title: at('forecast.upliftCol'),
                  dataIndex: 'uplift',
                  align: 'right',
                  render: (v: number | null) => <Num>{signedPct(v, 0)}</Num>,
                },
              ]}
            />
          </DataCard>
        </Col>
      </Row>
    </Flex>
  );
}

const GUARD_CODES = [
  'no_sales',
  'short_mean',
  'short_naive',
  'short_backtest',
  'no_scale',
  'model_better',
  'naive_not_beaten',
];

/** The guard's reason in the reader's language (the API's English sentence for a code this console does not know). */
function guardReason(at: ReturnType<typeof useAT>['at'], f: Forecast): string {
  const g = f.guard;
  if (!GUARD_CODES.includes(g.code)) return g.reason;
  return at(`forecast.reasons.${g.code}` as never, {
    n: g.historyDays,
    model: g.modelMase?.toFixed(3) ?? '—',
    naive: g.naiveMase?.toFixed(3) ?? '—',
    origins: f.backtest.origins,
    horizon: f.backtest.horizon,
  });
}
