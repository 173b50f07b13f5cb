import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { iso } from '../../core/time.ts';
import type { ContributionStatus, FundingStatus, Range, Split } from './domain/ads.ts';

/** Ad crowdfunding's tables (0820_joint_ads.sql): the whitelist, the ads and their contributions. */

export interface AdRow {
  campaignId: string;
  slot: string;
  price: number;
  exposures: number;
  deadline: string;
  split: Split;
  seats: number | null;
  units: number;
  maxParticipants: number;
  startsAt: string;
  endsAt: string;
  status: FundingStatus;
  programId: string | null;
  fundedAt: string | null;
  closedAt: string | null;
}

export interface ContributionRow {
  campaignId: string;
  storeId: string;
  seq: number;
  merchantId: string;
  ranges: Range[];
  shareBp: number;
  amount: number;
  status: ContributionStatus;
  holdKey: string;
  joinedAt: string;
  resolvedAt: string | null;
}

interface RawAd {
  campaign_id: string;
  slot: string;
  price: string;
  exposures: string;
  deadline: Date;
  split: Split;
  seats: number | null;
  units: number;
  max_participants: number;
  starts_at: Date;
  ends_at: Date;
  status: FundingStatus;
  program_id: string | null;
  funded_at: Date | null;
  closed_at: Date | null;
}

const toAd = (r: RawAd): AdRow => ({
  campaignId: r.campaign_id,
  slot: r.slot,
  price: Number(r.price),
  exposures: Number(r.exposures),
  deadline: iso(r.deadline)!,
  split: r.split,
  seats: r.seats,
  units: r.units,
  maxParticipants: r.max_participants,
  startsAt: iso(r.starts_at)!,
  endsAt: iso(r.ends_at)!,
  status: r.status,
  programId: r.program_id,
  fundedAt: iso(r.funded_at),
  closedAt: iso(r.closed_at),
});

interface RawContribution {
  campaign_id: string;
  store_id: string;
  seq: number;
  merchant_id: string;
  ranges: Range[] | string;
  share_bp: number;
  amount: string;
  status: ContributionStatus;
  hold_key: string;
  joined_at: Date;
  resolved_at: Date | null;
}

const toContribution = (r: RawContribution): ContributionRow => ({
  campaignId: r.campaign_id,
  storeId: r.store_id,
  seq: r.seq,
  merchantId: r.merchant_id,
  ranges: typeof r.ranges === 'string' ? JSON.parse(r.ranges) : r.ranges,
  shareBp: r.share_bp,
  amount: Number(r.amount),
  status: r.status,
  holdKey: r.hold_key,
  joinedAt: iso(r.joined_at)!,
  resolvedAt: iso(r.resolved_at),
});

/** The ad of a campaign; `lock` takes its row for update (joins, leaves and the sweep serialise on it). */
export async function getAd(db: Db, campaignId: string, lock = false): Promise<AdRow | null> {
  const { rows } = await sql<RawAd>`SELECT * FROM joint_ads WHERE campaign_id = ${campaignId}
    ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return rows[0] ? toAd(rows[0]) : null;
}

export async function insertAd(db: Db, a: Omit<AdRow, 'status' | 'programId' | 'fundedAt' | 'closedAt'>) {
  await sql`INSERT INTO joint_ads (campaign_id, slot, price, exposures, deadline, split, seats, units, max_participants,
      starts_at, ends_at)
    VALUES (${a.campaignId}, ${a.slot}, ${a.price}, ${a.exposures}, ${a.deadline}::timestamptz, ${a.split}, ${a.seats},
      ${a.units}, ${a.maxParticipants}, ${a.startsAt}::timestamptz, ${a.endsAt}::timestamptz)`.execute(db);
}

export async function setAdStatus(
  db: Db,
  campaignId: string,
  status: FundingStatus,
  at: Date,
  programId?: string,
) {
  await sql`UPDATE joint_ads SET status = ${status},
      program_id = COALESCE(${programId ?? null}, program_id),
      funded_at = CASE WHEN ${status} = 'funded' THEN ${at} ELSE funded_at END,
      closed_at = CASE WHEN ${status} IN ('refunded','cancelled') THEN ${at} ELSE closed_at END
    WHERE campaign_id = ${campaignId}`.execute(db);
}

/** Every contribution of an ad (voided ones too), in join order. */
export async function contributions(db: Db, campaignId: string): Promise<ContributionRow[]> {
  const { rows } = await sql<RawContribution>`SELECT * FROM joint_ad_contributions
    WHERE campaign_id = ${campaignId} ORDER BY joined_at, store_id, seq`.execute(db);
  return rows.map(toContribution);
}

export async function insertContribution(db: Db, c: Omit<ContributionRow, 'resolvedAt'>) {
  await sql`INSERT INTO joint_ad_contributions (campaign_id, store_id, seq, merchant_id, ranges, share_bp, amount,
      status, hold_key, joined_at)
    VALUES (${c.campaignId}, ${c.storeId}, ${c.seq}, ${c.merchantId}, ${JSON.stringify(c.ranges)}::jsonb, ${c.shareBp},
      ${c.amount}, ${c.status}, ${c.holdKey}, ${c.joinedAt}::timestamptz)`.execute(db);
}

export async function setContributionStatus(
  db: Db,
  campaignId: string,
  keys: string[],
  status: ContributionStatus,
  at: Date,
) {
  if (!keys.length) return;
  await sql`UPDATE joint_ad_contributions SET status = ${status}, resolved_at = ${at}
    WHERE campaign_id = ${campaignId} AND hold_key = ANY(${keys}::text[])`.execute(db);
}

/** Open ads whose deadline is at or before `now` (the sweep's work). */
export async function dueAds(db: Db, now: Date): Promise<string[]> {
  const { rows } = await sql<{ campaign_id: string }>`SELECT campaign_id FROM joint_ads
    WHERE status = 'open' AND deadline <= ${now} ORDER BY deadline, campaign_id LIMIT 1000`.execute(db);
  return rows.map((r) => r.campaign_id);
}

export interface AdListFilter {
  status?: FundingStatus;
  /** Only ads whose deadline is still ahead (status open). */
  joinableAt?: Date;
  /** Ads one of this merchant's stores takes part in (any participant state), or organised. */
  merchantId?: string;
}

export async function listAdIds(db: Db, f: AdListFilter): Promise<string[]> {
  const m = f.merchantId ?? null;
  const { rows } = await sql<{ campaign_id: string }>`SELECT a.campaign_id FROM joint_ads a
    JOIN joint_campaigns c ON c.id = a.campaign_id
    WHERE (${f.status ?? null}::text IS NULL OR a.status = ${f.status ?? null})
      AND (${f.joinableAt ?? null}::timestamptz IS NULL OR (a.deadline > ${f.joinableAt ?? null}::timestamptz AND NOT c.cancelled))
      AND (${m}::text IS NULL OR c.organiser_merchant_id = ${m}
           OR EXISTS (SELECT 1 FROM joint_participants p WHERE p.campaign_id = a.campaign_id AND p.merchant_id = ${m})
           OR EXISTS (SELECT 1 FROM joint_ad_contributions k WHERE k.campaign_id = a.campaign_id AND k.merchant_id = ${m}))
    ORDER BY a.deadline, a.campaign_id LIMIT 500`.execute(db);
  return rows.map((r) => r.campaign_id);
}

// ---- whitelist ----

export interface WhitelistEntry {
  merchantId: string;
  merchantName: string | null;
  note: string | null;
  addedBy: string | null;
  addedAt: string;
}

export async function isWhitelisted(db: Db, merchantId: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM joint_whitelist WHERE merchant_id = ${merchantId}`.execute(db);
  return rows.length > 0;
}

const toEntry = (r: {
  merchant_id: string;
  merchant_name: string | null;
  note: string | null;
  added_by: string | null;
  added_at: Date;
}): WhitelistEntry => ({
  merchantId: r.merchant_id,
  merchantName: r.merchant_name,
  note: r.note,
  addedBy: r.added_by,
  addedAt: iso(r.added_at)!,
});

export async function whitelist(db: Db, merchantId?: string): Promise<WhitelistEntry[]> {
  const { rows } = await sql<
    Parameters<typeof toEntry>[0]
  >`SELECT w.merchant_id, m.name AS merchant_name, w.note,
      w.added_by, w.added_at
    FROM joint_whitelist w LEFT JOIN merchants m ON m.id = w.merchant_id
    WHERE (${merchantId ?? null}::text IS NULL OR w.merchant_id = ${merchantId ?? null})
    ORDER BY w.added_at DESC, w.merchant_id`.execute(db);
  return rows.map(toEntry);
}

/** Adds or updates (the note) a merchant's entry. */
export async function putWhitelist(db: Db, merchantId: string, note: string | null, by: string | null) {
  await sql`INSERT INTO joint_whitelist (merchant_id, note, added_by) VALUES (${merchantId}, ${note}, ${by})
    ON CONFLICT (merchant_id) DO UPDATE SET note = EXCLUDED.note`.execute(db);
}

export async function deleteWhitelist(db: Db, merchantId: string): Promise<boolean> {
  const r = await sql`DELETE FROM joint_whitelist WHERE merchant_id = ${merchantId}`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function merchantExists(db: Db, merchantId: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM merchants WHERE id = ${merchantId}`.execute(db);
  return rows.length > 0;
}
