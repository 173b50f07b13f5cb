// Operators pick a merchant by name: searched on the server, first 50 matches.
import { Select } from 'antd';
import { useState } from 'react';
import { useMerchants } from '../../queries';
import { useDebounced } from './use-live-issues';

interface MerchantSelectProps {
  value?: string;
  onChange?: (id: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  /** Extra options before the merchants, e.g. "platform" for filters. */
  extra?: { value: string; label: string }[];
  style?: React.CSSProperties;
  'data-testid'?: string;
}

export function MerchantSelect({ value, onChange, extra = [], ...rest }: MerchantSelectProps) {
  const [q, setQ] = useState('');
  const search = useDebounced(q, 250);
  const { data, isFetching } = useMerchants({ limit: 50, offset: 0, q: search });
  const merchants = (data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} (${m.id})` }));
  const known = new Set([...extra, ...merchants].map((o) => o.value));
  // Keep the chosen merchant labelled even when it is not among the current matches.
  const chosen = value && !known.has(value) ? [{ value, label: value }] : [];
  return (
    <Select
      {...rest}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={isFetching}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={[...extra, ...chosen, ...merchants]}
    />
  );
}
