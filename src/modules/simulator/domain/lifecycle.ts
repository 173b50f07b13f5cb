import type { schemas } from '../../marketplace/index.ts';
import { CARRIERS, CARRIERS_FAST, LOGISTICS_COMPLAINT, PAY_METHODS, REVIEW_TEXTS } from './data.ts';
import { MODEL } from './params.ts';
import { clamp, type Rng } from './rng.ts';
import { DAY_MS, HOUR_MS, iso, type World } from './world.ts';

/**
 * An order's whole future is drawn when it is placed (payment, shipping, delivery, completion or
 * cancellation, after-sales, review, service chats); the runner then reveals it day by day, re-sending
 * the order's full state whenever its status changes.
 */

export interface LinePlan {
  lineNo: number;
  product: number;
  sku: number;
  skuId: string;
  quantity: number;
  unitPrice: number;
  discount: number;
}

type OrderStatus = schemas.Order['status'];

export interface OrderPlan {
  id: string;
  storeId: string;
  parentId?: string;
  store: number;
  user: number;
  consumerId: string;
  source: schemas.Order['source'];
  lines: LinePlan[];
  itemsAmount: number;
  discountAmount: number;
  shippingFee: number;
  payAmount: number;
  presale?: { depositAmount: number; balanceAmount: number };
  createdMs: number;
  depositPaidMs: number;
  paidMs: number;
  shippedMs: number;
  collectedMs: number;
  deliveredMs: number;
  completedMs: number;
  cancelledMs: number;
  cancelReason?: string;
  carrier?: string;
  trackingNo?: string;
  method: string;
  /** Status last revealed to ingestion (null before the first send). */
  sent: OrderStatus | null;
  /** The pricing quote whose share this order locks (its line discounts are the quote's). */
  quoteId?: string;
}

const NaN_ = Number.NaN;

export interface PlaceOrder {
  id: string;
  parentId?: string;
  store: number;
  user: number;
  consumerId: string;
  source: schemas.Order['source'];
  lines: { product: number; sku: number; skuId: string; quantity: number }[];
  createdMs: number;
  /** Draws for this checkout shared by sibling store orders: unpaid, paid instant, presale. */
  unpaid: boolean;
  payDelayMs: number;
  presale: boolean;
  /** Day index the order was placed on (for presale balance dates). */
  day: number;
  discountRate: number;
  /** Priced by the engine: its line discounts replace the simulator's own (and its quote, if any, is locked). */
  priced?: { quoteId: string | null; discounts: number[] };
}

/** Local hour of an instant in the marketplace time zone (the window's first midnight as reference). */
function localHour(w: World, ms: number): number {
  const x = (ms - w.windowStart) % DAY_MS;
  return (x < 0 ? x + DAY_MS : x) / HOUR_MS;
}

/** Moves an instant into the next working window [08:00, 22:00) local time. */
function workingHours(w: World, ms: number, r: Rng): number {
  const h = localHour(w, ms);
  if (h >= 22) return ms + (24 - h + 8) * HOUR_MS + r.range(0, 2) * HOUR_MS;
  if (h < 8) return ms + (8 - h) * HOUR_MS + r.range(0, 2) * HOUR_MS;
  return ms;
}

export function planOrder(w: World, o: PlaceOrder, r: Rng): OrderPlan {
  const store = w.stores[o.store]!;
  const lines: LinePlan[] = o.lines.map((l, i) => {
    const unitPrice = w.skuPrice[l.sku]!;
    const amount = unitPrice * l.quantity;
    let discount = 0;
    if (r.chance(o.discountRate)) {
      discount = Math.round((amount * r.range(0.05, 0.25)) / 100) * 100;
      if (discount >= amount) discount = Math.floor(amount / 10);
    }
    // The draws above are made either way, so the order's future does not depend on whether it was priced.
    if (o.priced) discount = o.priced.discounts[i]!;
    return {
      lineNo: i + 1,
      product: l.product,
      sku: l.sku,
      skuId: l.skuId,
      quantity: l.quantity,
      unitPrice,
      discount,
    };
  });
  const itemsAmount = lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
  const discountAmount = lines.reduce((s, l) => s + l.discount, 0);
  const net = itemsAmount - discountAmount;
  const shippingFee = store.freeShippingFrom === 0 || net >= store.freeShippingFrom ? 0 : store.shippingFee;
  const payAmount = net + shippingFee;
  const plan: OrderPlan = {
    id: o.id,
    storeId: store.id,
    store: o.store,
    user: o.user,
    consumerId: o.consumerId,
    source: o.source,
    lines,
    itemsAmount,
    discountAmount,
    shippingFee,
    payAmount,
    createdMs: o.createdMs,
    depositPaidMs: NaN_,
    paidMs: NaN_,
    shippedMs: NaN_,
    collectedMs: NaN_,
    deliveredMs: NaN_,
    completedMs: NaN_,
    cancelledMs: NaN_,
    method: PAY_METHODS[w.users.payMethod[o.user]!]!,
    sent: null,
  };
  if (o.parentId) plan.parentId = o.parentId;
  if (o.priced?.quoteId) plan.quoteId = o.priced.quoteId;

  if (o.unpaid) {
    plan.cancelledMs = o.createdMs + 30 * 60_000;
    plan.cancelReason = 'payment timeout';
    return plan;
  }
  let paid: number;
  if (o.presale && payAmount >= 2000) {
    const deposit = Math.min(
      payAmount - 100,
      Math.max(100, Math.round((payAmount * r.range(0.1, 0.25)) / 100) * 100),
    );
    plan.presale = { depositAmount: deposit, balanceAmount: payAmount - deposit };
    plan.depositPaidMs = o.createdMs + o.payDelayMs;
    const campaign = w.presaleBalanceMs[o.day]!;
    // Balance: on the campaign day's first hours, or (launch presale) a few days later.
    paid = Number.isNaN(campaign)
      ? plan.depositPaidMs + r.range(3, 7) * DAY_MS
      : campaign + r.range(0.02, 6) * HOUR_MS;
    if (paid <= plan.depositPaidMs) paid = plan.depositPaidMs + HOUR_MS;
  } else {
    paid = o.createdMs + o.payDelayMs;
  }
  plan.paidMs = paid;

  // Fulfilment follows the store's logistics speed.
  const slow = 1 - store.logistics;
  let shipped = paid + r.lognormal(2.5 + 40 * slow ** 1.5, 0.5) * HOUR_MS;
  shipped = workingHours(w, shipped, r);
  if (r.chance(MODEL.paidCancelBase + MODEL.paidCancelSlow * slow)) {
    plan.cancelledMs = paid + Math.min(shipped - paid - 60_000, r.range(0.1, 20) * HOUR_MS);
    if (plan.cancelledMs <= paid) plan.cancelledMs = paid + 60_000;
    plan.cancelReason = r.pick(['buyer cancelled', 'changed address', 'out of stock', 'ordered by mistake']);
    return plan;
  }
  plan.shippedMs = shipped;
  plan.collectedMs = shipped + r.range(0.3, 4) * HOUR_MS;
  const tier = w.users.tierTruth[o.user]!;
  const transitH = r.lognormal((14 + 62 * slow) * (0.85 + 0.08 * (tier - 1)), 0.35);
  plan.carrier = store.logistics > 0.7 ? r.pick(CARRIERS_FAST) : r.pick(CARRIERS);
  plan.trackingNo = `${plan.carrier.slice(0, 2).toUpperCase()}${String(r.u32()).padStart(10, '0')}`;
  if (r.chance(0.003)) return plan; // lost in transit: stays shipped
  plan.deliveredMs = plan.collectedMs + transitH * HOUR_MS;
  plan.completedMs = r.chance(0.35)
    ? plan.deliveredMs + clamp(r.lognormal(1.5, 0.6), 0.1, 6.9) * DAY_MS
    : plan.deliveredMs + 7 * DAY_MS + r.range(0, 2) * HOUR_MS;
  return plan;
}

/** Instants at which the order's status changes, ascending. */
export function statusChanges(p: OrderPlan): number[] {
  const out = [p.createdMs];
  for (const t of [p.depositPaidMs, p.paidMs, p.shippedMs, p.deliveredMs, p.completedMs, p.cancelledMs])
    if (!Number.isNaN(t)) out.push(t);
  return out.sort((a, b) => a - b);
}

export function statusAt(p: OrderPlan, t: number): OrderStatus {
  if (p.cancelledMs <= t) return 'cancelled';
  if (p.completedMs <= t) return 'completed';
  if (p.deliveredMs <= t) return 'delivered';
  if (p.shippedMs <= t) return 'shipped';
  if (p.paidMs <= t) return 'paid';
  if (p.depositPaidMs <= t) return 'deposit_paid';
  return 'created';
}

/** The order's full state as of instant t, as the host marketplace would send it. */
export function orderSnapshot(p: OrderPlan, t: number): schemas.Order {
  const status = statusAt(p, t);
  const rec: schemas.Order = {
    id: p.id,
    storeId: p.storeId,
    consumerId: p.consumerId,
    status,
    source: p.source,
    lines: p.lines.map((l) => ({
      lineNo: l.lineNo,
      skuId: l.skuId,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount,
    })),
    itemsAmount: p.itemsAmount,
    discountAmount: p.discountAmount,
    shippingFee: p.shippingFee,
    payAmount: p.payAmount,
    createdAt: iso(p.createdMs),
  };
  if (p.parentId) rec.parentId = p.parentId;
  if (p.presale) rec.presale = p.presale;
  if (p.quoteId) rec.pricing = { quoteId: p.quoteId };
  const payments: NonNullable<schemas.Order['payments']> = [];
  if (p.depositPaidMs <= t) {
    rec.depositPaidAt = iso(p.depositPaidMs);
    payments.push({
      id: `${p.id}-dep`,
      kind: 'deposit',
      amount: p.presale!.depositAmount,
      paidAt: rec.depositPaidAt,
      method: p.method,
    });
  }
  if (p.paidMs <= t) {
    rec.paidAt = iso(p.paidMs);
    if (p.presale) {
      if (p.presale.balanceAmount > 0)
        payments.push({
          id: `${p.id}-bal`,
          kind: 'balance',
          amount: p.presale.balanceAmount,
          paidAt: rec.paidAt,
          method: p.method,
        });
    } else
      payments.push({
        id: `${p.id}-pay`,
        kind: 'full',
        amount: p.payAmount,
        paidAt: rec.paidAt,
        method: p.method,
      });
  }
  if (payments.length) rec.payments = payments;
  if (status === 'cancelled') {
    rec.cancelledAt = iso(p.cancelledMs);
    if (p.cancelReason) rec.cancelReason = p.cancelReason;
    return rec;
  }
  if (p.shippedMs <= t) {
    rec.shippedAt = iso(p.shippedMs);
    rec.shipment = { carrier: p.carrier!, trackingNo: p.trackingNo! };
  }
  if (p.collectedMs <= t) rec.collectedAt = iso(p.collectedMs);
  if (p.deliveredMs <= t) rec.deliveredAt = iso(p.deliveredMs);
  if (p.completedMs <= t) rec.completedAt = iso(p.completedMs);
  return rec;
}

// ---------- after-sales ----------

type AfterSaleStatus = schemas.AfterSale['status'];
type ReasonCode = schemas.AfterSale['reasonCode'];

export interface AfterSalePlan {
  id: string;
  orderId: string;
  store: number;
  lineNo: number;
  type: schemas.AfterSale['type'];
  reasonCode: ReasonCode;
  amount: number;
  requestedMs: number;
  /** Status path after the request, with instants; resolution instants are those of approve/reject/close. */
  path: { status: AfterSaleStatus; t: number; intervened?: boolean }[];
  sent: string | null;
}

const QUALITY_REASONS: [ReasonCode, number][] = [
  ['quality_issue', 0.4],
  ['not_as_described', 0.25],
  ['damaged', 0.12],
  ['wrong_item', 0.08],
  ['missing_parts', 0.07],
  ['counterfeit', 0.08],
];
const SIZE_L1 = new Set([2, 6]); // Apparel, Sports

/**
 * After-sales of a delivered (or lost) order: quality reasons follow the product's latent quality;
 * size, change-of-mind and late-delivery reasons don't. Approval and speed follow service quality.
 */
export function planAfterSales(w: World, p: OrderPlan, r: Rng): AfterSalePlan[] {
  const out: AfterSalePlan[] = [];
  const store = w.stores[p.store]!;
  const sq = store.service;
  const lost = !Number.isNaN(p.shippedMs) && Number.isNaN(p.deliveredMs) && Number.isNaN(p.cancelledMs);
  if (Number.isNaN(p.deliveredMs) && !lost) return out;
  const transitDays = lost ? 99 : (p.deliveredMs - p.shippedMs) / DAY_MS;
  for (const l of p.lines) {
    const paid = l.unitPrice * l.quantity - l.discount;
    if (paid < 1) continue;
    const q = w.products.quality[l.product]!;
    const l3 = w.l3[w.products.l3[l.product]!]!;
    let reason: ReasonCode | null = null;
    if (lost) reason = r.chance(0.8) ? 'not_received' : null;
    else if (r.chance(MODEL.qualityRefund * (1 - q) ** 2 + MODEL.qualityRefundFloor)) {
      const weights = QUALITY_REASONS.map(([code, wt]) =>
        code === 'counterfeit' ? wt * (1.5 - q) : code === 'damaged' ? wt + 0.1 * (1 - store.logistics) : wt,
      );
      reason = QUALITY_REASONS[r.weighted(weights)]![0];
    } else {
      const sizeFit =
        SIZE_L1.has(l3.l1) || l3.def.variant === 'size' || l3.def.variant === 'shoe'
          ? MODEL.sizeFitRefund
          : 0.003;
      const late = transitDays > 3.5 ? MODEL.lateDelivery * (transitDays - 2.5) : 0;
      const opts: [ReasonCode, number][] = [
        ['size_fit', sizeFit],
        ['changed_mind', MODEL.changedMind],
        ['late_delivery', late],
        ['price_drop', 0.004],
        ['other', 0.003],
      ];
      const total = opts.reduce((s, o) => s + o[1], 0);
      if (r.chance(total)) reason = opts[r.weighted(opts.map((o) => o[1]))]![0];
    }
    if (!reason) continue;
    const partial =
      reason === 'price_drop'
        ? r.range(0.05, 0.15)
        : reason === 'missing_parts'
          ? r.range(0.3, 0.6)
          : reason === 'damaged' && r.chance(0.5)
            ? r.range(0.3, 0.7)
            : reason === 'late_delivery'
              ? r.range(0.05, 0.2)
              : 1;
    const amount = Math.max(1, Math.min(paid, Math.round(paid * partial)));
    const refundOnly =
      reason === 'price_drop' ||
      reason === 'missing_parts' ||
      reason === 'late_delivery' ||
      reason === 'not_received' ||
      partial < 1 ||
      (reason !== 'size_fit' && reason !== 'changed_mind' && reason !== 'wrong_item' && r.chance(0.3));
    const requestedMs = lost
      ? p.shippedMs + r.range(8, 12) * DAY_MS
      : p.deliveredMs + clamp(r.lognormal(1.2, 0.8), 0.05, 6.5) * DAY_MS;
    const quality =
      reason !== 'size_fit' &&
      reason !== 'changed_mind' &&
      reason !== 'late_delivery' &&
      reason !== 'price_drop' &&
      reason !== 'other' &&
      reason !== 'not_received';
    const path: AfterSalePlan['path'] = [];
    const respond = requestedMs + r.lognormal(1.5 + 40 * (1 - sq) ** 2, 0.6) * HOUR_MS;
    if (r.chance(0.06))
      path.push({ status: 'closed', t: respond }); // buyer withdrew
    else if (r.chance((quality || reason === 'not_received' ? 0.55 : 0.45) + (quality ? 0.4 : 0.45) * sq)) {
      path.push({ status: 'approved', t: respond });
      const back = refundOnly ? respond + r.range(0.1, 6) * HOUR_MS : respond + r.lognormal(3, 0.4) * DAY_MS;
      if (!refundOnly && r.chance(0.06)) path.push({ status: 'closed', t: respond + 7 * DAY_MS });
      else path.push({ status: 'refunded', t: back });
    } else {
      path.push({ status: 'rejected', t: respond });
      if (r.chance(0.35)) {
        // The buyer appeals and the platform intervenes (仲裁).
        const t = respond + r.range(1, 3) * DAY_MS;
        if (r.chance(0.7)) {
          path.push({ status: 'approved', t, intervened: true });
          path.push({ status: 'refunded', t: t + r.range(0.1, 2) * DAY_MS, intervened: true });
        } else path.push({ status: 'rejected', t, intervened: true });
      }
    }
    out.push({
      id: `as-${p.id}-${l.lineNo}`,
      orderId: p.id,
      store: p.store,
      lineNo: l.lineNo,
      type: refundOnly ? 'refund_only' : 'return',
      reasonCode: reason,
      amount,
      requestedMs,
      path,
      sent: null,
    });
    if (lost) break;
  }
  return out;
}

export function afterSaleChanges(a: AfterSalePlan): number[] {
  return [a.requestedMs, ...a.path.map((x) => x.t)];
}

export function afterSaleSnapshot(a: AfterSalePlan, t: number): schemas.AfterSale {
  let status: AfterSaleStatus = 'requested';
  let resolvedMs = Number.NaN;
  let refundedMs = Number.NaN;
  let intervened = false;
  for (const step of a.path) {
    if (step.t > t) break;
    if (step.status === status && !step.intervened) continue;
    status = step.status;
    if (step.intervened) intervened = true;
    if (step.status === 'refunded') refundedMs = step.t;
    else resolvedMs = step.t;
  }
  const rec: schemas.AfterSale = {
    id: a.id,
    orderId: a.orderId,
    lineNo: a.lineNo,
    type: a.type,
    reasonCode: a.reasonCode,
    amount: a.amount,
    status,
    requestedAt: iso(a.requestedMs),
  };
  if (intervened) rec.platformIntervened = true;
  if (status !== 'requested') rec.resolvedAt = iso(Number.isNaN(resolvedMs) ? refundedMs : resolvedMs);
  if (status === 'refunded') rec.refundedAt = iso(refundedMs);
  return rec;
}

/** Identity of a snapshot's state, to send only changes. */
export const afterSaleState = (r: schemas.AfterSale) => `${r.status}|${r.platformIntervened ? 1 : 0}`;

// ---------- reviews and service chats ----------

export function planReviews(
  w: World,
  p: OrderPlan,
  afterSales: AfterSalePlan[],
  r: Rng,
): { t: number; rec: schemas.Review }[] {
  if (Number.isNaN(p.deliveredMs)) return [];
  const store = w.stores[p.store]!;
  const out: { t: number; rec: schemas.Review }[] = [];
  const transitDays = (p.deliveredMs - p.shippedMs) / DAY_MS;
  for (const l of p.lines) {
    const as = afterSales.find((a) => a.lineNo === l.lineNo);
    const qualityAS =
      !!as &&
      ['quality_issue', 'not_as_described', 'damaged', 'wrong_item', 'missing_parts', 'counterfeit'].includes(
        as.reasonCode,
      );
    const prob =
      (MODEL.reviewBase + MODEL.reviewSpread * w.users.reviewPropensity[p.user]!) * (qualityAS ? 1.4 : 1);
    if (!r.chance(prob)) continue;
    const q = w.products.quality[l.product]!;
    const rejected = !!as && as.path.some((s) => s.status === 'rejected');
    const productRating = Math.round(clamp(1.75 + 4.0 * q + r.normal() * 0.75 - (qualityAS ? 1.6 : 0), 1, 5));
    const logisticsRating = Math.round(
      clamp(2.1 + 3.4 * store.logistics - 0.35 * Math.max(0, transitDays - 3) + r.normal() * 0.7, 1, 5),
    );
    const serviceRating = Math.round(
      clamp(2.1 + 3.4 * store.service + r.normal() * 0.7 - (rejected ? 1 : 0), 1, 5),
    );
    const t = p.deliveredMs + clamp(r.lognormal(1.5, 0.7), 0.2, 14) * DAY_MS;
    const rec: schemas.Review = {
      id: `rv-${p.id}-${l.lineNo}`,
      orderId: p.id,
      lineNo: l.lineNo,
      productRating,
      logisticsRating,
      serviceRating,
      createdAt: iso(t),
    };
    if (r.chance(0.7)) {
      const band = productRating <= 2 ? 'bad' : productRating === 3 ? 'ok' : 'good';
      rec.text = r.pick(REVIEW_TEXTS[band]) + (logisticsRating <= 2 ? ` ${r.pick(LOGISTICS_COMPLAINT)}` : '');
    }
    out.push({ t, rec });
  }
  return out;
}

/** First-response time of a store's customer service: fast and reliable when service quality is high. */
export function serviceChat(
  w: World,
  store: number,
  consumerId: string,
  id: string,
  startedMs: number,
  orderId: string | undefined,
  r: Rng,
): schemas.ServiceSession {
  const sq = w.stores[store]!.service;
  const rec: schemas.ServiceSession = {
    id,
    storeId: w.stores[store]!.id,
    consumerId,
    startedAt: iso(startedMs),
  };
  if (orderId) rec.orderId = orderId;
  if (r.chance(0.1 * (1 - sq))) {
    rec.resolved = false;
    return rec;
  }
  rec.firstResponseSeconds = Math.round(clamp(r.lognormal(6 + 320 * (1 - sq) ** 2, 0.8), 1, 86_400));
  rec.resolved = r.chance(0.72 + 0.25 * sq);
  return rec;
}

export function planServiceChats(
  w: World,
  p: OrderPlan,
  afterSales: AfterSalePlan[],
  r: Rng,
): { t: number; rec: schemas.ServiceSession }[] {
  const out: { t: number; rec: schemas.ServiceSession }[] = [];
  if (r.chance(MODEL.serviceConsultShare)) {
    const t = p.createdMs - r.range(2, 25) * 60_000;
    out.push({ t, rec: serviceChat(w, p.store, p.consumerId, `cs-${p.id}-pre`, t, undefined, r) });
  }
  if (!Number.isNaN(p.shippedMs) && Number.isNaN(p.cancelledMs)) {
    const transit = Number.isNaN(p.deliveredMs) ? 99 : (p.deliveredMs - p.shippedMs) / DAY_MS;
    if (transit > 3 && r.chance(0.25)) {
      const t = p.shippedMs + r.range(2, 3) * DAY_MS;
      out.push({ t, rec: serviceChat(w, p.store, p.consumerId, `cs-${p.id}-where`, t, p.id, r) });
    }
  }
  for (const a of afterSales) {
    if (!r.chance(0.6)) continue;
    const t = a.requestedMs - r.range(0.05, 2) * HOUR_MS;
    out.push({ t, rec: serviceChat(w, p.store, p.consumerId, `cs-${a.id}`, t, p.id, r) });
  }
  return out;
}
