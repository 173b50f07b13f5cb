import { type RawBuilder, sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { businessDay, dayStart, shiftDay } from '../../core/time.ts';
import { type JobStatus, type JobTerms, moneyIssues, results, termIssues } from './domain/jobs.ts';
import * as repo from './jobs.repo.ts';
import { actorOf, creatorScores, iso, isOperator, isUniqueViolation } from './market.shared.ts';

/** Proxy-streaming jobs (代播): merchants post, agencies and creators quote, one is accepted into a contract. */

export interface Env {
  db: Db;
  timeZone: string;
}

const contractView = (c: repo.ContractRow) => ({
  id: c.id,
  jobId: c.job_id,
  quoteId: c.quote_id,
  agencyId: c.agency_id,
  creatorId: c.creator_id,
  fixedFee: Number(c.fixed_fee),
  commissionBp: c.commission_bp,
  startsOn: c.starts_on,
  endsOn: c.ends_on,
  signedAt: iso(c.signed_at)!,
});

const jobView = (j: repo.JobRow, c: repo.ContractRow | undefined) => ({
  id: j.id,
  merchantId: j.merchant_id,
  merchantName: j.merchant_name,
  storeId: j.store_id,
  storeName: j.store_name,
  title: j.title,
  categoryId: j.category_id,
  categoryName: j.category_name,
  startsOn: j.starts_on,
  endsOn: j.ends_on,
  sessions: j.sessions,
  hoursPerSession: Number(j.hours_per_session),
  fixedFee: Number(j.fixed_fee),
  commissionBp: j.commission_bp,
  minFollowers: j.min_followers,
  note: j.note,
  status: j.status,
  quotes: j.quotes,
  createdAt: iso(j.created_at)!,
  contract: c ? contractView(c) : null,
});

const quoteView = (q: repo.QuoteRow, scores: Map<string, number>) => ({
  id: q.id,
  jobId: q.job_id,
  bidderType: q.bidder_type,
  bidderId: q.bidder_id,
  bidderName: q.bidder_name,
  creatorId: q.creator_id,
  creatorName: q.creator_name,
  creatorFollowers: q.creator_followers,
  creatorScore: scores.get(q.creator_id) ?? null,
  fixedFee: Number(q.fixed_fee),
  commissionBp: q.commission_bp,
  note: q.note,
  status: q.status,
  createdAt: iso(q.created_at)!,
});

/** The bidder a principal quotes as, or null for merchants and operators. */
const bidderOf = (p: Principal) =>
  (p.role === 'agency' || p.role === 'creator') && p.partyId ? { type: p.role, id: p.partyId } : null;

/** Jobs a bidder may see: open ones, and those it quoted on or hosts under a contract. */
const bidderSees = (b: { type: string; id: string }, alias = 'j') =>
  sql`(${sql.ref(`${alias}.status`)} = 'open' OR EXISTS (SELECT 1 FROM proxy_quotes q2 WHERE q2.job_id = ${sql.ref(`${alias}.id`)}
    AND q2.bidder_type = ${b.type} AND q2.bidder_id = ${b.id})${
      b.type === 'creator'
        ? sql` OR EXISTS (SELECT 1 FROM proxy_contracts k WHERE k.job_id = ${sql.ref(`${alias}.id`)} AND k.creator_id = ${b.id})`
        : sql``
    })`;

async function assertSees(db: Db, p: Principal, j: repo.JobRow) {
  if (isOperator(p)) return;
  if (p.role === 'merchant' && p.partyId === j.merchant_id) return;
  const b = bidderOf(p);
  if (b) {
    const r = await sql`SELECT 1 FROM proxy_jobs j WHERE j.id = ${j.id} AND ${bidderSees(b)}`.execute(db);
    if (r.rows.length) return;
  }
  throw forbidden(`not allowed to access proxy job ${j.id}`);
}

export interface JobBody extends Omit<JobTerms, 'minFollowers'> {
  minFollowers?: number;
  id?: string;
  merchantId?: string;
  storeId: string;
  title: string;
  categoryId: string;
  note?: string;
}

/** A merchant posts a job for one of its stores (operators for any). Idempotent by id. */
export async function createJob(env: Env, p: Principal, body: JobBody, now = new Date()) {
  if (p.role !== 'merchant' && !isOperator(p)) throw forbidden('proxy jobs are posted by merchants');
  const store = (
    await sql<{ merchant_id: string }>`SELECT merchant_id FROM stores WHERE id = ${body.storeId}`.execute(
      env.db,
    )
  ).rows[0];
  if (store && p.role === 'merchant' && store.merchant_id !== p.partyId)
    throw forbidden(`store ${body.storeId} is not a store of merchant ${p.partyId}`);
  const issues = [
    ...(store ? [] : [{ field: 'storeId', reason: `there is no store ${body.storeId}` }]),
    ...(body.merchantId && store && body.merchantId !== store.merchant_id
      ? [{ field: 'merchantId', reason: `store ${body.storeId} belongs to ${store.merchant_id}` }]
      : []),
    ...termIssues({ ...body, minFollowers: body.minFollowers ?? 0 }),
  ];
  const cat = await sql`SELECT 1 FROM categories WHERE id = ${body.categoryId}`.execute(env.db);
  if (!cat.rows.length)
    issues.push({ field: 'categoryId', reason: `there is no category ${body.categoryId}` });
  if (issues.length || !store) throw unprocessable('the proxy job has mistakes', issues);
  const id = body.id ?? newId('pjb');
  const terms = [
    store.merchant_id,
    body.storeId,
    body.title,
    body.categoryId,
    body.startsOn,
    body.endsOn,
    body.sessions,
    body.hoursPerSession,
    body.fixedFee,
    body.commissionBp,
    body.minFollowers ?? 0,
    body.note ?? null,
  ];
  const replay = async () => {
    const j = await repo.getJob(env.db, id);
    if (!j) return null;
    const stored = [
      j.merchant_id,
      j.store_id,
      j.title,
      j.category_id,
      j.starts_on,
      j.ends_on,
      j.sessions,
      Number(j.hours_per_session),
      Number(j.fixed_fee),
      j.commission_bp,
      j.min_followers,
      j.note,
    ];
    if (JSON.stringify(stored) !== JSON.stringify(terms))
      throw conflict(`proxy job ${id} already exists with other terms`, [
        { field: 'id', reason: `proxy job ${id} exists with other terms` },
      ]);
    return { status: 200, body: await detail(env, p, id, now) };
  };
  if (body.id) {
    const r = await replay();
    if (r) return r;
  }
  try {
    await sql`INSERT INTO proxy_jobs (id, merchant_id, store_id, title, category_id, starts_on, ends_on, sessions,
        hours_per_session, fixed_fee, commission_bp, min_followers, note, status, created_by, created_at, updated_at)
      VALUES (${id}, ${store.merchant_id}, ${body.storeId}, ${body.title}, ${body.categoryId}, ${body.startsOn}::date,
        ${body.endsOn}::date, ${body.sessions}, ${body.hoursPerSession}, ${body.fixedFee}, ${body.commissionBp},
        ${body.minFollowers ?? 0}, ${body.note ?? null}, 'open', ${actorOf(p)}, ${now}, ${now})`.execute(
      env.db,
    );
  } catch (e) {
    const r = isUniqueViolation(e) ? await replay() : null;
    if (r) return r;
    throw e;
  }
  return { status: 201, body: await detail(env, p, id, now) };
}

export interface ListQuery {
  status?: JobStatus;
  mine?: boolean;
  merchantId?: string;
  limit?: number;
  offset?: number;
}

export async function listJobs(env: Env, p: Principal, q: ListQuery, now = new Date()) {
  const where: RawBuilder<unknown>[] = [];
  const b = bidderOf(p);
  if (p.role === 'merchant') {
    if (q.merchantId && q.merchantId !== p.partyId)
      throw forbidden(`not allowed to access merchant ${q.merchantId}`);
    where.push(sql`j.merchant_id = ${p.partyId}`);
  } else if (b) {
    where.push(
      q.mine
        ? sql`(EXISTS (SELECT 1 FROM proxy_quotes q2 WHERE q2.job_id = j.id AND q2.bidder_type = ${b.type}
            AND q2.bidder_id = ${b.id}) OR EXISTS (SELECT 1 FROM proxy_contracts k WHERE k.job_id = j.id
            AND k.creator_id = ${b.type === 'creator' ? b.id : null}))`
        : bidderSees(b),
    );
  } else if (!isOperator(p))
    throw forbidden('proxy jobs are for merchants, agencies, creators and operators');
  if (q.merchantId) where.push(sql`j.merchant_id = ${q.merchantId}`);
  if (q.status) where.push(sql`j.status = ${q.status}`);
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const { rows, total } = await repo.listJobs(env.db, where, limit, offset);
  const contracts = await repo.contractsOf(
    env.db,
    rows.map((r) => r.id),
  );
  const extras = await extrasFor(
    env,
    p,
    rows.map((r) => r.id),
    now,
  );
  return {
    items: rows.map((r) => ({ ...jobView(r, contracts.get(r.id)), ...extras(r.id) })),
    total,
    limit,
    offset,
  };
}

/** For a bidder, its latest quote and whether it was invited, per job; null for merchants and operators. */
async function extrasFor(env: Env, p: Principal, jobIds: string[], now: Date) {
  const b = bidderOf(p);
  const m = b ? await repo.bidderExtras(env.db, jobIds, b, businessDay(now, env.timeZone)) : null;
  return (id: string): { myQuote: repo.BidderExtras['myQuote']; invited: boolean | null } =>
    m?.get(id) ?? { myQuote: null, invited: null };
}

/** A job with the quotes the caller may see (merchant and operator: all; a bidder: its own), contract, results. */
export async function detail(env: Env, p: Principal, id: string, now = new Date()) {
  const j = await repo.getJob(env.db, id);
  if (!j) throw notFound(`no proxy job ${id}`);
  await assertSees(env.db, p, j);
  const c = (await repo.contractsOf(env.db, [id])).get(id);
  const b = bidderOf(p);
  const quotes = await repo.quotesOf(env.db, id, b ?? undefined);
  const scores = await creatorScores(env.db, [...new Set(quotes.map((q) => q.creator_id))]);
  return {
    ...jobView(j, c),
    ...(await extrasFor(env, p, [id], now))(id),
    // In the detail `quotes` is the list the caller may see; the count of all quotes stays as quoteCount.
    quoteCount: j.quotes,
    quotes: quotes.map((q) => quoteView(q, scores)),
    results: c ? await resultsOf(env, j, c, now) : null,
  };
}

/** The contract's results: sessions of the job's store in the contract dates hosted by its creator. */
export async function resultsOf(
  env: Env,
  j: { store_id: string; sessions: number },
  c: repo.ContractRow,
  now: Date,
) {
  const from = dayStart(c.starts_on, env.timeZone);
  const to = dayStart(shiftDay(c.ends_on, 1), env.timeZone);
  const sessions = await repo.contractSessions(env.db, {
    storeId: j.store_id,
    creatorId: c.creator_id,
    from,
    to,
    fromDay: c.starts_on,
    toDay: shiftDay(c.ends_on, 1),
  });
  return results(
    sessions,
    {
      sessions: j.sessions,
      fixedFee: Number(c.fixed_fee),
      commissionBp: c.commission_bp,
      periodStartMs: from.getTime(),
      periodEndMs: to.getTime(),
    },
    now.getTime(),
  );
}

export interface QuoteBody {
  id?: string;
  creatorId?: string;
  fixedFee: number;
  commissionBp: number;
  note?: string;
}

/**
 * An agency (with a creator under contract with it today) or a creator (itself) quotes on an open job. The
 * creator must have the job's minimum followers. One pending quote per bidder; idempotent by id.
 */
export async function createQuote(env: Env, p: Principal, jobId: string, body: QuoteBody, now = new Date()) {
  const b = bidderOf(p);
  if (!b) throw forbidden('quotes come from agencies and creators');
  const j = await repo.getJob(env.db, jobId);
  if (!j) throw notFound(`no proxy job ${jobId}`);
  await assertSees(env.db, p, j);
  let creatorId: string;
  if (b.type === 'creator') {
    if (body.creatorId !== undefined && body.creatorId !== b.id)
      throw forbidden('a creator quotes for itself only');
    creatorId = b.id;
  } else {
    if (!body.creatorId)
      throw unprocessable('name the creator who will stream', [
        { field: 'creatorId', reason: 'is required for agencies' },
      ]);
    creatorId = body.creatorId;
  }
  const id = body.id ?? newId('pqt');
  const replay = async () => {
    const q = await repo.getQuote(env.db, id);
    if (!q) return null;
    const same =
      q.job_id === jobId &&
      q.bidder_type === b.type &&
      q.bidder_id === b.id &&
      q.creator_id === creatorId &&
      Number(q.fixed_fee) === body.fixedFee &&
      q.commission_bp === body.commissionBp &&
      q.note === (body.note ?? null);
    if (!same)
      throw conflict(`quote ${id} already exists with other terms`, [
        { field: 'id', reason: `quote ${id} exists with other terms` },
      ]);
    const scores = await creatorScores(env.db, [creatorId]);
    return { status: 200, body: quoteView(q, scores) };
  };
  if (body.id) {
    const r = await replay();
    if (r) return r;
  }
  if (j.status !== 'open')
    throw conflict(`proxy job ${jobId} is ${j.status}; it takes no quotes`, [
      { field: 'status', reason: `is ${j.status}`, code: 'wrong_status' },
    ]);
  const creator = (
    await sql<{ followers: number }>`SELECT followers FROM creators WHERE id = ${creatorId}`.execute(env.db)
  ).rows[0];
  const issues: { field: string; reason: string; code?: string }[] = moneyIssues(
    body.fixedFee,
    body.commissionBp,
  );
  if (!creator) issues.push({ field: 'creatorId', reason: `there is no creator ${creatorId}` });
  else {
    if (b.type === 'agency') {
      const today = businessDay(now, env.timeZone);
      const k =
        await sql`SELECT 1 FROM agency_contracts WHERE agency_id = ${b.id} AND creator_id = ${creatorId}
        AND starts_on <= ${today}::date AND (ends_on IS NULL OR ends_on >= ${today}::date)`.execute(env.db);
      if (!k.rows.length)
        issues.push({
          field: 'creatorId',
          reason: `creator ${creatorId} is not under contract with agency ${b.id}`,
          code: 'creator_not_contracted',
        });
    }
    if (creator.followers < j.min_followers)
      issues.push({
        field: 'creatorId',
        reason: `the job asks for at least ${j.min_followers} followers; creator ${creatorId} has ${creator.followers}`,
        code: 'followers_below_minimum',
      });
  }
  if (issues.length) throw unprocessable('the quote has mistakes', issues);
  try {
    await sql`INSERT INTO proxy_quotes (id, job_id, bidder_type, bidder_id, creator_id, fixed_fee, commission_bp, note,
        status, created_at)
      VALUES (${id}, ${jobId}, ${b.type}, ${b.id}, ${creatorId}, ${body.fixedFee}, ${body.commissionBp},
        ${body.note ?? null}, 'pending', ${now})`.execute(env.db);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const r = await replay();
    if (r) return r;
    throw conflict(
      `${b.type} ${b.id} already has a pending quote on job ${jobId}; withdraw it to quote again`,
      [{ field: 'id', reason: 'a pending quote exists', code: 'quote_already_pending' }],
    );
  }
  const q = (await repo.getQuote(env.db, id))!;
  return { status: 201, body: quoteView(q, await creatorScores(env.db, [creatorId])) };
}

export async function withdrawQuote(
  env: Env,
  p: Principal,
  jobId: string,
  quoteId: string,
  now = new Date(),
) {
  const q = await repo.getQuote(env.db, quoteId);
  if (!q || q.job_id !== jobId) throw notFound(`no quote ${quoteId} on proxy job ${jobId}`);
  const b = bidderOf(p);
  if (!isOperator(p) && !(b && b.type === q.bidder_type && b.id === q.bidder_id))
    throw forbidden('only the bidder withdraws its quote');
  if (q.status !== 'withdrawn') {
    const r = await sql`UPDATE proxy_quotes SET status = 'withdrawn', decided_at = ${now}
      WHERE id = ${quoteId} AND status = 'pending'`.execute(env.db);
    if (!Number(r.numAffectedRows ?? 0)) {
      const status = (await repo.getQuote(env.db, quoteId))!.status;
      throw conflict(`quote ${quoteId} is ${status}; only a pending quote can be withdrawn`, [
        { field: 'status', reason: `is ${status}`, code: 'wrong_status' },
      ]);
    }
  }
  return quoteView((await repo.getQuote(env.db, quoteId))!, await creatorScores(env.db, [q.creator_id]));
}

/** The merchant's own job, locked for a change (operators any). */
async function ownJob(db: Db, p: Principal, id: string) {
  const j = await repo.getJob(db, id, true);
  if (!j) throw notFound(`no proxy job ${id}`);
  if (!isOperator(p) && !(p.role === 'merchant' && p.partyId === j.merchant_id))
    throw forbidden(`only the merchant of proxy job ${id} may change it`);
  return j;
}

const wrongStatus = (id: string, status: string, what: string) =>
  conflict(`proxy job ${id} is ${status}; ${what}`, [
    { field: 'status', reason: `is ${status}`, code: 'wrong_status' },
  ]);

/** The merchant accepts a pending quote: the job is awarded, the contract signed, the other quotes declined. */
export async function acceptQuote(env: Env, p: Principal, jobId: string, quoteId: string, now = new Date()) {
  await env.db.transaction().execute(async (trx) => {
    const j = await ownJob(trx, p, jobId);
    const q = await repo.getQuote(trx, quoteId);
    if (!q || q.job_id !== jobId) throw notFound(`no quote ${quoteId} on proxy job ${jobId}`);
    const c = (await repo.contractsOf(trx, [jobId])).get(jobId);
    if (c && c.quote_id === quoteId) return; // accepted already: the same answer
    if (j.status !== 'open') throw wrongStatus(jobId, j.status, 'only an open job can be awarded');
    if (q.status !== 'pending')
      throw conflict(`quote ${quoteId} is ${q.status}; only a pending quote can be accepted`, [
        { field: 'status', reason: `is ${q.status}`, code: 'wrong_status' },
      ]);
    await sql`UPDATE proxy_quotes SET status = CASE WHEN id = ${quoteId} THEN 'accepted' ELSE 'declined' END,
        decided_at = ${now} WHERE job_id = ${jobId} AND status = 'pending'`.execute(trx);
    await sql`UPDATE proxy_jobs SET status = 'awarded', updated_at = ${now} WHERE id = ${jobId}`.execute(trx);
    await sql`INSERT INTO proxy_contracts (id, job_id, quote_id, agency_id, creator_id, fixed_fee, commission_bp,
        starts_on, ends_on, signed_at)
      VALUES (${newId('pct')}, ${jobId}, ${quoteId}, ${q.bidder_type === 'agency' ? q.bidder_id : null},
        ${q.creator_id}, ${q.fixed_fee}, ${q.commission_bp}, ${j.starts_on}::date, ${j.ends_on}::date, ${now})`.execute(
      trx,
    );
  });
  return detail(env, p, jobId, now);
}

/** cancel: an open job (pending quotes are declined); close: an awarded one. Again on the same job: the same. */
export async function endJob(
  env: Env,
  p: Principal,
  jobId: string,
  how: 'cancel' | 'close',
  now = new Date(),
) {
  await env.db.transaction().execute(async (trx) => {
    const j = await ownJob(trx, p, jobId);
    const [from, to] = how === 'cancel' ? (['open', 'cancelled'] as const) : (['awarded', 'closed'] as const);
    if (j.status === to) return;
    if (j.status !== from) throw wrongStatus(jobId, j.status, `only an ${from} job can be ${to}`);
    if (how === 'cancel')
      await sql`UPDATE proxy_quotes SET status = 'declined', decided_at = ${now}
        WHERE job_id = ${jobId} AND status = 'pending'`.execute(trx);
    await sql`UPDATE proxy_jobs SET status = ${to}, updated_at = ${now} WHERE id = ${jobId}`.execute(trx);
  });
  return detail(env, p, jobId, now);
}

/** A merchant invites a creator to quote on its open job (again: the same invitation, 200). */
export async function invite(env: Env, p: Principal, jobId: string, creatorId: string, now = new Date()) {
  return env.db.transaction().execute(async (trx) => {
    const j = await ownJob(trx, p, jobId);
    const prior = (
      await sql<{ invited_at: Date }>`SELECT invited_at FROM proxy_invites WHERE job_id = ${jobId}
        AND creator_id = ${creatorId}`.execute(trx)
    ).rows[0];
    if (prior) return { status: 200, body: { jobId, creatorId, invitedAt: iso(prior.invited_at)! } };
    if (j.status !== 'open') throw wrongStatus(jobId, j.status, 'only an open job takes invitations');
    const c = await sql`SELECT 1 FROM creators WHERE id = ${creatorId}`.execute(trx);
    if (!c.rows.length)
      throw unprocessable(`there is no creator ${creatorId}`, [
        { field: 'creatorId', reason: 'unknown creator' },
      ]);
    await sql`INSERT INTO proxy_invites (job_id, creator_id, invited_at, invited_by)
      VALUES (${jobId}, ${creatorId}, ${now}, ${actorOf(p)})`.execute(trx);
    return { status: 201, body: { jobId, creatorId, invitedAt: now.toISOString() } };
  });
}

/**
 * Whom the caller may quote with: an agency its creators under contract today, a creator itself; operators
 * name agencyId.
 */
export async function bidders(env: Env, p: Principal, agencyId: string | undefined, now = new Date()) {
  const today = businessDay(now, env.timeZone);
  let rows: { id: string; name: string; followers: number }[];
  if (p.role === 'creator' && p.partyId)
    rows = (
      await sql<{ id: string; name: string; followers: number }>`SELECT id, name, followers FROM creators
        WHERE id = ${p.partyId}`.execute(env.db)
    ).rows;
  else if (p.role === 'agency' && p.partyId) {
    if (agencyId !== undefined && agencyId !== p.partyId)
      throw forbidden(`not allowed to access agency ${agencyId}`);
    rows = await repo.contractedCreators(env.db, p.partyId, today);
  } else if (isOperator(p)) {
    if (!agencyId)
      throw unprocessable('name the agency', [{ field: 'agencyId', reason: 'is required for operators' }]);
    rows = await repo.contractedCreators(env.db, agencyId, today);
  } else throw forbidden('bidders are agencies and creators');
  const scores = await creatorScores(
    env.db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({
      creatorId: r.id,
      name: r.name,
      followers: r.followers,
      score: scores.get(r.id) ?? null,
    })),
  };
}
