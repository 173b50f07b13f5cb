import type { schemas } from '../../marketplace/index.ts';
import { CATEGORY_TREE, COMPLEMENTS } from './data.ts';
import {
  type AfterSalePlan,
  afterSaleChanges,
  afterSaleSnapshot,
  afterSaleState,
  type OrderPlan,
  orderSnapshot,
  type PlaceOrder,
  planAfterSales,
  planOrder,
  planReviews,
  planServiceChats,
  statusAt,
  statusChanges,
} from './lifecycle.ts';
import { MODEL } from './params.ts';
import {
  type BookTemplate,
  PromoDesk,
  type PromotionBook,
  type SimClaim,
  type SimQuote,
} from './promotions.ts';
import { clamp, Rng, type Seeds } from './rng.ts';
import { type DaySchedule, type LiveSession, ScheduleCache } from './schedule.ts';
import {
  AFF,
  DAY_MS,
  dayIndex,
  HOUR_MS,
  iso,
  poolPick,
  productId,
  skuId,
  userId,
  type World,
} from './world.ts';

/**
 * Users' days: sessions in scenes and channels, behaviour events, purchases. A shard of users is
 * simulated through the whole window; every user-day draws from its own stream, so the output does
 * not depend on shard boundaries. Each day ends with the reveal of everything that changed that day:
 * order states, after-sales, reviews, service chats and follows.
 */

export interface DayOutput {
  orders: schemas.Order[];
  afterSales: schemas.AfterSale[];
  reviews: schemas.Review[];
  serviceSessions: schemas.ServiceSession[];
  follows: schemas.Follow[];
  /** Coupons claimed and checkouts priced that day (written before its orders, which lock the quotes). */
  claims: SimClaim[];
  quotes: SimQuote[];
}

type Scene = schemas.BehaviourEvent['scene'];
type Channel = NonNullable<schemas.BehaviourEvent['channel']>;

interface UserState {
  stores: number[];
  creators: number[];
  groups: number[];
  /** Targets unfollowed in the window (never re-followed). */
  gone: Set<string>;
}

type Item =
  | { k: 'o'; plan: OrderPlan; changes: number[] }
  | { k: 'a'; plan: AfterSalePlan; changes: number[] }
  | { k: 'r'; rec: schemas.Review }
  | { k: 's'; rec: schemas.ServiceSession }
  | {
      k: 'f';
      user: number;
      type: 'store' | 'creator';
      target: number;
      t: number;
      unfollow: boolean;
      followedMs: number;
    };

/** Hour-of-day weights of shopping sessions (lunch and evening peaks). */
const HOURS = [
  0.5, 0.3, 0.2, 0.1, 0.1, 0.2, 0.5, 1.0, 1.5, 1.8, 2.0, 2.2, 2.6, 2.2, 1.9, 1.8, 1.8, 2.0, 2.4, 2.9, 3.4,
  3.6, 3.0, 1.6,
];
const HOUR_CUM = (() => {
  const c = new Float64Array(24);
  let s = 0;
  HOURS.forEach((h, i) => {
    s += h;
    c[i] = s;
  });
  return c;
})();

const DISCOUNT_RATE: Record<string, number> = {
  organic: 0.25,
  self_live: 0.6,
  creator: 0.5,
  promoter: 0.55,
  ad: 0.3,
  joint: 0.8,
};
const SCENE_KINDS = [
  'search',
  'feed',
  'mall',
  'store',
  'live',
  'video',
  'share',
  'campaign',
  'push',
] as const;
type SceneKind = (typeof SCENE_KINDS)[number];

/** A product-showing context: where the user sees it and what an order from it carries. */
interface Ctx {
  scene: Scene;
  channel: Channel;
  source: schemas.Order['source'];
  /** Multiplier on click and purchase from the channel (creator skill × guidability, …). */
  mult: number;
  ev: Partial<schemas.BehaviourEvent>;
}

export class ShardSim {
  readonly schedule: ScheduleCache;
  private readonly states: UserState[];
  private readonly buckets: Item[][];
  private newOrders: OrderPlan[] = [];
  private out: DayOutput = emptyOut();
  private followRecs = new Map<string, schemas.Follow>();
  /** Events produced since the last take(): the runner drains them whenever it likes. */
  events: schemas.BehaviourEvent[] = [];
  readonly L1N: number;
  private readonly D: number;
  private readonly ids: string[];
  /** Buyers' coupons and priced checkouts, when the marketplace runs promotions. */
  readonly promo: PromoDesk | null;
  /** Complementary level-3 categories of each level-3 category (COMPLEMENTS, by index). */
  readonly complements: number[][];
  private readonly partnerPicks = new Map<number, Int32Array>();

  constructor(
    readonly w: World,
    readonly seeds: Seeds,
    readonly from: number,
    readonly to: number,
    schedule?: ScheduleCache,
    book?: PromotionBook | null,
  ) {
    this.schedule = schedule ?? new ScheduleCache(w, seeds);
    this.promo = book ? new PromoDesk(w, book) : null;
    this.complements = complementsOf(w);
    this.L1N = w.l1.length;
    this.D = w.days.length;
    this.buckets = Array.from({ length: this.D }, () => []);
    this.states = [];
    this.ids = [];
    for (let u = from; u < to; u++) {
      this.states.push({ stores: [], creators: [], groups: [], gone: new Set() });
      this.ids.push(userId(w, u));
    }
  }

  private uid(u: number) {
    return this.ids[u - this.from]!;
  }

  private enqueue(t: number, item: Item, today: number) {
    const di = Math.max(today, dayIndex(this.w.dayStart, t));
    if (di < this.D) this.buckets[di]!.push(item);
  }

  /** Fans and chat groups users already had when the window starts (follow records dated before it). */
  initialFollows(): schemas.Follow[] {
    const w = this.w;
    const out: schemas.Follow[] = [];
    for (let u = this.from; u < this.to; u++) {
      const st = this.states[u - this.from]!;
      const r = this.seeds.rng('fans', u);
      const reg = w.users.registeredMs[u]!;
      const act = w.users.activity[u]!;
      const guid = w.users.guid[u]!;
      const liveAff = w.users.aff[u * 3 + AFF.live]!;
      const nStores = Math.min(8, r.poisson(1.2 * (0.6 + 0.4 * act)));
      const nCreators = Math.min(6, r.poisson(0.5 + 1.5 * liveAff + guid));
      const inGroup = r.chance(0.06 + 0.4 * guid);
      const secondGroup = r.chance(0.25);
      if (reg >= w.windowStart) continue;
      for (let i = 0; i < nStores; i++) {
        const s = poolPick(w.storePoolByL1[this.prefL1(u, r)]!, r);
        if (s < 0 || st.stores.includes(s)) continue;
        const t = Math.max(reg, w.stores[s]!.openedMs, w.windowStart - r.range(1, 365) * DAY_MS);
        if (t >= w.windowStart) continue;
        st.stores.push(s);
        out.push({
          consumerId: this.uid(u),
          targetType: 'store',
          targetId: w.stores[s]!.id,
          followedAt: iso(t),
        });
        if (r.chance(0.02)) {
          const un = Math.max(w.windowStart + r.next() * (w.windowEnd - w.windowStart), t + HOUR_MS);
          this.enqueue(
            un,
            { k: 'f', user: u, type: 'store', target: s, t: un, unfollow: true, followedMs: t },
            0,
          );
        }
      }
      for (let i = 0; i < nCreators; i++) {
        const c = poolPick(w.creatorPoolByL1[this.prefL1(u, r)]!, r);
        if (c < 0 || st.creators.includes(c)) continue;
        const t = Math.max(reg, w.windowStart - r.range(1, 365) * DAY_MS);
        st.creators.push(c);
        out.push({
          consumerId: this.uid(u),
          targetType: 'creator',
          targetId: w.creators[c]!.id,
          followedAt: iso(t),
        });
      }
      if (inGroup && w.promoters.length) {
        st.groups.push(poolPick(w.promoterPool, r));
        if (secondGroup) {
          const g = poolPick(w.promoterPool, r);
          if (!st.groups.includes(g)) st.groups.push(g);
        }
      }
    }
    return out;
  }

  prefL1(u: number, r: Rng): number {
    const base = u * this.L1N;
    let x = r.next();
    for (let k = 0; k < this.L1N; k++) {
      x -= this.w.users.pref[base + k]!;
      if (x < 0) return k;
    }
    return this.L1N - 1;
  }

  /** Simulates users [a, b) of this shard on day d: events go to `events`, orders are revealed at endDay(d). */
  simulateUsers(d: number, a: number, b: number): void {
    const sched = this.schedule.get(d);
    for (let u = Math.max(a, this.from); u < Math.min(b, this.to); u++) new UserDay(this, u, d, sched).run();
  }

  /** Closes day d: reveals orders placed or changed that day, after-sales, reviews, service chats, follows. */
  endDay(d: number): DayOutput {
    const w = this.w;
    const T = w.dayStart[d + 1]! - 1;
    for (const plan of this.newOrders) this.revealOrder(plan, statusChanges(plan), d, T);
    this.newOrders = [];
    const bucket = this.buckets[d]!;
    this.buckets[d] = [];
    for (const it of bucket) {
      switch (it.k) {
        case 'o':
          this.revealOrder(it.plan, it.changes, d, T);
          break;
        case 'a':
          this.revealAfterSale(it.plan, it.changes, d, T);
          break;
        case 'r':
          this.out.reviews.push(it.rec);
          break;
        case 's':
          this.out.serviceSessions.push(it.rec);
          break;
        case 'f':
          this.applyFollow(it, d);
          break;
      }
    }
    this.out.follows = [...this.followRecs.values()];
    this.followRecs.clear();
    if (this.promo) Object.assign(this.out, this.promo.take());
    const out = this.out;
    this.out = emptyOut();
    return out;
  }

  private revealOrder(plan: OrderPlan, changes: number[], d: number, T: number) {
    const st = statusAt(plan, T);
    if (st !== plan.sent) {
      this.out.orders.push(orderSnapshot(plan, T));
      plan.sent = st;
    }
    const next = changes.find((t) => t > T);
    if (next !== undefined) this.enqueue(next, { k: 'o', plan, changes }, d + 1);
  }

  private revealAfterSale(plan: AfterSalePlan, changes: number[], d: number, T: number) {
    const snap = afterSaleSnapshot(plan, T);
    const state = afterSaleState(snap);
    if (state !== plan.sent) {
      this.out.afterSales.push(snap);
      plan.sent = state;
    }
    const next = changes.find((t) => t > T);
    if (next !== undefined) this.enqueue(next, { k: 'a', plan, changes }, d + 1);
  }

  private applyFollow(it: Extract<Item, { k: 'f' }>, d: number) {
    const w = this.w;
    const st = this.states[it.user - this.from]!;
    const list = it.type === 'store' ? st.stores : st.creators;
    const targetId = it.type === 'store' ? w.stores[it.target]!.id : w.creators[it.target]!.id;
    const key = `${it.type}:${targetId}`;
    const uid = this.uid(it.user);
    if (it.unfollow) {
      const i = list.indexOf(it.target);
      if (i < 0) return;
      list.splice(i, 1);
      st.gone.add(key);
      this.followRecs.set(key + uid, {
        consumerId: uid,
        targetType: it.type,
        targetId,
        followedAt: iso(it.followedMs),
        unfollowedAt: iso(it.t),
      });
      this.events.push({
        id: `${uid}.${d}.u-${targetId}`,
        type: 'unfollow',
        occurredAt: iso(it.t),
        userId: uid,
        scene: it.type === 'store' ? 'store' : 'video',
        channel: 'organic',
        ...(it.type === 'store' ? { storeId: targetId } : { creatorId: targetId }),
      });
      return;
    }
    if (
      !this.follow(
        it.user,
        it.type,
        it.target,
        it.t,
        d,
        it.type === 'store' ? 'store' : 'video',
        `${uid}.${d}.f-${targetId}`,
      )
    )
      return;
  }

  /** Follows a store or creator now (if not already); returns whether it happened. */
  follow(
    u: number,
    type: 'store' | 'creator',
    target: number,
    t: number,
    d: number,
    scene: Scene,
    eventId: string,
    extra: Partial<schemas.BehaviourEvent> = {},
  ): boolean {
    const w = this.w;
    const st = this.states[u - this.from]!;
    const list = type === 'store' ? st.stores : st.creators;
    const targetId = type === 'store' ? w.stores[target]!.id : w.creators[target]!.id;
    const key = `${type}:${targetId}`;
    if (list.includes(target) || st.gone.has(key)) return false;
    list.push(target);
    const uid = this.uid(u);
    this.followRecs.set(key + uid, { consumerId: uid, targetType: type, targetId, followedAt: iso(t) });
    this.events.push({
      ...extra,
      id: eventId,
      type: 'follow',
      occurredAt: iso(t),
      userId: uid,
      scene,
      channel: extra.channel ?? 'organic',
      ...(type === 'store' ? { storeId: targetId } : { creatorId: targetId }),
    });
    const r = this.seeds.rng('unfollow', u, type, target);
    if (r.chance(0.06)) {
      const un = t + Math.max(0.5, r.lognormal(8, 0.8)) * DAY_MS;
      this.enqueue(un, { k: 'f', user: u, type, target, t: un, unfollow: true, followedMs: t }, d + 1);
    }
    return true;
  }

  /**
   * A complementary product for a buyer of product p (store `store`), drawn from r, or -1: a product of a
   * complementary level-3 category, most often from one of the two stores of that category's level-1 category
   * the store's buyers usually pair it with (so store pairs show a clear lift), else any product of it.
   */
  complementFor(p: number, store: number, r: Rng): number {
    const w = this.w;
    const cs = this.complements[w.products.l3[p]!]!;
    if (!cs.length) return -1;
    const c = cs[r.int(cs.length)]!;
    if (r.chance(MODEL.complementLoyalty)) {
      const partners = this.complementPartners(store, w.l3[c]!.l1);
      if (partners.length) {
        const s = w.stores[partners[r.int(partners.length)]!]!;
        // The partner's products of the category, by popularity.
        let total = 0;
        for (const x of s.products) if (w.products.l3[x] === c) total += w.products.popularity[x]!;
        let y = r.next() * total;
        for (const x of s.products) {
          if (w.products.l3[x] !== c) continue;
          y -= w.products.popularity[x]!;
          if (y < 0) return x;
        }
      }
    }
    return poolPick(w.l3Pool[c]!, r);
  }

  /**
   * The stores of level-1 category l1 whose complementary products the buyers of `store` usually add: two,
   * fixed per store and category, drawn by traffic (the category's store pool).
   */
  complementPartners(store: number, l1: number): Int32Array {
    const key = store * this.L1N + l1;
    let partners = this.partnerPicks.get(key);
    if (!partners) {
      const pr = this.seeds.rng('cx-partners', store, l1);
      const out: number[] = [];
      for (let i = 0; i < 2; i++) {
        const s = poolPick(this.w.storePoolByL1[l1]!, pr);
        if (s >= 0 && s !== store && !out.includes(s)) out.push(s);
      }
      partners = Int32Array.from(out);
      this.partnerPicks.set(key, partners);
    }
    return partners;
  }

  state(u: number): UserState {
    return this.states[u - this.from]!;
  }

  /**
   * Places a checkout (one order per store) and schedules everything that follows from it. `fan`: whether a
   * satisfied buyer may follow the store (not for added complementary orders, whose follows would change
   * what the buyer does afterwards).
   */
  place(p: PlaceOrder, d: number, fan = true): OrderPlan {
    const w = this.w;
    const r = this.seeds.rng('order', p.id);
    const plan = planOrder(w, p, r);
    this.newOrders.push(plan);
    const afterSales = planAfterSales(w, plan, r);
    for (const a of afterSales)
      this.enqueue(a.requestedMs, { k: 'a', plan: a, changes: afterSaleChanges(a) }, d);
    for (const rv of planReviews(w, plan, afterSales, r)) this.enqueue(rv.t, { k: 'r', rec: rv.rec }, d);
    for (const cs of planServiceChats(w, plan, afterSales, r)) this.enqueue(cs.t, { k: 's', rec: cs.rec }, d);
    // Satisfied buyers become fans of the store some time after delivery.
    if (
      fan &&
      !Number.isNaN(plan.deliveredMs) &&
      r.chance(0.03 + 0.08 * w.stores[plan.store]!.service * w.products.quality[plan.lines[0]!.product]!)
    ) {
      const t = plan.deliveredMs + r.range(0.1, 2) * DAY_MS;
      this.enqueue(
        t,
        { k: 'f', user: p.user, type: 'store', target: plan.store, t, unfollow: false, followedMs: t },
        d,
      );
    }
    return plan;
  }
}

/** COMPLEMENTS as level-3 indices: for each level-3 category, its complements (both directions). */
export function complementsOf(w: World): number[][] {
  const byName = new Map(w.l3.map((c) => [c.def.name, c.idx]));
  const out: number[][] = w.l3.map(() => []);
  for (const [a, b] of COMPLEMENTS) {
    const x = byName.get(a);
    const y = byName.get(b);
    if (x === undefined || y === undefined) continue;
    out[x]!.push(y);
    out[y]!.push(x);
  }
  return out;
}

/**
 * A stream whose draw number `at` (0-based) comes from `alt` and every other from `main`: a checkout that gains
 * a part draws that part's decision from the part's own stream, so the buyer's other draws stay as they were.
 */
class SplicedRng extends Rng {
  private n = 0;
  private main?: Rng;
  private alt?: Rng;
  private at = -1;
  static of(main: Rng, alt: Rng, at: number): SplicedRng {
    const s = new SplicedRng(0, 0, 0, 0);
    s.main = main;
    s.alt = alt;
    s.at = at;
    return s;
  }
  override u32(): number {
    if (!this.main || !this.alt) return super.u32();
    return (this.n++ === this.at ? this.alt : this.main).u32();
  }
}

/** The fields of a product-showing event. */
function shown(w: World, p: number, store: { id: string }, ctx: Ctx) {
  return { scene: ctx.scene, channel: ctx.channel, productId: productId(w, p), storeId: store.id, ...ctx.ev };
}

function emptyOut(): DayOutput {
  return {
    orders: [],
    afterSales: [],
    reviews: [],
    serviceSessions: [],
    follows: [],
    claims: [],
    quotes: [],
  };
}

/** One user's day: sessions, events and purchases. */
class UserDay {
  private readonly r: Rng;
  private readonly w: World;
  private readonly uid: string;
  private k = 0;
  private orders = 0;
  private readonly dayEnd: number;
  private readonly sens: number;
  private readonly guid: number;
  /** Whether this user's session events are logged (the event panel), and exposures among them. */
  private readonly logEvents: boolean;
  private readonly logExposures: boolean;
  /** The user-day's stream for coupon decisions (its own, so promotions leave every other draw as it was). */
  private promoRng: Rng | null = null;
  /** Scrolls are thinned (see clickBound) where no exposure is logged and the scale asks for it. */
  private readonly thin: boolean;
  private boundBase = 0;

  constructor(
    private readonly sim: ShardSim,
    private readonly u: number,
    private readonly d: number,
    private readonly sched: DaySchedule,
  ) {
    this.w = sim.w;
    this.r = sim.seeds.rng('ud', u, d);
    this.uid = userId(this.w, u);
    this.dayEnd = this.w.dayStart[d + 1]!;
    this.sens = this.w.users.priceSens[u]!;
    this.guid = this.w.users.guid[u]!;
    const spec = this.w.spec;
    this.logEvents = u % spec.eventPanelEvery === 0;
    this.logExposures = this.logEvents && spec.exposureEvents && u % spec.exposurePanelEvery === 0;
    this.thin = spec.thinExposures && !this.logExposures;
  }

  run() {
    const { w, u, d, r } = this;
    const reg = w.users.registeredMs[u]!;
    if (reg >= this.dayEnd) return;
    const lambda = MODEL.activeBase * w.users.activity[u]! * w.dayFactor[d]! * w.spec.demand * 1.4;
    const n = Math.min(MODEL.maxSessions, r.poisson(lambda));
    const dayStart = w.dayStart[d]!;
    for (let s = 0; s < n; s++) {
      let t = dayStart + (r.cumulative(HOUR_CUM) + r.next()) * HOUR_MS;
      if (t < reg) t = reg + r.range(1, 30) * 60_000;
      if (t >= this.dayEnd) continue;
      this.session(t);
    }
  }

  private pr(): Rng {
    this.promoRng ??= this.sim.seeds.rng('promo', this.u, this.d);
    return this.promoRng;
  }

  /** Claims a coupon of the template at t with probability p (领券), when the marketplace runs promotions. */
  private maybeClaim(tpl: BookTemplate | null | undefined, p: number, t: number) {
    const desk = this.sim.promo;
    if (desk && tpl && this.pr().chance(p)) desk.claim(this.u, this.uid, tpl, t);
  }

  private emit(e: Omit<schemas.BehaviourEvent, 'id' | 'userId' | 'occurredAt'>, t: number, exposure = false) {
    if (!this.logEvents || (exposure && !this.logExposures)) return;
    this.sim.events.push({
      id: `${this.uid}.${this.d}.${this.k++}`,
      userId: this.uid,
      occurredAt: iso(t),
      ...e,
    } as schemas.BehaviourEvent);
  }

  /** How many products a session of this scene scrolls past (MODEL.sessionItems: uniform in [lo, hi]). */
  private items(scene: keyof typeof MODEL.sessionItems): number {
    const [lo, hi] = MODEL.sessionItems[scene];
    return lo + this.r.int(hi - lo + 1);
  }

  private step(t: number, median = 8): number {
    return t + clamp(this.r.lognormal(median, 0.7), 1, 600) * 1000;
  }

  private catMatch(p: number): number {
    const l1 = this.w.l3[this.w.products.l3[p]!]!.l1;
    return 0.35 + 5 * this.w.users.pref[this.u * this.sim.L1N + l1]!;
  }

  private priceAppeal(p: number): number {
    return Math.exp(-MODEL.priceSlope * this.sens * (this.w.products.pricePos[p]! - 0.35));
  }

  /**
   * Thinning (ScaleSpec.thinExposures): a product scrolled past leaves no trace unless it is clicked, so in a
   * thinned scroll each item is a candidate with this probability — at least the click chance of any product
   * for this user in this context (best category match, quality 1, best price position) — only candidates
   * draw a product, and a listed one is clicked with (its click chance ÷ this bound): the same distribution
   * of clicks for a fraction of the product look-ups, which dominate the generator's time at large scale.
   * 1 when the scroll is not thinned.
   */
  private clickBound(ctx: Ctx): number {
    if (!this.thin) return 1;
    if (!this.boundBase) {
      const { w, u } = this;
      let maxPref = 0;
      for (let k = 0; k < this.sim.L1N; k++) maxPref = Math.max(maxPref, w.users.pref[u * this.sim.L1N + k]!);
      const slope = MODEL.priceSlope * this.sens;
      // appeal = exp(−slope × (pos − 0.35)) with pos in [0, 1]: largest at pos 0 (or 1 if slope < 0).
      const appealMax = Math.exp(Math.max(slope * 0.35, -slope * 0.65));
      this.boundBase = (0.35 + 5 * maxPref) * 1.4 * Math.sqrt(appealMax);
    }
    return Math.min(0.9, (MODEL.ctr[ctx.scene] ?? 0.1) * this.boundBase * Math.sqrt(ctx.mult));
  }

  /** One scrolled item: a product from `pick` shown (or, thinned, only if the item is a candidate). */
  private scrollItem(ctx: Ctx, t: number, bound: number, pick: () => number): number {
    if (bound < 1 && !this.r.chance(bound)) return t;
    const p = pick();
    return this.listed(p, t) ? this.show(p, ctx, t, 0, bound) : t;
  }

  private chooseScene(): SceneKind {
    const { w, u, r, d, sched } = this;
    const st = this.sim.state(u);
    const aff = w.users.aff;
    const campaign = w.dayFactor[d]! > 1.3 && w.campaignOf[d] !== '' ? 1 : w.dayFactor[d]! > 1.2 ? 0.4 : 0;
    const weights = [
      aff[u * 3 + AFF.search]!, // search
      aff[u * 3 + AFF.feed]! * 0.8, // feed
      0.12, // mall
      st.stores.length ? 0.18 : 0, // store
      sched.sessions.length ? aff[u * 3 + AFF.live]! * 0.9 : 0, // live
      aff[u * 3 + AFF.live]! * (st.creators.length ? 0.5 : 0.2), // video
      st.groups.length ? 0.4 + this.guid : 0, // share
      campaign * 0.5 + (sched.joint.length ? 0.04 : 0), // campaign
      0.04, // push
    ];
    return SCENE_KINDS[r.weighted(weights)]!;
  }

  private session(t0: number) {
    const kind = this.chooseScene();
    switch (kind) {
      case 'search':
        return this.search(t0);
      case 'feed':
      case 'mall':
        return this.browse(t0, kind);
      case 'store':
        return this.storeVisit(t0);
      case 'live':
        return this.live(t0);
      case 'video':
        return this.video(t0);
      case 'share':
        return this.share(t0);
      case 'campaign':
        return this.campaign(t0);
      case 'push':
        return this.push(t0);
    }
  }

  private listed(p: number, t: number) {
    return p >= 0 && this.w.products.listedMs[p]! <= t;
  }

  private organic(scene: Scene): Ctx {
    return { scene, channel: 'organic', source: { scene, channel: 'organic' }, mult: 1, ev: {} };
  }

  /** An ad slot among organic results, when a store of the category advertises. */
  private maybeAd(l1: number, scene: Scene, t: number): { p: number; ctx: Ctx } | null {
    const { w, r } = this;
    if (!r.chance(0.2)) return null;
    const s = poolPick(w.adPoolByL1[l1]!, r);
    if (s < 0) return null;
    const store = w.stores[s]!;
    const p = store.products[r.cumulative(store.productCum)]!;
    if (!this.listed(p, t)) return null;
    const adId = store.adIds[r.int(store.adIds.length)]!;
    return { p, ctx: { scene, channel: 'ad', source: { scene, channel: 'ad', adId }, mult: 0.9, ev: {} } };
  }

  private search(t: number) {
    const { w, r } = this;
    const l1 = this.sim.prefL1(this.u, r);
    const l3 = w.l1[l1]!.l3s[r.int(w.l1[l1]!.l3s.length)]!;
    const def = w.l3[l3]!.def;
    const x = r.next();
    const query =
      x < 0.45
        ? r.pick(def.nouns).toLowerCase()
        : x < 0.7
          ? def.name.toLowerCase()
          : x < 0.85
            ? def.zh
            : `${r.pick(CATEGORY_TREE[l1]!.word).toLowerCase()} ${def.name.toLowerCase()}`;
    this.emit({ type: 'search', scene: 'search', channel: 'organic', query }, t);
    const ctx = this.organic('search');
    const ad = this.maybeAd(l1, 'search', t);
    if (ad) {
      t = this.step(t, 3);
      this.show(ad.p, ad.ctx, t);
    }
    const n = this.items('search');
    const pool = w.l3Pool[l3]!.items.length ? w.l3Pool[l3]! : w.l1Pool[l1]!;
    const bound = this.clickBound(ctx);
    const pick = () => poolPick(pool, r);
    for (let i = 0; i < n && this.orders < 3; i++) t = this.scrollItem(ctx, this.step(t, 4), bound, pick);
  }

  private browse(t: number, scene: 'feed' | 'mall') {
    const { w, r } = this;
    const ctx = this.organic(scene);
    const n = this.items(scene);
    // Feeds mostly follow preference, with some exploration.
    const l1Of = () => (r.chance(0.2) ? r.int(this.sim.L1N) : this.sim.prefL1(this.u, r));
    const bound = this.clickBound(ctx);
    const pick = () => poolPick(w.l1Pool[l1Of()]!, r);
    for (let i = 0; i < n && this.orders < 3; i++) {
      t = this.step(t, 5);
      if (i === 1 && scene === 'feed') {
        // The feed's ad slot (never thinned).
        const l1 = l1Of();
        const ad = this.maybeAd(l1, 'feed', t);
        if (ad) t = this.show(ad.p, ad.ctx, t);
        else {
          const p = poolPick(w.l1Pool[l1]!, r);
          if (this.listed(p, t)) t = this.show(p, ctx, t);
        }
        continue;
      }
      t = this.scrollItem(ctx, t, bound, pick);
    }
  }

  private storeVisit(t: number) {
    const { w, r } = this;
    const st = this.sim.state(this.u);
    const s = st.stores[r.int(st.stores.length)]!;
    const store = w.stores[s]!;
    this.emit({ type: 'exposure', scene: 'store', channel: 'organic', storeId: store.id }, t, true);
    this.maybeClaim(this.sim.promo?.book.storeTemplate[s], 0.15, t);
    const ctx = this.organic('store');
    const n = this.items('store');
    const bound = this.clickBound(ctx);
    const pick = () => store.products[r.cumulative(store.productCum)]!;
    for (let i = 0; i < n && this.orders < 3; i++) t = this.scrollItem(ctx, this.step(t, 5), bound, pick);
  }

  private pickSession(): LiveSession | null {
    const { r } = this;
    const sched = this.sched;
    const st = this.sim.state(this.u);
    if (r.chance(0.6)) {
      const mine: number[] = [];
      for (const s of st.stores) {
        const i = sched.byStore.get(s);
        if (i !== undefined) mine.push(i);
      }
      for (const c of st.creators) {
        const i = sched.byCreator.get(c);
        if (i !== undefined) mine.push(i);
      }
      if (mine.length) return sched.sessions[mine[r.int(mine.length)]!]!;
    }
    const pool = sched.liveByL1[this.sim.prefL1(this.u, r)]!;
    if (!pool.items.length) return null;
    return sched.sessions[poolPick(pool, r)]!;
  }

  private live(t: number) {
    const { w, r } = this;
    const s = this.pickSession();
    if (!s) return this.browse(t, 'feed');
    if (t < s.startMs || t > s.endMs - 60_000)
      t = s.startMs + r.next() * Math.max(60_000, s.endMs - s.startMs - 120_000);
    if (t >= this.dayEnd) return;
    const store = w.stores[s.store]!;
    const creator = s.creator >= 0 ? w.creators[s.creator]! : null;
    const creatorRef = creator && s.channel === 'creator' ? { creatorId: creator.id } : {};
    const base = {
      scene: 'live' as const,
      channel: s.channel,
      liveSessionId: s.id,
      storeId: store.id,
      ...creatorRef,
    };
    this.emit({ type: 'exposure', ...base }, t, true);
    t = this.step(t, 3);
    this.emit({ type: 'live_enter', ...base }, t);
    // Coupons handed out in the live room: the store's, and the host creator's channel coupon.
    this.maybeClaim(this.sim.promo?.book.storeTemplate[s.store], 0.1, t);
    if (creator && s.channel === 'creator')
      for (const c of this.sim.promo?.book.channelTemplates ?? [])
        if (c.channel?.creatorId === creator.id) this.maybeClaim(c, 0.12, t);
    const enter = t;
    const stay = clamp(r.lognormal(150, 1) * (0.6 + this.guid), 10, 3 * 3600) * 1000;
    const leave = Math.min(enter + stay, s.endMs, this.dayEnd - 1);
    const mult = s.channel === 'creator' ? creator!.skill * (0.4 + 1.3 * this.guid) : 0.6 + 0.9 * this.guid;
    const source: schemas.Order['source'] = {
      scene: 'live',
      channel: s.channel,
      liveSessionId: s.id,
      ...creatorRef,
    };
    const ctx: Ctx = {
      scene: 'live',
      channel: s.channel,
      source,
      mult,
      ev: { liveSessionId: s.id, ...creatorRef },
    };
    const n = 1 + Math.min(MODEL.sessionItems.live[1], Math.floor((leave - enter) / 60_000));
    for (let i = 0; i < n && this.orders < 3; i++) {
      t = Math.min(leave - 1000, this.step(t, 30));
      const p = s.featured[r.int(s.featured.length)]!;
      if (this.listed(p, t)) t = Math.min(leave - 1000, this.show(p, ctx, t));
    }
    if (r.chance(0.04 + 0.06 * store.service))
      this.sim.follow(
        this.u,
        'store',
        s.store,
        Math.min(leave - 500, this.step(t, 5)),
        this.d,
        'live',
        `${this.uid}.${this.d}.${this.k++}`,
        { liveSessionId: s.id, channel: s.channel },
      );
    if (creator && s.channel === 'creator' && r.chance(0.08))
      this.sim.follow(
        this.u,
        'creator',
        s.creator,
        Math.min(leave - 500, this.step(t, 5)),
        this.d,
        'live',
        `${this.uid}.${this.d}.${this.k++}`,
        { liveSessionId: s.id, channel: 'creator' },
      );
    this.emit(
      { type: 'live_leave', ...base, durationMs: Math.max(0, Math.round(leave - enter)) },
      Math.max(leave, t),
    );
  }

  private video(t: number) {
    const { w, r, sched } = this;
    const st = this.sim.state(this.u);
    let c = -1;
    if (st.creators.length && r.chance(0.7)) {
      const mine = st.creators.filter((x) => sched.videos.has(x));
      if (mine.length) c = mine[r.int(mine.length)]!;
    }
    if (c < 0) c = poolPick(sched.videoByL1[this.sim.prefL1(this.u, r)]!, r);
    if (c < 0) return this.browse(t, 'feed');
    const creator = w.creators[c]!;
    const ctx: Ctx = {
      scene: 'video',
      channel: 'creator',
      source: { scene: 'video', channel: 'creator', creatorId: creator.id },
      mult: creator.skill * (0.4 + 1.3 * this.guid),
      ev: { creatorId: creator.id },
    };
    for (const p of sched.videos.get(c)!) {
      t = this.step(t, 20);
      if (this.listed(p, t)) t = this.show(p, ctx, t);
    }
    if (r.chance(0.03 + 0.03 * creator.skill))
      this.sim.follow(
        this.u,
        'creator',
        c,
        this.step(t, 5),
        this.d,
        'video',
        `${this.uid}.${this.d}.${this.k++}`,
        { channel: 'creator' },
      );
  }

  private share(t: number) {
    const { w, r, sched } = this;
    const st = this.sim.state(this.u);
    const g = st.groups[r.int(st.groups.length)]!;
    const items = sched.shares.get(g);
    if (!items || w.promoters[g]!.joinedMs > t) return this.browse(t, 'feed');
    const pm = w.promoters[g]!;
    for (const c of this.sim.promo?.book.channelTemplates ?? [])
      if (c.channel?.promoterId === pm.id) this.maybeClaim(c, 0.35, t);
    // Shared links are seen in the chat group (exposure) and opened (click) or ignored.
    for (const p of items) {
      if (!this.listed(p, t)) continue;
      const shareCode = `sh-${pm.id}-${p}`;
      const ctx: Ctx = {
        scene: 'share',
        channel: 'promoter',
        source: { scene: 'share', channel: 'promoter', promoterId: pm.id, shareCode },
        mult: (0.4 + 1.3 * this.guid) * 1.2,
        ev: { promoterId: pm.id },
      };
      t = this.show(p, ctx, this.step(t, 10));
    }
  }

  private campaign(t: number) {
    const { w, r, sched } = this;
    this.maybeClaim(this.sim.promo?.book.platformTemplate, 0.25, t);
    if (sched.joint.length && (w.campaignOf[this.d] === '' || r.chance(0.25))) {
      const j = sched.joint[r.int(sched.joint.length)]!;
      const ctx: Ctx = {
        scene: 'campaign',
        channel: 'joint',
        source: { scene: 'campaign', channel: 'joint', campaignId: j.id },
        mult: 1.2,
        ev: {},
      };
      const n = this.items('campaign');
      for (let i = 0; i < n && this.orders < 3; i++) {
        t = this.step(t, 5);
        const store = w.stores[j.stores[r.int(j.stores.length)]!]!;
        const p = store.products[r.cumulative(store.productCum)]!;
        if (this.listed(p, t)) t = this.show(p, ctx, t);
      }
      return;
    }
    const ctx: Ctx = { ...this.organic('campaign'), mult: 1.3 };
    const n = this.items('campaign');
    for (let i = 0; i < n && this.orders < 3; i++) {
      t = this.step(t, 4);
      const p = poolPick(w.l1Pool[this.sim.prefL1(this.u, r)]!, r);
      if (this.listed(p, t)) t = this.show(p, ctx, t);
    }
  }

  private push(t: number) {
    const { w, r } = this;
    const st = this.sim.state(this.u);
    let p: number;
    if (st.stores.length && r.chance(0.6)) {
      const store = w.stores[st.stores[r.int(st.stores.length)]!]!;
      p = store.products[r.cumulative(store.productCum)]!;
    } else p = poolPick(w.l1Pool[this.sim.prefL1(this.u, r)]!, r);
    if (this.listed(p, t)) this.show(p, this.organic('push'), t);
  }

  /** A product is shown: exposure, maybe click → view → cart / favorite / share / purchase. Returns the time after. */
  /** A product shown; `bound` < 1 when it is a thinned scroll's candidate (see clickBound). */
  private show(p: number, ctx: Ctx, t: number, depth = 0, bound = 1): number {
    const { w, r } = this;
    const P = w.products;
    // Most products shown are scrolled past: their records (and their store) are looked up only when logged
    // or clicked.
    if (this.logExposures)
      this.emit({ type: 'exposure', ...shown(w, p, w.stores[P.store[p]!]!, ctx) }, t, true);
    const q = P.quality[p]!;
    const match = this.catMatch(p);
    const appeal = this.priceAppeal(p);
    const pc =
      (MODEL.ctr[ctx.scene] ?? 0.1) * match * (0.6 + 0.8 * q) * Math.sqrt(appeal) * Math.sqrt(ctx.mult);
    if (!r.chance(bound < 1 ? Math.min(0.9, pc) / bound : Math.min(0.9, pc))) return t;
    const ev = shown(w, p, w.stores[P.store[p]!]!, ctx);
    t = this.step(t, 3);
    this.emit({ type: 'click', ...ev }, t);
    const dwell = clamp(r.lognormal(35, 0.8) * (0.7 + q), 3, 900) * 1000;
    this.emit({ type: 'view', ...ev, durationMs: Math.round(dwell) }, t + 500);
    t += dwell;
    const boost = w.campaignOf[this.d] !== '' ? 1.3 : 1;
    // Expensive items are bought less often whatever the category (affordability).
    const afford = (P.basePrice[p]! / 10_000) ** -MODEL.affordability;
    const pb =
      (MODEL.cvr[ctx.scene] ?? 0.06) *
      match *
      (0.35 + 1.3 * q) *
      appeal *
      afford *
      ctx.mult *
      boost *
      MODEL.cvrScale;
    const buys = this.orders < 3 && r.chance(Math.min(0.8, pb));
    if ((buys && r.chance(0.6)) || r.chance(0.12)) {
      t = this.step(t, 4);
      this.emit({ type: 'cart', ...ev }, t);
    }
    if (r.chance(0.04 + 0.04 * q)) {
      t = this.step(t, 3);
      this.emit({ type: 'favorite', ...ev }, t);
    }
    if (r.chance(0.01 + 0.04 * this.guid)) {
      t = this.step(t, 6);
      this.emit({ type: 'share', ...ev }, t);
    }
    if (buys) t = this.buy(p, ctx, this.step(t, 20));
    else if (depth === 0 && r.chance(0.2)) {
      // Detail-page recommendations: similar products of the same level-3 category.
      const pool = w.l3Pool[P.l3[p]!]!;
      for (let i = 0; i < 2; i++) {
        const x = poolPick(pool, r);
        if (x !== p && this.listed(x, t)) t = this.show(x, this.organic('detail'), this.step(t, 3), 1);
      }
    }
    return t;
  }

  private pickSku(p: number, r: Rng): number {
    const P = this.w.products;
    const start = P.skuStart[p]!;
    const n = P.skuCount[p]!;
    for (let t = 0; t < 4; t++) {
      const s = start + r.int(n);
      if (this.w.skuStock[s]! > 0) return s;
    }
    return start;
  }

  private qty(r: Rng): number {
    const x = r.next();
    return x < 0.82 ? 1 : x < 0.95 ? 2 : x < 0.99 ? 3 : 4 + r.int(3);
  }

  private line(p: number) {
    return this.lineFrom(p, this.r);
  }

  /** An order line of product p, its SKU and quantity drawn from r. */
  private lineFrom(p: number, r: Rng) {
    const s = this.pickSku(p, r);
    return {
      product: p,
      sku: s,
      skuId: skuId(this.w, p, s - this.w.products.skuStart[p]!),
      quantity: this.qty(r),
    };
  }

  private buy(p: number, ctx: Ctx, t: number): number {
    const { w, r, d } = this;
    if (t >= this.dayEnd) return t;
    const P = w.products;
    const storeIdx = P.store[p]!;
    const store = w.stores[storeIdx]!;
    const lines = [this.line(p)];
    if (r.chance(MODEL.multiLineShare)) {
      const x = store.products[r.cumulative(store.productCum)]!;
      if (x !== p && this.listed(x, t)) lines.push(this.line(x));
    }
    const createdMs = t + r.range(15, 240) * 1000;
    if (createdMs >= this.dayEnd) return t;
    this.orders++;
    const seq = this.orders;
    const dayTag = w.days[d]!.replaceAll('-', '');
    const id = `o-${dayTag}-${this.uid}-${seq}`;
    const unpaid = r.chance(MODEL.unpaidShare);
    const payDelayMs = clamp(r.lognormal(60, 0.8), 5, 1500) * 1000;
    const campaignPresale = !Number.isNaN(w.presaleBalanceMs[d]!);
    const presale = r.chance(campaignPresale ? MODEL.presaleShare : 0.006);
    const discountRate = ctx.scene === 'campaign' ? 0.7 : (DISCOUNT_RATE[ctx.channel] ?? 0.25);
    // Sometimes the checkout also holds another store's product: a parent checkout with two store orders.
    let sibling: number = -1;
    if (!presale && ctx.channel === 'organic' && r.chance(MODEL.twoStoreCheckoutShare)) {
      const x = poolPick(w.l1Pool[w.l3[P.l3[p]!]!.l1]!, r);
      if (x >= 0 && P.store[x] !== storeIdx && this.listed(x, t)) sibling = x;
    }
    // Or a complementary product of another store (a pot and a spoon), drawn from the checkout's own stream so
    // every other draw of the day stays as it was.
    let cx: Rng | null = null;
    if (sibling < 0 && !presale && ctx.channel === 'organic') {
      const cr = this.sim.seeds.rng('cx', this.u, d, seq);
      if (cr.chance(MODEL.complementCheckoutShare)) {
        const x = this.sim.complementFor(p, storeIdx, cr);
        if (x >= 0 && P.store[x] !== storeIdx && this.listed(x, t)) {
          sibling = x;
          cx = cr;
        }
      }
    }
    const parentId = sibling >= 0 ? `co-${dayTag}-${this.uid}-${seq}` : undefined;
    const siblingLines = sibling >= 0 ? [cx ? this.lineFrom(sibling, cx) : this.line(sibling)] : [];
    // With promotions, coupons may be claimed at checkout and the checkout priced by the engine.
    const priced =
      this.sim.promo?.checkout(
        this.u,
        this.uid,
        cx ? SplicedRng.of(this.pr(), cx, 1) : this.pr(),
        [
          { store: storeIdx, lines },
          ...(sibling >= 0 ? [{ store: P.store[sibling]!, lines: siblingLines }] : []),
        ],
        ctx.source,
        t,
        Math.floor((t + createdMs) / 2),
        `qte_sim_${id}`,
        this.sim.state(this.u).stores,
      ) ?? null;
    const common = {
      user: this.u,
      consumerId: this.uid,
      createdMs,
      unpaid,
      payDelayMs,
      day: d,
      ...(parentId ? { parentId } : {}),
    };
    this.sim.place(
      {
        ...common,
        id,
        store: storeIdx,
        source: ctx.source,
        lines,
        presale,
        discountRate,
        ...(priced ? { priced: priced[0]! } : {}),
      },
      d,
    );
    if (sibling >= 0) {
      this.sim.place(
        {
          ...common,
          id: `${id}-2`,
          store: P.store[sibling]!,
          source: ctx.source,
          lines: siblingLines,
          presale: false,
          discountRate,
          ...(priced ? { priced: priced[1]! } : {}),
        },
        d,
        cx === null,
      );
    }
    return createdMs + payDelayMs;
  }
}
