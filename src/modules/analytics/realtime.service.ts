import type { AppContext } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import type { OutboxEvent } from '../../core/outbox.ts';
import { businessDay, dayResolver, shiftDay } from '../../core/time.ts';
import { EVENTS_WRITTEN } from '../marketplace/index.ts';
import { MINUTE_DAYS } from './rollups.service.ts';
import { marketDay, marketRows, rollupDay } from './rollups.sql.ts';

/**
 * The speed layer: ingestion marks the stores whose orders, after-sales or behaviour changed (an in-memory set per
 * business day, cheap on the ingest path), and a flush every second recomputes exactly those stores' rows of those
 * days from the raw tables. Recomputing instead of adding deltas keeps distinct buyers and visitors exact and a
 * replay harmless; a lost mark (a crash) is corrected by the nightly close of the day.
 */
export class SpeedLayer {
  private dirty = new Map<string, Set<string>>();
  private pendingSince: number | null = null;
  lastFlushAt: Date | null = null;
  /** How long the newest flushed change waited (ms), for the freshness figure. */
  lastLagMs = 0;
  private readonly resolve: (instant: string | number) => string;

  constructor(
    private readonly db: Db,
    readonly timeZone: string,
  ) {
    this.resolve = dayResolver(timeZone);
  }

  mark(day: string, storeId: string): void {
    const s = this.dirty.get(day);
    if (s) s.add(storeId);
    else this.dirty.set(day, new Set([storeId]));
    this.pendingSince ??= Date.now();
  }

  markAt(instant: string | number, storeId: string): void {
    this.mark(this.resolve(instant), storeId);
  }

  get pendingStores(): number {
    let n = 0;
    for (const s of this.dirty.values()) n += s.size;
    return n;
  }

  /** Recomputes the marked stores' days; marks arriving meanwhile wait for the next flush. */
  async flush(): Promise<number> {
    if (this.dirty.size === 0) return 0;
    const work = this.dirty;
    const since = this.pendingSince ?? Date.now();
    this.dirty = new Map();
    this.pendingSince = null;
    const today = businessDay(Date.now(), this.timeZone);
    const minuteFloor = shiftDay(today, -(MINUTE_DAYS - 1));
    let stores = 0;
    try {
      for (const [day, set] of work) {
        const ids = [...set];
        stores += ids.length;
        await this.db.transaction().execute(async (trx) => {
          await rollupDay(
            trx,
            { day, timeZone: this.timeZone, stores: ids },
            { minutes: day >= minuteFloor },
          );
          // A change to an earlier day also moves its marketplace-wide rows (categories, creators).
          if (day < today) await marketDay(trx, day);
          else await marketRows(trx, day);
        });
      }
    } catch (err) {
      // Put the work back so the next flush retries it.
      for (const [day, set] of work) for (const s of set) this.mark(day, s);
      throw err;
    }
    this.lastFlushAt = new Date();
    this.lastLagMs = this.lastFlushAt.getTime() - since;
    return stores;
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
    layer.markAt(now, p.storeId);
    if (p.paidAt) layer.markAt(p.paidAt, p.storeId);
    if (p.refundedAt) layer.markAt(p.refundedAt, p.storeId);
  }
}

/** Hooks the speed layer onto ingestion: stored behaviour events and the outbox's order and after-sale events. */
export function setupRealtime(ctx: AppContext): void {
  const layer = speedLayerOf(ctx);
  ctx.hooks.add(EVENTS_WRITTEN, {
    name: 'analytics rollups',
    async written(_db, stored) {
      for (const e of stored) if (e.storeId) layer.markAt(e.occurredAt, e.storeId);
    },
  });
  ctx.dispatcher.subscribeBatch('analytics', SALES_TOPICS, async (events) => markSales(layer, events));
}
