import { sql } from 'kysely';
import type { Database } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import { activeConfig, configVersion } from './config.service.ts';
import type { KindConfig, ScoringConfig } from './domain/config.ts';
import { type Explanation, explain } from './domain/explain.ts';
import { DIMENSIONS, type ScoreKind, VOLUME } from './domain/metrics.ts';
import { latestDay } from './recompute.service.ts';

/** Reading scores: one entity with its explanation, its history, lists, the distribution, and the linkage. */

interface SnapshotRow {
  group_name?: string | null;
  group_name_zh?: string | null;
  entity_id: string;
  day: string;
  group_id: string;
  merchant_id: string | null;
  score: number;
  grade: string;
  provisional: boolean;
  volume: number;
  dims: (number | null)[];
  vals: (number | null)[];
  pct: (number | null)[];
  config_version: number;
}

export interface ScoreView {
  kind: ScoreKind;
  id: string;
  day: string;
  score: number;
  grade: string;
  provisional: boolean;
  volume: number;
  volumeMeans: string;
  minVolume: number;
  groupId: string;
  /** The peer group's category name (English and Chinese); null for creators (all creators are peers). */
  groupName: string | null;
  groupNameZh: string | null;
  merchantId: string | null;
  scale: { min: number; max: number };
  configVersion: number;
  explanation: Explanation;
  linkage: LinkageView;
}

export interface LinkageView {
  trafficMultiplier: number;
  campaignEligible: boolean;
  subsidyEligible: boolean | null;
}

/** Shares are stored as whole basis points (see snapshotCsv). */
const shares = (xs: (number | null)[]) => xs.map((x) => (x == null ? null : x / 10_000));

/** A snapshot's dimensions by name, as shares 0–1 (history and lists). */
function dimsByName(kind: ScoreKind, dims: (number | null)[]): Record<string, number | null> {
  const d = shares(dims);
  return Object.fromEntries(DIMENSIONS[kind].map((n, i) => [n, d[i] ?? null]));
}

const configCache = new Map<number, ScoringConfig>();
async function configOf(db: Database, version: number): Promise<ScoringConfig> {
  let c = configCache.get(version);
  if (!c) {
    const v = await configVersion(db.kysely, version);
    if (!v) throw new Error(`scoring config version ${version} is missing`);
    c = v.config;
    configCache.set(version, c);
  }
  return c;
}

/** What a score earns under the configuration in force (the traffic, campaign and subsidy rules). */
export function linkageOf(kind: ScoreKind, cfg: ScoringConfig, score: number, grade: string): LinkageView {
  const l = cfg.linkage;
  const provisional = grade === 'N';
  const campaignMin =
    kind === 'store'
      ? l.campaignMinStoreScore
      : kind === 'product'
        ? l.campaignMinProductScore
        : l.campaignMinCreatorScore;
  return {
    trafficMultiplier: l.trafficMultiplier[grade] ?? 1,
    campaignEligible: !provisional && score >= campaignMin,
    subsidyEligible: kind === 'store' ? !provisional && score >= l.subsidyMinStoreScore : null,
  };
}

function view(kind: ScoreKind, r: SnapshotRow, cfg: KindConfig, current: ScoringConfig): ScoreView {
  return {
    kind,
    id: r.entity_id,
    day: r.day,
    score: Number(r.score),
    grade: r.grade,
    provisional: r.provisional,
    volume: r.volume,
    volumeMeans: VOLUME[kind],
    minVolume: cfg.minVolume,
    groupId: r.group_id,
    groupName: r.group_name ?? null,
    groupNameZh: r.group_name_zh ?? null,
    merchantId: r.merchant_id,
    scale: cfg.scale,
    configVersion: r.config_version,
    explanation: explain(kind, cfg, { values: r.vals, pct: shares(r.pct), dims: shares(r.dims) }),
    linkage: linkageOf(kind, current, Number(r.score), r.grade),
  };
}

const GROUP_NAMES = sql`(SELECT name FROM categories WHERE id = s.group_id) AS group_name,
  (SELECT name_zh FROM categories WHERE id = s.group_id) AS group_name_zh`;
const COLS = sql`s.entity_id, s.day::text AS day, s.group_id, s.merchant_id, s.score, s.grade, s.provisional,
  s.volume, s.dims, s.vals, s.pct, s.config_version, ${GROUP_NAMES}`;

/** An entity's latest score (or of a given day), explained. 404 before its first snapshot. */
export async function scoreOf(db: Database, kind: ScoreKind, id: string, day?: string): Promise<ScoreView> {
  const d = day ?? (await latestDay(db, kind));
  const r = d
    ? (
        await sql<SnapshotRow>`SELECT ${COLS} FROM score_snapshots s
          WHERE s.kind = ${kind} AND s.day = ${d}::date AND s.entity_id = ${id}`.execute(db.kysely)
      ).rows[0]
    : undefined;
  if (!r)
    throw notFound(d ? `no ${kind} score for ${id} on ${d}` : `no ${kind} scores have been computed yet`);
  const cfg = await configOf(db, r.config_version);
  return view(kind, r, cfg[kind], (await activeConfig(db.kysely)).config);
}

export interface HistoryPoint {
  day: string;
  score: number;
  grade: string;
  dims: Record<string, number | null>;
}

/** Daily scores of an entity over the last `days` snapshots, oldest first. */
export async function historyOf(
  db: Database,
  kind: ScoreKind,
  id: string,
  days: number,
): Promise<HistoryPoint[]> {
  const { rows } = await sql<Pick<SnapshotRow, 'day' | 'score' | 'grade' | 'dims'>>`
    SELECT day::text AS day, score, grade, dims FROM score_snapshots
    WHERE kind = ${kind} AND entity_id = ${id} ORDER BY day DESC LIMIT ${days}`.execute(db.kysely);
  return rows.reverse().map((r) => ({
    day: r.day,
    score: Number(r.score),
    grade: r.grade,
    dims: dimsByName(kind, r.dims),
  }));
}

export interface ListQuery {
  merchantId?: string;
  groupId?: string;
  grade?: string;
  ids?: string[];
  sort: 'score' | '-score';
  limit: number;
  offset: number;
}

export interface ListItem {
  id: string;
  name: string | null;
  groupId: string;
  groupName: string | null;
  groupNameZh: string | null;
  merchantId: string | null;
  score: number;
  grade: string;
  provisional: boolean;
  volume: number;
  dims: Record<string, number | null>;
}

const NAMES = {
  store: sql`(SELECT name FROM stores WHERE id = s.entity_id)`,
  product: sql`(SELECT title FROM products WHERE id = s.entity_id)`,
  creator: sql`(SELECT name FROM creators WHERE id = s.entity_id)`,
} as const;

export async function listScores(
  db: Database,
  kind: ScoreKind,
  q: ListQuery,
): Promise<{ day: string | null; scale: { min: number; max: number }; total: number; items: ListItem[] }> {
  const day = await latestDay(db, kind);
  const { scale } = (await activeConfig(db.kysely)).config[kind];
  if (!day) return { day: null, scale, total: 0, items: [] };
  const where = sql.join(
    [
      sql`s.kind = ${kind} AND s.day = ${day}::date`,
      ...(q.merchantId ? [sql`s.merchant_id = ${q.merchantId}`] : []),
      ...(q.groupId ? [sql`s.group_id = ${q.groupId}`] : []),
      ...(q.grade ? [sql`s.grade = ${q.grade}`] : []),
      ...(q.ids ? [sql`s.entity_id = ANY(${sql.val(q.ids)}::text[])`] : []),
    ],
    sql` AND `,
  );
  const order = q.sort === 'score' ? sql`s.score ASC, s.entity_id` : sql`s.score DESC, s.entity_id`;
  const { rows } = await sql<SnapshotRow & { name: string | null; total: string }>`
    SELECT s.entity_id, s.group_id, s.merchant_id, s.score, s.grade, s.provisional, s.volume, s.dims,
      ${NAMES[kind]} AS name, ${GROUP_NAMES}, count(*) OVER () AS total
    FROM score_snapshots s WHERE ${where}
    ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db.kysely);
  return {
    day,
    scale,
    total: rows[0] ? Number(rows[0].total) : 0,
    items: rows.map((r) => ({
      id: r.entity_id,
      name: r.name,
      groupId: r.group_id,
      groupName: r.group_name ?? null,
      groupNameZh: r.group_name_zh ?? null,
      merchantId: r.merchant_id,
      score: Number(r.score),
      grade: r.grade,
      provisional: r.provisional,
      volume: r.volume,
      dims: dimsByName(kind, r.dims),
    })),
  };
}

export interface Distribution {
  kind: ScoreKind;
  day: string | null;
  scale: { min: number; max: number };
  total: number;
  provisional: number;
  /** Equal-width bins over the scale. */
  bins: { from: number; to: number; count: number }[];
  grades: { grade: string; min: number | null; count: number }[];
  /** What each linkage threshold admits among scored (not provisional) entities. */
  thresholds: { id: string; min: number; admitted: number; share: number }[];
}

export async function distribution(db: Database, kind: ScoreKind, bins = 20): Promise<Distribution> {
  const { config } = await activeConfig(db.kysely);
  const cfg = config[kind];
  const day = await latestDay(db, kind);
  const { min, max } = cfg.scale;
  const width = (max - min) / bins;
  const empty: Distribution = {
    kind,
    day,
    scale: cfg.scale,
    total: 0,
    provisional: 0,
    bins: Array.from({ length: bins }, (_, i) => ({
      from: min + i * width,
      to: min + (i + 1) * width,
      count: 0,
    })),
    grades: [
      ...cfg.grades.map((g) => ({ grade: g.grade, min: Number.isFinite(g.min) ? g.min : null, count: 0 })),
      { grade: 'N', min: null, count: 0 },
    ],
    thresholds: [],
  };
  if (!day) return empty;
  const hist = await sql<{ b: number; n: string }>`
    SELECT least(${bins - 1}, greatest(0, floor((score - ${min}) / ${width})))::int AS b, count(*) AS n
    FROM score_snapshots WHERE kind = ${kind} AND day = ${day}::date AND NOT provisional GROUP BY 1`.execute(
    db.kysely,
  );
  for (const h of hist.rows) empty.bins[h.b]!.count = Number(h.n);
  const grades = await sql<{ grade: string; n: string }>`
    SELECT grade, count(*) AS n FROM score_snapshots WHERE kind = ${kind} AND day = ${day}::date GROUP BY grade`.execute(
    db.kysely,
  );
  for (const g of grades.rows) {
    const slot = empty.grades.find((x) => x.grade === g.grade);
    if (slot) slot.count = Number(g.n);
  }
  empty.total = grades.rows.reduce((a, g) => a + Number(g.n), 0);
  empty.provisional = empty.grades.find((g) => g.grade === 'N')!.count;
  const l = config.linkage;
  const ts: { id: string; min: number }[] =
    kind === 'store'
      ? [
          { id: 'campaignMinStoreScore', min: l.campaignMinStoreScore },
          { id: 'subsidyMinStoreScore', min: l.subsidyMinStoreScore },
        ]
      : kind === 'product'
        ? [{ id: 'campaignMinProductScore', min: l.campaignMinProductScore }]
        : [{ id: 'campaignMinCreatorScore', min: l.campaignMinCreatorScore }];
  const scored = empty.total - empty.provisional;
  for (const t of ts) {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM score_snapshots
      WHERE kind = ${kind} AND day = ${day}::date AND NOT provisional AND score >= ${t.min}`.execute(
      db.kysely,
    );
    const admitted = Number(r.rows[0]!.n);
    empty.thresholds.push({ ...t, admitted, share: scored ? admitted / scored : 0 });
  }
  return empty;
}

/** Traffic multipliers of many entities at once (for ranking): 1 for entities without a score. */
export async function trafficMultipliers(
  db: Database,
  kind: ScoreKind,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map(ids.map((id) => [id, 1]));
  const day = await latestDay(db, kind);
  if (!day || !ids.length) return out;
  const { config } = await activeConfig(db.kysely);
  const { rows } = await sql<{ entity_id: string; grade: string }>`
    SELECT entity_id, grade FROM score_snapshots
    WHERE kind = ${kind} AND day = ${day}::date AND entity_id = ANY(${sql.val([...ids])}::text[])`.execute(
    db.kysely,
  );
  for (const r of rows) out.set(r.entity_id, config.linkage.trafficMultiplier[r.grade] ?? 1);
  return out;
}

/** Every scored entity's traffic multiplier on the latest day (the ranker's catalog build). */
export async function allTrafficMultipliers(db: Database, kind: ScoreKind): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const day = await latestDay(db, kind);
  if (!day) return out;
  const { config } = await activeConfig(db.kysely);
  const { rows } = await sql<{ entity_id: string; grade: string }>`
    SELECT entity_id, grade FROM score_snapshots WHERE kind = ${kind} AND day = ${day}::date`.execute(
    db.kysely,
  );
  for (const r of rows) out.set(r.entity_id, config.linkage.trafficMultiplier[r.grade] ?? 1);
  return out;
}

/** Store experience scores of the latest day (campaign eligibility and budget allocation). */
export async function latestStoreScores(db: Database): Promise<Map<string, number>> {
  const day = await latestDay(db, 'store');
  if (!day) return new Map();
  const { rows } = await sql<{ entity_id: string; score: number }>`
    SELECT entity_id, score FROM score_snapshots WHERE kind = 'store' AND day = ${day}::date AND NOT provisional`.execute(
    db.kysely,
  );
  return new Map(rows.map((r) => [r.entity_id, Number(r.score)]));
}

/** Exposures and clicks per product over business days from..to (the daily event rollups of scoring). */
export async function productEngagement(
  db: Database,
  from: string,
  to: string,
): Promise<Map<string, { exposures: number; clicks: number }>> {
  const { rows } = await sql<{ product_id: string; exposures: number; clicks: number }>`
    SELECT product_id, SUM(exposures)::int AS exposures, SUM(clicks)::int AS clicks FROM scoring_product_events
    WHERE day BETWEEN ${from}::date AND ${to}::date GROUP BY product_id`.execute(db.kysely);
  return new Map(rows.map((r) => [r.product_id, { exposures: r.exposures, clicks: r.clicks }]));
}
