import { sql } from 'kysely';
import type { AppContext } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import type { OutboxEvent } from '../../core/outbox.ts';
import { businessDay, dayResolver, shiftDay } from '../../core/time.ts';
import { EVENTS_WRITTEN } from '../marketplace/index.ts';
import { MINUTE_DAYS } from './rollups.service.ts';
import { lockRollupDay, marketDay, marketRows, rollupDay } from './rollups.sql.ts';
import { applyViews, seedVisitors, ViewQueue } from './realtime.views.ts';

/** Stores whose rows changed, by business day, and since when the oldest of them waits. */
class Marks {
  days = new Map<string, Set<string>>();
  since: number | null = null;
  /** When the newest mark came. */
  last = 0;

  add(day: string, storeId: string): void {
    const s = this.days.get(day);
    if (s) s.add(storeId);
    else this.days.set(day, new Set([storeId]));
    const now = Date.now();
    this.since ??= now;
    this.last = now;
  }

  get size(): number {
    let n = 0;
    for (const s of this.days.values()) n += s.size;
    return n;
  }

  /** Takes every marked store of every day. */
  takeAll(): { work: Map<string, string[]>; since: number } {
    const work = new Map([...this.days].map(([d, s]) => [d, [...s]]));
    const since = this.since ?? Date.now();
    this.days = new Map();
    this.since = null;
    return { work, since };
  }

  /** Takes up to `n` stores of the earliest marked day (and whether that emptied the day). */
  takeSome(n: number): { day: string; stores: string[]; last: boolean; since: number } | null {
    const day = [...this.days.keys()].sort()[0];
    if (day === undefined) return null;
    const set = this.days.get(day)!;
    const stores = [...set].slice(0, n);
    for (const id of stores) set.delete(id);
    const last = set.size === 0;
    if (last) this.days.delete(day);
    const since = this.since ?? Date.now();
    if (this.days.size === 0) this.since = null;
    return { day, stores, last, since };
  }

  /** The marked days, earliest first, with their number of stores. */
  counts(): [string, number][] {
    return [...this.days]
      .map(([d, s]): [string, number] => [d, s.size])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  /** Takes every marked store of `day`. */
  takeDay(day: string): { stores: string[]; since: number } {
    const stores = [...(this.days.get(day) ?? [])];
    const since = this.since ?? Date.now();
    this.days.delete(day);
    if (this.days.size === 0) this.since = null;
    return { stores, since };
  }

  /** Drops stores another recompute has just covered. */
  drop(day: string, stores: readonly string[]): void {
    const set = this.days.get(day);
    if (!set) return;
    for (const id of stores) set.delete(id);
    if (set.size === 0) this.days.delete(day);
    if (this.days.size === 0) this.since = null;
  }
}

/** Behaviour-marked stores recomputed per transaction at first (a sales flush can go between two such chunks). */
export const BEHAVIOUR_CHUNK = 100;
/**
 * What one behaviour chunk should take: the chunk size follows the stores' recent cost (their day's events grow
 * through the day and differ by store a hundredfold), so a new order waits about this long at most.
 */
export const CHUNK_MS = 400;
/**
 * Behaviour of days before the minute days (a backfill, a late upload) is recomputed once its stream has paused
 * this long, or its oldest mark has waited LATE_MAX_MS: such a day is not watched live, and recomputing each of
 * its stores every second while a backfill streams in cost more than the ingestion itself.
 */
export const LATE_QUIET_MS = 5_000;
export const LATE_MAX_MS = 60_000;

/**
 * The speed layer: ingestion marks the stores whose orders, after-sales or behaviour changed (in-memory sets per
 * business day, cheap on the ingest path), and a flush every second recomputes exactly those stores' rows of those
 * days from the raw tables, writing only the rows that moved. Recomputing instead of adding deltas keeps distinct
 * buyers and visitors exact and a replay harmless; a lost mark (a crash) is corrected by the nightly close of the
 * day. Sales go first: behaviour touches most stores every second (a thousand at 500 events/s), so it is
 * recomputed in chunks and any store with a new order or refund is flushed before the next chunk; a paid order
 * does not wait behind a whole marketplace of page views.
 */
export class SpeedLayer {
  private sales = new Marks();
  private behaviour = new Marks();
  /** Behaviour marks of days before the minute days, recomputed once their stream pauses (`lateQuietMs`). */
  private late = new Marks();
  lateQuietMs = LATE_QUIET_MS;
  /** Page views and visits of the minute days, added to the minute rows ahead of their store's recompute. */
  private views = new ViewQueue();
  lastFlushAt: Date | null = null;
  /** How long the newest flushed change waited (ms), for the freshness figure. */
  lastLagMs = 0;
  /** Behaviour-marked stores per transaction. */
  chunk = BEHAVIOUR_CHUNK;
  /** The time a chunk aims at (null: the size stays `chunk`). */
  chunkMs: number | null = CHUNK_MS;
  /** Told of each committed recompute (tests and the bench follow the lanes with it). */
  onRecompute: (lane: 'sales' | 'behaviour', day: string, stores: readonly string[]) => void = () => {};
  private readonly resolve: (instant: string | number) => string;

  constructor(
    private readonly db: Db,
    readonly timeZone: string,
  ) {
    this.resolve = dayResolver(timeZone);
  }

  /** A store's orders or after-sales of `day` changed. */
  markSale(day: string, storeId: string): void {
    // A sale of a day before the minute days (an import, a refund of last month's order) waits like late behaviour.
    (day >= this.minuteFloor() ? this.sales : this.late).add(day, storeId);
  }

  /** A store has new behaviour events on the day of `instant`. */
  markBehaviour(instant: string | number, storeId: string): void {
    const day = this.resolve(instant);
    (day >= this.minuteFloor() ? this.behaviour : this.late).add(day, storeId);
  }

  private minuteFloor(): string {
    return shiftDay(this.resolve(Date.now()), -(MINUTE_DAYS - 1));
  }

  /** Newly stored events: their stores are marked, and on the minute days their views and visits are queued. */
  noteEvents(
    events: readonly { occurredAt: string; storeId?: string; type: string; userId?: string }[],
  ): void {
    const floor = this.minuteFloor();
    for (const e of events) {
      if (!e.storeId) continue;
      const at = Date.parse(e.occurredAt);
      const day = this.resolve(at);
      if (day < floor) this.late.add(day, e.storeId);
      else {
        this.behaviour.add(day, e.storeId);
        this.views.add(day, e.storeId, at, e.type, e.userId);
      }
    }
  }

  markSaleAt(instant: string | number, storeId: string): void {
    this.markSale(this.resolve(instant), storeId);
  }

  get pendingStores(): number {
    return this.sales.size + this.behaviour.size + this.late.size;
  }

  /**
   * Recomputes the marked stores' days, sales first; marks arriving meanwhile wait for the next flush. Returns the
   * stores recomputed. Flushes run one at a time: a call during one runs after it.
   */
  flush(opts: { late?: boolean } = {}): Promise<number> {
    const run = this.running
      ? this.running.catch(() => 0).then(() => this.pass(opts.late))
      : this.pass(opts.late);
    this.running = run;
    const clear = () => {
      if (this.running === run) this.running = null;
    };
    run.then(clear, clear);
    return run;
  }

  /** Flushes until nothing is marked or queued, late days too (what ingestion stored so far is in the rollups). */
  async settle(): Promise<void> {
    while (this.running || this.pendingStores || this.views.size) await this.flush({ late: true });
  }

  private running: Promise<number> | null = null;

  private async pass(late = false): Promise<number> {
    let stores = await this.flushSales();
    await this.flushViews();
    stores += await this.flushBehaviour(this.behaviour);
    const now = Date.now();
    const due =
      this.late.since !== null &&
      (now - this.late.last >= this.lateQuietMs || now - this.late.since >= LATE_MAX_MS);
    if (late || due) stores += (await this.flushLateDays()) + (await this.flushBehaviour(this.late));
    return stores;
  }

  /**
   * Late days on which most active stores are marked (a backfill) are recomputed whole, one transaction each: one
   * pass over the day's events instead of one per chunk of stores.
   */
  private async flushLateDays(): Promise<number> {
    let stores = 0;
    for (const [day, marked] of this.late.counts()) {
      const r = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM an_store_day WHERE day = ${day}::date`.execute(this.db);
      if (marked * 2 < r.rows[0]!.n) continue;
      const taken = this.late.takeDay(day);
      try {
        await this.db.transaction().execute(async (trx) => {
          await rollupDay(trx, { day, timeZone: this.timeZone, stores: null }, { minutes: false });
        });
      } catch (err) {
        for (const id of taken.stores) this.late.add(day, id);
        throw err;
      }
      stores += taken.stores.length;
      this.onRecompute('behaviour', day, taken.stores);
      this.done(taken.since, false);
      if (this.sales.size) stores += await this.flushSales();
    }
    return stores;
  }

  /** A lane's behaviour marks, in chunks; sales marked meanwhile go between two chunks. */
  private async flushBehaviour(lane: Marks): Promise<number> {
    let stores = 0;
    // Only the marks there now: a steady stream would otherwise keep one flush going for ever.
    for (let left = lane.size; left > 0; ) {
      const chunk = lane.takeSome(this.chunk);
      if (!chunk) break;
      left -= chunk.stores.length;
      const t0 = performance.now();
      try {
        await this.recompute(chunk.day, chunk.stores, chunk.last);
      } catch (err) {
        for (const id of chunk.stores) lane.add(chunk.day, id);
        throw err;
      }
      stores += chunk.stores.length;
      if (this.chunkMs !== null) {
        const fits = (chunk.stores.length * this.chunkMs) / Math.max(1, performance.now() - t0);
        this.chunk = Math.round(Math.min(2000, Math.max(10, (this.chunk + fits) / 2)));
      }
      this.onRecompute('behaviour', chunk.day, chunk.stores);
      this.done(chunk.since, lane !== this.late);
      if (this.sales.size) stores += await this.flushSales();
      await this.flushViews();
    }
    return stores;
  }

  /**
   * Adds the queued page views and visits to the minute rows, a transaction per day. A failed attempt drops them:
   * their stores are marked, and the recompute counts them from the raw events.
   */
  async flushViews(): Promise<void> {
    if (!this.views.size) return;
    const since = this.views.since ?? Date.now();
    for (const [day, taken] of this.views.takeAll())
      await this.db.transaction().execute(async (trx) => {
        await lockRollupDay(trx, day);
        await applyViews(trx, day, taken);
      });
    this.done(since);
  }

  private async flushSales(): Promise<number> {
    if (!this.sales.size) return 0;
    const { work, since } = this.sales.takeAll();
    let stores = 0;
    try {
      for (const [day, ids] of work) {
        await this.recompute(day, ids, true);
        // Their behaviour is recomputed too: as of now, which covers the events marked so far.
        this.behaviour.drop(day, ids);
        this.late.drop(day, ids);
        stores += ids.length;
        this.onRecompute('sales', day, ids);
      }
    } catch (err) {
      for (const [day, ids] of work) for (const id of ids) this.sales.add(day, id);
      throw err;
    }
    this.done(since);
    return stores;
  }

  /** One transaction: the stores' rows of the day, then (`market`) the marketplace rows built from them. */
  private async recompute(day: string, stores: string[], market: boolean): Promise<void> {
    const today = businessDay(Date.now(), this.timeZone);
    const minuteFloor = shiftDay(today, -(MINUTE_DAYS - 1));
    // The recompute counts the stores' queued views and visits from the raw events: they leave the queue, and
    // their visitors join the seen set.
    const taken = this.views.take(day, stores);
    await this.db.transaction().execute(async (trx) => {
      await rollupDay(trx, { day, timeZone: this.timeZone, stores }, { minutes: day >= minuteFloor });
      await seedVisitors(trx, day, taken);
      if (!market) return;
      // A change to an earlier day also moves its marketplace-wide rows (categories, creators).
      if (day < today) await marketDay(trx, day);
      else await marketRows(trx, day);
    });
  }

  /** A flush step is done; the live lanes' wait is the freshness figure, a late day's (seconds by design) is not. */
  private done(since: number, live = true): void {
    this.lastFlushAt = new Date();
    if (live) this.lastLagMs = this.lastFlushAt.getTime() - since;
  }
}

const layers = new WeakMap<AppContext, SpeedLayer>();

export function speedLayerOf(ctx: AppContext): SpeedLayer {
  const l = layers.get(ctx) ?? new SpeedLayer(ctx.db.kysely, ctx.cfg.timeZone);
  layers.set(ctx, l);
  return l;
}

/** Outbox topics that change a store's sales or refunds. */
export const SALES_TOPICS = ['order.created', 'order.status_changed', 'after_sale.changed'];

interface SalesPayload {
  storeId?: string;
  paidAt?: string | null;
  refundedAt?: string | null;
}

/** Marks the stores of changed orders and after-sales: today (placed orders, refunds) and the day paid. */
export function markSales(layer: SpeedLayer, events: readonly OutboxEvent[]): void {
  const now = Date.now();
  for (const e of events) {
    const p = (e.payload ?? {}) as SalesPayload;
    if (typeof p.storeId !== 'string') continue;
    layer.markSaleAt(now, p.storeId);
    if (p.paidAt) layer.markSaleAt(p.paidAt, p.storeId);
    if (p.refundedAt) layer.markSaleAt(p.refundedAt, p.storeId);
  }
}

/** Hooks the speed layer onto ingestion: stored behaviour events and the outbox's order and after-sale events. */
export function setupRealtime(ctx: AppContext): void {
  const layer = speedLayerOf(ctx);
  ctx.hooks.add(EVENTS_WRITTEN, {
    name: 'analytics rollups',
    async written(_db, stored) {
      layer.noteEvents(stored);
    },
    drain: () => layer.settle(),
  });
  ctx.dispatcher.subscribeBatch('analytics', SALES_TOPICS, async (events) => markSales(layer, events));
}
