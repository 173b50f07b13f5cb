import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Db, Tx } from '../../core/db.ts';
import {
  conflict,
  type FieldIssue,
  forbidden,
  notFound,
  Problem,
  summarize,
  unprocessable,
} from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { changeOfferStatus, createOffer } from '../pricing/index.ts';
import { sessionStatus } from './domain/metrics.ts';
import { recomputeSession } from './aggregates.service.ts';
import {
  getSessionRow,
  type HostType,
  type SessionRow,
  sessionExplanations,
  sessionProducts,
  summaries,
} from './sessions.repo.ts';

export interface ProductInput {
  productId: string;
  livePrice?: number;
}

export interface CreateBody {
  id?: string;
  storeId: string;
  hostType: HostType;
  creatorId?: string;
  agencyId?: string;
  title: string;
  scheduledAt: string;
  products?: ProductInput[];
}

const fail = (issues: FieldIssue[]): never => {
  throw unprocessable(`the session is not valid: ${summarize(issues)}`, issues);
};

/** Who may read a session: operators and integrations, its merchant, its host creator, its agency. */
export function assertCanRead(p: Principal, s: SessionRow) {
  if (p.role === 'operator' || p.role === 'integration') return;
  if (p.role === 'merchant' && p.partyId === s.merchant_id) return;
  if (p.role === 'creator' && p.partyId === s.creator_id) return;
  if (p.role === 'agency' && p.partyId === s.agency_id) return;
  throw forbidden(`not allowed to access live session ${s.id}`);
}

/** Who may run a session (start, end, explain): the readers. Who may plan it (list, patch, cancel): not hosts. */
function assertCanPlan(p: Principal, s: SessionRow) {
  if (p.role === 'operator' || p.role === 'integration') return;
  if (p.role === 'merchant' && p.partyId === s.merchant_id) return;
  throw forbidden(`only the store's merchant or an operator plans live session ${s.id}`);
}

async function mustGet(db: Db, id: string, lock = false) {
  const s = await getSessionRow(db, id, lock);
  if (!s) throw notFound(`live session ${id}`);
  return s;
}

export async function sessionDetail(db: Db, id: string) {
  const s = await mustGet(db, id);
  const [summary] = await summaries(db, [s]);
  return {
    ...summary!,
    products: await sessionProducts(db, id),
    explanations: await sessionExplanations(db, id),
  };
}

export async function readSession(db: Db, p: Principal, id: string) {
  assertCanRead(p, await mustGet(db, id));
  return sessionDetail(db, id);
}

/** Issues of a product list for a store: products of the store, once each, live price below the lowest SKU price. */
async function productIssues(db: Db, storeId: string, products: ProductInput[]): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const ids = products.map((p) => p.productId);
  const { rows } = await sql<{ id: string; store_id: string; price: string | null }>`
    SELECT p.id, p.store_id, (SELECT min(k.price) FROM skus k WHERE k.product_id = p.id) AS price
    FROM products p WHERE p.id = ANY(${ids}::text[])`.execute(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const seen = new Set<string>();
  products.forEach((p, i) => {
    const f = `products.${i}`;
    const r = byId.get(p.productId);
    if (seen.has(p.productId))
      issues.push({ field: `${f}.productId`, reason: 'is listed twice', code: 'duplicate_product' });
    seen.add(p.productId);
    if (!r)
      issues.push({
        field: `${f}.productId`,
        reason: `unknown product ${p.productId}`,
        code: 'unknown_product',
      });
    else if (r.store_id !== storeId)
      issues.push({
        field: `${f}.productId`,
        reason: `product ${p.productId} is not sold by store ${storeId}`,
        code: 'product_not_in_store',
      });
    else if (p.livePrice !== undefined) {
      const price = r.price === null ? null : Number(r.price);
      if (price === null || p.livePrice >= price)
        issues.push({
          field: `${f}.livePrice`,
          reason: `must be below the product's lowest SKU price (${price ?? 'none'} fen)`,
          code: 'live_price_not_below_price',
          params: { livePrice: p.livePrice, price: price ?? 0 },
        });
    }
  });
  return issues;
}

/** The live price offer of a product in a session: its id names the session, product and price (retry-safe). */
export function liveOfferId(sessionId: string, productId: string, price: number) {
  return `lp_${createHash('sha256').update(`${sessionId}|${productId}|${price}`).digest('hex').slice(0, 24)}`;
}

// Live prices are gated by liveSessionId (the quote engine applies them to orders from the room only), so
// their time window is left wide; they end when the product leaves the list, the session ends or is cancelled.
const OFFER_FROM = '2000-01-01T00:00:00.000Z';
const OFFER_TO = '2100-01-01T00:00:00.000Z';

/**
 * Creates the live-price offers of a session's list (idempotent by id). Pricing lets operators and merchants
 * write offers; the live module writes them as an operator on the session merchant's behalf, because an
 * integration or a host may list products too.
 */
async function ensureOffers(db: Db, p: Principal, s: { id: string; merchant_id: string; store_id: string }) {
  const { rows } = await sql<{ product_id: string; live_price: string; offer_id: string; title: string }>`
    SELECT sp.product_id, sp.live_price, sp.offer_id, pr.title FROM live_session_products sp
    JOIN products pr ON pr.id = sp.product_id
    WHERE sp.session_id = ${s.id} AND sp.offer_id IS NOT NULL`.execute(db);
  const op: Principal = { role: 'operator', partyId: null, subject: p.subject, via: p.via };
  for (const r of rows)
    await createOffer(db, op, {
      id: r.offer_id,
      status: 'active',
      name: `Live price: ${r.title}`.slice(0, 200),
      kind: 'live_price',
      merchantId: s.merchant_id,
      scope: { storeIds: [s.store_id], productIds: [r.product_id] },
      startsAt: OFFER_FROM,
      endsAt: OFFER_TO,
      rule: { type: 'price', price: Number(r.live_price) },
      liveSessionId: s.id,
    });
}

async function endOffers(db: Db, p: Principal, ids: string[]) {
  const op: Principal = { role: 'operator', partyId: null, subject: p.subject, via: p.via };
  for (const id of ids) {
    try {
      await changeOfferStatus(db, op, id, 'end');
    } catch (e) {
      // Already ended (409) or never created (404): nothing left to end.
      if (!(e instanceof Problem && (e.status === 409 || e.status === 404))) throw e;
    }
  }
}

/** Replaces the list inside `trx`; returns the offers the old list had that the new one drops. */
async function writeProducts(trx: Tx, sessionId: string, products: ProductInput[]): Promise<string[]> {
  const old = await sql<{ offer_id: string | null }>`
    DELETE FROM live_session_products WHERE session_id = ${sessionId} RETURNING offer_id`.execute(trx);
  if (products.length) {
    const pid = products.map((p) => p.productId);
    const pos = products.map((_, i) => i + 1);
    const price = products.map((p) => p.livePrice ?? null);
    const offer = products.map((p) =>
      p.livePrice === undefined ? null : liveOfferId(sessionId, p.productId, p.livePrice),
    );
    await sql`INSERT INTO live_session_products (session_id, product_id, position, live_price, offer_id)
      SELECT ${sessionId}, * FROM unnest(${pid}::text[], ${pos}::int[], ${price}::bigint[], ${offer}::text[])`.execute(
      trx,
    );
  }
  const kept = new Set(
    products.flatMap((p) =>
      p.livePrice === undefined ? [] : [liveOfferId(sessionId, p.productId, p.livePrice)],
    ),
  );
  return old.rows.flatMap((r) => (r.offer_id && !kept.has(r.offer_id) ? [r.offer_id] : []));
}

const sameInstant = (a: Date | null, b: string | undefined) =>
  (a === null && b === undefined) ||
  (a !== null && b !== undefined && new Date(a).getTime() === Date.parse(b));

export async function createSession(
  db: Db,
  p: Principal,
  b: CreateBody,
): Promise<{ status: number; body: unknown }> {
  const store = (
    await sql<{
      id: string;
      merchant_id: string;
    }>`SELECT id, merchant_id FROM stores WHERE id = ${b.storeId}`.execute(db)
  ).rows[0];
  if (store && p.role === 'merchant' && store.merchant_id !== p.partyId)
    throw forbidden(`store ${b.storeId} belongs to another merchant`);
  const issues: FieldIssue[] = [];
  if (!store) issues.push({ field: 'storeId', reason: `unknown store ${b.storeId}`, code: 'unknown_store' });
  if (b.hostType === 'self' && b.creatorId)
    issues.push({
      field: 'creatorId',
      reason: 'a self-streamed session has no host creator',
      code: 'not_for_self',
    });
  if (b.hostType !== 'self' && !b.creatorId)
    issues.push({
      field: 'creatorId',
      reason: `is required when hostType is ${b.hostType}`,
      code: 'required',
    });
  if (b.hostType === 'agency' && !b.agencyId)
    issues.push({ field: 'agencyId', reason: 'is required when hostType is agency', code: 'required' });
  if (b.hostType !== 'agency' && b.agencyId)
    issues.push({
      field: 'agencyId',
      reason: 'only agency sessions name an agency',
      code: 'only_for_agency',
    });
  if (b.creatorId) {
    const c = await sql`SELECT 1 FROM creators WHERE id = ${b.creatorId}`.execute(db);
    if (!c.rows.length)
      issues.push({ field: 'creatorId', reason: `unknown creator ${b.creatorId}`, code: 'unknown_creator' });
  }
  if (b.agencyId) {
    const a = await sql`SELECT 1 FROM agencies WHERE id = ${b.agencyId}`.execute(db);
    if (!a.rows.length)
      issues.push({ field: 'agencyId', reason: `unknown agency ${b.agencyId}`, code: 'unknown_agency' });
  }
  const products = b.products ?? [];
  if (store) issues.push(...(await productIssues(db, store.id, products)));
  if (issues.length) fail(issues);

  const id = b.id ?? newId('ls');
  const created = await db.transaction().execute(async (trx) => {
    const ins =
      await sql`INSERT INTO live_sessions (id, store_id, merchant_id, host_type, creator_id, agency_id, title, scheduled_at)
      VALUES (${id}, ${b.storeId}, ${store!.merchant_id}, ${b.hostType}, ${b.creatorId ?? null}, ${b.agencyId ?? null},
        ${b.title}, ${b.scheduledAt}) ON CONFLICT (id) DO NOTHING RETURNING id`.execute(trx);
    if (!ins.rows.length) return false;
    await writeProducts(trx, id, products);
    return true;
  });
  const s = await mustGet(db, id);
  if (!created) {
    // The same id again: the same session (as first created) is the same answer; anything else is a conflict.
    assertCanPlan(p, s);
    const listed = await sessionProducts(db, id);
    const same =
      s.store_id === b.storeId &&
      s.host_type === b.hostType &&
      s.creator_id === (b.creatorId ?? null) &&
      s.agency_id === (b.agencyId ?? null) &&
      s.title === b.title &&
      sameInstant(s.scheduled_at, b.scheduledAt) &&
      JSON.stringify(listed.map((x) => [x.productId, x.livePrice])) ===
        JSON.stringify(products.map((x) => [x.productId, x.livePrice ?? null]));
    if (!same)
      throw conflict(`live session ${id} already exists with different details`, [
        { field: 'id', reason: `live session ${id} exists with different details`, code: 'id_taken' },
      ]);
  }
  await ensureOffers(db, p, s);
  return { status: created ? 201 : 200, body: await sessionDetail(db, id) };
}

export async function patchSession(
  db: Db,
  p: Principal,
  id: string,
  b: { title?: string; scheduledAt?: string },
) {
  await db.transaction().execute(async (trx) => {
    const s = await mustGet(trx, id, true);
    assertCanPlan(p, s);
    if (s.started_at) throw wrongState(s, 'change', 'scheduled');
    await sql`UPDATE live_sessions SET title = COALESCE(${b.title ?? null}, title),
      scheduled_at = COALESCE(${b.scheduledAt ?? null}::timestamptz, scheduled_at), updated_at = now()
      WHERE id = ${id}`.execute(trx);
  });
  return sessionDetail(db, id);
}

function wrongState(s: SessionRow, action: string, needs: string) {
  const status = sessionStatus(s.started_at, s.ended_at);
  return conflict(`cannot ${action} live session ${s.id}: it is ${status}`, [
    {
      field: 'status',
      reason: `is ${status}; ${action} needs ${needs}`,
      code: 'wrong_status',
      params: { status },
    },
  ]);
}

const instant = (at: string | undefined, now: Date) => (at ? new Date(at) : now);

export async function startSession(db: Db, p: Principal, id: string, at?: string, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const s = await mustGet(trx, id, true);
    assertCanRead(p, s);
    if (s.ended_at) throw wrongState(s, 'start', 'scheduled');
    if (s.started_at) return; // already live: starting again is the same
    await sql`UPDATE live_sessions SET started_at = ${instant(at, now)}, updated_at = now() WHERE id = ${id}`.execute(
      trx,
    );
  });
  return sessionDetail(db, id);
}

export async function endSession(db: Db, p: Principal, id: string, at?: string, now = new Date()) {
  const ended = await db.transaction().execute(async (trx) => {
    const s = await mustGet(trx, id, true);
    assertCanRead(p, s);
    if (!s.started_at) throw wrongState(s, 'end', 'live');
    if (s.ended_at) return null;
    const end = instant(at, now);
    if (end < new Date(s.started_at))
      fail([{ field: 'at', reason: 'must not be before the session started', code: 'before_start' }]);
    await sql`UPDATE live_sessions SET ended_at = ${end}, updated_at = now() WHERE id = ${id}`.execute(trx);
    // Open explanation windows close with the session.
    await sql`UPDATE live_explanations SET ended_at = GREATEST(started_at, ${end}::timestamptz)
      WHERE session_id = ${id} AND ended_at IS NULL`.execute(trx);
    return s;
  });
  if (ended) {
    await endOffers(db, p, await offersOf(db, id));
    // The repair of the incremental aggregates, now that the room is closed (see aggregates.service.ts).
    await recomputeSession(db, id);
  }
  return sessionDetail(db, id);
}

async function offersOf(db: Db, id: string) {
  const r = await sql<{ offer_id: string }>`SELECT offer_id FROM live_session_products
    WHERE session_id = ${id} AND offer_id IS NOT NULL`.execute(db);
  return r.rows.map((x) => x.offer_id);
}

export async function cancelSession(db: Db, p: Principal, id: string) {
  const offers = await db.transaction().execute(async (trx) => {
    const s = await mustGet(trx, id, true);
    assertCanPlan(p, s);
    if (s.started_at) throw wrongState(s, 'cancel', 'scheduled');
    const o = await offersOf(trx, id);
    await sql`DELETE FROM live_sessions WHERE id = ${id}`.execute(trx);
    return o;
  });
  await endOffers(db, p, offers);
}

export async function replaceProducts(db: Db, p: Principal, id: string, products: ProductInput[]) {
  const s0 = await mustGet(db, id);
  assertCanPlan(p, s0);
  const issues = await productIssues(db, s0.store_id, products);
  if (issues.length) fail(issues);
  const dropped = await db.transaction().execute(async (trx) => {
    const s = await mustGet(trx, id, true);
    if (s.ended_at) throw wrongState(s, 'change the products of', 'scheduled or live');
    return writeProducts(trx, id, products);
  });
  await ensureOffers(db, p, s0);
  await endOffers(db, p, dropped);
  return sessionDetail(db, id);
}

export async function startExplanation(
  db: Db,
  p: Principal,
  sessionId: string,
  b: { id?: string; productId: string; startedAt?: string; endedAt?: string },
  now = new Date(),
): Promise<{ status: number; body: unknown }> {
  const xid = b.id ?? newId('lx');
  const created = await db.transaction().execute(async (trx) => {
    const s = await mustGet(trx, sessionId, true);
    assertCanRead(p, s);
    const prior = (
      await sql<{ session_id: string; product_id: string; started_at: Date; ended_at: Date | null }>`
        SELECT session_id, product_id, started_at, ended_at FROM live_explanations WHERE id = ${xid}`.execute(
        trx,
      )
    ).rows[0];
    if (prior) {
      const same =
        prior.session_id === sessionId &&
        prior.product_id === b.productId &&
        (b.startedAt === undefined || sameInstant(prior.started_at, b.startedAt)) &&
        (b.endedAt === undefined || sameInstant(prior.ended_at, b.endedAt));
      if (!same)
        throw conflict(`explanation ${xid} already exists with different details`, [
          { field: 'id', reason: `explanation ${xid} exists with different details`, code: 'id_taken' },
        ]);
      return false;
    }
    if (!s.started_at) throw wrongState(s, 'explain products in', 'live or ended');
    const start = instant(b.startedAt, now);
    const end = b.endedAt ? new Date(b.endedAt) : null;
    const issues: FieldIssue[] = [];
    const listed =
      await sql`SELECT 1 FROM live_session_products WHERE session_id = ${sessionId} AND product_id = ${b.productId}`.execute(
        trx,
      );
    if (!listed.rows.length)
      issues.push({ field: 'productId', reason: 'is not listed in the session', code: 'not_listed' });
    if (start < new Date(s.started_at) || (s.ended_at && start > new Date(s.ended_at)))
      issues.push({ field: 'startedAt', reason: 'must be within the session', code: 'outside_session' });
    if (end && end < start)
      issues.push({ field: 'endedAt', reason: 'must not be before startedAt', code: 'end_before_start' });
    if (s.ended_at && !end)
      issues.push({ field: 'endedAt', reason: 'is required once the session has ended', code: 'required' });
    if (issues.length) fail(issues);
    // The window open at this start ends here (one product is explained at a time).
    await sql`UPDATE live_explanations SET ended_at = ${start} WHERE session_id = ${sessionId}
      AND ended_at IS NULL AND started_at <= ${start}`.execute(trx);
    await sql`INSERT INTO live_explanations (id, session_id, product_id, started_at, ended_at)
      VALUES (${xid}, ${sessionId}, ${b.productId}, ${start}, ${end})`.execute(trx);
    return true;
  });
  return { status: created ? 201 : 200, body: await explanationView(db, xid) };
}

async function explanationView(db: Db, id: string) {
  const r = (
    await sql<{
      id: string;
      session_id: string;
      product_id: string;
      title: string;
      started_at: Date;
      ended_at: Date | null;
    }>`
      SELECT x.id, x.session_id, x.product_id, p.title, x.started_at, x.ended_at FROM live_explanations x
      JOIN products p ON p.id = x.product_id WHERE x.id = ${id}`.execute(db)
  ).rows[0]!;
  return {
    id: r.id,
    sessionId: r.session_id,
    productId: r.product_id,
    productTitle: r.title,
    startedAt: new Date(r.started_at).toISOString(),
    endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
  };
}

export async function endExplanation(
  db: Db,
  p: Principal,
  sessionId: string,
  xid: string,
  at?: string,
  now = new Date(),
) {
  await db.transaction().execute(async (trx) => {
    const s = await mustGet(trx, sessionId, true);
    assertCanRead(p, s);
    const x = (
      await sql<{
        started_at: Date;
        ended_at: Date | null;
      }>`SELECT started_at, ended_at FROM live_explanations
        WHERE id = ${xid} AND session_id = ${sessionId} FOR UPDATE`.execute(trx)
    ).rows[0];
    if (!x) throw notFound(`explanation ${xid} of live session ${sessionId}`);
    if (x.ended_at) return; // already ended: the same answer
    const end = instant(at, now);
    if (end < new Date(x.started_at))
      fail([{ field: 'at', reason: 'must not be before the window started', code: 'end_before_start' }]);
    await sql`UPDATE live_explanations SET ended_at = ${end} WHERE id = ${xid}`.execute(trx);
  });
  return explanationView(db, xid);
}
