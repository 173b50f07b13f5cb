import { matcher, type ScopeMatcher } from './scope.ts';
import { ITEM_KINDS, type ItemOffer, type Offer, type ThresholdOffer, type WalletCoupon } from './types.ts';

/** Per-offer facts parsed once and cached on the offer object (services and benchmarks reuse offers). */
interface Compiled {
  start: number;
  end: number;
  match: ScopeMatcher;
}
/** Kept on the object under a symbol: faster than a WeakMap in the per-SKU loops of listing prices. */
const COMPILED = Symbol('pricing.compiled');
type WithCompiled = { [COMPILED]?: Compiled };

export function compileOffer(o: Offer): Compiled {
  const x = o as Offer & WithCompiled;
  let c = x[COMPILED];
  if (!c) {
    c = { start: Date.parse(o.startsAt), end: Date.parse(o.endsAt), match: matcher(o.scope) };
    Object.defineProperty(x, COMPILED, { value: c, enumerable: false });
  }
  return c;
}

export function compileCoupon(w: WalletCoupon): Compiled {
  const x = w as WalletCoupon & WithCompiled;
  let c = x[COMPILED];
  if (!c) {
    c = { start: Date.parse(w.validFrom), end: Date.parse(w.validTo), match: matcher(w.terms.scope) };
    Object.defineProperty(x, COMPILED, { value: c, enumerable: false });
  }
  return c;
}

const ITEM = new Set<string>(ITEM_KINDS);
export const isItemOffer = (o: Offer): o is ItemOffer => ITEM.has(o.kind);

/** Item offers by the SKU or product they name (most name one), the rest scanned; thresholds apart. */
export interface OfferIndex {
  bySku: Map<string, ItemOffer[]>;
  byProduct: Map<string, ItemOffer[]>;
  otherItems: ItemOffer[];
  thresholds: ThresholdOffer[];
  /** Threshold offers naming stores, by store; and those without a store list (platform-wide). */
  thresholdsByStore: Map<string, ThresholdOffer[]>;
  platformThresholds: ThresholdOffer[];
  rank: Map<ThresholdOffer, number>;
}
const indexes = new WeakMap<readonly Offer[], OfferIndex>();

function push<K>(m: Map<K, ItemOffer[]>, k: K, o: ItemOffer) {
  const list = m.get(k);
  if (list) list.push(o);
  else m.set(k, [o]);
}

export function offerIndex(offers: readonly Offer[]): OfferIndex {
  let ix = indexes.get(offers);
  if (ix) return ix;
  ix = {
    bySku: new Map(),
    byProduct: new Map(),
    otherItems: [],
    thresholds: [],
    thresholdsByStore: new Map(),
    platformThresholds: [],
    rank: new Map(),
  };
  for (const o of offers) {
    if (!isItemOffer(o)) {
      ix.rank.set(o, ix.thresholds.length);
      ix.thresholds.push(o);
      if (!o.scope.storeIds) ix.platformThresholds.push(o);
      else
        for (const s of o.scope.storeIds) {
          const list = ix.thresholdsByStore.get(s);
          if (list) list.push(o);
          else ix.thresholdsByStore.set(s, [o]);
        }
      continue;
    }
    const s = o.scope;
    const onlySkus =
      s.skuIds?.length && !s.productIds?.length && !s.categoryIds?.length && !s.brandIds?.length;
    const onlyProducts =
      s.productIds?.length && !s.skuIds?.length && !s.categoryIds?.length && !s.brandIds?.length;
    if (onlySkus) for (const k of s.skuIds!) push(ix.bySku, k, o);
    else if (onlyProducts) for (const k of s.productIds!) push(ix.byProduct, k, o);
    else ix.otherItems.push(o);
  }
  indexes.set(offers, ix);
  return ix;
}

/** The item offers that may cover a SKU (each once, in catalog order is not needed: the best price wins). */
export function itemCandidates(ix: OfferIndex, skuId: string, productId: string): ItemOffer[] {
  const a = ix.bySku.get(skuId);
  const b = ix.byProduct.get(productId);
  if (!b && ix.otherItems.length === 0) return a ?? [];
  return [...(a ?? []), ...(b ?? []), ...ix.otherItems];
}

/** Threshold offers that may cover some line of these stores, each once, in catalog order. */
export function thresholdCandidates(ix: OfferIndex, storeIds: Iterable<string>): ThresholdOffer[] {
  const seen = new Set<ThresholdOffer>();
  for (const s of storeIds) for (const o of ix.thresholdsByStore.get(s) ?? []) seen.add(o);
  if (seen.size === 0) return ix.platformThresholds;
  for (const o of ix.platformThresholds) seen.add(o);
  return [...seen].sort((a, b) => ix.rank.get(a)! - ix.rank.get(b)!);
}
