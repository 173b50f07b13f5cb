import { adRulesIssues, cancelAd, createAd, joinAd, leaveAd } from './ads.service.ts';
import type { TypeHooks } from './types.ts';

/**
 * Ad crowdfunding's part in the campaign lifecycle (ads.service): rules checked before anything is written;
 * on create the initiator must be whitelisted and its share is held on the ledger; a join (whitelisted, room
 * left, before the deadline) holds the joiner's share and, when it completes the price, funds the ad (holds
 * posted, revenue booked, traffic program started); leaving voids the hold while the ad is open; cancelling
 * voids the holds, or refunds a funded ad that has not started. A refusal is a problem that rolls back the
 * lifecycle's whole transaction.
 */
export const adHooks: TypeHooks = {
  validate: (rules) => adRulesIssues(rules),
  onCreate: (trx, db, c, _p, now) => createAd(trx, db, c, now),
  onJoin: (trx, db, c, part, now) => joinAd(trx, db, c, part, now),
  onLeave: (trx, db, c, part, now) => leaveAd(trx, db, c, part, now),
  onCancel: (trx, db, c, now) => cancelAd(trx, db, c, now),
};
