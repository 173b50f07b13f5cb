import type { FieldIssue } from '../../../core/errors.ts';
import type { CampaignStatus, CampaignType, Decoration, ParticipantStatus } from '../types.ts';

/** The lifecycle's pure rules: status from the clock, what may change when, and cross-field checks of a create. */

export function statusOf(
  c: { cancelled: boolean; startsAt: string; endsAt: string },
  now: Date,
): CampaignStatus {
  if (c.cancelled) return 'cancelled';
  const t = now.getTime();
  if (t >= Date.parse(c.endsAt)) return 'ended';
  if (t >= Date.parse(c.startsAt)) return 'running';
  return 'inviting';
}

/** Invitations, acceptances and removals happen before start: the pricing scope is fixed once buyers see it. */
export const canChangeParticipants = (s: CampaignStatus) => s === 'inviting';

/** Participant status moves: from → allowed targets. Accepting again after declining is a change of mind. */
const MOVES: Record<ParticipantStatus, ParticipantStatus[]> = {
  invited: ['accepted', 'declined', 'removed'],
  accepted: ['declined', 'removed'],
  declined: ['accepted', 'invited', 'removed'],
  removed: ['invited'],
};
export const canMove = (from: ParticipantStatus, to: ParticipantStatus) => MOVES[from].includes(to);

export const MAX_STORES = 200;
export const MAX_SHARE_TOTAL = 10_000;

export interface CreateFacts {
  type: CampaignType;
  startsAt: string;
  endsAt: string;
  funding?: { mode: 'own_lines' | 'shares'; platformFundedBp?: number; organiserShareBp?: number };
  decoration?: Decoration | null;
  fanOffer?: unknown;
  invite?: string[];
  storeId: string;
}

const issue = (
  field: string,
  code: string,
  reason: string,
  params: Record<string, string | number> = {},
) => ({
  field,
  code,
  reason,
  params,
});

/** Checks the schema cannot express; the type's own rules are checked by its hooks. */
export function createIssues(b: CreateFacts, now: Date, operator: boolean): FieldIssue[] {
  const out: FieldIssue[] = [];
  const s = Date.parse(b.startsAt);
  const e = Date.parse(b.endsAt);
  if (e <= s)
    out.push(
      issue('endsAt', 'end_before_start', `endsAt (${b.endsAt}) must be after startsAt (${b.startsAt})`),
    );
  else if (e <= now.getTime())
    out.push(issue('endsAt', 'in_past', `endsAt (${b.endsAt}) has passed: the campaign would never run`));
  if (e - s > 90 * 86_400_000)
    out.push(issue('endsAt', 'too_long', 'a joint campaign runs at most 90 days', { maxDays: 90 }));
  const f = b.funding;
  if (f?.platformFundedBp && f.platformFundedBp > 0 && !operator)
    out.push(
      issue(
        'funding.platformFundedBp',
        'merchant_cannot_fund',
        'funding.platformFundedBp must be 0: a merchant cannot commit platform funding; ask an operator',
        { platformFundedBp: f.platformFundedBp },
      ),
    );
  if (f?.organiserShareBp !== undefined && f.mode !== 'shares')
    out.push(
      issue('funding.organiserShareBp', 'shares_only', 'organiserShareBp applies to funding.mode shares'),
    );
  if (b.type === 'shared_decoration' && !b.decoration)
    out.push(issue('decoration', 'required', 'a shared_decoration campaign needs its decoration'));
  if (b.type === 'ad_crowdfunding' && f?.mode === 'shares')
    out.push(issue('funding.mode', 'not_for_ads', 'ad crowdfunding splits the ad cost in rules.ad.split'));
  if (b.fanOffer && (b.type === 'ad_crowdfunding' || b.type === 'shared_decoration'))
    out.push(issue('fanOffer', 'not_for_type', `a ${b.type} campaign has no buyer offer to extend for fans`));
  (b.invite ?? []).forEach((id, i) => {
    if (id === b.storeId)
      out.push(issue(`invite.${i}`, 'organiser_store', `store ${id} organises the campaign`, { store: id }));
  });
  if ((b.invite?.length ?? 0) + 1 > MAX_STORES)
    out.push(issue('invite', 'too_many', `a campaign has at most ${MAX_STORES} stores`, { max: MAX_STORES }));
  return out;
}
