// The cards of a merchant's traffic page: one per program the merchant's stores take part in (protection
// status, the Chuanliu quota account, a budget share, race prizes; today's line against what was delivered),
// and one per campaign budget still open for enrolment, with the Enrol button.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Popconfirm,
  Progress,
  Select,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { ApiError, api } from '../../api';
import { QueryError } from '../../components/QueryError';
import { formatDay, formatFen } from '../../format';
import {
  budgetState,
  exposuresText,
  issueText,
  programName,
  protectedUntil,
  shareOf,
} from './traffic-format';
import { useTT } from './traffic-i18n';
import { TRAFFIC_KEY, useCategoryName, useQuotaAccount } from './traffic-queries';
import type { BudgetParams, Participant, Program, ProgramTotals, QuotaAccount } from './traffic-types';
import { Exp, KindTag, Muted, ParticipantTag } from './ui';

export interface StoreRef {
  id: string;
  name: string | null;
}

const storeLabel = (s: { id: string; name: string | null }) => (s.name ? `${s.name} (${s.id})` : s.id);

/** Got against due as "1,234 / 2,000" with a bar. */
function Against({ got, due, testId }: { got: number; due: number; testId?: string }) {
  const { lang } = useTT();
  return (
    <Flex vertical gap={0} style={{ minWidth: 160 }} data-testid={testId}>
      <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
        <Typography.Text strong>{exposuresText(got, lang)}</Typography.Text> / {exposuresText(due, lang)}
      </span>
      <Progress
        percent={Math.round(shareOf(got, due) * 100)}
        size="small"
        status={due > 0 && got >= 0.98 * due ? 'success' : 'normal'}
      />
    </Flex>
  );
}

/** Today's line of a participant: what counts toward it (protection: organic too) against its target. */
function TodayLine({ program, p }: { program: Program; p: Participant }) {
  const { tt } = useTT();
  if (!p.today) return <Muted>{tt('mine.noToday')}</Muted>;
  const got = p.today.delivered + (program.kind === 'protection' ? p.today.organic : 0);
  return <Against got={got} due={p.today.target} testId="today-line" />;
}

function PeriodLine({ totals }: { totals: ProgramTotals | undefined }) {
  const { tt, lang } = useTT();
  if (!totals) return null;
  return (
    <Typography.Text type="secondary" data-testid="period-line">
      {tt('mine.period')}:{' '}
      {tt('mine.periodLine', {
        delivered: exposuresText(totals.delivered + totals.organic, lang),
        target: exposuresText(totals.target, lang),
        met: totals.daysMet,
        days: totals.participantDays,
      })}
    </Typography.Text>
  );
}

function CardTitle({ program }: { program: Program }) {
  const { lang } = useTT();
  return (
    <Flex gap={8} align="center" style={{ minWidth: 0 }}>
      <Typography.Text strong ellipsis={{ tooltip: programName(program, lang) }}>
        {programName(program, lang)}
      </Typography.Text>
      <KindTag kind={program.kind} />
    </Flex>
  );
}

/** The participant's name when the merchant has several stores in the program. */
function Who({ p, many }: { p: Participant; many: boolean }) {
  return (
    <Flex gap={8} align="center" wrap>
      {many && <Typography.Text strong>{storeLabel({ id: p.entityId, name: p.name })}</Typography.Text>}
      <ParticipantTag status={p.status} />
    </Flex>
  );
}

const items = (rows: [string, ReactNode, string?][]) =>
  rows.map(([key, children, label]) => ({ key, label: label ?? key, children }));

function ProtectionBody({ program, participants }: { program: Program; participants: Participant[] }) {
  const { tt, lang } = useTT();
  return participants.map((p) => {
    const first = typeof p.detail.firstLiveAt === 'string' ? p.detail.firstLiveAt : null;
    const days = Number(p.detail.days ?? 0);
    return (
      <Flex key={p.entityId} vertical gap={8}>
        <Who p={p} many={participants.length > 1} />
        <Descriptions
          size="small"
          column={2}
          items={items([
            ['first', first ? formatDay(first) : '—', tt('mine.protection.firstLive')],
            [
              'until',
              <span key="u" data-testid="protected-until">
                {first ? protectedUntil(first, days) : '—'}
              </span>,
              tt('mine.protection.until'),
            ],
            ['daily', exposuresText(p.allocation, lang), tt('mine.protection.daily')],
            ['today', <TodayLine key="t" program={program} p={p} />, tt('mine.today')],
          ])}
        />
      </Flex>
    );
  });
}

function RaceBody({ program, participants }: { program: Program; participants: Participant[] }) {
  const { tt, lang } = useTT();
  return participants.map((p) => (
    <Flex key={p.entityId} vertical gap={8}>
      <Who p={p} many={participants.length > 1} />
      <Descriptions
        size="small"
        column={2}
        items={items([
          ['month', String(p.detail.month ?? '—'), tt('mine.race.month')],
          [
            'rank',
            <Typography.Text key="r" strong data-testid="race-rank">
              {String(p.detail.rank ?? '—')}
            </Typography.Text>,
            tt('mine.race.rank'),
          ],
          [
            'prize',
            <span key="p" data-testid="race-prize">
              {exposuresText(p.allocation, lang)}
            </span>,
            tt('mine.race.prize'),
          ],
          ['paidIn', String(p.detail.paidIn ?? '—'), tt('mine.race.paidIn')],
          ['today', <TodayLine key="t" program={program} p={p} />, tt('mine.today')],
          ['total', <Against key="a" got={p.delivered} due={p.target} />, tt('common.delivered')],
        ])}
      />
    </Flex>
  ));
}

function ChuanliuAccount({ program, p }: { program: Program; p: Participant }) {
  const { tt, lang } = useTT();
  const query = useQuotaAccount(program.id, 'store', p.entityId);
  const a = query.data;
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (!a) return <Skeleton active paragraph={{ rows: 3 }} />;
  const stat = (key: string, label: string, value: number) => (
    <Statistic
      key={key}
      title={label}
      value={exposuresText(value, lang)}
      styles={{ content: { fontSize: 18 } }}
      data-testid={`account-${key}`}
    />
  );
  return (
    <Flex vertical gap={8} data-testid="chuanliu-account">
      <Flex gap={24} wrap>
        {stat('balance', tt('mine.chuanliu.balance'), a.balance)}
        {stat('earned', tt('mine.chuanliu.earned'), a.earned)}
        {stat('delivered', tt('mine.chuanliu.delivered'), a.delivered)}
        {stat('expired', tt('mine.chuanliu.expired'), a.expired)}
        {stat('today', tt('mine.chuanliu.deliveringToday'), a.deliveringToday)}
      </Flex>
      <Table<QuotaAccount['entries'][number]>
        rowKey={(e) => `${e.day}:${e.type}`}
        size="small"
        dataSource={a.entries}
        pagination={{ pageSize: 5, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
        locale={{ emptyText: tt('mine.chuanliu.noEntries') }}
        title={() => <Typography.Text type="secondary">{tt('mine.chuanliu.entries')}</Typography.Text>}
        columns={[
          { title: tt('common.day'), dataIndex: 'day', width: 110 },
          {
            title: tt('common.kind'),
            dataIndex: 'type',
            width: 90,
            render: (v: string) => (
              <Tag
                color={v === 'earned' ? 'green' : v === 'expired' ? 'default' : 'blue'}
                style={{ marginInlineEnd: 0 }}
              >
                {tt(`mine.chuanliu.entry.${v as 'earned'}`)}
              </Tag>
            ),
          },
          {
            title: tt('common.exposures'),
            dataIndex: 'exposures',
            align: 'right',
            render: (v: number) => <Exp n={v} />,
          },
          {
            title: tt('mine.chuanliu.gmv'),
            dataIndex: 'gmv',
            align: 'right',
            render: (v: number | null) => (v === null ? <Muted>—</Muted> : formatFen(v, lang)),
          },
          {
            title: tt('mine.chuanliu.orders'),
            dataIndex: 'orders',
            align: 'right',
            width: 80,
            render: (v: number | null) => (v === null ? <Muted>—</Muted> : <Exp n={v} />),
          },
        ]}
      />
      <Flex gap={8} align="center">
        <Typography.Text type="secondary">{tt('mine.today')}:</Typography.Text>
        <TodayLine program={program} p={p} />
      </Flex>
    </Flex>
  );
}

function ChuanliuBody({ program, participants }: { program: Program; participants: Participant[] }) {
  return participants
    .filter((p) => p.entityKind === 'store')
    .map((p) => (
      <Flex key={p.entityId} vertical gap={8}>
        <Who p={p} many={participants.length > 1} />
        <ChuanliuAccount program={program} p={p} />
      </Flex>
    ));
}

/** What the server said when it refused an enrolment or a withdrawal, in the reader's language. */
function refusal(e: unknown, t: ReturnType<typeof useTT>['tt']): string {
  if (!(e instanceof ApiError)) return String(e);
  const reasons = e.issues.filter((i) => i.field === 'storeId').map((i) => issueText(i.reason, t));
  return reasons.length ? reasons.join(' ') : issueText(e.detail ?? e.title, t);
}

function useEnrolment(program: Program, stores: StoreRef[]) {
  const { tt } = useTT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const nameOf = (id: string) => storeLabel(stores.find((s) => s.id === id) ?? { id, name: null });
  const path = `/v1/traffic/programs/${encodeURIComponent(program.id)}/participants`;
  const enrol = useMutation({
    mutationFn: (storeId: string) => api(path, { method: 'POST', body: { storeId } }),
    meta: { silent: true },
    onSuccess: async (_r, storeId) => {
      void message.success(tt('mine.budget.enrolledToast', { store: nameOf(storeId) }));
      await queryClient.invalidateQueries({ queryKey: TRAFFIC_KEY });
    },
  });
  const withdraw = useMutation({
    mutationFn: (storeId: string) => api(`${path}/${encodeURIComponent(storeId)}`, { method: 'DELETE' }),
    meta: { silent: true },
    onSuccess: async (_r, storeId) => {
      void message.success(tt('mine.budget.withdrawn', { store: nameOf(storeId) }));
      await queryClient.invalidateQueries({ queryKey: TRAFFIC_KEY });
    },
  });
  const error = enrol.error ?? withdraw.error;
  return { enrol, withdraw, nameOf, error: error ? refusal(error, tt) : null };
}

function RefusedAlert({ text }: { text: string | null }) {
  const { tt } = useTT();
  if (!text) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={tt('mine.budget.refused')}
      description={text}
      data-testid="enrol-error"
    />
  );
}

function BudgetBody({
  program,
  participants,
  stores,
  today,
}: {
  program: Program;
  participants: Participant[];
  stores: StoreRef[];
  today: string;
}) {
  const { tt, lang } = useTT();
  const { withdraw, nameOf, error } = useEnrolment(program, stores);
  const state = budgetState(program, participants, today);
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">
        {tt('mine.budget.window', { from: program.startsOn, to: program.endsOn ?? tt('common.noEnd') })}
      </Typography.Text>
      {participants.map((p) => (
        <Flex key={p.entityId} vertical gap={8}>
          <Who p={p} many={participants.length > 1} />
          <Descriptions
            size="small"
            column={2}
            items={items([
              // Allotted when the campaign starts: nothing to show while enrolled.
              [
                'allotted',
                p.status === 'enrolled' ? <Muted key="a">—</Muted> : exposuresText(p.allocation, lang),
                tt('mine.budget.allotted'),
              ],
              ['today', <TodayLine key="t" program={program} p={p} />, tt('mine.today')],
            ])}
          />
          {p.status === 'enrolled' && state.state === 'enrolled' && (
            <Flex gap={8} align="center" wrap>
              <Typography.Text type="secondary">
                {tt('mine.budget.enrolled', { day: program.startsOn })}
              </Typography.Text>
              <Popconfirm
                title={tt('mine.budget.withdrawConfirm', { store: nameOf(p.entityId) })}
                onConfirm={() => withdraw.mutate(p.entityId)}
                okButtonProps={{ danger: true, 'data-testid': 'withdraw-confirm' }}
              >
                <Button danger size="small" loading={withdraw.isPending} data-testid="withdraw">
                  {tt('mine.budget.withdraw')}
                </Button>
              </Popconfirm>
            </Flex>
          )}
        </Flex>
      ))}
      <RefusedAlert text={error} />
    </Flex>
  );
}

/** A program the merchant's stores take part in. */
export function ProgramCard({
  program,
  participants,
  totals,
  stores,
  today,
}: {
  program: Program;
  participants: Participant[];
  totals: ProgramTotals | undefined;
  stores: StoreRef[];
  today: string;
}) {
  const body =
    program.kind === 'protection' ? (
      <ProtectionBody program={program} participants={participants} />
    ) : program.kind === 'horse_race' ? (
      <RaceBody program={program} participants={participants} />
    ) : program.kind === 'chuanliu' ? (
      <ChuanliuBody program={program} participants={participants} />
    ) : (
      <BudgetBody program={program} participants={participants} stores={stores} today={today} />
    );
  return (
    <Card
      title={<CardTitle program={program} />}
      style={{ height: '100%' }}
      data-testid="program-card"
      data-kind={program.kind}
      data-id={program.id}
    >
      <Flex vertical gap={12}>
        {body}
        <PeriodLine totals={totals} />
      </Flex>
    </Card>
  );
}

/** A campaign budget the merchant may still join: what it offers, who is eligible, and Enrol. */
export function BudgetJoinCard({ program, stores }: { program: Program; stores: StoreRef[] }) {
  const { tt, lang } = useTT();
  const x = program.params as BudgetParams;
  const category = useCategoryName(lang);
  const [picked, setPicked] = useState<string | undefined>();
  // The stores arrive after the card: the first one until the merchant picks another.
  const storeId = picked ?? stores[0]?.id;
  const { enrol, error } = useEnrolment(program, stores);
  const eligibility = [
    ...(x.minStoreScore !== null ? [tt('mine.budget.minScore', { min: x.minStoreScore })] : []),
    ...(x.categoryIds.length
      ? [tt('mine.budget.categories', { list: x.categoryIds.map(category).join(tt('summary.listSep')) })]
      : []),
  ];
  return (
    <Card
      title={<CardTitle program={program} />}
      style={{ height: '100%' }}
      data-testid="join-card"
      data-id={program.id}
    >
      <Flex vertical gap={12}>
        <Descriptions
          size="small"
          column={1}
          items={items([
            [
              'window',
              tt('common.window', { from: program.startsOn, to: program.endsOn ?? tt('common.noEnd') }),
              tt('programs.window'),
            ],
            ['pool', exposuresText(x.pool, lang), tt('mine.budget.pool')],
            [
              'scenes',
              x.scenes.map((s) => tt(`scene.${s}`)).join(tt('summary.listSep')),
              tt('form.budget.scenes'),
            ],
            ['rule', tt(`rule.${x.rule}`), tt('form.budget.rule')],
            [
              'eligibility',
              eligibility.length ? eligibility.join(tt('summary.listSep')) : tt('mine.budget.anyStore'),
              tt('mine.budget.eligibility'),
            ],
            ...(stores.length === 1
              ? [['store', storeLabel(stores[0]!), tt('mine.budget.enrolStore')] as [string, string, string]]
              : []),
          ])}
        />
        {stores.length === 0 ? (
          <Muted>{tt('mine.noStore')}</Muted>
        ) : (
          <Flex gap={8} align="center" wrap>
            {stores.length > 1 && (
              <Select
                value={storeId}
                onChange={setPicked}
                options={stores.map((s) => ({ value: s.id, label: storeLabel(s) }))}
                style={{ minWidth: 240 }}
                aria-label={tt('mine.budget.enrolStore')}
                data-testid="enrol-store"
              />
            )}
            <Button
              type="primary"
              disabled={!storeId}
              loading={enrol.isPending}
              onClick={() => storeId && enrol.mutate(storeId)}
              data-testid="enrol"
            >
              {tt('mine.budget.enrol')}
            </Button>
          </Flex>
        )}
        <RefusedAlert text={error} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {tt(`kindHint.${program.kind}`)}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
