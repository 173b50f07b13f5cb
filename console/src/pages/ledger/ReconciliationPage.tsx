// 对账 (operators): for one order, where every fen the buyer paid went — merchant, creator,
// promoter, agency, team leader, platform (fees less subsidy) and refunds — with a clear OK or
// mismatch marker, and the order's ledger postings; below, the whole ledger's balance check.
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Row,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { LedgerCheck, Reconciliation } from '../../api-types';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatFen, formatNumber } from '../../format';
import { useDT } from '../distribution/dist-i18n';
import { useLedgerCheck, useReconciliation } from '../distribution/dist-queries';
import { reconOk, reconSum } from '../distribution/logic';
import { Money } from '../distribution/ui';

export function OkMark({
  ok,
  okText,
  badText,
  testId,
}: {
  ok: boolean;
  okText: string;
  badText: string;
  testId: string;
}) {
  return (
    <Tag
      color={ok ? 'success' : 'error'}
      icon={ok ? <CheckCircleFilled /> : <CloseCircleFilled />}
      data-testid={testId}
      data-ok={ok ? 'true' : 'false'}
      style={{ fontSize: 14, padding: '2px 10px' }}
    >
      {ok ? okText : badText}
    </Tag>
  );
}

export default function ReconciliationPage() {
  const { dt } = useDT();
  const [params, setParams] = useSearchParams();
  const orderId = params.get('order') ?? undefined;
  const [typed, setTyped] = useState(orderId ?? '');
  const recon = useReconciliation(orderId);
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={dt('recon.title')}
        extra={
          <Input.Search
            data-testid="recon-order"
            placeholder={dt('recon.orderId')}
            enterButton={dt('recon.check')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(v) => {
              const next = new URLSearchParams(params);
              if (v.trim()) next.set('order', v.trim());
              else next.delete('order');
              setParams(next);
            }}
            style={{ width: 340 }}
          />
        }
      />
      {!orderId ? (
        <Card>
          <Empty description={dt('recon.enterOrder')} />
        </Card>
      ) : recon.error ? (
        <QueryError error={recon.error} onRetry={() => void recon.refetch()} />
      ) : recon.data ? (
        <OrderRecon r={recon.data} />
      ) : (
        <Card loading />
      )}
      <LedgerCheckCard />
    </Flex>
  );
}

function OrderRecon({ r }: { r: Reconciliation }) {
  const { dt, lang, known } = useDT();
  const sum = reconSum(r);
  const ok = reconOk(r);
  const rows: { key: string; label: string; amount: number; note?: string }[] = [
    { key: 'merchant', label: dt('recon.merchant'), amount: r.merchant },
    { key: 'creator', label: dt('recon.creator'), amount: r.creator },
    { key: 'promoter', label: dt('recon.promoter'), amount: r.promoter },
    { key: 'agency', label: dt('recon.agency'), amount: r.agency },
    { key: 'leader', label: dt('recon.leader'), amount: r.leader },
    {
      key: 'platform',
      label: dt('recon.platform'),
      amount: r.platform.net,
      note: dt('recon.platformDetail', {
        service: formatFen(r.platform.serviceFee, lang),
        transaction: formatFen(r.platform.transactionFee, lang),
        subsidy: formatFen(r.platform.subsidy, lang),
      }),
    },
    { key: 'refunds', label: dt('recon.refunds'), amount: r.refunds },
  ];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card
          title={
            <Flex vertical style={{ padding: '12px 0' }}>
              <span>{dt('recon.orderTitle', { id: r.orderId })}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                {dt('recon.orderSubtitle')}
              </Typography.Text>
            </Flex>
          }
          extra={
            <OkMark ok={ok} okText={dt('recon.ok')} badText={dt('recon.mismatch')} testId="recon-status" />
          }
          data-testid="recon-card"
        >
          <Table
            rowKey="key"
            size="small"
            showHeader={false}
            pagination={false}
            dataSource={rows}
            data-testid="recon-table"
            columns={[
              {
                title: '',
                key: 'label',
                render: (_: unknown, x) => (
                  <Flex vertical>
                    <span>{x.label}</span>
                    {x.note && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {x.note}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              {
                title: '',
                dataIndex: 'amount',
                align: 'right',
                width: 160,
                render: (v: number, x) => <Money fen={v} testId={`recon-${x.key}`} />,
              },
            ]}
            summary={() => (
              <>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{dt('recon.sum')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Money fen={sum} strong testId="recon-sum" />
                  </Table.Summary.Cell>
                </Table.Summary.Row>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{dt('recon.buyerPaid')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Money fen={r.buyerPaid} strong testId="recon-buyer-paid" />
                  </Table.Summary.Cell>
                </Table.Summary.Row>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>{dt('recon.difference')}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Typography.Text
                      type={sum === r.buyerPaid ? 'success' : 'danger'}
                      strong
                      data-testid="recon-diff"
                    >
                      {formatFen(r.buyerPaid - sum, lang)}
                    </Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card
          title={dt('recon.ledgerTitle')}
          extra={
            <OkMark
              ok={r.ledgerMatches}
              okText={dt('recon.ledgerOk')}
              badText={dt('recon.ledgerMismatch')}
              testId="recon-ledger-status"
            />
          }
        >
          <Flex vertical gap={8}>
            <Typography.Text type="secondary">
              {dt('recon.ledgerState', { state: known('recon.states', r.ledgerState) })}
            </Typography.Text>
            <Table
              rowKey="account"
              size="small"
              pagination={false}
              dataSource={r.ledger}
              scroll={{ x: 'max-content' }}
              data-testid="recon-ledger"
              columns={[
                {
                  title: dt('recon.account'),
                  dataIndex: 'account',
                  render: (v: string) => (
                    <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                      {v}
                    </Typography.Text>
                  ),
                },
                {
                  title: dt('recon.amount'),
                  dataIndex: 'amount',
                  align: 'right',
                  width: 140,
                  render: (v: number) => <Money fen={v} />,
                },
              ]}
              summary={(data) => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>
                      {dt('recon.ledgerSum', { count: formatNumber(data.length, lang) })}
                    </Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Money fen={data.reduce((s, x) => s + x.amount, 0)} strong />
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </Flex>
        </Card>
      </Col>
    </Row>
  );
}

function LedgerCheckCard() {
  const { dt, lang } = useDT();
  const [asked, setAsked] = useState(false);
  const check = useLedgerCheck(asked);
  const c: LedgerCheck | undefined = check.data;
  return (
    <Card
      title={dt('recon.checkTitle')}
      extra={
        <Button
          onClick={() => (asked ? void check.refetch() : setAsked(true))}
          loading={check.isFetching}
          data-testid="ledger-check-run"
        >
          {dt('recon.runCheck')}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{dt('recon.checkHint')}</Typography.Text>
        {check.error && <QueryError error={check.error} />}
        {c && (
          <Flex vertical gap={12} data-testid="ledger-check">
            <Alert
              type={c.ok ? 'success' : 'error'}
              showIcon
              title={c.ok ? dt('recon.checkOk') : dt('recon.checkBad')}
              data-testid="ledger-check-status"
              data-ok={c.ok ? 'true' : 'false'}
            />
            <Row gutter={16}>
              <Col span={6}>
                <Statistic title={dt('recon.accounts')} value={formatNumber(c.accounts, lang)} />
              </Col>
              <Col span={6}>
                <Statistic title={dt('recon.totalPosted')} value={formatFen(c.totals.posted, lang)} />
              </Col>
              <Col span={6}>
                <Statistic title={dt('recon.totalPending')} value={formatFen(c.totals.pending, lang)} />
              </Col>
              <Col span={6}>
                <Statistic title={dt('recon.mismatches')} value={formatNumber(c.mismatches.length, lang)} />
              </Col>
            </Row>
            {c.mismatches.length > 0 && (
              <Table
                rowKey="account"
                size="small"
                pagination={false}
                dataSource={c.mismatches}
                columns={[
                  { title: dt('recon.account'), dataIndex: 'account' },
                  {
                    title: dt('recon.cached'),
                    key: 'cached',
                    align: 'right',
                    render: (_: unknown, m) =>
                      `${formatFen(m.cached.posted, lang)} / ${formatFen(m.cached.pending, lang)}`,
                  },
                  {
                    title: dt('recon.recomputed'),
                    key: 'recomputed',
                    align: 'right',
                    render: (_: unknown, m) =>
                      `${formatFen(m.recomputed.posted, lang)} / ${formatFen(m.recomputed.pending, lang)}`,
                  },
                ]}
              />
            )}
            {c.unbalanced.length > 0 && (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={dt('recon.unbalanced')}>
                  {c.unbalanced.join(', ')}
                </Descriptions.Item>
              </Descriptions>
            )}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
