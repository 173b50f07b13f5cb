import { compileCoupon, compileOffer, itemCandidates, offerIndex, thresholdCandidates } from './catalog.ts';
import { couponGate, type Gate, offerGate } from './eligibility.ts';
import { type ItemPart, itemParts } from './items.ts';
import { couponDiscount, firstThreshold, thresholdBound, type Units } from './rules.ts';
import type { ScopeMatcher } from './scope.ts';
import type {
  BuyerContext,
  CartLine,
  Fen,
  ItemOffer,
  NotUsed,
  Offer,
  ThresholdOffer,
  Wallet,
  WalletCoupon,
} from './types.ts';

/** Units of one line at one unit basis: the unit of account of layers 2–4. */
export interface Part extends ItemPart {
  line: number;
  basis: Fen;
  storeId: string;
  merchantId: string;
  productId: string;
  /** A non-stackable item offer keeps every other offer and coupon off these units. */
  blocked: boolean;
}

export type SourceLayer = 'store' | 'cross' | 'coupon';

/** A threshold offer or a held coupon, as the search sees it. */
export interface Source {
  type: 'offer' | 'coupon';
  id: string;
  name: string;
  layer: SourceLayer;
  group?: string;
  stackable: boolean;
  platformFundedBp: number;
  offer?: ThresholdOffer;
  coupon?: WalletCoupon;
  /** Parts in scope that the item layer does not keep it off. */
  eligible: number[];
  /** Tie-break among equal totals: coupons expiring sooner weigh more. */
  weight: number;
}

/**
 * A decision. Threshold offers are switched on or off as a whole (an offer in use covers every item of
 * the cart it can take; an item covered by several offers of one layer joins the first in use by
 * priority, as marketplaces let an item take one store-level promotion at a time); each coupon slot
 * takes one coupon or none. `options` hold source indexes; -1 = off / none.
 */
export interface Var {
  kind: 'source' | 'slot';
  layer: SourceLayer;
  source: number;
  part: number;
  slot: number;
  options: number[];
}

export interface Slot {
  key: string;
  /** Parts the slot's coupon may cover: a product's, a store's, or every part. */
  domain: number[];
  /** Upper bound of each option's value (discount × K + weight), by source index. */
  value: Map<number, number>;
  /** The parts of the domain each option's scope covers, by source index. */
  cover: Map<number, number[]>;
  max: number;
}

export interface Problem {
  lines: CartLine[];
  parts: Part[];
  sources: Source[];
  /** Offer switches first, then coupon slots. */
  vars: Var[];
  thresholdVars: number;
  /** For each part and threshold layer, the offers covering it in the order an item joins them. */
  queue: { store: number[][]; cross: number[][] };
  /** For each source, its switch var (-1 for coupons). */
  switchOf: Int32Array;
  slots: Slot[];
  notUsed: NotUsed[];
  itemsAmount: Fen;
  basisTotal: Fen;
  maxWeight: number;
}

/**
 * Whether offer si takes part p: p joins the first offer of its queue that is switched on. Switches at or
 * after `undecidedFrom` are undecided and count as possibly off (the search's bounds use that).
 */
export function joins(
  P: Problem,
  choice: Int32Array,
  si: number,
  p: number,
  undecidedFrom = Number.POSITIVE_INFINITY,
): boolean {
  for (const x of P.queue[P.sources[si]!.layer as 'store' | 'cross'][p]!) {
    if (x === si) return true;
    const sw = P.switchOf[x]!;
    if (sw < undecidedFrom && choice[sw] === x) return false;
  }
  return false;
}

/** Objective scale: total discount × K + tie-break weight, with Σ weights < K. */
export const K = 4096;

export function partUnits(
  parts: readonly Part[],
  idx: readonly number[],
): { units: Units[]; amount: Fen; qty: number } {
  const units: Units[] = [];
  let amount = 0;
  let qty = 0;
  for (const i of idx) {
    const p = parts[i]!;
    units.push(p);
    amount += p.basis;
    qty += p.qty;
  }
  return { units, amount, qty };
}

/** Parts in a scope that the item layer does not keep the source off (non-stackable item, same group). */
function eligibleParts(
  parts: Part[],
  lines: CartLine[],
  match: ScopeMatcher,
  group: string | undefined,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.blocked || !match(lines[p.line]!)) continue;
    if (group !== undefined && p.offer?.group === group) continue;
    out.push(i);
  }
  return out;
}

const basisOf = (parts: Part[], idx: number[]) => {
  let b = 0;
  for (const i of idx) b += parts[i]!.basis;
  return b;
};

/**
 * Turns a cart, a buyer and the candidate offers and coupons into the search problem. Offers and coupons
 * that cover nothing in the cart are left out silently; those that cover something but cannot apply get
 * a reason.
 */
export function buildProblem(
  lines: CartLine[],
  ctx: BuyerContext,
  offers: readonly Offer[],
  wallet: Wallet,
): Problem {
  const now = Date.parse(ctx.now);
  const ix = offerIndex(offers);
  const notUsed: NotUsed[] = [];
  const gates = new Map<Offer, Gate | null>();
  const gateOf = (o: Offer) => {
    let g = gates.get(o);
    if (g === undefined) {
      g = offerGate(o, ctx, now);
      gates.set(o, g);
      if (g) notUsed.push({ sourceType: 'offer', id: o.id, name: o.name, ...g });
    }
    return g;
  };

  const parts: Part[] = [];
  const itemLosers: NotUsed[] = [];
  let itemsAmount = 0;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    itemsAmount += line.unitPrice * line.quantity;
    const candidates: ItemOffer[] = [];
    for (const o of itemCandidates(ix, line.skuId, line.productId))
      if (compileOffer(o).match(line) && !gateOf(o)) candidates.push(o);
    for (const ip of itemParts(line, candidates, ctx, itemLosers)) {
      parts.push({
        ...ip,
        line: li,
        basis: ip.qty * ip.unitBasis,
        storeId: line.storeId,
        merchantId: line.merchantId,
        productId: line.productId,
        blocked: ip.offer?.stackable === false,
      });
    }
  }
  if (itemLosers.length > 0) {
    const used = new Set(parts.map((p) => p.offer?.id));
    const seen = new Set<string>();
    for (const n of itemLosers) {
      if (used.has(n.id) || seen.has(n.id)) continue;
      seen.add(n.id);
      notUsed.push(n);
    }
  }

  const sources: Source[] = [];
  let basisTotal = 0;
  for (const p of parts) basisTotal += p.basis;

  const storeIds = new Set(lines.map((l) => l.storeId));
  for (const o of thresholdCandidates(ix, storeIds)) {
    const eligible = eligibleParts(parts, lines, compileOffer(o).match, o.group);
    if (eligible.length === 0 || gateOf(o)) continue;
    const u = partUnits(parts, eligible);
    if (thresholdBound(o.rule, u.units, u.amount, u.qty) <= 0) {
      notUsed.push(shortOf('offer', o.id, o.name, o.rule, u.amount, u.qty));
      continue;
    }
    sources.push({
      type: 'offer',
      id: o.id,
      name: o.name,
      layer: o.kind === 'store_threshold' ? 'store' : 'cross',
      group: o.group,
      stackable: o.stackable !== false,
      platformFundedBp: o.platformFundedBp ?? 0,
      offer: o,
      eligible,
      weight: 0,
    });
  }

  // Coupons: soonest expiry weighs most (ties by id), so equal totals prefer coupons about to expire.
  const usable: { c: WalletCoupon; eligible: number[]; end: number }[] = [];
  for (const c of wallet.coupons) {
    const cc = compileCoupon(c);
    const eligible = eligibleParts(parts, lines, cc.match, c.terms.group);
    if (eligible.length === 0) continue;
    const gate = couponGate(c, ctx, now);
    if (gate) {
      notUsed.push({ sourceType: 'coupon', id: c.couponId, name: c.terms.name, ...gate });
      continue;
    }
    const basis = basisOf(parts, eligible);
    if (couponDiscount(c.terms.rule, basis) <= 0) {
      notUsed.push(shortOf('coupon', c.couponId, c.terms.name, c.terms.rule, basis, 0));
      continue;
    }
    usable.push({ c, eligible, end: cc.end });
  }
  usable.sort((a, b) => b.end - a.end || (a.c.couponId < b.c.couponId ? 1 : -1));
  let maxWeight = 0;
  for (let rank = 0; rank < usable.length; rank++) {
    const { c, eligible } = usable[rank]!;
    maxWeight += rank + 1;
    sources.push({
      type: 'coupon',
      id: c.couponId,
      name: c.terms.name,
      layer: 'coupon',
      group: c.terms.group,
      stackable: c.terms.stackable !== false,
      platformFundedBp: c.terms.platformFundedBp ?? 0,
      coupon: c,
      eligible,
      weight: rank + 1,
    });
  }

  const v = buildVars(parts, sources);
  return { lines, parts, sources, ...v, notUsed, itemsAmount, basisTotal, maxWeight };
}

function shortOf(
  sourceType: 'offer' | 'coupon',
  id: string,
  name: string,
  rule: Parameters<typeof firstThreshold>[0],
  amount: Fen,
  qty: number,
): NotUsed {
  const t = firstThreshold(rule);
  if (t.unit === 'items') {
    const more = Math.max(1, t.min - qty);
    return { sourceType, id, name, reason: 'threshold_short', detail: `${more} more item(s) needed` };
  }
  const shortBy = Math.max(1, t.min - amount);
  return {
    sourceType,
    id,
    name,
    reason: 'threshold_short',
    detail: `threshold short by ${shortBy} fen`,
    shortBy,
  };
}

function slotKey(s: Source, p: Part): string {
  const kind = s.coupon!.terms.kind;
  if (kind === 'product') return `product:${p.productId}`;
  if (kind === 'store' || kind === 'channel' || kind === 'live') return `store:${p.storeId}`;
  return kind === 'cross_store' ? 'cross' : 'platform';
}

function buildVars(parts: Part[], sources: Source[]) {
  const vars: Var[] = [];
  const standalone = sources.map((s) => {
    if (s.type === 'coupon') return 0;
    const u = partUnits(parts, s.eligible);
    return Math.min(u.amount, thresholdBound(s.offer!.rule, u.units, u.amount, u.qty));
  });
  const switchOf = new Int32Array(sources.length).fill(-1);
  const order = sources.map((_, i) => i).filter((i) => sources[i]!.type === 'offer');
  order.sort((x, y) => standalone[y]! - standalone[x]! || x - y);
  for (const si of order) {
    switchOf[si] = vars.length;
    vars.push({
      kind: 'source',
      layer: sources[si]!.layer,
      source: si,
      part: -1,
      slot: -1,
      options: [si, -1],
    });
  }
  const rank = (si: number) => sources[si]!.offer!.priority ?? 0;
  const queue = { store: parts.map(() => [] as number[]), cross: parts.map(() => [] as number[]) };
  for (const si of order)
    for (const p of sources[si]!.eligible) queue[sources[si]!.layer as 'store' | 'cross'][p]!.push(si);
  for (const layer of ['store', 'cross'] as const)
    for (const q of queue[layer])
      q.sort((x, y) => rank(y) - rank(x) || standalone[y]! - standalone[x]! || x - y);
  const thresholdVars = vars.length;

  const slotIndex = new Map<string, Slot>();
  const slotOrder = (k: string) =>
    k.startsWith('product:') ? 0 : k.startsWith('store:') ? 1 : k === 'cross' ? 2 : 3;
  sources.forEach((s, si) => {
    if (s.type !== 'coupon') return;
    const byKey = new Map<string, number[]>();
    for (const p of s.eligible) {
      const k = slotKey(s, parts[p]!);
      const list = byKey.get(k) ?? [];
      list.push(p);
      byKey.set(k, list);
    }
    for (const [k, covered] of byKey) {
      let slot = slotIndex.get(k);
      if (!slot) {
        const domain = parts.flatMap((p, i) => (slotKey(s, p) === k ? [i] : []));
        slot = { key: k, domain, value: new Map(), cover: new Map(), max: 0 };
        slotIndex.set(k, slot);
      }
      const basis = covered.reduce((a, p) => a + parts[p]!.basis, 0);
      const d = couponDiscount(s.coupon!.terms.rule, basis);
      if (d > 0) {
        slot.value.set(si, d * K + s.weight);
        slot.cover.set(si, covered);
      }
    }
  });
  const slots = [...slotIndex.values()]
    .filter((s) => s.value.size > 0)
    .sort((a, b) => slotOrder(a.key) - slotOrder(b.key) || (a.key < b.key ? -1 : 1));
  slots.forEach((slot, k) => {
    const opts = [...slot.value.keys()].sort((a, b) => slot.value.get(b)! - slot.value.get(a)! || a - b);
    slot.max = slot.value.get(opts[0]!)!;
    vars.push({ kind: 'slot', layer: 'coupon', source: -1, part: -1, slot: k, options: [...opts, -1] });
  });
  return { vars, thresholdVars, slots, queue, switchOf };
}
