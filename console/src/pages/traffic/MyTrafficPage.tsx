// 我的流量 (merchants): the exposures the merchant's stores got over a period, by scene and by source
// (programs against organic ranking), a card per program they take part in (protection, the Chuanliu
// account, budget shares, race prizes) and the campaign budgets still open for enrolment.
import { Card, Col, Empty, Flex, Row, Typography } from 'antd';
import { useAuth } from '../../auth/auth-context';
import { type Kpi, KpiCards } from '../../components/KpiCards';
import { PageHeader } from '../../components/PageHeader';
import { PeriodPicker, usePeriodDays } from '../../components/PeriodPicker';
import { Pending } from '../../components/QueryError';
import { ExposureChart } from './ExposureChart';
import { BudgetJoinCard, ProgramCard } from './MerchantProgramCards';
import {
  budgetState,
  businessToday,
  exposuresCompact,
  exposuresText,
  lastDays,
  percent,
  shareOf,
  summarize,
} from './traffic-format';
import { useTT } from './traffic-i18n';
import { useMerchantTraffic, useMyStores } from './traffic-queries';

export default function MyTrafficPage() {
  const { tt, lang } = useTT();
  const { user } = useAuth();
  const merchantId = user.partyId ?? '';
  const [days, setDays] = usePeriodDays();
  const { from, to } = lastDays(days);
  const today = businessToday();
  const query = useMerchantTraffic(merchantId, from, to);
  const storesQuery = useMyStores(!!merchantId);
  const stores = (storesQuery.data?.items ?? []).map((s) => ({ id: s.id, name: s.name }));
  const data = query.data;

  const header = (
    <PageHeader
      title={tt('mine.title')}
      extra={<PeriodPicker days={days} onChange={setDays} from={data?.from ?? from} to={data?.to ?? to} />}
    />
  );
  if (query.error || !data)
    return (
      <>
        {header}
        <Pending error={query.error} onRetry={() => void query.refetch()} />
      </>
    );

  const s = summarize(data.exposures);
  const totals = new Map(data.programs.map((t) => [t.programId, t]));
  const mine = data.participation
    .map((e) => ({ ...e, participants: e.participants.filter((p) => p.status !== 'removed') }))
    .filter((e) => e.participants.length > 0);
  const joinable = data.participation.filter(
    (e) => e.program.kind === 'budget' && budgetState(e.program, e.participants, today).state === 'joinable',
  );
  const kpis: Kpi[] = [
    {
      key: 'total',
      label: tt('mine.total'),
      value: exposuresCompact(s.total, lang),
      full: exposuresText(s.total, lang),
    },
    {
      key: 'programs',
      label: tt('mine.programs'),
      value: `${exposuresCompact(s.programs, lang)} · ${percent(shareOf(s.programs, s.total))}`,
      full: exposuresText(s.programs, lang),
    },
    {
      key: 'organic',
      label: tt('mine.organic'),
      value: exposuresCompact(s.organic, lang),
      full: exposuresText(s.organic, lang),
    },
    { key: 'joined', label: tt('mine.joined'), value: String(mine.length) },
  ];

  return (
    <Flex vertical gap={16}>
      {header}
      <KpiCards items={kpis} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={tt('mine.byScene')} style={{ height: '100%' }}>
            <ExposureChart
              rows={data.exposures}
              from={data.from}
              to={data.to}
              by="scene"
              data-testid="scene-chart"
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={tt('mine.bySource')} style={{ height: '100%' }}>
            <ExposureChart
              rows={data.exposures}
              from={data.from}
              to={data.to}
              by="source"
              data-testid="source-chart"
            />
          </Card>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {tt('mine.myPrograms')}
      </Typography.Title>
      {mine.length === 0 ? (
        <Card>
          <Empty description={tt('mine.none')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]} data-testid="my-programs">
          {mine.map((e) => (
            <Col key={e.program.id} xs={24} xl={12}>
              <ProgramCard
                program={e.program}
                participants={e.participants}
                totals={totals.get(e.program.id)}
                stores={stores}
                today={today}
              />
            </Col>
          ))}
        </Row>
      )}
      <Typography.Title level={5} style={{ margin: 0 }}>
        {tt('mine.joinable')}
      </Typography.Title>
      {joinable.length === 0 ? (
        <Card>
          <Empty description={tt('mine.noneJoinable')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]} data-testid="joinable">
          {joinable.map((e) => (
            <Col key={e.program.id} xs={24} md={12} xl={8}>
              <BudgetJoinCard program={e.program} stores={stores} />
            </Col>
          ))}
        </Row>
      )}
    </Flex>
  );
}
