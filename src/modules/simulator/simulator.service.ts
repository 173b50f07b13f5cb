import { setImmediate as tick } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Database } from '../../core/db.ts';
import { Problem } from '../../core/errors.ts';
import { businessDay } from '../../core/time.ts';
import {
  type BatchResult,
  ensureEventPartitions,
  ingestAfterSales,
  ingestCatalog,
  ingestEvents,
  ingestLiveSessions,
  ingestOrders,
  ingestReviews,
  ingestServiceSessions,
  type IngestEnv,
  type OrderCreateHook,
  type schemas,
} from '../marketplace/index.ts';
import { createLink, createPlan, createPolicy, type SeedClick, seedClicks } from '../commissions/index.ts';
import { claimInBulk, createOffer, createTemplate, QUOTE_TTL_MS, storeQuotes } from '../pricing/index.ts';
import { buildDistributionBook, type DistributionBook } from './domain/distribution.ts';
import {
  createWorld,
  type GenerateOptions,
  generate,
  liveSessionRecord,
  liveSessions,
  shardCount,
} from './domain/generator.ts';
import { MODEL, type Scale, SCALES, type ScaleSpec } from './domain/params.ts';
import {
  buildPromotionBook,
  offerBody,
  type PromotionBook,
  type SimClaim,
  type SimQuote,
} from './domain/promotions.ts';
import { ScheduleCache } from './domain/schedule.ts';
import {
  agencyRecords,
  brandRecords,
  consumerRecord,
  creatorRecords,
  merchantRecords,
  productRecord,
  productId,
  promoterRecords,
  storeRecords,
  userId,
  type World,
} from './domain/world.ts';
import { threadedChunks } from './generator.thread.ts';
import * as truth from './truth.repo.ts';

export type { Scale } from './domain/params.ts';

export interface SimulateOptions {
  days: number;
  seed: number;
  scale: Scale;
  /** Last simulated business day (YYYY-MM-DD); default today in the marketplace time zone. */
  endDay?: string;
  timeZone: string;
  maxBatch?: number;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
  /** Overrides of the scale's sizes (tests run tiny worlds; benchmarks trim large ones). */
  overrides?: Partial<ScaleSpec>;
  /** Concurrent event batches on PostgreSQL (PGlite runs one statement at a time anyway). Default 2. */
  eventConcurrency?: number;
  /** Concurrent batches of a day's orders (and after-sales, reviews…) on PostgreSQL. Default 2. */
  orderConcurrency?: number;
  /**
   * The installed modules' order-create hooks (`ctx.hooks.list(ORDER_CREATE_HOOKS)`). When one of them locks
   * pricing quotes, the marketplace runs promotions: offers and coupon templates are created through the
   * pricing services, buyers claim coupons, and checkouts that meet a promotion are priced by the engine and
   * carry their quote. Without, orders carry the simulator's own line discounts and no promotions exist.
   */
  orderHooks?: readonly OrderCreateHook[];
  /**
   * Generate on a worker thread while this one ingests (the same records in the same order). Default: on when the
   * run is more than a toy (≥ 50,000 user-days); tests of tiny worlds save the thread's start-up.
   */
  generatorThread?: boolean;
  /**
   * Pauses the run at the next boundary between two shards of users (what is written so far is checkpointed and
   * `SimulationPaused` is thrown); the same call into the same database then resumes with the next shard.
   */
  signal?: AbortSignal;
}

export interface SimulationSummary {
  days: number;
  seed: number;
  scale: Scale;
  /** Rows written per kind (records created, lifecycle updates, events inserted, latent-truth rows). */
  rows: Record<string, number>;
  wallMs: number;
  demo: { merchantId: string; creatorId: string; agencyId: string; promoterId: string };
  /** Simulated window and the store behind the demo merchant. */
  startDay: string;
  endDay: string;
  demoStoreId: string;
  /** Wall time per phase: world, catalog, latent truth, simulating. */
  phaseMs: Record<string, number>;
  /** False when the same run was already in the database and nothing was written. */
  written: boolean;
  /** Milliseconds spent in ingestion calls per kind during the simulation (concurrent calls add up). */
  ingestMs?: Record<string, number>;
  /**
   * The invocations that wrote the run (one unless it was paused and resumed): the shards each wrote and its wall
   * time. Their wall times add up to the run's.
   */
  segments?: { fromShard: number; toShard: number; wallMs: number }[];
}

/**
 * Refreshes the planner's statistics after a bulk write. Autovacuum may be off (PGlite has none; some servers
 * turn it off) or lag behind the load, and a table never analyzed is estimated to match a default share of its
 * rows for every key of `id = ANY($1)`, so every lookup of a batch's orders, lines and payments scans the whole
 * table: the 30-day large run's shards grew slower one after another (a payments lookup took 370 ms by the
 * seventh shard, 9 ms through the index once analyzed).
 */
async function analyze(db: Database): Promise<void> {
  await sql`ANALYZE`.execute(db.kysely);
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** Thrown when `signal` paused a run between two shards: the same call into the same database resumes it. */
export class SimulationPaused extends Error {
  constructor(
    readonly shardsDone: number,
    readonly shards: number,
  ) {
    super(
      `paused after shard ${shardsDone} of ${shards}; run the same simulation into this database to resume`,
    );
  }
}

/** Thrown when ingestion rejects a simulated record: always a simulator bug. */
export class SimulatorBug extends Error {}

function rejected(kind: string, err: unknown): Error {
  if (err instanceof Problem) {
    const first = (err.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.id ?? `#${e.index}`} ${e.field}: ${e.reason}`);
    return new SimulatorBug(
      `ingestion rejected simulated ${kind}: ${err.detail ?? err.title}${first.length ? ` [${first.join('; ')}]` : ''}`,
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Serial write queue (orders and what depends on them) plus a few concurrent event batches. */
class Writer {
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly inflight = new Set<Promise<void>>();
  private error: Error | null = null;
  readonly rows: Record<string, number> = {};

  constructor(
    private readonly env: IngestEnv,
    private readonly eventConcurrency: number,
    /** Concurrent batches of one kind within a day (PostgreSQL; 1 on PGlite). */
    private readonly parallel: number,
  ) {}

  count(kind: string, n: number) {
    if (n) this.rows[kind] = (this.rows[kind] ?? 0) + n;
  }

  /** Milliseconds spent in ingestion per kind (wall time of the calls; concurrent calls overlap). */
  readonly ms: Record<string, number> = {};

  private async batches<T>(kind: string, records: T[], fn: (batch: T[]) => Promise<void>) {
    for (let i = 0; i < records.length; i += this.env.maxBatch) {
      const t = performance.now();
      try {
        await fn(records.slice(i, i + this.env.maxBatch));
      } catch (e) {
        throw rejected(kind, e);
      }
      this.ms[kind] = (this.ms[kind] ?? 0) + performance.now() - t;
    }
  }

  /** Queues a job after every earlier one (orders of a day before their after-sales and reviews). */
  serial(job: () => Promise<void>) {
    this.queued++;
    this.chain = this.chain.then(async () => {
      try {
        if (!this.error) await job();
      } catch (e) {
        this.error ??= e instanceof Error ? e : new Error(String(e));
      } finally {
        this.queued--;
      }
    });
  }

  /** Writes records in batches, up to `parallel` batches at a time (disjoint records: order does not matter). */
  private async write(
    kind: string,
    created: string,
    updated: string,
    records: unknown[],
    ingest: (env: IngestEnv, r: unknown[]) => Promise<BatchResult>,
  ) {
    if (!records.length) return;
    const size = Math.min(this.env.maxBatch, Math.ceil(records.length / this.parallel));
    const parts: unknown[][] = [];
    for (let i = 0; i < records.length; i += size) parts.push(records.slice(i, i + size));
    for (let i = 0; i < parts.length; i += this.parallel) {
      await Promise.all(
        parts.slice(i, i + this.parallel).map((b) =>
          this.batches(kind, b, async (x) => {
            const r = await ingest(this.env, x);
            this.count(created, r.created);
            this.count(updated, r.updated);
          }),
        ),
      );
    }
  }

  follows(records: schemas.Follow[]) {
    this.serial(() =>
      this.write('follows', 'follows', 'unfollows', records, (env, r) => ingestCatalog(env, 'follows', r)),
    );
  }

  /**
   * A day's reveal: coupons claimed and quotes made that day, then order states (a day's orders in parallel
   * batches; new ones lock their quotes), then what refers to them.
   */
  day(out: {
    orders: schemas.Order[];
    afterSales: schemas.AfterSale[];
    reviews: schemas.Review[];
    serviceSessions: schemas.ServiceSession[];
    follows: schemas.Follow[];
    claims: SimClaim[];
    quotes: SimQuote[];
  }) {
    this.serial(async () => {
      await this.promotions(out.claims, out.quotes);
      await this.write('orders', 'orders', 'order updates', out.orders, ingestOrders);
      await Promise.all([
        this.write('after-sales', 'after-sales', 'after-sale updates', out.afterSales, ingestAfterSales),
        this.write('reviews', 'reviews', 'reviews', out.reviews, ingestReviews),
        this.write(
          'service sessions',
          'service sessions',
          'service sessions',
          out.serviceSessions,
          ingestServiceSessions,
        ),
        this.write('follows', 'follows', 'unfollows', out.follows, (env, r) =>
          ingestCatalog(env, 'follows', r),
        ),
      ]);
    });
  }

  /** Claims through pricing's bulk claim (same limits as one claim), then the quotes the day's orders lock. */
  private async promotions(claims: SimClaim[], quotes: SimQuote[]) {
    if (claims.length)
      await this.batches('coupon claims', claims, async (b) => {
        this.count(
          'coupon claims',
          await claimInBulk(
            this.env.db,
            b.map((c) => ({
              couponId: c.couponId,
              templateId: c.templateId,
              userId: c.userId,
              claimedAt: new Date(c.claimedMs),
            })),
            this.env.timeZone,
          ),
        );
      });
    if (quotes.length)
      await this.batches('quotes', quotes, async (b) => {
        this.count(
          'quotes',
          await storeQuotes(
            this.env.db,
            b.map((q) => ({
              id: q.id,
              userId: q.userId,
              createdAt: new Date(q.createdMs),
              expiresAt: new Date(q.createdMs + QUOTE_TTL_MS),
              request: q.request,
              result: q.result,
            })),
          ),
        );
      });
  }

  events(records: schemas.BehaviourEvent[]) {
    if (!records.length) return;
    const p: Promise<void> = this.batches('events', records, async (b) => {
      const r = await ingestEvents(this.env, b);
      this.count('events', r.inserted);
    })
      .catch((e) => {
        this.error ??= e instanceof Error ? e : new Error(String(e));
      })
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  /** Lets I/O progress; waits while too much is queued so generation can't run far ahead of the database. */
  async throttle() {
    await tick();
    // Wait only on what is full: racing an already settled chain would spin without ever yielding to I/O.
    while (!this.error && this.queued > 2) await this.chain;
    while (!this.error && this.inflight.size >= this.eventConcurrency) await Promise.race(this.inflight);
    if (this.error) throw this.error;
  }

  async drain() {
    await this.chain;
    await Promise.all([...this.inflight]);
    if (this.error) throw this.error;
  }
}

/** Fingerprint of what a run generates: a rerun with the same one is idempotent; another one needs a fresh database. */
function runKey(o: {
  seed: number;
  scale: string;
  days: number;
  endDay: string;
  spec: ScaleSpec;
  promotions: boolean;
}) {
  const k = [o.seed, o.scale, o.days, o.endDay, o.spec];
  return JSON.stringify(o.promotions ? [...k, 'promotions'] : k);
}

/** A record naming a quote: the order-create hook that takes it is pricing's. */
const PRICED: schemas.Order = {
  id: 'probe',
  storeId: 'probe',
  consumerId: 'probe',
  status: 'created',
  source: { scene: 'search', channel: 'organic' },
  lines: [{ lineNo: 1, skuId: 'probe', quantity: 1, unitPrice: 1, discount: 0 }],
  itemsAmount: 1,
  discountAmount: 0,
  shippingFee: 0,
  payAmount: 1,
  createdAt: '2026-01-01T00:00:00Z',
  pricing: { quoteId: 'probe' },
};

/**
 * Generates a simulated marketplace with known latent truth and writes it through the ingestion service
 * (catalog, parties, orders through their lifecycle, after-sales, reviews, service sessions, follows,
 * behaviour events); the truth goes to the sim_* tables.
 */
export async function simulate(db: Database, opts: SimulateOptions): Promise<SimulationSummary> {
  const t0 = performance.now();
  // Wall time per phase (world, catalog, latent truth, simulating), measured from the progress calls.
  const phaseMs: Record<string, number> = {};
  let phase = '';
  let phaseStart = t0;
  const progress = (p: { phase: string; done: number; total: number }) => {
    if (p.phase !== phase) {
      const now = performance.now();
      if (phase) phaseMs[phase] = Math.round(now - phaseStart);
      phase = p.phase;
      phaseStart = now;
    }
    opts.onProgress?.(p);
  };
  const prior = await truth.findRun(db.kysely);
  // Without an end day a paused run resumes with its own (the same command on a later day); otherwise today.
  const endDay =
    opts.endDay ??
    (prior &&
    !prior.finished_at &&
    prior.seed === opts.seed &&
    prior.scale === opts.scale &&
    prior.days === opts.days
      ? prior.end_day
      : businessDay(Date.now(), opts.timeZone));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDay)) throw new Error(`endDay must be YYYY-MM-DD, got ${endDay}`);
  if (!Number.isInteger(opts.days) || opts.days < 1) throw new Error('days must be a positive integer');
  const spec: ScaleSpec = { ...SCALES[opts.scale], ...(opts.overrides ?? {}) };
  const batch = opts.maxBatch ?? 5000;
  // The database itself too: events go by COPY (see ingestEvents); `db` is never a transaction here.
  const orderHooks = opts.orderHooks ?? [];
  const env: IngestEnv = {
    db: db.kysely,
    database: db,
    timeZone: opts.timeZone,
    maxBatch: batch,
    orderHooks,
  };
  const promotions = orderHooks.some((h) => h.wants(PRICED));

  progress({ phase: 'world', done: 0, total: 1 });
  const generateOptions: GenerateOptions = {
    seed: opts.seed,
    scale: opts.scale,
    days: opts.days,
    endDay,
    timeZone: opts.timeZone,
    overrides: opts.overrides,
  };
  const { world, seeds } = createWorld(generateOptions);
  const book = promotions ? buildPromotionBook(world, seeds) : null;
  progress({ phase: 'world', done: 1, total: 1 });
  const demo = {
    merchantId: world.merchants[world.demo.merchant]!.id,
    creatorId: world.creators[world.demo.creator]!.id,
    agencyId: world.agencies[world.demo.agency]?.id ?? '',
    promoterId: world.promoters[world.demo.promoter]!.id,
  };

  const key = runKey({ seed: opts.seed, scale: opts.scale, days: opts.days, endDay, spec, promotions });
  let setupLinks: truth.RunProgress['links'] = [];
  const summary = (rows: Record<string, number>, written: boolean): SimulationSummary => ({
    days: opts.days,
    seed: opts.seed,
    scale: opts.scale,
    rows,
    wallMs: Math.round(performance.now() - t0),
    demo,
    startDay: world.days[0]!,
    endDay,
    demoStoreId: world.stores[world.demo.store]!.id,
    phaseMs,
    written,
  });
  const pg = db.kind === 'postgres';
  const writer = new Writer(
    env,
    pg ? (opts.eventConcurrency ?? 2) : 1,
    pg ? (opts.orderConcurrency ?? 2) : 1,
  );
  const shards = shardCount(world);
  let resume: truth.RunProgress | null = null;
  if (prior) {
    const what = `seed ${prior.seed}, scale ${prior.scale}, ${prior.days} days to ${prior.end_day}`;
    if (prior.params?.runKey !== key)
      throw new Error(
        `this database already holds a simulated marketplace (${what}); simulate into a fresh database`,
      );
    if (prior.finished_at) return summary(orderRows({}), false);
    // Orders were revealed up to their final state: replaying what a run wrote would try to move them back.
    // A run paused between two shards resumes with the next one; one stopped anywhere else cannot.
    const p = prior.progress;
    if (!p?.setup || p.inShard !== null)
      throw new Error(
        `a simulation (${what}) into this database stopped ${p?.setup ? `inside shard ${p.inShard! + 1} of ${shards}` : 'during its setup'} and cannot be resumed (only a pause between shards can); simulate into a fresh database`,
      );
    resume = p;
    for (const [k, v] of Object.entries(p.rows)) writer.count(k, v);
  }
  const runId = prior ? prior.id : await writeSetup();
  if (!prior) await analyze(db);
  const links = resume?.links ?? setupLinks;
  const segments = resume?.segments ?? [];
  const fromShard = resume?.shardsDone ?? 0;
  /** Checkpoints the run; `segment` closes this invocation's segment (a pause or the end). Returns the segments. */
  const save = async (shardsDone: number, inShard: number | null, segment = false) => {
    const all = segment
      ? [...segments, { fromShard, toShard: shardsDone, wallMs: Math.round(performance.now() - t0) }]
      : segments;
    await truth.saveProgress(db.kysely, runId, {
      setup: true,
      shardsDone,
      inShard,
      rows: { ...writer.rows },
      links,
      segments: all,
    });
    return all;
  };
  if (!prior) await save(0, null);

  // Progress in user-days: every group of users simulated for a day moves the bar.
  const total = world.users.count * world.days.length;
  let done = Math.min(world.users.count, fromShard * spec.shardUsers) * world.days.length;
  progress({ phase: 'simulating', done, total });
  const options = { groupUsers: 500, eventChunk: batch, fromShard };
  const threaded = opts.generatorThread ?? spec.consumers * opts.days >= 50_000;
  const chunks = threaded
    ? threadedChunks({ generate: generateOptions, promotions, options })
    : generate(world, seeds, { ...options, schedule: new ScheduleCache(world, seeds), book });
  let shard = -1;
  for await (const chunk of chunks) {
    if (chunk.kind === 'progress') {
      done += chunk.userDays;
      progress({ phase: 'simulating', done, total });
      continue;
    }
    // A shard's follows come first: the shard before it is written whole once the writer drains.
    if (chunk.kind === 'follows' && chunk.shard !== shard) {
      if (shard >= 0) await writer.drain();
      // The order tables double after shards 1, 2, 4, 8…: statistics within 2× of the truth keep the plans right.
      if (shard >= 0 && isPowerOfTwo(chunk.shard)) await analyze(db);
      if (opts.signal?.aborted && chunk.shard > fromShard) {
        await save(chunk.shard, null, true);
        throw new SimulationPaused(chunk.shard, shards);
      }
      shard = chunk.shard;
      await save(shard, shard);
    }
    if (chunk.kind === 'follows') writer.follows(chunk.follows);
    else if (chunk.kind === 'events') writer.events(chunk.events);
    else writer.day(chunk.out);
    await writer.throttle();
  }
  await writer.drain();
  writer.count('share clicks', await writeClicks(world, seeds, env, links));
  phaseMs[phase] = Math.round(performance.now() - phaseStart);
  const rows = orderRows(writer.rows);
  const all = await save(shards, null, true);
  await truth.finishRun(db.kysely, runId, rows);
  await analyze(db); // the demo's dashboards query what was just written
  return {
    ...summary(rows, true),
    segments: all,
    ingestMs: Object.fromEntries(Object.entries(writer.ms).map(([k, v]) => [k, Math.round(v)])),
  };

  /** Catalog, parties, promotions, distribution and latent truth: everything before the shards. */
  async function writeSetup(): Promise<number> {
    const id = await truth.createRun(db.kysely, {
      seed: opts.seed,
      scale: opts.scale,
      days: opts.days,
      startDay: world.days[0]!,
      endDay,
      timeZone: opts.timeZone,
      params: {
        runKey: key,
        spec,
        model: MODEL,
        l1: world.l1.map((l) => ({ id: l.id, name: l.def.name })),
        channelAffinity: ['live', 'search', 'feed'],
      },
      demo: { ...demo, storeId: world.stores[world.demo.store]!.id },
    });
    // Every simulated event lands in its month's partition, not in events_default.
    await ensureEventPartitions(db.kysely, world.days[0]!, endDay);
    await writeCatalog(world, seeds, env, writer, progress, pg ? 2 : 1);
    if (book) await writePromotions(world, book, env, writer, progress);
    const dist = buildDistributionBook(world, seeds);
    setupLinks = await writeDistribution(world, dist, env, writer, progress);

    const schedule = new ScheduleCache(world, seeds);
    const truthTotal = world.stores.length + world.products.count + world.users.count + 2;
    let truthDone = 0;
    const truthStep = (n: number) => {
      truthDone += n;
      progress({ phase: 'latent truth', done: truthDone, total: truthTotal });
    };
    truthStep(0);
    let truthRows = await truth.writeStores(db.kysely, id, world);
    truthStep(world.stores.length);
    truthRows += await truth.writeProducts(db.kysely, id, world, truthStep);
    truthRows += await truth.writeUsers(db.kysely, id, world, truthStep);
    truthRows += await truth.writeParties(db.kysely, id, world);
    writer.count('latent truth', truthRows);
    truthStep(1);
    const sessions = liveSessions(world, schedule);
    writer.count('live sessions', await truth.writeLiveSessions(db.kysely, id, world, sessions));
    // The marketplace's own record of the sessions (what a host marketplace pushes): traffic ranks rooms on air.
    const records = sessions.map((s) => liveSessionRecord(world, s));
    for (let i = 0; i < records.length; i += env.maxBatch) {
      const r = await ingestLiveSessions(env, records.slice(i, i + env.maxBatch));
      if (r.rejected.length) throw new Error(`live sessions rejected: ${JSON.stringify(r.rejected[0])}`);
    }
    truthStep(1);
    return id;
  }
}

const ROW_ORDER = [
  'categories',
  'brands',
  'merchants',
  'stores',
  'products',
  'skus',
  'consumers',
  'creators',
  'agencies',
  'promoters',
  'offers',
  'coupon templates',
  'distribution plans',
  'fee policies',
  'share links',
  'follows',
  'unfollows',
  'coupon claims',
  'quotes',
  'orders',
  'order updates',
  'after-sales',
  'after-sale updates',
  'reviews',
  'service sessions',
  'events',
  'share clicks',
  'live sessions',
  'latent truth',
];
function orderRows(r: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ROW_ORDER) out[k] = r[k] ?? 0;
  for (const [k, v] of Object.entries(r)) if (!(k in out)) out[k] = v;
  return out;
}

/** Catalog and parties through the ingestion service, parents before children, products and consumers in streamed chunks. */
async function writeCatalog(
  w: World,
  seeds: ReturnType<typeof createWorld>['seeds'],
  env: IngestEnv,
  writer: Writer,
  progress: NonNullable<SimulateOptions['onProgress']>,
  concurrency: number,
) {
  const total =
    w.categoryRecords.length +
    w.brands.length +
    w.merchants.length +
    w.stores.length +
    w.products.count +
    w.users.count +
    w.creators.length +
    w.agencies.length +
    w.promoters.length;
  let done = 0;
  progress({ phase: 'catalog', done, total });
  const put = async (kind: schemas.CatalogKind, records: unknown[]) => {
    for (let i = 0; i < records.length; i += env.maxBatch) {
      const b = records.slice(i, i + env.maxBatch);
      try {
        const r = await ingestCatalog(env, kind, b);
        writer.count(kind, r.created);
      } catch (e) {
        throw rejected(kind, e);
      }
      done += b.length;
      progress({ phase: 'catalog', done, total });
    }
  };
  await put('categories', w.categoryRecords);
  await put('brands', brandRecords(w));
  await put('merchants', merchantRecords(w));
  await put('stores', storeRecords(w));
  // Products and consumers: built chunk by chunk, a few chunks in flight on PostgreSQL.
  const streamed = async (kind: 'products' | 'consumers', n: number, build: (i: number) => unknown) => {
    const inflight = new Set<Promise<void>>();
    let error: unknown = null;
    for (let a = 0; a < n && !error; a += env.maxBatch) {
      const recs: unknown[] = [];
      for (let i = a; i < Math.min(n, a + env.maxBatch); i++) recs.push(build(i));
      if (kind === 'products')
        writer.count(
          'skus',
          (recs as schemas.Product[]).reduce((s, p) => s + p.skus.length, 0),
        );
      const p: Promise<void> = put(kind, recs)
        .catch((e) => {
          error ??= e;
        })
        .finally(() => inflight.delete(p));
      inflight.add(p);
      while (inflight.size >= concurrency) await Promise.race(inflight);
    }
    await Promise.all([...inflight]);
    if (error) throw error;
  };
  await streamed('products', w.products.count, (p) => productRecord(w, seeds, p));
  await streamed('consumers', w.users.count, (u) => consumerRecord(w, u));
  await put('creators', creatorRecords(w));
  await put('agencies', agencyRecords(w));
  await put('promoters', promoterRecords(w));
}

const OPERATOR: Principal = { role: 'operator', partyId: null, subject: 'simulator', via: 'api_key' };
const merchant = (id: string): Principal => ({
  role: 'merchant',
  partyId: id,
  subject: 'simulator',
  via: 'api_key',
});

/**
 * The promotion book through the pricing services, as the marketplace's merchants and operators would create
 * it: store offers and coupons by their merchant, cross-store, platform offers and coupons by an operator.
 */
async function writePromotions(
  w: World,
  book: PromotionBook,
  env: IngestEnv,
  writer: Writer,
  progress: NonNullable<SimulateOptions['onProgress']>,
) {
  const total = book.offers.length + book.templates.length;
  let done = 0;
  progress({ phase: 'promotions', done, total });
  const who = (m: number) => (m < 0 ? OPERATOR : merchant(w.merchants[m]!.id));
  const put = async (kind: string, write: () => Promise<{ status: number }>) => {
    try {
      const r = await write();
      if (r.status === 201) writer.count(kind, 1);
    } catch (e) {
      throw rejected(kind, e);
    }
    if (++done % 50 === 0 || done === total) progress({ phase: 'promotions', done, total });
  };
  for (const o of book.offers) await put('offers', () => createOffer(env.db, who(o.merchant), offerBody(o)));
  for (const t of book.templates)
    await put('coupon templates', () => createTemplate(env.db, who(t.merchant), t.body));
}

/**
 * The distribution book through the commissions services: plans by their merchant, fee policies by an operator,
 * share links by their creator or promoter (as of the window's start). Returns each link's code by its index.
 */
async function writeDistribution(
  w: World,
  book: DistributionBook,
  env: IngestEnv,
  writer: Writer,
  progress: NonNullable<SimulateOptions['onProgress']>,
): Promise<{ code: string; product: number; party: string }[]> {
  const total = book.plans.length + book.policies.length + book.links.length;
  let done = 0;
  const step = () => {
    if (++done % 50 === 0 || done === total) progress({ phase: 'distribution', done, total });
  };
  progress({ phase: 'distribution', done, total });
  for (const p of book.plans) {
    try {
      const r = await createPlan(env.db, merchant(w.merchants[p.merchant]!.id), p.body);
      if (r.status === 201) writer.count('distribution plans', 1);
    } catch (e) {
      throw rejected('distribution plans', e);
    }
    step();
  }
  for (const f of book.policies) {
    try {
      const r = await createPolicy(env.db, f);
      if (r.status === 201) writer.count('fee policies', 1);
    } catch (e) {
      throw rejected('fee policies', e);
    }
    step();
  }
  const now = new Date(w.windowStart);
  const out: { code: string; product: number; party: string }[] = [];
  for (const l of book.links) {
    const who: Principal = { role: l.party.type, partyId: l.party.id, subject: 'simulator', via: 'api_key' };
    try {
      const r = await createLink(
        env.db,
        who,
        { productId: l.productId, ...(l.subId ? { subId: l.subId } : {}) },
        { now },
      );
      if (r.status === 201) writer.count('share links', 1);
      out.push({ code: r.body.code, product: l.product, party: `${l.party.type}:${l.party.id}` });
    } catch (e) {
      // A product delisted by the window's start cannot be linked: the party links fewer products.
      if (!(e instanceof Problem && e.status === 422)) throw rejected('share links', e);
    }
    step();
  }
  return out;
}

/**
 * Clicks on the share links: every order a link's party brought for the link's product was preceded by the
 * buyer's click (1–30 minutes before), and each link drew other clicks that did not convert (two plus three
 * per order), from random buyers at random instants of the window. Drawn from the link's own stream.
 */
async function writeClicks(
  w: World,
  seeds: ReturnType<typeof createWorld>['seeds'],
  env: IngestEnv,
  links: { code: string; product: number; party: string }[],
): Promise<number> {
  if (!links.length) return 0;
  const byKey = new Map(links.map((l) => [`${l.party}|${productId(w, l.product)}`, l.code]));
  const orders = await sql<{
    id: string;
    consumer_id: string;
    created_at: Date;
    party: string;
    product_id: string;
  }>`
    SELECT o.id, o.consumer_id, o.created_at, ol.product_id,
      CASE WHEN o.creator_id IS NOT NULL THEN 'creator:' || o.creator_id ELSE 'promoter:' || o.promoter_id END AS party
    FROM orders o JOIN order_lines ol ON ol.order_id = o.id AND ol.line_no = 1
    WHERE (o.creator_id IS NOT NULL OR o.promoter_id IS NOT NULL)
      AND ol.product_id = ANY(${[...new Set(links.map((l) => productId(w, l.product)))]}::text[])
    ORDER BY o.id`.execute(env.db);
  const clicks: SeedClick[] = [];
  const conversions = new Map<string, number>();
  for (const o of orders.rows) {
    const code = byKey.get(`${o.party}|${o.product_id}`);
    if (!code) continue;
    conversions.set(code, (conversions.get(code) ?? 0) + 1);
    const r = seeds.rng('click-order', clicks.length);
    clicks.push({
      code,
      consumerId: o.consumer_id,
      at: new Date(new Date(o.created_at).getTime() - (1 + r.int(30)) * 60_000),
    });
  }
  const span = w.windowEnd - w.windowStart;
  links.forEach((l, i) => {
    const r = seeds.rng('click-link', i);
    const n = 2 + 3 * (conversions.get(l.code) ?? 0);
    for (let k = 0; k < n; k++)
      clicks.push({
        code: l.code,
        consumerId: r.chance(0.8) ? userId(w, r.int(w.users.count)) : null,
        at: new Date(w.windowStart + Math.floor(r.next() * span)),
      });
  });
  let written = 0;
  for (let i = 0; i < clicks.length; i += 5000)
    written += await seedClicks(env.db, clicks.slice(i, i + 5000));
  return written;
}
