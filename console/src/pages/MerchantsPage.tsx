// Operator's merchant directory: server-side paging and name search, both kept in
// the URL so the back button returns to the same page of results.
import { Card, Flex, Input, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { MerchantSummary } from '../api-types';
import { MerchantTypeTag } from '../components/MerchantTypeTag';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/QueryError';
import { formatDay, formatNumber } from '../format';
import { useMerchants } from '../queries';
import { useLang } from '../use-lang';

const PAGE_SIZE = 20;

export default function MerchantsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const { data, error, isFetching, refetch } = useMerchants({
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    q,
  });

  const update = (next: { q?: string; page?: number }) => {
    const copy = new URLSearchParams(params);
    const nq = next.q ?? q;
    const np = next.page ?? page;
    if (nq) copy.set('q', nq);
    else copy.delete('q');
    if (np > 1) copy.set('page', String(np));
    else copy.delete('page');
    setParams(copy);
  };

  const open = (id: string) => navigate(`/merchants/${encodeURIComponent(id)}`);

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('merchants.title')}
        extra={
          <Input.Search
            data-testid="merchant-search"
            allowClear
            defaultValue={q}
            placeholder={t('merchants.search')}
            onSearch={(value) => update({ q: value.trim(), page: 1 })}
            style={{ width: 260 }}
          />
        }
      />
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<MerchantSummary>
            rowKey="id"
            loading={isFetching}
            dataSource={data?.items ?? []}
            scroll={{ x: 'max-content' }}
            onRow={(row) => ({ onClick: () => open(row.id), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('merchants.total', { count: total }),
              onChange: (p) => update({ page: p }),
            }}
            columns={[
              {
                title: t('merchants.name'),
                dataIndex: 'name',
                render: (name: string) => <Typography.Link>{name}</Typography.Link>,
              },
              {
                title: t('merchants.type'),
                dataIndex: 'type',
                render: (type: MerchantSummary['type']) => <MerchantTypeTag type={type} />,
              },
              {
                title: t('merchants.stores'),
                dataIndex: 'storeCount',
                align: 'right',
                render: (n: number) => formatNumber(n, lang),
              },
              {
                title: t('merchants.onboarded'),
                dataIndex: 'onboardedAt',
                render: (at: string) => formatDay(at),
              },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
