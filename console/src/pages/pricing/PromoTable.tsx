// The list card shared by promotions and coupon templates: header with filters and a "new" button,
// a paged table whose name, status, merchant and action columns are the same for both, and the
// page's own columns in between.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { PromoStatus } from '../../api-types';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { ListFilters, type ListState } from './ListFilters';
import { PromoActions } from './PromoActions';
import { PromoName, StatusTag } from './StatusTag';

interface Row {
  id: string;
  name: string;
  kind: string;
  status: PromoStatus;
  merchantId?: string;
}

export interface PromoTableProps<T extends Row> {
  /** i18n namespace of the page: title, new, empty, total, endConfirm. */
  ns: 'promotions' | 'coupons';
  testId: string;
  newTestId: string;
  kinds: { value: string; label: string }[];
  kindLabel: (kind: string) => string;
  state: ListState;
  update: (next: Partial<ListState>) => void;
  operator: boolean;
  query: {
    data?: { items: T[]; total: number };
    error: unknown;
    isFetching: boolean;
    refetch: () => unknown;
  };
  pageSize: number;
  scrollX: number;
  nameWidth: number;
  /** The page's own columns, between the merchant and the actions. */
  columns: ColumnsType<T>;
  /** API path of one row (pause, resume, end) and the query key to refresh after. */
  path: (row: T) => string;
  listKey: string[];
  onNew: () => void;
  onEdit: (row: T) => void;
  onStats: (row: T) => void;
}

export function PromoTable<T extends Row>(p: PromoTableProps<T>) {
  const { t } = useTranslation();
  const { data, error, isFetching, refetch } = p.query;
  const columns: ColumnsType<T> = [
    {
      title: t('pricing.name'),
      dataIndex: 'name',
      width: p.nameWidth,
      render: (name: string, row) => <PromoName name={name} id={row.id} kind={p.kindLabel(row.kind)} />,
    },
    {
      title: t('pricing.statusColumn'),
      dataIndex: 'status',
      width: 100,
      render: (status: PromoStatus) => <StatusTag status={status} />,
    },
    ...(p.operator
      ? [
          {
            title: t('pricing.merchant'),
            dataIndex: 'merchantId',
            width: 110,
            render: (m?: string) => m ?? <Tag color="blue">{t('pricing.platform')}</Tag>,
          },
        ]
      : []),
    ...p.columns,
    {
      title: t('pricing.actions'),
      key: 'actions',
      fixed: 'right',
      width: 210,
      render: (_: unknown, row) => (
        <PromoActions
          path={p.path(row)}
          status={row.status}
          listKey={p.listKey}
          endConfirm={t(`${p.ns}.endConfirm`)}
          onEdit={() => p.onEdit(row)}
          onStats={() => p.onStats(row)}
        />
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t(`${p.ns}.title`)}
        extra={
          <>
            <ListFilters state={p.state} update={p.update} kinds={p.kinds} operator={p.operator} />
            <Button type="primary" icon={<PlusOutlined />} onClick={p.onNew} data-testid={p.newTestId}>
              {t(`${p.ns}.new`)}
            </Button>
          </>
        }
      />
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<T>
            rowKey="id"
            data-testid={p.testId}
            loading={isFetching}
            dataSource={data?.items ?? []}
            scroll={{ x: p.scrollX }}
            locale={{ emptyText: t(`${p.ns}.empty`) }}
            pagination={{
              current: p.state.page,
              pageSize: p.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t(`${p.ns}.total`, { count: total }),
              onChange: (page) => p.update({ ...p.state, page }),
            }}
            columns={columns}
          />
        </Card>
      )}
    </>
  );
}
