// Small pieces shared by the analytics pages: the page scope (merchant, day range) kept in the URL, the bar that
// sets it, change badges, figures in tables and a card for a chart with an empty state.
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, DatePicker, Empty, Segmented, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties, ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { MerchantSelect } from '../pricing/MerchantSelect';
import { lastDays, signedPct, signedPp, spanDays, trend } from './an-format';
import { useAT } from './an-i18n';

const PRESETS = [1, 7, 30] as const;
const DEFAULT_DAYS = 7;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface Scope {
  operator: boolean;
  /** The merchant read: the signed-in merchant's own, or the one an operator picked (undefined until then). */
  merchantId: string | undefined;
  from: string;
  to: string;
  setMerchant: (id: string | undefined) => void;
  setRange: (from: string, to: string) => void;
}

/** The merchant and day range of a page, in the URL (?merchant=&from=&to=) so reloads and links keep them. */
export function useScope(defaultDays = DEFAULT_DAYS): Scope {
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const [params, setParams] = useSearchParams();
  const fallback = lastDays(defaultDays);
  const f = params.get('from');
  const t = params.get('to');
  const valid = !!f && !!t && DAY_RE.test(f) && DAY_RE.test(t) && f <= t;
  const patch = (set: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(set)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  return {
    operator,
    merchantId: operator ? (params.get('merchant') ?? undefined) : (user.partyId ?? undefined),
    from: valid ? f : fallback.from,
    to: valid ? t : fallback.to,
    setMerchant: (id) => patch({ merchant: id }),
    setRange: (from, to) => patch({ from, to }),
  };
}

/** The operator's merchant picker (nothing for merchants, who read their own). */
export function MerchantPicker({ scope }: { scope: Scope }) {
  const { at } = useAT();
  if (!scope.operator) return null;
  return (
    <MerchantSelect
      data-testid="an-merchant"
      placeholder={at('common.pickMerchant')}
      value={scope.merchantId}
      onChange={scope.setMerchant}
      style={{ width: 260 }}
    />
  );
}

/** Today / 7 / 30 days ending today, or any range from the picker. */
export function RangeBar({ scope }: { scope: Scope }) {
  const { at } = useAT();
  const days = spanDays(scope.from, scope.to);
  const today = lastDays(1).to;
  const preset = scope.to === today && (PRESETS as readonly number[]).includes(days) ? days : null;
  return (
    <>
      <Segmented
        aria-label={at('common.range')}
        data-testid="an-range-preset"
        value={preset ?? 'custom'}
        onChange={(v) => {
          if (v === 'custom') return;
          const r = lastDays(Number(v));
          scope.setRange(r.from, r.to);
        }}
        options={[
          ...PRESETS.map((d) => ({
            value: d,
            label: d === 1 ? at('common.today') : at('common.days', { count: d }),
          })),
          { value: 'custom', label: at('common.custom'), disabled: true },
        ]}
      />
      <DatePicker.RangePicker
        data-testid="an-range"
        allowClear={false}
        value={[dayjs(scope.from), dayjs(scope.to)]}
        disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        onChange={(v) => {
          if (v?.[0] && v[1]) scope.setRange(v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD'));
        }}
      />
    </>
  );
}

/** Up is red and down green in Chinese (as 生意参谋 shows them), the other way round in English. */
export function useTrendColors(): { up: string; down: string } {
  const { lang } = useAT();
  return lang === 'zh' ? { up: '#cf1322', down: '#389e0d' } : { up: '#389e0d', down: '#cf1322' };
}

/** A change against the previous period: arrow and signed percentage, grey when unknown or flat. */
export function Change({
  value,
  label,
  testId,
  points,
}: {
  value: number | null | undefined;
  label?: ReactNode;
  testId?: string;
  /** The change of a rate in percentage points rather than relative. */
  points?: boolean;
}) {
  const colors = useTrendColors();
  const dir = trend(value);
  const color = dir === 'up' ? colors.up : dir === 'down' ? colors.down : '#8c8c8c';
  // Label and figure wrap as two pieces, never mid-figure, in a narrow card.
  return (
    <span
      data-testid={testId}
      style={{
        color,
        fontSize: 12,
        display: 'inline-flex',
        flexWrap: 'wrap',
        columnGap: 4,
        fontVariantNumeric: 'tabular-nums',
      }}
    >
      {label ? <span style={{ color: '#8c8c8c', whiteSpace: 'nowrap' }}>{label}</span> : null}
      <span style={{ whiteSpace: 'nowrap' }}>
        {dir === 'up' ? <ArrowUpOutlined /> : dir === 'down' ? <ArrowDownOutlined /> : null}{' '}
        {points ? signedPp(value) : signedPct(value)}
      </span>
    </span>
  );
}

/** A figure in a table: tabular digits, no wrapping. */
export const Num = ({
  children,
  testId,
  style,
}: {
  children: ReactNode;
  testId?: string;
  style?: CSSProperties;
}) => (
  <span data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', ...style }}>
    {children}
  </span>
);

/** A headline figure: label, value, and a line under it (a change, a range). */
export function Figure({
  label,
  value,
  sub,
  testId,
  title,
}: {
  label: ReactNode;
  value: ReactNode;
  sub?: ReactNode;
  testId?: string;
  title?: string;
}) {
  return (
    <Card size="small" data-testid={testId}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div
        title={title}
        style={{ fontSize: 24, fontWeight: 600, fontVariantNumeric: 'tabular-nums', lineHeight: 1.4 }}
      >
        {value}
      </div>
      <div style={{ minHeight: 20 }}>{sub}</div>
    </Card>
  );
}

/** Cards of headline figures that wrap evenly (the KpiCards grid). */
export const FigureGrid = ({ children, min = 170 }: { children: ReactNode; min?: number }) => (
  <div style={{ display: 'grid', gridTemplateColumns: `repeat(auto-fit, minmax(${min}px, 1fr))`, gap: 12 }}>
    {children}
  </div>
);

/** A card that shows its body, or an empty state when there is nothing to draw. */
export function DataCard({
  title,
  extra,
  empty,
  children,
  testId,
  flush,
}: {
  title: ReactNode;
  extra?: ReactNode;
  empty: boolean;
  children: ReactNode;
  testId?: string;
  /** No body padding (tables). */
  flush?: boolean;
}) {
  const { at } = useAT();
  return (
    <Card
      title={title}
      extra={extra}
      size="small"
      data-testid={testId}
      styles={flush && !empty ? { body: { padding: 0 } } : undefined}
    >
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={at('common.noData')} /> : children}
    </Card>
  );
}

/** The prompt an operator sees before picking a merchant. */
export function PickMerchantFirst() {
  const { at } = useAT();
  return (
    <Card data-testid="an-pick-merchant">
      <Empty description={at('common.pickMerchantFirst')} />
    </Card>
  );
}
