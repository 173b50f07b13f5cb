import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreEn } from '../../i18n/scoring.en';
import { scoreZh } from '../../i18n/scoring.zh';
import {
  adviceText,
  formatBaseValue,
  formatMetricNow,
  formatMetricValue,
  formatPoints,
  formatScore,
  gradeOf,
  groupLabel,
  noPoints,
  pct,
  savedBy,
  scoredValue,
  unitSuffix,
} from './score-format';
import type { KnownT, ScoreT } from './score-i18n';
import type { Advice } from './score-types';

type Pair = { t: ScoreT; known: KnownT };
let en: Pair;
let zh: Pair;

beforeAll(async () => {
  const make = async (lng: string): Promise<Pair> => {
    const i = i18next.createInstance();
    await i.init({
      lng,
      fallbackLng: 'en',
      resources: { en: { translation: scoreEn }, zh: { translation: scoreZh } },
      interpolation: { escapeValue: false },
    });
    const t = i.t as unknown as ScoreT;
    const known: KnownT = (prefix, value, fallback, options) =>
      i.exists(`${prefix}.${value}`)
        ? (i.t as unknown as ScoreT)(`${prefix}.${value}` as never, options)
        : (fallback ?? value);
    return { t, known };
  };
  en = await make('en');
  zh = await make('zh');
});

const STORE = { min: 3, max: 5 };
const PRODUCT = { min: 0, max: 100 };

describe('scores and points', () => {
  it('shows a score with its scale’s precision', () => {
    expect(formatScore(4.8, STORE, 'en')).toBe('4.80');
    expect(formatScore(87.4, PRODUCT, 'en')).toBe('87.4');
    expect(formatScore(100, PRODUCT, 'zh')).toBe('100.0');
  });

  it('shows points one decimal finer than a small scale’s score, and knows when they round to nothing', () => {
    expect(formatPoints(0.0085, STORE, 'en')).toBe('0.009');
    expect(formatPoints(5.27, PRODUCT, 'en')).toBe('5.3');
    expect(noPoints(0.0004, STORE)).toBe(true);
    expect(noPoints(0.0005, STORE)).toBe(false);
    expect(noPoints(0.04, PRODUCT)).toBe(true);
  });

  it('reads a share as a whole percentage', () => {
    expect(pct(0.9091)).toBe(91);
    expect(pct(1)).toBe(100);
  });
});

describe('metric values by unit', () => {
  it('formats each unit in English', () => {
    const f = (v: number, u: Parameters<typeof formatMetricValue>[1]) => formatMetricValue(v, u, en.t, 'en');
    expect(f(0.0071, 'ratio')).toBe('0.71%');
    expect(f(0.9405, 'ratio')).toBe('94.1%');
    expect(f(48.8794, 'hours')).toBe('48.9 h');
    expect(f(101.994, 'seconds')).toBe('102 s');
    expect(f(4.6685, 'rating')).toBe('4.67');
    expect(f(1.054, 'index')).toBe('1.05×');
    expect(f(68, 'percent')).toBe('68%');
    expect(f(3, 'points')).toBe('3 pts');
    expect(f(0.9, 'percentile')).toBe('top 10%');
    // Never "top 0%": the best of the category is in the top 1%.
    expect(f(1, 'percentile')).toBe('top 1%');
  });

  it('formats them in Chinese', () => {
    const f = (v: number, u: Parameters<typeof formatMetricValue>[1]) => formatMetricValue(v, u, zh.t, 'zh');
    expect(f(48.8794, 'hours')).toBe('48.9 小时');
    expect(f(101.994, 'seconds')).toBe('102 秒');
    expect(f(3, 'points')).toBe('3 分');
    expect(f(0.6, 'percentile')).toBe('前 40%');
    expect(f(0.1032, 'ratio')).toBe('10.3%');
  });

  it('names the unit a configuration input is typed in', () => {
    expect(unitSuffix('ratio', en.t)).toBe('%');
    expect(unitSuffix('percentile', en.t)).toBe('%');
    expect(unitSuffix('hours', en.t)).toBe('h');
    expect(unitSuffix('seconds', zh.t)).toBe('秒');
    expect(unitSuffix('rating', en.t)).toBeUndefined();
  });
});

describe('advice', () => {
  const advice: Advice = {
    code: 'improve_delivery_hours',
    metric: 'delivery_hours',
    gain: 0.0472,
    params: { value: 48.8794, target: 30, unit: 'hours', percentile: 0.4545 },
    text: 'Ship faster or use a faster carrier: now 48.9 h, aim for 30.0 h (up to +0.05).',
  };

  it('translates advice by its code, with the figures formatted by unit', () => {
    expect(adviceText(advice, en.t, en.known, 'en')).toBe(
      'Ship faster or use a faster carrier: now 48.9 h, aim for 30.0 h.',
    );
    expect(adviceText(advice, zh.t, zh.known, 'zh')).toBe(
      '加快发货，或选择更快的快递：当前 48.9 小时，建议达到 30.0 小时。',
    );
  });

  it('shows a relative metric’s raw figure beside its standing when given the metric', () => {
    const sales: Advice = {
      code: 'improve_sales_velocity',
      metric: 'sales_velocity',
      gain: 4.2,
      params: { value: 0.6, target: 0.8, unit: 'percentile', percentile: 0.6 },
      text: 'Grow sales: promotions, live slots and creator distribution: now top 40%, aim for top 20% (up to +4.2).',
    };
    const metric = { value: 2.3125, baseUnit: 'units_per_day' as const };
    expect(adviceText(sales, en.t, en.known, 'en', metric)).toBe(
      'Grow sales: promotions, live slots and creator distribution: now 2.3 units/day · top 40%, aim for top 20%.',
    );
    expect(adviceText(sales, zh.t, zh.known, 'zh', metric)).toBe(
      '提升销量：参加促销、直播和达人分销：当前 2.3 件/天 · 前 40%，建议达到 前 20%。',
    );
    // Without the metric (or its base unit) the standing alone, as before.
    expect(adviceText(sales, en.t, en.known, 'en')).toContain('now top 40%, aim');
    expect(adviceText(sales, en.t, en.known, 'en', { value: 2.3, baseUnit: undefined })).toContain(
      'now top 40%, aim',
    );
    // An absolute metric's figure is its value already: nothing is added.
    expect(adviceText(advice, en.t, en.known, 'en', { value: 48.8794 })).toBe(
      'Ship faster or use a faster carrier: now 48.9 h, aim for 30.0 h.',
    );
  });

  it('falls back to the server’s sentence for a code it does not know', () => {
    const unknown = { ...advice, code: 'improve_something_new', metric: 'something_new' };
    expect(adviceText(unknown, zh.t, zh.known, 'zh')).toBe(advice.text);
  });

  it('has advice and a label in both languages for every metric', () => {
    for (const key of Object.keys(scoreEn.metric)) {
      expect(scoreZh.metric[key as keyof typeof scoreZh.metric]).toBeTruthy();
      expect(scoreEn.advice[`improve_${key}` as keyof typeof scoreEn.advice]).toBeTruthy();
      expect(scoreZh.advice[`improve_${key}` as keyof typeof scoreZh.advice]).toBeTruthy();
    }
  });
});

describe('grades', () => {
  const grades = [
    { grade: 'A', min: 4.6 },
    { grade: 'B', min: 4.3 },
    { grade: 'C', min: 4 },
    { grade: 'D', min: null },
  ];
  it('finds the grade a score falls in, minimums inclusive', () => {
    expect(gradeOf(4.6, grades)).toBe('A');
    expect(gradeOf(4.59, grades)).toBe('B');
    expect(gradeOf(4, grades)).toBe('C');
    expect(gradeOf(3.1, grades)).toBe('D');
  });
});

describe('the raw figure a relative metric ranks', () => {
  it('formats it by its base unit in both languages', () => {
    expect(formatBaseValue(2.3125, 'units_per_day', en.t, 'en')).toBe('2.3 units/day');
    expect(formatBaseValue(2.3125, 'units_per_day', zh.t, 'zh')).toBe('2.3 件/天');
    expect(formatBaseValue(0.0333, 'units_per_day', en.t, 'en')).toBe('0.03 units/day');
    expect(formatBaseValue(0, 'units_per_day', en.t, 'en')).toBe('0 units/day');
    expect(formatBaseValue(1234.56, 'units_per_day', en.t, 'en')).toBe('1,234.6 units/day');
    expect(formatBaseValue(0.041, 'ratio', en.t, 'en')).toBe('4.10%');
    expect(formatBaseValue(0.1532, 'ratio', zh.t, 'zh')).toBe('15.3%');
    // Money is integer fen, shown as yuan with two decimals (a smoothed figure rounds to the fen first).
    expect(formatBaseValue(4224480, 'fen', en.t, 'en')).toBe('¥42,244.80');
    expect(formatBaseValue(4224480.4, 'fen', zh.t, 'zh')).toBe('¥42,244.80');
    expect(formatBaseValue(99, 'fen', en.t, 'en')).toBe('¥0.99');
    // A unit from a newer server is not guessed at.
    expect(formatBaseValue(7, 'litres' as never, en.t, 'en')).toBeNull();
  });

  it('shows it before the percentile for relative metrics, and values by unit for the rest', () => {
    const rel = (value: number | null, baseUnit: 'units_per_day' | 'ratio' | 'fen' | undefined, p: number) =>
      ({ unit: 'percentile', value, percentile: p, baseUnit }) as const;
    expect(formatMetricNow(rel(2.3125, 'units_per_day', 0.92), en.t, 'en')).toBe('2.3 units/day · top 8%');
    expect(formatMetricNow(rel(0.041, 'ratio', 0.8), en.t, 'en')).toBe('4.10% · top 20%');
    expect(formatMetricNow(rel(4224480, 'fen', 0.97), en.t, 'en')).toBe('¥42,244.80 · top 3%');
    expect(formatMetricNow(rel(2.3125, 'units_per_day', 0.92), zh.t, 'zh')).toBe('2.3 件/天 · 前 8%');
    expect(formatMetricNow(rel(4224480, 'fen', 0.97), zh.t, 'zh')).toBe('¥42,244.80 · 前 3%');
    // Without a base unit (an older server) the raw figure has no unit to show: the percentile alone.
    expect(formatMetricNow(rel(4224480, undefined, 0.97), en.t, 'en')).toBe('top 3%');
    expect(formatMetricNow(rel(null, 'fen', 0.97), en.t, 'en')).toBe('top 3%');
    expect(
      formatMetricNow({ unit: 'percentile', value: 3, percentile: null, baseUnit: 'fen' }, en.t, 'en'),
    ).toBeNull();
    expect(formatMetricNow({ unit: 'hours', value: 48.8794, percentile: 0.4 }, zh.t, 'zh')).toBe('48.9 小时');
    expect(formatMetricNow({ unit: 'ratio', value: null, percentile: null }, en.t, 'en')).toBeNull();
  });
});

describe('names', () => {
  const cat = { groupId: 'c020303', groupName: 'Oral care', groupNameZh: '口腔护理' };
  it('names the peer category in the reader’s language, falling back to English and then the id', () => {
    expect(groupLabel(cat, 'en')).toBe('Oral care');
    expect(groupLabel(cat, 'zh')).toBe('口腔护理');
    expect(groupLabel({ ...cat, groupNameZh: null }, 'zh')).toBe('Oral care');
    expect(groupLabel({ ...cat, groupName: null, groupNameZh: null }, 'zh')).toBe('c020303');
    expect(groupLabel({ ...cat, groupName: null }, 'en')).toBe('c020303');
  });

  it('names who saved a configuration: the user’s name, “system” translated, else the id', () => {
    expect(savedBy({ createdBy: 'u-17', createdByName: 'Lin Operator' }, en.t)).toBe('Lin Operator');
    expect(savedBy({ createdBy: 'system', createdByName: null }, en.t)).toBe('system');
    expect(savedBy({ createdBy: 'system', createdByName: null }, zh.t)).toBe('系统');
    expect(savedBy({ createdBy: 'key_ops', createdByName: null }, zh.t)).toBe('key_ops');
    expect(savedBy({ createdBy: null, createdByName: null }, en.t)).toBe('—');
  });
});

describe('the figure a metric is scored on', () => {
  it('is the percentile for relative metrics, whose value is a raw figure without a unit', () => {
    expect(scoredValue({ unit: 'percentile', value: 4224480, percentile: 0.9216 })).toBe(0.9216);
    expect(scoredValue({ unit: 'ratio', value: 0.0116, percentile: 1 })).toBe(0.0116);
    expect(scoredValue({ unit: 'hours', value: null, percentile: null })).toBeNull();
  });
});
