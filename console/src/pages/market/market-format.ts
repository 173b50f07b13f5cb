// Pure helpers of the creator-marketplace pages: money and rates typed into forms (exactly, from the text), the
// sample tabs, due dates and the actions a role may take, a job's results against its terms, and the
// recommendation reasons for the charts. No React, no I/O: unit-tested in market-format.test.ts.
import { formatBp, formatDay, formatFen, formatNumber, type Lang } from '../../format';
import {
  type Job,
  type JobBody,
  type JobResults,
  type MatchReason,
  REASON_CODES,
  SAMPLE_STATUSES,
  type Sample,
  type SampleHistoryEntry,
  type SampleStatus,
} from './market-types';

// ---- Money and rates as typed ----

/**
 * Yuan typed into a form ("1,234.5", "¥99", "0.07") to integer fen, exactly: read from the digits, never through
 * a float (1.005 × 100 is 100.49999…). Null when it is not an amount of at most two decimals, or negative.
 */
export function yuanTextToFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim().replace(/^¥/, '').replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Integer fen as the yuan text a form starts from: 123450 → "1234.5", 100 → "1". */
export function fenToYuanText(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return String(whole);
  return `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/** A percentage typed into a form ("12.5", "12.5%") to basis points, exactly; null past two decimals or 100%. */
export function percentTextToBp(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim().replace(/%$/, '').trim();
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10000 ? bp : null;
}

/** Basis points as the percentage text a form starts from: 1250 → "12.5", 800 → "8". */
export const bpToPercentText = (bp: number): string => fenToYuanText(bp);

/** Commission on GMV at a rate, rounded half up to the fen (exact for any size, via BigInt). */
export function commissionOf(gmv: number, bp: number): number {
  const p = BigInt(gmv) * BigInt(bp);
  return Number((p + 5000n) / 10000n);
}

// ---- Days ----

/** Today's business day (Asia/Shanghai), as the server counts due dates. */
export const today = (now = Date.now()): string => formatDay(new Date(now).toISOString());

/** Whole days from `from` to `to` ('YYYY-MM-DD'), negative when `to` is earlier. */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// ---- Samples ----

export interface SampleTab {
  key: SampleStatus | 'all';
  count: number;
}

/** "All" then every status in lifecycle order, with the server's counts (missing ones are 0). */
export function sampleTabs(counts: Partial<Record<SampleStatus, number>>): SampleTab[] {
  const all = SAMPLE_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return [{ key: 'all', count: all }, ...SAMPLE_STATUSES.map((s) => ({ key: s, count: counts[s] ?? 0 }))];
}

export type DueState =
  | { state: 'none' }
  | { state: 'done'; late: boolean }
  | { state: 'open'; daysLeft: number }
  | { state: 'overdue'; daysLate: number };

/** Where a sample stands against its content due date on `day`. */
export function dueState(
  s: Pick<Sample, 'status' | 'contentDueOn' | 'fulfilledAt' | 'fulfilledLate'>,
  day: string,
): DueState {
  if (!s.contentDueOn) return { state: 'none' };
  if (s.fulfilledAt) return { state: 'done', late: !!s.fulfilledLate };
  if (s.status !== 'received' && s.status !== 'overdue') return { state: 'none' };
  const left = daysFrom(day, s.contentDueOn);
  if (s.status === 'overdue' || left < 0) return { state: 'overdue', daysLate: Math.max(0, -left) };
  return { state: 'open', daysLeft: left };
}

export type SampleAction = 'approve' | 'reject' | 'ship' | 'receive' | 'fulfil' | 'return';

/**
 * The actions a role may take on a sample in its status (the server has the last word: 409 otherwise). A return
 * is offered only when the merchant's policy asked for one.
 */
export function sampleActions(role: string, status: SampleStatus, requireReturn = false): SampleAction[] {
  if (role === 'merchant') {
    if (status === 'requested') return ['approve', 'reject'];
    if (status === 'approved') return ['ship'];
    return [];
  }
  if (role === 'creator') {
    const back: SampleAction[] = requireReturn ? ['return'] : [];
    if (status === 'shipped') return ['receive'];
    if (status === 'received') return ['fulfil'];
    if (status === 'overdue') return ['fulfil', ...back];
    if (status === 'fulfilled') return back;
    return [];
  }
  return [];
}

/** A sample's history oldest first (the server's order is not relied on). */
export const timeline = (history: readonly SampleHistoryEntry[]): SampleHistoryEntry[] =>
  [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

// ---- Server refusals ----

/** A field issue as the server sends it: the English sentence, and for rule refusals a stable code. */
export interface CodedIssue {
  field: string;
  reason: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** Sentences of rule refusals that carry no code, by field, to the dictionary key that says them. */
const SENTENCES: { field?: string; re: RegExp; key: string }[] = [
  { field: 'endsOn', re: /^must not be before/, key: 'invalid_dates' },
  { field: 'sessions', re: /^must be a whole number from 1 to 1000/, key: 'sessions_range' },
  { field: 'hoursPerSession', re: /^must be more than 0 and at most 24/, key: 'hours_range' },
  { field: 'minFollowers', re: /^must be a whole number of at least 0/, key: 'not_negative' },
  { field: 'fixedFee', re: /^must be a whole number of fen/, key: 'fee_range' },
  { field: 'commissionBp', re: /^must be whole basis points/, key: 'rate_range' },
  { field: 'storeId', re: /^there is no store/, key: 'unknown_store' },
  { field: 'merchantId', re: /^store .* belongs to/, key: 'not_own_store' },
  { field: 'categoryId', re: /^there is no category/, key: 'unknown_category' },
  { field: 'creatorId', re: /^there is no creator/, key: 'unknown_creator' },
  { field: 'creatorId', re: /^is required/, key: 'creator_required' },
  { re: /^is required$/, key: 'required' },
  { re: /^must match format "date"$/, key: 'bad_date' },
];

/**
 * The dictionary key (under `codes.`) of a refusal: its code when it has one, else its sentence recognised by
 * field; null when neither is known (the server's sentence is shown as it came).
 */
export function issueKey(i: Pick<CodedIssue, 'field' | 'reason' | 'code'>): string | null {
  if (i.code) return i.code;
  const hit = SENTENCES.find((s) => (s.field === undefined || s.field === i.field) && s.re.test(i.reason));
  return hit?.key ?? null;
}

/** Who moved a sample, as its history records it ("merchant:m_1", "creator:cr_2", "policy", "operator"). */
export function actorOf(by: string | null): { kind: string; id: string | null } {
  if (!by) return { kind: 'policy', id: null };
  const at = by.indexOf(':');
  return at < 0 ? { kind: by, id: null } : { kind: by.slice(0, at), id: by.slice(at + 1) };
}

// ---- Proxy jobs ----

export interface JobFormValues {
  storeId?: string;
  title?: string;
  categoryId?: string;
  dates?: [string, string] | null;
  sessions?: number | null;
  hoursPerSession?: number | null;
  fixedFeeYuan?: string | number | null;
  commissionPct?: string | number | null;
  minFollowers?: number | null;
  note?: string;
}

/**
 * The POST body of a job form. Money and rate go through the exact text conversions; what does not convert is
 * sent as -1 so the server's refusal (beside the field) explains it in one place with the rest.
 */
export function jobBody(v: JobFormValues, id?: string): JobBody {
  const [startsOn, endsOn] = v.dates ?? ['', ''];
  return {
    ...(id ? { id } : {}),
    storeId: v.storeId ?? '',
    title: (v.title ?? '').trim(),
    categoryId: v.categoryId ?? '',
    startsOn,
    endsOn,
    sessions: v.sessions ?? 0,
    hoursPerSession: v.hoursPerSession ?? 0,
    fixedFee: yuanTextToFen(v.fixedFeeYuan) ?? -1,
    commissionBp: percentTextToBp(v.commissionPct) ?? -1,
    minFollowers: v.minFollowers ?? 0,
    ...(v.note?.trim() ? { note: v.note.trim() } : {}),
  };
}

/** The job form's field for an API field (dates share one range picker). */
export const jobFormField = (field: string): string =>
  field === 'startsOn' || field === 'endsOn'
    ? 'dates'
    : field === 'fixedFee'
      ? 'fixedFeeYuan'
      : field === 'commissionBp'
        ? 'commissionPct'
        : field;

export interface TermLine {
  key: 'sessions' | 'hours' | 'gmv' | 'commission' | 'fee' | 'total';
  actual: number;
  /** The term agreed, when the line has one (sessions, hours). */
  agreed: number | null;
  /** actual / agreed, 0–1+ (null without a term). */
  share: number | null;
}

/** A job's results against its terms: sessions and hours against what was agreed, then the money. */
export function termLines(job: Pick<Job, 'sessions' | 'hoursPerSession'>, r: JobResults): TermLine[] {
  const agreedHours = job.sessions * job.hoursPerSession;
  const share = (a: number, b: number) => (b > 0 ? a / b : null);
  return [
    {
      key: 'sessions',
      actual: r.sessionsDone,
      agreed: r.sessionsAgreed,
      share: share(r.sessionsDone, r.sessionsAgreed),
    },
    { key: 'hours', actual: r.hours, agreed: agreedHours, share: share(r.hours, agreedHours) },
    { key: 'gmv', actual: r.gmv, agreed: null, share: null },
    { key: 'commission', actual: r.commission, agreed: null, share: null },
    { key: 'fee', actual: r.fee, agreed: null, share: null },
    { key: 'total', actual: r.total, agreed: null, share: null },
  ];
}

/** Hours with at most one decimal: 2 → "2", 1.25 → "1.3". */
export const hoursText = (h: number): string => String(Math.round(h * 10) / 10);

// ---- Recommendations ----

/** A 0–1 match score as a whole percentage (bar length and label). */
export const scorePercent = (score: number): number => Math.round(Math.max(0, Math.min(1, score)) * 100);

/** The reason codes present, in the usual order (unknown ones after, as they came). */
export function reasonCodes(items: readonly { reasons: readonly MatchReason[] }[]): string[] {
  const present = new Set(items.flatMap((i) => i.reasons.map((r) => r.code)));
  const known = REASON_CODES.filter((c) => present.has(c));
  return [...known, ...[...present].filter((c) => !(REASON_CODES as readonly string[]).includes(c))];
}

/**
 * The stacked-bar dataset: one row per recommendation (its label) with each reason's contribution by code
 * (0 when the reason is absent), so the stacks add up to the score.
 */
export function contributionRows<T extends { reasons: readonly MatchReason[] }>(
  items: readonly T[],
  label: (item: T) => string,
): { codes: string[]; source: Record<string, string | number>[] } {
  const codes = reasonCodes(items);
  const source = items.map((i) => {
    const row: Record<string, string | number> = { label: label(i) };
    for (const c of codes) row[c] = 0;
    for (const r of i.reasons) row[r.code] = Number(row[r.code] ?? 0) + r.contribution;
    return row;
  });
  return { codes, source };
}

/**
 * A reason's value as read: fits and overlaps are shares (%), word of mouth a 3.00–5.00 score, GPM fen per
 * thousand views, commission a rate in basis points, reach views per session.
 */
export function reasonValueText(code: string, value: number | null, lang: Lang): string {
  if (value === null) return '—';
  switch (code) {
    case 'category_fit':
    case 'audience_overlap':
      return `${Math.round(value * 1000) / 10}%`;
    case 'word_of_mouth':
      return value.toFixed(2);
    case 'gpm_history':
      return formatFen(Math.round(value), lang);
    case 'commission':
      return formatBp(Math.round(value));
    case 'reach':
      return formatNumber(Math.round(value), lang);
    default:
      return String(Math.round(value * 100) / 100);
  }
}
