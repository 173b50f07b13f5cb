import { applyBp } from '../../../core/money.ts';
import type { CouponRule, Fen, ItemRule, ThresholdRule } from './types.ts';

/** The units a threshold rule counts: one entry per part (units at one unit basis). */
export interface Units {
  qty: number;
  unitBasis: Fen;
}

const offAtRate = (amount: Fen, rateBp: number) => amount - applyBp(amount, rateBp);

/** Unit basis values, most expensive first, expanded to at most `limit` units. */
function topUnits(units: readonly Units[], limit: number, cheapestFirst: boolean): number {
  const sorted = [...units].sort((a, b) =>
    cheapestFirst ? a.unitBasis - b.unitBasis : b.unitBasis - a.unitBasis,
  );
  let left = limit;
  let sum = 0;
  for (const u of sorted) {
    if (left <= 0) break;
    const n = Math.min(left, u.qty);
    sum += n * u.unitBasis;
    left -= n;
  }
  return sum;
}

/** N元任选M件: group the most expensive units first; a group saves only if it costs more than the price. */
function fixedPriceSaving(units: readonly Units[], qty: number, price: Fen): Fen {
  const flat: number[] = [];
  for (const u of units) for (let k = 0; k < u.qty; k++) flat.push(u.unitBasis);
  flat.sort((a, b) => b - a);
  let saving = 0;
  for (let g = 0; (g + 1) * qty <= flat.length; g++) {
    let sum = 0;
    for (let k = g * qty; k < (g + 1) * qty; k++) sum += flat[k]!;
    if (sum <= price) break;
    saving += sum - price;
  }
  return saving;
}

/**
 * Discount of a threshold rule on the units it covers (`amount` = Σ qty × unitBasis). The best reached
 * tier applies, so every rule is monotone in the amount: more basis never lowers the discount
 * (buy-X-get-Y is the exception — the cheapest units are free — see thresholdBound).
 */
export function thresholdDiscount(
  rule: ThresholdRule,
  units: readonly Units[],
  amount: Fen,
  qty: number,
): Fen {
  switch (rule.type) {
    case 'amount_tiers': {
      let best = 0;
      for (const t of rule.tiers) if (amount >= t.min && t.off > best) best = t.off;
      return Math.min(best, amount);
    }
    case 'amount_every': {
      if (rule.every <= 0) return 0;
      const d = Math.floor(amount / rule.every) * rule.off;
      return Math.min(d, rule.cap ?? d, amount);
    }
    case 'percent_tiers': {
      let rate = 10_000;
      for (const t of rule.tiers) if (amount >= t.min && t.rateBp < rate) rate = t.rateBp;
      return offAtRate(amount, rate);
    }
    case 'qty_percent_tiers': {
      let rate = 10_000;
      for (const t of rule.tiers) if (qty >= t.minQty && t.rateBp < rate) rate = t.rateBp;
      return offAtRate(amount, rate);
    }
    case 'qty_fixed_price':
      return rule.qty > 0 ? fixedPriceSaving(units, rule.qty, rule.price) : 0;
    case 'buy_x_get_y': {
      const n = applications(rule, qty);
      return n > 0 ? topUnits(units, n * rule.get, true) : 0;
    }
  }
}

function applications(rule: { buy: number; get: number; maxApplications?: number }, qty: number): number {
  const size = rule.buy + rule.get;
  if (size <= 0 || rule.get <= 0) return 0;
  const n = Math.floor(qty / size);
  return Math.min(n, rule.maxApplications ?? n);
}

/** An upper bound of the discount over every subset of these units (the search prunes with it). */
export function thresholdBound(rule: ThresholdRule, units: readonly Units[], amount: Fen, qty: number): Fen {
  if (rule.type !== 'buy_x_get_y') return thresholdDiscount(rule, units, amount, qty);
  const n = applications(rule, qty);
  return n > 0 ? topUnits(units, n * rule.get, false) : 0;
}

/** The first threshold of a rule and its unit (fen or items), for "short by" explanations. */
export function firstThreshold(rule: ThresholdRule | CouponRule): { min: number; unit: 'fen' | 'items' } {
  switch (rule.type) {
    case 'amount_tiers':
    case 'percent_tiers':
      return { min: Math.min(...rule.tiers.map((t) => t.min)), unit: 'fen' };
    case 'amount_every':
      return { min: rule.every, unit: 'fen' };
    case 'qty_percent_tiers':
      return { min: Math.min(...rule.tiers.map((t) => t.minQty)), unit: 'items' };
    case 'qty_fixed_price':
      return { min: rule.qty, unit: 'items' };
    case 'buy_x_get_y':
      return { min: rule.buy + rule.get, unit: 'items' };
    case 'amount':
    case 'percent':
      return { min: rule.min, unit: 'fen' };
  }
}

/** The next threshold above what is covered now (for add-on suggestions), or null at the top. */
export function nextThreshold(
  rule: ThresholdRule | CouponRule,
  amount: Fen,
  qty: number,
): { min: number; unit: 'fen' | 'items' } | null {
  switch (rule.type) {
    case 'amount_tiers':
    case 'percent_tiers': {
      const above = rule.tiers.map((t) => t.min).filter((m) => m > amount);
      return above.length ? { min: Math.min(...above), unit: 'fen' } : null;
    }
    case 'amount_every': {
      const next = (Math.floor(amount / rule.every) + 1) * rule.every;
      const reachedCap = rule.cap !== undefined && Math.floor(amount / rule.every) * rule.off >= rule.cap;
      return reachedCap ? null : { min: next, unit: 'fen' };
    }
    case 'qty_percent_tiers': {
      const above = rule.tiers.map((t) => t.minQty).filter((m) => m > qty);
      return above.length ? { min: Math.min(...above), unit: 'items' } : null;
    }
    case 'qty_fixed_price':
      return { min: (Math.floor(qty / rule.qty) + 1) * rule.qty, unit: 'items' };
    case 'buy_x_get_y': {
      const size = rule.buy + rule.get;
      const n = Math.floor(qty / size);
      if (rule.maxApplications !== undefined && n >= rule.maxApplications) return null;
      return { min: (n + 1) * size, unit: 'items' };
    }
    case 'amount':
    case 'percent':
      return amount < rule.min ? { min: rule.min, unit: 'fen' } : null;
  }
}

/** Discount of a coupon on the basis it covers (0 below its threshold). */
export function couponDiscount(rule: CouponRule, basis: Fen): Fen {
  if (basis < rule.min || basis <= 0) return 0;
  if (rule.type === 'amount') return Math.min(rule.off, basis);
  const d = offAtRate(basis, rule.rateBp);
  return Math.min(d, rule.maxOff ?? d);
}

/** Unit price under an item rule, never above the list price nor below zero. */
export function itemUnitPrice(rule: ItemRule, skuId: string, listPrice: Fen): Fen {
  let p: Fen;
  if (rule.type === 'price') p = rule.skuPrices?.[skuId] ?? rule.price;
  else if (rule.type === 'off') p = listPrice - rule.off;
  else p = applyBp(listPrice, rule.rateBp);
  return Math.max(0, Math.min(listPrice, p));
}
