// 佣金成本: what distribution costs a merchant over a period — commission by creator / promoter and
// by product, platform transaction fees, the service fee inside commissions, subsidies, and what
// the merchant is owed — plus the platform fee policies in force. Operators pick the merchant.
import { Card, Col, Flex, Row, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { FeePolicy, MerchantCommissionReport } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { type Kpi, KpiCards } from '../../components/KpiCards';
import { PageHeader } from '../../components/PageHeader';
import { PeriodPicker, usePeriodDays } from '../../components/PeriodPicker';
import { QueryError } from '../../components/QueryError';
import { formatBp, formatDay, formatFen, formatInstant, formatNumber } from '../../format';
import { MerchantSelect } from '../pricing/MerchantSelect';
import { useDT } from '../distribution/dist-i18n';
import { useFeePolicies, useMerchantReport } from '../distribution/dist-queries';
import { Money, Named } from '../distribution/ui';
import { FeeRates, FeeScope } from './FeePoliciesPage';

type PartyRow = MerchantCommissionReport['byParty'][number];
type ProductRow = MerchantCommissionReport['byProduct'][number];

/** Commission as a share of sales, in basis points (integer division; 0 without sales). */
const shareBp = (commission: number, sales: number) =>
  sales > 0 ? Math.round((commission * 10000) / sales) : 0;

export default function CostPage() {
  const { dt, lang, known } = useDT();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const [params, setParams] = useSearchParams();
  const merchantId = operator ? (params.get('merchant') ?? undefined) : (user.partyId ?? undefined);
  const [days, setDays] = usePeriodDays();
  const now = useMemo(() => new Date(), []);
  const fromDay = formatDay(new Date(now.getTime() - (days - 1) * 86_400_000).toISOString());
  const toDay = formatDay(now.toISOString());
  const from = new Date(`${fromDay}T00:00:00+08:00`).toISOString();
  const report = useMerchantReport({ merchantId, from, top: 20 });
  const fees = useFeePolicies({ status: 'active' });
  const t = report.data?.totals;
  const kpis: Kpi[] = t
    ? [
        { key: 'orders', label: dt('cost.orders'), value: formatNumber(t.orders, lang) },
        { key: 'sales', label: dt('cost.sales'), value: formatFen(t.sales, lang) },
        { key: 'commission', label: dt('cost.commission'), value: formatFen(t.commission, lang) },
        { key: 'transactionFee', label: dt('cost.transactionFee'), value: formatFen(t.transactionFee, lang) },
        { key: 'serviceFee', label: dt('cost.serviceFee'), value: formatFen(t.serviceFeeInCommission, lang) },
        { key: 'subsidy', label: dt('cost.subsidy'), value: formatFen(t.platformSubsidy, lang) },
        { key: 'payable', label: dt('cost.payable'), value: formatFen(t.payable, lang) },
      ]
    : [];
  const money = (v: number) => <Money fen={v} />;
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={dt('cost.title')}
        extra={
          <>
            {operator && (
              <MerchantSelect
                data-testid="cost-merchant"
                placeholder={dt('cost.pickMerchant')}
                value={merchantId}
                onChange={(m) => {
                  const next = new URLSearchParams(params);
                  if (m) next.set('merchant', m);
                  else next.delete('merchant');
                  setParams(next);
                }}
                style={{ width: 240 }}
              />
            )}
            <PeriodPicker days={days} onChange={setDays} from={fromDay} to={toDay} />
          </>
        }
      />
      <Typography.Text type="secondary">{dt('cost.subtitle')}</Typography.Text>
      {report.error ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <KpiCards items={kpis} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={dt('cost.byParty')} styles={{ body: { padding: 0 } }}>
            <Table<PartyRow>
              rowKey={(r) => `${r.partyType}:${r.partyId}`}
              size="small"
              data-testid="cost-by-party"
              loading={report.isFetching}
              dataSource={report.data?.byParty ?? []}
              pagination={false}
              scroll={{ y: 420 }}
              locale={{ emptyText: dt('cost.empty') }}
              columns={[
                {
                  title: dt('common.party'),
                  key: 'party',
                  render: (_: unknown, r) => (
                    <Flex gap={4} align="start">
                      <Tag>{known('partyType', r.partyType)}</Tag>
                      <Named name={r.partyName} id={r.partyId} />
                    </Flex>
                  ),
                },
                {
                  title: dt('common.orders'),
                  dataIndex: 'orders',
                  align: 'right',
                  width: 80,
                  render: (v: number) => formatNumber(v, lang),
                },
                { title: dt('common.sales'), dataIndex: 'sales', align: 'right', width: 120, render: money },
                {
                  title: dt('common.commission'),
                  dataIndex: 'commission',
                  align: 'right',
                  width: 120,
                  render: (v: number) => <Money fen={v} strong />,
                },
                {
                  title: dt('cost.commissionRate'),
                  key: 'rate',
                  align: 'right',
                  width: 110,
                  render: (_: unknown, r) => formatBp(shareBp(r.commission, r.sales)),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={dt('cost.byProduct')} styles={{ body: { padding: 0 } }}>
            <Table<ProductRow>
              rowKey="productId"
              size="small"
              data-testid="cost-by-product"
              loading={report.isFetching}
              dataSource={report.data?.byProduct ?? []}
              pagination={false}
              scroll={{ y: 420 }}
              locale={{ emptyText: dt('cost.empty') }}
              columns={[
                {
                  title: dt('common.product'),
                  key: 'product',
                  render: (_: unknown, r) => <Named name={r.productTitle} id={r.productId} />,
                },
                {
                  title: dt('common.orders'),
                  dataIndex: 'orders',
                  align: 'right',
                  width: 70,
                  render: (v: number) => formatNumber(v, lang),
                },
                {
                  title: dt('common.units'),
                  dataIndex: 'units',
                  align: 'right',
                  width: 70,
                  render: (v: number) => formatNumber(v, lang),
                },
                { title: dt('common.sales'), dataIndex: 'sales', align: 'right', width: 120, render: money },
                {
                  title: dt('common.commission'),
                  dataIndex: 'commission',
                  align: 'right',
                  width: 120,
                  render: (v: number) => <Money fen={v} strong />,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title={dt('cost.feesTitle')} styles={{ body: { padding: 0 } }}>
        <Table<FeePolicy>
          rowKey="id"
          size="small"
          data-testid="cost-fees"
          loading={fees.isFetching}
          dataSource={fees.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: dt('fees.empty') }}
          columns={[
            { title: dt('fees.name'), dataIndex: 'name' },
            {
              title: dt('fees.kind'),
              dataIndex: 'kind',
              width: 130,
              render: (k: FeePolicy['kind']) => dt(`fees.kindLabel.${k}`),
            },
            {
              title: dt('fees.defaultRate'),
              key: 'rates',
              render: (_: unknown, p) => <FeeRates policy={p} />,
            },
            { title: dt('fees.appliesTo'), key: 'scope', render: (_: unknown, p) => <FeeScope policy={p} /> },
            {
              title: dt('common.window'),
              key: 'window',
              width: 170,
              render: (_: unknown, p) => (
                <Flex vertical style={{ whiteSpace: 'nowrap' }}>
                  <span>{formatInstant(p.startsAt)}</span>
                  <Typography.Text type="secondary">
                    {p.endsAt ? formatInstant(p.endsAt) : dt('common.untilEnded')}
                  </Typography.Text>
                </Flex>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
