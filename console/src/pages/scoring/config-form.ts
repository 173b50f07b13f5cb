// The configuration form's values and the API body, both ways, and the server's 422 issues as form
// paths and translated text. Rates and percentiles are edited as percentages (0.005 → 0.5), every other
// unit as the API has it. No React, no I/O: unit-tested in config-form.test.ts.
import type { FieldIssue } from '../../api-types';
import type { KnownT, ScoreT } from './score-i18n';
import {
  type KindConfig,
  type Linkage,
  type MetricCatalogue,
  type MetricDef,
  SCORE_KINDS,
  type ScoreKind,
  type ScoringConfig,
  type Unit,
} from './score-types';

export interface KindForm {
  windowDays: number | null;
  priorStrength: number | null;
  minVolume: number | null;
  grades: { grade: string; min: number | null }[];
  dimensions: Record<string, number | null>;
  metrics: Record<string, { weight: number | null; floor: number | null; target: number | null }>;
}

export interface ConfigFormValues {
  store: KindForm;
  product: KindForm;
  creator: KindForm;
  linkage: {
    trafficMultiplier: Record<string, number | null>;
  } & Record<Exclude<keyof Linkage, 'trafficMultiplier'>, number | null>;
  note?: string;
}

/** Units edited as a percentage in the form. */
export const asPercent = (unit: Unit | undefined): boolean => unit === 'ratio' || unit === 'percentile';

// Twelve significant digits: 0.07 × 100 is 7.000000000000001 in floating point.
const clean = (x: number): number => Number(x.toPrecision(12));
const toDisplay = (v: number, unit: Unit | undefined) => (asPercent(unit) ? clean(v * 100) : v);
const fromDisplay = (v: number | null, unit: Unit | undefined): number =>
  v === null ? Number.NaN : asPercent(unit) ? clean(v / 100) : v;
const num = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);

/** A kind's metric definitions by id. */
export function metricDefs(catalogue: MetricCatalogue | undefined, kind: ScoreKind): Map<string, MetricDef> {
  const entry = catalogue?.kinds.find((k) => k.kind === kind);
  return new Map((entry?.metrics ?? []).map((m) => [m.id, m]));
}

function kindToForm(k: KindConfig, defs: Map<string, MetricDef>): KindForm {
  return {
    windowDays: k.windowDays,
    priorStrength: k.priorStrength,
    minVolume: k.minVolume,
    grades: k.grades.map((g) => ({ ...g })),
    dimensions: { ...k.dimensions },
    metrics: Object.fromEntries(
      Object.entries(k.metrics).map(([id, m]) => {
        const unit = defs.get(id)?.unit;
        return [id, { weight: m.weight, floor: toDisplay(m.floor, unit), target: toDisplay(m.target, unit) }];
      }),
    ),
  };
}

export function toForm(config: ScoringConfig, catalogue: MetricCatalogue | undefined): ConfigFormValues {
  const { trafficMultiplier, ...thresholds } = config.linkage;
  return {
    store: kindToForm(config.store, metricDefs(catalogue, 'store')),
    product: kindToForm(config.product, metricDefs(catalogue, 'product')),
    creator: kindToForm(config.creator, metricDefs(catalogue, 'creator')),
    linkage: { trafficMultiplier: { ...trafficMultiplier }, ...thresholds },
    note: '',
  };
}

function kindFromForm(f: KindForm, base: KindConfig, defs: Map<string, MetricDef>): KindConfig {
  return {
    windowDays: num(f.windowDays),
    priorStrength: num(f.priorStrength),
    minVolume: num(f.minVolume),
    // The scale is not edited here; grade letters stay, their minimums change (the lowest has none).
    scale: base.scale,
    grades: base.grades.map((g, i) => ({
      grade: g.grade,
      min: g.min === null ? null : num(f.grades[i]?.min),
    })),
    dimensions: Object.fromEntries(Object.keys(base.dimensions).map((d) => [d, num(f.dimensions[d])])),
    metrics: Object.fromEntries(
      Object.keys(base.metrics).map((id) => {
        const m = f.metrics[id];
        const unit = defs.get(id)?.unit;
        return [
          id,
          {
            weight: num(m?.weight),
            floor: fromDisplay(m?.floor ?? null, unit),
            target: fromDisplay(m?.target ?? null, unit),
          },
        ];
      }),
    ),
  };
}

/** The configuration the form describes, on top of the version it was loaded from. */
export function fromForm(
  values: ConfigFormValues,
  base: ScoringConfig,
  catalogue: MetricCatalogue | undefined,
): ScoringConfig {
  const [store, product, creator] = SCORE_KINDS.map((k) =>
    kindFromForm(values[k], base[k], metricDefs(catalogue, k)),
  ) as [KindConfig, KindConfig, KindConfig];
  const l = values.linkage;
  return {
    store,
    product,
    creator,
    linkage: {
      trafficMultiplier: Object.fromEntries(
        Object.keys(base.linkage.trafficMultiplier).map((g) => [g, num(l.trafficMultiplier[g])]),
      ),
      campaignMinStoreScore: num(l.campaignMinStoreScore),
      campaignMinProductScore: num(l.campaignMinProductScore),
      subsidyMinStoreScore: num(l.subsidyMinStoreScore),
      campaignMinCreatorScore: num(l.campaignMinCreatorScore),
    },
  };
}

/** A 422's field (`store.metrics.cancel_rate.target`, or `config.store…` from the schema check) as the form's path. */
export const issuePath = (field: string): string => field.replace(/^config\./, '');

/** A form path string as an antd name path: numeric segments index arrays. */
export const namePath = (path: string): (string | number)[] =>
  path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** The score kind an issue belongs to, or 'linkage' / null for the rest. */
export function issueSection(field: string): ScoreKind | 'linkage' | null {
  const head = issuePath(field).split('.')[0] ?? '';
  return (SCORE_KINDS as readonly string[]).includes(head) || head === 'linkage'
    ? (head as ScoreKind | 'linkage')
    : null;
}

/**
 * An issue in the reader's language: known codes translated (a target on the wrong side of its floor says
 * which way the metric points), anything else in the server's words.
 */
export function configIssueText(
  issue: FieldIssue,
  t: ScoreT,
  known: KnownT,
  catalogue: MetricCatalogue | undefined,
): string {
  if (issue.code === 'floor_target_direction') {
    const [kind, , id] = issuePath(issue.field).split('.');
    const def = metricDefs(catalogue, kind as ScoreKind).get(id ?? '');
    if (def) return t(def.higherIsBetter ? 'issue.floor_target_up' : 'issue.floor_target_down');
    return issue.reason;
  }
  return issue.code ? known('issue', issue.code, issue.reason) : issue.reason;
}

/**
 * A 409's notice: someone saved since this edit began. Names the version now in force (and the one the
 * edit started from) when the server's `stale_version` issue carries them.
 */
export function staleNotice(issues: readonly FieldIssue[], t: ScoreT): string {
  const p = issues.find((i) => i.code === 'stale_version')?.params;
  const base = Number(p?.base);
  const current = Number(p?.current);
  return p && Number.isInteger(base) && Number.isInteger(current) && current > 0
    ? t('config.staleVersion', { base, current })
    : t('config.stale');
}

/** Every API path the form has a field for (issues elsewhere are listed above the form). */
export function knownPaths(c: ScoringConfig): Set<string> {
  const out = new Set<string>();
  for (const k of SCORE_KINDS) {
    const kc = c[k];
    for (const f of ['windowDays', 'priorStrength', 'minVolume']) out.add(`${k}.${f}`);
    kc.grades.forEach((g, i) => {
      if (g.min !== null) out.add(`${k}.grades.${i}.min`);
    });
    for (const d of Object.keys(kc.dimensions)) out.add(`${k}.dimensions.${d}`);
    for (const id of Object.keys(kc.metrics))
      for (const f of ['weight', 'floor', 'target']) out.add(`${k}.metrics.${id}.${f}`);
  }
  const { trafficMultiplier, ...thresholds } = c.linkage;
  for (const g of Object.keys(trafficMultiplier)) out.add(`linkage.trafficMultiplier.${g}`);
  for (const t of Object.keys(thresholds)) out.add(`linkage.${t}`);
  return out;
}
