import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreEn } from '../../i18n/scoring.en';
import { scoreZh } from '../../i18n/scoring.zh';
import {
  configIssueText,
  fromForm,
  issuePath,
  issueSection,
  knownPaths,
  namePath,
  staleNotice,
  toForm,
} from './config-form';
import type { KnownT, ScoreT } from './score-i18n';
import type { KindConfig, MetricCatalogue, ScoringConfig } from './score-types';

const kind = (metrics: KindConfig['metrics'], dimensions: Record<string, number>): KindConfig => ({
  windowDays: 30,
  priorStrength: 30,
  minVolume: 30,
  scale: { min: 3, max: 5 },
  grades: [
    { grade: 'A', min: 4.6 },
    { grade: 'B', min: 4.3 },
    { grade: 'D', min: null },
  ],
  dimensions,
  metrics,
});

const CONFIG: ScoringConfig = {
  store: kind(
    {
      cancel_rate: { weight: 2, floor: 0.12, target: 0.01 },
      stockout_rate: { weight: 1, floor: 0.07, target: 0 },
      delivery_hours: { weight: 2, floor: 110, target: 30 },
      product_rating: { weight: 2, floor: 3.2, target: 4.8 },
    },
    { stability: 0.4, logistics: 0.3, quality: 0.3 },
  ),
  product: kind({ sales_velocity: { weight: 2, floor: 0, target: 1 } }, { heat: 1 }),
  creator: kind({ repeat_rate: { weight: 1, floor: 0, target: 0.25 } }, { content: 1 }),
  linkage: {
    trafficMultiplier: { A: 1.3, B: 1.1, D: 0.7, N: 1 },
    campaignMinStoreScore: 4.3,
    campaignMinProductScore: 60,
    subsidyMinStoreScore: 4.5,
    campaignMinCreatorScore: 4.3,
  },
};

const def = (id: string, dimension: string, unit: string, higherIsBetter: boolean) => ({
  id,
  dimension,
  kind: 'rate' as const,
  unit: unit as 'ratio',
  higherIsBetter,
  definition: id,
});
const CATALOGUE: MetricCatalogue = {
  kinds: [
    {
      kind: 'store',
      volume: 'orders',
      dimensions: ['quality', 'logistics', 'stability'],
      metrics: [
        def('cancel_rate', 'stability', 'ratio', false),
        def('stockout_rate', 'stability', 'ratio', false),
        def('delivery_hours', 'logistics', 'hours', false),
        def('product_rating', 'quality', 'rating', true),
      ],
    },
    {
      kind: 'product',
      volume: 'units',
      dimensions: ['heat'],
      metrics: [def('sales_velocity', 'heat', 'percentile', true)],
    },
    {
      kind: 'creator',
      volume: 'orders',
      dimensions: ['content'],
      metrics: [def('repeat_rate', 'content', 'ratio', true)],
    },
  ],
};

describe('the configuration form', () => {
  it('edits rates and percentiles as percentages, without floating-point noise', () => {
    const v = toForm(CONFIG, CATALOGUE);
    expect(v.store.metrics.cancel_rate).toEqual({ weight: 2, floor: 12, target: 1 });
    expect(v.store.metrics.stockout_rate?.floor).toBe(7); // 0.07 × 100 is 7.000000000000001
    expect(v.store.metrics.delivery_hours).toEqual({ weight: 2, floor: 110, target: 30 });
    expect(v.product.metrics.sales_velocity).toEqual({ weight: 2, floor: 0, target: 100 });
    expect(v.linkage.trafficMultiplier.A).toBe(1.3);
    expect(v.linkage.campaignMinProductScore).toBe(60);
  });

  it('turns unchanged values back into the same configuration', () => {
    expect(fromForm(toForm(CONFIG, CATALOGUE), CONFIG, CATALOGUE)).toEqual(CONFIG);
  });

  it('carries edits back in the API’s units, keeping the scale and grade letters', () => {
    const v = toForm(CONFIG, CATALOGUE);
    v.store.metrics.cancel_rate = { weight: 3, floor: 15, target: 0.5 };
    v.store.grades[0] = { grade: 'A', min: 4.7 };
    v.store.minVolume = 50;
    v.linkage.subsidyMinStoreScore = 4.6;
    const c = fromForm(v, CONFIG, CATALOGUE);
    expect(c.store.metrics.cancel_rate).toEqual({ weight: 3, floor: 0.15, target: 0.005 });
    expect(c.store.grades).toEqual([
      { grade: 'A', min: 4.7 },
      { grade: 'B', min: 4.3 },
      { grade: 'D', min: null },
    ]);
    expect(c.store.minVolume).toBe(50);
    expect(c.store.scale).toEqual({ min: 3, max: 5 });
    expect(c.linkage.subsidyMinStoreScore).toBe(4.6);
  });
});

describe('the server’s issues', () => {
  let en: { t: ScoreT; known: KnownT };
  let zh: { t: ScoreT; known: KnownT };
  beforeAll(async () => {
    const make = async (lng: string) => {
      const i = i18next.createInstance();
      await i.init({
        lng,
        resources: { en: { translation: scoreEn }, zh: { translation: scoreZh } },
        interpolation: { escapeValue: false },
      });
      const t = i.t as unknown as ScoreT;
      const known: KnownT = (prefix, value, fallback) =>
        i.exists(`${prefix}.${value}`) ? t(`${prefix}.${value}` as never) : (fallback ?? value);
      return { t, known };
    };
    en = await make('en');
    zh = await make('zh');
  });

  it('maps API fields to form paths and sections', () => {
    expect(issuePath('config.store.metrics.cancel_rate.target')).toBe('store.metrics.cancel_rate.target');
    expect(namePath('store.grades.1.min')).toEqual(['store', 'grades', 1, 'min']);
    expect(issueSection('store.metrics.cancel_rate.target')).toBe('store');
    expect(issueSection('config.linkage.trafficMultiplier.A')).toBe('linkage');
    expect(issueSection('baseVersion')).toBeNull();
  });

  it('knows every path the form has a field for', () => {
    const paths = knownPaths(CONFIG);
    expect(paths.has('store.metrics.cancel_rate.target')).toBe(true);
    expect(paths.has('store.grades.0.min')).toBe(true);
    expect(paths.has('store.grades.2.min')).toBe(false); // the lowest grade has no minimum
    expect(paths.has('linkage.trafficMultiplier.N')).toBe(true);
    expect(paths.has('linkage.campaignMinCreatorScore')).toBe(true);
    expect(paths.has('store.dimensions')).toBe(false);
  });

  it('says which way a metric points when its target is on the wrong side', () => {
    const issue = {
      field: 'store.metrics.product_rating.target',
      reason: 'higher is better here: the target must be above the floor',
      code: 'floor_target_direction',
    };
    expect(configIssueText(issue, en.t, en.known, CATALOGUE)).toBe(
      'Higher is better here: the target must be above the floor.',
    );
    expect(
      configIssueText({ ...issue, field: 'store.metrics.cancel_rate.target' }, zh.t, zh.known, CATALOGUE),
    ).toBe('该指标越低越好：目标值必须低于底线值。');
  });

  it('translates known codes and keeps the server’s words otherwise', () => {
    const grades = { field: 'store.grades.1.min', reason: 'grades go from…', code: 'grades_order' };
    expect(configIssueText(grades, zh.t, zh.known, CATALOGUE)).toBe('每个等级的最低分必须低于上一等级。');
    expect(configIssueText({ field: 'x', reason: 'is required' }, zh.t, zh.known, CATALOGUE)).toBe(
      'is required',
    );
    expect(configIssueText({ field: 'x', reason: 'odd', code: 'new_code' }, en.t, en.known, CATALOGUE)).toBe(
      'odd',
    );
  });

  it('names the version in force when a save finds the configuration changed (409)', () => {
    const stale = [
      {
        field: 'baseVersion',
        reason: 'is 3, the current version is 5',
        code: 'stale_version',
        params: { base: 3, current: 5 },
      },
    ];
    expect(staleNotice(stale, en.t)).toBe(
      'Version 5 was saved meanwhile (your edit started from version 3). Reload it and make your change again.',
    );
    expect(staleNotice(stale, zh.t)).toBe(
      '其他人已保存了版本 5（你是基于版本 3 修改的）。请重新加载后再修改。',
    );
    // An older server's 409 without the versions: the general notice.
    expect(staleNotice([{ field: 'baseVersion', reason: 'stale' }], en.t)).toBe(
      'Someone saved a newer version meanwhile. Reload it and make your change again.',
    );
    expect(staleNotice([], zh.t)).toBe('其他人已保存了更新的版本。请重新加载后再修改。');
  });
});
