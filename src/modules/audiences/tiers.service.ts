import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import { type AudEnv, asOfDay, assertOwner, ttlCache, windowFrom } from './audiences.shared.ts';
import { Bitmap } from './bitmap.ts';
import type { Tier } from './domain/expression.ts';
import { lookalike } from './domain/lookalike.ts';
import { type TagIndex, tagIndex } from './tags.store.ts';

/**
 * Store relationship tiers (JD's DMP split of a brand's audience), as bitmaps of dense user indexes, as of the tag
 * build's business day:
 * - customers: paid an order at the store in the last 180 days;
 * - intent: viewed, clicked, carted or favourited at the store in 30 days, not a customer;
 * - competitor: bought the store's main level-1 category (tag `bought:<l1>`, 180 days) elsewhere, not a customer;
 * - potential: lookalike of the customers (as many as there are customers, at least 100), minus customers and intent;
 * - visitors: viewed, clicked or carted at the store in 30 days, or ordered there in 30 days;
 * - prospects: visitors who are not customers.
 */

export const CUSTOMER_DAYS = 180;
export const VISIT_DAYS = 30;
export const POTENTIAL_MIN = 100;

export interface StoreTiers {
  storeId: string;
  asOf: string;
  build: number;
  customers: Bitmap;
  intent: Bitmap;
  competitor: Bitmap;
  potential: Bitmap;
  visitors: Bitmap;
  prospects: Bitmap;
}

const idxBitmap = (rows: { idx: number }[]) => Bitmap.from(rows.map((r) => r.idx));

/** The level-1 ancestor of a store's main category (null when it has none). */
export async function storeMainL1(db: Db, storeId: string): Promise<string | null> {
  const r = await sql<{
    l1: string | null;
  }>`SELECT CASE WHEN c.level = 1 THEN c.id WHEN c2.level = 1 THEN c2.id
      ELSE c2.parent_id END AS l1
    FROM stores s JOIN categories c ON c.id = s.main_category_id LEFT JOIN categories c2 ON c2.id = c.parent_id
    WHERE s.id = ${storeId}`.execute(db);
  return r.rows[0]?.l1 ?? null;
}

async function storeSets(db: Db, storeId: string, asOf: string) {
  const [customers, activity, ordered] = await Promise.all([
    sql<{ idx: number }>`SELECT u.idx FROM aud_users u JOIN (SELECT DISTINCT consumer_id FROM orders
        WHERE store_id = ${storeId} AND paid_day BETWEEN ${windowFrom(asOf, CUSTOMER_DAYS)}::date AND ${asOf}::date
          AND status <> 'cancelled') o ON o.consumer_id = u.consumer_id ORDER BY 1`.execute(db),
    sql<{ idx: number; visit: boolean }>`SELECT u.idx, e.visit FROM aud_users u JOIN (
        SELECT user_id, bool_or(type IN ('view','click','cart')) AS visit FROM events
        WHERE store_id = ${storeId} AND day BETWEEN ${windowFrom(asOf, VISIT_DAYS)}::date AND ${asOf}::date
          AND type IN ('view','click','cart','favorite') AND user_id IS NOT NULL
        GROUP BY user_id) e ON e.user_id = u.consumer_id ORDER BY 1`.execute(db),
    sql<{ idx: number }>`SELECT u.idx FROM aud_users u JOIN (SELECT DISTINCT consumer_id FROM orders
        WHERE store_id = ${storeId} AND paid_day BETWEEN ${windowFrom(asOf, VISIT_DAYS)}::date AND ${asOf}::date
          AND status <> 'cancelled') o ON o.consumer_id = u.consumer_id ORDER BY 1`.execute(db),
  ]);
  return {
    customers: idxBitmap(customers.rows),
    active: idxBitmap(activity.rows),
    visited: idxBitmap(activity.rows.filter((r) => r.visit)),
    ordered: idxBitmap(ordered.rows),
  };
}

/** Every tag of the index as lookalike input. */
export const indexTags = (index: TagIndex) =>
  index
    .keys()
    .map((key) => ({ key, users: index.tag(key)! }))
    .filter((t) => t.users.size > 0);

async function computeTiers(db: Db, index: TagIndex, storeId: string, asOf: string): Promise<StoreTiers> {
  const [sets, l1] = await Promise.all([storeSets(db, storeId, asOf), storeMainL1(db, storeId)]);
  const { customers } = sets;
  const intent = Bitmap.andNot(sets.active, customers);
  const bought = l1 ? index.tag(`bought:${l1}`) : undefined;
  const competitor = bought ? Bitmap.andNot(bought, customers) : new Bitmap();
  const potential = customers.size
    ? lookalike(customers, index.universe, indexTags(index), Math.max(customers.size, POTENTIAL_MIN), {
        exclude: intent,
      }).users
    : new Bitmap();
  const visitors = Bitmap.or(sets.visited, sets.ordered);
  const prospects = Bitmap.andNot(visitors, customers);
  return { storeId, asOf, build: index.build, customers, intent, competitor, potential, visitors, prospects };
}

const tierCache = ttlCache<StoreTiers>(10 * 60_000, 200);

/** A store's tiers as of the current tag build (cached 10 minutes per store and build). */
export async function storeTiers(env: AudEnv, storeId: string): Promise<StoreTiers> {
  const index = await tagIndex(env.db);
  const asOf = asOfDay(index.asOf, env.timeZone);
  return tierCache(env.db, `${storeId}|${asOf}|${index.build}`, () =>
    computeTiers(env.db, index, storeId, asOf),
  );
}

export const tierOf = (t: StoreTiers, tier: Tier): Bitmap => t[tier];

const customersCache = ttlCache<Bitmap>(10 * 60_000, 200);

/** Customers of any of a merchant's stores (paid in 180 days): the `customers` insight base (cached 10 minutes). */
export async function merchantCustomers(env: AudEnv, merchantId: string): Promise<Bitmap> {
  const index = await tagIndex(env.db);
  const asOf = asOfDay(index.asOf, env.timeZone);
  return customersCache(env.db, `${merchantId}|${asOf}`, async () => {
    const r = await sql<{
      idx: number;
    }>`SELECT u.idx FROM aud_users u JOIN (SELECT DISTINCT consumer_id FROM orders
        WHERE merchant_id = ${merchantId} AND status <> 'cancelled'
          AND paid_day BETWEEN ${windowFrom(asOf, CUSTOMER_DAYS)}::date AND ${asOf}::date) o
        ON o.consumer_id = u.consumer_id ORDER BY 1`.execute(env.db);
    return idxBitmap(r.rows);
  });
}

/** GET /audiences/stores/:storeId/tiers: counts only. */
export async function tiersView(env: AudEnv, p: Principal, storeId: string) {
  const s = await sql<{ merchant_id: string }>`SELECT merchant_id FROM stores WHERE id = ${storeId}`.execute(
    env.db,
  );
  const store = s.rows[0];
  if (!store) throw notFound(`no store ${storeId}`);
  assertOwner(p, store.merchant_id, `store ${storeId}`);
  const t = await storeTiers(env, storeId);
  return {
    storeId,
    asOf: t.asOf,
    build: t.build,
    tiers: {
      customers: t.customers.size,
      intent: t.intent.size,
      potential: t.potential.size,
      competitor: t.competitor.size,
    },
    visitors: {
      total: t.visitors.size,
      customers: t.visitors.andCardinality(t.customers),
      prospects: t.prospects.size,
    },
  };
}
