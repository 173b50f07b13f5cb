import type { Scope } from './types.ts';

/** What a scope is matched against: a cart line or a catalog item. */
export interface ScopedItem {
  skuId: string;
  productId: string;
  storeId: string;
  categoryIds: string[];
  brandId?: string;
}

export type ScopeMatcher = (item: ScopedItem) => boolean;

const cache = new WeakMap<Scope, ScopeMatcher>();
const set = (xs?: string[]) => (xs && xs.length > 0 ? new Set(xs) : null);

/**
 * Compiles a scope into a matcher (cached per scope object, so offers reused across quotes compile once).
 * Stores AND (any of skus, products, categories on the item's path, brands) AND NOT any exclusion.
 */
export function matcher(scope: Scope): ScopeMatcher {
  let m = cache.get(scope);
  if (m) return m;
  const stores = set(scope.storeIds);
  const skus = set(scope.skuIds);
  const products = set(scope.productIds);
  const cats = set(scope.categoryIds);
  const brands = set(scope.brandIds);
  const anyItemFilter = !!(skus || products || cats || brands);
  const x = scope.exclude;
  const xSkus = set(x?.skuIds);
  const xProducts = set(x?.productIds);
  const xCats = set(x?.categoryIds);
  const xBrands = set(x?.brandIds);
  const inCats = (s: Set<string>, ids: string[]) => ids.some((c) => s.has(c));
  m = (it) => {
    if (stores && !stores.has(it.storeId)) return false;
    if (anyItemFilter) {
      const hit =
        skus?.has(it.skuId) ||
        products?.has(it.productId) ||
        (cats !== null && inCats(cats, it.categoryIds)) ||
        (it.brandId !== undefined && brands?.has(it.brandId));
      if (!hit) return false;
    }
    if (xSkus?.has(it.skuId) || xProducts?.has(it.productId)) return false;
    if (xCats && inCats(xCats, it.categoryIds)) return false;
    if (xBrands && it.brandId !== undefined && xBrands.has(it.brandId)) return false;
    return true;
  };
  cache.set(scope, m);
  return m;
}

export const inScope = (scope: Scope, item: ScopedItem) => matcher(scope)(item);
