import { flashAllowance, storeGate } from './eligibility.ts';
import { itemUnitPrice } from './rules.ts';
import type { BuyerContext, CartLine, Fen, ItemOffer, NotUsed } from './types.ts';

/** Units of a line at one unit basis (price after item-level offers). */
export interface ItemPart {
  qty: number;
  unitBasis: Fen;
  offer?: ItemOffer;
}

/** Presale lines pay at the presale price, and a deposit worth more than it costs (定金膨胀) takes the difference off. */
export function presaleUnitBasis(o: ItemOffer, price: Fen): Fen {
  const p = o.presale;
  return p ? Math.max(0, price - Math.max(0, p.worthPerUnit - p.depositPerUnit)) : price;
}

const better = (a: { price: Fen; o: ItemOffer }, b: { price: Fen; o: ItemOffer } | null) =>
  !b || a.price < b.price || (a.price === b.price && a.o.id < b.o.id);

/**
 * Item layer (`offers` are those already known to cover the line and to be open to the buyer): every unit takes the lowest item price it qualifies for — item prices are the price, not a
 * buyer's choice. A flash sale covers only the units its stock and the buyer's limit allow; the other units
 * take the best other price, so the line splits into two parts.
 */
export function itemParts(
  line: CartLine,
  offers: readonly ItemOffer[],
  ctx: BuyerContext,
  notUsed: NotUsed[],
): ItemPart[] {
  let best: { price: Fen; o: ItemOffer } | null = null;
  let flash: { price: Fen; o: ItemOffer; units: number } | null = null;
  const losers: { price: Fen; o: ItemOffer }[] = [];
  for (const o of offers) {
    const gate = storeGate(o, line.storeId, ctx);
    if (gate) {
      notUsed.push({ sourceType: 'offer', id: o.id, name: o.name, ...gate });
      continue;
    }
    let price = itemUnitPrice(o.rule, line.skuId, line.unitPrice);
    if (o.kind === 'presale') price = presaleUnitBasis(o, price);
    if (price >= line.unitPrice) {
      notUsed.push({
        sourceType: 'offer',
        id: o.id,
        name: o.name,
        reason: 'no_saving',
        detail: 'not below the list price',
      });
      continue;
    }
    if (o.kind === 'flash_sale') {
      const units = flashAllowance(o, ctx);
      if (units <= 0) {
        const soldOut = (o.stockLeft ?? 1) <= 0;
        notUsed.push({
          sourceType: 'offer',
          id: o.id,
          name: o.name,
          reason: soldOut ? 'sold_out' : 'limit_reached',
          detail: soldOut ? 'flash sale stock is sold out' : `limit of ${o.perUserLimit} per buyer reached`,
        });
        continue;
      }
      const cand = { price, o, units };
      if (better(cand, flash)) {
        if (flash) losers.push(flash);
        flash = cand;
      } else losers.push(cand);
      continue;
    }
    const cand = { price, o };
    if (better(cand, best)) {
      if (best) losers.push(best);
      best = cand;
    } else losers.push(cand);
  }
  const restPrice = best?.price ?? line.unitPrice;
  const parts: ItemPart[] = [];
  let qty = line.quantity;
  if (flash && flash.price < restPrice) {
    const n = Math.min(qty, flash.units);
    parts.push({ qty: n, unitBasis: flash.price, offer: flash.o });
    qty -= n;
  } else if (flash) losers.push(flash);
  if (qty > 0)
    parts.push(best ? { qty, unitBasis: best.price, offer: best.o } : { qty, unitBasis: line.unitPrice });
  const winner = parts[0]?.offer;
  for (const l of losers) {
    if (parts.some((p) => p.offer === l.o)) continue;
    notUsed.push({
      sourceType: 'offer',
      id: l.o.id,
      name: l.o.name,
      reason: 'better_price',
      detail: `a lower item price applies`,
      by: winner?.id,
    });
  }
  return parts;
}
