import { setImmediate as tick } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Database } from '../../core/db.ts';
import { dayStart } from '../../core/time.ts';
import type { RankRequest, RankResponse } from '../traffic/index.ts';
import { DEFAULT_SETTINGS } from '../traffic/index.ts';
import { MODEL } from './domain/params.ts';
import { Rng } from './domain/rng.ts';

/**
 * Simulated traffic through the ranking service: a day's feed, mall and live-feed requests from the simulated
 * users, timed along the day's traffic curve, and (for the score A/B) the users' response to what they were
 * shown under the simulator's latent truth (the same click and purchase model as the behaviour generator).
 */

export interface Rank {
  rank(r: RankRequest): Promise<RankResponse>;
}

export interface DriveOptions {
  day: string;
  timeZone: string;
  seed: number;
  users: readonly string[];
  feedRequests: number;
  liveRequests: number;
  /** Level-1 categories for mall-channel requests (a tenth of the product requests when given). */
  mallCategories?: readonly string[];
  pageSize?: number;
  livePageSize?: number;
  /** Share of each hour in the day's requests (default: the ranking settings' curve). */
  curve?: readonly number[];
  onPage?: (req: RankRequest, res: RankResponse) => void;
}

/** Request instants over a day: hours drawn by the curve, uniform within the hour, in time order. */
export function requestTimes(
  day: string,
  timeZone: string,
  n: number,
  curve: readonly number[],
  r: Rng,
): number[] {
  const start = dayStart(day, timeZone).getTime();
  const cum: number[] = [];
  let s = 0;
  for (const x of curve) {
    s += x;
    cum.push(s);
  }
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const u = r.next() * s;
    let h = 0;
    while (cum[h]! < u) h++;
    out[i] = start + (h + r.next()) * 3_600_000;
  }
  return out.sort((a, b) => a - b);
}

/** Runs a day of simulated requests through `ranker`, in time order; returns how many pages and items. */
export async function driveTraffic(ranker: Rank, o: DriveOptions): Promise<{ pages: number; items: number }> {
  const r = Rng.derive(o.seed, ['traffic', o.day]);
  const curve = o.curve ?? DEFAULT_SETTINGS.curve;
  const product = requestTimes(o.day, o.timeZone, o.feedRequests, curve, r).map((t) => ({ t, live: false }));
  const live = requestTimes(o.day, o.timeZone, o.liveRequests, curve, r).map((t) => ({ t, live: true }));
  const all = [...product, ...live].sort((a, b) => a.t - b.t);
  let items = 0;
  for (const [i, x] of all.entries()) {
    // Let the ranker's background work (lease refills, exposure flushes) run, as it does between the requests
    // of a real server: a loop of in-memory ranks never yields to the event loop on its own.
    if (i % 16 === 0) await tick();
    const userId = o.users[r.int(o.users.length)]!;
    const mall = !x.live && o.mallCategories?.length && r.chance(0.1);
    const req: RankRequest = x.live
      ? {
          scene: 'live_feed',
          userId,
          at: x.t,
          pageSize: o.livePageSize ?? 10,
          requestId: `sim-${o.day}-${i}`,
        }
      : mall
        ? {
            scene: 'mall',
            userId,
            categoryId: o.mallCategories![r.int(o.mallCategories!.length)]!,
            at: x.t,
            pageSize: o.pageSize ?? 20,
            requestId: `sim-${o.day}-${i}`,
          }
        : { scene: 'feed', userId, at: x.t, pageSize: o.pageSize ?? 20, requestId: `sim-${o.day}-${i}` };
    const res = await ranker.rank(req);
    items += res.items.length;
    o.onPage?.(req, res);
  }
  return { pages: all.length, items };
}

export interface Truth {
  /** Level-1 category order of the users' preference vectors. */
  l1: string[];
  users: Map<string, { pref: Float32Array; sens: number }>;
  products: Map<string, { q: number; pricePos: number; price: number; l1: number }>;
}

/** The latent truth the response model needs (the last simulation run). */
export async function loadTruth(db: Database): Promise<Truth> {
  const run = (
    await sql<{
      params: { l1?: { id: string }[] };
    }>`SELECT params FROM sim_runs ORDER BY id DESC LIMIT 1`.execute(db.kysely)
  ).rows[0];
  if (!run) throw new Error('no simulation run: the response model needs the latent truth');
  const l1 = (run.params.l1 ?? []).map((c) => c.id);
  const l1Index = new Map(l1.map((id, i) => [id, i]));
  const users = await sql<{ consumer_id: string; category_pref: number[]; price_sensitivity: number }>`
    SELECT consumer_id, category_pref, price_sensitivity FROM sim_users`.execute(db.kysely);
  const products = await sql<{
    product_id: string;
    quality: number;
    price_position: number;
    base_price: string;
    l1: string | null;
  }>`
    SELECT sp.product_id, sp.quality, sp.price_position, sp.base_price,
      (SELECT c2.parent_id FROM categories c JOIN categories c2 ON c2.id = c.parent_id WHERE c.id = sp.category_id) AS l1
    FROM sim_products sp`.execute(db.kysely);
  return {
    l1,
    users: new Map(
      users.rows.map((u) => [
        u.consumer_id,
        { pref: Float32Array.from(u.category_pref), sens: u.price_sensitivity },
      ]),
    ),
    products: new Map(
      products.rows.map((p) => [
        p.product_id,
        {
          q: p.quality,
          pricePos: p.price_position,
          price: Number(p.base_price),
          l1: l1Index.get(p.l1 ?? '') ?? -1,
        },
      ]),
    ),
  };
}

export interface Response {
  clicked: boolean;
  bought: boolean;
  refunded: boolean;
  gmv: number;
  /** The model's probabilities behind the draw: an exposure's expected GMV is pClick × pBuy × price. */
  pClick: number;
  pBuy: number;
  pRefund: number;
  price: number;
}

/**
 * A user's response to a product shown in a feed: click, then purchase, then a refund, with the behaviour
 * generator's probabilities (days.ts `show`, lifecycle.ts after-sales: quality refunds follow (1 − quality)²).
 */
export function respond(t: Truth, userId: string, productId: string, scene: string, r: Rng): Response {
  const u = t.users.get(userId);
  const p = t.products.get(productId);
  const none = {
    clicked: false,
    bought: false,
    refunded: false,
    gmv: 0,
    pClick: 0,
    pBuy: 0,
    pRefund: 0,
    price: 0,
  };
  if (!u || !p) return none;
  const match = 0.35 + 5 * (p.l1 >= 0 ? (u.pref[p.l1] ?? 0) : 0);
  const appeal = Math.exp(-MODEL.priceSlope * u.sens * (p.pricePos - 0.35));
  const pClick = Math.min(0.9, (MODEL.ctr[scene] ?? 0.017) * match * (0.6 + 0.8 * p.q) * Math.sqrt(appeal));
  const afford = (p.price / 10_000) ** -MODEL.affordability;
  const pBuy = Math.min(
    0.8,
    (MODEL.cvr[scene] ?? 0.06) * match * (0.35 + 1.3 * p.q) * appeal * afford * MODEL.cvrScale,
  );
  const pRefund = MODEL.qualityRefund * (1 - p.q) ** 2 + MODEL.qualityRefundFloor + MODEL.changedMind;
  const base = { pClick, pBuy, pRefund, price: p.price };
  if (!r.chance(pClick)) return { ...none, ...base };
  if (!r.chance(pBuy)) return { ...none, ...base, clicked: true };
  return { ...base, clicked: true, bought: true, refunded: r.chance(pRefund), gmv: p.price };
}
