import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { type FieldIssue, summarize, unprocessable } from '../../core/errors.ts';
import { type AudEnv, asOfDay, forbiddenAt, ttlCache, windowFrom } from './audiences.shared.ts';
import { Bitmap, fromBytes } from './bitmap.ts';
import { groupDef, parseTag } from './domain/catalog.ts';
import {
  type EventLeaf,
  type Expr,
  evaluate,
  type Leaf,
  leafKey,
  leavesOf,
  validateExpr,
} from './domain/expression.ts';
import { lookalike } from './domain/lookalike.ts';
import { type TagIndex, tagIndex } from './tags.store.ts';
import { indexTags, storeTiers, tierOf } from './tiers.service.ts';

/**
 * Leaves of audience expressions: checking what they name (stores and audiences of the audience's merchant only,
 * categories and brands that exist, catalog tags) and resolving them to bitmaps — tags from the tag index,
 * behaviour conditions by SQL over events (orders for 'order', cached 10 minutes), store tiers, other
 * audiences' latest snapshots, lookalikes of them.
 */

export const EVENT_CACHE_MS = 10 * 60_000;

type EventSpec = EventLeaf['event'];

/** `category` matches a product in the category or any of its descendants (three levels). */
const categoryMatch = (cat: string) => sql`${cat} IN (c.id, c.parent_id, c2.parent_id)`;

/** Users (dense indexes) who did `type` at least `min` times in the `days` business days ending on `asOf`. */
export async function eventUsers(db: Db, e: EventSpec, asOf: string): Promise<Bitmap> {
  const from = windowFrom(asOf, e.days);
  const product = e.category !== undefined || e.brand !== undefined;
  const joins = sql`JOIN products p ON p.id = x.product_id JOIN categories c ON c.id = p.category_id
    LEFT JOIN categories c2 ON c2.id = c.parent_id`;
  const conds = sql.join(
    [
      ...(e.category !== undefined ? [categoryMatch(e.category)] : []),
      ...(e.brand !== undefined ? [sql`p.brand_id = ${e.brand}`] : []),
    ],
    sql` AND `,
  );
  let q: ReturnType<typeof sql<{ idx: number }>>;
  if (e.type === 'order') {
    const lines = product
      ? sql`AND EXISTS (SELECT 1 FROM order_lines x ${joins} WHERE x.order_id = o.id AND ${conds})`
      : sql``;
    q = sql<{ idx: number }>`SELECT u.idx FROM aud_users u JOIN (
        SELECT o.consumer_id FROM orders o
        WHERE o.paid_day BETWEEN ${from}::date AND ${asOf}::date AND o.status <> 'cancelled'
          ${e.store !== undefined ? sql`AND o.store_id = ${e.store}` : sql``} ${lines}
        GROUP BY o.consumer_id HAVING count(*) >= ${e.min}) t ON t.consumer_id = u.consumer_id ORDER BY 1`;
  } else {
    q = sql<{ idx: number }>`SELECT u.idx FROM aud_users u JOIN (
        SELECT x.user_id FROM events x ${product ? joins : sql``}
        WHERE x.day BETWEEN ${from}::date AND ${asOf}::date AND x.type = ${e.type} AND x.user_id IS NOT NULL
          ${e.store !== undefined ? sql`AND x.store_id = ${e.store}` : sql``}
          ${product ? sql`AND ${conds}` : sql``}
        GROUP BY x.user_id HAVING count(*) >= ${e.min}) t ON t.user_id = u.consumer_id ORDER BY 1`;
  }
  const r = await q.execute(db);
  return Bitmap.from(r.rows.map((x) => x.idx));
}

const eventCache = ttlCache<Bitmap>(EVENT_CACHE_MS, 1000);

export interface Snapshot {
  audienceId: string;
  no: number;
  build: number;
  size: number;
  bitmap: Bitmap;
  takenAt: Date;
}

/** An audience's latest snapshot (bitmap included), or null before the first. */
export async function latestSnapshot(db: Db, audienceId: string): Promise<Snapshot | null> {
  const r = await sql<{ no: number; build: number; size: number; bitmap: Uint8Array; taken_at: Date }>`
    SELECT no, build, size, bitmap, taken_at FROM aud_snapshots WHERE audience_id = ${audienceId}
    ORDER BY no DESC LIMIT 1`.execute(db);
  const x = r.rows[0];
  return x
    ? {
        audienceId,
        no: x.no,
        build: x.build,
        size: x.size,
        bitmap: fromBytes(x.bitmap),
        takenAt: new Date(x.taken_at),
      }
    : null;
}

const lookalikeCache = ttlCache<Bitmap>(EVENT_CACHE_MS, 200);

/** A lookalike of a seed over the index's tags (cached by seed identity, build and size). */
export function lookalikeOf(db: Db, index: TagIndex, seedKey: string, seed: Bitmap, size: number) {
  return lookalikeCache(
    db,
    `${seedKey}|${index.build}|${size}`,
    async () => lookalike(seed, index.universe, indexTags(index), size).users,
  );
}

export interface CheckOptions {
  merchantId: string;
  /** The audience being saved (it may not name itself). */
  selfId?: string;
  path?: string;
}

/**
 * Shape and references of an expression: 422 with every field issue (unknown tags, categories, brands, stores,
 * audiences; the audience itself), 403 when it names a store or audience of another merchant.
 */
export async function checkExpression(env: AudEnv, e: unknown, opts: CheckOptions): Promise<Expr> {
  const index = await tagIndex(env.db);
  const path = opts.path ?? 'expression';
  // Before the first build every catalog group is known; afterwards the build's keys are the catalog.
  const isKnownTag = (k: string) =>
    index.build ? index.tag(k) !== undefined : groupDef(parseTag(k)?.group ?? '') !== undefined;
  const shape = validateExpr(e, { isKnownTag, path });
  if (shape.length) throw unprocessable(`the expression is not valid: ${summarize(shape)}`, shape);
  const expr = e as Expr;
  const leaves = leavesOf(expr, path);
  const ids = (pick: (l: Leaf) => string | undefined) => [
    ...new Set(leaves.flatMap(({ leaf }) => pick(leaf) ?? [])),
  ];
  const storeIds = ids((l) => ('tier' in l ? l.tier.store : 'event' in l ? l.event.store : undefined));
  const audienceIds = ids((l) =>
    'audience' in l ? l.audience : 'lookalike' in l ? l.lookalike.audience : undefined,
  );
  const cats = ids((l) => ('event' in l ? l.event.category : undefined));
  const brands = ids((l) => ('event' in l ? l.event.brand : undefined));
  // Only what the expression names is looked up (a tags-only expression costs no query).
  const none = Promise.resolve({ rows: [] as never[] });
  const [stores, auds, catRows, brandRows] = await Promise.all([
    storeIds.length
      ? sql<{ id: string; merchant_id: string }>`SELECT id, merchant_id FROM stores
          WHERE id = ANY(${storeIds}::text[])`.execute(env.db)
      : none,
    audienceIds.length
      ? sql<{ id: string; merchant_id: string; snaps: number }>`SELECT a.id, a.merchant_id,
            (SELECT count(*)::int FROM aud_snapshots s WHERE s.audience_id = a.id) AS snaps
          FROM aud_audiences a WHERE a.id = ANY(${audienceIds}::text[])`.execute(env.db)
      : none,
    cats.length
      ? sql<{ id: string }>`SELECT id FROM categories WHERE id = ANY(${cats}::text[])`.execute(env.db)
      : none,
    brands.length
      ? sql<{ id: string }>`SELECT id FROM brands WHERE id = ANY(${brands}::text[])`.execute(env.db)
      : none,
  ]);
  const storeOwner = new Map(stores.rows.map((s) => [s.id, s.merchant_id]));
  const audOwner = new Map(auds.rows.map((a) => [a.id, a]));
  const catSet = new Set(catRows.rows.map((c) => c.id));
  const brandSet = new Set(brandRows.rows.map((b) => b.id));
  const bad: FieldIssue[] = [];
  const foreign: FieldIssue[] = [];
  const store = (id: string | undefined, field: string) => {
    if (id === undefined) return;
    const owner = storeOwner.get(id);
    if (owner === undefined) bad.push({ field, reason: `unknown store ${id}`, code: 'unknown_store' });
    else if (owner !== opts.merchantId)
      foreign.push({ field, reason: `store ${id} belongs to another merchant`, code: 'foreign_store' });
  };
  const audience = (id: string, field: string) => {
    const a = audOwner.get(id);
    if (id === opts.selfId)
      bad.push({ field, reason: 'an audience cannot name itself', code: 'self_reference' });
    else if (!a) bad.push({ field, reason: `unknown audience ${id}`, code: 'unknown_audience' });
    else if (a.merchant_id !== opts.merchantId)
      foreign.push({ field, reason: `audience ${id} belongs to another merchant`, code: 'foreign_audience' });
    else if (!a.snaps) bad.push({ field, reason: `audience ${id} has no snapshot yet`, code: 'no_snapshot' });
  };
  for (const { leaf, path: at } of leaves) {
    if ('tier' in leaf) store(leaf.tier.store, `${at}.tier.store`);
    else if ('event' in leaf) {
      store(leaf.event.store, `${at}.event.store`);
      const c = leaf.event.category;
      if (c !== undefined && !catSet.has(c))
        bad.push({
          field: `${at}.event.category`,
          reason: `unknown category ${c}`,
          code: 'unknown_category',
        });
      const b = leaf.event.brand;
      if (b !== undefined && !brandSet.has(b))
        bad.push({ field: `${at}.event.brand`, reason: `unknown brand ${b}`, code: 'unknown_brand' });
    } else if ('audience' in leaf) audience(leaf.audience, `${at}.audience`);
    else if ('lookalike' in leaf) audience(leaf.lookalike.audience, `${at}.lookalike.audience`);
  }
  if (foreign.length)
    throw forbiddenAt(`the expression names another merchant's data: ${summarize(foreign)}`, foreign);
  if (bad.length) throw unprocessable(`the expression is not valid: ${summarize(bad)}`, bad);
  return expr;
}

export interface Evaluation {
  users: Bitmap;
  index: TagIndex;
  asOf: string;
  ms: number;
}

/** Resolves every distinct leaf once (in parallel) and evaluates the expression over the tag build's universe. */
export async function evaluateExpression(env: AudEnv, expr: Expr): Promise<Evaluation> {
  const t0 = performance.now();
  const index = await tagIndex(env.db);
  const asOf = asOfDay(index.asOf, env.timeZone);
  const distinct = new Map<string, Leaf>();
  for (const { leaf } of leavesOf(expr)) distinct.set(leafKey(leaf), leaf);
  const resolved = new Map<string, Bitmap>();
  await Promise.all(
    [...distinct].map(async ([key, leaf]) => {
      resolved.set(key, await resolveLeaf(env, index, asOf, leaf));
    }),
  );
  const users = evaluate(expr, (l) => resolved.get(leafKey(l))!, index.universe);
  return { users, index, asOf, ms: Math.round((performance.now() - t0) * 100) / 100 };
}

const EMPTY = new Bitmap();

async function resolveLeaf(env: AudEnv, index: TagIndex, asOf: string, leaf: Leaf): Promise<Bitmap> {
  if ('tag' in leaf) return index.tag(leaf.tag) ?? EMPTY;
  if ('event' in leaf)
    return eventCache(env.db, `${leafKey(leaf)}|${asOf}`, () => eventUsers(env.db, leaf.event, asOf));
  if ('tier' in leaf) return tierOf(await storeTiers(env, leaf.tier.store), leaf.tier.tier);
  const id = 'audience' in leaf ? leaf.audience : leaf.lookalike.audience;
  const snap = await latestSnapshot(env.db, id);
  if (!snap) return EMPTY;
  if ('audience' in leaf) return snap.bitmap;
  return lookalikeOf(env.db, index, `${id}#${snap.no}`, snap.bitmap, leaf.lookalike.size);
}
