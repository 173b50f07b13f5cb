// Pure helpers of the traffic pages: days and exposure pivots for the charts, program names and parameter
// summaries, the program form's values and API bodies both ways, and the server's refusals in the reader's
// language. No React, no I/O: unit-tested in traffic-format.test.ts.
import { formatCountCompact, formatDay, formatFen, formatNumber, type Lang, yuanToFen } from '../../format';
import type { TrafficKey } from './traffic-i18n';
import {
  type AnyParams,
  type BudgetParams,
  type ChuanliuParams,
  DEFAULT_PARAMS,
  type ExposureRow,
  type Participant,
  type Program,
  type ProgramKind,
  type ProgramStatus,
  type ProtectionParams,
  type RaceMetric,
  type RaceParams,
  SCENES,
  type TrafficSettings,
} from './traffic-types';

type T = (key: TrafficKey, options?: Record<string, unknown>) => string;

// ---- Days ----

/** 'YYYY-MM-DD' shifted by whole days (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Today's business day in the marketplace zone (Asia/Shanghai), as the server counts days. */
export const businessToday = (now = Date.now()): string => formatDay(new Date(now).toISOString());

/** The last `days` business days up to today: the `from` and `to` of a report. */
export function lastDays(days: number, now = Date.now()): { from: string; to: string } {
  const to = businessToday(now);
  return { from: addDays(to, -(days - 1)), to };
}

// ---- Figures ----

/** Exposures are counts: grouped digits. */
export const exposuresText = (n: number, lang: Lang): string => formatNumber(n, lang);
/** Exposures for cards and axes: "12.3K" / "1.2万". */
export const exposuresCompact = (n: number, lang: Lang): string => formatCountCompact(n, lang);
/** A share 0–1 as a percentage with one decimal: "12.5%". */
export const percent = (share: number): string => `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
/** `part / whole`, 0 when there is no whole. */
export const shareOf = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

/** A program in the reader's language (its Chinese name when it has one). */
export const programName = (p: Pick<Program, 'name' | 'nameZh'>, lang: Lang): string =>
  lang === 'zh' && p.nameZh ? p.nameZh : p.name;

// ---- Exposure pivots ----

export interface ExposureSummary {
  total: number;
  /** Exposures in program slots (the programs' cost). */
  programs: number;
  organic: number;
  holdout: number;
  byProgram: Map<string, number>;
}

export function summarize(rows: readonly ExposureRow[]): ExposureSummary {
  const s: ExposureSummary = { total: 0, programs: 0, organic: 0, holdout: 0, byProgram: new Map() };
  for (const r of rows) {
    s.total += r.exposures;
    if (r.programId) {
      s.programs += r.exposures;
      s.byProgram.set(r.programId, (s.byProgram.get(r.programId) ?? 0) + r.exposures);
    } else s.organic += r.exposures;
    if (r.arm === 'holdout') s.holdout += r.exposures;
  }
  return s;
}

/** The scenes present in rows, in the usual order (unknown scenes last, as they came). */
export function scenesOf(rows: readonly ExposureRow[]): string[] {
  const present = new Set(rows.map((r) => r.scene));
  const known = SCENES.filter((s) => present.has(s));
  return [...known, ...[...present].filter((s) => !(SCENES as readonly string[]).includes(s)).sort()];
}

/**
 * One row per day from `from` to `to` (days without traffic are zero) with a column per scene, plus
 * `programs` and `organic`: the dataset of the daily charts.
 */
export function dailyByScene(
  rows: readonly ExposureRow[],
  from: string,
  to: string,
): { scenes: string[]; source: Record<string, string | number>[] } {
  const scenes = scenesOf(rows);
  const byDay = new Map<string, Record<string, string | number>>();
  for (const day of daysBetween(from, to))
    byDay.set(day, { day, programs: 0, organic: 0, ...Object.fromEntries(scenes.map((s) => [s, 0])) });
  for (const r of rows) {
    const row = byDay.get(r.day);
    if (!row) continue;
    row[r.scene] = Number(row[r.scene] ?? 0) + r.exposures;
    const k = r.programId ? 'programs' : 'organic';
    row[k] = Number(row[k]) + r.exposures;
  }
  return { scenes, source: [...byDay.values()] };
}

export interface SceneLine {
  scene: string;
  exposures: number;
  programs: number;
  holdout: number;
}

/** Exposures per scene with what programs delivered and what the holdout arm saw there. */
export function byScene(rows: readonly ExposureRow[]): SceneLine[] {
  const m = new Map<string, SceneLine>();
  for (const s of scenesOf(rows)) m.set(s, { scene: s, exposures: 0, programs: 0, holdout: 0 });
  for (const r of rows) {
    const l = m.get(r.scene);
    if (!l) continue;
    l.exposures += r.exposures;
    if (r.programId) l.programs += r.exposures;
    if (r.arm === 'holdout') l.holdout += r.exposures;
  }
  return [...m.values()];
}

// ---- Program parameters ----

/** One line saying what a program's parameters are, e.g. "45 days · ×1.5 · 2,000 a day". */
/** A category id as read (its name in the reader's language when the console knows it). */
export type CategoryName = (id: string) => string;
const sameId: CategoryName = (id) => id;

export function paramsSummary(
  kind: ProgramKind,
  params: AnyParams,
  t: T,
  lang: Lang,
  category: CategoryName = sameId,
): string {
  const n = (v: number) => formatNumber(v, lang);
  switch (kind) {
    case 'protection': {
      const p = { ...DEFAULT_PARAMS.protection, ...(params as Partial<ProtectionParams>) };
      return t('summary.protection', { days: p.days, boost: p.boost, minDaily: n(p.minDaily) });
    }
    case 'chuanliu': {
      const p = { ...DEFAULT_PARAMS.chuanliu, ...(params as Partial<ChuanliuParams>) };
      return t('summary.chuanliu', {
        merchant: p.merchantPerYuan,
        creator: p.creatorPerYuan,
        days: p.validDays,
        cap: n(p.dailyCap),
      });
    }
    case 'budget': {
      const p = { ...DEFAULT_PARAMS.budget, ...(params as Partial<BudgetParams>) };
      return t('summary.budget', {
        pool: n(p.pool),
        scenes: p.scenes.map((s) => t(`scene.${s}`)).join(t('summary.listSep')),
        rule: t(`rule.${p.rule}`),
        enrolment: t(`enrolment.${p.enrolment}`),
      });
    }
    case 'horse_race': {
      const p = { ...DEFAULT_PARAMS.horse_race, ...(params as Partial<RaceParams>) };
      return t('summary.horse_race', {
        category: p.categoryId ? category(p.categoryId) : '—',
        metric: t(`metric.${p.metric}`),
        topN: p.topN,
        first: n(p.prizes[0] ?? 0),
      });
    }
  }
}

/** Each parameter of a program as a label key and its value as read, for a description list. */
export function paramEntries(
  kind: ProgramKind,
  params: AnyParams,
  t: T,
  lang: Lang,
  category: CategoryName = sameId,
): { key: string; label: TrafficKey; value: string }[] {
  const p = { ...DEFAULT_PARAMS[kind], ...(params as object) } as Record<string, unknown>;
  const n = (v: unknown) => formatNumber(Number(v ?? 0), lang);
  const sep = t('summary.listSep');
  const text = (key: string): string => {
    const v = p[key];
    switch (key) {
      case 'boost':
        return `×${v}`;
      case 'minStoreScore':
        return v === null || v === undefined ? '—' : String(v);
      case 'categoryIds':
        return Array.isArray(v) && v.length
          ? v.map((c) => category(String(c))).join(sep)
          : t('mine.budget.anyStore');
      case 'enrolment':
        return t(`enrolment.${v as 'open'}`);
      case 'rule':
        return t(`rule.${v as 'equal'}`);
      case 'scenes':
        return Array.isArray(v) ? v.map((s) => t(`scene.${s as 'feed'}`)).join(sep) : '';
      case 'metric':
        return t(`metric.${v as 'gmv'}`);
      case 'categoryId':
        return v ? category(String(v)) : '—';
      case 'prizes':
        return Array.isArray(v) ? v.map(n).join(' / ') : '';
      case 'minPreviousGmv':
        return formatFen(Number(v ?? 0), lang);
      case 'merchantPerYuan':
      case 'creatorPerYuan':
        return String(v);
      default:
        return n(v);
    }
  };
  return Object.keys(DEFAULT_PARAMS[kind]).map((key) => ({
    key,
    label: `form.${kind}.${key}` as TrafficKey,
    value: text(key),
  }));
}

/** What a participant's `detail` says, by the program's kind. */
export function participantDetail(
  program: Pick<Program, 'kind'>,
  p: Pick<Participant, 'detail'>,
  tt: T,
  lang: Lang,
): string {
  const d = p.detail;
  switch (program.kind) {
    case 'protection': {
      if (typeof d.firstLiveAt !== 'string') return '';
      const first = tt('participants.firstLive', { day: formatDay(d.firstLiveAt) });
      const until = tt('participants.protectedUntil', {
        day: protectedUntil(d.firstLiveAt, Number(d.days ?? 0)),
      });
      return `${first} · ${until}`;
    }
    case 'horse_race': {
      if (!d.month) return '';
      const raced = tt('participants.raced', { month: d.month, rank: d.rank });
      return d.paidIn ? `${raced} · ${tt('participants.paidIn', { month: d.paidIn })}` : raced;
    }
    case 'budget':
      return 'gmv30d' in d
        ? tt('participants.budgetDetail', {
            score: d.score ?? tt('participants.scoreNone'),
            gmv: formatFen(Number(d.gmv30d ?? 0), lang),
          })
        : '';
    default:
      return '';
  }
}

/** The console path of a program's page. */
export const programPath = (id: string): string => `/traffic/programs/${encodeURIComponent(id)}`;

/** A race metric's value as read: money for GMV, a percentage for growth, a count for orders. */
export function metricValue(metric: RaceMetric, value: number, lang: Lang): string {
  if (metric === 'gmv' || metric === 'live_gmv') return formatFen(value, lang);
  if (metric === 'gmv_growth') return `${value >= 0 ? '+' : ''}${percent(value)}`;
  return formatNumber(value, lang);
}

/** The last protected business day of a room first on air at `firstLiveAt`, protected for `days` days. */
export function protectedUntil(firstLiveAt: string, days: number): string {
  return addDays(formatDay(firstLiveAt), days - 1);
}

// ---- The program form ----

export interface ProgramFormValues {
  kind: ProgramKind;
  name?: string;
  nameZh?: string;
  startsOn?: string;
  endsOn?: string | null;
  status?: ProgramStatus;
  note?: string;
  /** The kind's parameters; minPreviousGmv in yuan (the API's is fen). */
  params: Record<string, unknown>;
}

const fenToYuan = (fen: number): number => fen / 100;

/** A kind's parameters as the form holds them. */
export function paramsToForm(
  kind: ProgramKind,
  params: Partial<AnyParams> | undefined,
): Record<string, unknown> {
  const p: Record<string, unknown> = { ...DEFAULT_PARAMS[kind], ...(params ?? {}) };
  if (kind === 'horse_race') p.minPreviousGmv = fenToYuan(Number(p.minPreviousGmv ?? 0));
  if (Array.isArray(p.prizes)) p.prizes = [...p.prizes];
  if (Array.isArray(p.categoryIds)) p.categoryIds = [...p.categoryIds];
  if (Array.isArray(p.scenes)) p.scenes = [...p.scenes];
  return p;
}

/** The form's parameters as the API takes them: only the kind's own keys, money back to fen. */
export function paramsFromForm(kind: ProgramKind, form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_PARAMS[kind])) {
    let v = form[key];
    if (v === undefined) continue;
    if (kind === 'horse_race' && key === 'minPreviousGmv') v = v === null ? undefined : yuanToFen(Number(v));
    if (key === 'prizes' && Array.isArray(v)) v = v.filter((x) => x !== null && x !== undefined);
    if (key === 'categoryIds' && Array.isArray(v)) v = v.map((x) => String(x).trim()).filter(Boolean);
    if (key === 'categoryId' && typeof v === 'string') v = v.trim();
    if (v !== undefined) out[key] = v;
  }
  return out;
}

export function programToForm(p: Program | null, today: string): ProgramFormValues {
  if (!p)
    return { kind: 'protection', startsOn: today, endsOn: null, params: paramsToForm('protection', {}) };
  return {
    kind: p.kind,
    name: p.name,
    nameZh: p.nameZh ?? '',
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    status: p.status,
    note: '',
    params: paramsToForm(p.kind, p.params),
  };
}

/** POST /v1/traffic/programs */
export function createBody(v: ProgramFormValues) {
  return {
    kind: v.kind,
    name: (v.name ?? '').trim(),
    ...(v.nameZh?.trim() ? { nameZh: v.nameZh.trim() } : {}),
    startsOn: v.startsOn ?? '',
    ...(v.endsOn ? { endsOn: v.endsOn } : {}),
    params: paramsFromForm(v.kind, v.params),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** PATCH /v1/traffic/programs/:id: the version the edit started from and only what changed. */
export function patchBody(v: ProgramFormValues, p: Program) {
  const body: Record<string, unknown> = { baseVersion: p.version };
  const name = (v.name ?? '').trim();
  if (name !== p.name) body.name = name;
  const nameZh = v.nameZh?.trim() || null;
  if (nameZh !== (p.nameZh || null)) body.nameZh = nameZh;
  if (v.startsOn && v.startsOn !== p.startsOn) body.startsOn = v.startsOn;
  const endsOn = v.endsOn || null;
  if (endsOn !== p.endsOn) body.endsOn = endsOn;
  if (v.status && v.status !== p.status) body.status = v.status;
  const params = paramsFromForm(p.kind, v.params);
  const current = p.params as unknown as Record<string, unknown>;
  const changed = Object.fromEntries(Object.entries(params).filter(([k, x]) => !same(x, current[k])));
  if (Object.keys(changed).length) body.params = changed;
  if (v.note?.trim()) body.note = v.note.trim();
  return body;
}

/** What changed from one saved version to the next: field names (params as `params.<key>`). */
export function versionChanges(
  next: { name: string; startsOn: string; endsOn: string | null; status: string; params: unknown },
  prev:
    | { name: string; startsOn: string; endsOn: string | null; status: string; params: unknown }
    | undefined,
): string[] {
  if (!prev) return [];
  const out: string[] = [];
  for (const k of ['name', 'startsOn', 'endsOn', 'status'] as const) if (next[k] !== prev[k]) out.push(k);
  const a = (next.params ?? {}) as Record<string, unknown>;
  const b = (prev.params ?? {}) as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
    if (!same(a[k], b[k])) out.push(`params.${k}`);
  return out;
}

/** The version now in force named by a 409's `baseVersion` issue ("current version is 4"), if any. */
export function staleVersion(issues: readonly { field: string; reason: string }[]): number | null {
  const m = /current version is (\d+)/.exec(issues.find((i) => i.field === 'baseVersion')?.reason ?? '');
  return m ? Number(m[1]) : null;
}

// ---- The server's refusals ----

const ISSUES: { re: RegExp; key: TrafficKey; params?: (m: RegExpExecArray) => Record<string, string> }[] = [
  { re: /^must be >= (-?[\d.]+)$/, key: 'issue.min', params: (m) => ({ n: m[1] ?? '' }) },
  { re: /^must be > (-?[\d.]+)$/, key: 'issue.above', params: (m) => ({ n: m[1] ?? '' }) },
  { re: /^must be <= (-?[\d.]+)$/, key: 'issue.max', params: (m) => ({ n: m[1] ?? '' }) },
  { re: /^must be integer$/, key: 'issue.integer' },
  { re: /^must be (number|string|array|boolean)/, key: 'issue.type' },
  { re: /^is required$/, key: 'issue.required' },
  { re: /^unknown field$/, key: 'issue.unknown' },
  { re: /^must match format "date"$/, key: 'issue.date' },
  { re: /^must match pattern/, key: 'issue.pattern' },
  { re: /^must NOT have duplicate items/, key: 'issue.duplicate' },
  { re: /^must NOT have fewer than 1 characters$/, key: 'issue.required' },
  { re: /^must NOT have fewer than 1 items$/, key: 'issue.empty' },
  {
    re: /^must NOT have more than (\d+) (items|characters)$/,
    key: 'issue.tooMany',
    params: (m) => ({ n: m[1] ?? '' }),
  },
  { re: /^must be equal to one of the allowed values$/, key: 'issue.oneOf' },
  { re: /protection never demotes/, key: 'issue.boostMin' },
  { re: /^name at least one scene$/, key: 'issue.oneScene' },
  { re: /^required: the category whose stores race$/, key: 'issue.categoryRequired' },
  { re: /^name at least one prize$/, key: 'issue.onePrize' },
  { re: /^merchants or creators must earn something$/, key: 'issue.earnSomething' },
  { re: /^must not be before startsOn$/, key: 'issue.endBeforeStart' },
  { re: /^must hold 24 hourly shares$/, key: 'issue.curveLength' },
  { re: /^shares must be non-negative and not all zero$/, key: 'issue.curveZero' },
  { re: /^positions must be distinct$/, key: 'issue.slotsDistinct' },
  {
    re: /^positions must be below pageSize \((\d+)\)$/,
    key: 'issue.slotsBelowPage',
    params: (m) => ({ n: m[1] ?? '' }),
  },
  { re: /^must be at least pageSize$/, key: 'issue.candidatesPage' },
  {
    re: /^main category must be one of (.+)$/,
    key: 'issue.category',
    params: (m) => ({ list: m[1] ?? '' }),
  },
  { re: /^no store score yet$/, key: 'issue.noScore' },
  {
    re: /^score ([\d.]+) is below ([\d.]+)$/,
    key: 'issue.scoreBelow',
    params: (m) => ({ score: m[1] ?? '', min: m[2] ?? '' }),
  },
  {
    re: /^enrolment closed when the program started on (\S+)$/,
    key: 'issue.enrolClosed',
    params: (m) => ({ day: m[1] ?? '' }),
  },
  { re: /has started: participants stay to the end$/, key: 'issue.withdrawClosed' },
  { re: /^this program is by invitation/, key: 'issue.invite' },
  { re: /^program \S+ is (paused|ended)$/, key: 'issue.notActive' },
  { re: /^store (\S+) is not in the program's categories$/, key: 'issue.notInCategories' },
  {
    re: /^store \S+ needs an experience score of at least ([\d.]+)$/,
    key: 'issue.needsScore',
    params: (m) => ({ min: m[1] ?? '' }),
  },
];

/** A server sentence in the reader's language when it is a known one, else as the server wrote it. */
export function issueText(reason: string, t: T): string {
  for (const p of ISSUES) {
    const m = p.re.exec(reason);
    if (m) return t(p.key, p.params?.(m));
  }
  return reason;
}

// ---- A merchant and a budget ----

export type EnrolState =
  | { state: 'joinable' }
  | { state: 'enrolled'; storeIds: string[] }
  | { state: 'taking_part' }
  | { state: 'closed'; reason: 'started' | 'invite' | 'inactive' };

/**
 * Whether the merchant may still enrol in (or withdraw from) a budget: enrolment is open before the program
 * starts, to its eligible merchants themselves unless it is by invitation.
 */
export function budgetState(p: Program, mine: readonly Participant[], today: string): EnrolState {
  const started = today >= p.startsOn;
  const enrolled = mine.filter((x) => x.status === 'enrolled').map((x) => x.entityId);
  if (enrolled.length && !started && p.status === 'active') return { state: 'enrolled', storeIds: enrolled };
  if (mine.some((x) => x.status !== 'removed')) return { state: 'taking_part' };
  if (p.status !== 'active') return { state: 'closed', reason: 'inactive' };
  if (started) return { state: 'closed', reason: 'started' };
  if ((p.params as BudgetParams).enrolment === 'invite') return { state: 'closed', reason: 'invite' };
  return { state: 'joinable' };
}

// ---- Ranking settings ----

/** The settings as the form holds them: the holdout and the pacing lead as percentages. */
export type SettingsForm = Omit<TrafficSettings, 'holdoutBp' | 'pacingLead'> & {
  holdoutPct: number | null;
  pacingLeadPct: number | null;
};

const clean = (x: number): number => Number(x.toPrecision(12));

export function settingsToForm(s: TrafficSettings): SettingsForm {
  const { holdoutBp, pacingLead, ...rest } = s;
  return {
    ...rest,
    programSlots: [...s.programSlots],
    curve: [...s.curve],
    holdoutPct: clean(holdoutBp / 100),
    pacingLeadPct: clean(pacingLead * 100),
  };
}

/** PUT /v1/traffic/settings: the version the edit started from and only the settings that changed. */
export function settingsBody(f: SettingsForm, base: { version: number; settings: TrafficSettings }) {
  const { holdoutPct, pacingLeadPct, ...rest } = f;
  const next: TrafficSettings = {
    ...rest,
    programSlots: (f.programSlots ?? []).map(Number),
    curve: (f.curve ?? []).map((x) => Number(x ?? 0)),
    holdoutBp: Math.round(Number(holdoutPct ?? 0) * 100),
    pacingLead: clean(Number(pacingLeadPct ?? 0) / 100),
  };
  const cur = base.settings as unknown as Record<string, unknown>;
  const changed = Object.fromEntries(
    Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(cur[k])),
  );
  return { baseVersion: base.version, settings: changed as Partial<TrafficSettings> };
}

/** A settings issue's field as the form's (`settings.curve.3` → `curve`; holdoutBp → holdoutPct). */
export function settingsIssueField(field: string): string {
  const f = field.replace(/^settings\./, '');
  const head = f.split('.')[0] ?? f;
  if (head === 'holdoutBp') return 'holdoutPct';
  if (head === 'pacingLead') return 'pacingLeadPct';
  return head;
}

/** Each hour's share of the day, in percent (the curve's figures are relative weights). */
export function curveShares(curve: readonly (number | null | undefined)[]): number[] {
  const v = curve.map((x) => Math.max(0, Number(x ?? 0)));
  const total = v.reduce((a, b) => a + b, 0);
  return v.map((x) => (total > 0 ? Math.round((x / total) * 10000) / 100 : 0));
}
