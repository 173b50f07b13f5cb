// Status, kind and (for operators) merchant filters of a promotions or coupons list, kept in the URL.
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { PromoStatus } from '../../api-types';
import { MerchantSelect } from './MerchantSelect';

const STATUSES: PromoStatus[] = ['active', 'paused', 'draft', 'ended'];

export interface ListState {
  status?: PromoStatus;
  kind?: string;
  merchantId?: string;
  page: number;
}

export function useListState(): [ListState, (next: Partial<ListState>) => void] {
  const [params, setParams] = useSearchParams();
  const state: ListState = {
    status: (params.get('status') as PromoStatus | null) ?? undefined,
    kind: params.get('kind') ?? undefined,
    merchantId: params.get('merchant') ?? undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
  };
  const update = (next: Partial<ListState>) => {
    const merged = { ...state, page: 1, ...next };
    const copy = new URLSearchParams();
    if (merged.status) copy.set('status', merged.status);
    if (merged.kind) copy.set('kind', merged.kind);
    if (merged.merchantId) copy.set('merchant', merged.merchantId);
    if (merged.page > 1) copy.set('page', String(merged.page));
    setParams(copy);
  };
  return [state, update];
}

interface ListFiltersProps {
  state: ListState;
  update: (next: Partial<ListState>) => void;
  kinds: { value: string; label: string }[];
  operator: boolean;
}

export function ListFilters({ state, update, kinds, operator }: ListFiltersProps) {
  const { t } = useTranslation();
  return (
    <>
      {operator && (
        <MerchantSelect
          data-testid="filter-merchant"
          allowClear
          placeholder={t('pricing.allMerchants')}
          value={state.merchantId}
          onChange={(merchantId) => update({ merchantId })}
          extra={[{ value: 'platform', label: t('pricing.platform') }]}
          style={{ width: 220 }}
        />
      )}
      <Select
        data-testid="filter-status"
        allowClear
        placeholder={t('pricing.allStatuses')}
        value={state.status}
        onChange={(status?: PromoStatus) => update({ status })}
        options={STATUSES.map((s) => ({ value: s, label: t(`pricing.status.${s}`) }))}
        style={{ width: 140 }}
      />
      <Select
        data-testid="filter-kind"
        allowClear
        placeholder={t('pricing.allKinds')}
        value={state.kind}
        onChange={(kind?: string) => update({ kind })}
        options={kinds}
        style={{ width: 200 }}
        popupMatchSelectWidth={false}
      />
    </>
  );
}
