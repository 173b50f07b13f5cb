import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import type { JobStatus, QuoteStatus, SessionFacts } from './domain/jobs.ts';

/** Thin queries behind proxy-streaming jobs, their quotes and contracts, and the sessions a contract covers. */

export interface JobRow {
  id: string;
  merchant_id: string;
  merchant_name: string;
  store_id: string;
  store_name: string;
  title: string;
  category_id: string;
  category_name: string;
  starts_on: string;
  ends_on: string;
  sessions: number;
  hours_per_session: string;
  fixed_fee: string;
  commission_bp: number;
  min_followers: number;
  note: string | null;
  status: JobStatus;
  created_at: Date;
  quotes: number;
}

export interface ContractRow {
  id: string;
  job_id: string;
  quote_id: string;
  agency_id: string | null;
  creator_id: string;
  fixed_fee: string;
  commission_bp: number;
  starts_on: string;
  ends_on: string;
  signed_at: Date;
}

export interface QuoteRow {
  id: string;
  job_id: string;
  bidder_type: 'agency' | 'creator';
  bidder_id: string;
  bidder_name: string | null;
  creator_id: string;
  creator_name: string;
  creator_followers: number;
  fixed_fee: string;
  commission_bp: number;
  note: string | null;
  status: QuoteStatus;
  created_at: Date;
}

const JOB = sql`j.id, j.merchant_id, m.name AS merchant_name, j.store_id, st.name AS store_name, j.title,
  j.category_id, c.name AS category_name, j.starts_on::text AS starts_on, j.ends_on::text AS ends_on, j.sessions,
  j.hours_per_session, j.fixed_fee, j.commission_bp, j.min_followers, j.note, j.status, j.created_at,
  (SELECT count(*)::int FROM proxy_quotes q WHERE q.job_id = j.id AND q.status <> 'withdrawn') AS quotes`;
const JOBS = sql`proxy_jobs j JOIN merchants m ON m.id = j.merchant_id JOIN stores st ON st.id = j.store_id
  JOIN categories c ON c.id = j.category_id`;

export async function getJob(db: Db, id: string, forUpdate = false): Promise<JobRow | undefined> {
  if (forUpdate) await sql`SELECT 1 FROM proxy_jobs WHERE id = ${id} FOR UPDATE`.execute(db);
  return (await sql<JobRow>`SELECT ${JOB} FROM ${JOBS} WHERE j.id = ${id}`.execute(db)).rows[0];
}

export async function listJobs(db: Db, where: RawBuilder<unknown>[], limit: number, offset: number) {
  const w = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const rows = await sql<JobRow>`SELECT ${JOB} FROM ${JOBS} ${w}
    ORDER BY j.created_at DESC, j.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM proxy_jobs j ${w}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]!.n };
}

export async function contractsOf(db: Db, jobIds: string[]): Promise<Map<string, ContractRow>> {
  if (!jobIds.length) return new Map();
  const r =
    await sql<ContractRow>`SELECT id, job_id, quote_id, agency_id, creator_id, fixed_fee, commission_bp,
      starts_on::text AS starts_on, ends_on::text AS ends_on, signed_at
    FROM proxy_contracts WHERE job_id = ANY(${jobIds}::text[])`.execute(db);
  return new Map(r.rows.map((c) => [c.job_id, c]));
}

const QUOTE = sql`q.id, q.job_id, q.bidder_type, q.bidder_id,
  CASE WHEN q.bidder_type = 'agency' THEN a.name ELSE c.name END AS bidder_name,
  q.creator_id, c.name AS creator_name, c.followers AS creator_followers, q.fixed_fee, q.commission_bp, q.note,
  q.status, q.created_at`;
const QUOTES = sql`proxy_quotes q JOIN creators c ON c.id = q.creator_id
  LEFT JOIN agencies a ON q.bidder_type = 'agency' AND a.id = q.bidder_id`;

export async function quotesOf(db: Db, jobId: string, bidder?: { type: string; id: string }) {
  const who = bidder ? sql` AND q.bidder_type = ${bidder.type} AND q.bidder_id = ${bidder.id}` : sql``;
  return (
    await sql<QuoteRow>`SELECT ${QUOTE} FROM ${QUOTES} WHERE q.job_id = ${jobId}${who}
      ORDER BY q.created_at, q.id`.execute(db)
  ).rows;
}

export async function getQuote(db: Db, id: string): Promise<QuoteRow | undefined> {
  return (await sql<QuoteRow>`SELECT ${QUOTE} FROM ${QUOTES} WHERE q.id = ${id}`.execute(db)).rows[0];
}

/**
 * Sessions of the store started in [from, to) hosted by the creator for the store (agency proxy streams or the
 * creator's own sessions), with paid GMV and orders from orders and views (live_enter events) from events.
 */
export async function contractSessions(
  db: Db,
  q: { storeId: string; creatorId: string; from: Date; to: Date; fromDay: string; toDay: string },
): Promise<SessionFacts[]> {
  const r = await sql<{
    id: string;
    title: string | null;
    started_at: Date;
    ended_at: Date | null;
    gmv: string;
    orders: number;
    views: number;
  }>`WITH ss AS (
      SELECT id, title, started_at, ended_at FROM live_sessions
      WHERE store_id = ${q.storeId} AND creator_id = ${q.creatorId} AND host_type IN ('agency','creator')
        AND started_at >= ${q.from} AND started_at < ${q.to}
    ), o AS (
      SELECT live_session_id AS id, sum(pay_amount)::bigint AS gmv, count(*)::int AS orders FROM orders
      WHERE store_id = ${q.storeId} AND live_session_id IN (SELECT id FROM ss)
        AND paid_at IS NOT NULL AND status <> 'cancelled'
      GROUP BY live_session_id
    ), e AS (
      SELECT live_session_id AS id, count(*)::int AS views FROM events
      WHERE store_id = ${q.storeId} AND day BETWEEN ${q.fromDay}::date AND ${q.toDay}::date
        AND type = 'live_enter' AND live_session_id IN (SELECT id FROM ss)
      GROUP BY live_session_id
    )
    SELECT ss.id, ss.title, ss.started_at, ss.ended_at, coalesce(o.gmv, 0) AS gmv, coalesce(o.orders, 0) AS orders,
      coalesce(e.views, 0) AS views
    FROM ss LEFT JOIN o ON o.id = ss.id LEFT JOIN e ON e.id = ss.id ORDER BY ss.started_at, ss.id`.execute(
    db,
  );
  return r.rows.map((s) => ({
    id: s.id,
    title: s.title,
    startedAtMs: new Date(s.started_at).getTime(),
    endedAtMs: s.ended_at === null ? null : new Date(s.ended_at).getTime(),
    gmv: Number(s.gmv),
    orders: s.orders,
    views: s.views,
  }));
}

export interface BidderExtras {
  /** The bidder's latest quote on the job. */
  myQuote: {
    id: string;
    status: QuoteStatus;
    fixedFee: number;
    commissionBp: number;
    creatorId: string;
    creatorName: string;
  } | null;
  /** The merchant invited this creator (or, for an agency, one of the creators under contract with it today). */
  invited: boolean;
}

/** Per job, what a bidder sees of its own: its latest quote and whether it was invited. */
export async function bidderExtras(
  db: Db,
  jobIds: string[],
  b: { type: string; id: string },
  today: string,
): Promise<Map<string, BidderExtras>> {
  const out = new Map<string, BidderExtras>(jobIds.map((id) => [id, { myQuote: null, invited: false }]));
  if (!jobIds.length) return out;
  const quotes = await sql<{
    job_id: string;
    id: string;
    status: QuoteStatus;
    fixed_fee: string;
    commission_bp: number;
    creator_id: string;
    creator_name: string;
  }>`SELECT DISTINCT ON (q.job_id) q.job_id, q.id, q.status, q.fixed_fee, q.commission_bp, q.creator_id,
      c.name AS creator_name
    FROM proxy_quotes q JOIN creators c ON c.id = q.creator_id
    WHERE q.job_id = ANY(${jobIds}::text[]) AND q.bidder_type = ${b.type} AND q.bidder_id = ${b.id}
    ORDER BY q.job_id, q.created_at DESC, q.id DESC`.execute(db);
  for (const q of quotes.rows)
    out.get(q.job_id)!.myQuote = {
      id: q.id,
      status: q.status,
      fixedFee: Number(q.fixed_fee),
      commissionBp: q.commission_bp,
      creatorId: q.creator_id,
      creatorName: q.creator_name,
    };
  const creators =
    b.type === 'creator'
      ? sql`SELECT ${b.id}::text`
      : sql`SELECT creator_id FROM agency_contracts WHERE agency_id = ${b.id} AND starts_on <= ${today}::date
          AND (ends_on IS NULL OR ends_on >= ${today}::date)`;
  const invited = await sql<{ job_id: string }>`SELECT DISTINCT job_id FROM proxy_invites
    WHERE job_id = ANY(${jobIds}::text[]) AND creator_id IN (${creators})`.execute(db);
  for (const r of invited.rows) out.get(r.job_id)!.invited = true;
  return out;
}

/** Creators an agency may quote with today (under contract), with followers. */
export async function contractedCreators(db: Db, agencyId: string, today: string) {
  return (
    await sql<{ id: string; name: string; followers: number }>`SELECT DISTINCT c.id, c.name, c.followers
      FROM agency_contracts k JOIN creators c ON c.id = k.creator_id
      WHERE k.agency_id = ${agencyId} AND k.starts_on <= ${today}::date
        AND (k.ends_on IS NULL OR k.ends_on >= ${today}::date)
      ORDER BY c.followers DESC, c.id`.execute(db)
  ).rows;
}
