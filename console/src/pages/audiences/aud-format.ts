// Pure helpers of the audiences pages: editing an audience expression by path (groups with AND / OR, NOT as a
// toggle on any condition), what must be filled before the size can be asked, where a server refusal belongs in
// the tree, and the insight figures (shares, TGI, suppressed cells) in the reader's language. No React, no I/O:
// unit-tested in aud-format.test.ts.
import { formatNumber, type Lang } from '../../format';
import type {
  EventCond,
  Expr,
  GroupExpr,
  InsightCell,
  InsightDimension,
  NotExpr,
  StoreTiers,
} from './aud-types';

// ---- The expression tree ----

/** Where a node sits: the child index at each level (a NOT's inner condition is its child 0). */
export type Path = readonly number[];
export const pathKey = (p: Path): string => p.join('.');

/** The server's limits (domain/expression.ts). */
export const MAX_DEPTH = 8;
export const MAX_LEAVES = 64;

export const isGroup = (e: Expr): e is GroupExpr => 'op' in e && (e.op === 'and' || e.op === 'or');
export const isNot = (e: Expr): e is NotExpr => 'op' in e && e.op === 'not';

export type LeafKind = 'tag' | 'event' | 'tier' | 'audience' | 'lookalike';
export function leafKind(e: Expr): LeafKind | null {
  if ('tag' in e) return 'tag';
  if ('event' in e) return 'event';
  if ('tier' in e) return 'tier';
  if ('audience' in e) return 'audience';
  if ('lookalike' in e) return 'lookalike';
  return null;
}

/** The builder edits a group at the root: any other expression is wrapped in an AND of one. */
export const rootGroup = (e: Expr | null | undefined): GroupExpr =>
  !e ? { op: 'and', args: [] } : isGroup(e) ? e : { op: 'and', args: [e] };

function children(e: Expr): Expr[] {
  if (isGroup(e)) return e.args;
  if (isNot(e)) return [e.arg];
  return [];
}

export function nodeAt(e: Expr, path: Path): Expr | undefined {
  let node: Expr | undefined = e;
  for (const i of path) {
    if (!node) return undefined;
    node = children(node)[i];
  }
  return node;
}

/** A copy of `e` with the node at `path` replaced by `fn(node)` (unchanged when the path leads nowhere). */
export function replaceAt(e: Expr, path: Path, fn: (node: Expr) => Expr): Expr {
  if (path.length === 0) return fn(e);
  const [i, ...rest] = path as [number, ...number[]];
  if (isGroup(e)) {
    const child = e.args[i];
    if (!child) return e;
    return { ...e, args: e.args.map((c, k) => (k === i ? replaceAt(c, rest, fn) : c)) };
  }
  if (isNot(e) && i === 0) return { op: 'not', arg: replaceAt(e.arg, rest, fn) };
  return e;
}

/** Removes the node at `path` from the group holding it; a NOT goes with its inner condition. */
export function removeAt(e: Expr, path: Path): Expr {
  // Climb past NOT wrappers: removing a NOT's inner condition removes the NOT.
  let p = [...path];
  while (p.length > 0) {
    const parent = nodeAt(e, p.slice(0, -1));
    if (parent && isGroup(parent)) break;
    p = p.slice(0, -1);
  }
  if (p.length === 0) return e;
  const at = p[p.length - 1] as number;
  return replaceAt(e, p.slice(0, -1), (g) =>
    isGroup(g) ? { ...g, args: g.args.filter((_, k) => k !== at) } : g,
  );
}

/** Adds a condition (or group) at the end of the group at `path`. */
export const appendAt = (e: Expr, path: Path, child: Expr): Expr =>
  replaceAt(e, path, (g) => (isGroup(g) ? { ...g, args: [...g.args, child] } : g));

/** Wraps the node in NOT, or unwraps it when it is one. */
export const toggleNot = (e: Expr, path: Path): Expr =>
  replaceAt(e, path, (n) => (isNot(n) ? n.arg : { op: 'not', arg: n }));

export const setOp = (e: Expr, path: Path, op: 'and' | 'or'): Expr =>
  replaceAt(e, path, (g) => (isGroup(g) ? { ...g, op } : g));

export function leafCount(e: Expr): number {
  const kids = children(e);
  return kids.length === 0 && !isGroup(e) ? 1 : kids.reduce((n, c) => n + leafCount(c), 0);
}

/** Levels of nesting: a leaf is 1, a group of leaves 2, … */
export function depthOf(e: Expr): number {
  const kids = children(e);
  return 1 + (kids.length ? Math.max(...kids.map(depthOf)) : 0);
}

export const newEvent = (): EventCond => ({ type: 'view', min: 1, days: 30 });

/** A fresh condition of a kind, still to be filled in (a store tier starts on the only store, if just one). */
export function newLeaf(kind: LeafKind | 'group', store?: string): Expr {
  switch (kind) {
    case 'group':
      return { op: 'and', args: [] };
    case 'event':
      return { event: newEvent() };
    case 'tier':
      return { tier: { store: store ?? '', tier: 'customers' } };
    case 'audience':
      return { audience: '' };
    case 'lookalike':
      return { lookalike: { audience: '', size: 1000 } };
    default:
      return { tag: '' };
  }
}

// ---- What the size needs first ----

export type LocalIssueCode = 'empty_group' | 'pick_tag' | 'pick_store' | 'pick_audience' | 'event_range';
export interface LocalIssue {
  path: Path;
  code: LocalIssueCode;
}

/** Conditions still to be filled in: the size is asked only when there are none. */
export function localIssues(e: Expr, path: Path = []): LocalIssue[] {
  if (isGroup(e)) {
    if (e.args.length === 0) return [{ path, code: 'empty_group' }];
    return e.args.flatMap((c, i) => localIssues(c, [...path, i]));
  }
  if (isNot(e)) return localIssues(e.arg, [...path, 0]);
  if ('tag' in e) return e.tag ? [] : [{ path, code: 'pick_tag' }];
  if ('tier' in e) return e.tier.store ? [] : [{ path, code: 'pick_store' }];
  if ('audience' in e) return e.audience ? [] : [{ path, code: 'pick_audience' }];
  if ('event' in e) {
    const { min, days } = e.event;
    const ok = Number.isInteger(min) && min >= 1 && min <= 1000 && Number.isInteger(days) && days >= 1;
    return ok && days <= 180 ? [] : [{ path, code: 'event_range' }];
  }
  return [];
}

/**
 * The tree path a server issue names: `expression.args.1.arg.tag` → [1, 0] (the NOT's inner tag). Null when the
 * field is not about the expression.
 */
export function issuePath(field: string): Path | null {
  const tokens = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter(Boolean);
  if (tokens[0] !== 'expression') return null;
  const out: number[] = [];
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k] as string;
    if (t === 'args' && /^\d+$/.test(tokens[k + 1] ?? '')) {
      out.push(Number(tokens[k + 1]));
      k++;
    } else if (t === 'arg') out.push(0);
    else break;
  }
  return out;
}

/** The deepest node of the tree a path reaches (issues about a missing node show at its nearest parent). */
export function nearestPath(e: Expr, path: Path): Path {
  const out: number[] = [];
  let node: Expr | undefined = e;
  for (const i of path) {
    const next: Expr | undefined = node ? children(node)[i] : undefined;
    if (!next) break;
    out.push(i);
    node = next;
  }
  return out;
}

// ---- Tags ----

export const groupOfTag = (key: string): string => key.slice(0, Math.max(0, key.indexOf(':'))) || key;
/** Chinese names of the provinces the demo's regions are named by in English (the catalog has no other). */
const PROVINCES_ZH: Record<string, string> = {
  Guangdong: '广东',
  Jiangsu: '江苏',
  Zhejiang: '浙江',
  Shandong: '山东',
  Henan: '河南',
  Sichuan: '四川',
  Hubei: '湖北',
  Hunan: '湖南',
  Hebei: '河北',
  Fujian: '福建',
  Shanghai: '上海',
  Beijing: '北京',
  Anhui: '安徽',
  Liaoning: '辽宁',
  Shaanxi: '陕西',
  Jiangxi: '江西',
  Chongqing: '重庆',
  Guangxi: '广西',
  Yunnan: '云南',
  Tianjin: '天津',
  Shanxi: '山西',
  Heilongjiang: '黑龙江',
  Jilin: '吉林',
  Guizhou: '贵州',
  Gansu: '甘肃',
  'Inner Mongolia': '内蒙古',
  Xinjiang: '新疆',
  Hainan: '海南',
  Ningxia: '宁夏',
  Qinghai: '青海',
  Tibet: '西藏',
};

/** A tag value's label in the UI language; a Chinese label that is only the English one again is looked up. */
export function labelIn(v: { label: string; labelZh?: string | null }, lang: Lang): string {
  if (lang !== 'zh') return v.label;
  if (v.labelZh && v.labelZh !== v.label) return v.labelZh;
  return PROVINCES_ZH[v.label] ?? v.labelZh ?? v.label;
}

// ---- Insight ----

/** A share (0–1) as a percentage with one decimal: 0.1234 → "12.3%". Null stays null. */
export function shareText(share: number | null): string | null {
  if (share === null || !Number.isFinite(share)) return null;
  const pct = Math.round(share * 1000) / 10;
  if (pct === 0 && share > 0) return '<0.1%';
  return `${pct.toFixed(1)}%`;
}

/** TGI as a whole index ("132"), a dash when there is none (suppressed, or no base). */
export const tgiText = (tgi: number | null): string => (tgi === null ? '—' : String(Math.round(tgi)));

/** Above 120 over-represented, below 80 under-represented, else about as the base. */
export function tgiTone(tgi: number | null): 'high' | 'low' | 'neutral' | 'none' {
  if (tgi === null) return 'none';
  if (tgi >= 120) return 'high';
  if (tgi <= 80) return 'low';
  return 'neutral';
}

/** A cell's users: "< 50" when the privacy threshold hides it (never 0), else the grouped count. */
export function cellCountText(cell: Pick<InsightCell, 'count' | 'suppressed'>, minCell: number, lang: Lang) {
  if (cell.suppressed || cell.count === null) return `< ${formatNumber(minCell, lang)}`;
  return formatNumber(cell.count, lang);
}

/** Dimensions whose values have no natural order: read largest first. */
const NOMINAL = new Set(['region', 'affinity', 'channel']);

export interface InsightRow {
  key: string;
  label: string;
  share: number | null;
  baseShare: number | null;
  tgi: number | null;
  suppressed: boolean;
  countText: string;
}

/**
 * One dimension's rows for a chart or table, in reading order: ordinal dimensions (age, tiers, bands, lifecycle)
 * as the server lists them, nominal ones by share, suppressed cells after the visible ones.
 */
export function insightRows(dim: InsightDimension, minCell: number, lang: Lang): InsightRow[] {
  const rows = dim.values.map((c) => ({
    key: c.key,
    label: labelIn(c, lang),
    share: c.suppressed ? null : c.share,
    baseShare: c.baseShare,
    tgi: c.suppressed ? null : c.tgi,
    suppressed: c.suppressed || c.count === null,
    countText: cellCountText(c, minCell, lang),
  }));
  if (!NOMINAL.has(dim.key)) return rows;
  return rows
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        Number(a.r.suppressed) - Number(b.r.suppressed) ||
        (b.r.share ?? 0) - (a.r.share ?? 0) ||
        (b.r.baseShare ?? 0) - (a.r.baseShare ?? 0) ||
        a.i - b.i,
    )
    .map((x) => x.r);
}

// ---- Activations and tiers ----

/** A conversion rate (0–1) with two decimals: 0.03456 → "3.46%". */
export const rateText = (rate: number | null): string =>
  rate === null || !Number.isFinite(rate) ? '—' : `${(Math.round(rate * 10000) / 100).toFixed(2)}%`;

/** Relative lift of treatment over holdout (0.234 → "+23.4%"), a dash without a holdout conversion. */
export function liftText(lift: number | null): string {
  if (lift === null || !Number.isFinite(lift)) return '—';
  const pct = Math.round(lift * 1000) / 10;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/** Whether the visitor split adds up (customers + prospects = visitors), as the page states it. */
export const visitorsAddUp = (t: Pick<StoreTiers, 'visitors'>): boolean =>
  t.visitors.customers + t.visitors.prospects === t.visitors.total;

// ---- Server refusals ----

const REASONS: { re: RegExp; code: string }[] = [
  { re: /unknown tag|no such tag|not in the catalog/i, code: 'unknown_tag' },
  {
    re: /not (one of )?your (own )?store|store .* belongs to another merchant/i,
    code: 'foreign_store',
  },
  { re: /no (such )?store|unknown store/i, code: 'unknown_store' },
  { re: /no (such )?audience|unknown audience/i, code: 'unknown_audience' },
  { re: /depth|nested/i, code: 'too_deep' },
  { re: /leaves|conditions/i, code: 'too_many_leaves' },
  { re: /stale|version/i, code: 'stale_version' },
  { re: /not active|inactive/i, code: 'template_not_active' },
  { re: /remaining|quantity|not enough/i, code: 'insufficient_quantity' },
  { re: /no (such )?program|unknown program/i, code: 'unknown_program' },
  { re: /is required|must have required/i, code: 'required' },
];

/** The dictionary key of a refusal: its code when the console knows it, else one read from its sentence. */
export function issueCode(issue: { reason: string; code?: string }, known: (code: string) => boolean) {
  if (issue.code && known(issue.code)) return issue.code;
  return REASONS.find((r) => r.re.test(issue.reason))?.code ?? null;
}
