// Pure helpers of the scoring pages: how scores, points and metric values read, grade colours, and
// advice in the reader's language. No React, no I/O: unit-tested in score-format.test.ts.
import type { Lang } from '../../format';
import type { KnownT, ScoreT } from './score-i18n';
import type { Advice, Grade, MetricExplanation, Scale, Unit } from './score-types';

export const GRADE_COLORS: Record<string, string> = {
  A: 'green',
  B: 'blue',
  C: 'orange',
  D: 'red',
  N: 'default',
};
/** The same grades as chart colours (antd's green, blue, orange, red; grey for provisional). */
export const GRADE_HEX: Record<string, string> = {
  A: '#52c41a',
  B: '#1677ff',
  C: '#fa8c16',
  D: '#f5222d',
  N: '#bfbfbf',
};

const localeOf = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-US');

/** A number with exactly `digits` decimals and the locale's grouping. */
export const fixed = (v: number, digits: number, lang: Lang): string =>
  v.toLocaleString(localeOf(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Decimals a score shows on its scale: 4.80 on 3–5, 87.4 on 0–100. */
export const scoreDigits = (scale: Scale): number => (scale.max - scale.min > 10 ? 1 : 2);

export const formatScore = (v: number, scale: Scale, lang: Lang): string =>
  fixed(v, scoreDigits(scale), lang);

/** Points earned or missed: one decimal more than the score on a small scale (0.009 of 4.80), one on 0–100. */
export const pointsDigits = (scale: Scale): number => (scale.max - scale.min > 10 ? 1 : 3);

export const formatPoints = (v: number, scale: Scale, lang: Lang): string =>
  fixed(v, pointsDigits(scale), lang);

/** Whether points round to nothing at the precision they are shown with. */
export const noPoints = (v: number, scale: Scale): boolean => Math.abs(v) < 0.5 * 10 ** -pointsDigits(scale);

/** A share 0–1 as a whole percentage: 0.9091 → 91. */
export const pct = (share: number): number => Math.round(share * 100);

/** A metric's value the way its unit reads: 0.0071 ratio → "0.71%", 48.9 hours → "48.9 h" / "48.9 小时". */
export function formatMetricValue(v: number, unit: Unit, t: ScoreT, lang: Lang): string {
  switch (unit) {
    case 'ratio':
      return `${fixed(v * 100, Math.abs(v) < 0.1 ? 2 : 1, lang)}%`;
    case 'percentile':
      // The share of peers doing worse, read from the top: 0.9 → "top 10%".
      return t('unit.percentile', { value: Math.max(1, Math.round((1 - v) * 100)) });
    case 'hours':
      return t('unit.hours', { value: fixed(v, 1, lang) });
    case 'seconds':
      return t('unit.seconds', { value: fixed(Math.round(v), 0, lang) });
    case 'rating':
      return fixed(v, 2, lang);
    case 'index':
      return `${fixed(v, 2, lang)}×`;
    case 'percent':
      return `${fixed(v, Number.isInteger(v) ? 0 : 1, lang)}%`;
    case 'points':
      return t('unit.points', { value: fixed(v, Number.isInteger(v) ? 0 : 1, lang) });
    default:
      return String(v);
  }
}

/** The unit a configuration input is typed in (rates and percentiles as percentages), or none. */
export function unitSuffix(unit: Unit, t: ScoreT): string | undefined {
  switch (unit) {
    case 'ratio':
    case 'percentile':
    case 'percent':
      return '%';
    case 'hours':
    case 'seconds':
    case 'points':
      return t(`unit.${unit}`, { value: '' }).trim();
    case 'index':
      return '×';
    default:
      return undefined;
  }
}

/**
 * The figure a metric is scored on: for relative metrics (unit 'percentile') the percentile among peers,
 * since their `value` is the ranked raw figure (units a day, a click rate, brand GMV) without a unit.
 */
export const scoredValue = (m: Pick<MetricExplanation, 'unit' | 'value' | 'percentile'>): number | null =>
  m.unit === 'percentile' ? m.percentile : m.value;

/**
 * One piece of advice in the reader's language: the action translated by its code with the current
 * value and the target formatted by unit; the server's English sentence when the code is unknown.
 */
export function adviceText(a: Advice, t: ScoreT, known: KnownT, lang: Lang): string {
  const action = known('advice', a.code, '');
  if (!action) return a.text;
  return t('advice.line', {
    action,
    value: formatMetricValue(a.params.value, a.params.unit, t, lang),
    target: formatMetricValue(a.params.target, a.params.unit, t, lang),
  });
}

/** The grade a score falls in, given the grades highest first (the lowest has no minimum). */
export function gradeOf(score: number, grades: readonly { grade: Grade; min: number | null }[]): Grade {
  for (const g of grades) if (g.min === null || score >= g.min) return g.grade;
  return grades[grades.length - 1]?.grade ?? 'N';
}
