/**
 * The ranker's in-memory view of the marketplace: listed products with their smoothed click and conversion
 * rates, score multipliers and indexes for candidate generation (category, store, title tokens, co-visitation,
 * popularity), and the live sessions of the window. Built from plain rows; rebuilt by the service when stale.
 */

export interface CatalogProduct {
  id: string;
  storeId: string;
  merchantId: string;
  /** Level-3 category and its ancestors. */
  categoryId: string;
  l2Id: string | null;
  l1Id: string | null;
  title: string;
  /** Category names (English and Chinese) are searchable too. */
  categoryText: string;
  /** Lowest SKU price, fen. */
  price: number;
  exposures: number;
  clicks: number;
  orders: number;
  /** Score multipliers (scoring linkage): the product's and its store's. */
  productMult: number;
  storeMult: number;
}

export interface CatalogStore {
  id: string;
  merchantId: string;
  name: string;
  /** Live hours and live GMV (fen) of the recent window: a room's value per hour on air. */
  liveHours: number;
  liveGmv: number;
  storeMult: number;
}

export interface CatalogSession {
  id: string;
  storeId: string;
  hostType: 'self' | 'agency' | 'creator';
  creatorId: string | null;
  startMs: number;
  endMs: number | null;
}

export interface CovisitRow {
  productId: string;
  neighbors: string[];
  weights: number[];
}

export interface Catalog {
  builtAt: number;
  n: number;
  ids: string[];
  index: Map<string, number>;
  store: Int32Array;
  cat: string[];
  l2: (string | null)[];
  l1: (string | null)[];
  price: Float64Array;
  ctr: Float32Array;
  cvr: Float32Array;
  /** Expected GMV (fen) per exposure: ctr × cvr × price. */
  value: Float32Array;
  productMult: Float32Array;
  storeMult: Float32Array;
  stores: CatalogStore[];
  storeIndex: Map<string, number>;
  /** Products of a category at any level, best value first (capped). */
  byCategory: Map<string, Int32Array>;
  /** Products of a store, best value first. */
  byStore: Int32Array[];
  /** Most ordered and clicked products, best first (capped). */
  popular: Int32Array;
  /** Title and category-name tokens → products, best value first (capped). */
  tokens: Map<string, Int32Array>;
  covisit: Map<number, { n: Int32Array; w: Float32Array }>;
  /** Level-1 category of each level-3 category with products. */
  l1Of: Map<string, string>;
  /** Live value per hour on air (fen), smoothed toward the platform's. */
  liveValue: Float64Array;
  sessions: CatalogSession[];
}

export interface CatalogLimits {
  ctrStrength: number;
  cvrStrength: number;
  /** Products kept per category, per token and in the popular list. */
  perList: number;
}

const CJK = /[\u3400-\u9fff]/;

/** Lower-case word tokens; runs of Chinese characters give their characters' bigrams (and single characters). */
export function tokenize(text: string): string[] {
  const out = new Set<string>();
  for (const part of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!part) continue;
    if (!CJK.test(part)) {
      if (part.length > 1) out.add(part);
      continue;
    }
    const chars = [...part];
    for (let i = 0; i < chars.length; i++) {
      out.add(chars[i]!);
      if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...out];
}

function ranked(list: number[], value: Float32Array, cap: number): Int32Array {
  list.sort((a, b) => value[b]! - value[a]! || a - b);
  return Int32Array.from(list.length > cap ? list.slice(0, cap) : list);
}

export function buildCatalog(
  products: readonly CatalogProduct[],
  stores: readonly CatalogStore[],
  sessions: readonly CatalogSession[],
  covisit: readonly CovisitRow[],
  lim: CatalogLimits,
  now = Date.now(),
): Catalog {
  const n = products.length;
  const storeIndex = new Map(stores.map((s, i) => [s.id, i]));
  const ids = products.map((p) => p.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const store = new Int32Array(n);
  const price = new Float64Array(n);
  const ctr = new Float32Array(n);
  const cvr = new Float32Array(n);
  const value = new Float32Array(n);
  const productMult = new Float32Array(n);
  const storeMult = new Float32Array(n);

  // Priors per level-1 category: its products' pooled rates (platform-wide when it has no traffic yet).
  const pool = new Map<string, { e: number; c: number; o: number }>();
  const all = { e: 0, c: 0, o: 0 };
  for (const p of products) {
    const k = p.l1Id ?? p.categoryId;
    const a = pool.get(k) ?? { e: 0, c: 0, o: 0 };
    a.e += p.exposures;
    a.c += p.clicks;
    a.o += p.orders;
    pool.set(k, a);
    all.e += p.exposures;
    all.c += p.clicks;
    all.o += p.orders;
  }
  const rate = (num: number, den: number, fallback: number) => (den > 0 && num > 0 ? num / den : fallback);
  const ctrAll = rate(all.c, all.e, 0.02);
  const cvrAll = rate(all.o, all.c, 0.05);

  products.forEach((p, i) => {
    const s = storeIndex.get(p.storeId);
    if (s === undefined) throw new Error(`product ${p.id}: store ${p.storeId} is not in the catalog`);
    store[i] = s;
    price[i] = p.price;
    const a = pool.get(p.l1Id ?? p.categoryId)!;
    const c0 = rate(a.c, a.e, ctrAll);
    const v0 = rate(a.o, a.c, cvrAll);
    ctr[i] = (p.clicks + lim.ctrStrength * c0) / (p.exposures + lim.ctrStrength);
    cvr[i] = (p.orders + lim.cvrStrength * v0) / (p.clicks + lim.cvrStrength);
    value[i] = ctr[i]! * cvr[i]! * p.price;
    productMult[i] = p.productMult;
    storeMult[i] = p.storeMult;
  });

  const groups = new Map<string, number[]>();
  const add = (k: string | null, i: number) => {
    if (k === null) return;
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  };
  const byStoreLists: number[][] = stores.map(() => []);
  const tokenLists = new Map<string, number[]>();
  products.forEach((p, i) => {
    add(p.categoryId, i);
    add(p.l2Id, i);
    add(p.l1Id, i);
    byStoreLists[store[i]!]!.push(i);
    for (const t of tokenize(`${p.title} ${p.categoryText}`)) {
      const l = tokenLists.get(t);
      if (l) l.push(i);
      else tokenLists.set(t, [i]);
    }
  });
  const byCategory = new Map<string, Int32Array>();
  for (const [k, l] of groups) byCategory.set(k, ranked(l, value, lim.perList));
  const tokens = new Map<string, Int32Array>();
  for (const [k, l] of tokenLists) tokens.set(k, ranked(l, value, lim.perList));
  const byStore = byStoreLists.map((l) => ranked(l, value, Number.MAX_SAFE_INTEGER));

  const pop = new Float32Array(n);
  products.forEach((p, i) => {
    pop[i] = p.orders * 20 + p.clicks;
  });
  const popular = ranked(
    Array.from({ length: n }, (_, i) => i).filter((i) => pop[i]! > 0),
    pop,
    lim.perList,
  );

  const co = new Map<number, { n: Int32Array; w: Float32Array }>();
  for (const r of covisit) {
    const i = index.get(r.productId);
    if (i === undefined) continue;
    const keep: number[] = [];
    const w: number[] = [];
    r.neighbors.forEach((id, k) => {
      const j = index.get(id);
      if (j !== undefined) {
        keep.push(j);
        w.push(r.weights[k] ?? 1);
      }
    });
    if (keep.length) co.set(i, { n: Int32Array.from(keep), w: Float32Array.from(w) });
  }

  // A room's value per live hour, smoothed toward the platform's with the weight of two hours on air.
  let lh = 0;
  let lg = 0;
  for (const s of stores) {
    lh += s.liveHours;
    lg += s.liveGmv;
  }
  const perHour = lh > 0 ? lg / lh : 0;
  const liveValue = Float64Array.from(stores, (s) => (s.liveGmv + 2 * perHour) / (s.liveHours + 2));

  return {
    builtAt: now,
    n,
    ids,
    index,
    store,
    cat: products.map((p) => p.categoryId),
    l2: products.map((p) => p.l2Id),
    l1: products.map((p) => p.l1Id),
    price,
    ctr,
    cvr,
    value,
    productMult,
    storeMult,
    stores: [...stores],
    storeIndex,
    byCategory,
    byStore,
    popular,
    tokens,
    covisit: co,
    l1Of: new Map(products.filter((p) => p.l1Id).map((p) => [p.categoryId, p.l1Id!])),
    liveValue,
    sessions: [...sessions].sort((a, b) => a.startMs - b.startMs),
  };
}

/** Sessions on air at `t`: started, not ended (a session without an end is on air for at most 12 hours). */
export function onAir(c: Catalog, t: number): CatalogSession[] {
  const out: CatalogSession[] = [];
  const ss = c.sessions;
  // Sessions are sorted by start; none runs longer than MAX_SESSION_MS, so start the scan there.
  let lo = 0;
  let hi = ss.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ss[mid]!.startMs < t - MAX_SESSION_MS) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < ss.length; i++) {
    const s = ss[i]!;
    if (s.startMs > t) break;
    const end = Math.min(s.endMs ?? Number.POSITIVE_INFINITY, s.startMs + MAX_SESSION_MS);
    if (end > t) out.push(s);
  }
  return out;
}

/** A session is on air for at most this long (one that never reported its end stops counting). */
export const MAX_SESSION_MS = 12 * 3_600_000;
