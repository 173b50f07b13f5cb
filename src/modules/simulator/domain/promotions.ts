import type {
  CartLine,
  CouponTerms,
  Offer,
  OfferBody,
  Quote,
  TemplateBody,
  WalletCoupon,
} from '../../pricing/index.ts';
import { quote } from '../../pricing/index.ts';
import type { schemas } from '../../marketplace/index.ts';
import type { Rng, Seeds } from './rng.ts';
import { DAY_MS, dayIndex, iso, productId, type World } from './world.ts';

/**
 * The demo marketplace's promotions (the promotion book) and how its buyers use them. Pure: the book is a
 * function of the world and the seed; claims and checkouts draw from the buyer's own streams.
 *
 * - ≈35% of stores run a tiered 满减 scaled to their prices (thresholds ≈ 1.5× and 3× the store's median SKU
 *   price, rounded to ¥X9; 8% and 12% off); ≈10% of products have a price cut (85–95%); a few stores an N件M折;
 *   ≈12% of stores a fan price and ≈30% of streaming stores a live price on their first three products; some
 *   low-priced stores an N元任选3件, a few others a 买2送1;
 *   every joint campaign a cross-store 每满200减20 over its stores for its days; the platform a 每满300减30
 *   (capped) over every store on its campaign days and their warm-up (else the last 7 days).
 * - Coupon templates: a 满X减Y store coupon for ≈25% of stores, the platform's 满199减15 (platform-funded) and a
 *   channel coupon of the demo store for orders through the demo promoter.
 * - Most windows run past the end of the simulated period, so offers and coupons are live at its end; the rest
 *   ended inside it. The demo store takes part in all of it.
 * - Buyers claim coupons at checkout (领券下单), in campaign venues, store pages, live rooms and promoter groups,
 *   within each template's limits (per buyer, per buyer and day; totals are sized never to run out, so no
 *   buyer's claim depends on another's). A checkout that meets a live offer, or a buyer holding a coupon for
 *   its stores, is priced by the pricing engine: its line discounts come from the quote, which is kept and
 *   locked by the store orders. A coupon is used once (a cancelled order's coupon is not reused).
 */

export interface BookOffer {
  offer: Offer;
  /** Merchant index of the merchant who runs it, or -1 for the platform. */
  merchant: number;
  /** Stores it covers (indexes), or null for every store. */
  stores: number[] | null;
  /** The product a price cut covers, or -1. */
  product: number;
  startMs: number;
  endMs: number;
}

export interface BookTemplate {
  id: string;
  body: TemplateBody;
  terms: CouponTerms;
  /** Merchant index of the issuer, or -1 for the platform. */
  merchant: number;
  /** Store it is for, or -1 (platform coupon: every store). */
  store: number;
  claimStartMs: number;
  claimEndMs: number;
  validMs: number;
  perUserLimit: number;
  /** 0 = no daily limit per buyer. */
  perUserDailyLimit: number;
  /** Channel coupons: the promoter or creator an order must be attributed to. */
  channel?: { promoterId?: string; creatorId?: string };
}

export interface PromotionBook {
  offers: BookOffer[];
  templates: BookTemplate[];
  /** Offers covering each store (by store index), platform-wide ones excluded. */
  byStore: BookOffer[][];
  /** Offers covering every store. */
  platform: BookOffer[];
  storeTemplate: (BookTemplate | null)[];
  platformTemplate: BookTemplate;
  /** The demo store's channel coupons: for orders attributed to the demo promoter, and to the demo creator. */
  channelTemplates: BookTemplate[];
}

/** Shares of the book (documented in docs/simulator.md). */
export const PROMO = {
  storeThresholdShare: 0.35,
  priceCutShare: 0.1,
  qtyDiscountShare: 0.08,
  storeCouponShare: 0.25,
  /** Stores that give followers a fan price (粉丝价) on a few products. */
  fanPriceShare: 0.12,
  /** Streaming stores that give a live price (直播价) on a few products to orders from a live session. */
  livePriceShare: 0.3,
  /** Low-priced stores (median SKU under ¥60) that run N元任选M件, and stores that run 买2送1. */
  pickNShare: 0.3,
  buyXGetYShare: 0.03,
  /** Share of offers and coupon campaigns still running at the end of the window. */
  liveShare: 0.7,
  couponValidDays: 7,
};

const yuan = (fen: number) => Math.round(fen / 100);
const money = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));
/** A threshold the way shops set them: whole yuan ending in 9 (¥89, ¥179), at least ¥19. */
export function thresholdX9(fen: number): number {
  return Math.max(19, Math.round(fen / 1000) * 10 - 1) * 100;
}
/** A saving in whole yuan (tens of yuan above ¥50), at least ¥1. */
function saving(fen: number): number {
  const y = yuan(fen);
  return Math.max(1, y >= 50 ? Math.round(y / 10) * 10 : y) * 100;
}

function medianSkuPrice(w: World, store: number): number {
  const prices: number[] = [];
  for (const p of w.stores[store]!.products) {
    const a = w.products.skuStart[p]!;
    for (let k = 0; k < w.products.skuCount[p]!; k++) prices.push(w.skuPrice[a + k]!);
  }
  prices.sort((a, b) => a - b);
  return prices[Math.floor(prices.length / 2)] ?? 5000;
}

/** A window: live ones start inside the period and end 1–3 weeks after it; the others ended inside it. */
function window(w: World, r: Rng, live: boolean, minDays = 5): [number, number] {
  const D = w.days.length;
  if (live) {
    const start = w.dayStart[r.int(Math.max(1, D - 3))]!;
    return [start, w.windowEnd + (7 + r.int(15)) * DAY_MS];
  }
  const len = Math.min(D, minDays + r.int(6));
  const from = r.int(Math.max(1, D - len));
  return [w.dayStart[from]!, w.dayStart[Math.min(D, from + len)]!];
}

export function buildPromotionBook(w: World, seeds: Seeds): PromotionBook {
  const S = w.stores.length;
  const demo = w.demo.store;
  const offers: BookOffer[] = [];
  const templates: BookTemplate[] = [];
  const storeTemplate: (BookTemplate | null)[] = new Array(S).fill(null);
  const mid = (s: number) => w.merchants[w.stores[s]!.merchant]!.id;
  const addOffer = (o: Omit<BookOffer, 'startMs' | 'endMs'>) =>
    offers.push({ ...o, startMs: Date.parse(o.offer.startsAt), endMs: Date.parse(o.offer.endsAt) });

  for (let s = 0; s < S; s++) {
    const store = w.stores[s]!;
    const r = seeds.rng('promo-store', s);
    const median = medianSkuPrice(w, s);
    const isDemo = s === demo;
    // Tiered store 满减.
    if (isDemo || r.chance(PROMO.storeThresholdShare)) {
      const t1 = thresholdX9(median * 1.5);
      let t2 = thresholdX9(median * 3);
      if (t2 <= t1) t2 = t1 + 10_000;
      const o1 = saving(t1 * 0.08);
      const o2 = Math.max(o1 + 100, saving(t2 * 0.12));
      const [from, to] = window(w, r, isDemo || r.chance(PROMO.liveShare));
      addOffer({
        merchant: store.merchant,
        stores: [s],
        product: -1,
        offer: {
          id: `sim-${store.id}-mj`,
          name: `${store.name} 满${money(t1)}减${money(o1)} / 满${money(t2)}减${money(o2)}`,
          kind: 'store_threshold',
          merchantId: mid(s),
          scope: { storeIds: [store.id] },
          startsAt: iso(from),
          endsAt: iso(to),
          rule: {
            type: 'amount_tiers',
            tiers: [
              { min: t1, off: o1 },
              { min: t2, off: o2 },
            ],
          },
        },
      });
    }
    // N件M折: 2 items 95折, 3 items 9折 (the demo store's ran earlier in the period and has ended).
    if (isDemo || r.chance(PROMO.qtyDiscountShare)) {
      const [from, to] = window(w, r, !isDemo && r.chance(PROMO.liveShare), 7);
      addOffer({
        merchant: store.merchant,
        stores: [s],
        product: -1,
        offer: {
          id: `sim-${store.id}-nj`,
          name: `${store.name} 2件95折 / 3件9折`,
          kind: 'store_threshold',
          merchantId: mid(s),
          scope: { storeIds: [store.id] },
          startsAt: iso(from),
          endsAt: iso(to),
          rule: {
            type: 'qty_percent_tiers',
            tiers: [
              { minQty: 2, rateBp: 9500 },
              { minQty: 3, rateBp: 9000 },
            ],
          },
        },
      });
    }
    // Item price cuts on ≈10% of the store's products.
    for (const p of store.products) {
      const pr = seeds.rng('promo-product', p);
      if (!pr.chance(PROMO.priceCutShare)) continue;
      const rateBp = 8500 + 100 * pr.int(11);
      const [from, to] = window(w, pr, pr.chance(0.6));
      const pid = productId(w, p);
      addOffer({
        merchant: store.merchant,
        stores: [s],
        product: p,
        offer: {
          id: `sim-${pid}-cut`,
          name: `${(rateBp / 1000).toFixed(rateBp % 1000 ? 1 : 0)}折 ${pid}`,
          kind: 'price_cut',
          merchantId: mid(s),
          scope: { storeIds: [store.id], productIds: [pid] },
          startsAt: iso(from),
          endsAt: iso(to),
          rule: { type: 'rate', rateBp },
        },
      });
    }
    // Fan price (粉丝价, followers only) and live price (直播价, orders from a live session) on up to 3 products.
    const featured = Array.from(store.products.slice(0, 3), (p) => productId(w, p));
    if (featured.length && (isDemo || r.chance(PROMO.fanPriceShare))) {
      const [from, to] = window(w, r, true);
      addOffer({
        merchant: store.merchant,
        stores: [s],
        product: -1,
        offer: {
          id: `sim-${store.id}-fan`,
          name: `${store.name} 粉丝价 9折`,
          kind: 'fan_price',
          merchantId: mid(s),
          scope: { storeIds: [store.id], productIds: featured },
          startsAt: iso(from),
          endsAt: iso(to),
          rule: { type: 'rate', rateBp: 9000 },
        },
      });
    }
    if (featured.length && store.streams && (isDemo || r.chance(PROMO.livePriceShare))) {
      const [from, to] = window(w, r, true);
      addOffer({
        merchant: store.merchant,
        stores: [s],
        product: -1,
        offer: {
          id: `sim-${store.id}-live`,
          name: `${store.name} 直播间专享 88折`,
          kind: 'live_price',
          merchantId: mid(s),
          scope: { storeIds: [store.id], productIds: featured },
          startsAt: iso(from),
          endsAt: iso(to),
          rule: { type: 'rate', rateBp: 8800 },
        },
      });
    }
    // N元任选M件 in low-priced stores: any 3 for about 2.4 items' price.
    if (!isDemo && median < 6000 && r.chance(PROMO.pickNShare)) {
      const price = thresholdX9(median * 2.4);
      const [from, to] = window(w, r, r.chance(PROMO.liveShare));
      addOffer({
        merchant: store.merchant,
        stores: [s],
        product: -1,
        offer: {
          id: `sim-${store.id}-pick3`,
          name: `${store.name} ${money(price)}元任选3件`,
          kind: 'store_threshold',
          merchantId: mid(s),
          scope: { storeIds: [store.id] },
          startsAt: iso(from),
          endsAt: iso(to),
          rule: { type: 'qty_fixed_price', qty: 3, price },
        },
      });
    } else if (isDemo || r.chance(PROMO.buyXGetYShare)) {
      // 买2送1 (the cheapest of three free), once per order.
      const [from, to] = window(w, r, true);
      addOffer({
        merchant: store.merchant,
        stores: [s],
        product: -1,
        offer: {
          id: `sim-${store.id}-b2g1`,
          name: `${store.name} 买2送1`,
          kind: 'store_threshold',
          merchantId: mid(s),
          scope: { storeIds: [store.id] },
          startsAt: iso(from),
          endsAt: iso(to),
          rule: { type: 'buy_x_get_y', buy: 2, get: 1, maxApplications: 1 },
        },
      });
    }
    // Store coupon 满X减Y.
    if (isDemo || r.chance(PROMO.storeCouponShare)) {
      const min = thresholdX9(median * 1.2);
      const off = saving(min * 0.1);
      const [from, to] = window(w, r, isDemo || r.chance(PROMO.liveShare), 8);
      storeTemplate[s] = template(w, {
        id: `sim-${store.id}-coupon`,
        name: `${store.name} 满${money(min)}减${money(off)}`,
        kind: 'store',
        merchant: store.merchant,
        store: s,
        scope: { storeIds: [store.id] },
        rule: { type: 'amount', min, off },
        claim: [from, to],
        perUserLimit: 1,
      });
      templates.push(storeTemplate[s]!);
    }
  }

  // Joint campaigns: a cross-store 每满200减20 over the campaign's stores for its days, funded by the stores.
  for (const j of w.joint) {
    addOffer({
      merchant: -1,
      stores: j.stores,
      product: -1,
      offer: {
        id: `sim-${j.id}-kd`,
        name: `${j.name} 跨店每满200减20`,
        kind: 'cross_store_threshold',
        scope: { storeIds: j.stores.map((s) => w.stores[s]!.id) },
        startsAt: iso(w.dayStart[j.fromDay]!),
        endsAt: iso(w.dayStart[j.toDay + 1]!),
        rule: { type: 'amount_every', every: 20_000, off: 2000 },
      },
    });
  }

  // The platform's 每满300减30 (at most ¥90) over every store: campaign days with their warm-up, else the last week.
  const campaigns: number[] = [];
  for (let d = 0; d < w.days.length; d++) if (w.campaignOf[d] !== '') campaigns.push(d);
  const spans: [number, number, string][] = campaigns.length
    ? campaigns.map((d) => [Math.max(0, d - 2), d + 1, w.campaignOf[d]!])
    : [[Math.max(0, w.days.length - 7), w.days.length, 'Week']];
  for (const [from, to, name] of spans)
    addOffer({
      merchant: -1,
      stores: null,
      product: -1,
      offer: {
        id: `sim-platform-${w.days[from]!.replaceAll('-', '')}`,
        name: `${name} 跨店每满300减30`,
        kind: 'platform_threshold',
        scope: {},
        startsAt: iso(w.dayStart[from]!),
        endsAt: iso(w.dayStart[to]!),
        rule: { type: 'amount_every', every: 30_000, off: 3000, cap: 9000 },
        platformFundedBp: 5000,
      },
    });

  const platformTemplate = template(w, {
    id: 'sim-platform-199-15',
    name: 'Platform 满199减15',
    kind: 'platform',
    merchant: -1,
    store: -1,
    scope: {},
    rule: { type: 'amount', min: 19_900, off: 1500 },
    claim: [w.windowStart, w.windowEnd + 14 * DAY_MS],
    perUserLimit: 3,
    perUserDailyLimit: 1,
    platformFundedBp: 10_000,
  });
  const demoStore = w.stores[demo]!;
  const channel = (who: { id: string; name: string }, key: 'promoterId' | 'creatorId', min: number) =>
    template(w, {
      id: `sim-${demoStore.id}-${who.id}-channel`,
      name: `${demoStore.name} × ${who.name} 满${money(min)}减${money(saving(min * 0.12))}`,
      kind: 'channel',
      merchant: demoStore.merchant,
      store: demo,
      scope: { storeIds: [demoStore.id] },
      rule: { type: 'amount', min, off: saving(min * 0.12) },
      claim: [w.windowStart, w.windowEnd + 14 * DAY_MS],
      perUserLimit: 2,
      channel: { [key]: who.id },
    });
  const median = medianSkuPrice(w, demo);
  const channelTemplates = [
    channel(w.promoters[w.demo.promoter]!, 'promoterId', thresholdX9(median)),
    channel(w.creators[w.demo.creator]!, 'creatorId', thresholdX9(median * 1.2)),
  ];
  templates.push(platformTemplate, ...channelTemplates);

  const byStore: BookOffer[][] = Array.from({ length: S }, () => []);
  const platform: BookOffer[] = [];
  for (const o of offers) {
    if (o.stores === null) platform.push(o);
    else for (const s of o.stores) byStore[s]!.push(o);
  }
  return {
    offers,
    templates,
    byStore,
    platform,
    storeTemplate,
    platformTemplate,
    channelTemplates,
  };
}

function template(
  w: World,
  t: {
    id: string;
    name: string;
    kind: 'store' | 'platform' | 'channel';
    merchant: number;
    store: number;
    scope: { storeIds?: string[] };
    rule: { type: 'amount'; min: number; off: number };
    claim: [number, number];
    perUserLimit: number;
    perUserDailyLimit?: number;
    platformFundedBp?: number;
    channel?: { promoterId?: string; creatorId?: string };
  },
): BookTemplate {
  const merchantId = t.merchant >= 0 ? w.merchants[t.merchant]!.id : undefined;
  // Totals never run out (every buyer may take their whole allowance): no buyer's claim depends on another's.
  const totalQuantity = Math.max(1000, w.users.count * t.perUserLimit);
  const body: TemplateBody = {
    id: t.id,
    name: t.name,
    kind: t.kind,
    ...(merchantId ? { merchantId } : {}),
    scope: t.scope,
    rule: t.rule,
    ...(t.platformFundedBp ? { platformFundedBp: t.platformFundedBp } : {}),
    ...(t.channel ? { channel: t.channel } : {}),
    totalQuantity,
    perUserLimit: t.perUserLimit,
    ...(t.perUserDailyLimit
      ? { perUserDailyLimit: t.perUserDailyLimit, perDayLimit: w.users.count * t.perUserDailyLimit }
      : {}),
    claimStartsAt: iso(t.claim[0]),
    claimEndsAt: iso(t.claim[1]),
    validity: { days: PROMO.couponValidDays },
  };
  // What the pricing module stores as the coupons' terms.
  const terms: CouponTerms = {
    templateId: t.id,
    name: t.name,
    kind: t.kind,
    ...(merchantId ? { merchantId } : {}),
    scope: t.scope,
    rule: t.rule,
    ...(t.platformFundedBp ? { platformFundedBp: t.platformFundedBp } : {}),
    ...(t.channel ? { channel: t.channel } : {}),
  };
  return {
    id: t.id,
    body,
    terms,
    merchant: t.merchant,
    store: t.store,
    claimStartMs: t.claim[0],
    claimEndMs: t.claim[1],
    validMs: PROMO.couponValidDays * DAY_MS,
    perUserLimit: t.perUserLimit,
    perUserDailyLimit: t.perUserDailyLimit ?? 0,
    ...(t.channel ? { channel: t.channel } : {}),
  };
}

/** The offer as the pricing API takes it. */
export const offerBody = (o: BookOffer): OfferBody => ({ ...o.offer }) as OfferBody;

// ---------- buyers: claims and checkouts ----------

export interface SimClaim {
  couponId: string;
  templateId: string;
  userId: string;
  claimedMs: number;
}

export interface SimQuote {
  id: string;
  userId: string;
  createdMs: number;
  request: { userId: string; lines: { skuId: string; quantity: number }[]; context: object; now: string };
  result: Quote;
}

interface Held {
  id: string;
  tpl: BookTemplate;
  fromMs: number;
  toMs: number;
  used: boolean;
}

interface Buyer {
  claimed: Map<string, number>;
  claimedOnDay: Map<string, number>;
  held: Held[];
  seq: number;
}

/** A checkout's store orders: their lines, in cart order. */
export interface CheckoutPart {
  store: number;
  lines: { product: number; sku: number; skuId: string; quantity: number }[];
}

/**
 * What a priced checkout gives each store order: the quote's line discounts, and the quote to lock (null when
 * the engine found nothing to apply: the order pays the full price and there is nothing to lock).
 */
export interface Priced {
  quoteId: string | null;
  discounts: number[];
}

/** Whether an order from this source is attributed to the channel coupon's promoter or creator. */
export function attributedTo(source: schemas.Order['source'], t: BookTemplate): boolean {
  return (
    !!t.channel &&
    ((!!t.channel.promoterId && source.promoterId === t.channel.promoterId) ||
      (!!t.channel.creatorId && source.creatorId === t.channel.creatorId))
  );
}

/**
 * Claims and priced checkouts of one shard's buyers. Every decision draws from the buyer's own stream, and
 * the state (coupons claimed, held and used) is the buyer's, so the output does not depend on sharding.
 */
export class PromoDesk {
  private readonly buyers = new Map<number, Buyer>();
  claims: SimClaim[] = [];
  quotes: SimQuote[] = [];

  constructor(
    readonly w: World,
    readonly book: PromotionBook,
  ) {}

  private buyer(u: number): Buyer {
    let b = this.buyers.get(u);
    if (!b) {
      b = { claimed: new Map(), claimedOnDay: new Map(), held: [], seq: 0 };
      this.buyers.set(u, b);
    }
    return b;
  }

  /** Claims a coupon of the template at t if its window and the buyer's limits allow; true when claimed. */
  claim(u: number, uid: string, tpl: BookTemplate | null, t: number): boolean {
    if (!tpl || t < tpl.claimStartMs || t >= tpl.claimEndMs) return false;
    const b = this.buyer(u);
    const n = b.claimed.get(tpl.id) ?? 0;
    if (n >= tpl.perUserLimit) return false;
    // Daily limits count business days (claims fall inside the simulated window).
    const dayKey = `${tpl.id}|${dayIndex(this.w.dayStart, t)}`;
    if (tpl.perUserDailyLimit && (b.claimedOnDay.get(dayKey) ?? 0) >= tpl.perUserDailyLimit) return false;
    b.claimed.set(tpl.id, n + 1);
    if (tpl.perUserDailyLimit) b.claimedOnDay.set(dayKey, (b.claimedOnDay.get(dayKey) ?? 0) + 1);
    const id = `cpn_sim_${uid}_${++b.seq}`;
    const at = Math.floor(t);
    b.held.push({ id, tpl, fromMs: at, toMs: at + tpl.validMs, used: false });
    this.claims.push({ couponId: id, templateId: tpl.id, userId: uid, claimedMs: at });
    return true;
  }

  /**
   * A checkout (`followed`: the stores the buyer follows, for fan prices): the buyer may claim coupons of its stores (and the platform's, and the promoter's) first; if a
   * live offer covers one of its lines or the buyer holds a coupon for its stores, the engine prices it at
   * `quoteMs` and the quote is kept. Returns each part's line discounts, or null (not priced).
   */
  checkout(
    u: number,
    uid: string,
    r: Rng,
    parts: CheckoutPart[],
    source: schemas.Order['source'],
    claimMs: number,
    quoteMs: number,
    quoteId: string,
    followed: readonly number[] = [],
  ): Priced[] | null {
    const { w, book } = this;
    const sens = w.users.priceSens[u]!;
    for (const p of parts)
      if (r.chance(0.3 + 0.4 * sens)) this.claim(u, uid, book.storeTemplate[p.store] ?? null, claimMs);
    if (r.chance(0.04 + 0.12 * sens)) this.claim(u, uid, book.platformTemplate, claimMs);
    for (const c of book.channelTemplates)
      if (attributedTo(source, c) && r.chance(0.6)) this.claim(u, uid, c, claimMs);

    const stores = new Set(parts.map((p) => p.store));
    const offers = new Set<BookOffer>();
    const live = (o: BookOffer) => o.startMs <= quoteMs && quoteMs < o.endMs;
    for (const p of parts)
      for (const o of book.byStore[p.store]!)
        if (live(o) && (o.product < 0 || p.lines.some((l) => l.product === o.product))) offers.add(o);
    for (const o of book.platform) if (live(o)) offers.add(o);
    const held = this.buyers.get(u)?.held ?? [];
    const coupons = held.filter(
      (c) =>
        !c.used && c.fromMs <= quoteMs && quoteMs < c.toMs && (c.tpl.store < 0 || stores.has(c.tpl.store)),
    );
    if (!offers.size && !coupons.length) return null;

    const P = w.products;
    const lines: CartLine[] = [];
    for (const part of parts)
      for (const l of part.lines) {
        const store = w.stores[part.store]!;
        const l3 = w.l3[P.l3[l.product]!]!;
        lines.push({
          lineId: `l${lines.length + 1}`,
          skuId: l.skuId,
          productId: productId(w, l.product),
          storeId: store.id,
          merchantId: w.merchants[store.merchant]!.id,
          categoryIds: [l3.id, l3.id.slice(0, 5), w.l1[l3.l1]!.id],
          ...(P.brand[l.product]! >= 0 ? { brandId: w.brands[P.brand[l.product]!]!.id } : {}),
          unitPrice: w.skuPrice[l.sku]!,
          quantity: l.quantity,
        });
      }
    // Followed stores of the cart (fan prices): facts of the buyer, not of the order, so not in the context.
    const fan = [...stores].filter((x) => followed.includes(x)).map((x) => w.stores[x]!.id);
    const context = {
      ...(source.liveSessionId ? { liveSessionId: source.liveSessionId } : {}),
      ...(source.creatorId ? { creatorId: source.creatorId } : {}),
      ...(source.promoterId ? { promoterId: source.promoterId } : {}),
    };
    const now = iso(quoteMs);
    const wallet: WalletCoupon[] = coupons.map((c) => ({
      couponId: c.id,
      validFrom: iso(c.fromMs),
      validTo: iso(c.toMs),
      terms: c.tpl.terms,
    }));
    const q = quote({
      lines,
      ctx: { userId: uid, now, ...context, ...(fan.length ? { followedStoreIds: fan } : {}) },
      offers: [...offers].map((o) => o.offer),
      wallet: { coupons: wallet },
    });
    // Every store order pays something (payments are at least 1 fen): never the case with these offers.
    if (q.stores.some((s) => s.paid < 100)) return null;
    if (q.discountAmount === 0) return parts.map((p) => ({ quoteId: null, discounts: p.lines.map(() => 0) }));
    const used = new Set(q.applied.filter((a) => a.sourceType === 'coupon').map((a) => a.id));
    for (const c of coupons) if (used.has(c.id)) c.used = true;
    const b = this.buyers.get(u);
    if (b) b.held = b.held.filter((c) => !c.used && c.toMs > quoteMs);
    this.quotes.push({
      id: quoteId,
      userId: uid,
      createdMs: quoteMs,
      request: {
        userId: uid,
        lines: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
        context,
        now,
      },
      result: q,
    });
    let i = 0;
    return parts.map((p) => ({
      quoteId,
      discounts: p.lines.map(() => q.lines[i++]!.discount),
    }));
  }

  /** Claims and quotes since the last call (a day's, at its end). */
  take(): { claims: SimClaim[]; quotes: SimQuote[] } {
    const out = { claims: this.claims, quotes: this.quotes };
    this.claims = [];
    this.quotes = [];
    return out;
  }
}
