import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';

/** Queued page views and visits per store of a day, not yet in the minute rows. */
interface StoreViews {
  /** Views by minute (epoch ms of the minute's start). */
  views: Map<number, number>;
  /** Each visiting user's first minute in the queue. */
  visitors: Map<string, number>;
  /** Events queued for the store. */
  n: number;
}

/** Past this many queued events the queue is dropped: the behaviour marks still recompute those stores. */
const MAX_QUEUED = 500_000;

/**
 * The speed layer's fast path for behaviour on the minute days: each stored event's view and visit are queued and
 * added to `an_store_minute` at the next flush, a few hundred rows, instead of waiting for the store's day to be
 * recomputed. Views add up; a visitor is new when the store-day's seen set (`an_rt_visit`) did not hold the user.
 *
 * A recompute of a store (its behaviour chunk or a sale) counts every event stored before it from the raw tables,
 * so the store's queued entries are taken out first (`take`) and only their visitors are put in the seen set. An
 * event stored while a recompute starts but queued after it can be counted twice; it also marked the store, whose
 * next recompute corrects the rows.
 */
export class ViewQueue {
  private days = new Map<string, Map<string, StoreViews>>();
  private queued = 0;
  /** When the oldest queued entry arrived (ms), for the freshness figure. */
  since: number | null = null;

  get size(): number {
    return this.queued;
  }

  add(day: string, storeId: string, at: number, type: string, userId: string | undefined): void {
    if (type === 'exposure') return; // an impression is neither a view nor a visit
    if (this.queued >= MAX_QUEUED) this.clear();
    let stores = this.days.get(day);
    if (!stores) {
      stores = new Map();
      this.days.set(day, stores);
    }
    let s = stores.get(storeId);
    if (!s) {
      s = { views: new Map(), visitors: new Map(), n: 0 };
      stores.set(storeId, s);
    }
    const minute = Math.floor(at / 60_000) * 60_000;
    if (type === 'view') s.views.set(minute, (s.views.get(minute) ?? 0) + 1);
    if (userId !== undefined) {
      const first = s.visitors.get(userId);
      if (first === undefined || minute < first) s.visitors.set(userId, minute);
    }
    s.n++;
    this.queued++;
    this.since ??= Date.now();
  }

  private clear() {
    this.days = new Map();
    this.queued = 0;
    this.since = null;
  }

  /** Takes the stores' queued entries out (a recompute of them is about to count their events). */
  take(day: string, storeIds: readonly string[]): Map<string, StoreViews> {
    const out = new Map<string, StoreViews>();
    const stores = this.days.get(day);
    if (!stores) return out;
    for (const id of storeIds) {
      const s = stores.get(id);
      if (!s) continue;
      out.set(id, s);
      stores.delete(id);
      this.queued -= s.n;
    }
    if (stores.size === 0) this.days.delete(day);
    if (this.days.size === 0) this.clear();
    return out;
  }

  /** Takes everything queued. */
  takeAll(): Map<string, Map<string, StoreViews>> {
    const all = this.days;
    this.clear();
    return all;
  }
}

type Taken = Map<string, StoreViews>;

/** One of each store's maps as parallel columns (store, key, value), for unnest. */
function columns<K, V>(taken: Taken, pick: (s: StoreViews) => Map<K, V>) {
  const stores: string[] = [];
  const keys: K[] = [];
  const values: V[] = [];
  for (const [storeId, s] of taken)
    for (const [k, v] of pick(s)) {
      stores.push(storeId);
      keys.push(k);
      values.push(v);
    }
  return { stores, keys, values };
}

/** Puts taken entries' visitors in the day's seen set only (their store is being recomputed from raw). */
export async function seedVisitors(db: Db, day: string, taken: Taken): Promise<void> {
  const v = columns(taken, (s) => s.visitors);
  if (!v.stores.length) return;
  await sql`INSERT INTO an_rt_visit (day, store_id, user_id)
    SELECT ${day}::date, s, u FROM unnest(${v.stores}::text[], ${v.keys}::text[]) AS x (s, u)
    ON CONFLICT DO NOTHING`.execute(db);
}

/** Adds a day's queued views and new visitors to its minute rows (one statement). */
export async function applyViews(db: Db, day: string, taken: Taken): Promise<void> {
  const v = columns(taken, (s) => s.visitors);
  const w = columns(taken, (s) => s.views);
  if (!v.stores.length && !w.stores.length) return;
  const instants = (ms: number[]) => ms.map((m) => new Date(m));
  await sql`WITH v (store_id, user_id, minute) AS (
      SELECT * FROM unnest(${v.stores}::text[], ${v.keys}::text[], ${instants(v.values)}::timestamptz[])
    ), fresh AS (
      INSERT INTO an_rt_visit (day, store_id, user_id) SELECT ${day}::date, store_id, user_id FROM v
      ON CONFLICT DO NOTHING RETURNING store_id, user_id
    ), nv AS (
      SELECT v.store_id, v.minute, count(*)::int AS n FROM v JOIN fresh USING (store_id, user_id) GROUP BY 1, 2
    ), w (store_id, minute, views) AS (
      SELECT * FROM unnest(${w.stores}::text[], ${instants(w.keys)}::timestamptz[], ${w.values}::int[])
    )
    INSERT INTO an_store_minute AS t (store_id, minute, views, new_visitors)
    SELECT d.store_id, d.minute, d.views, d.nv FROM (
      SELECT coalesce(w.store_id, nv.store_id) AS store_id, coalesce(w.minute, nv.minute) AS minute,
        coalesce(w.views, 0) AS views, coalesce(nv.n, 0) AS nv
      FROM w FULL JOIN nv ON nv.store_id = w.store_id AND nv.minute = w.minute
    ) d JOIN stores st ON st.id = d.store_id
    WHERE d.views > 0 OR d.nv > 0
    ON CONFLICT (store_id, minute) DO UPDATE
      SET views = t.views + excluded.views, new_visitors = t.new_visitors + excluded.new_visitors`.execute(
    db,
  );
}
