// Form controls that show what people type (yuan, 折 or % off, wall-clock times) while the form
// holds what the API takes (integer fen, basis points, instants).
import { DatePicker, InputNumber, Select } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { yuanToFen } from '../../format';
import { useLang } from '../../use-lang';
import { fromWallClock, toWallClock } from './time';

interface ControlProps<T> {
  value?: T;
  onChange?: (value: T | undefined) => void;
  placeholder?: string;
  style?: CSSProperties;
  disabled?: boolean;
  id?: string;
  'data-testid'?: string;
}

/** Money typed in yuan (two decimals), held in fen. */
export function FenInput({ value, onChange, style, ...rest }: ControlProps<number>) {
  return (
    <InputNumber<number>
      {...rest}
      prefix="¥"
      min={0}
      precision={2}
      step={1}
      style={{ width: '100%', ...style }}
      value={value === undefined ? null : value / 100}
      onChange={(y) => onChange?.(y === null ? undefined : yuanToFen(y))}
    />
  );
}

/**
 * A rate held in basis points of the price paid (9000 = 9折). Chinese merchants type 折 (9 → 9折);
 * English ones type the share off (10 → 10% off). Both land on the same basis points.
 */
export function RateInput({ value, onChange, style, ...rest }: ControlProps<number>) {
  const { t } = useTranslation();
  const lang = useLang();
  if (lang === 'zh') {
    return (
      <InputNumber<number>
        {...rest}
        suffix={t('form.zhe')}
        min={0.01}
        max={9.99}
        precision={2}
        step={0.5}
        style={{ width: '100%', ...style }}
        value={value === undefined ? null : value / 1000}
        onChange={(z) => onChange?.(z === null ? undefined : Math.round(z * 1000))}
      />
    );
  }
  return (
    <InputNumber<number>
      {...rest}
      suffix={t('form.percentOff')}
      min={0.01}
      max={99.99}
      precision={2}
      step={5}
      style={{ width: '100%', ...style }}
      value={value === undefined ? null : (10000 - value) / 100}
      onChange={(p) => onChange?.(p === null ? undefined : 10000 - Math.round(p * 100))}
    />
  );
}

/** A share in basis points typed as a percentage (30 → 3000 bp). */
export function ShareInput({ value, onChange, style, ...rest }: ControlProps<number>) {
  return (
    <InputNumber<number>
      {...rest}
      suffix="%"
      min={0}
      max={100}
      precision={2}
      style={{ width: '100%', ...style }}
      value={value === undefined ? null : value / 100}
      onChange={(p) => onChange?.(p === null ? undefined : Math.round(p * 100))}
    />
  );
}

/** A whole number ≥ min (counts, limits, days). */
export function CountInput({
  value,
  onChange,
  style,
  min = 1,
  ...rest
}: ControlProps<number> & { min?: number }) {
  return (
    <InputNumber<number>
      {...rest}
      min={min}
      precision={0}
      style={{ width: '100%', ...style }}
      value={value ?? null}
      onChange={(n) => onChange?.(n === null ? undefined : n)}
    />
  );
}

/** An instant picked as marketplace wall-clock time. */
export function InstantPicker({ value, onChange, style, ...rest }: ControlProps<string>) {
  return (
    <DatePicker
      {...rest}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%', ...style }}
      value={value ? toWallClock(value) : null}
      onChange={(d) => onChange?.(d ? fromWallClock(d) : undefined)}
    />
  );
}

/** A list of ids typed freely (Enter or comma after each), with known ones offered. */
export function IdsSelect({
  value,
  onChange,
  options,
  style,
  ...rest
}: ControlProps<string[]> & { options?: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <Select
      {...rest}
      mode="tags"
      tokenSeparators={[',', ' ', '，']}
      placeholder={rest.placeholder ?? t('form.idsPlaceholder')}
      options={options}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%', ...style }}
      value={value ?? []}
      onChange={(ids: string[]) => onChange?.(ids.length ? ids : undefined)}
    />
  );
}
