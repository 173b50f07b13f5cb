import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import { partyNames } from './names.ts';

/** Thin queries over share_links (and the click counts a link owner sees). */

type Conn = Db | Tx;

export interface LinkRow {
  id: string;
  code: string;
  partyType: 'creator' | 'promoter';
  partyId: string;
  planId: string | null;
  productId: string | null;
  storeId: string | null;
  subId: string | null;
  targetUrl: string;
  createdAt: string;
}

const COLUMNS = sql`l.id, l.code, l.party_type AS "partyType", l.party_id AS "partyId", l.plan_id AS "planId",
  l.product_id AS "productId", l.store_id AS "storeId", l.sub_id AS "subId", l.target_url AS "targetUrl",
  l.created_at AS "createdAt"`;

const fix = <T extends { createdAt: string | Date }>(r: T) => ({
  ...r,
  createdAt: new Date(r.createdAt).toISOString(),
});

/** Inserts unless the code or the (party, target, sub-id) exists; true when written. */
export async function insertLink(db: Conn, l: Omit<LinkRow, 'createdAt'>): Promise<boolean> {
  const r = await sql`INSERT INTO share_links (id, code, party_type, party_id, plan_id, product_id, store_id,
      sub_id, target_url)
    VALUES (${l.id}, ${l.code}, ${l.partyType}, ${l.partyId}, ${l.planId}, ${l.productId}, ${l.storeId},
      ${l.subId}, ${l.targetUrl})
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** The link of a party for a target and sub-id (the natural key of share_links_natural). */
export async function findLink(
  db: Conn,
  k: {
    partyType: string;
    partyId: string;
    productId: string | null;
    storeId: string | null;
    subId: string | null;
  },
): Promise<LinkRow | undefined> {
  const r = await sql<LinkRow>`SELECT ${COLUMNS} FROM share_links l
    WHERE l.party_type = ${k.partyType} AND l.party_id = ${k.partyId}
      AND coalesce(l.product_id, '') = ${k.productId ?? ''} AND coalesce(l.store_id, '') = ${k.storeId ?? ''}
      AND coalesce(l.sub_id, '') = ${k.subId ?? ''}`.execute(db);
  return r.rows[0] ? fix(r.rows[0]) : undefined;
}

export async function linkById(db: Conn, id: string): Promise<LinkRow | undefined> {
  const r = await sql<LinkRow>`SELECT ${COLUMNS} FROM share_links l WHERE l.id = ${id}`.execute(db);
  return r.rows[0] ? fix(r.rows[0]) : undefined;
}

export async function linkByCode(db: Conn, code: string): Promise<LinkRow | undefined> {
  const r = await sql<LinkRow>`SELECT ${COLUMNS} FROM share_links l WHERE l.code = ${code}`.execute(db);
  return r.rows[0] ? fix(r.rows[0]) : undefined;
}

export interface LinkListQuery {
  party?: { type: string; id: string };
  productId?: string;
  subId?: string;
  limit: number;
  offset: number;
}

/** Links with their click counts (all time, distinct known consumers, last click), newest first. */
export async function listLinks(db: Conn, q: LinkListQuery) {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (q.party) parts.push(sql`l.party_type = ${q.party.type} AND l.party_id = ${q.party.id}`);
  if (q.productId) parts.push(sql`l.product_id = ${q.productId}`);
  if (q.subId) parts.push(sql`l.sub_id = ${q.subId}`);
  const where = sql.join(parts, sql` AND `);
  const party = partyNames(sql`l.party_type`, sql`l.party_id`, 'pn');
  const r = await sql<
    LinkRow & {
      clicks: number;
      consumers: number;
      lastClickAt: Date | null;
      partyName: string | null;
      productTitle: string | null;
      storeName: string | null;
      planName: string | null;
    }
  >`
    SELECT ${COLUMNS}, c.clicks, c.consumers, c.last AS "lastClickAt", ${party.name} AS "partyName",
      p.title AS "productTitle", st.name AS "storeName", pl.name AS "planName"
    FROM share_links l
    CROSS JOIN LATERAL (SELECT count(*)::int AS clicks, count(DISTINCT consumer_id)::int AS consumers,
      max(clicked_at) AS last FROM share_clicks s WHERE s.link_id = l.id) c
    LEFT JOIN products p ON p.id = l.product_id
    LEFT JOIN stores st ON st.id = coalesce(l.store_id, p.store_id)
    LEFT JOIN commission_plans pl ON pl.id = l.plan_id
    ${party.joins}
    WHERE ${where} ORDER BY l.created_at DESC, l.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  const total = (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM share_links l WHERE ${where}`.execute(db)
  ).rows[0]!.n;
  return {
    items: r.rows.map((x) => ({
      ...fix(x),
      lastClickAt: x.lastClickAt ? new Date(x.lastClickAt).toISOString() : null,
    })),
    total,
  };
}

/** Clicks of one link per business day in the marketplace's zone, over [from, to). */
export async function clicksByDay(db: Conn, linkId: string, from: Date, to: Date, timeZone: string) {
  const r = await sql<{ day: string; clicks: number; consumers: number }>`
    SELECT to_char(clicked_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, count(*)::int AS clicks,
      count(DISTINCT consumer_id)::int AS consumers
    FROM share_clicks WHERE link_id = ${linkId} AND clicked_at >= ${from} AND clicked_at < ${to}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return r.rows;
}

/** The product's merchant and store, when it exists. */
export async function productOf(db: Conn, id: string) {
  const r = await sql<{
    merchantId: string;
    storeId: string;
    status: string;
  }>`SELECT merchant_id AS "merchantId",
      store_id AS "storeId", status FROM products WHERE id = ${id}`.execute(db);
  return r.rows[0];
}

export async function storeMerchant(db: Conn, id: string): Promise<string | undefined> {
  const r = await sql<{ m: string }>`SELECT merchant_id AS m FROM stores WHERE id = ${id}`.execute(db);
  return r.rows[0]?.m;
}
