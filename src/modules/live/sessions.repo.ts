import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { sessionStatus, type SessionStatus } from './domain/metrics.ts';
import { type LiveMetrics, totalsOf } from './metrics.service.ts';

export type HostType = 'self' | 'agency' | 'creator';

export interface SessionRow {
  id: string;
  store_id: string;
  store_name: string;
  merchant_id: string;
  merchant_name: string;
  host_type: HostType;
  creator_id: string | null;
  creator_name: string | null;
  agency_id: string | null;
  agency_name: string | null;
  title: string | null;
  scheduled_at: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
}

export interface SessionSummary {
  id: string;
  storeId: string;
  storeName: string;
  merchantId: string;
  merchantName: string;
  hostType: HostType;
  creatorId: string | null;
  creatorName: string | null;
  agencyId: string | null;
  agencyName: string | null;
  title: string | null;
  status: SessionStatus;
  scheduledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  totals: LiveMetrics | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const SESSION_SELECT = sql`
  SELECT ls.id, ls.store_id, s.name AS store_name, ls.merchant_id, m.name AS merchant_name, ls.host_type,
    ls.creator_id, c.name AS creator_name, ls.agency_id, a.name AS agency_name, ls.title,
    ls.scheduled_at, ls.started_at, ls.ended_at
  FROM live_sessions ls JOIN stores s ON s.id = ls.store_id JOIN merchants m ON m.id = ls.merchant_id
  LEFT JOIN creators c ON c.id = ls.creator_id LEFT JOIN agencies a ON a.id = ls.agency_id`;

export async function getSessionRow(db: Db, id: string, lock = false): Promise<SessionRow | undefined> {
  if (lock) await sql`SELECT 1 FROM live_sessions WHERE id = ${id} FOR UPDATE`.execute(db);
  return (await sql<SessionRow>`${SESSION_SELECT} WHERE ls.id = ${id}`.execute(db)).rows[0];
}

export function summaryOf(r: SessionRow, totals: LiveMetrics | null): SessionSummary {
  const status = sessionStatus(r.started_at, r.ended_at);
  return {
    id: r.id,
    storeId: r.store_id,
    storeName: r.store_name,
    merchantId: r.merchant_id,
    merchantName: r.merchant_name,
    hostType: r.host_type,
    creatorId: r.creator_id,
    creatorName: r.creator_name,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    title: r.title,
    status,
    scheduledAt: iso(r.scheduled_at),
    startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at),
    totals: status === 'scheduled' ? null : totals,
  };
}

/** Summaries with their totals (read from the aggregates, which are kept up to date as events are stored). */
export async function summaries(db: Db, rows: SessionRow[]): Promise<SessionSummary[]> {
  const totals = await totalsOf(
    db,
    rows.filter((r) => r.started_at).map((r) => r.id),
  );
  return rows.map((r) => summaryOf(r, totals.get(r.id) ?? null));
}

export interface ListFilter {
  status?: SessionStatus;
  storeId?: string;
  hostType?: HostType;
  creatorId?: string;
  agencyId?: string;
  merchantId?: string;
  /** Sessions whose start (or scheduled start) is in [from, to). */
  from?: Date;
  to?: Date;
  q?: string;
  limit: number;
  offset: number;
}

export async function listSessions(db: Db, f: ListFilter) {
  const where: RawBuilder<unknown>[] = [sql`true`];
  const at = sql`COALESCE(ls.started_at, ls.scheduled_at)`;
  if (f.status === 'scheduled') where.push(sql`ls.started_at IS NULL`);
  if (f.status === 'live') where.push(sql`ls.started_at IS NOT NULL AND ls.ended_at IS NULL`);
  if (f.status === 'ended') where.push(sql`ls.ended_at IS NOT NULL`);
  if (f.storeId) where.push(sql`ls.store_id = ${f.storeId}`);
  if (f.merchantId) where.push(sql`ls.merchant_id = ${f.merchantId}`);
  if (f.hostType) where.push(sql`ls.host_type = ${f.hostType}`);
  if (f.creatorId) where.push(sql`ls.creator_id = ${f.creatorId}`);
  if (f.agencyId) where.push(sql`ls.agency_id = ${f.agencyId}`);
  if (f.from) where.push(sql`${at} >= ${f.from}`);
  if (f.to) where.push(sql`${at} < ${f.to}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      sql`(ls.title ILIKE ${like} OR s.name ILIKE ${like} OR c.name ILIKE ${like} OR ls.id = ${f.q})`,
    );
  }
  const cond = sql.join(where, sql` AND `);
  const order =
    f.status === 'scheduled' ? sql`ls.scheduled_at ASC NULLS LAST, ls.id` : sql`${at} DESC NULLS LAST, ls.id`;
  const [rows, total] = await Promise.all([
    sql<SessionRow>`${SESSION_SELECT} WHERE ${cond} ORDER BY ${order} LIMIT ${f.limit} OFFSET ${f.offset}`.execute(
      db,
    ),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM live_sessions ls JOIN stores s ON s.id = ls.store_id
      LEFT JOIN creators c ON c.id = ls.creator_id WHERE ${cond}`.execute(db),
  ]);
  return { items: await summaries(db, rows.rows), total: total.rows[0]?.n ?? 0 };
}

export async function sessionProducts(db: Db, id: string) {
  const { rows } = await sql<{
    product_id: string;
    title: string;
    position: number;
    price: string | null;
    live_price: string | null;
    offer_id: string | null;
  }>`SELECT sp.product_id, p.title, sp.position, (SELECT min(k.price) FROM skus k WHERE k.product_id = p.id) AS price,
      sp.live_price, sp.offer_id
    FROM live_session_products sp JOIN products p ON p.id = sp.product_id
    WHERE sp.session_id = ${id} ORDER BY sp.position, sp.product_id`.execute(db);
  return rows.map((r) => ({
    productId: r.product_id,
    title: r.title,
    position: r.position,
    price: r.price === null ? null : Number(r.price),
    livePrice: r.live_price === null ? null : Number(r.live_price),
    offerId: r.offer_id,
  }));
}

export async function sessionExplanations(db: Db, id: string) {
  const { rows } = await sql<{
    id: string;
    product_id: string;
    title: string;
    started_at: Date;
    ended_at: Date | null;
  }>`SELECT x.id, x.product_id, p.title, x.started_at, x.ended_at FROM live_explanations x
    JOIN products p ON p.id = x.product_id WHERE x.session_id = ${id} ORDER BY x.started_at, x.id`.execute(
    db,
  );
  return rows.map((r) => ({
    id: r.id,
    productId: r.product_id,
    productTitle: r.title,
    startedAt: iso(r.started_at)!,
    endedAt: iso(r.ended_at),
  }));
}
