import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { type BulkColumn, bulkInsert } from '../../core/bulk.ts';
import { REGIONS } from './domain/data.ts';
import type { LiveSession } from './domain/schedule.ts';
import { AGE_BANDS, iso, productId, userId, type World } from './domain/world.ts';

/** Writes the latent truth of a run into the sim_* tables (bulk, idempotent by natural id). */

const c = (name: string, type: BulkColumn['type'] = 'text', cast?: string): BulkColumn => ({
  name,
  type,
  ...(cast ? { expr: `t.${name}::${cast}` } : {}),
});
const REAL = (name: string) => c(name, 'text', 'real');
const ARR = (name: string, el: 'text' | 'real') => c(name, 'text', `${el}[]`);
const arr = (xs: ArrayLike<number | string>, digits?: number) =>
  `{${Array.from(xs, (x) => (typeof x === 'number' && digits !== undefined ? x.toFixed(digits) : String(x))).join(',')}}`;
const num = (x: number) => x.toFixed(5);
const CHUNK = 20_000;

async function insert(db: Db, table: string, cols: BulkColumn[], rows: unknown[][]) {
  for (let i = 0; i < rows.length; i += CHUNK)
    await bulkInsert(db, table, cols, rows.slice(i, i + CHUNK), sql`ON CONFLICT DO NOTHING`);
}

export interface RunRow {
  seed: number;
  scale: string;
  days: number;
  startDay: string;
  endDay: string;
  timeZone: string;
  params: unknown;
  demo: unknown;
}

export interface StoredRun {
  id: number;
  seed: number;
  scale: string;
  days: number;
  end_day: string;
  params: { runKey?: string } | null;
  finished_at: Date | null;
  progress: RunProgress | null;
}

/** Where a run stands (sim_runs.progress): what a paused run resumes from. */
export interface RunProgress {
  setup: boolean;
  shardsDone: number;
  /** The shard being written, until it is done: set on resume means the run stopped inside it. */
  inShard: number | null;
  rows: Record<string, number>;
  links: { code: string; product: number; party: string }[];
  segments: { fromShard: number; toShard: number; wallMs: number }[];
}

export async function findRun(db: Db): Promise<StoredRun | undefined> {
  const r = await sql<StoredRun>`
    SELECT id, seed, scale, days, end_day::text AS end_day, params, finished_at, progress FROM sim_runs ORDER BY id LIMIT 1`.execute(
    db,
  );
  return r.rows[0];
}

export async function createRun(db: Db, r: RunRow): Promise<number> {
  const res = await sql<{ id: number }>`
    INSERT INTO sim_runs (seed, scale, days, start_day, end_day, time_zone, params, demo)
    VALUES (${r.seed}, ${r.scale}, ${r.days}, ${r.startDay}, ${r.endDay}, ${r.timeZone}, ${JSON.stringify(r.params)}::jsonb, ${JSON.stringify(r.demo)}::jsonb)
    RETURNING id`.execute(db);
  return res.rows[0]!.id;
}

export async function finishRun(db: Db, id: number, rows: Record<string, number>) {
  await sql`UPDATE sim_runs SET rows = ${JSON.stringify(rows)}::jsonb, finished_at = now() WHERE id = ${id}`.execute(
    db,
  );
}

export async function saveProgress(db: Db, id: number, p: RunProgress) {
  await sql`UPDATE sim_runs SET progress = ${JSON.stringify(p)}::jsonb WHERE id = ${id}`.execute(db);
}

export async function writeStores(db: Db, run: number, w: World): Promise<number> {
  const cols = [
    c('store_id'),
    c('run_id', 'int'),
    c('merchant_id'),
    c('merchant_type'),
    c('main_category_id'),
    REAL('product_quality'),
    REAL('logistics_speed'),
    REAL('service_quality'),
    REAL('traffic_weight'),
    REAL('price_tier'),
    REAL('ad_intensity'),
    ARR('ad_ids', 'text'),
    c('streams', 'boolean'),
    REAL('stream_rate'),
    c('first_stream_day', 'date'),
    REAL('proxy_share'),
    c('free_shipping_from', 'bigint'),
    c('shipping_fee', 'bigint'),
    c('opened_at', 'date'),
  ];
  const rows = w.stores.map((s) => [
    s.id,
    run,
    w.merchants[s.merchant]!.id,
    w.merchants[s.merchant]!.type,
    w.l1[s.mainL1]!.id,
    num(s.quality),
    num(s.logistics),
    num(s.service),
    num(s.traffic),
    num(s.priceTier),
    num(s.adIntensity),
    arr(s.adIds),
    s.streams,
    num(s.streamRate),
    s.streamStartDay >= 0 ? w.days[s.streamStartDay] : null,
    num(s.proxyShare),
    s.freeShippingFrom,
    s.shippingFee,
    s.openedDay,
  ]);
  await insert(db, 'sim_stores', cols, rows);
  return rows.length;
}

export async function writeProducts(
  db: Db,
  run: number,
  w: World,
  onRows?: (n: number) => void,
): Promise<number> {
  const cols = [
    c('product_id'),
    c('run_id', 'int'),
    c('store_id'),
    c('category_id'),
    REAL('quality'),
    REAL('price_position'),
    c('base_price', 'bigint'),
    REAL('popularity'),
    c('listed_at', 'timestamptz'),
  ];
  const P = w.products;
  for (let a = 0; a < P.count; a += CHUNK) {
    const rows: unknown[][] = [];
    for (let p = a; p < Math.min(P.count, a + CHUNK); p++) {
      rows.push([
        productId(w, p),
        run,
        w.stores[P.store[p]!]!.id,
        w.l3[P.l3[p]!]!.id,
        num(P.quality[p]!),
        num(P.pricePos[p]!),
        P.basePrice[p]!,
        num(P.popularity[p]!),
        iso(P.listedMs[p]!),
      ]);
    }
    await insert(db, 'sim_products', cols, rows);
    onRows?.(rows.length);
  }
  return P.count;
}

export async function writeUsers(
  db: Db,
  run: number,
  w: World,
  onRows?: (n: number) => void,
): Promise<number> {
  const cols = [
    c('consumer_id'),
    c('run_id', 'int'),
    ARR('category_pref', 'real'),
    REAL('price_sensitivity'),
    REAL('guidability'),
    REAL('activity'),
    ARR('channel_affinity', 'real'),
    c('age_band'),
    c('gender'),
    c('region'),
    c('city_tier', 'smallint'),
    c('registered_at', 'timestamptz'),
  ];
  const U = w.users;
  const L = w.l1.length;
  for (let a = 0; a < U.count; a += CHUNK) {
    const rows: unknown[][] = [];
    for (let u = a; u < Math.min(U.count, a + CHUNK); u++) {
      rows.push([
        userId(w, u),
        run,
        arr(U.pref.subarray(u * L, u * L + L), 4),
        num(U.priceSens[u]!),
        num(U.guid[u]!),
        num(U.activity[u]!),
        arr(U.aff.subarray(u * 3, u * 3 + 3), 4),
        AGE_BANDS[U.ageTruth[u]!],
        U.genderTruth[u] === 0 ? 'f' : 'm',
        REGIONS[U.regionTruth[u]!]!.name,
        U.tierTruth[u],
        iso(U.registeredMs[u]!),
      ]);
    }
    await insert(db, 'sim_users', cols, rows);
    onRows?.(rows.length);
  }
  return U.count;
}

export async function writeParties(db: Db, run: number, w: World): Promise<number> {
  const ccols = [
    c('creator_id'),
    c('run_id', 'int'),
    c('followers', 'int'),
    REAL('skill'),
    ARR('focus_categories', 'text'),
    REAL('live_rate'),
    REAL('video_rate'),
    c('agency_id'),
    c('split_bp', 'int'),
    ARR('selection', 'text'),
  ];
  await insert(
    db,
    'sim_creators',
    ccols,
    w.creators.map((x) => [
      x.id,
      run,
      x.followers,
      num(x.skill),
      arr(x.focus.map((f) => w.l1[f]!.id)),
      num(x.liveRate),
      num(x.videoRate),
      x.agency >= 0 ? w.agencies[x.agency]!.id : null,
      x.agency >= 0 ? x.splitBp : null,
      arr(Array.from(x.selection, (p) => productId(w, p))),
    ]),
  );
  const pcols = [
    c('promoter_id'),
    c('run_id', 'int'),
    c('leader_id'),
    c('is_leader', 'boolean'),
    c('group_size', 'int'),
    REAL('share_rate'),
  ];
  await insert(
    db,
    'sim_promoters',
    pcols,
    w.promoters.map((p) => [
      p.id,
      run,
      p.leader >= 0 ? w.promoters[p.leader]!.id : null,
      p.isLeader,
      p.groupSize,
      num(p.shareRate),
    ]),
  );
  const kcols = [
    c('campaign_id'),
    c('run_id', 'int'),
    c('kind'),
    c('name'),
    c('category_id'),
    ARR('store_ids', 'text'),
    c('starts_on', 'date'),
    c('ends_on', 'date'),
  ];
  const camps: unknown[][] = w.joint.map((j) => [
    j.id,
    run,
    'joint',
    j.name,
    w.l1[j.l1]!.id,
    arr(j.stores.map((s) => w.stores[s]!.id)),
    w.days[j.fromDay],
    w.days[j.toDay],
  ]);
  w.days.forEach((d, i) => {
    if (w.campaignOf[i])
      camps.push([`pc-${d.replaceAll('-', '')}`, run, 'platform', w.campaignOf[i], null, '{}', d, d]);
  });
  await insert(db, 'sim_campaigns', kcols, camps);
  return w.creators.length + w.promoters.length + camps.length;
}

export async function writeLiveSessions(
  db: Db,
  run: number,
  w: World,
  sessions: LiveSession[],
): Promise<number> {
  const cols = [
    c('session_id'),
    c('run_id', 'int'),
    c('store_id'),
    c('host_type'),
    c('creator_id'),
    c('agency_id'),
    c('day', 'date'),
    c('starts_at', 'timestamptz'),
    c('ends_at', 'timestamptz'),
    ARR('featured_products', 'text'),
  ];
  const rows = sessions.map((s) => {
    const cr = s.creator >= 0 ? w.creators[s.creator]! : null;
    return [
      s.id,
      run,
      w.stores[s.store]!.id,
      s.host,
      cr?.id ?? null,
      s.host === 'agency' && cr && cr.agency >= 0 ? w.agencies[cr.agency]!.id : null,
      w.days[s.day],
      iso(s.startMs),
      iso(s.endMs),
      arr(Array.from(s.featured, (p) => productId(w, p))),
    ];
  });
  await insert(db, 'sim_live_sessions', cols, rows);
  return rows.length;
}
