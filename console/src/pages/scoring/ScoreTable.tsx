// A ranked page of latest scores of one kind (merchants get their own stores and products), sortable by
// score and filtered by grade; a row opens that score's explanation.
import { Card, Flex, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { QueryError } from '../../components/QueryError';
import { formatNumber } from '../../format';
import { DimBars } from './DimBars';
import { GradeTag } from './GradeTag';
import { formatScore, groupLabel } from './score-format';
import { useST } from './score-i18n';
import { type ScoreListParams, useScoreList } from './score-queries';
import type { ScoreKind, ScoreListItem } from './score-types';

const PAGE_SIZE = 20;
const GRADES = ['A', 'B', 'C', 'D', 'N'];

interface Props {
  kind: ScoreKind;
  title: ReactNode;
  /** Operators see whose entity it is. */
  showMerchant?: boolean;
  onOpen: (item: ScoreListItem) => void;
  'data-testid'?: string;
}

export function ScoreTable({ kind, title, showMerchant = false, onOpen, 'data-testid': testId }: Props) {
  const { st, known, lang } = useST();
  const [params, setParams] = useState<ScoreListParams>({ sort: '-score', limit: PAGE_SIZE, offset: 0 });
  const list = useScoreList(kind, params);
  const data = list.data;
  // The figures' precision depends on the scale in force, which the list carries.
  const scale = data?.scale;
  const rank = (i: number) =>
    params.sort === '-score' ? params.offset + i + 1 : (data?.total ?? 0) - params.offset - i;

  const columns: ColumnsType<ScoreListItem> = [
    {
      title: st('list.rank'),
      key: 'rank',
      width: 64,
      align: 'right',
      render: (_: unknown, _r, i) => <Typography.Text type="secondary">{rank(i)}</Typography.Text>,
    },
    {
      title: st('list.name'),
      key: 'name',
      render: (_: unknown, r) => (
        <Flex vertical gap={0} style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis={{ tooltip: r.name ?? r.id }}>
            {r.name ?? r.id}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.id}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(showMerchant && kind !== 'creator'
      ? [{ title: st('list.merchant'), dataIndex: 'merchantId', width: 100 } as const]
      : []),
    ...(kind !== 'creator'
      ? [
          {
            title: st('list.category'),
            key: 'category',
            width: 140,
            render: (_: unknown, r: ScoreListItem) => (
              <Typography.Text ellipsis={{ tooltip: `${groupLabel(r, lang)} (${r.groupId})` }}>
                {groupLabel(r, lang)}
              </Typography.Text>
            ),
          },
        ]
      : []),
    {
      title: st('list.score'),
      key: 'score',
      dataIndex: 'score',
      align: 'right',
      width: 100,
      sorter: true,
      sortOrder: params.sort === '-score' ? 'descend' : 'ascend',
      sortDirections: ['descend', 'ascend', 'descend'],
      render: (v: number) => (
        <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="list-score">
          {scale ? formatScore(v, scale, lang) : v}
        </Typography.Text>
      ),
    },
    {
      title: st('list.grade'),
      dataIndex: 'grade',
      width: 110,
      render: (g: string) => <GradeTag grade={g} />,
    },
    {
      title: st(`list.volume.${kind}`),
      dataIndex: 'volume',
      align: 'right',
      width: 90,
      render: (v: number) => formatNumber(v, lang),
    },
    {
      title: st('list.dims'),
      key: 'dims',
      width: 40 + 11 * Object.keys(data?.items[0]?.dims ?? { a: 0, b: 0, c: 0, d: 0 }).length,
      render: (_: unknown, r) => <DimBars kind={kind} dims={r.dims} />,
    },
  ];

  return (
    <Card
      title={title}
      styles={{ body: { padding: 0 } }}
      extra={
        <Flex gap={12} align="center">
          {data?.day && (
            <Typography.Text type="secondary">
              {st('list.total', { count: formatNumber(data.total, lang), day: data.day })}
            </Typography.Text>
          )}
          <Select
            allowClear
            placeholder={st('list.allGrades')}
            value={params.grade}
            onChange={(grade?: string) => setParams((p) => ({ ...p, grade, offset: 0 }))}
            options={GRADES.map((g) => ({ value: g, label: `${g} · ${known('grade', g)}` }))}
            style={{ width: 150 }}
            data-testid="list-grade"
          />
        </Flex>
      }
    >
      {list.error ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ScoreListItem>
          rowKey="id"
          size="small"
          data-testid={testId}
          loading={list.isFetching}
          dataSource={data?.items ?? []}
          columns={columns}
          scroll={{ x: 760 }}
          locale={{ emptyText: st('list.empty') }}
          onRow={(r) => ({ onClick: () => onOpen(r), style: { cursor: 'pointer' }, title: st('list.open') })}
          onChange={(pagination, _filters, sorter) => {
            const order = Array.isArray(sorter) ? sorter[0]?.order : sorter.order;
            const sort = order === 'ascend' ? 'score' : '-score';
            const page = pagination.current ?? 1;
            setParams((p) => ({
              ...p,
              sort,
              offset: sort === p.sort ? (page - 1) * PAGE_SIZE : 0,
            }));
          }}
          pagination={{
            current: params.offset / PAGE_SIZE + 1,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
          }}
        />
      )}
    </Card>
  );
}
