import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import { iso } from '../../core/time.ts';
import type { CampaignRow, CampaignType, Participant, ParticipantStatus } from './types.ts';

/** Campaign and participant rows: reads, inserts and the few updates the lifecycle makes. */

type Conn = Db | Tx;

interface CampaignRecord {
  id: string;
  type: CampaignType;
  name: string;
  name_zh: string | null;
  organiser_merchant_id: string;
  organiser_store_id: string;
  starts_at: Date | string;
  ends_at: Date | string;
  cancelled: boolean;
  rules: Record<string, unknown>;
  requirements: CampaignRow['requirements'];
  funding: CampaignRow['funding'];
  fan_offer: CampaignRow['fanOffer'];
  decoration: CampaignRow['decoration'];
  pricing: CampaignRow['pricing'];
  body_hash: string;
  version: number;
  created_at: Date | string;
}

export type StoredCampaign = CampaignRow & { bodyHash: string };

const toCampaign = (r: CampaignRecord): StoredCampaign => ({
  id: r.id,
  type: r.type,
  name: r.name,
  nameZh: r.name_zh,
  organiserMerchantId: r.organiser_merchant_id,
  organiserStoreId: r.organiser_store_id,
  startsAt: iso(r.starts_at)!,
  endsAt: iso(r.ends_at)!,
  cancelled: r.cancelled,
  rules: r.rules,
  requirements: r.requirements,
  funding: r.funding,
  fanOffer: r.fan_offer,
  decoration: r.decoration,
  pricing: r.pricing,
  bodyHash: r.body_hash,
  version: r.version,
  createdAt: iso(r.created_at)!,
});

export async function getCampaign(db: Conn, id: string, lock = false): Promise<StoredCampaign | null> {
  const r =
    await sql<CampaignRecord>`SELECT * FROM joint_campaigns WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(
      db,
    );
  return r.rows[0] ? toCampaign(r.rows[0]) : null;
}

export async function getCampaigns(db: Conn, ids: string[]): Promise<StoredCampaign[]> {
  if (!ids.length) return [];
  const r = await sql<CampaignRecord>`SELECT * FROM joint_campaigns WHERE id = ANY(${ids}::text[])`.execute(
    db,
  );
  const by = new Map(r.rows.map((x) => [x.id, toCampaign(x)]));
  return ids.flatMap((id) => (by.has(id) ? [by.get(id)!] : []));
}

/** Inserts unless the id exists; true when inserted. */
export async function insertCampaign(trx: Tx, c: StoredCampaign, createdBy: string): Promise<boolean> {
  const r =
    await sql`INSERT INTO joint_campaigns (id, type, name, name_zh, organiser_merchant_id, organiser_store_id,
      starts_at, ends_at, rules, requirements, funding, fan_offer, decoration, body_hash, created_by, created_at)
    VALUES (${c.id}, ${c.type}, ${c.name}, ${c.nameZh}, ${c.organiserMerchantId}, ${c.organiserStoreId},
      ${c.startsAt}::timestamptz, ${c.endsAt}::timestamptz, ${JSON.stringify(c.rules)}::jsonb,
      ${JSON.stringify(c.requirements)}::jsonb, ${JSON.stringify(c.funding)}::jsonb,
      ${c.fanOffer ? JSON.stringify(c.fanOffer) : null}::jsonb, ${c.decoration ? JSON.stringify(c.decoration) : null}::jsonb,
      ${c.bodyHash}, ${createdBy}, ${c.createdAt}::timestamptz)
    ON CONFLICT (id) DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Every change bumps the version (the console's optimistic reads and the webhooks' ordering rely on it). */
export async function touch(
  trx: Tx,
  id: string,
  set: { cancelled?: boolean; pricing?: CampaignRow['pricing'] } = {},
) {
  await sql`UPDATE joint_campaigns SET version = version + 1, updated_at = now()
    ${set.cancelled ? sql`, cancelled = true, cancelled_at = now()` : sql``}
    ${set.pricing ? sql`, pricing = ${JSON.stringify(set.pricing)}::jsonb` : sql``}
    WHERE id = ${id}`.execute(trx);
}

interface ParticipantRecord {
  campaign_id: string;
  store_id: string;
  store_name: string;
  merchant_id: string;
  merchant_name: string;
  role: Participant['role'];
  status: ParticipantStatus;
  share_bp: number | null;
  invited_at: Date | string;
  responded_at: Date | string | null;
  note: string | null;
}

const toParticipant = (r: ParticipantRecord): Participant => ({
  storeId: r.store_id,
  storeName: r.store_name,
  merchantId: r.merchant_id,
  merchantName: r.merchant_name,
  role: r.role,
  status: r.status,
  shareBp: r.share_bp,
  invitedAt: iso(r.invited_at)!,
  respondedAt: iso(r.responded_at),
  note: r.note,
});

/** Participants of campaigns, organiser first, then by invitation. */
export async function participantsOf(db: Conn, ids: string[]): Promise<Map<string, Participant[]>> {
  const out = new Map<string, Participant[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const r = await sql<ParticipantRecord>`SELECT p.*, s.name AS store_name, m.name AS merchant_name
    FROM joint_participants p JOIN stores s ON s.id = p.store_id JOIN merchants m ON m.id = p.merchant_id
    WHERE p.campaign_id = ANY(${ids}::text[])
    ORDER BY p.campaign_id, p.role = 'organiser' DESC, p.invited_at, p.store_id`.execute(db);
  for (const row of r.rows) out.get(row.campaign_id)?.push(toParticipant(row));
  return out;
}

export async function upsertParticipant(
  trx: Tx,
  campaignId: string,
  p: {
    storeId: string;
    merchantId: string;
    role: Participant['role'];
    status: ParticipantStatus;
    shareBp: number | null;
    note?: string | null;
  },
  now: Date,
) {
  const responded = p.status === 'invited' ? null : now.toISOString();
  await sql`INSERT INTO joint_participants (campaign_id, store_id, merchant_id, role, status, share_bp, invited_at,
      responded_at, note)
    VALUES (${campaignId}, ${p.storeId}, ${p.merchantId}, ${p.role}, ${p.status}, ${p.shareBp},
      ${now.toISOString()}::timestamptz, ${responded}::timestamptz, ${p.note ?? null})
    ON CONFLICT (campaign_id, store_id) DO UPDATE SET status = EXCLUDED.status, share_bp = EXCLUDED.share_bp,
      responded_at = EXCLUDED.responded_at, note = EXCLUDED.note,
      invited_at = CASE WHEN EXCLUDED.status = 'invited' THEN EXCLUDED.invited_at ELSE joint_participants.invited_at END`.execute(
    trx,
  );
}

export interface StoreInfo {
  id: string;
  name: string;
  merchantId: string;
  merchantName: string;
  /** Main category first, then its ancestors. */
  categoryPath: string[];
}

export async function storesByIds(db: Conn, ids: string[]): Promise<Map<string, StoreInfo>> {
  if (!ids.length) return new Map();
  const r = await sql<{
    id: string;
    name: string;
    merchant_id: string;
    merchant_name: string;
    c1: string | null;
    c2: string | null;
    c3: string | null;
  }>`SELECT s.id, s.name, s.merchant_id, m.name AS merchant_name, c.id AS c1, c.parent_id AS c2, p.parent_id AS c3
    FROM stores s JOIN merchants m ON m.id = s.merchant_id
    LEFT JOIN categories c ON c.id = s.main_category_id LEFT JOIN categories p ON p.id = c.parent_id
    WHERE s.id = ANY(${ids}::text[])`.execute(db);
  return new Map(
    r.rows.map((x) => [
      x.id,
      {
        id: x.id,
        name: x.name,
        merchantId: x.merchant_id,
        merchantName: x.merchant_name,
        categoryPath: [x.c1, x.c2, x.c3].filter((c): c is string => !!c),
      },
    ]),
  );
}

export interface ListFilter {
  merchantId?: string;
  role?: 'organiser' | 'participant' | 'invited';
  type?: CampaignType;
  status?: string;
  now: Date;
  limit: number;
  offset: number;
}

/** Campaign ids matching a list query, newest first, with the total. */
export async function listIds(db: Conn, f: ListFilter): Promise<{ ids: string[]; total: number }> {
  const now = f.now.toISOString();
  const status =
    f.status === 'cancelled'
      ? sql`c.cancelled`
      : f.status === 'ended'
        ? sql`NOT c.cancelled AND c.ends_at <= ${now}::timestamptz`
        : f.status === 'running'
          ? sql`NOT c.cancelled AND c.starts_at <= ${now}::timestamptz AND c.ends_at > ${now}::timestamptz`
          : f.status === 'inviting'
            ? sql`NOT c.cancelled AND c.starts_at > ${now}::timestamptz`
            : sql`true`;
  const partStatus =
    f.role === 'organiser'
      ? sql`p.role = 'organiser'`
      : f.role === 'invited'
        ? sql`p.status = 'invited'`
        : f.role === 'participant'
          ? sql`p.role = 'participant' AND p.status = 'accepted'`
          : sql`true`;
  const mine = f.merchantId
    ? sql`EXISTS (SELECT 1 FROM joint_participants p WHERE p.campaign_id = c.id AND p.merchant_id = ${f.merchantId} AND ${partStatus})`
    : f.role
      ? sql`EXISTS (SELECT 1 FROM joint_participants p WHERE p.campaign_id = c.id AND ${partStatus})`
      : sql`true`;
  const type = f.type ? sql`c.type = ${f.type}` : sql`true`;
  const r = await sql<{ id: string; total: number }>`SELECT c.id, count(*) OVER ()::int AS total
    FROM joint_campaigns c WHERE ${status} AND ${mine} AND ${type}
    ORDER BY c.created_at DESC, c.id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  let total = r.rows[0]?.total ?? 0;
  if (!r.rows.length && f.offset > 0) {
    const n = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM joint_campaigns c WHERE ${status} AND ${mine} AND ${type}`.execute(db);
    total = n.rows[0]!.n;
  }
  return { ids: r.rows.map((x) => x.id), total };
}
