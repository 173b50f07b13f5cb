/**
 * Creator–store matching (docs/matching.md): the in-memory index as plain typed arrays, the five features, their
 * weights, one scoring pass over every creator with a bounded top-k heap, and the explanation of each pick.
 * Pure: the loader (match.repo.ts) fills the index from observed data only (orders, follows, sessions, events,
 * scores, plans), never from the simulator's latent truth.
 */

export const MATCH_FEATURES = [
  'category_fit',
  'audience_overlap',
  'word_of_mouth',
  'gpm_history',
  'commission',
  'reach',
] as const;
export type MatchFeature = (typeof MATCH_FEATURES)[number];

/**
 * The weights of the normalized features (each 0..1); they sum to 1, so a score is 0..1. Tuned in the simulator
 * on seed 7 of the small evaluation world only (bench/live/tune-match.ts: every set on a 0.05 grid with each
 * weight ≥ 0.05, the mean of the 50 best by the smaller Welch t of raw and store-relative GMV per session,
 * rounded) and validated on seeds 11, 13 and 3 (docs/matching.md). Session GMV follows reach — how many people
 * a creator's session draws — far more than sales per view, hence reach's weight.
 */
export const WEIGHTS: Readonly<Record<MatchFeature, number>> = {
  category_fit: 0.15,
  audience_overlap: 0.05,
  word_of_mouth: 0.15,
  gpm_history: 0.05,
  commission: 0.15,
  reach: 0.45,
};

export const PARAMS = {
  /** Category fit: this part for declaring the category, the rest for the share of attributed GMV in it. */
  declaredPart: 0.5,
  /** Audience overlap is normalized by the best creator's share for the store, but never by less than this. */
  overlapFloor: 0.01,
  /** GPM and views-per-session smoothing: the category mean counts as this many average sessions of it. */
  priorSessions: 2,
  /** Reach: this part for followers against the category's typical creator, the rest for views per session. */
  followersPart: 0.5,
  /** Commission: this rate (bp) and above normalize to 1. */
  rateCapBp: 3000,
  /** A store's buyers are those of the last this many days (as of the index's day). */
  buyerDays: 90,
} as const;

/** Word of mouth without a score counts as the middle of the 3.00–5.00 scale. */
const WOM_MISSING = 0.5;

/** Compressed sparse rows: the items of row r are items[start[r] .. start[r + 1]). */
export interface Csr {
  start: Int32Array;
  items: Int32Array;
}

export interface MatchIndex {
  /** Business day the index describes (data up to its end). */
  asOf: string;
  builtAt: number;
  l1Ids: string[];
  /** Any category id → index of its level-1 ancestor. */
  l1Of: Map<string, number>;
  creators: {
    ids: string[];
    index: Map<string, number>;
    names: string[];
    categories: string[][];
    followers: Int32Array;
    /** n × L: 1 when the creator declares the level-1 category. */
    declared: Uint8Array;
    /** n × L: share of the creator's attributed GMV in each level-1 category. */
    soldShare: Float32Array;
    /** Word-of-mouth score 3.00–5.00, NaN without one. */
    wom: Float32Array;
    sessions: Int32Array;
    views: Float64Array;
    gmv: Float64Array;
    /** Merchant of an active exclusive plan naming the creator, or null. */
    exclusive: (string | null)[];
  };
  /** Consumer → creators it follows or bought through. */
  audience: Csr;
  /** Store → its buyers of the last PARAMS.buyerDays days; consumer → stores it bought from. */
  storeBuyers: Csr;
  consumerStores: Csr;
  consumers: number;
  stores: { ids: string[]; index: Map<string, number>; merchant: string[]; l1: Int16Array };
  /** Per level-1 category (of the session's store): creator-hosted sessions, their views and GMV. */
  prior: { sessions: Float64Array; views: Float64Array; gmv: Float64Array };
  /**
   * Per level-1 category, the typical followers of the creators declaring it (geometric mean of 1 + followers,
   * minus 1); index L (one past the last category) holds all creators'.
   */
  typicalFollowers: Float64Array;
  /** Per merchant: the best rate of its active open plans, and better rates of plans naming a creator. */
  rates: Map<string, { open: number; byCreator: Map<number, number> }>;
}

// ---------------------------------------------------------------- building

export interface RawMatchData {
  asOf: string;
  categories: { id: string; l1: string }[];
  creators: { id: string; name: string; followers: number; categories: string[] }[];
  /** Attributed GMV per creator and level-1 category. */
  sales: { creatorId: string; l1: string; gmv: number }[];
  /** Sessions hosted by a creator, per creator and level-1 category of the store. */
  sessions: { creatorId: string; l1: string | null; sessions: number; views: number; gmv: number }[];
  wom: { creatorId: string; score: number }[];
  exclusive: { creatorId: string; merchantId: string }[];
  /** Per consumer: the creators it follows or bought through. */
  audience: { consumerId: string; creatorIds: string[] }[];
  /** Per consumer: the stores it bought from in the buyer window. */
  purchases: { consumerId: string; storeIds: string[] }[];
  stores: { id: string; merchantId: string; l1: string | null }[];
  /** Active plans: the best base rate each offers (its default, or its best product rate), and whom it names. */
  plans: {
    merchantId: string;
    kind: 'open' | 'targeted' | 'exclusive';
    creatorId: string | null;
    rateBp: number;
  }[];
}

/** CSR from rows of (row, item) given as per-row lists; duplicate items in a row are kept once. */
function csr(rows: number, lists: [number, Int32Array | number[]][]): Csr {
  const count = new Int32Array(rows + 1);
  for (const [r, xs] of lists) count[r + 1]! += xs.length;
  for (let r = 0; r < rows; r++) count[r + 1] = count[r + 1]! + count[r]!;
  const items = new Int32Array(count[rows]!);
  const fill = count.slice(0, rows);
  for (const [r, xs] of lists) for (const x of xs) items[fill[r]!++] = x;
  return { start: count, items };
}

export function buildMatchIndex(raw: RawMatchData, builtAt: number): MatchIndex {
  const l1Ids = [...new Set(raw.categories.map((c) => c.l1))].sort();
  const l1Index = new Map(l1Ids.map((id, i) => [id, i]));
  const l1Of = new Map(raw.categories.map((c) => [c.id, l1Index.get(c.l1)!]));
  const L = l1Ids.length;

  const cr = [...raw.creators].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = cr.length;
  const index = new Map(cr.map((c, i) => [c.id, i]));
  const declared = new Uint8Array(n * L);
  cr.forEach((c, i) => {
    for (const cat of c.categories) {
      const l = l1Of.get(cat);
      if (l !== undefined) declared[i * L + l] = 1;
    }
  });
  const soldShare = new Float32Array(n * L);
  const soldTotal = new Float64Array(n);
  for (const s of raw.sales) {
    const i = index.get(s.creatorId);
    const l = l1Index.get(s.l1);
    if (i === undefined || l === undefined || s.gmv <= 0) continue;
    soldShare[i * L + l]! += s.gmv;
    soldTotal[i]! += s.gmv;
  }
  for (let i = 0; i < n; i++)
    if (soldTotal[i]! > 0)
      for (let l = 0; l < L; l++) soldShare[i * L + l] = soldShare[i * L + l]! / soldTotal[i]!;

  const sessions = new Int32Array(n);
  const views = new Float64Array(n);
  const gmv = new Float64Array(n);
  const prior = { sessions: new Float64Array(L), views: new Float64Array(L), gmv: new Float64Array(L) };
  for (const s of raw.sessions) {
    const i = index.get(s.creatorId);
    if (i === undefined) continue;
    sessions[i]! += s.sessions;
    views[i]! += s.views;
    gmv[i]! += s.gmv;
    const l = s.l1 === null ? undefined : l1Index.get(s.l1);
    if (l !== undefined) {
      prior.sessions[l]! += s.sessions;
      prior.views[l]! += s.views;
      prior.gmv[l]! += s.gmv;
    }
  }
  // Followers are heavy-tailed: the typical creator is the geometric mean, not the arithmetic one.
  const logSum = new Float64Array(L + 1);
  const logCount = new Float64Array(L + 1);
  cr.forEach((c, i) => {
    const lf = Math.log1p(Math.max(0, c.followers));
    logSum[L]! += lf;
    logCount[L]! += 1;
    for (let l = 0; l < L; l++)
      if (declared[i * L + l]) {
        logSum[l]! += lf;
        logCount[l]! += 1;
      }
  });
  const typicalFollowers = Float64Array.from(logSum, (x, l) =>
    logCount[l]! > 0 ? Math.expm1(x / logCount[l]!) : 0,
  );
  const wom = new Float32Array(n).fill(Number.NaN);
  for (const w of raw.wom) {
    const i = index.get(w.creatorId);
    if (i !== undefined) wom[i] = w.score;
  }
  const exclusive: (string | null)[] = new Array(n).fill(null);
  for (const e of raw.exclusive) {
    const i = index.get(e.creatorId);
    if (i !== undefined) exclusive[i] = e.merchantId;
  }

  const stores = [...raw.stores].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const storeIndex = new Map(stores.map((s, i) => [s.id, i]));
  const storeL1 = Int16Array.from(stores, (s) => (s.l1 === null ? -1 : (l1Index.get(s.l1) ?? -1)));

  // Consumers are numbered as they appear; only those with an audience edge or a purchase matter.
  const consumerIndex = new Map<string, number>();
  const cons = (id: string) => {
    let k = consumerIndex.get(id);
    if (k === undefined) {
      k = consumerIndex.size;
      consumerIndex.set(id, k);
    }
    return k;
  };
  const aud: [number, number[]][] = [];
  for (const a of raw.audience) {
    const xs = [...new Set(a.creatorIds)].map((id) => index.get(id)).filter((x) => x !== undefined);
    if (xs.length) aud.push([cons(a.consumerId), xs]);
  }
  const buys: [number, number[]][] = [];
  for (const p of raw.purchases) {
    const xs = [...new Set(p.storeIds)].map((id) => storeIndex.get(id)).filter((x) => x !== undefined);
    if (xs.length) buys.push([cons(p.consumerId), xs]);
  }
  const C = consumerIndex.size;
  const consumerStores = csr(C, buys);
  // The transpose: store → buyers.
  const byStore: number[][] = stores.map(() => []);
  for (const [c, xs] of buys) for (const s of xs) byStore[s]!.push(c);
  const storeBuyers = csr(
    stores.length,
    byStore.map((xs, s) => [s, xs]),
  );
  const rates = new Map<string, { open: number; byCreator: Map<number, number> }>();
  for (const p of raw.plans) {
    let r = rates.get(p.merchantId);
    if (!r) {
      r = { open: 0, byCreator: new Map() };
      rates.set(p.merchantId, r);
    }
    if (p.kind === 'open') r.open = Math.max(r.open, p.rateBp);
    else if (p.creatorId !== null) {
      const i = index.get(p.creatorId);
      if (i !== undefined) r.byCreator.set(i, Math.max(r.byCreator.get(i) ?? 0, p.rateBp));
    }
  }
  // A creator's own plan counts only where it beats the open rate.
  for (const r of rates.values()) for (const [i, bp] of r.byCreator) if (bp <= r.open) r.byCreator.delete(i);
  return {
    asOf: raw.asOf,
    builtAt,
    rates,
    l1Ids,
    l1Of,
    creators: {
      ids: cr.map((c) => c.id),
      index,
      names: cr.map((c) => c.name),
      categories: cr.map((c) => c.categories),
      followers: Int32Array.from(cr, (c) => c.followers),
      declared,
      soldShare,
      wom,
      sessions,
      views,
      gmv,
      exclusive,
    },
    audience: csr(C, aud),
    storeBuyers,
    consumerStores,
    consumers: C,
    stores: {
      ids: stores.map((s) => s.id),
      index: storeIndex,
      merchant: stores.map((s) => s.merchantId),
      l1: storeL1,
    },
    prior,
    typicalFollowers,
  };
}

// ---------------------------------------------------------------- features

/** Category fit 0..1 of creator i for level-1 category l (−1: none). */
export function categoryFit(ix: MatchIndex, i: number, l: number): number {
  if (l < 0) return 0;
  const L = ix.l1Ids.length;
  return (
    PARAMS.declaredPart * ix.creators.declared[i * L + l]! +
    (1 - PARAMS.declaredPart) * ix.creators.soldShare[i * L + l]!
  );
}

/** The category's mean GPM (fen per 1,000 views) and average views per session; all categories when l < 0. */
export function categoryPrior(ix: MatchIndex, l: number): { gpm: number; viewsPerSession: number } {
  const p = ix.prior;
  let s = 0;
  let v = 0;
  let g = 0;
  if (l >= 0 && p.sessions[l]! > 0) {
    s = p.sessions[l]!;
    v = p.views[l]!;
    g = p.gmv[l]!;
  } else
    for (let k = 0; k < p.sessions.length; k++) {
      s += p.sessions[k]!;
      v += p.views[k]!;
      g += p.gmv[k]!;
    }
  return { gpm: v > 0 ? (g * 1000) / v : 0, viewsPerSession: s > 0 ? v / s : 0 };
}

/**
 * Smoothed GPM: (GMV + m·μ) / (views + m) × 1000 with μ the category's GMV per view and m the views of
 * PARAMS.priorSessions average sessions of the category — one lucky session moves it only part of the way.
 */
export function smoothedGpm(gmv: number, views: number, prior: { gpm: number; viewsPerSession: number }) {
  const m = PARAMS.priorSessions * prior.viewsPerSession;
  if (views + m <= 0) return prior.gpm;
  return ((gmv + (m * prior.gpm) / 1000) / (views + m)) * 1000;
}

/** The typical followers of the category's creators (all creators' when l < 0 or nobody declares it). */
export function typicalFollowers(ix: MatchIndex, l: number): number {
  const t = ix.typicalFollowers;
  const L = t.length - 1;
  return l >= 0 && l < L && t[l]! > 0 ? t[l]! : t[L]!;
}

/** Smoothed views per session: (views + m·ν) / (sessions + m), ν the category's, m = PARAMS.priorSessions. */
export function smoothedViews(views: number, sessions: number, viewsPerSession: number): number {
  const m = PARAMS.priorSessions;
  return (views + m * viewsPerSession) / (sessions + m);
}

/**
 * Reach 0..1: the followers part × followers ÷ (followers + the category's typical) plus the rest × smoothed
 * views per session ÷ (that + the category's views per session) — each half 0.5 at the category's typical.
 */
export function reachNorm(
  followers: number,
  typical: number,
  views: number,
  viewsPerSession: number,
): number {
  const a = followers + typical > 0 ? followers / (followers + typical) : 0.5;
  const b = views + viewsPerSession > 0 ? views / (views + viewsPerSession) : 0.5;
  return PARAMS.followersPart * a + (1 - PARAMS.followersPart) * b;
}

/** 0.5 at the category mean, towards 1 above it, towards 0 below. */
export const gpmNorm = (gpm: number, mean: number) => (gpm + mean > 0 ? gpm / (gpm + mean) : 0.5);
export const womNorm = (score: number) =>
  Number.isNaN(score) ? WOM_MISSING : Math.min(1, Math.max(0, (score - 3) / 2));
export const rateNorm = (bp: number) => Math.min(1, Math.max(0, bp / PARAMS.rateCapBp));
export const overlapNorm = (share: number, best: number) =>
  share <= 0 ? 0 : Math.min(1, share / Math.max(best, PARAMS.overlapFloor));

// ---------------------------------------------------------------- top-k

/** A bounded min-heap of (score, id): keeps the k best, ties to the lower id. */
export class TopK {
  readonly score: Float64Array;
  readonly id: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.score = new Float64Array(k);
    this.id = new Int32Array(k);
  }
  /** a is worse than b */
  private worse(a: number, b: number) {
    const sa = this.score[a]!;
    const sb = this.score[b]!;
    return sa < sb || (sa === sb && this.id[a]! > this.id[b]!);
  }
  private swap(a: number, b: number) {
    const s = this.score[a]!;
    this.score[a] = this.score[b]!;
    this.score[b] = s;
    const i = this.id[a]!;
    this.id[a] = this.id[b]!;
    this.id[b] = i;
  }
  push(score: number, id: number) {
    if (this.k === 0) return;
    if (this.size < this.k) {
      let j = this.size++;
      this.score[j] = score;
      this.id[j] = id;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (!this.worse(j, p)) break;
        this.swap(j, p);
        j = p;
      }
      return;
    }
    const s0 = this.score[0]!;
    if (score < s0 || (score === s0 && id > this.id[0]!)) return;
    this.score[0] = score;
    this.id[0] = id;
    let j = 0;
    for (;;) {
      const l = 2 * j + 1;
      const r = l + 1;
      let m = j;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === j) break;
      this.swap(j, m);
      j = m;
    }
  }
  /** Best first. */
  sorted(): { score: number; id: number }[] {
    const out = Array.from({ length: this.size }, (_, k) => ({ score: this.score[k]!, id: this.id[k]! }));
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }
}

// ---------------------------------------------------------------- scoring

export interface Reason {
  code: MatchFeature;
  /** The feature's raw value (see docs/matching.md for units). */
  value: number | null;
  weight: number;
  /** weight × normalized value; the contributions of an item sum to its score. */
  contribution: number;
  text: string;
}

export interface PairFacts {
  fit: number;
  overlapShare: number;
  overlapCount: number;
  buyers: number;
  overlapBest: number;
  rateBp: number;
  l1: number;
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const pct = (x: number, d = 1) => `${(x * 100).toFixed(d)}%`;

/** The pair's reasons and score (the sum of the rounded contributions). */
export function explainPair(
  ix: MatchIndex,
  i: number,
  f: PairFacts,
  weights: Readonly<Record<MatchFeature, number>> = WEIGHTS,
): { score: number; reasons: Reason[] } {
  const c = ix.creators;
  const L = ix.l1Ids.length;
  const cat = f.l1 >= 0 ? ix.l1Ids[f.l1]! : null;
  const prior = categoryPrior(ix, f.l1);
  const gpm = smoothedGpm(c.gmv[i]!, c.views[i]!, prior);
  const wom = c.wom[i]!;
  const typical = typicalFollowers(ix, f.l1);
  const vps = smoothedViews(c.views[i]!, c.sessions[i]!, prior.viewsPerSession);
  const norms: Record<MatchFeature, number> = {
    category_fit: f.fit,
    audience_overlap: overlapNorm(f.overlapShare, f.overlapBest),
    word_of_mouth: womNorm(wom),
    gpm_history: gpmNorm(gpm, prior.gpm),
    commission: rateNorm(f.rateBp),
    reach: reachNorm(c.followers[i]!, typical, vps, prior.viewsPerSession),
  };
  const declared = cat !== null && c.declared[i * L + f.l1]! === 1;
  const sold = f.l1 >= 0 ? c.soldShare[i * L + f.l1]! : 0;
  const texts: Record<MatchFeature, string> = {
    category_fit:
      cat === null
        ? 'The store has no main category'
        : `${declared ? 'Declares' : 'Does not declare'} category ${cat}; ${pct(sold, 0)} of attributed sales in it`,
    audience_overlap: `${f.overlapCount} of the store's ${f.buyers} buyers (last ${PARAMS.buyerDays} days) follow or bought through this creator (${pct(f.overlapShare)})`,
    word_of_mouth: Number.isNaN(wom)
      ? 'No word-of-mouth score yet (counted as mid-scale)'
      : `Word-of-mouth score ${wom.toFixed(2)} of 5.00`,
    gpm_history:
      c.sessions[i]! > 0
        ? `GPM ${yuan(gpm)} per 1,000 views over ${c.sessions[i]} sessions, smoothed (category mean ${yuan(prior.gpm)})`
        : `No live sessions yet: the category mean GPM ${yuan(prior.gpm)} is assumed`,
    commission: `Commission ${(f.rateBp / 100).toFixed(1)}%`,
    reach: `${c.followers[i]!.toLocaleString('en-US')} followers (typical in the category ${Math.round(typical).toLocaleString('en-US')}); ${
      c.sessions[i]! > 0
        ? `${Math.round(vps).toLocaleString('en-US')} views per session over ${c.sessions[i]} sessions, smoothed`
        : `no sessions yet, the category's ${Math.round(prior.viewsPerSession).toLocaleString('en-US')} views per session assumed`
    } (category ${Math.round(prior.viewsPerSession).toLocaleString('en-US')})`,
  };
  const values: Record<MatchFeature, number | null> = {
    category_fit: r6(f.fit),
    audience_overlap: r6(f.overlapShare),
    word_of_mouth: Number.isNaN(wom) ? null : Math.round(wom * 100) / 100,
    gpm_history: Math.round(gpm),
    commission: f.rateBp,
    reach: Math.round(vps),
  };
  const reasons = MATCH_FEATURES.map((code) => ({
    code,
    value: values[code],
    weight: weights[code],
    contribution: r6(weights[code] * norms[code]),
    text: texts[code],
  }));
  return { score: r6(reasons.reduce((s, r) => s + r.contribution, 0)), reasons };
}

export interface CreatorQuery {
  store: number;
  /** Level-1 category the pair is judged in (the store's main one, or the product's). */
  l1: number;
  merchantId: string;
  /** The merchant's best open-plan rate (bp), and better rates of targeted/exclusive plans by creator index. */
  rateBp: number;
  rateOf?: Map<number, number>;
  k: number;
  /** Weights other than WEIGHTS (the evaluation tunes them); the API always uses WEIGHTS. */
  weights?: Readonly<Record<MatchFeature, number>>;
}

export interface CreatorPick {
  creator: number;
  score: number;
  reasons: Reason[];
}

/**
 * Scratch buffers of the overlap walk, reused between requests of one process (a request runs synchronously
 * from the walk to the top-k, so one set suffices).
 */
let scratch = new Int32Array(0);

/**
 * Counts, for every creator, the store's buyers in its audience by walking the buyers' audience lists (the
 * inverted index), not by intersecting sets. Returns the counts (valid until the next call) and the maximum.
 */
export function overlapCounts(
  ix: MatchIndex,
  store: number,
): { counts: Int32Array; touched: number[]; max: number } {
  const n = ix.creators.ids.length;
  if (scratch.length < n) scratch = new Int32Array(n);
  const counts = scratch;
  const touched: number[] = [];
  let max = 0;
  const { start, items } = ix.storeBuyers;
  const a = ix.audience;
  for (let k = start[store]!; k < start[store + 1]!; k++) {
    const u = items[k]!;
    for (let j = a.start[u]!; j < a.start[u + 1]!; j++) {
      const c = a.items[j]!;
      if (counts[c] === 0) touched.push(c);
      const v = ++counts[c]!;
      if (v > max) max = v;
    }
  }
  return { counts, touched, max };
}

/** Every creator scored for the store in one pass; the k best with their explanations. */
export function recommendCreators(
  ix: MatchIndex,
  q: CreatorQuery,
): { evaluated: number; items: CreatorPick[] } {
  const c = ix.creators;
  const n = c.ids.length;
  const L = ix.l1Ids.length;
  const buyers = ix.storeBuyers.start[q.store + 1]! - ix.storeBuyers.start[q.store]!;
  const { counts, touched, max } = overlapCounts(ix, q.store);
  try {
    const best = buyers > 0 ? max / buyers : 0;
    const prior = categoryPrior(ix, q.l1);
    const m = PARAMS.priorSessions * prior.viewsPerSession;
    const priorGmvPerView = prior.gpm / 1000;
    const dp = PARAMS.declaredPart;
    const W = q.weights ?? WEIGHTS;
    const wF = W.category_fit;
    const wO = W.audience_overlap;
    const wW = W.word_of_mouth;
    const wG = W.gpm_history;
    const wC = W.commission;
    const wR = W.reach;
    const typical = typicalFollowers(ix, q.l1);
    const nu = prior.viewsPerSession;
    const mS = PARAMS.priorSessions;
    const fp = PARAMS.followersPart;
    const overlapDen = Math.max(best, PARAMS.overlapFloor) * buyers;
    const baseRate = rateNorm(q.rateBp);
    const rateOf = q.rateOf?.size ? q.rateOf : null;
    const heap = new TopK(q.k);
    let evaluated = 0;
    for (let i = 0; i < n; i++) {
      const fit = q.l1 >= 0 ? dp * c.declared[i * L + q.l1]! + (1 - dp) * c.soldShare[i * L + q.l1]! : 0;
      const cnt = counts[i]!;
      if (fit === 0 && cnt === 0) continue;
      const ex = c.exclusive[i];
      if (ex !== null && ex !== q.merchantId) continue;
      evaluated++;
      const ov = cnt === 0 ? 0 : Math.min(1, cnt / overlapDen);
      const w = c.wom[i]!;
      const wn = Number.isNaN(w) ? WOM_MISSING : Math.min(1, Math.max(0, (w - 3) / 2));
      const v = c.views[i]!;
      const g = v + m > 0 ? ((c.gmv[i]! + m * priorGmvPerView) / (v + m)) * 1000 : prior.gpm;
      const gn = g + prior.gpm > 0 ? g / (g + prior.gpm) : 0.5;
      const r = rateOf?.get(i);
      const rn = r === undefined ? baseRate : rateNorm(r);
      const fo = c.followers[i]!;
      const vs = (v + mS * nu) / (c.sessions[i]! + mS);
      const rc =
        fp * (fo + typical > 0 ? fo / (fo + typical) : 0.5) + (1 - fp) * (vs + nu > 0 ? vs / (vs + nu) : 0.5);
      heap.push(wF * fit + wO * ov + wW * wn + wG * gn + wC * rn + wR * rc, i);
    }
    const items = heap.sorted().map(({ id }) => {
      const e = explainPair(
        ix,
        id,
        {
          fit: categoryFit(ix, id, q.l1),
          overlapShare: buyers > 0 ? counts[id]! / buyers : 0,
          overlapCount: counts[id]!,
          buyers,
          overlapBest: best,
          rateBp: q.rateOf?.get(id) ?? q.rateBp,
          l1: q.l1,
        },
        W,
      );
      return { creator: id, ...e };
    });
    // The rounded explanation is what callers see: keep the list in its order (ties stay in heap order).
    items.sort((a, b) => b.score - a.score);
    return { evaluated, items };
  } finally {
    for (const t of touched) counts[t] = 0;
  }
}

/** The anchor of the benchmark: a dot product over n rows of six features (as many as MATCH_FEATURES) and the top k, nothing else. */
export function bareTopK(features: Float32Array, weights: Float32Array, k: number): number[] {
  const n = features.length / 6;
  const heap = new TopK(k);
  const [w0, w1, w2, w3, w4, w5] = weights;
  for (let i = 0, o = 0; i < n; i++, o += 6)
    heap.push(
      w0! * features[o]! +
        w1! * features[o + 1]! +
        w2! * features[o + 2]! +
        w3! * features[o + 3]! +
        w4! * features[o + 4]! +
        w5! * features[o + 5]!,
      i,
    );
  return heap.sorted().map((x) => x.id);
}

/**
 * For one creator, the share of each store's buyers in the creator's audience: walks the consumers who follow
 * or bought through the creator to the stores they bought from. Returns store index → count.
 */
export function storeOverlap(ix: MatchIndex, creator: number): Map<number, number> {
  // The audience CSR is consumer → creators; the creator's own audience is found by one scan of it (products
  // requests are per creator and far rarer than creator requests, so no transpose is kept).
  const out = new Map<number, number>();
  const a = ix.audience;
  const cs = ix.consumerStores;
  for (let u = 0; u < ix.consumers; u++) {
    let has = false;
    for (let j = a.start[u]!; j < a.start[u + 1]!; j++)
      if (a.items[j] === creator) {
        has = true;
        break;
      }
    if (!has) continue;
    for (let k = cs.start[u]!; k < cs.start[u + 1]!; k++) {
      const s = cs.items[k]!;
      out.set(s, (out.get(s) ?? 0) + 1);
    }
  }
  return out;
}
