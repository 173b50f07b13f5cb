import { matcher, type ScopeMatcher } from './scope.ts';
import { ITEM_KINDS, type ItemOffer, type Offer, type ThresholdOffer, type WalletCoupon } from './types.ts';

/** Per-offer facts parsed once and cached on the offer object (services and benchmarks reuse offers). */
interface Compiled {
  start: number;
  end: number;
  match: ScopeMatcher;
}
const compiled = new WeakMap<object, Compiled>();

export function compileOffer(o: Offer): Compiled {
  let c = compiled.get(o);
  if (!c) {
    c = { start: Date.parse(o.startsAt), end: Date.parse(o.endsAt), match: matcher(o.scope) };
    compiled.set(o, c);
  }
  return c;
}

export function compileCoupon(w: WalletCoupon): Compiled {
  let c = compiled.get(w);
  if (!c) {
    c = { start: Date.parse(w.validFrom), end: Date.parse(w.validTo), match: matcher(w.terms.scope) };
    compiled.set(w, c);
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
  ix = { bySku: new Map(), byProduct: new Map(), otherItems: [], thresholds: [] };
  for (const o of offers) {
    if (!isItemOffer(o)) {
      ix.thresholds.push(o);
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
