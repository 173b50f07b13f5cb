// 佣金结算 (operators): run a month's settlement and read its result; look up any party's or
// merchant's statements, download them and pay settled ones out.
import { useMutation } from '@tanstack/react-query';
import { Button, Card, DatePicker, Descriptions, Flex, Input, Popconfirm, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import type { SettlementResult } from '../../api-types';
import { PageHeader } from '../../components/PageHeader';
import { formatInstant, formatNumber } from '../../format';
import { useDT } from '../distribution/dist-i18n';
import { StatementsTable } from './StatementsTable';

const TYPES = ['creator', 'agency', 'promoter', 'merchant'] as const;

export default function SettlementPage() {
  const { dt, lang } = useDT();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, 'month'));
  const run = useMutation({
    mutationFn: (m: string) =>
      api<SettlementResult>('/v1/commissions/settlements', { method: 'POST', body: { month: m } }),
  });
  const [params, setParams] = useSearchParams();
  const partyType = (TYPES as readonly string[]).includes(params.get('type') ?? '')
    ? (params.get('type') as string)
    : 'creator';
  const partyId = params.get('party') ?? undefined;
  const [typed, setTyped] = useState(partyId ?? '');
  const r = run.data;
  return (
    <Flex vertical gap={16}>
      <PageHeader title={dt('settlement.title')} />
      <Card title={dt('settlement.runTitle')}>
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{dt('settlement.runHint')}</Typography.Text>
          <Flex gap={12} align="center" wrap>
            <DatePicker
              picker="month"
              allowClear={false}
              value={month}
              onChange={(d) => d && setMonth(d)}
              data-testid="settle-month"
            />
            <Popconfirm
              title={dt('settlement.runConfirm', { month: month.format('YYYY-MM') })}
              onConfirm={() => run.mutate(month.format('YYYY-MM'))}
            >
              <Button type="primary" loading={run.isPending} data-testid="settle-run">
                {dt('settlement.run')}
              </Button>
            </Popconfirm>
          </Flex>
          {r && (
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, md: 2 }}
              title={dt('settlement.result', { month: r.month })}
              data-testid="settle-result"
            >
              <Descriptions.Item label={dt('settlement.cutoff')}>{formatInstant(r.cutoff)}</Descriptions.Item>
              <Descriptions.Item label={dt('settlement.statements')}>
                {formatNumber(r.statements, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={dt('settlement.settledNow')}>
                {formatNumber(r.settledNow, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={dt('settlement.lines')}>
                {formatNumber(r.lines, lang)}
              </Descriptions.Item>
            </Descriptions>
          )}
        </Flex>
      </Card>
      <Card title={dt('settlement.statementsTitle')}>
        <Flex vertical gap={12}>
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{dt('statements.lookup')}</Typography.Text>
            <Select
              value={partyType}
              onChange={(v: string) => {
                const next = new URLSearchParams(params);
                next.set('type', v);
                setParams(next);
              }}
              options={TYPES.map((x) => ({ value: x, label: dt(`partyType.${x}`) }))}
              style={{ width: 120 }}
            />
            <Input.Search
              placeholder={dt('statements.partyId')}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onSearch={(v) => {
                const next = new URLSearchParams(params);
                next.set('type', partyType);
                if (v.trim()) next.set('party', v.trim());
                else next.delete('party');
                setParams(next);
              }}
              style={{ width: 220 }}
              data-testid="statements-party"
            />
          </Flex>
          {partyId && <StatementsTable partyType={partyType} partyId={partyId} canPay />}
        </Flex>
      </Card>
    </Flex>
  );
}
