// Reporting period in days, kept in the URL (?days=) so reloads and links keep it.
import { Segmented, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

const CHOICES = [7, 30, 90] as const;
const DEFAULT_DAYS = 30;

export function usePeriodDays(): [number, (days: number) => void] {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('days'));
  const days = (CHOICES as readonly number[]).includes(raw) ? raw : DEFAULT_DAYS;
  const setDays = (next: number) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        if (next === DEFAULT_DAYS) copy.delete('days');
        else copy.set('days', String(next));
        return copy;
      },
      { replace: true },
    );
  return [days, setDays];
}

interface PeriodPickerProps {
  days: number;
  onChange: (days: number) => void;
  from?: string;
  to?: string;
}

export function PeriodPicker({ days, onChange, from, to }: PeriodPickerProps) {
  const { t } = useTranslation();
  return (
    <>
      {from && to && <Typography.Text type="secondary">{t('range.span', { from, to })}</Typography.Text>}
      <Segmented
        aria-label={t('range.label')}
        value={days}
        onChange={(value) => onChange(Number(value))}
        options={CHOICES.map((d) => ({ value: d, label: t('range.days', { count: d }) }))}
      />
    </>
  );
}
