/**
 * Sample requests (寄样): the policy decision at request time and the state machine. Pure: days and instants
 * are passed in; overdue is derived from the due day and today, never stored.
 */

export const STORED_STATUSES = [
  'requested',
  'approved',
  'rejected',
  'shipped',
  'received',
  'fulfilled',
  'returned',
] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];
export const SAMPLE_STATUSES = [...STORED_STATUSES, 'overdue'] as const;
export type SampleStatus = (typeof SAMPLE_STATUSES)[number];
/** Statuses of a request still in progress: a creator has at most one per product. */
export const OPEN_STATUSES: readonly StoredStatus[] = ['requested', 'approved', 'shipped', 'received'];

export const SAMPLE_ACTIONS = ['approve', 'reject', 'ship', 'receive', 'fulfil', 'return'] as const;
export type SampleAction = (typeof SAMPLE_ACTIONS)[number];
/** Who may take an action: the merchant side or the creator side (operators may take any). */
export const ACTION_SIDE: Record<SampleAction, 'merchant' | 'creator'> = {
  approve: 'merchant',
  reject: 'merchant',
  ship: 'merchant',
  receive: 'creator',
  fulfil: 'creator',
  return: 'creator',
};

export interface SamplePolicy {
  /** Word-of-mouth score 3.00–5.00 the creator needs; 0 = no minimum. */
  minCreatorScore: number;
  minFollowers: number;
  autoApprove: boolean;
  contentDays: number;
  requireReturn: boolean;
}
export const DEFAULT_POLICY: SamplePolicy = {
  minCreatorScore: 0,
  minFollowers: 0,
  autoApprove: false,
  contentDays: 14,
  requireReturn: false,
};

export interface Decision {
  status: 'requested' | 'approved' | 'rejected';
  reasonCode: 'creator_score_below_minimum' | 'followers_below_minimum' | null;
  reason: string | null;
}

/**
 * The policy applied when a creator asks: the score rule first, then followers; a creator without a settled
 * score does not meet a score minimum. Passing both and autoApprove → approved; otherwise left to the merchant.
 */
export function decide(policy: SamplePolicy, creator: { score: number | null; followers: number }): Decision {
  if (policy.minCreatorScore > 0 && (creator.score === null || creator.score < policy.minCreatorScore))
    return {
      status: 'rejected',
      reasonCode: 'creator_score_below_minimum',
      reason:
        creator.score === null
          ? `the merchant asks for a word-of-mouth score of at least ${policy.minCreatorScore.toFixed(2)}; you have no settled score yet`
          : `the merchant asks for a word-of-mouth score of at least ${policy.minCreatorScore.toFixed(2)}; yours is ${creator.score.toFixed(2)}`,
    };
  if (creator.followers < policy.minFollowers)
    return {
      status: 'rejected',
      reasonCode: 'followers_below_minimum',
      reason: `the merchant asks for at least ${policy.minFollowers} followers; you have ${creator.followers}`,
    };
  return { status: policy.autoApprove ? 'approved' : 'requested', reasonCode: null, reason: null };
}

/**
 * The status an action leads to from a stored status, or null when it does not apply. `return` needs a
 * policy that asked for it; it is allowed once the content is in or overdue (`overdue` is passed as the view).
 */
export function next(
  current: SampleStatus,
  action: SampleAction,
  requireReturn: boolean,
): StoredStatus | null {
  switch (action) {
    case 'approve':
      return current === 'requested' ? 'approved' : null;
    case 'reject':
      return current === 'requested' ? 'rejected' : null;
    case 'ship':
      return current === 'approved' ? 'shipped' : null;
    case 'receive':
      return current === 'shipped' ? 'received' : null;
    case 'fulfil':
      return current === 'received' || current === 'overdue' ? 'fulfilled' : null;
    case 'return':
      return requireReturn && (current === 'fulfilled' || current === 'overdue') ? 'returned' : null;
  }
}

/** The status shown: a received sample is overdue once today is past its due day. */
export function viewStatus(stored: StoredStatus, contentDueOn: string | null, today: string): SampleStatus {
  return stored === 'received' && contentDueOn !== null && today > contentDueOn ? 'overdue' : stored;
}

/** Content is due `contentDays` after the business day the sample arrived. */
export function dueOn(receivedDay: string, contentDays: number): string {
  const [y, m, d] = receivedDay.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + contentDays)).toISOString().slice(0, 10);
}

/** A fulfilment after the due day is late (it still fulfils). */
export const isLate = (contentDueOn: string | null, fulfilledDay: string) =>
  contentDueOn !== null && fulfilledDay > contentDueOn;
