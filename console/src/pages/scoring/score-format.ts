// Pure helpers of the scoring pages: how scores, points and metric values read, grade colours, and
// advice in the reader's language. No React, no I/O: unit-tested in score-format.test.ts.
import { formatFen, type Lang } from '../../format';
import type { KnownT, ScoreT } from './score-i18n';
import type { Advice, BaseUnit, ConfigVersion, Grade, MetricExplanation, Scale, Unit } from './score-types';

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
 * The raw figure a relative metric ranks among peers, by its base unit: 2.3 units a day → "2.3 units/day"
 * / "2.3 件/天", a click rate 0.041 → "4.10%", brand GMV in integer fen 4224480 → "¥42,244.80".
 * Null for a unit this console does not know (a newer server's).
 */
export function formatBaseValue(v: number, unit: BaseUnit, t: ScoreT, lang: Lang): string | null {
  switch (unit) {
    case 'units_per_day':
      return t('unit.unitsPerDay', { value: fixed(v, v === 0 ? 0 : Math.abs(v) < 0.1 ? 2 : 1, lang) });
    case 'ratio':
      return formatMetricValue(v, 'ratio', t, lang);
    case 'fen':
      return formatFen(Math.round(v), lang);
    default:
      return null;
  }
}

/**
 * A relative metric's standing (`rank`, e.g. "top 8%") after the raw figure it ranks, when the server
 * names that figure's unit: "2.3 units/day · top 8%". Just the standing otherwise.
 */
export function withRawFigure(
  rank: string,
  m: Pick<MetricExplanation, 'value' | 'baseUnit'>,
  t: ScoreT,
  lang: Lang,
): string {
  const raw = m.value === null || !m.baseUnit ? null : formatBaseValue(m.value, m.baseUnit, t, lang);
  return raw === null ? rank : t('unit.relative', { value: raw, rank });
}

/**
 * A metric's current value as the metrics table shows it: by its unit, and for relative metrics the raw
 * figure with the percentile ("¥42,244.80 · top 3%"); null without data.
 */
export function formatMetricNow(
  m: Pick<MetricExplanation, 'unit' | 'value' | 'percentile' | 'baseUnit'>,
  t: ScoreT,
  lang: Lang,
): string | null {
  const v = scoredValue(m);
  if (v === null) return null;
  const shown = formatMetricValue(v, m.unit, t, lang);
  return m.unit === 'percentile' ? withRawFigure(shown, m, t, lang) : shown;
}

/**
 * One piece of advice in the reader's language: the action translated by its code with the current
 * value and the target formatted by unit; the server's English sentence when the code is unknown.
 * Given the advised metric, a relative one's current value also shows the raw figure it ranks.
 */
export function adviceText(
  a: Advice,
  t: ScoreT,
  known: KnownT,
  lang: Lang,
  metric?: Pick<MetricExplanation, 'value' | 'baseUnit'>,
): string {
  const action = known('advice', a.code, '');
  if (!action) return a.text;
  const now = formatMetricValue(a.params.value, a.params.unit, t, lang);
  return t('advice.line', {
    action,
    value: metric && a.params.unit === 'percentile' ? withRawFigure(now, metric, t, lang) : now,
    target: formatMetricValue(a.params.target, a.params.unit, t, lang),
  });
}

/** The peer category in the reader's language (Chinese falls back to English), else its id. */
export const groupLabel = (
  g: { groupId: string; groupName: string | null; groupNameZh: string | null },
  lang: Lang,
): string => (lang === 'zh' ? (g.groupNameZh ?? g.groupName) : g.groupName) ?? g.groupId;

/** Who saved a configuration version: the console user's name, else "system" translated, else the id. */
export const savedBy = (v: Pick<ConfigVersion, 'createdBy' | 'createdByName'>, t: ScoreT): string =>
  v.createdByName ?? (v.createdBy === 'system' ? t('config.system') : (v.createdBy ?? '—'));

/** The grade a score falls in, given the grades highest first (the lowest has no minimum). */
export function gradeOf(score: number, grades: readonly { grade: Grade; min: number | null }[]): Grade {
  for (const g of grades) if (g.min === null || score >= g.min) return g.grade;
  return grades[grades.length - 1]?.grade ?? 'N';
}
