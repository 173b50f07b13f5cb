import { type RawBuilder, sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { businessDay } from '../../core/time.ts';
import {
  ACTION_SIDE,
  decide,
  dueOn,
  isLate,
  next,
  type SampleAction,
  type SamplePolicy,
  type SampleStatus,
  viewStatus,
} from './domain/samples.ts';
import { actorOf, creatorScores, iso, isOperator, isUniqueViolation, merchantOf } from './market.shared.ts';
import * as repo from './samples.repo.ts';

/** Sample requests (寄样): the policy at request time, the merchant's and the creator's steps, overdue on read. */

export interface Env {
  db: Db;
  timeZone: string;
}

export function view(r: repo.SampleRow, history: repo.HistoryRow[], today: string) {
  return {
    id: r.id,
    productId: r.product_id,
    productTitle: r.product_title,
    storeId: r.store_id,
    storeName: r.store_name,
    merchantId: r.merchant_id,
    creatorId: r.creator_id,
    creatorName: r.creator_name,
    creatorFollowers: r.creator_followers,
    creatorScore: r.creator_score === null ? null : Number(r.creator_score),
    note: r.note,
    status: viewStatus(r.status, r.content_due_on, today) as SampleStatus,
    reasonCode: r.reason_code,
    reason: r.reason,
    contentDays: r.content_days,
    requireReturn: r.require_return,
    carrier: r.carrier,
    trackingNo: r.tracking_no,
    requestedAt: iso(r.requested_at)!,
    decidedAt: iso(r.decided_at),
    shippedAt: iso(r.shipped_at),
    receivedAt: iso(r.received_at),
    contentDueOn: r.content_due_on,
    fulfilledAt: iso(r.fulfilled_at),
    fulfilledLate: r.fulfilled_late ?? false,
    content: r.content_type
      ? { type: r.content_type, sessionId: r.content_session_id, url: r.content_url }
      : null,
    returnCarrier: r.return_carrier,
    returnTrackingNo: r.return_tracking_no,
    returnedAt: iso(r.returned_at),
    history: history.map((h) => ({ status: h.status, at: iso(h.at)!, by: h.by })),
  };
}
export type SampleView = ReturnType<typeof view>;

async function load(env: Env, id: string, now: Date) {
  const r = await repo.getSample(env.db, id);
  if (!r) throw notFound(`no sample ${id}`);
  const h = await repo.historyOf(env.db, [id]);
  return view(r, h.get(id) ?? [], businessDay(now, env.timeZone));
}

/** A creator sees its own samples, a merchant those of its products; operators all; nobody else any. */
function assertSees(p: Principal, r: { merchant_id: string; creator_id: string }) {
  if (isOperator(p)) return;
  if (p.role === 'merchant' && p.partyId === r.merchant_id) return;
  if (p.role === 'creator' && p.partyId === r.creator_id) return;
  throw forbidden('not allowed to access this sample');
}

export async function getPolicy(env: Env, p: Principal, merchantId: string | undefined) {
  // Creators may read a merchant's rules before they ask.
  if (p.role === 'creator' && merchantId) return repo.policyOf(env.db, merchantId);
  return repo.policyOf(env.db, merchantOf(p, merchantId));
}

export async function putPolicy(
  env: Env,
  p: Principal,
  body: Partial<SamplePolicy> & { merchantId?: string },
  now = new Date(),
) {
  const merchantId = merchantOf(p, body.merchantId);
  const exists = await sql`SELECT 1 FROM merchants WHERE id = ${merchantId}`.execute(env.db);
  if (!exists.rows.length)
    throw unprocessable(`there is no merchant ${merchantId}`, [
      { field: 'merchantId', reason: 'unknown merchant' },
    ]);
  const issues = [];
  const score = body.minCreatorScore ?? 0;
  if (score !== 0 && (score < 3 || score > 5 || Math.round(score * 100) !== score * 100))
    issues.push({
      field: 'minCreatorScore',
      reason: 'must be 0 (no minimum) or a word-of-mouth score from 3.00 to 5.00, to the hundredth',
    });
  if (issues.length) throw unprocessable('the sample policy has mistakes', issues);
  const current = await repo.policyOf(env.db, merchantId);
  const merged: SamplePolicy = {
    minCreatorScore: body.minCreatorScore ?? current.minCreatorScore,
    minFollowers: body.minFollowers ?? current.minFollowers,
    autoApprove: body.autoApprove ?? current.autoApprove,
    contentDays: body.contentDays ?? current.contentDays,
    requireReturn: body.requireReturn ?? current.requireReturn,
  };
  await repo.putPolicy(env.db, merchantId, merged, actorOf(p), now);
  return repo.policyOf(env.db, merchantId);
}

export interface CreateBody {
  id?: string;
  productId: string;
  creatorId?: string;
  note?: string;
}

function creatorOf(p: Principal, creatorId: string | undefined): string {
  if (p.role === 'creator' && p.partyId) {
    if (creatorId !== undefined && creatorId !== p.partyId) throw forbidden('a creator asks for itself only');
    return p.partyId;
  }
  if (isOperator(p)) {
    if (!creatorId)
      throw unprocessable('name the creator', [{ field: 'creatorId', reason: 'is required for operators' }]);
    return creatorId;
  }
  throw forbidden('samples are requested by creators (or operators on their behalf)');
}

/**
 * A creator asks for a sample. The merchant's policy decides at once (rejected with a reason code, approved,
 * or left requested). Idempotent by id: the same id and body returns the stored sample (200).
 */
export async function createSample(env: Env, p: Principal, body: CreateBody, now = new Date()) {
  const creatorId = creatorOf(p, body.creatorId);
  const id = body.id ?? newId('smp');
  const same = (r: repo.SampleRow) =>
    r.product_id === body.productId && r.creator_id === creatorId && (r.note ?? null) === (body.note ?? null);
  const replay = async () => {
    const prior = await repo.getSample(env.db, id);
    if (!prior) return null;
    if (!same(prior))
      throw conflict(`sample ${id} already exists with a different request`, [
        { field: 'id', reason: `sample ${id} exists with a different product, creator or note` },
      ]);
    return { status: 200, body: await load(env, id, now) };
  };
  if (body.id) {
    const r = await replay();
    if (r) return r;
  }
  const product = (
    await sql<{ store_id: string; merchant_id: string; status: string }>`SELECT store_id, merchant_id, status
      FROM products WHERE id = ${body.productId}`.execute(env.db)
  ).rows[0];
  const creator = (
    await sql<{ followers: number }>`SELECT followers FROM creators WHERE id = ${creatorId}`.execute(env.db)
  ).rows[0];
  const issues = [];
  if (!product) issues.push({ field: 'productId', reason: `there is no product ${body.productId}` });
  else if (product.status !== 'listed')
    issues.push({
      field: 'productId',
      reason: `product ${body.productId} is delisted`,
      code: 'product_delisted',
    });
  if (!creator) issues.push({ field: 'creatorId', reason: `there is no creator ${creatorId}` });
  if (issues.length || !product || !creator) throw unprocessable('the sample request has mistakes', issues);
  const policy = await repo.policyOf(env.db, product.merchant_id);
  const score = (await creatorScores(env.db, [creatorId])).get(creatorId) ?? null;
  const d = decide(policy, { score, followers: creator.followers });
  try {
    await env.db.transaction().execute(async (trx) => {
      const open = await repo.openSampleOf(trx, creatorId, body.productId);
      if (open) throw openConflict(open, creatorId, body.productId);
      await sql`INSERT INTO samples (id, product_id, store_id, merchant_id, creator_id, note, status, reason_code,
          reason, creator_followers, creator_score, content_days, require_return, requested_at, decided_at)
        VALUES (${id}, ${body.productId}, ${product.store_id}, ${product.merchant_id}, ${creatorId},
          ${body.note ?? null}, ${d.status}, ${d.reasonCode}, ${d.reason}, ${creator.followers}, ${score},
          ${policy.contentDays}, ${policy.requireReturn}, ${now}, ${d.status === 'requested' ? null : now})`.execute(
        trx,
      );
      await repo.addHistory(trx, id, 'requested', now, actorOf(p));
      if (d.status !== 'requested') await repo.addHistory(trx, id, d.status, now, 'policy');
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // A concurrent request won: the same id is a replay, otherwise the open request is the conflict.
    const r = await replay();
    if (r) return r;
    const open = await repo.openSampleOf(env.db, creatorId, body.productId);
    throw open ? openConflict(open, creatorId, body.productId) : e;
  }
  return { status: 201, body: await load(env, id, now) };
}

const openConflict = (open: { id: string; status: string }, creatorId: string, productId: string) =>
  conflict(
    `creator ${creatorId} already has an open sample request ${open.id} (${open.status}) for ${productId}`,
    [{ field: 'productId', reason: `an open request ${open.id} exists`, code: 'sample_already_open' }],
  );

export interface ListQuery {
  status?: SampleStatus;
  productId?: string;
  creatorId?: string;
  merchantId?: string;
  limit?: number;
  offset?: number;
}

export async function listSamples(env: Env, p: Principal, q: ListQuery, now = new Date()) {
  const today = businessDay(now, env.timeZone);
  const where: RawBuilder<unknown>[] = [];
  if (p.role === 'merchant') {
    if (q.merchantId && q.merchantId !== p.partyId)
      throw forbidden(`not allowed to access merchant ${q.merchantId}`);
    where.push(sql`s.merchant_id = ${p.partyId}`);
  } else if (p.role === 'creator') {
    if (q.creatorId && q.creatorId !== p.partyId)
      throw forbidden(`not allowed to access creator ${q.creatorId}`);
    where.push(sql`s.creator_id = ${p.partyId}`);
  } else if (!isOperator(p)) throw forbidden('samples are for merchants, creators and operators');
  if (q.merchantId) where.push(sql`s.merchant_id = ${q.merchantId}`);
  if (q.creatorId) where.push(sql`s.creator_id = ${q.creatorId}`);
  if (q.productId) where.push(sql`s.product_id = ${q.productId}`);
  const counts = await repo.countByStatus(env.db, where, today);
  if (q.status) where.push(sql`${repo.shownStatus(today)} = ${q.status}`);
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const { rows, total } = await repo.listSamples(env.db, where, limit, offset);
  const h = await repo.historyOf(
    env.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => view(r, h.get(r.id) ?? [], today)), total, counts, limit, offset };
}

export async function getSample(env: Env, p: Principal, id: string, now = new Date()) {
  const r = await repo.getSample(env.db, id);
  if (!r) throw notFound(`no sample ${id}`);
  assertSees(p, r);
  return load(env, id, now);
}

export interface ActionBody {
  reason?: string;
  carrier?: string;
  trackingNo?: string;
  type?: 'live' | 'video';
  sessionId?: string;
  url?: string;
}

const PAST: Record<SampleAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  ship: 'shipped',
  receive: 'received',
  fulfil: 'fulfilled',
  return: 'returned',
};

/** One step of the sample's life by its merchant (approve, reject, ship) or its creator (receive, fulfil, return). */
export async function act(
  env: Env,
  p: Principal,
  id: string,
  action: SampleAction,
  body: ActionBody,
  now = new Date(),
) {
  const today = businessDay(now, env.timeZone);
  await env.db.transaction().execute(async (trx) => {
    const r = await repo.getSample(trx, id, true);
    if (!r) throw notFound(`no sample ${id}`);
    const side = ACTION_SIDE[action];
    if (!isOperator(p)) {
      const mine =
        side === 'merchant'
          ? p.role === 'merchant' && p.partyId === r.merchant_id
          : p.role === 'creator' && p.partyId === r.creator_id;
      if (!mine) {
        assertSees(p, r);
        throw forbidden(`only the sample's ${side} may ${action} it`);
      }
    }
    const current = viewStatus(r.status, r.content_due_on, today);
    const to = next(current, action, r.require_return);
    if (!to)
      throw conflict(
        action === 'return' && !r.require_return
          ? `sample ${id} need not be returned (the merchant's policy did not ask for it)`
          : `sample ${id} is ${current}; it cannot be ${PAST[action]} now`,
        [{ field: 'status', reason: `is ${current}`, code: 'wrong_status' }],
      );
    let set: RawBuilder<unknown>;
    switch (action) {
      case 'approve':
        set = sql`decided_at = ${now}`;
        break;
      case 'reject':
        set = sql`decided_at = ${now}, reason_code = 'merchant_rejected', reason = ${body.reason ?? null}`;
        break;
      case 'ship':
        set = sql`shipped_at = ${now}, carrier = ${body.carrier!}, tracking_no = ${body.trackingNo!}`;
        break;
      case 'receive':
        set = sql`received_at = ${now}, content_due_on = ${dueOn(today, r.content_days)}::date`;
        break;
      case 'fulfil': {
        await checkContent(trx, r, body);
        set = sql`fulfilled_at = ${now}, fulfilled_late = ${isLate(r.content_due_on, today)},
          content_type = ${body.type!}, content_session_id = ${body.sessionId ?? null}, content_url = ${body.url ?? null}`;
        break;
      }
      case 'return':
        set = sql`returned_at = ${now}, return_carrier = ${body.carrier!}, return_tracking_no = ${body.trackingNo!}`;
        break;
    }
    await sql`UPDATE samples SET status = ${to}, ${set} WHERE id = ${id}`.execute(trx);
    await repo.addHistory(trx, id, to, now, actorOf(p));
  });
  return load(env, id, now);
}

/** The content that fulfils a sample: a live session the creator hosted for the store, or a video's address. */
async function checkContent(db: Db, r: repo.SampleRow, body: ActionBody) {
  if (body.type === 'video') {
    if (!body.url)
      throw unprocessable('a video needs its address', [{ field: 'url', reason: 'is required for a video' }]);
    return;
  }
  if (!body.sessionId)
    throw unprocessable('a live fulfilment names its session', [
      { field: 'sessionId', reason: 'is required for live content' },
    ]);
  const s = (
    await sql<{
      store_id: string;
      creator_id: string | null;
      started_at: Date | null;
    }>`SELECT store_id, creator_id,
      started_at FROM live_sessions WHERE id = ${body.sessionId}`.execute(db)
  ).rows[0];
  const issue = !s
    ? { reason: `there is no live session ${body.sessionId}`, code: 'session_not_found' }
    : s.creator_id !== r.creator_id
      ? {
          reason: `session ${body.sessionId} is not hosted by creator ${r.creator_id}`,
          code: 'session_not_hosted_by_creator',
        }
      : s.store_id !== r.store_id
        ? { reason: `session ${body.sessionId} is not in store ${r.store_id}`, code: 'session_other_store' }
        : s.started_at === null
          ? { reason: `session ${body.sessionId} has not started`, code: 'session_not_started' }
          : null;
  if (issue) throw unprocessable(issue.reason, [{ field: 'sessionId', ...issue }]);
}
