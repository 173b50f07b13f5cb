import type { Principal } from '../../core/auth.ts';
import type { Database, Tx } from '../../core/db.ts';
import type { FieldIssue } from '../../core/errors.ts';

/** Joint marketing: the shapes every part of the module shares (campaigns, ads, partners). See docs/joint.md. */

export const CAMPAIGN_TYPES = [
  'cross_store_threshold',
  'cross_store_coupon',
  'ad_crowdfunding',
  'shared_decoration',
] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

/** Stored status is only `active` or `cancelled`; the view derives inviting / running / ended from the clock. */
export type CampaignStatus = 'inviting' | 'running' | 'ended' | 'cancelled';
export type ParticipantStatus = 'invited' | 'accepted' | 'declined' | 'removed';

export interface Decoration {
  theme: 'festive' | 'spring' | 'summer' | 'autumn' | 'winter' | 'minimal';
  bannerText: string;
  bannerTextZh?: string;
  /** #rrggbb */
  color: string;
  giftWrap: boolean;
  /** What gift packaging costs the buyer, fen (0 = free). */
  giftWrapFee?: number;
}

export interface Participant {
  storeId: string;
  storeName: string;
  merchantId: string;
  merchantName: string;
  role: 'organiser' | 'participant';
  status: ParticipantStatus;
  /** Agreed share of the campaign's merchant funding (funding.mode = shares) or of an ad's cost, bp. */
  shareBp: number | null;
  invitedAt: string;
  respondedAt: string | null;
  note: string | null;
}

/** A campaign as stored (rules are type-specific and validated by the type's hooks). */
export interface CampaignRow {
  id: string;
  type: CampaignType;
  name: string;
  nameZh: string | null;
  organiserMerchantId: string;
  organiserStoreId: string;
  startsAt: string;
  endsAt: string;
  cancelled: boolean;
  rules: Record<string, unknown>;
  requirements: { minStoreScore?: number | null; categoryIds?: string[] };
  funding: { mode: 'own_lines' | 'shares'; platformFundedBp?: number };
  fanOffer: { rule: unknown; quantity: number } | null;
  decoration: Decoration | null;
  pricing: { offerId: string | null; templateId: string | null; fanTemplateId: string | null };
  version: number;
  createdAt: string;
}

/**
 * What a campaign type adds to the shared lifecycle. Every hook runs inside the lifecycle's transaction, so
 * a refusal (a thrown Problem) leaves nothing written.
 */
export interface TypeHooks {
  /** Issues with the type's rules (fields prefixed `rules.`), before anything is written. */
  validate(rules: Record<string, unknown>, p: Principal): FieldIssue[];
  /** After the campaign and its organiser row are inserted. */
  onCreate?(trx: Tx, db: Database, c: CampaignRow, p: Principal, now: Date): Promise<void>;
  /** A store joined (accepted an invitation or joined an open campaign). */
  onJoin?(trx: Tx, db: Database, c: CampaignRow, part: Participant, now: Date): Promise<void>;
  /** An accepted store left (removed before start). */
  onLeave?(trx: Tx, db: Database, c: CampaignRow, part: Participant, now: Date): Promise<void>;
  onCancel?(trx: Tx, db: Database, c: CampaignRow, now: Date): Promise<void>;
}
