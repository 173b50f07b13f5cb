import type { FieldIssue } from '../../../core/errors.ts';

/** Participation requirements: a minimum store score and main categories (a listed category covers its subtree). */

export interface Requirements {
  minStoreScore?: number | null;
  categoryIds?: string[];
}

export interface StoreFacts {
  storeId: string;
  /** Latest published store score, null when the store has none yet. */
  score: number | null;
  /** The store's main category and its ancestors (empty when it has no main category). */
  categoryPath: string[];
}

export function requirementIssues(r: Requirements, s: StoreFacts): FieldIssue[] {
  const out: FieldIssue[] = [];
  const min = r.minStoreScore ?? null;
  if (min !== null) {
    if (s.score === null)
      out.push({
        field: 'requirements.minStoreScore',
        code: 'requirement_not_met',
        reason: `store ${s.storeId} has no store score yet; the campaign asks for at least ${min}`,
        params: { requirement: 'min_store_score', store: s.storeId, min },
      });
    else if (s.score < min)
      out.push({
        field: 'requirements.minStoreScore',
        code: 'requirement_not_met',
        reason: `store ${s.storeId} scores ${s.score}; the campaign asks for at least ${min}`,
        params: { requirement: 'min_store_score', store: s.storeId, score: s.score, min },
      });
  }
  const cats = r.categoryIds ?? [];
  if (cats.length && !s.categoryPath.some((c) => cats.includes(c)))
    out.push({
      field: 'requirements.categoryIds',
      code: 'requirement_not_met',
      reason: `store ${s.storeId}'s main category (${s.categoryPath[0] ?? 'none'}) is not among ${cats.join(', ')}`,
      params: {
        requirement: 'category',
        store: s.storeId,
        category: s.categoryPath[0] ?? '',
        allowed: cats.join(','),
      },
    });
  return out;
}
