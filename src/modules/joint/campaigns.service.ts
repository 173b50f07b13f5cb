import { sha256, type Principal } from '../../core/auth.ts';
import type { Database, Tx } from '../../core/db.ts';
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
import { latestStoreScores } from '../scoring/index.ts';
import { assertActsFor, assertInvolved, assertOrganiser, assertWriter } from './access.ts';
import * as repo from './campaigns.repo.ts';
import {
  canChangeParticipants,
  canMove,
  createIssues,
  MAX_SHARE_TOTAL,
  MAX_STORES,
  statusOf,
} from './domain/campaign.ts';
import { requirementIssues } from './domain/requirements.ts';
import { afterCommit, couponIssues, hooksFor, OPEN_JOIN } from './type-hooks.ts';
import { canonical } from '../../core/json.ts';
import { adView } from './ads.service.ts';
import type { CampaignRow, CampaignType, Decoration, Participant, ParticipantStatus } from './types.ts';

/** The campaign lifecycle: create (idempotent by id), invite, accept / decline / join, remove, cancel, read. */

export interface CreateBody {
  id?: string;
  type: CampaignType;
  name: string;
  nameZh?: string;
  storeId: string;
  startsAt: string;
  endsAt: string;
  rules: Record<string, unknown>;
  requirements?: { minStoreScore?: number | null; categoryIds?: string[] };
  funding?: { mode: 'own_lines' | 'shares'; platformFundedBp?: number; organiserShareBp?: number };
  fanOffer?: { rule: unknown; quantity: number } | null;
  decoration?: Decoration | null;
  invite?: string[];
}

const COUNTED: ParticipantStatus[] = ['invited', 'accepted', 'declined', 'removed'];

export async function view(db: Database, c: CampaignRow, parts: Participant[], now: Date) {
  const org = parts.find((x) => x.role === 'organiser');
  const counts = Object.fromEntries(COUNTED.map((s) => [s, parts.filter((x) => x.status === s).length]));
  const ad = c.type === 'ad_crowdfunding' ? await adView(db, c.id) : null;
  // An ad refunded at its deadline or cancelled is over for its campaign too.
  const adOver = ad?.fundingStatus === 'refunded' || ad?.fundingStatus === 'cancelled';
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    nameZh: c.nameZh,
    status: adOver ? ('cancelled' as const) : statusOf(c, now),
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    organiser: {
      merchantId: c.organiserMerchantId,
      merchantName: org?.merchantName ?? '',
      storeId: c.organiserStoreId,
      storeName: org?.storeName ?? '',
    },
    rules: c.rules,
    requirements: {
      minStoreScore: c.requirements.minStoreScore ?? null,
      categoryIds: c.requirements.categoryIds ?? [],
    },
    funding: {
      mode: c.funding.mode,
      platformFundedBp: c.funding.platformFundedBp ?? 0,
      ...(c.funding.mode === 'shares' ? { organiserShareBp: org?.shareBp ?? null } : {}),
    },
    fanOffer: c.fanOffer,
    decoration: c.decoration,
    participants: parts,
    counts,
    pricing: c.pricing,
    ad,
    version: c.version,
    createdAt: c.createdAt,
  };
}
export type CampaignView = Awaited<ReturnType<typeof view>>;

export async function loadView(db: Database, id: string, now: Date): Promise<CampaignView> {
  const c = await repo.getCampaign(db.kysely, id);
  if (!c) throw notFound(`campaign ${id}`);
  return view(db, c, (await repo.participantsOf(db.kysely, [id])).get(id)!, now);
}

export async function getCampaign(db: Database, p: Principal, id: string, now: Date) {
  const c = await repo.getCampaign(db.kysely, id);
  if (!c) throw notFound(`campaign ${id}`);
  const parts = (await repo.participantsOf(db.kysely, [id])).get(id)!;
  assertInvolved(p, c, parts);
  return view(db, c, parts, now);
}

export async function listCampaigns(
  db: Database,
  p: Principal,
  q: {
    role?: 'organiser' | 'participant' | 'invited';
    status?: string;
    type?: CampaignType;
    limit?: number;
    offset?: number;
  },
  now: Date,
) {
  if (p.role !== 'operator' && p.role !== 'integration' && !(p.role === 'merchant' && p.partyId))
    throw forbidden('joint campaigns are for merchants and operators');
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const { ids, total } = await repo.listIds(db.kysely, {
    merchantId: p.role === 'merchant' ? p.partyId! : undefined,
    role: q.role,
    status: q.status,
    type: q.type,
    now,
    limit,
    offset,
  });
  const [rows, parts] = await Promise.all([
    repo.getCampaigns(db.kysely, ids),
    repo.participantsOf(db.kysely, ids),
  ]);
  return {
    items: await Promise.all(rows.map((c) => view(db, c, parts.get(c.id)!, now))),
    total,
    limit,
    offset,
  };
}

const fail = (issues: FieldIssue[], what = 'the campaign is not valid') =>
  unprocessable(`${what}: ${summarize(issues)}`, issues);

function idTaken(id: string) {
  return conflict(`campaign ${id} already exists with a different body`, [
    { field: 'id', code: 'id_taken', reason: `campaign ${id} exists with different content`, params: { id } },
  ]);
}

/** Runs a lifecycle write in one transaction with the campaign row locked; pricing caches refresh after commit. */
async function write<T>(db: Database, fn: (trx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.kysely.transaction().execute(fn);
  } finally {
    afterCommit(db.kysely);
  }
}

export async function createCampaign(db: Database, p: Principal, b: CreateBody, now: Date) {
  assertWriter(p);
  const id = b.id ?? newId('jc');
  const { id: _id, ...content } = b;
  const hash = sha256(canonical(content));
  const prior = b.id ? await repo.getCampaign(db.kysely, id) : null;
  if (prior) {
    if (prior.bodyHash !== hash) throw idTaken(id);
    return { status: 200, body: await getCampaign(db, p, id, now) };
  }
  const invite = [...new Set(b.invite ?? [])];
  const stores = await repo.storesByIds(db.kysely, [b.storeId, ...invite]);
  const org = stores.get(b.storeId);
  if (!org)
    throw fail([
      {
        field: 'storeId',
        code: 'unknown_store',
        reason: `there is no store ${b.storeId}`,
        params: { store: b.storeId },
      },
    ]);
  assertActsFor(p, org.merchantId, `store ${b.storeId}`);
  const hooks = hooksFor(b.type);
  const issues = [
    ...createIssues({ ...b, invite }, now, p.role === 'operator'),
    ...hooks.validate(b.rules, p),
    ...(b.fanOffer ? couponIssues(b.fanOffer.rule, b.fanOffer.quantity, 1, 'fanOffer') : []),
  ];
  invite.forEach((s, i) => {
    if (!stores.has(s))
      issues.push({
        field: `invite.${i}`,
        code: 'unknown_store',
        reason: `there is no store ${s}`,
        params: { store: s },
      });
  });
  if (issues.length) throw fail(issues);
  const c: repo.StoredCampaign = {
    id,
    type: b.type,
    name: b.name,
    nameZh: b.nameZh ?? null,
    organiserMerchantId: org.merchantId,
    organiserStoreId: org.id,
    startsAt: new Date(b.startsAt).toISOString(),
    endsAt: new Date(b.endsAt).toISOString(),
    cancelled: false,
    rules: b.rules,
    requirements: {
      minStoreScore: b.requirements?.minStoreScore ?? null,
      categoryIds: b.requirements?.categoryIds ?? [],
    },
    funding: { mode: b.funding?.mode ?? 'own_lines', platformFundedBp: b.funding?.platformFundedBp ?? 0 },
    fanOffer: b.fanOffer ?? null,
    decoration: b.decoration ?? null,
    pricing: { offerId: null, templateId: null, fanTemplateId: null },
    bodyHash: hash,
    version: 1,
    createdAt: now.toISOString(),
  };
  const created = await write(db, async (trx) => {
    if (!(await repo.insertCampaign(trx, c, p.subject))) return false;
    const organiser = {
      storeId: org.id,
      merchantId: org.merchantId,
      role: 'organiser' as const,
      status: 'accepted' as const,
      shareBp: b.funding?.organiserShareBp ?? null,
    };
    await repo.upsertParticipant(trx, id, organiser, now);
    for (const s of invite)
      await repo.upsertParticipant(
        trx,
        id,
        {
          storeId: s,
          merchantId: stores.get(s)!.merchantId,
          role: 'participant',
          status: 'invited',
          shareBp: null,
        },
        now,
      );
    await hooks.onCreate?.(trx, db, c, p, now);
    return true;
  });
  if (!created) {
    // Lost a race with the same id: a replay if the bodies match.
    const again = await repo.getCampaign(db.kysely, id);
    if (again?.bodyHash !== hash) throw idTaken(id);
    return { status: 200, body: await getCampaign(db, p, id, now) };
  }
  return { status: 201, body: await loadView(db, id, now) };
}

interface Locked {
  c: repo.StoredCampaign;
  parts: Participant[];
}

async function lock(trx: Tx, id: string): Promise<Locked> {
  const c = await repo.getCampaign(trx, id, true);
  if (!c) throw notFound(`campaign ${id}`);
  return { c, parts: (await repo.participantsOf(trx, [id])).get(id)! };
}

const jointProblem = (
  status: number,
  code: string,
  detail: string,
  field: string,
  params: Record<string, string | number> = {},
) =>
  new Problem(
    status,
    status === 409 ? 'Conflict' : 'Unprocessable Content',
    detail,
    [{ field, code, reason: detail, params }],
    `urn:tributary:joint:${code}`,
  );

function assertOpen(c: CampaignRow, now: Date, what: string) {
  const s = statusOf(c, now);
  if (!canChangeParticipants(s))
    throw jointProblem(
      409,
      'not_inviting',
      `campaign ${c.id} is ${s}: ${what} only before it starts`,
      'status',
      { status: s },
    );
}

export async function invite(db: Database, p: Principal, id: string, storeIds: string[], now: Date) {
  const wanted = [...new Set(storeIds)];
  const stores = await repo.storesByIds(db.kysely, wanted);
  await write(db, async (trx) => {
    const { c, parts } = await lock(trx, id);
    assertOrganiser(p, c);
    assertOpen(c, now, 'stores are invited');
    const issues: FieldIssue[] = [];
    wanted.forEach((s, i) => {
      if (!stores.has(s))
        issues.push({
          field: `storeIds.${i}`,
          code: 'unknown_store',
          reason: `there is no store ${s}`,
          params: { store: s },
        });
      else if (s === c.organiserStoreId)
        issues.push({
          field: `storeIds.${i}`,
          code: 'organiser_store',
          reason: `store ${s} organises the campaign`,
          params: { store: s },
        });
    });
    const fresh = wanted.filter((s) => !parts.some((x) => x.storeId === s));
    if (parts.length + fresh.length > MAX_STORES)
      issues.push({
        field: 'storeIds',
        code: 'too_many',
        reason: `a campaign has at most ${MAX_STORES} stores`,
        params: { max: MAX_STORES },
      });
    if (issues.length) throw fail(issues, 'cannot invite');
    let changed = false;
    for (const s of wanted) {
      const cur = parts.find((x) => x.storeId === s);
      // Invited or accepted stay as they are; declined or removed are invited again.
      if (cur && !canMove(cur.status, 'invited')) continue;
      if (cur?.status === 'invited') continue;
      await repo.upsertParticipant(
        trx,
        id,
        {
          storeId: s,
          merchantId: stores.get(s)!.merchantId,
          role: 'participant',
          status: 'invited',
          shareBp: null,
        },
        now,
      );
      changed = true;
    }
    if (changed) await repo.touch(trx, id);
  });
  return loadView(db, id, now);
}

/** Participation requirements of a store, read before the write (scores come from scoring's latest day). */
async function checkRequirements(db: Database, c: CampaignRow, storeId: string) {
  const r = c.requirements;
  if ((r.minStoreScore ?? null) === null && !(r.categoryIds ?? []).length) return;
  const store = (await repo.storesByIds(db.kysely, [storeId])).get(storeId)!;
  const score =
    (r.minStoreScore ?? null) !== null ? ((await latestStoreScores(db)).get(storeId) ?? null) : null;
  const issues = requirementIssues(r, { storeId, score, categoryPath: store.categoryPath });
  if (issues.length)
    throw new Problem(
      422,
      'Unprocessable Content',
      `store ${storeId} does not meet the campaign's requirements: ${summarize(issues)}`,
      issues,
      'urn:tributary:joint:requirement_not_met',
    );
}

function checkShares(parts: Participant[], storeId: string, shareBp: number | undefined) {
  if (shareBp === undefined) return;
  const others = parts
    .filter((x) => x.status === 'accepted' && x.storeId !== storeId)
    .reduce((s, x) => s + (x.shareBp ?? 0), 0);
  if (others + shareBp > MAX_SHARE_TOTAL)
    throw jointProblem(
      422,
      'shares_exceed_total',
      `shareBp ${shareBp} would take the agreed shares to ${others + shareBp} bp, over 10000`,
      'shareBp',
      {
        shareBp,
        others,
      },
    );
}

async function storeOf(db: Database, storeId: string) {
  const s = (await repo.storesByIds(db.kysely, [storeId])).get(storeId);
  if (!s) throw notFound(`store ${storeId}`);
  return s;
}

/** Accept or decline an invitation (the invited store's merchant, or an operator for it). */
export async function respond(
  db: Database,
  p: Principal,
  id: string,
  storeId: string,
  answer: 'accept' | 'decline',
  opts: { shareBp?: number; note?: string },
  now: Date,
) {
  const store = await storeOf(db, storeId);
  assertActsFor(p, store.merchantId, `store ${storeId}`);
  const pre = await repo.getCampaign(db.kysely, id);
  if (!pre) throw notFound(`campaign ${id}`);
  if (answer === 'accept') await checkRequirements(db, pre, storeId);
  await write(db, async (trx) => {
    const { c, parts } = await lock(trx, id);
    const cur = parts.find((x) => x.storeId === storeId);
    if (!cur) throw notFound(`store ${storeId} is not invited to campaign ${id}`);
    if (cur.role === 'organiser')
      throw jointProblem(
        409,
        'organiser',
        `store ${storeId} organises campaign ${id}; cancel the campaign instead`,
        'storeId',
      );
    const to: ParticipantStatus = answer === 'accept' ? 'accepted' : 'declined';
    const share = answer === 'accept' ? (opts.shareBp ?? cur.shareBp) : cur.shareBp;
    if (cur.status === to && share === cur.shareBp) return; // a retry
    if (cur.status === 'accepted' && to === 'accepted') assertShareChangeable(c, storeId);
    assertOpen(c, now, answer === 'accept' ? 'invitations are accepted' : 'invitations are declined');
    if (cur.status !== to && !canMove(cur.status, to))
      throw jointProblem(
        409,
        'not_invited',
        `store ${storeId} is ${cur.status} in campaign ${id}`,
        'storeId',
        { status: cur.status },
      );
    if (answer === 'accept') checkShares(parts, storeId, opts.shareBp);
    await repo.upsertParticipant(
      trx,
      id,
      { ...cur, status: to, shareBp: share, note: opts.note ?? null },
      now,
    );
    await repo.touch(trx, id);
    const part = { ...cur, status: to, shareBp: share };
    const hooks = hooksFor(c.type);
    if (to === 'accepted' && cur.status !== 'accepted') await hooks.onJoin?.(trx, db, c, part, now);
    if (to === 'declined' && cur.status === 'accepted') await hooks.onLeave?.(trx, db, c, part, now);
  });
  return loadView(db, id, now);
}

/** An ad contribution's hold is placed at join: changing its share means leaving and joining again. */
function assertShareChangeable(c: CampaignRow, storeId: string) {
  if (c.type === 'ad_crowdfunding')
    throw jointProblem(
      409,
      'share_locked',
      `store ${storeId} already holds its share of ad ${c.id}; leave and join again to change it`,
      'shareBp',
    );
}

/** Open join (ad crowdfunding): the store's merchant joins without an invitation. */
export async function join(
  db: Database,
  p: Principal,
  id: string,
  b: { storeId: string; shareBp?: number },
  now: Date,
) {
  const store = await storeOf(db, b.storeId);
  assertActsFor(p, store.merchantId, `store ${b.storeId}`);
  const pre = await repo.getCampaign(db.kysely, id);
  if (!pre) throw notFound(`campaign ${id}`);
  if (!OPEN_JOIN.has(pre.type))
    throw jointProblem(
      409,
      'invitation_required',
      `a ${pre.type} campaign is joined by invitation only`,
      'type',
      { type: pre.type },
    );
  await checkRequirements(db, pre, b.storeId);
  await write(db, async (trx) => {
    const { c, parts } = await lock(trx, id);
    const cur = parts.find((x) => x.storeId === b.storeId);
    if (cur?.status === 'accepted' && (b.shareBp === undefined || b.shareBp === cur.shareBp)) return;
    if (cur?.status === 'accepted') assertShareChangeable(c, b.storeId);
    assertOpen(c, now, 'stores join');
    if (cur?.status === 'removed')
      throw jointProblem(
        409,
        'removed',
        `store ${b.storeId} was removed from campaign ${id} by its organiser`,
        'storeId',
      );
    checkShares(parts, b.storeId, b.shareBp);
    const part: Participant = {
      storeId: store.id,
      storeName: store.name,
      merchantId: store.merchantId,
      merchantName: store.merchantName,
      role: cur?.role ?? 'participant',
      status: 'accepted',
      shareBp: b.shareBp ?? cur?.shareBp ?? null,
      invitedAt: cur?.invitedAt ?? now.toISOString(),
      respondedAt: now.toISOString(),
      note: null,
    };
    await repo.upsertParticipant(trx, id, part, now);
    await repo.touch(trx, id);
    if (cur?.status !== 'accepted') await hooksFor(c.type).onJoin?.(trx, db, c, part, now);
  });
  return loadView(db, id, now);
}

/** The organiser (or an operator) removes a store before the start. */
export async function remove(
  db: Database,
  p: Principal,
  id: string,
  storeId: string,
  note: string | undefined,
  now: Date,
) {
  await write(db, async (trx) => {
    const { c, parts } = await lock(trx, id);
    assertOrganiser(p, c);
    const cur = parts.find((x) => x.storeId === storeId);
    if (!cur) throw notFound(`store ${storeId} is not in campaign ${id}`);
    if (cur.role === 'organiser')
      throw jointProblem(
        409,
        'organiser',
        `store ${storeId} organises campaign ${id}; cancel the campaign instead`,
        'storeId',
      );
    if (cur.status === 'removed') return;
    assertOpen(c, now, 'stores are removed');
    await repo.upsertParticipant(trx, id, { ...cur, status: 'removed', note: note ?? null }, now);
    await repo.touch(trx, id);
    if (cur.status === 'accepted')
      await hooksFor(c.type).onLeave?.(trx, db, c, { ...cur, status: 'removed' }, now);
  });
  return loadView(db, id, now);
}

/** Cancel: the organiser before the start, an operator until the end. */
export async function cancel(db: Database, p: Principal, id: string, now: Date) {
  await write(db, async (trx) => {
    const { c } = await lock(trx, id);
    assertOrganiser(p, c);
    if (c.cancelled) return;
    const s = statusOf(c, now);
    if (s === 'ended') throw jointProblem(409, 'ended', `campaign ${id} has ended`, 'status', { status: s });
    if (s === 'running' && p.role !== 'operator')
      throw jointProblem(
        409,
        'already_started',
        `campaign ${id} is running: only an operator can cancel it now`,
        'status',
        { status: s },
      );
    await repo.touch(trx, id, { cancelled: true });
    await hooksFor(c.type).onCancel?.(trx, db, { ...c, cancelled: true }, now);
  });
  return loadView(db, id, now);
}
