import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { DEFAULT_POLICY, type SamplePolicy, type StoredStatus } from './domain/samples.ts';

/** Thin queries behind sample requests and sample policies. */

export interface SampleRow {
  id: string;
  product_id: string;
  product_title: string;
  store_id: string;
  store_name: string;
  merchant_id: string;
  creator_id: string;
  creator_name: string;
  note: string | null;
  status: StoredStatus;
  reason_code: string | null;
  reason: string | null;
  creator_followers: number;
  creator_score: string | null;
  content_days: number;
  require_return: boolean;
  carrier: string | null;
  tracking_no: string | null;
  requested_at: Date;
  decided_at: Date | null;
  shipped_at: Date | null;
  received_at: Date | null;
  content_due_on: string | null;
  fulfilled_at: Date | null;
  fulfilled_late: boolean | null;
  content_type: 'live' | 'video' | null;
  content_session_id: string | null;
  content_url: string | null;
  return_carrier: string | null;
  return_tracking_no: string | null;
  returned_at: Date | null;
}

export interface HistoryRow {
  sample_id: string;
  status: string;
  at: Date;
  by: string;
}

const COLS = sql`s.id, s.product_id, s.store_id, s.merchant_id, s.creator_id, s.note, s.status, s.reason_code,
  s.reason, s.creator_followers, s.creator_score, s.content_days, s.require_return, s.carrier, s.tracking_no,
  s.requested_at, s.decided_at, s.shipped_at, s.received_at, s.content_due_on::text AS content_due_on,
  s.fulfilled_at, s.fulfilled_late, s.content_type, s.content_session_id, s.content_url, s.return_carrier,
  s.return_tracking_no, s.returned_at, p.title AS product_title, st.name AS store_name, c.name AS creator_name`;
const FROM = sql`samples s JOIN products p ON p.id = s.product_id JOIN stores st ON st.id = s.store_id
  JOIN creators c ON c.id = s.creator_id`;

/** The status shown, overdue included, for filters and counts (`today` is the business day). */
export const shownStatus = (today: string) =>
  sql`CASE WHEN s.status = 'received' AND s.content_due_on < ${today}::date THEN 'overdue' ELSE s.status END`;

export async function getSample(db: Db, id: string, forUpdate = false): Promise<SampleRow | undefined> {
  const r = await sql<SampleRow>`SELECT ${COLS} FROM ${FROM} WHERE s.id = ${id}${
    forUpdate ? sql` FOR UPDATE OF s` : sql``
  }`.execute(db);
  return r.rows[0];
}

export async function listSamples(
  db: Db,
  where: RawBuilder<unknown>[],
  limit: number,
  offset: number,
): Promise<{ rows: SampleRow[]; total: number }> {
  const w = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const rows = await sql<SampleRow>`SELECT ${COLS} FROM ${FROM} ${w}
    ORDER BY s.requested_at DESC, s.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM samples s ${w}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]!.n };
}

export async function countByStatus(db: Db, where: RawBuilder<unknown>[], today: string) {
  const w = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const r = await sql<{
    status: string;
    n: number;
  }>`SELECT ${shownStatus(today)} AS status, count(*)::int AS n
    FROM samples s ${w} GROUP BY 1`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.status, x.n])) as Record<string, number>;
}

export async function historyOf(db: Db, ids: string[]): Promise<Map<string, HistoryRow[]>> {
  const out = new Map<string, HistoryRow[]>();
  if (!ids.length) return out;
  const r = await sql<HistoryRow>`SELECT sample_id, status, at, by FROM sample_history
    WHERE sample_id = ANY(${ids}::text[]) ORDER BY sample_id, seq`.execute(db);
  for (const h of r.rows) {
    const list = out.get(h.sample_id) ?? [];
    list.push(h);
    out.set(h.sample_id, list);
  }
  return out;
}

export async function addHistory(db: Db, id: string, status: string, at: Date, by: string) {
  await sql`INSERT INTO sample_history (sample_id, seq, status, at, by)
    SELECT ${id}, coalesce(max(seq), 0) + 1, ${status}, ${at}, ${by} FROM sample_history WHERE sample_id = ${id}`.execute(
    db,
  );
}

/** The open request of a creator for a product, if any. */
export async function openSampleOf(db: Db, creatorId: string, productId: string) {
  const r = await sql<{ id: string; status: string }>`SELECT id, status FROM samples
    WHERE creator_id = ${creatorId} AND product_id = ${productId}
      AND status IN ('requested','approved','shipped','received')`.execute(db);
  return r.rows[0];
}

export interface PolicyView extends SamplePolicy {
  merchantId: string;
  updatedAt: string | null;
}

export async function policyOf(db: Db, merchantId: string): Promise<PolicyView> {
  const r = await sql<{
    min_creator_score: string;
    min_followers: number;
    auto_approve: boolean;
    content_days: number;
    require_return: boolean;
    updated_at: Date;
  }>`SELECT * FROM sample_policies WHERE merchant_id = ${merchantId}`.execute(db);
  const p = r.rows[0];
  if (!p) return { merchantId, ...DEFAULT_POLICY, updatedAt: null };
  return {
    merchantId,
    minCreatorScore: Number(p.min_creator_score),
    minFollowers: p.min_followers,
    autoApprove: p.auto_approve,
    contentDays: p.content_days,
    requireReturn: p.require_return,
    updatedAt: new Date(p.updated_at).toISOString(),
  };
}

export async function putPolicy(db: Db, merchantId: string, p: SamplePolicy, by: string, now: Date) {
  await sql`INSERT INTO sample_policies (merchant_id, min_creator_score, min_followers, auto_approve, content_days,
      require_return, updated_by, updated_at)
    VALUES (${merchantId}, ${p.minCreatorScore}, ${p.minFollowers}, ${p.autoApprove}, ${p.contentDays},
      ${p.requireReturn}, ${by}, ${now})
    ON CONFLICT (merchant_id) DO UPDATE SET min_creator_score = EXCLUDED.min_creator_score,
      min_followers = EXCLUDED.min_followers, auto_approve = EXCLUDED.auto_approve,
      content_days = EXCLUDED.content_days, require_return = EXCLUDED.require_return,
      updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`.execute(db);
}
