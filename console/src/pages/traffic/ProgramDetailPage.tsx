// One traffic program (operators): what it is and its parameters, then its daily delivery (target against
// delivered, the worst shortfall), its participants on a day, its saved versions and — for horse races —
// the month's leaderboard. The tab, period, day and month live in the URL.
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Flex, Skeleton, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatInstant } from '../../format';
import { DeliveryTab } from './DeliveryTab';
import { LeaderboardTab } from './LeaderboardTab';
import { ParticipantsTab } from './ParticipantsTab';
import { ProgramFormDrawer } from './ProgramForm';
import { paramEntries, programName } from './traffic-format';
import { useTT } from './traffic-i18n';
import { TRAFFIC_KEY, useCategoryName, useProgram } from './traffic-queries';
import type { Program } from './traffic-types';
import { KindTag, StatusTag } from './ui';
import { VersionsTab } from './VersionsTab';

const TABS = ['delivery', 'participants', 'leaderboard', 'versions'] as const;
type Tab = (typeof TABS)[number];

function Summary({ program }: { program: Program }) {
  const { tt, lang } = useTT();
  const other = lang === 'zh' ? program.name : program.nameZh;
  const category = useCategoryName(lang);
  return (
    <Card size="small" data-testid="program-summary">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{tt(`kindHint.${program.kind}`)}</Typography.Text>
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'id', label: tt('detail.id'), children: program.id },
            ...(other && other !== programName(program, lang)
              ? [{ key: 'other', label: tt(lang === 'zh' ? 'form.name' : 'form.nameZh'), children: other }]
              : []),
            {
              key: 'window',
              label: tt('programs.window'),
              children: tt('common.window', {
                from: program.startsOn,
                to: program.endsOn ?? tt('common.noEnd'),
              }),
            },
            {
              key: 'version',
              label: tt('programs.version'),
              children: `v${program.version} · ${formatInstant(program.updatedAt)}`,
            },
          ]}
        />
        <Descriptions
          size="small"
          bordered
          title={<span style={{ fontSize: 14 }}>{tt('detail.parameters')}</span>}
          column={2}
          styles={{ label: { width: 220 } }}
          data-testid="program-params"
          items={paramEntries(program.kind, program.params, tt, lang, category).map((e) => ({
            key: e.key,
            label: tt(e.label),
            children: <span data-testid={`param-value-${e.key}`}>{e.value}</span>,
          }))}
        />
      </Flex>
    </Card>
  );
}

export default function ProgramDetailPage() {
  const { tt, lang } = useTT();
  const { id = '' } = useParams<{ id: string }>();
  const [params, setParams] = useSearchParams();
  const query = useProgram(id);
  const queryClient = useQueryClient();
  const program = query.data;
  const [editing, setEditing] = useState(false);
  const tabs = TABS.filter((t) => t !== 'leaderboard' || program?.kind === 'horse_race');
  const tab: Tab = (tabs as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'delivery';

  const back = (
    <Link to="/traffic/programs">
      <Button type="text" icon={<ArrowLeftOutlined />} aria-label={tt('common.back')} />
    </Link>
  );
  if (query.error || !program)
    return (
      <>
        <PageHeader title={<Flex gap={8}>{back}</Flex>} />
        {query.error ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Skeleton active paragraph={{ rows: 10 }} />
        )}
      </>
    );

  return (
    <Flex vertical gap={8} data-testid="program-detail" data-id={program.id}>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            {back}
            <span data-testid="program-title">{programName(program, lang)}</span>
            <KindTag kind={program.kind} />
            <StatusTag status={program.status} />
          </Flex>
        }
        extra={
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="program-edit">
            {tt('common.edit')}
          </Button>
        }
      />
      <Summary program={program} />
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(params);
          if (k !== 'delivery') next.set('tab', k);
          else next.delete('tab');
          setParams(next, { replace: true });
        }}
        items={tabs.map((t) => ({
          key: t,
          label: <span data-testid={`tab-${t}`}>{tt(`detail.tab.${t}`)}</span>,
          children:
            t === 'delivery' ? (
              <DeliveryTab program={program} />
            ) : t === 'participants' ? (
              <ParticipantsTab program={program} />
            ) : t === 'leaderboard' ? (
              <LeaderboardTab program={program} />
            ) : (
              <VersionsTab program={program} />
            ),
        }))}
      />
      <ProgramFormDrawer
        open={editing}
        program={program}
        onClose={() => setEditing(false)}
        // The versions and the lists move with the program.
        onReload={() => void queryClient.invalidateQueries({ queryKey: TRAFFIC_KEY })}
      />
    </Flex>
  );
}
