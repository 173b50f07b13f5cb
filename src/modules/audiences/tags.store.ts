import { drainEvents, queueStats } from './profiles.queue.ts';
import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { businessDay } from '../../core/time.ts';
import { Bitmap, fromBytes, toBytes } from './bitmap.ts';
import { AFFINITY_FLOOR, CATALOG_VERSION, catalogKeys } from './domain/catalog.ts';
import type { BrandStat, CategoryStat, ChannelStat, OrderStats, Profile } from './domain/profile.ts';
import { affinityWeight, tagsOf } from './domain/profile.ts';

export { refreshProfiles, rebuildProfiles } from './profiles.service.ts';

/**
 * The tag store: dense user indexes (aud_users), tag builds (profiles → one Roaring bitmap per catalog key,
 * persisted in aud_tag_bitmaps, the last two builds kept) and the in-memory index of the latest build that the
 * audience builder evaluates expressions on.
 */

export interface TagIndex {
  /** aud_tag_builds.id of the loaded build (0 = none yet). */
  build: number;
  catalogVersion: number;
  builtAt: string | null;
  /** The business day the build describes. */
  asOf: string | null;
  /** Every indexed consumer. */
  universe: Bitmap;
  /** undefined = unknown key; a known key with no users = an empty bitmap. */
  tag(key: string): Bitmap | undefined;
  keys(): string[];
}

export interface BuildStats {
  build: number;
  users: number;
  tags: number;
  ms: number;
  asOf: string;
}

const EMPTY_INDEX = (): TagIndex => {
  const universe = new Bitmap();
  return {
    build: 0,
    catalogVersion: CATALOG_VERSION,
    builtAt: null,
    asOf: null,
    universe,
    tag: () => undefined,
    keys: () => [],
  };
};

/** How often a cached index looks for a newer build. */
export const INDEX_CHECK_MS = 5_000;

interface Cached {
  index: TagIndex;
  checkedAt: number;
  loading: Promise<TagIndex> | null;
}
const cache = new WeakMap<Db, Cached>();

async function latestBuild(db: Db): Promise<number> {
  const r = await sql<{ id: number | null }>`SELECT max(id) AS id FROM aud_tag_builds`.execute(db);
  return r.rows[0]?.id ?? 0;
}

/** Reads a build's bitmaps into an index. */
export async function loadBuild(db: Db, id: number): Promise<TagIndex> {
  const b = await sql<{
    id: number;
    catalog_version: number;
    built_at: Date;
    as_of: string;
    universe: Uint8Array;
  }>`
    SELECT id, catalog_version, built_at, as_of::text AS as_of, universe FROM aud_tag_builds WHERE id = ${id}`.execute(
    db,
  );
  const row = b.rows[0];
  if (!row) return EMPTY_INDEX();
  const tags = new Map<string, Bitmap>();
  const r = await sql<{ tag: string; bitmap: Uint8Array }>`SELECT tag, bitmap FROM aud_tag_bitmaps
    WHERE build = ${id}`.execute(db);
  for (const t of r.rows) tags.set(t.tag, fromBytes(t.bitmap));
  const universe = fromBytes(row.universe);
  return {
    build: row.id,
    catalogVersion: row.catalog_version,
    builtAt: new Date(row.built_at).toISOString(),
    asOf: row.as_of,
    universe,
    tag: (key) => tags.get(key),
    keys: () => [...tags.keys()],
  };
}

/**
 * The latest build's index, cached per Db object: at most every INDEX_CHECK_MS it looks for a newer build and
 * loads it (concurrent callers share the load). `fresh` checks now.
 */
export async function tagIndex(db: Db, opts: { fresh?: boolean } = {}): Promise<TagIndex> {
  let c = cache.get(db);
  if (!c) {
    c = { index: EMPTY_INDEX(), checkedAt: 0, loading: null };
    cache.set(db, c);
  }
  const entry = c;
  if (!opts.fresh && Date.now() - entry.checkedAt < INDEX_CHECK_MS) return entry.index;
  if (entry.loading) return entry.loading;
  entry.loading = (async () => {
    try {
      const id = await latestBuild(db);
      if (id !== entry.index.build) entry.index = id ? await loadBuild(db, id) : EMPTY_INDEX();
      entry.checkedAt = Date.now();
      return entry.index;
    } finally {
      entry.loading = null;
    }
  })();
  return entry.loading;
}

/** Makes the next tagIndex(db) look for a newer build (after a build in this process). */
const invalidate = (db: Db) => {
  const c = cache.get(db);
  if (c) c.checkedAt = 0;
};

/** Dense indexes of consumers, assigning the missing ones (in the order given). */
export async function idxOf(db: Db, consumerIds: readonly string[]): Promise<Map<string, number>> {
  const ids = [...new Set(consumerIds)];
  if (!ids.length) return new Map();
  await sql`INSERT INTO aud_users (consumer_id)
    SELECT u FROM unnest(${ids}::text[]) WITH ORDINALITY AS t(u, n)
    WHERE NOT EXISTS (SELECT 1 FROM aud_users a WHERE a.consumer_id = t.u) ORDER BY n
    ON CONFLICT (consumer_id) DO NOTHING`.execute(db);
  const r = await sql<{ idx: number; consumer_id: string }>`SELECT idx, consumer_id FROM aud_users
    WHERE consumer_id = ANY(${ids}::text[])`.execute(db);
  return new Map(r.rows.map((x) => [x.consumer_id, x.idx]));
}

/** The consumer ids of a bitmap's users, in idx order. Internal use only (activation): never returned by an API. */
export async function consumersOf(db: Db, b: Bitmap): Promise<string[]> {
  const out: string[] = [];
  const all = b.toUint32Array();
  const CHUNK = 50_000;
  for (let i = 0; i < all.length; i += CHUNK) {
    const part = Array.from(all.subarray(i, i + CHUNK));
    const r = await sql<{ consumer_id: string }>`SELECT consumer_id FROM aud_users
      WHERE idx = ANY(${part}::int[]) ORDER BY idx`.execute(db);
    for (const x of r.rows) out.push(x.consumer_id);
  }
  return out;
}

/** Profiles read per chunk of idx. */
const BUILD_CHUNK = 100_000;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Reads every user's profile in chunks of idx (four ordered queries per chunk merged by idx) and calls `each`
 * with the idx and the profile, in idx order.
 */
export async function forEachProfile(
  db: Db,
  each: (idx: number, p: Profile) => void,
  opts: { asOf?: number } = {},
): Promise<number> {
  // With asOf, rows that cannot give a tag are left in the database: decay is one factor for every row at asOf,
  // so a stored affinity below floor × weight(asOf) stays below the floor, and old intent/purchases are out of
  // their windows.
  const floor = opts.asOf === undefined ? 0 : AFFINITY_FLOOR * affinityWeight(opts.asOf) * (1 - 1e-9);
  const since30 = new Date((opts.asOf ?? 0) - 30 * 86_400_000);
  const since180 = new Date((opts.asOf ?? 0) - 180 * 86_400_000);
  const catWhere =
    opts.asOf === undefined
      ? sql`true`
      : sql`(aff_ev + aff_ord >= ${floor} OR last_intent >= ${since30} OR last_bought >= ${since180})`;
  const maxR = await sql<{ m: number | null }>`SELECT max(idx) AS m FROM aud_users`.execute(db);
  const max = maxR.rows[0]?.m ?? 0;
  let users = 0;
  // Instants as epoch milliseconds (float8): no Date object per value.
  const ms = (col: string) => sql.raw(`(extract(epoch FROM ${col}) * 1000)::float8`);
  for (let lo = 1; lo <= max; lo += BUILD_CHUNK) {
    const hi = lo + BUILD_CHUNK;
    const [u, c, b, ch] = await Promise.all([
      sql<
        Record<string, unknown>
      >`SELECT u.idx, ${ms('c.registered_at')} AS reg, c.age_band, c.gender, c.region,
          c.city_tier, o.idx AS oidx, o.paid_orders, o.social_orders, ${ms('o.first_paid_at')} AS fp,
          ${ms('o.last_paid_at')} AS lp, o.orders_365, o.monetary_365, o.discounted_365, o.items_365,
          o.discount_365, o.units_365, o.paid_lines_365
        FROM aud_users u LEFT JOIN consumers c ON c.id = u.consumer_id
        LEFT JOIN aud_profile_orders o ON o.idx = u.idx
        WHERE u.idx >= ${lo} AND u.idx < ${hi} ORDER BY u.idx`.execute(db),
      sql<Record<string, unknown>>`SELECT idx, category_id, aff_ev + aff_ord AS aff, views, carts, favorites,
          ${ms('last_seen')} AS ls, ${ms('last_intent')} AS li, ${ms('last_bought')} AS lb
        FROM aud_profile_categories WHERE idx >= ${lo} AND idx < ${hi} AND ${catWhere} ORDER BY idx`.execute(
        db,
      ),
      sql<Record<string, unknown>>`SELECT idx, brand_id, aff_ev + aff_ord AS aff
        FROM aud_profile_brands WHERE idx >= ${lo} AND idx < ${hi} AND aff_ev + aff_ord >= ${floor}
        ORDER BY idx`.execute(db),
      sql<Record<string, unknown>>`SELECT idx, channel, clicks, orders, ${ms('last_at')} AS la
        FROM aud_profile_channels WHERE idx >= ${lo} AND idx < ${hi} ORDER BY idx`.execute(db),
    ]);
    let ci = 0;
    let bi = 0;
    let hi2 = 0;
    const cr = c.rows;
    const br = b.rows;
    const chr = ch.rows;
    for (const r of u.rows) {
      const idx = r.idx as number;
      const categories: CategoryStat[] = [];
      while (ci < cr.length && (cr[ci]!.idx as number) < idx) ci++;
      for (; ci < cr.length && cr[ci]!.idx === idx; ci++) {
        const x = cr[ci]!;
        categories.push({
          categoryId: x.category_id as string,
          affinity: Number(x.aff),
          views: x.views as number,
          carts: x.carts as number,
          favorites: x.favorites as number,
          lastSeen: num(x.ls),
          lastIntent: num(x.li),
          lastBought: num(x.lb),
        });
      }
      const brands: BrandStat[] = [];
      while (bi < br.length && (br[bi]!.idx as number) < idx) bi++;
      for (; bi < br.length && br[bi]!.idx === idx; bi++)
        brands.push({ brandId: br[bi]!.brand_id as string, affinity: Number(br[bi]!.aff) });
      const channels: ChannelStat[] = [];
      while (hi2 < chr.length && (chr[hi2]!.idx as number) < idx) hi2++;
      for (; hi2 < chr.length && chr[hi2]!.idx === idx; hi2++) {
        const x = chr[hi2]!;
        channels.push({
          channel: x.channel as string,
          clicks: x.clicks as number,
          orders: x.orders as number,
          lastAt: num(x.la),
        });
      }
      const orders: OrderStats | null =
        r.oidx === null
          ? null
          : {
              paidOrders: r.paid_orders as number,
              socialOrders: r.social_orders as number,
              firstPaidAt: num(r.fp),
              lastPaidAt: num(r.lp),
              orders365: r.orders_365 as number,
              monetary365: Number(r.monetary_365),
              discounted365: r.discounted_365 as number,
              items365: Number(r.items_365),
              discount365: Number(r.discount_365),
              units365: Number(r.units_365),
              paidLines365: Number(r.paid_lines_365),
            };
      each(idx, {
        registeredAt: num(r.reg),
        ageBand: (r.age_band as string | null) ?? null,
        gender: (r.gender as string | null) ?? null,
        region: (r.region as string | null) ?? null,
        cityTier: num(r.city_tier),
        orders,
        categories,
        brands,
        channels,
      });
      users++;
    }
  }
  return users;
}

/** Appends to a growable Uint32Array (idx arrive in ascending order: the bitmaps build from sorted runs). */
class IdxList {
  a = new Uint32Array(16);
  n = 0;
  push(x: number) {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  bitmap() {
    return new Bitmap(this.a.subarray(0, this.n));
  }
}

/** The open values of the catalog: regions seen, level-1 categories, brands. */
async function openValues(db: Db) {
  const [regions, cats, brands] = await Promise.all([
    sql<{
      v: string;
    }>`SELECT DISTINCT region AS v FROM consumers WHERE region IS NOT NULL ORDER BY 1`.execute(db),
    sql<{ v: string }>`SELECT id AS v FROM categories WHERE level = 1 ORDER BY 1`.execute(db),
    sql<{ v: string }>`SELECT id AS v FROM brands ORDER BY 1`.execute(db),
  ]);
  return {
    regions: regions.rows.map((r) => r.v),
    categories: cats.rows.map((r) => r.v),
    brands: brands.rows.map((r) => r.v),
  };
}

/** Builds to keep bitmaps of (the loaded one and the one before it, for readers still on it). */
const KEEP_BUILDS = 2;

/**
 * Derives every user's tags from the profiles at `now` and writes a new build (its bitmaps, one per catalog key,
 * empty ones included) in one transaction; older builds beyond the last two are dropped.
 */
export async function buildTags(db: Db, opts: { timeZone: string; now?: Date }): Promise<BuildStats> {
  await drainEvents(db); // the deltas still queued behind ingestion belong in this build
  const t0 = performance.now();
  const now = opts.now ?? new Date();
  const asOf = businessDay(now, opts.timeZone);
  const at = now.getTime();
  const lists = new Map<string, IdxList>();
  const universe = new IdxList();
  const open = await openValues(db);
  for (const k of catalogKeys(open)) lists.set(k, new IdxList());
  const users = await forEachProfile(
    db,
    (idx, p) => {
      universe.push(idx);
      for (const k of tagsOf(p, at)) {
        let l = lists.get(k);
        if (!l) {
          l = new IdxList(); // a value that appeared since (a new region, brand or category)
          lists.set(k, l);
        }
        l.push(idx);
      }
    },
    { asOf: at },
  );
  const bitmaps = [...lists].map(([tag, l]) => ({ tag, b: l.bitmap() }));
  const uni = universe.bitmap();
  const build = await db.transaction().execute(async (trx) => {
    const ms = Math.round(performance.now() - t0);
    const r = await sql<{
      id: number;
    }>`INSERT INTO aud_tag_builds (catalog_version, built_at, as_of, users, tags, ms, universe)
      VALUES (${CATALOG_VERSION}, ${now}, ${asOf}, ${users}, ${bitmaps.length}, ${ms}, ${toBytes(uni)}) RETURNING id`.execute(
      trx,
    );
    const id = r.rows[0]!.id;
    // In batches of ~8 MB of bitmaps per statement.
    let batch: { tag: string; b: Bitmap; bytes: Buffer }[] = [];
    let size = 0;
    const flush = async () => {
      if (!batch.length) return;
      await sql`INSERT INTO aud_tag_bitmaps (build, tag, users, bitmap)
        SELECT ${id}, * FROM unnest(${batch.map((x) => x.tag)}::text[], ${batch.map((x) => x.b.size)}::int[],
          ${batch.map((x) => x.bytes)}::bytea[])`.execute(trx);
      batch = [];
      size = 0;
    };
    for (const x of bitmaps) {
      const bytes = toBytes(x.b);
      batch.push({ ...x, bytes });
      size += bytes.length;
      if (size > 8_000_000 || batch.length >= 1000) await flush();
    }
    await flush();
    await sql`DELETE FROM aud_tag_builds WHERE id <= ${id - KEEP_BUILDS}`.execute(trx);
    return id;
  });
  const ms = Math.round(performance.now() - t0);
  await sql`UPDATE aud_tag_builds SET ms = ${ms} WHERE id = ${build}`.execute(db);
  invalidate(db);
  return { build, users, tags: bitmaps.length, ms, asOf };
}

/** The operator status of the tag store. */
export async function tagStatus(db: Db) {
  const r = await sql<{
    id: number | null;
    built_at: Date | null;
    as_of: string | null;
    users: number | null;
    tags: number | null;
    ms: number | null;
    profiles: number;
  }>`SELECT b.id, b.built_at, b.as_of::text AS as_of, b.users, b.tags, b.ms,
      (SELECT count(*)::int FROM aud_users) AS profiles
    FROM (SELECT 1) one LEFT JOIN (SELECT * FROM aud_tag_builds ORDER BY id DESC LIMIT 1) b ON true`.execute(
    db,
  );
  const x = r.rows[0]!;
  return {
    build: x.id ?? 0,
    builtAt: x.built_at ? new Date(x.built_at).toISOString() : null,
    asOf: x.as_of,
    users: x.users ?? 0,
    tags: x.tags ?? 0,
    lastBuildMs: x.ms,
    profiles: x.profiles,
    /** Profile deltas of this server: applied, dropped by a failed flush, still queued behind ingestion. */
    deltas: queueStats(db),
  };
}
