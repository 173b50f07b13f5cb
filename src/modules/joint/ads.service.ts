import { sql } from 'kysely';
import { isOperator, type Principal } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { type Database, type Db, joinTransaction, type Tx } from '../../core/db.ts';
import { forbidden, notFound, Problem, unprocessable } from '../../core/errors.ts';
import { periodicJob } from '../../core/periodic.ts';
import { businessDay, dayStart } from '../../core/time.ts';
import type { TxInput } from '../ledger/index.ts';
import { postBatch } from '../ledger/index.ts';
import { createProgram, enrol, getProgram, updateProgram } from '../traffic/index.ts';
import * as repo from './ads.repo.ts';
import {
  AD_SLOTS,
  type AdRules,
  amountOf,
  type ContributionStatus,
  type FundingStatus,
  holdKey,
  isFull,
  nextStatus,
  parseAdRules,
  planJoin,
  type Range,
  type Refusal,
  type Split,
  shareBpOf,
  slotOf,
  unitsOf,
} from './domain/ads.ts';
import type { CampaignRow, Participant } from './types.ts';

/**
 * Ad crowdfunding (docs/joint.md): the whitelist, holds on the ledger while an ad is open, funding (holds posted,
 * escrow moved to ad revenue, a traffic program of kind budget with every participant store enrolled), refunds
 * at the deadline, and the ad's view with per-participant delivery.
 *
 * Ledger chart: a contribution's hold is a pending transaction `merchant:<id>:available` +amount /
 * `platform:main:ad_escrow_payable` −amount (key joint.ad.hold:<campaign>:<store>[:<seq>]); funding posts every
 * hold (resolution keys `<hold>:post`) and moves the price from escrow to `platform:main:ad_revenue` (key
 * joint.ad.fund:<campaign>), in one postBatch; voids use `<hold>:void`; cancelling a funded ad before it starts
 * refunds each contribution from revenue (joint.ad.refund:<hold>).
 */

export const ESCROW = 'platform:main:ad_escrow_payable';
export const REVENUE = 'platform:main:ad_revenue';
const REF = { refType: 'joint_campaign' } as const;
const BY = 'joint-ads';
export const SCENES: ('feed' | 'mall')[] = ['feed', 'mall'];

const zones = new WeakMap<Database, string>();
/** The marketplace time zone of a database (set when the routes register; business days of programs and GMV). */
export function useTimeZone(db: Database, timeZone: string) {
  zones.set(db, timeZone);
}
const zoneOf = (db: Database) => zones.get(db) ?? 'Asia/Shanghai';

const dbWithin = (db: Database, trx: Tx): Database => ({ ...db, kysely: joinTransaction(trx) });

const refuse = (r: Refusal) =>
  new Problem(
    r.status,
    r.status === 403 ? 'Forbidden' : r.status === 409 ? 'Conflict' : 'Unprocessable Content',
    r.reason,
    [{ field: r.field, reason: r.reason, code: r.code }],
    `urn:tributary:joint:${r.code}`,
  );

export const programIdOf = (campaignId: string) => `jad-${campaignId}`;

// ---- views ----

export interface AdContribution {
  merchantId: string;
  merchantName: string;
  storeId: string;
  storeName: string;
  shareBp: number;
  amount: number;
  status: ContributionStatus;
  joinedAt: string;
}

export interface AdDelivery {
  exposures: number;
  clicks: number;
  gmv: number;
  orders: number;
  byParticipant: { storeId: string; exposures: number; clicks: number; gmv: number; orders: number }[];
}

export interface AdView {
  campaignId: string;
  slot: string;
  slotName: string;
  slotNameZh: string;
  price: number;
  exposures: number;
  deadline: string;
  split: Split;
  seats: number | null;
  maxParticipants: number;
  fundingStatus: FundingStatus;
  raised: number;
  remaining: number;
  participants: number;
  fundedAt: string | null;
  closedAt: string | null;
  contributions: AdContribution[];
  programId: string | null;
  delivery: AdDelivery | null;
}

const live = (s: ContributionStatus) => s === 'held' || s === 'posted';

/** The ad of a campaign as the campaign view shows it (null when the campaign has no ad). */
export async function adView(db: Database, campaignId: string): Promise<AdView | null> {
  const k = db.kysely;
  const ad = await repo.getAd(k, campaignId);
  if (!ad) return null;
  const all = await repo.contributions(k, campaignId);
  const ids = [...new Set(all.map((c) => c.storeId))];
  const names = await sql<{ id: string; name: string; merchant_name: string }>`SELECT s.id, s.name,
      m.name AS merchant_name FROM stores s JOIN merchants m ON m.id = s.merchant_id
    WHERE s.id = ANY(${ids}::text[])`.execute(k);
  const nameOf = new Map(names.rows.map((r) => [r.id, r]));
  const slot = slotOf(ad.slot);
  const raised = all.filter((c) => live(c.status)).reduce((s, c) => s + c.amount, 0);
  return {
    campaignId,
    slot: ad.slot,
    slotName: slot?.name ?? ad.slot,
    slotNameZh: slot?.nameZh ?? ad.slot,
    price: ad.price,
    exposures: ad.exposures,
    deadline: ad.deadline,
    split: ad.split,
    seats: ad.seats,
    maxParticipants: ad.maxParticipants,
    fundingStatus: ad.status,
    raised,
    remaining: ad.price - raised,
    participants: all.filter((c) => live(c.status)).length,
    fundedAt: ad.fundedAt,
    closedAt: ad.closedAt,
    contributions: all.map((c) => ({
      merchantId: c.merchantId,
      merchantName: nameOf.get(c.storeId)?.merchant_name ?? c.merchantId,
      storeId: c.storeId,
      storeName: nameOf.get(c.storeId)?.name ?? c.storeId,
      shareBp: c.shareBp,
      amount: c.amount,
      status: c.status,
      joinedAt: c.joinedAt,
    })),
    programId: ad.programId,
    delivery: ad.programId
      ? await delivery(
          k,
          ad.campaignId,
          ad.programId,
          all.filter((c) => c.status === 'posted' || c.status === 'refunded').map((c) => c.storeId),
        )
      : null,
  };
}

/**
 * What the ad delivered, per participant store, over the program's days (docs/joint.md, Ad delivery):
 * exposures = shown in the program's slots (traffic_exposures with its program id); clicks = click events in
 * the program's scenes on a product the program showed that business day; orders / GMV = the store's paid,
 * not cancelled orders of the ad days that carry the campaign (ad_id or campaign_id) or contain a product the
 * program had shown on or before the day it was paid (view-through at product level: traffic logs no users).
 */
async function delivery(k: Db, campaignId: string, programId: string, stores: string[]): Promise<AdDelivery> {
  const p = await getProgram(k, programId).catch(() => null);
  const from = p?.startsOn ?? '9999-12-31';
  const to = p?.endsOn ?? p?.startsOn ?? '0001-01-01';
  const [exp, clicks, orders] = await Promise.all([
    sql<{ store_id: string; n: string }>`SELECT store_id, SUM(exposures) AS n FROM traffic_exposures
      WHERE program_id = ${programId} AND day BETWEEN ${from}::date AND ${to}::date GROUP BY store_id`.execute(
      k,
    ),
    sql<{ store_id: string; n: string }>`WITH shown AS (
        SELECT DISTINCT day, item_id, store_id FROM traffic_exposures
        WHERE program_id = ${programId} AND item_kind = 'product' AND day BETWEEN ${from}::date AND ${to}::date)
      SELECT s.store_id, count(*) AS n FROM events e JOIN shown s ON s.day = e.day AND s.item_id = e.product_id
      WHERE e.day BETWEEN ${from}::date AND ${to}::date AND e.type = 'click' AND e.scene = ANY(${SCENES}::text[])
      GROUP BY s.store_id`.execute(k),
    sql<{ store_id: string; orders: number; gmv: string }>`WITH first_shown AS (
        SELECT item_id, MIN(day) AS day FROM traffic_exposures
        WHERE program_id = ${programId} AND item_kind = 'product' AND day BETWEEN ${from}::date AND ${to}::date
        GROUP BY item_id)
      SELECT o.store_id, count(*)::int AS orders, SUM(o.pay_amount) AS gmv FROM orders o
      WHERE o.store_id = ANY(${stores}::text[]) AND o.paid_day BETWEEN ${from}::date AND ${to}::date
        AND o.status <> 'cancelled'
        AND (o.ad_id = ${campaignId} OR o.campaign_id = ${campaignId} OR EXISTS (
          SELECT 1 FROM order_lines l JOIN first_shown f ON f.item_id = l.product_id
          WHERE l.order_id = o.id AND f.day <= o.paid_day))
      GROUP BY o.store_id`.execute(k),
  ]);
  const num = (rows: { store_id: string; n: string }[]) =>
    new Map(rows.map((r) => [r.store_id, Number(r.n)]));
  const e = num(exp.rows);
  const c = num(clicks.rows);
  const o = new Map(orders.rows.map((r) => [r.store_id, r]));
  const byParticipant = stores.map((s) => ({
    storeId: s,
    exposures: e.get(s) ?? 0,
    clicks: c.get(s) ?? 0,
    gmv: Number(o.get(s)?.gmv ?? 0),
    orders: o.get(s)?.orders ?? 0,
  }));
  const sum = (f: (x: (typeof byParticipant)[number]) => number) =>
    byParticipant.reduce((a, x) => a + f(x), 0);
  return {
    exposures: [...e.values()].reduce((a, b) => a + b, 0),
    clicks: [...c.values()].reduce((a, b) => a + b, 0),
    gmv: sum((x) => x.gmv),
    orders: sum((x) => x.orders),
    byParticipant,
  };
}

/** Who may read an ad: operators; merchants taking part (or invited); whitelisted merchants while it is open. */
export async function adViewFor(db: Database, p: Principal, campaignId: string): Promise<AdView> {
  const view = await adView(db, campaignId);
  if (!view) throw notFound(`campaign ${campaignId} has no ad (not an ad crowdfunding campaign, or unknown)`);
  if (isOperator(p)) return view;
  if (p.role !== 'merchant' || !p.partyId) throw forbidden('ads are for merchants and operators');
  const m = p.partyId;
  if (view.contributions.some((c) => c.merchantId === m)) return view;
  const involved = await sql`SELECT 1 FROM joint_campaigns c WHERE c.id = ${campaignId}
      AND (c.organiser_merchant_id = ${m} OR EXISTS (SELECT 1 FROM joint_participants p
        WHERE p.campaign_id = c.id AND p.merchant_id = ${m}))`.execute(db.kysely);
  if (involved.rows.length) return view;
  if (view.fundingStatus === 'open' && (await repo.isWhitelisted(db.kysely, m))) return view;
  throw forbidden(`not allowed to see the ad of campaign ${campaignId}`);
}

// ---- whitelist ----

export const notWhitelisted = (merchantId: string, field = 'storeId') =>
  refuse({
    status: 403,
    code: 'not_whitelisted',
    field,
    reason: `merchant ${merchantId} is not on the ad crowdfunding whitelist (gray release): ask the operator`,
  });

export async function whitelistEntries(db: Database) {
  return { items: await repo.whitelist(db.kysely) };
}

export async function addToWhitelist(db: Database, merchantId: string, note: string | null, by: string) {
  if (!(await repo.merchantExists(db.kysely, merchantId))) throw notFound(`no merchant ${merchantId}`);
  await repo.putWhitelist(db.kysely, merchantId, note, by);
  return (await repo.whitelist(db.kysely, merchantId))[0]!;
}

export async function removeFromWhitelist(db: Database, merchantId: string) {
  const removed = await repo.deleteWhitelist(db.kysely, merchantId);
  return { merchantId, whitelisted: false, removed };
}

export async function whitelistStatus(db: Database, merchantId: string) {
  return { merchantId, whitelisted: await repo.isWhitelisted(db.kysely, merchantId) };
}

// ---- lifecycle (called by the campaign lifecycle's hooks, inside its transaction) ----

export function adRulesIssues(rules: Record<string, unknown>) {
  return parseAdRules(rules).issues;
}

function rulesOf(c: CampaignRow): AdRules {
  const { issues, ad } = parseAdRules(c.rules);
  if (!ad) throw unprocessable('the ad rules are invalid', issues);
  return ad;
}

/** The ad of a new campaign: whitelist, dates, the ad row and the initiator's contribution (held). */
export async function createAd(trx: Tx, db: Database, c: CampaignRow, now: Date): Promise<void> {
  const ad = rulesOf(c);
  if (!(await repo.isWhitelisted(trx, c.organiserMerchantId))) throw notWhitelisted(c.organiserMerchantId);
  const tz = zoneOf(db);
  const startDay = businessDay(c.startsAt, tz);
  const issues = [];
  if (Date.parse(ad.deadline) <= now.getTime())
    issues.push({ field: 'rules.ad.deadline', code: 'deadline_passed', reason: 'must be in the future' });
  if (Date.parse(ad.deadline) > dayStart(startDay, tz).getTime())
    issues.push({
      field: 'rules.ad.deadline',
      code: 'deadline_after_start',
      reason: `must be before the ad's first day ${startDay} begins (participants are enrolled in its traffic program before it starts)`,
      params: { startDay },
    });
  if (issues.length) throw unprocessable(issues.map((i) => i.reason).join('; '), issues);
  const slot = slotOf(ad.slot)!;
  const existing = await repo.getAd(trx, c.id, true);
  if (existing) return; // a replayed create
  await repo.insertAd(trx, {
    campaignId: c.id,
    slot: slot.id,
    price: ad.price,
    exposures: slot.exposures,
    deadline: ad.deadline,
    split: ad.split,
    seats: ad.seats,
    units: unitsOf(ad),
    maxParticipants: ad.maxParticipants,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
  });
  let share = ad.shareBp;
  if (ad.split === 'shares' && share === null) {
    const r = await sql<{ share_bp: number | null }>`SELECT share_bp FROM joint_participants
      WHERE campaign_id = ${c.id} AND store_id = ${c.organiserStoreId}`.execute(trx);
    share = r.rows[0]?.share_bp ?? null;
    if (share === null || share < 1 || share >= 10_000)
      throw unprocessable("name the initiator's share of the ad", [
        {
          field: 'rules.ad.shareBp',
          code: 'share_required',
          reason: "required for a split by shares: the initiator's share, 1..9999 bp",
        },
      ]);
  }
  await contribute(trx, db, c, c.organiserStoreId, c.organiserMerchantId, share, now);
}

/** A store joins (accepted invitation or open join): whitelisted, room left, its cost held; funds when full. */
export async function joinAd(trx: Tx, db: Database, c: CampaignRow, part: Participant, now: Date) {
  if (!(await repo.isWhitelisted(trx, part.merchantId))) throw notWhitelisted(part.merchantId);
  await contribute(trx, db, c, part.storeId, part.merchantId, part.shareBp, now);
}

async function contribute(
  trx: Tx,
  db: Database,
  c: CampaignRow,
  storeId: string,
  merchantId: string,
  shareBp: number | null,
  now: Date,
) {
  const ad = await repo.getAd(trx, c.id, true);
  if (!ad) throw notFound(`campaign ${c.id} has no ad`);
  const all = await repo.contributions(trx, c.id);
  const current = all.filter((x) => live(x.status));
  if (current.some((x) => x.storeId === storeId)) return; // already in (a retried join)
  const taken = current.flatMap((x) => x.ranges);
  const plan = planJoin(
    {
      status: ad.status,
      deadline: ad.deadline,
      units: ad.units,
      split: ad.split,
      maxParticipants: ad.maxParticipants,
      taken,
      count: current.length,
    },
    now,
    shareBp,
  );
  if (plan.refusal) throw refuse(plan.refusal);
  const ranges: Range[] = plan.ranges;
  const seq = all.filter((x) => x.storeId === storeId).reduce((s, x) => Math.max(s, x.seq), 0) + 1;
  const key = holdKey(c.id, storeId, seq);
  const amount = amountOf(ad.price, ad.units, ranges);
  const hold: TxInput = {
    key,
    kind: 'joint.ad.hold',
    ...REF,
    refId: c.id,
    at: now,
    pending: true,
    entries: [
      { account: `merchant:${merchantId}:available`, amount },
      { account: ESCROW, amount: -amount },
    ],
    memo: `ad ${c.id}: ${storeId} holds its share`,
  };
  await repo.insertContribution(trx, {
    campaignId: c.id,
    storeId,
    seq,
    merchantId,
    ranges,
    shareBp: shareBpOf(ad.units, ranges),
    amount,
    status: 'held',
    holdKey: key,
    joinedAt: now.toISOString(),
  });
  if (!isFull([...taken, ...ranges], ad.units)) {
    await postBatch(trx, { txs: [hold] });
    return;
  }
  // The last unit is taken: post every hold and book the price as ad revenue, in the same write.
  const holds = [...current.map((x) => x.holdKey), key];
  await postBatch(trx, {
    txs: [
      hold,
      {
        key: `joint.ad.fund:${c.id}`,
        kind: 'joint.ad.fund',
        ...REF,
        refId: c.id,
        at: now,
        entries: [
          { account: ESCROW, amount: ad.price },
          { account: REVENUE, amount: -ad.price },
        ],
        memo: `ad ${c.id} funded: ${ad.slot}`,
      },
    ],
    resolve: holds.map((h) => ({ pendingKey: h, action: 'post' as const, key: `${h}:post`, at: now })),
  });
  await repo.setContributionStatus(trx, c.id, holds, 'posted', now);
  const programId = await startProgram(trx, db, c, ad, [...current.map((x) => x.storeId), storeId], now);
  await repo.setAdStatus(trx, c.id, nextStatus(ad.status, 'fund')!, now, programId);
}

/** The funded ad as a traffic budget program (pool = the slot's exposures, invite enrolment), stores enrolled. */
async function startProgram(
  trx: Tx,
  db: Database,
  c: CampaignRow,
  ad: repo.AdRow,
  stores: string[],
  now: Date,
): Promise<string> {
  const tz = zoneOf(db);
  const startsOn = businessDay(ad.startsAt, tz);
  const lastDay = businessDay(new Date(Date.parse(ad.endsAt) - 1), tz);
  const id = programIdOf(c.id);
  await createProgram(
    joinTransaction(trx),
    {
      kind: 'budget',
      name: `Joint ad: ${c.name}`.slice(0, 200),
      nameZh: `联合广告：${c.nameZh ?? c.name}`.slice(0, 200),
      startsOn,
      endsOn: lastDay < startsOn ? startsOn : lastDay,
      params: {
        pool: ad.exposures,
        minStoreScore: null,
        categoryIds: [],
        enrolment: 'invite',
        rule: 'equal',
        scenes: SCENES,
      },
    },
    BY,
    id,
  );
  const today = businessDay(now, tz);
  const tdb = dbWithin(db, trx);
  for (const s of [...stores].sort()) await enrol(tdb, id, s, today);
  return id;
}

/** An accepted store leaves (removed before start): its hold is voided while the ad is open. */
export async function leaveAd(trx: Tx, _db: Database, c: CampaignRow, part: Participant, now: Date) {
  const ad = await repo.getAd(trx, c.id, true);
  if (!ad) return;
  const mine = (await repo.contributions(trx, c.id)).find(
    (x) => x.storeId === part.storeId && live(x.status),
  );
  if (!mine) return;
  if (ad.status !== 'open')
    throw refuse({
      status: 409,
      code: `ad_${ad.status}`,
      field: 'storeId',
      reason: `the ad is ${ad.status}: contributions are final (cancelling the campaign before it starts refunds them)`,
    });
  await postBatch(trx, {
    resolve: [{ pendingKey: mine.holdKey, action: 'void', key: `${mine.holdKey}:void`, at: now }],
  });
  await repo.setContributionStatus(trx, c.id, [mine.holdKey], 'voided', now);
}

/** The campaign is cancelled: holds voided; a funded ad that has not started is refunded and its program ended. */
export async function cancelAd(trx: Tx, _db: Database, c: CampaignRow, now: Date) {
  const ad = await repo.getAd(trx, c.id, true);
  if (!ad || ad.status === 'cancelled' || ad.status === 'refunded') return;
  const all = (await repo.contributions(trx, c.id)).filter((x) => live(x.status));
  if (ad.status === 'funded') {
    if (now.getTime() >= Date.parse(ad.startsAt))
      throw refuse({
        status: 409,
        code: 'ad_running',
        field: 'campaignId',
        reason: 'the funded ad has started running: it can no longer be cancelled and refunded',
      });
    await postBatch(trx, {
      txs: all.map((x) => ({
        key: `joint.ad.refund:${x.holdKey}`,
        kind: 'joint.ad.refund',
        ...REF,
        refId: c.id,
        at: now,
        entries: [
          { account: REVENUE, amount: x.amount },
          { account: `merchant:${x.merchantId}:available`, amount: -x.amount },
        ],
        memo: `ad ${c.id} cancelled: ${x.storeId} refunded`,
      })),
    });
    await repo.setContributionStatus(
      trx,
      c.id,
      all.map((x) => x.holdKey),
      'refunded',
      now,
    );
    if (ad.programId) {
      const p = await getProgram(trx, ad.programId);
      if (p.status !== 'ended')
        await updateProgram(
          joinTransaction(trx),
          p.id,
          { baseVersion: p.version, status: 'ended', note: 'joint ad cancelled' },
          BY,
        );
    }
  } else {
    await voidAll(trx, c.id, all, now);
  }
  await repo.setAdStatus(trx, c.id, nextStatus(ad.status, 'cancel')!, now);
}

async function voidAll(trx: Tx, campaignId: string, xs: repo.ContributionRow[], now: Date) {
  const held = xs.filter((x) => x.status === 'held');
  if (!held.length) return;
  await postBatch(trx, {
    resolve: held.map((x) => ({
      pendingKey: x.holdKey,
      action: 'void' as const,
      key: `${x.holdKey}:void`,
      at: now,
    })),
  });
  await repo.setContributionStatus(
    trx,
    campaignId,
    held.map((x) => x.holdKey),
    'voided',
    now,
  );
}

// ---- deadlines ----

/** Refunds every open ad whose deadline has passed unfunded (each in its own transaction; safe to run again). */
export async function sweepAds(db: Database, now: Date = new Date()) {
  const due = await repo.dueAds(db.kysely, now);
  const refunded: string[] = [];
  for (const id of due) {
    const done = await db.kysely.transaction().execute(async (trx) => {
      const ad = await repo.getAd(trx, id, true);
      if (!ad || ad.status !== 'open' || Date.parse(ad.deadline) > now.getTime()) return false;
      const all = (await repo.contributions(trx, id)).filter((x) => live(x.status));
      await voidAll(trx, id, all, now);
      await repo.setAdStatus(trx, id, nextStatus(ad.status, 'expire')!, now);
      return true;
    });
    if (done) refunded.push(id);
  }
  return { now: now.toISOString(), checked: due.length, refunded };
}

// ---- listing ----

export const adSlots = () => ({ items: AD_SLOTS.map((s) => ({ ...s })) });

/**
 * Ad campaign ids for a caller: operators all (by status); a merchant with status=open the open ads it can join
 * (whitelisted, deadline ahead, none of its stores in yet), otherwise the ads it takes part in.
 */
export async function adIdsFor(
  db: Database,
  p: Principal,
  status: FundingStatus | undefined,
  now: Date,
): Promise<{ ids: string[]; whitelisted: boolean | null }> {
  const k = db.kysely;
  if (isOperator(p)) return { ids: await repo.listAdIds(k, status ? { status } : {}), whitelisted: null };
  if (p.role !== 'merchant' || !p.partyId) throw forbidden('ads are for merchants and operators');
  const m = p.partyId;
  const whitelisted = await repo.isWhitelisted(k, m);
  if (status === 'open') {
    if (!whitelisted) return { ids: [], whitelisted };
    const open = await repo.listAdIds(k, { status: 'open', joinableAt: now });
    const mine = await sql<{ campaign_id: string }>`SELECT DISTINCT campaign_id FROM joint_ad_contributions
      WHERE merchant_id = ${m} AND status IN ('held','posted')`.execute(k);
    const inAlready = new Set(mine.rows.map((r) => r.campaign_id));
    return { ids: open.filter((id) => !inAlready.has(id)), whitelisted };
  }
  return { ids: await repo.listAdIds(k, { ...(status ? { status } : {}), merchantId: m }), whitelisted };
}

/** Settles ad deadlines every minute (refunds what is unfunded at its deadline); the module's start() runs it. */
export const adsJob = periodicJob('joint ad deadlines', 60_000, (ctx: AppContext) => {
  useTimeZone(ctx.db, ctx.cfg.timeZone);
  return sweepAds(ctx.db, new Date());
});
