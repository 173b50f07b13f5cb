export { type QuoteInput, DEFAULT_NODE_BUDGET, quote } from './quote.ts';
export {
  presaleDepositOutcome,
  type PresaleEnd,
  refundFor,
  type Refund,
  type RefundRequest,
  unitShares,
} from './refunds.ts';
export { buildProblem } from './problem.ts';
export { search, baselineChoice } from './search.ts';
export { oracleSearch } from './oracle.ts';
export * from './types.ts';
export { type ListingItem, type ListingPrice, listingPrices } from './listing.ts';
export { type AddOnSuggestion, addOnSuggestions } from './addons.ts';
