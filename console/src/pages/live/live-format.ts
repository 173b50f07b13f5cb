// Pure helpers of the live pages: who hosts a session and when, the KPI cards with their definitions, the
// session timeline (minutes, explanation windows), the list filters kept in the URL, the schedule form's API
// body, penetration against targets, and the server's refusals in the reader's language. No React, no I/O:
// unit-tested in live-format.test.ts.
import {
  formatBp,
  formatFen,
  formatFenCompact,
  formatInstant,
  formatNumber,
  type Lang,
  yuanToFen,
} from '../../format';
import { daysBetween } from '../traffic/traffic-format';
import type { LiveKey } from './live-i18n';
import {
  type Dashboard,
  type Explanation,
  HOST_TYPES,
  type HostType,
  type LiveMetrics,
  type Penetration,
  SESSION_STATUSES,
  type SessionFilters,
  type SessionStatus,
  type SessionSummary,
  type TimelineMinute,
} from './live-types';

type T = (key: LiveKey, options?: Record<string, unknown>) => string;

// ---- Times ----

/** The marketplace's zone is Asia/Shanghai, UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET = '+08:00';

/** A wall-clock 'YYYY-MM-DD HH:mm' in the marketplace zone as an RFC 3339 instant. */
export function marketTimeToInstant(wall: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::\d{2})?$/.exec(wall.trim());
  if (!m) throw new Error(`not a wall-clock time: ${wall}`);
  return `${m[1]}T${m[2]}:00${SHANGHAI_OFFSET}`;
}

/** An instant as 'HH:mm' in the marketplace zone, for timeline axes. */
export const minuteLabel = (instant: string): string => formatInstant(instant).slice(11);

/** Whole minutes between two instants (≥ 0); `to` null reads as `now`. */
export function minutesBetween(from: string, to: string | null, now = Date.now()): number {
  const end = to ? Date.parse(to) : now;
  return Math.max(0, Math.floor((end - Date.parse(from)) / 60_000));
}

/** A duration in minutes: "45 min", "2 h 05 min" / "45分钟", "2小时05分". */
export function durationText(minutes: number, lang: Lang): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'zh') return h ? `${h}小时${String(m).padStart(2, '0')}分` : `${m}分钟`;
  return h ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** Average watch time: "3m 05s" / "3分05秒"; under a minute "42s" / "42秒"; an hour or more "1h 02m" / "1小时02分". */
export function watchTimeText(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (lang === 'zh') {
    if (h) return `${h}小时${pad(m)}分`;
    return m ? `${m}分${pad(r)}秒` : `${r}秒`;
  }
  if (h) return `${h}h ${pad(m)}m`;
  return m ? `${m}m ${pad(r)}s` : `${r}s`;
}

/**
 * When a session is, as one line for the list: scheduled → its planned start; live → since when and how long;
 * ended → start, end and length.
 */
export function sessionWhen(s: SessionSummary, t: T, lang: Lang, now = Date.now()): string {
  if (s.status === 'scheduled')
    return s.scheduledAt ? t('when.planned', { at: formatInstant(s.scheduledAt) }) : '—';
  if (!s.startedAt) return '—';
  const length = durationText(minutesBetween(s.startedAt, s.endedAt, now), lang);
  if (s.status === 'live') return t('when.liveSince', { at: formatInstant(s.startedAt), length });
  const end = s.endedAt ? formatInstant(s.endedAt) : '';
  // Same day: the end shows as its time only.
  const endShown = end.slice(0, 10) === formatInstant(s.startedAt).slice(0, 10) ? end.slice(11) : end;
  return t('when.ran', { from: formatInstant(s.startedAt), to: endShown, length });
}

/** A session's title, or for an untitled one the day it ran (or is planned): "Live session, 11-26". */
export function sessionTitle(s: Pick<SessionSummary, 'title' | 'startedAt' | 'scheduledAt'>, t: T): string {
  if (s.title?.trim()) return s.title;
  const at = s.startedAt ?? s.scheduledAt;
  return at ? t('common.untitledOn', { day: formatInstant(at).slice(5, 10) }) : t('common.untitled');
}

/** The list's two-line time: the range (or planned start) and, once started, the length. */
export function sessionWhenParts(
  s: SessionSummary,
  t: T,
  lang: Lang,
  now = Date.now(),
): { range: string; length: string | null } {
  if (s.status === 'scheduled' || !s.startedAt)
    return {
      range: s.scheduledAt ? t('when.planned', { at: formatInstant(s.scheduledAt) }) : '—',
      length: null,
    };
  const length = durationText(minutesBetween(s.startedAt, s.endedAt, now), lang);
  const from = formatInstant(s.startedAt);
  if (s.status === 'live') return { range: t('when.since', { at: from }), length };
  const end = s.endedAt ? formatInstant(s.endedAt) : '';
  // Same day: the end's time only; another day: its month and day too, not the year again.
  return {
    range: `${from} – ${end.slice(0, 10) === from.slice(0, 10) ? end.slice(11) : end.slice(5)}`,
    length,
  };
}

// ---- Hosts ----

/** Who streams: the store itself, a creator, or an agency's creator on the merchant's behalf. */
export function hostLine(
  s: Pick<
    SessionSummary,
    'hostType' | 'creatorName' | 'creatorId' | 'agencyName' | 'agencyId' | 'storeName' | 'storeId'
  >,
  t: T,
): { kind: string; name: string } {
  const creator = s.creatorName ?? s.creatorId ?? '';
  const agency = s.agencyName ?? s.agencyId ?? '';
  if (s.hostType === 'self') return { kind: t('host.self'), name: s.storeName ?? s.storeId };
  if (s.hostType === 'agency')
    return { kind: t('host.agency'), name: creator ? t('host.agencyWith', { agency, creator }) : agency };
  return { kind: t('host.creator'), name: creator };
}

// ---- Figures ----

export const KPI_KEYS = [
  'uniqueViewers',
  'views',
  'avgWatchSeconds',
  'peakOnline',
  'productClicks',
  'orders',
  'gmv',
  'gpm',
  'conversionBp',
  'newFollowers',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

/** One metric as shown: money in yuan, rates as percentages, watch time in minutes and seconds, counts grouped. */
export function metricText(key: KpiKey, m: LiveMetrics, lang: Lang): string {
  switch (key) {
    case 'gmv':
    case 'gpm':
      return formatFen(m[key], lang);
    case 'conversionBp':
      return formatBp(m.conversionBp);
    case 'avgWatchSeconds':
      return watchTimeText(m.avgWatchSeconds, lang);
    default:
      return formatNumber(m[key], lang);
  }
}

export interface LiveKpi {
  key: KpiKey;
  label: string;
  value: string;
  /** The documented definition (docs/live.md), shown on hover. */
  hint: string;
}

/** The session's KPI cards, each with its definition. */
export function kpiCards(m: LiveMetrics, t: T, lang: Lang): LiveKpi[] {
  return KPI_KEYS.map((key) => ({
    key,
    label: t(`kpi.${key}`),
    value: metricText(key, m, lang),
    hint: t(`kpiHint.${key}`),
  }));
}

/** GMV of a list row: "¥1,234.56"; none yet (scheduled) "—". */
export const gmvCell = (s: SessionSummary, lang: Lang): string =>
  s.totals ? formatFen(s.totals.gmv, lang) : '—';

/** GMV per 1,000 views computed the server's way (integer fen, rounded half up); 0 without views. */
export function gpmOf(gmv: number, views: number): number {
  return views > 0 ? Math.floor((gmv * 1000) / views + 0.5) : 0;
}

// ---- The session timeline ----

export interface TimelineRow {
  /** 'HH:mm' in the marketplace zone. */
  label: string;
  minute: string;
  online: number;
  orders: number;
  /** Yuan, for the chart's axis (the tooltip formats it back from fen). */
  gmvYuan: number;
  gmv: number;
  clicks: number;
}

export interface ExplainArea {
  id: string;
  name: string;
  from: string;
  to: string;
}

/**
 * Rows of the timeline chart, oldest minute first, and the explanation windows as label ranges on its axis: a
 * window starts at the minute it began and ends at the minute it ended (an open one at the last minute shown);
 * windows wholly outside the timeline are left out.
 */
export function timelineChart(
  timeline: readonly TimelineMinute[],
  windows: readonly Pick<Explanation, 'id' | 'productId' | 'productTitle' | 'startedAt' | 'endedAt'>[],
): { rows: TimelineRow[]; areas: ExplainArea[] } {
  const sorted = [...timeline].sort((a, b) => Date.parse(a.minute) - Date.parse(b.minute));
  const rows = sorted.map((p) => ({
    label: minuteLabel(p.minute),
    minute: p.minute,
    online: p.online,
    orders: p.orders,
    gmvYuan: p.gmv / 100,
    gmv: p.gmv,
    clicks: p.clicks,
  }));
  if (!rows.length) return { rows, areas: [] };
  const times = rows.map((r) => Date.parse(r.minute));
  const first = times[0] as number;
  const last = times[times.length - 1] as number;
  /** The row whose minute holds `at` (the last one at or before it). */
  const rowAt = (at: number): TimelineRow => {
    let i = 0;
    while (i + 1 < times.length && (times[i + 1] as number) <= at) i++;
    return rows[i] as TimelineRow;
  };
  const areas: ExplainArea[] = [];
  for (const w of windows) {
    const start = Date.parse(w.startedAt);
    const end = w.endedAt ? Date.parse(w.endedAt) : last;
    if (end < first || start > last + 59_999) continue;
    areas.push({
      id: w.id,
      name: w.productTitle ?? w.productId,
      from: rowAt(Math.max(start, first)).label,
      to: rowAt(Math.min(end, last)).label,
    });
  }
  return { rows, areas };
}

// ---- List filters (kept in the URL) ----

const PAGE_SIZE = 20;

/** The sessions list's filters from the page URL: unknown values are dropped, the page is 1-based. */
export function filtersFromParams(p: URLSearchParams): SessionFilters & { page: number } {
  const pick = <V extends string>(v: string | null, allowed: readonly V[]): V | undefined =>
    v && (allowed as readonly string[]).includes(v) ? (v as V) : undefined;
  const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const page = Math.max(1, Math.floor(Number(p.get('page')) || 1));
  return {
    status: pick(p.get('status'), SESSION_STATUSES),
    merchantId: p.get('merchantId') || undefined,
    storeId: p.get('storeId') || undefined,
    hostType: pick(p.get('hostType'), HOST_TYPES),
    from: day(p.get('from')),
    to: day(p.get('to')),
    q: p.get('q')?.trim() || undefined,
    page,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
}

/** The URL after one filter changed: back to page 1, empty values removed. */
export function withFilter(p: URLSearchParams, key: string, value: string | undefined): URLSearchParams {
  const next = new URLSearchParams(p);
  if (value) next.set(key, value);
  else next.delete(key);
  if (key !== 'page') next.delete('page');
  return next;
}

/** The API query of the list: dates are whole business days of the marketplace zone. */
export function sessionsQuery(f: SessionFilters): Record<string, string | number | undefined> {
  return {
    status: f.status,
    merchantId: f.merchantId,
    storeId: f.storeId,
    hostType: f.hostType,
    from: f.from,
    to: f.to,
    q: f.q,
    limit: f.limit,
    offset: f.offset,
  };
}

// ---- The schedule form ----

export interface ScheduleValues {
  storeId?: string;
  hostType: HostType;
  creatorId?: string;
  agencyId?: string;
  title?: string;
  /** 'YYYY-MM-DD HH:mm' in the marketplace zone. */
  scheduledAt?: string;
  products: { productId?: string; livePrice?: number | null }[];
}

/**
 * The POST /v1/live/sessions body of the form. Fields the host type does not use are left out (a self-stream
 * names no creator); a live price is typed in yuan and sent in fen; empty product rows are dropped. Missing
 * required values are sent as they are, so the server names them.
 */
export function scheduleBody(v: ScheduleValues, id?: string) {
  const products = v.products
    .filter((p) => p.productId)
    .map((p) => ({
      productId: p.productId as string,
      ...(p.livePrice !== null && p.livePrice !== undefined ? { livePrice: yuanToFen(p.livePrice) } : {}),
    }));
  return {
    ...(id ? { id } : {}),
    storeId: v.storeId ?? '',
    hostType: v.hostType,
    ...(v.hostType !== 'self' && v.creatorId ? { creatorId: v.creatorId } : {}),
    ...(v.hostType === 'agency' && v.agencyId ? { agencyId: v.agencyId } : {}),
    title: v.title?.trim() ?? '',
    scheduledAt: v.scheduledAt ? marketTimeToInstant(v.scheduledAt) : '',
    ...(products.length ? { products } : {}),
  };
}

/** The form path that shows an API field's issue: a product's issue shows by that product's row. */
export function scheduleIssueField(field: string): string {
  const f = field.replace(/^\//, '').replace(/\//g, '.');
  const m = /^products\.(\d+)(?:\.(productId|livePrice))?/.exec(f);
  if (m) return `products.${m[1]}.${m[2] ?? 'productId'}`;
  return f;
}

// ---- The server's refusals ----

const CODES: Record<string, LiveKey> = {
  required: 'issue.required',
  unknown_store: 'issue.notFound',
  unknown_creator: 'issue.notFound',
  unknown_agency: 'issue.notFound',
  unknown_product: 'issue.notFound',
  not_for_self: 'issue.notForSelf',
  only_for_agency: 'issue.onlyForAgency',
  duplicate_product: 'issue.duplicateProduct',
  product_not_in_store: 'issue.productNotInStore',
  live_price_not_below_price: 'issue.livePriceNotBelow',
  not_listed: 'issue.notListed',
};

const REASONS: { re: RegExp; key: LiveKey; params?: (m: RegExpExecArray) => Record<string, string> }[] = [
  { re: /^is required$|^required|must NOT have fewer than 1 characters$/, key: 'issue.required' },
  { re: /^must match format "date-time"$/, key: 'issue.dateTime' },
  { re: /^must be equal to one of the allowed values$/, key: 'issue.oneOf' },
  { re: /^must be > 0$|must be positive/, key: 'issue.livePricePositive' },
  { re: /^must be integer$/, key: 'issue.integer' },
  {
    re: /^must NOT have more than (\d+) characters$/,
    key: 'issue.tooLong',
    params: (m) => ({ n: m[1] ?? '' }),
  },
  { re: /creator.*required|required.*creator/i, key: 'issue.creatorRequired' },
  { re: /agency.*required|required.*agency/i, key: 'issue.agencyRequired' },
  {
    re: /not (?:one of |in |of |sold (?:by|in) )?(?:this |the )?store|does not belong/i,
    key: 'issue.productNotInStore',
  },
  { re: /below.*(lowest|price)|lower than|less than the/i, key: 'issue.livePriceNotBelow' },
  { re: /not (contracted|under contract)|no contract/i, key: 'issue.notContracted' },
  { re: /unknown (creator|agency|store|product)|not found|no such/i, key: 'issue.notFound' },
  { re: /in the past|already (past|passed)/i, key: 'issue.past' },
];

/** A server issue in the reader's language when its code or sentence is a known one, else as the server wrote it. */
export function issueText(issue: { reason: string; code?: string }, t: T): string {
  const byCode = issue.code ? CODES[issue.code] : undefined;
  if (byCode) return t(byCode);
  for (const p of REASONS) {
    const m = p.re.exec(issue.reason);
    if (m) return t(p.key, p.params?.(m));
  }
  return issue.reason;
}

// ---- Dashboard and penetration ----

/** Every day of the report with its figures, days without sessions as zeros (no gaps in the axis). */
export function dailyFilled<R extends { day: string }>(
  rows: readonly R[],
  from: string,
  to: string,
  empty: (day: string) => R,
): R[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return daysBetween(from, to).map((d) => byDay.get(d) ?? empty(d));
}

/** A host type's share of the dashboard's GMV, in basis points (rounded half up); 0 without GMV. */
export function hostShareBp(d: Pick<Dashboard, 'byHostType'>, hostType: HostType): number {
  const total = d.byHostType.reduce((s, h) => s + h.gmv, 0);
  const part = d.byHostType.find((h) => h.hostType === hostType)?.gmv ?? 0;
  return total > 0 ? Math.floor((part * 10000) / total + 0.5) : 0;
}

export interface TargetProgress {
  /** 0–100 for a progress bar. */
  percent: number;
  /** Where the target sits on the same bar, 0–100. */
  targetPercent: number;
  met: boolean;
  /** Merchants still to start streaming to reach the target (0 when met). */
  short: number;
}

/** A merchant type's 开播率 against its target: how far along, and how many more merchants it takes. */
export function targetProgress(row: Penetration['byType'][number]): TargetProgress {
  const needed = Math.ceil((row.merchants * row.targetBp) / 10000);
  return {
    percent: Math.min(100, row.rateBp / 100),
    targetPercent: Math.min(100, row.targetBp / 100),
    met: row.rateBp >= row.targetBp,
    short: Math.max(0, needed - row.streaming),
  };
}

/** A category's name in the reader's language, else the other one, else its id. */
export function categoryLabel(
  c: { categoryId: string; categoryName: string | null; categoryNameZh: string | null },
  lang: Lang,
): string {
  return (
    (lang === 'zh' ? (c.categoryNameZh ?? c.categoryName) : (c.categoryName ?? c.categoryNameZh)) ??
    c.categoryId
  );
}

/** The penetration's categories, one row each, self-operated and POP side by side, most merchants first. */
export function categoryTable(rows: Penetration['byCategory'], lang: Lang) {
  const out = new Map<
    string,
    {
      categoryId: string;
      name: string;
      self: { merchants: number; streaming: number; rateBp: number } | null;
      pop: { merchants: number; streaming: number; rateBp: number } | null;
      merchants: number;
    }
  >();
  for (const r of rows) {
    const row = out.get(r.categoryId) ?? {
      categoryId: r.categoryId,
      name: categoryLabel(r, lang),
      self: null,
      pop: null,
      merchants: 0,
    };
    row[r.merchantType] = { merchants: r.merchants, streaming: r.streaming, rateBp: r.rateBp };
    row.merchants += r.merchants;
    out.set(r.categoryId, row);
  }
  return [...out.values()].sort((a, b) => b.merchants - a.merchants || a.name.localeCompare(b.name));
}

/** Live GMV's share of a day's GMV, in percent with one decimal, for the daily chart's line. */
export const dayShare = (liveGmv: number, gmv: number): number =>
  gmv > 0 ? Math.round((liveGmv * 1000) / gmv) / 10 : 0;

/** The targets form: percentages as typed, basis points as stored. */
export const targetsToForm = (t: { self: number; pop: number }) => ({ self: t.self / 100, pop: t.pop / 100 });
export const targetsFromForm = (f: { self: number; pop: number }) => ({
  targets: { self: Math.round(f.self * 100), pop: Math.round(f.pop * 100) },
});

/** Money for cards: compact from ¥100K / ¥10万 up, exact below. */
export const moneyCompact = (fen: number, lang: Lang): string => formatFenCompact(fen, lang);

/** The detail page's path. */
export const sessionPath = (id: string): string => `/live/sessions/${encodeURIComponent(id)}`;

/** Whether a status is one of the list's tabs. */
export const isStatus = (v: string): v is SessionStatus =>
  (SESSION_STATUSES as readonly string[]).includes(v);
