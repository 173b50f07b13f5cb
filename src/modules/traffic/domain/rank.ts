import type { Catalog, CatalogSession } from './catalog.ts';
import { tokenize } from './catalog.ts';

/**
 * Ranking, pure: candidate generation for a scene, the score of each candidate (expected GMV per exposure ×
 * relevance × affinity × score multipliers × program boosts), a page under the diversity rules, and program
 * slots filled with the items pacing asked for.
 */

export const SOURCES = [
  'supplied',
  'query',
  'category',
  'covisit',
  'affinity',
  'popular',
  'store',
  'live',
] as const;
export type Source = (typeof SOURCES)[number];
const BIT = Object.fromEntries(SOURCES.map((s, i) => [s, 1 << i])) as Record<Source, number>;

export const sourcesOf = (bits: number): Source[] => SOURCES.filter((s) => bits & BIT[s]);

export interface Affinity {
  /** Category id (any level) → share of the user's recent interest, 0..1. */
  categories: Map<string, number>;
  /** Products the user viewed lately, most recent first. */
  recent: string[];
}

export interface ProductRequest {
  scene: 'feed' | 'search' | 'mall' | 'detail' | 'store';
  query?: string;
  categoryId?: string;
  productId?: string;
  storeId?: string;
  /** Candidates supplied by the caller (an upstream recall): ranked as given, nothing else is added. */
  candidateIds?: readonly string[];
  affinity?: Affinity | null;
  max: number;
}

export interface Candidates {
  n: number;
  idx: Int32Array;
  src: Uint16Array;
  /** Relevance to the request (query match share, co-visitation strength); 1 when the scene has no notion of it. */
  rel: Float32Array;
}

class Collector {
  idx: Int32Array;
  src: Uint16Array;
  rel: Float32Array;
  n = 0;
  private at = new Map<number, number>();
  constructor(readonly max: number) {
    this.idx = new Int32Array(max);
    this.src = new Uint16Array(max);
    this.rel = new Float32Array(max);
  }
  get full() {
    return this.n >= this.max;
  }
  add(i: number, s: Source, rel = 1): void {
    const k = this.at.get(i);
    if (k !== undefined) {
      this.src[k]! |= BIT[s];
      if (rel > this.rel[k]!) this.rel[k] = rel;
      return;
    }
    if (this.n >= this.max) return;
    this.at.set(i, this.n);
    this.idx[this.n] = i;
    this.src[this.n] = BIT[s];
    this.rel[this.n] = rel;
    this.n++;
  }
  has(i: number) {
    return this.at.has(i);
  }
  take(list: Int32Array | undefined, s: Source, limit: number, skip = -1): void {
    if (!list) return;
    let k = 0;
    for (let j = 0; j < list.length && k < limit && !this.full; j++) {
      const i = list[j]!;
      if (i === skip) continue;
      this.add(i, s);
      k++;
    }
  }
  done(): Candidates {
    return { n: this.n, idx: this.idx, src: this.src, rel: this.rel };
  }
}

/** Candidates of a product scene, at most `max`. */
export function productCandidates(c: Catalog, r: ProductRequest): Candidates {
  const col = new Collector(Math.max(1, r.max));
  if (r.candidateIds) {
    for (const id of r.candidateIds) {
      const i = c.index.get(id);
      if (i !== undefined) col.add(i, 'supplied');
    }
    return col.done();
  }
  switch (r.scene) {
    case 'search': {
      const toks = tokenize(r.query ?? '');
      if (!toks.length) return col.done();
      const hits = new Map<number, number>();
      for (const t of toks) for (const i of c.tokens.get(t) ?? []) hits.set(i, (hits.get(i) ?? 0) + 1);
      const need = Math.max(1, Math.ceil(toks.length / 2));
      const matched = [...hits].filter(([, h]) => h >= need);
      matched.sort((a, b) => b[1] - a[1] || c.value[b[0]]! - c.value[a[0]]!);
      for (const [i, h] of matched) {
        if (col.full) break;
        col.add(i, 'query', h / toks.length);
      }
      break;
    }
    case 'mall':
      col.take(
        r.categoryId ? c.byCategory.get(r.categoryId) : c.popular,
        r.categoryId ? 'category' : 'popular',
        r.max,
      );
      break;
    case 'store': {
      const s = r.storeId === undefined ? undefined : c.storeIndex.get(r.storeId);
      if (s !== undefined) col.take(c.byStore[s], 'store', r.max);
      break;
    }
    case 'detail': {
      const p = r.productId === undefined ? undefined : c.index.get(r.productId);
      if (p === undefined) break;
      const co = c.covisit.get(p);
      if (co) {
        let top = 0;
        for (const w of co.w) top = Math.max(top, w);
        for (let k = 0; k < co.n.length; k++) col.add(co.n[k]!, 'covisit', 1 + co.w[k]! / (top || 1));
      }
      col.take(c.byCategory.get(c.cat[p]!), 'category', r.max, p);
      col.take(c.byStore[c.store[p]!], 'store', 20, p);
      break;
    }
    case 'feed': {
      const a = r.affinity;
      if (a) {
        for (const id of a.recent.slice(0, 5)) {
          const p = c.index.get(id);
          const co = p === undefined ? undefined : c.covisit.get(p);
          if (co) for (let k = 0; k < co.n.length && k < 20; k++) col.add(co.n[k]!, 'covisit');
        }
        // Categories in proportion to interest: most of the page from what the user likes.
        const cats = [...a.categories].filter(([id]) => c.byCategory.has(id)).sort((x, y) => y[1] - x[1]);
        const budget = Math.floor(r.max * 0.7);
        for (const [id, share] of cats.slice(0, 8))
          col.take(c.byCategory.get(id), 'affinity', Math.ceil(budget * share));
      }
      col.take(c.popular, 'popular', r.max);
      break;
    }
  }
  return col.done();
}

export interface ScoreOptions {
  arm: 'score' | 'holdout';
  affinity?: Affinity | null;
  affinityWeight: number;
  /** Program boosts by store index (new-streamer protection multiplies a protected store's score). */
  storeBoost?: ReadonlyMap<number, number>;
}

export interface Scored {
  score: Float64Array;
  affinity: Float32Array;
  mult: Float32Array;
  boost: Float32Array;
}

/** The score of each candidate: value × relevance × (1 + w × affinity) × multipliers × boost. */
export function scoreProducts(c: Catalog, cs: Candidates, o: ScoreOptions): Scored {
  const score = new Float64Array(cs.n);
  const aff = new Float32Array(cs.n);
  const mult = new Float32Array(cs.n);
  const boost = new Float32Array(cs.n);
  const cats = o.affinity?.categories;
  for (let k = 0; k < cs.n; k++) {
    const i = cs.idx[k]!;
    let a = 0;
    if (cats?.size) {
      const l1 = c.l1[i];
      a = Math.max(cats.get(c.cat[i]!) ?? 0, 0.5 * (l1 ? (cats.get(l1) ?? 0) : 0));
    }
    const m = o.arm === 'score' ? c.productMult[i]! * c.storeMult[i]! : 1;
    const b = o.storeBoost?.get(c.store[i]!) ?? 1;
    aff[k] = a;
    mult[k] = m;
    boost[k] = b;
    score[k] = c.value[i]! * cs.rel[k]! * (1 + o.affinityWeight * a) * m * b;
  }
  return { score, affinity: aff, mult, boost };
}

export interface LiveScored {
  sessions: CatalogSession[];
  store: Int32Array;
  score: Float64Array;
  mult: Float32Array;
  boost: Float32Array;
}

/** Rooms on air scored by their value per hour × the store's score multiplier × program boosts. */
export function scoreLive(c: Catalog, sessions: CatalogSession[], o: ScoreOptions): LiveScored {
  const n = sessions.length;
  const store = new Int32Array(n);
  const score = new Float64Array(n);
  const mult = new Float32Array(n);
  const boost = new Float32Array(n);
  sessions.forEach((s, k) => {
    const i = c.storeIndex.get(s.storeId) ?? -1;
    store[k] = i;
    const m = o.arm === 'score' && i >= 0 ? c.stores[i]!.storeMult : 1;
    const b = (i >= 0 && o.storeBoost?.get(i)) || 1;
    mult[k] = m;
    boost[k] = b;
    score[k] = (i >= 0 ? c.liveValue[i]! : 0) * m * b;
  });
  return { sessions, store, score, mult, boost };
}

/**
 * Picks a page from scored candidates: best first, at most `maxPerStore` items of a store, never the same store
 * twice in a row while another store can take the place (a skipped item waits for the next place).
 * Returns candidate positions.
 */
export function selectPage(
  score: Float64Array,
  storeOf: (k: number) => number,
  n: number,
  pageSize: number,
  maxPerStore: number,
): number[] {
  // Best first, lazily: a page reads a few dozen candidates of the thousand, so a heap beats a full sort.
  const order = new BestFirst(score, n);
  const page: number[] = [];
  const count = new Map<number, number>();
  const waiting: number[] = [];
  let last = -2;
  const fits = (k: number) => (count.get(storeOf(k)) ?? 0) < maxPerStore;
  while (page.length < pageSize) {
    let pick = -1;
    for (let w = 0; w < waiting.length; w++) {
      const k = waiting[w]!;
      if (storeOf(k) !== last && fits(k)) {
        pick = k;
        waiting.splice(w, 1);
        break;
      }
    }
    while (pick < 0 && order.size > 0) {
      const k = order.pop();
      if (!fits(k)) continue;
      if (storeOf(k) === last) waiting.push(k);
      else pick = k;
    }
    if (pick < 0) {
      // Only the last store is left: adjacency gives way rather than leaving the page short.
      const w = waiting.findIndex(fits);
      if (w < 0) break;
      pick = waiting.splice(w, 1)[0]!;
    }
    page.push(pick);
    const s = storeOf(pick);
    count.set(s, (count.get(s) ?? 0) + 1);
    last = s;
  }
  return page;
}

/** Candidate positions in order of score (higher first; ties by position), popped one at a time. */
class BestFirst {
  private heap: Int32Array;
  size: number;
  constructor(
    private readonly score: Float64Array,
    n: number,
  ) {
    this.heap = new Int32Array(n);
    for (let k = 0; k < n; k++) this.heap[k] = k;
    this.size = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.down(i);
  }
  private before(a: number, b: number): boolean {
    const d = this.score[a]! - this.score[b]!;
    return d > 0 || (d === 0 && a < b);
  }
  private down(i: number): void {
    const h = this.heap;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && this.before(h[r]!, h[l]!) ? r : l;
      if (!this.before(h[c]!, h[i]!)) return;
      const t = h[i]!;
      h[i] = h[c]!;
      h[c] = t;
      i = c;
    }
  }
  pop(): number {
    const top = this.heap[0]!;
    this.heap[0] = this.heap[--this.size]!;
    this.down(0);
    return top;
  }
}

export interface SlotOffer {
  programId: string;
  kind: string;
  /** The participant's key in the quota book. */
  key: string;
  /** Catalog product index or live session index (the scene decides). */
  item: number;
  store: number;
}

export interface Placed {
  item: number;
  store: number;
  /** Candidate position when ranked organically, -1 for a program slot. */
  cand: number;
  offer?: SlotOffer;
}

/**
 * Puts program items at the slot positions (ascending), first offer first, shifting organic items down; an
 * offer whose item is already on the page is skipped (it is shown anyway). The page keeps its size.
 */
export function placeSlots(
  page: Placed[],
  offers: readonly SlotOffer[],
  slots: readonly number[],
  pageSize: number,
): Placed[] {
  if (!offers.length || !slots.length) return page;
  const out = [...page];
  const shown = new Set(out.map((p) => p.item));
  const positions = [...slots].sort((a, b) => a - b);
  let o = 0;
  for (const pos of positions) {
    while (o < offers.length && shown.has(offers[o]!.item)) o++;
    if (o >= offers.length) break;
    const offer = offers[o++]!;
    const at = Math.min(pos, out.length);
    out.splice(at, 0, { item: offer.item, store: offer.store, cand: -1, offer });
    shown.add(offer.item);
  }
  return out.slice(0, pageSize);
}
