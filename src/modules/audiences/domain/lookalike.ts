import { Bitmap } from '../bitmap.ts';

/**
 * Lookalike expansion over tag bitmaps. Every tag gets a weight: the log-lift of its share in the seed over its
 * share in the universe, with the seed share smoothed towards the universe share by `prior` pseudo-users
 * (a tag held by 2 of a 10-user seed does not outweigh one held by 400 of 1,000). Users outside the seed score
 * the sum of their tags' positive weights; the top N are the expansion, ties by the lower index. Pure.
 */

export interface LookalikeOptions {
  /** Pseudo-users pulling the seed share towards the universe share (default 20). */
  prior?: number;
  /** Weights below this are dropped (default 0.05: tags barely over-represented in the seed say little). */
  minWeight?: number;
  /** Users never returned besides the seed (for example a store's customers and intent users). */
  exclude?: Bitmap;
}

export interface TagWeight {
  key: string;
  weight: number;
  seed: number;
  universe: number;
}

/** Smoothed log-lift of every tag held by someone in the universe; positive ones only, heaviest first. */
export function tagWeights(
  seed: Bitmap,
  universe: Bitmap,
  tags: { key: string; users: Bitmap }[],
  opts: LookalikeOptions = {},
): TagWeight[] {
  const prior = opts.prior ?? 20;
  const minWeight = opts.minWeight ?? 0.05;
  const S = seed.andCardinality(universe);
  const U = universe.size;
  if (S === 0 || U === 0) return [];
  const out: TagWeight[] = [];
  for (const t of tags) {
    const u = t.users.andCardinality(universe);
    if (u === 0) continue;
    const s = t.users.andCardinality(seed);
    const pu = u / U;
    const ps = (s + prior * pu) / (S + prior);
    const w = Math.log(ps / pu);
    if (w >= minWeight) out.push({ key: t.key, weight: w, seed: s, universe: u });
  }
  return out.sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : 1));
}

/**
 * Scores of the candidates (universe minus seed minus `exclude`) with a positive score, as parallel arrays of
 * indexes (ascending) and scores, plus the candidate set.
 */
export function scoreUsers(
  seed: Bitmap,
  universe: Bitmap,
  tags: { key: string; users: Bitmap }[],
  weights: TagWeight[],
  exclude?: Bitmap,
): { idx: Uint32Array; score: Float64Array; candidates: Bitmap } {
  const candidates = Bitmap.andNot(universe, seed);
  if (exclude) candidates.andNotInPlace(exclude);
  if (candidates.size === 0) return { idx: new Uint32Array(0), score: new Float64Array(0), candidates };
  const byKey = new Map(tags.map((t) => [t.key, t.users]));
  const dense = new Float64Array(candidates.maximum() + 1);
  const scored = new Bitmap();
  for (const w of weights) {
    const users = byKey.get(w.key);
    if (!users) continue;
    const holders = Bitmap.and(users, candidates).toUint32Array();
    for (let i = 0; i < holders.length; i++) dense[holders[i]!]! += w.weight;
    scored.addMany(holders);
  }
  const idx = scored.toUint32Array();
  const score = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) score[i] = dense[idx[i]!]!;
  return { idx, score, candidates };
}

/** The top `size` candidates by score (then lower index), as a bitmap; fewer when there are fewer candidates. */
export function lookalike(
  seed: Bitmap,
  universe: Bitmap,
  tags: { key: string; users: Bitmap }[],
  size: number,
  opts: LookalikeOptions = {},
): { users: Bitmap; weights: TagWeight[] } {
  const weights = tagWeights(seed, universe, tags, opts);
  const { idx, score, candidates } = scoreUsers(seed, universe, tags, weights, opts.exclude);
  const users = Bitmap.from(topN(idx, score, size));
  // Fewer positive scores than asked: the rest are the unscored candidates by index.
  if (users.size < size) {
    const rest = Bitmap.andNot(candidates, users).toUint32Array(size - users.size);
    users.addMany(rest);
  }
  return { users, weights };
}

/**
 * Indexes of the `n` highest scores, ties at the cut broken by the lower index (`idx` ascending), returned in
 * ascending index order. Finds the cut with one native numeric sort of the scores (no comparator calls).
 */
export function topN(idx: Uint32Array, score: Float64Array, n: number): Uint32Array {
  if (n <= 0) return new Uint32Array(0);
  if (n >= idx.length) return idx.slice();
  const cut = Float64Array.from(score).sort()[score.length - n]!;
  let above = 0;
  for (let i = 0; i < score.length; i++) if (score[i]! > cut) above++;
  let ties = n - above;
  const out = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < score.length && k < n; i++) {
    const s = score[i]!;
    if (s > cut || (s === cut && ties-- > 0)) out[k++] = idx[i]!;
  }
  return out;
}
