import { explain } from './explain.ts';
import { buildProblem } from './problem.ts';
import { search } from './search.ts';
import type { BuyerContext, CartLine, Offer, Quote, QuoteOptions, Wallet } from './types.ts';

export interface QuoteInput {
  lines: CartLine[];
  ctx: BuyerContext;
  offers: Offer[];
  wallet: Wallet;
}

/** Default search budget: far above what realistic carts need (tens to hundreds of nodes). */
export const DEFAULT_NODE_BUDGET = 50_000;

/**
 * The buyer's lowest payable total under the stacking rules, with each line's price path, every
 * discount apportioned to lines (and through parts to units), and why each offer or coupon left out
 * was left out. Pure: the caller supplies the clock (ctx.now), the offers and the wallet.
 */
export function quote(input: QuoteInput, opts: QuoteOptions = {}): Quote {
  const P = buildProblem(input.lines, input.ctx, input.offers, input.wallet);
  const r = search(P, opts.nodeBudget ?? DEFAULT_NODE_BUDGET);
  return explain(P, r, input.wallet.points ?? 0, opts.points);
}
