/**
 * Partner recommendation, pure: how a candidate partner store scores for a store, whether it is a substitute
 * (a direct competitor), and the reasons shown with it. The batch (partners.service.ts) computes the numbers
 * in SQL and ranks with these functions.
 */

/** Pairs need this many shared customers to be recommended at all (one shared buyer is noise). */
export const MIN_SHARED = 2;
/** Recommendations kept per store. */
export const KEEP_PER_STORE = 20;
/** Stores of the same main category whose category mixes are at least this similar (cosine) are substitutes. */
export const SUBSTITUTE_MIX = 0.5;
/** Default window of paid orders, days. */
export const DEFAULT_WINDOW_DAYS = 90;

/** What the batch knows about a store and one candidate partner. */
export interface PairFeatures {
  /** Customers of both stores in the window. */
  shared: number;
  /** Customers of the store and of the partner in the window. */
  nStore: number;
  nPartner: number;
  /** All customers of the platform in the window. */
  total: number;
  /** Jaccard of the two stores' audiences (window customers ∪ current followers), 0..1. */
  audienceOverlap: number;
  /** Platform-level lift between the two stores' main categories (null: same category or unknown). */
  complementarity: number | null;
  sameMainCategory: boolean;
  /** Cosine similarity of the two stores' category mixes (products per level-2 category), 0..1. */
  mixSimilarity: number;
}

export interface PairStats {
  support: number;
  /** Share of the store's customers who also bought from the partner. */
  confidence: number;
  /** Share of the partner's customers who also bought from the store. */
  reverseConfidence: number;
  /** shared · N / (n_store · n_partner): how much more often than by chance. */
  lift: number;
}

export interface Reason {
  code:
    | 'shared_customers'
    | 'lift'
    | 'complementary_categories'
    | 'audience_overlap'
    | 'same_category_different_mix';
  params: Record<string, number | string>;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function pairStats(f: PairFeatures): PairStats {
  const { shared, nStore, nPartner, total } = f;
  return {
    support: total > 0 ? shared / total : 0,
    confidence: nStore > 0 ? shared / nStore : 0,
    reverseConfidence: nPartner > 0 ? shared / nPartner : 0,
    lift: nStore > 0 && nPartner > 0 ? (shared * total) / (nStore * nPartner) : 0,
  };
}

/** A direct competitor: same main category and a similar category mix. Never recommended, only counted. */
export const isSubstitute = (f: Pick<PairFeatures, 'sameMainCategory' | 'mixSimilarity'>) =>
  f.sameMainCategory && f.mixSimilarity >= SUBSTITUTE_MIX;

/**
 * Score 0..100. Co-purchase carries most of it: lift (log scale, 1/2× → 0, 16× → 1; weight 0.55) and
 * confidence (20% of the store's customers → 1; 0.1), both weighed by the evidence of the shared count
 * (shrunk: 5 shared customers count half); then category complementarity (platform lift of the main
 * categories, log scale, 1/2× → 0, 2× → 1; unknown or same category → 0.3; weight 0.25) and audience overlap
 * (Jaccard 0.2 → 1; 0.1). Lift rather than confidence leads so big stores do not top every list.
 */
export function partnerScore(f: PairFeatures): number {
  const s = pairStats(f);
  if (f.shared <= 0) return 0;
  const evidence = f.shared / (f.shared + 5);
  const liftTerm = clamp01((Math.log2(Math.max(s.lift, 1e-9)) + 1) / 5);
  const confTerm = clamp01(s.confidence / 0.2);
  const complTerm =
    f.complementarity === null || f.complementarity <= 0
      ? 0.3
      : clamp01((Math.log2(f.complementarity) + 1) / 2);
  const overlapTerm = clamp01(f.audienceOverlap / 0.2);
  return round(
    100 * (evidence * (0.55 * liftTerm + 0.1 * confTerm) + 0.25 * complTerm + 0.1 * overlapTerm),
    2,
  );
}

/** Why a partner is recommended, with the numbers (the console words them; codes are stable). */
export function reasonsFor(
  f: PairFeatures,
  names: { storeCategory: string | null; partnerCategory: string | null },
): Reason[] {
  const s = pairStats(f);
  const out: Reason[] = [
    {
      code: 'shared_customers',
      params: { shared: f.shared, confidencePct: round(100 * s.confidence, 1), customers: f.nStore },
    },
  ];
  if (s.lift >= 1.2) out.push({ code: 'lift', params: { lift: round(s.lift, 2) } });
  if (f.complementarity !== null && f.complementarity >= 1.1 && !f.sameMainCategory)
    out.push({
      code: 'complementary_categories',
      params: {
        category: names.storeCategory ?? '',
        partnerCategory: names.partnerCategory ?? '',
        lift: round(f.complementarity, 2),
      },
    });
  if (f.audienceOverlap >= 0.02)
    out.push({ code: 'audience_overlap', params: { overlapPct: round(100 * f.audienceOverlap, 1) } });
  if (f.sameMainCategory)
    out.push({
      code: 'same_category_different_mix',
      params: { category: names.storeCategory ?? '', mixSimilarity: round(f.mixSimilarity, 2) },
    });
  return out;
}

export interface Candidate<T> {
  partner: T;
  features: PairFeatures;
}
export interface Ranked<T> {
  partner: T;
  features: PairFeatures;
  stats: PairStats;
  score: number;
}

/**
 * One store's partners, best first: substitutes and pairs with fewer than MIN_SHARED shared customers left
 * out (substitutes counted), ties broken by shared customers then the partner's key.
 */
export function rankPartners<T extends string>(
  candidates: readonly Candidate<T>[],
  keep = KEEP_PER_STORE,
): { items: Ranked<T>[]; substitutesExcluded: number } {
  let substitutesExcluded = 0;
  const items: Ranked<T>[] = [];
  for (const c of candidates) {
    if (c.features.shared < MIN_SHARED) continue;
    if (isSubstitute(c.features)) {
      substitutesExcluded++;
      continue;
    }
    items.push({
      partner: c.partner,
      features: c.features,
      stats: pairStats(c.features),
      score: partnerScore(c.features),
    });
  }
  items.sort(
    (a, b) =>
      b.score - a.score ||
      b.features.shared - a.features.shared ||
      (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0),
  );
  return { items: items.slice(0, keep), substitutesExcluded };
}
