import { sql } from 'kysely';
import { type BulkColumn, bulkInsert } from '../../core/bulk.ts';
import type { Database } from '../../core/db.ts';

const c = (name: string, type: BulkColumn['type'] = 'text'): BulkColumn => ({ name, type });
const COLUMNS = [
  c('day', 'date'),
  c('hour', 'smallint'),
  c('scene'),
  c('item_kind'),
  c('item_id'),
  c('store_id'),
  c('program_id'),
  c('arm'),
  c('exposures', 'bigint'),
];

/**
 * What the ranker showed, counted in memory per (day, hour, scene, item, program slot, arm) and added to
 * `traffic_exposures` every couple of seconds: one statement a flush, however many requests.
 */
export class ExposureLog {
  private counts = new Map<string, number>();
  private flushing: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Database) {}

  start(everyMs = 2000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush().catch(() => {}), everyMs);
    this.timer.unref();
  }

  add(
    day: string,
    hour: number,
    scene: string,
    kind: 'product' | 'live',
    item: string,
    store: string,
    program: string,
    arm: string,
  ) {
    const k = `${day}\u0000${hour}\u0000${scene}\u0000${kind}\u0000${item}\u0000${store}\u0000${program}\u0000${arm}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }

  get pending(): number {
    return this.counts.size;
  }

  /** Writes the counts so far; returns the rows written. */
  async flush(): Promise<number> {
    if (this.flushing) await this.flushing.catch(() => 0);
    if (!this.counts.size) return 0;
    const batch = this.counts;
    this.counts = new Map();
    const rows = [...batch].map(([k, n]) => {
      const [day, hour, scene, kind, item, store, program, arm] = k.split('\u0000');
      return [day, Number(hour), scene, kind, item, store, program, arm, n];
    });
    this.flushing = bulkInsert(
      this.db.kysely,
      'traffic_exposures',
      COLUMNS,
      rows,
      sql`ON CONFLICT (day, hour, scene, item_kind, item_id, program_id, arm)
          DO UPDATE SET exposures = traffic_exposures.exposures + EXCLUDED.exposures`,
    )
      .then(() => rows.length)
      .catch((e) => {
        // Put the counts back: the next flush writes them.
        for (const [k, n] of batch) this.counts.set(k, (this.counts.get(k) ?? 0) + n);
        throw e;
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
