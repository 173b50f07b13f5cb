import type { Tx } from '../../core/db.ts';
import type { OutboxEvent } from '../../core/outbox.ts';
import { dayResolver } from '../../core/time.ts';
import { platformFundedByLine } from '../pricing/index.ts';
import { applyAmounts, orderMoney } from './build.ts';
import type { CommissionLine, CommissionOrder } from './commissions.repo.ts';
import * as repo from './commissions.repo.ts';
import { attribute } from './domain/attribution.ts';
import { byPrecedence, feeRate } from './domain/fees.ts';
import { fraudCheck } from './domain/fraud.ts';
import { settleableAt } from './domain/lifecycle.ts';
import { type PlanFacts, rateFor } from './domain/plans.ts';
import { diffEntries, orderEntries, recipients, toEntries } from './domain/postings.ts';
import { apportionRefund } from './domain/split.ts';
import type { Settings } from './domain/types.ts';
import { LedgerBatch } from './ledger.batch.ts';
import { loadPlans } from './plans.repo.ts';
import { settledUpTo } from './settlement.service.ts';
import * as facts from './sync.repo.ts';

/** Topics the commission engine follows (marketplace orders.service.ts and aftersales.service.ts). */
export const TOPICS = ['order.created', 'order.status_changed', 'after_sale.changed'];

/** What a status means to commissions: moves within one phase (paid → shipped, delivered → completed) change nothing. */
const PHASE: Record<string, string> = {
  created: 'unpaid',
  deposit_paid: 'unpaid',
  paid: 'paid',
  shipped: 'paid',
  delivered: 'done',
  completed: 'done',
  cancelled: 'cancelled',
};

/**
 * The orders a batch of outbox events is about. A status change within a phase is skipped (about half of an
 * order's events): the handler reads current state, so the events that matter bring everything up to date.
 */
export function orderIdsOf(events: readonly OutboxEvent[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.topic === 'after_sale.changed') {
      const id = (e.payload as { orderId?: unknown }).orderId;
      if (typeof id === 'string') ids.add(id);
    } else if (e.topic === 'order.status_changed') {
      const p = e.payload as { from?: unknown; status?: unknown };
      const from = PHASE[String(p.from)];
      if (!from || from !== PHASE[String(p.status)]) ids.add(e.aggregateId);
    } else if (e.topic.startsWith('order.')) ids.add(e.aggregateId);
  }
  return [...ids];
}

export interface SyncResult {
  created: number;
  refunds: number;
  cancelled: number;
  completed: number;
}

const PAID_STATES = new Set(['paid', 'shipped', 'delivered', 'completed']);
const estimateKey = (orderId: string, v: number) => `commission:estimate:${orderId}:v${v}`;

export interface State {
  order: CommissionOrder;
  lines: CommissionLine[];
  /** The current version's estimate was put in this batch (not in the ledger yet). */
  fresh: boolean;
}

/**
 * Brings the commissions of these orders up to date with the marketplace, whatever events announced it: the
 * handler reads current state, so a redelivered or reordered event changes nothing. New paid orders get
 * attributed and estimated (a pending ledger transaction); refunds not applied yet reduce them (void + repost
 * while pending, a correcting transaction once posted, an adjustment for the next statement once settled);
 * cancellations void; delivery confirmation completes. All reads and writes are set-based over the batch.
 */
export async function syncOrders(
  trx: Tx,
  orderIds: string[],
  timeZone = 'Asia/Shanghai',
): Promise<SyncResult> {
  const result: SyncResult = { created: 0, refunds: 0, cancelled: 0, completed: 0 };
  if (!orderIds.length) return result;
  const ids = [...new Set(orderIds)].sort();
  await facts.lockOrders(trx, ids);
  const floor = await settledUpTo(trx);
  const [orders, stored, settings, refunds] = await Promise.all([
    facts.loadOrders(trx, ids),
    repo.loadCommissions(trx, ids, true),
    facts.loadSettings(trx),
    facts.pendingRefunds(trx, ids),
  ]);
  const ledger = new LedgerBatch();
  const states = new Map<string, State>();
  for (const [id, order] of stored.orders)
    states.set(id, { order, lines: stored.lines.get(id) ?? [], fresh: false });
  // What changed, by kind: new orders are inserted, completion alone is two targeted updates, the rest rewritten.
  const created = new Set<string>();
  const dirty = new Set<string>();
  const completions = new Map<string, { orderId: string; at: number; settleableAt: number }>();

  const fresh = orders.filter((o) => !states.has(o.id) && o.paidAt !== null && PAID_STATES.has(o.status));
  for (const s of await createEstimates(trx, fresh, settings, timeZone)) {
    states.set(s.order.orderId, s);
    created.add(s.order.orderId);
    put(ledger, s);
    result.created++;
  }

  const applied: Parameters<typeof repo.insertRefunds>[1] = [];
  const adjustments: Parameters<typeof repo.insertAdjustments>[1] = [];
  for (const r of refunds) {
    const s = states.get(r.orderId);
    if (!s || s.order.ledgerState === 'voided') continue;
    const idx = r.lineNo === null ? null : s.lines.findIndex((l) => l.lineNo === r.lineNo);
    const settledBefore = s.lines.some((l) => l.settleMonth !== null);
    const extra = apportionRefund(
      s.lines.map((l) => ({ paid: l.paid, shipping: l.shippingFull, refunded: l.refunded })),
      r.amount,
      idx === -1 ? null : idx,
    );
    reprice(s, ledger, adjustments, `refund:${r.id}`, new Date(r.at), () => {
      s.lines.forEach((l, i) => {
        l.refunded += extra[i]!;
        s.order.refunded += extra[i]!;
        if (l.status !== 'invalid' && l.paid + l.shippingFull - l.refunded === 0) {
          l.status = 'invalid';
          l.invalidReason = 'refunded';
        }
      });
    });
    applied.push({
      afterSaleId: r.id,
      orderId: r.orderId,
      lineNo: r.lineNo,
      amount: r.amount,
      settledBefore,
      at: r.at,
    });
    dirty.add(r.orderId);
    result.refunds++;
  }

  for (const o of orders) {
    const s = states.get(o.id);
    if (!s) continue;
    if (o.status === 'cancelled' && s.order.ledgerState === 'pending') {
      const v = s.order.version;
      if (s.fresh) ledger.drop(estimateKey(o.id, v));
      else
        ledger.void(
          estimateKey(o.id, v),
          `commission:cancel:${o.id}:v${v}`,
          new Date(o.cancelledAt ?? Date.now()),
        );
      s.order.ledgerState = 'voided';
      // A cancelled order gives everything back to the buyer: every share is zero, the estimate is void.
      s.order.refunded = s.order.payAmount;
      for (const l of s.lines) {
        if (l.status !== 'invalid') Object.assign(l, { status: 'invalid', invalidReason: 'cancelled' });
        if (l.review === 'pending') l.review = null; // nothing left to review
        l.refunded = l.paid + l.shippingFull;
        applyAmounts(l);
      }
      dirty.add(o.id);
      result.cancelled++;
      continue;
    }
    const doneAt = o.deliveredAt ?? o.completedAt;
    // (An order with no money at all is in the ledger trivially: it completes without a posting.)
    if (doneAt !== null && s.order.completedAt === null && s.order.ledgerState !== 'voided') {
      if (s.order.ledgerState === 'pending')
        ledger.post(
          estimateKey(o.id, s.order.version),
          `commission:complete:${o.id}:v${s.order.version}`,
          new Date(doneAt),
        );
      s.order.ledgerState = 'posted';
      s.order.completedAt = doneAt;
      const until = Math.max(settleableAt(doneAt, settings.holdDays), floor);
      for (const l of s.lines) {
        l.completedAt = doneAt;
        l.settleableAt = until;
        if (l.status === 'estimated') l.status = 'completed';
      }
      completions.set(o.id, {
        orderId: o.id,
        at: doneAt,
        settleableAt: until,
      });
      result.completed++;
    }
  }

  await ledger.flush(trx);
  const inserted = [...created].map((id) => states.get(id)!);
  const changed = [...dirty].filter((id) => !created.has(id)).map((id) => states.get(id)!);
  await repo.saveOrders(
    trx,
    inserted.map((s) => s.order),
    true,
  );
  await repo.saveLines(
    trx,
    inserted.flatMap((s) => s.lines),
    true,
  );
  await repo.saveOrders(
    trx,
    changed.map((s) => s.order),
  );
  await repo.saveLines(
    trx,
    changed.flatMap((s) => s.lines),
  );
  await repo.saveCompletions(
    trx,
    [...completions.values()].filter((c) => !created.has(c.orderId) && !dirty.has(c.orderId)),
  );
  await repo.insertRefunds(trx, applied);
  await repo.insertAdjustments(trx, adjustments);
  return result;
}

/** Puts the order's current estimate (a pending transaction of its whole money) into the batch. */
function put(ledger: LedgerBatch, s: State) {
  const entries = toEntries(orderEntries(orderMoney(s.order, s.lines)));
  ledger.put({
    key: estimateKey(s.order.orderId, s.order.version),
    kind: 'commission.estimate',
    refType: 'order',
    refId: s.order.orderId,
    at: new Date(s.order.paidAt),
    entries,
    pending: true,
  });
}

/**
 * Changes an order's lines (`change`) and moves its ledger money to match: a pending estimate is voided and
 * reposted as the next version; a posted one gets a correcting transaction of the differences; the settled
 * lines' share of those differences is carried to the recipients' next statements as adjustments.
 */
export function reprice(
  s: State,
  ledger: LedgerBatch,
  adjustments: Parameters<typeof repo.insertAdjustments>[1],
  reason: string,
  at: Date,
  change: () => void,
) {
  const before = orderEntries(orderMoney(s.order, s.lines));
  const settledShares = new Map(
    s.lines.filter((l) => l.settleMonth !== null).map((l) => [l.lineNo, sharesOf(l)]),
  );
  change();
  for (const l of s.lines) applyAmounts(l);
  // A cancelled order's estimate is void: nothing of it is in the ledger to correct.
  if (s.order.ledgerState === 'voided') return;
  if (s.order.ledgerState === 'pending') {
    if (!s.fresh) {
      const v = s.order.version;
      ledger.void(estimateKey(s.order.orderId, v), `commission:void:${s.order.orderId}:v${v}`, at);
      s.order.version = v + 1;
      s.fresh = true;
    }
    put(ledger, s);
    return;
  }
  const key = `commission:adjust:${s.order.orderId}:${reason}`;
  const entries = diffEntries(before, orderEntries(orderMoney(s.order, s.lines)));
  ledger.put({ key, kind: 'commission.adjust', refType: 'order', refId: s.order.orderId, at, entries });
  for (const l of s.lines) {
    const was = settledShares.get(l.lineNo);
    if (!was) continue;
    const now = sharesOf(l);
    for (const k of new Set([...was.keys(), ...now.keys()])) {
      const d = (now.get(k) ?? 0) - (was.get(k) ?? 0);
      if (d === 0) continue;
      const [type, id] = k.split('\u0000') as [string, string];
      adjustments.push({
        key,
        orderId: s.order.orderId,
        partyType: type,
        partyId: id,
        amount: d,
        reason,
        at: at.getTime(),
      });
    }
  }
}

function sharesOf(l: CommissionLine): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of recipients({
    ...l,
    base: 0,
    party: l.partyAmount,
    agency: l.agencyAmount,
    leader: l.leaderAmount,
    merchant: l.merchantAmount,
  }))
    m.set(`${r.type}\u0000${r.id}`, (m.get(`${r.type}\u0000${r.id}`) ?? 0) + r.amount);
  return m;
}

const resolvers = new Map<string, (instant: number) => string>();
/** Business day of an instant through the core's cached resolver (formatting a zoned date costs ~25 µs). */
function dayOf(timeZone: string) {
  let r = resolvers.get(timeZone);
  if (!r) {
    r = dayResolver(timeZone);
    resolvers.set(timeZone, r);
  }
  return r;
}

/** Attribution, rates, fees and fraud rules for newly paid orders; returns their commission rows. */
async function createEstimates(
  trx: Tx,
  orders: facts.OrderFacts[],
  settings: Settings,
  timeZone: string,
): Promise<State[]> {
  if (!orders.length) return [];
  const ids = orders.map((o) => o.id);
  const codes = [...new Set(orders.flatMap((o) => (o.shareCode ? [o.shareCode] : [])))];
  const clickQ = orders
    // (a share code that names no link falls back to the integrator's party, then to the last click)
    .filter((o) => !o.creatorId && !o.promoterId)
    .map((o) => ({ orderId: o.id, consumerId: o.consumerId, at: o.paidAt! }));
  const [lines, funded, links, clicks, policies, plans, owners, refundCounts] = await Promise.all([
    facts.loadLines(trx, ids),
    platformFundedByLine(trx, ids),
    facts.linksByCode(trx, codes),
    facts.lastClicks(trx, clickQ, settings.attributionWindowDays),
    facts.loadPolicies(trx).then(byPrecedence),
    loadPlans(trx, [...new Set(orders.map((o) => o.merchantId))]),
    facts.partyConsumers(trx, [...new Set(orders.map((o) => o.consumerId))]),
    facts.consumerRefunds(
      trx,
      orders.map((o) => ({ orderId: o.id, consumerId: o.consumerId, at: o.paidAt! })),
      settings.refundFarmingDays,
    ),
  ]);
  const attributions = new Map(
    orders.map((o) => {
      const link = o.shareCode ? links.get(o.shareCode) : undefined;
      const click = clicks.get(o.id);
      const a = attribute(
        { ...o, at: o.paidAt! },
        link,
        click ? [click] : [],
        settings.attributionWindowDays,
      );
      return [o.id, a] as const;
    }),
  );
  const creators = [
    ...new Set([...attributions.values()].flatMap((a) => (a?.party.type === 'creator' ? [a.party.id] : []))),
  ];
  const promoters = [
    ...new Set([...attributions.values()].flatMap((a) => (a?.party.type === 'promoter' ? [a.party.id] : []))),
  ];
  const [contracts, leaderOf, paths] = await Promise.all([
    facts.agencyContracts(trx, creators),
    facts.leaders(trx, promoters),
    facts.categoryPaths(trx, [...new Set(lines.map((l) => l.categoryId))]),
  ]);
  // rateFor looks at every plan it is given: give it the order's merchant's only (a batch spans many merchants).
  const plansOf = new Map<string, PlanFacts[]>();
  for (const p of plans) {
    const list = plansOf.get(p.merchantId);
    if (list) list.push(p);
    else plansOf.set(p.merchantId, [p]);
  }
  const linesOf = new Map<string, facts.OrderLineFacts[]>();
  for (const l of lines) {
    const list = linesOf.get(l.orderId);
    if (list) list.push(l);
    else linesOf.set(l.orderId, [l]);
  }

  const out: State[] = [];
  for (const o of orders) {
    const ls = linesOf.get(o.id) ?? [];
    if (!ls.length) continue;
    const mine = plansOf.get(o.merchantId) ?? [];
    const a = attributions.get(o.id) ?? null;
    const paidAt = o.paidAt!;
    const day = dayOf(timeZone)(paidAt);
    const contract =
      a?.party.type === 'creator'
        ? (contracts.get(a.party.id) ?? []).find(
            (c) => c.startsOn <= day && (c.endsOn === null || c.endsOn >= day),
          )
        : undefined;
    const leaderId = a?.party.type === 'promoter' ? (leaderOf.get(a.party.id) ?? null) : null;
    const self =
      !!a &&
      (o.consumerId === a.party.id || !!owners.get(o.consumerId)?.has(`${a.party.type}:${a.party.id}`));
    const shipping = Math.max(0, o.payAmount - ls.reduce((s, l) => s + l.paid, 0));
    const order: CommissionOrder = {
      orderId: o.id,
      merchantId: o.merchantId,
      storeId: o.storeId,
      consumerId: o.consumerId,
      partyType: a?.party.type ?? null,
      partyId: a?.party.id ?? null,
      source: a?.source ?? null,
      crossStore: a?.crossStore ?? false,
      clickAt: a?.clickAt ?? null,
      payAmount: o.payAmount,
      shipping,
      refunded: 0,
      version: 1,
      ledgerState: 'pending',
      paidAt,
      completedAt: null,
    };
    const rows = ls.map((l, i): CommissionLine => {
      const path = paths.get(l.categoryId) ?? [l.categoryId];
      const q = {
        at: paidAt,
        merchantType: o.merchantType,
        scene: o.scene,
        channel: o.channel,
        categoryPath: path,
      };
      const rateQ = {
        productId: l.productId,
        merchantId: o.merchantId,
        at: new Date(paidAt).toISOString(),
        presale: o.presale,
      };
      const rate = a
        ? (rateFor(mine, { ...rateQ, party: a.party }) ??
          (contract ? rateFor(mine, { ...rateQ, party: { type: 'agency', id: contract.agencyId } }) : null))
        : null;
      const verdict = a
        ? fraudCheck(
            {
              selfPurchase: self,
              clickGapMs: a.clickAt === null ? null : paidAt - a.clickAt,
              consumerRefunds: refundCounts.get(o.id) ?? 0,
              quantity: l.quantity,
              categoryPath: path,
            },
            settings,
          )
        : { invalid: null, review: [] };
      const invalid = o.isParent ? 'split_parent' : verdict.invalid;
      const hasCommission = !!a && !!rate && rate.rateBp > 0;
      const row: CommissionLine = {
        orderId: o.id,
        lineNo: l.lineNo,
        merchantId: o.merchantId,
        productId: l.productId,
        categoryId: l.categoryId,
        quantity: l.quantity,
        partyType: a?.party.type ?? null,
        partyId: a?.party.id ?? null,
        agencyId: contract?.agencyId ?? null,
        leaderId,
        planId: rate?.planId ?? null,
        rateBp: rate?.rateBp ?? 0,
        serviceFeeBp: feeRate(policies, { ...q, kind: 'service' }, settings.serviceFeeBp).bp,
        transactionFeeBp: feeRate(policies, { ...q, kind: 'transaction' }, settings.transactionFeeBp).bp,
        agencySplitBp: contract?.splitBp ?? 0,
        leaderBp: leaderId ? settings.leaderOverrideBp : 0,
        paid: l.paid,
        subsidyFull: funded.get(`${o.id}#${l.lineNo}`) ?? 0,
        shippingFull: i === 0 ? shipping : 0,
        refunded: 0,
        estimatedCommission: 0,
        commission: 0,
        serviceFee: 0,
        transactionFee: 0,
        subsidy: 0,
        shipping: 0,
        partyAmount: 0,
        agencyAmount: 0,
        leaderAmount: 0,
        merchantAmount: 0,
        status: invalid ? 'invalid' : 'estimated',
        invalidReason: invalid,
        review: hasCommission && !invalid && verdict.review.length ? 'pending' : null,
        reviewReasons: hasCommission && !invalid ? verdict.review : [],
        paidAt,
        completedAt: null,
        settleableAt: null,
        settleMonth: null,
      };
      applyAmounts(row);
      row.estimatedCommission = row.commission;
      return row;
    });
    const s: State = { order, lines: rows, fresh: true };
    // A free order with no platform money has nothing to hold: it is in the ledger trivially.
    if (orderEntries(orderMoney(order, rows)).size < 2) order.ledgerState = 'posted';
    out.push(s);
  }
  return out;
}

/** The outbox batch handler: one call per dispatcher batch, inside the dispatcher's transaction. */
export const handleOrderEvents = (timeZone: string) => (events: OutboxEvent[], trx: Tx) =>
  syncOrders(trx, orderIdsOf(events), timeZone).then(() => undefined);
