import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import type { Database } from '../../core/db.ts';
import { type FieldIssue, notFound, unprocessable } from '../../core/errors.ts';
import { createQuote, listingPricesFor } from '../pricing/index.ts';
import { rankerOf } from '../traffic/index.ts';
import { assertInvolved } from './access.ts';
import * as repo from './campaigns.repo.ts';
import { statusOf } from './domain/campaign.ts';
import { headline } from './domain/headline.ts';
import type { CampaignType } from './types.ts';

/**
 * The joint pool (every listed product of the accepted stores, ranked for a user by the traffic ranker and
 * priced with listing prices), its cross-store cart quote, the detail-page link and the shared decoration.
 */

const MAX_CANDIDATES = 1000;

interface PoolProduct {
  product_id: string;
  store_id: string;
  store_name: string;
  title: string;
  category_id: string;
  sku_id: string;
  sold: number;
}

async function acceptedStoreIds(db: Database, id: string): Promise<string[]> {
  const r = await sql<{ store_id: string }>`SELECT store_id FROM joint_participants
    WHERE campaign_id = ${id} AND status = 'accepted' ORDER BY store_id`.execute(db.kysely);
  return r.rows.map((x) => x.store_id);
}

/** Listed products with stock of the stores, most sold in 30 days first, each with its cheapest SKU in stock. */
async function products(db: Database, stores: string[], now: Date): Promise<PoolProduct[]> {
  if (!stores.length) return [];
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const r =
    await sql<PoolProduct>`SELECT p.id AS product_id, p.store_id, s.name AS store_name, p.title, p.category_id,
      (SELECT k.id FROM skus k WHERE k.product_id = p.id AND k.stock > 0 ORDER BY k.price, k.id LIMIT 1) AS sku_id,
      coalesce((SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
        WHERE l.product_id = p.id AND o.paid_at >= ${since}::timestamptz AND o.status <> 'cancelled'), 0)::int AS sold
    FROM products p JOIN stores s ON s.id = p.store_id
    WHERE p.store_id = ANY(${stores}::text[]) AND p.status = 'listed'
    ORDER BY sold DESC, p.id LIMIT ${MAX_CANDIDATES}`.execute(db.kysely);
  return r.rows.filter((x) => x.sku_id);
}

async function involved(db: Database, p: Principal, id: string) {
  const c = await repo.getCampaign(db.kysely, id);
  if (!c) throw notFound(`campaign ${id}`);
  // Buyers reach the pool through the integration; merchants of the campaign preview it.
  assertInvolved(p, c, (await repo.participantsOf(db.kysely, [id])).get(id)!);
  return c;
}

export async function pool(
  ctx: AppContext,
  p: Principal,
  id: string,
  q: { userId?: string; limit?: number },
  now: Date,
) {
  const db = ctx.db;
  await involved(db, p, id);
  const limit = q.limit ?? 50;
  const all = await products(db, await acceptedStoreIds(db, id), now);
  let ranking: 'traffic' | 'popularity' = 'popularity';
  let order = all;
  const reasons = new Map<string, unknown>();
  if (all.length) {
    try {
      const ranker = await rankerOf(ctx);
      const r = await ranker.rank({
        scene: 'mall',
        userId: q.userId,
        candidateIds: all.map((x) => x.product_id),
        pageSize: Math.min(limit, 100),
        log: false,
        at: now.getTime(),
      });
      const by = new Map(all.map((x) => [x.product_id, x]));
      const ranked = r.items.filter((i) => i.kind === 'product' && by.has(i.id));
      if (ranked.length) {
        ranking = 'traffic';
        for (const i of ranked) reasons.set(i.id, i.reasons);
        const seen = new Set(ranked.map((i) => i.id));
        // The ranker fills one page (with a per-store cap); the rest of the pool follows by popularity.
        order = [...ranked.map((i) => by.get(i.id)!), ...all.filter((x) => !seen.has(x.product_id))];
      }
    } catch (err) {
      ctx.log.warn({ err }, 'joint pool: traffic ranking unavailable, ranked by popularity');
    }
  }
  const page = order.slice(0, limit);
  // A merchant previews anonymous prices: a buyer's wallet is not theirs to read.
  const userId = p.role === 'merchant' ? undefined : q.userId;
  const prices = page.length
    ? (await listingPricesFor(db.kysely, { userId, skuIds: page.map((x) => x.sku_id) }, now, db.pool)).items
    : [];
  return {
    campaignId: id,
    ranking,
    items: page.map((x, i) => ({
      productId: x.product_id,
      storeId: x.store_id,
      storeName: x.store_name,
      title: x.title,
      categoryId: x.category_id,
      skuId: x.sku_id,
      listPrice: prices[i]!.listPrice,
      price: prices[i]!.price,
      ...(reasons.has(x.product_id) ? { reasons: reasons.get(x.product_id) } : {}),
    })),
  };
}

/** The pricing quote of a cart of pool SKUs (the cross-store threshold and coupons apply across stores). */
export async function cartQuote(
  db: Database,
  p: Principal,
  id: string,
  b: { userId?: string; lines: { skuId: string; quantity: number }[] },
  now: Date,
): Promise<string> {
  await involved(db, p, id);
  const stores = new Set(await acceptedStoreIds(db, id));
  const skuIds = [...new Set(b.lines.map((l) => l.skuId))];
  const r = await sql<{
    id: string;
    store_id: string;
  }>`SELECT k.id, p.store_id FROM skus k JOIN products p ON p.id = k.product_id
    WHERE k.id = ANY(${skuIds}::text[])`.execute(db.kysely);
  const storeOf = new Map(r.rows.map((x) => [x.id, x.store_id]));
  const issues: FieldIssue[] = [];
  b.lines.forEach((l, i) => {
    const s = storeOf.get(l.skuId);
    if (!s)
      issues.push({
        field: `lines.${i}.skuId`,
        code: 'unknown_sku',
        reason: `there is no sku ${l.skuId}`,
        params: { sku: l.skuId },
      });
    else if (!stores.has(s))
      issues.push({
        field: `lines.${i}.skuId`,
        code: 'not_in_pool',
        reason: `sku ${l.skuId} is of store ${s}, which is not in campaign ${id}`,
        params: { sku: l.skuId, store: s },
      });
  });
  if (issues.length) throw unprocessable(`the cart has lines outside the pool`, issues);
  const userId = p.role === 'merchant' ? undefined : b.userId;
  return createQuote(db.kysely, { ...(userId ? { userId } : {}), lines: b.lines }, now, db.pool);
}

const TYPE_ORDER: CampaignType[] = [
  'cross_store_threshold',
  'cross_store_coupon',
  'ad_crowdfunding',
  'shared_decoration',
];

/** Running campaigns with the store accepted, the most useful to a buyer first (a price offer, then ending soonest). */
async function runningFor(db: Database, storeId: string, now: Date) {
  const r = await sql<{ id: string }>`SELECT c.id FROM joint_campaigns c
    JOIN joint_participants p ON p.campaign_id = c.id AND p.store_id = ${storeId} AND p.status = 'accepted'
    WHERE NOT c.cancelled AND c.starts_at <= ${now.toISOString()}::timestamptz AND c.ends_at > ${now.toISOString()}::timestamptz
    ORDER BY c.ends_at, c.id`.execute(db.kysely);
  const cs = (
    await repo.getCampaigns(
      db.kysely,
      r.rows.map((x) => x.id),
    )
  ).filter((c) => statusOf(c, now) === 'running');
  return cs.sort((a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type));
}

export async function productLink(db: Database, productId: string, now: Date) {
  const r = await sql<{ store_id: string }>`SELECT store_id FROM products WHERE id = ${productId}`.execute(
    db.kysely,
  );
  if (!r.rows[0]) throw notFound(`product ${productId}`);
  const c = (await runningFor(db, r.rows[0].store_id, now))[0];
  if (!c) return { link: null };
  const h = headline(c);
  return {
    link: {
      campaignId: c.id,
      type: c.type,
      name: c.name,
      nameZh: c.nameZh,
      headline: h.en,
      headlineZh: h.zh,
      endsAt: c.endsAt,
      poolPath: `/v1/joint/campaigns/${c.id}/pool`,
    },
  };
}

export async function storeDecoration(db: Database, storeId: string, now: Date) {
  const s = await sql`SELECT 1 FROM stores WHERE id = ${storeId}`.execute(db.kysely);
  if (!s.rows.length) throw notFound(`store ${storeId}`);
  const withDeco = (await runningFor(db, storeId, now)).filter((c) => c.decoration);
  // The most recently started decoration wins when two campaigns overlap.
  withDeco.sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  const c = withDeco[0];
  return { decoration: c ? { ...c.decoration!, campaignId: c.id, name: c.name, endsAt: c.endsAt } : null };
}
