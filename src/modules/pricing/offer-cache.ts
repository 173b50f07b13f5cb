import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import type { Offer } from './domain/types.ts';

/**
 * The live offers, in memory: every quote needs them and they change rarely. Loaded at most once a second
 * (another server's changes show within a second) and reloaded at once after this process changes an offer.
 * Flash-sale stock is not cached (quotes read it with the buyer's facts).
 */

const TTL_MS = 1000;

export interface LiveOffers {
  /** Offers naming each store in scope.storeIds. */
  byStore: Map<string, Offer[]>;
  /** Offers without a store list (every store). */
  everywhere: Offer[];
  flashIds: string[];
}

interface Entry {
  at: number;
  data: Promise<LiveOffers>;
}
const caches = new WeakMap<Db, Entry>();

async function load(db: Db): Promise<LiveOffers> {
  const rows = (
    await sql<{ terms: Offer }>`SELECT terms FROM pricing_offers WHERE status = 'active' AND ends_at > now()
      ORDER BY id`.execute(db)
  ).rows;
  const byStore = new Map<string, Offer[]>();
  const everywhere: Offer[] = [];
  for (const { terms: o } of rows) {
    if (!o.scope.storeIds) everywhere.push(o);
    else
      for (const s of o.scope.storeIds) {
        const l = byStore.get(s);
        if (l) l.push(o);
        else byStore.set(s, [o]);
      }
  }
  return {
    byStore,
    everywhere,
    flashIds: rows.filter((r) => r.terms.kind === 'flash_sale').map((r) => r.terms.id),
  };
}

export function liveOffers(db: Db): Promise<LiveOffers> {
  const e = caches.get(db);
  const now = Date.now();
  if (e && now - e.at < TTL_MS) return e.data;
  const data = load(db);
  caches.set(db, { at: now, data });
  data.catch(() => caches.delete(db));
  return data;
}

/** After this process changed offers: the next quote reloads them. */
export function invalidateOffers(db: Db) {
  caches.delete(db);
}

/**
 * The offers that can matter for carts of these stores at `now`: running, or starting within a day (the quote
 * says they have not started), with live flash stock in place of the stock they were created with.
 */
export function offersForStores(
  live: LiveOffers,
  storeIds: string[],
  now: Date,
  stock: Record<string, number>,
): Offer[] {
  const t = now.getTime();
  const seen = new Set<string>();
  const out: Offer[] = [];
  const add = (o: Offer) => {
    if (seen.has(o.id)) return;
    seen.add(o.id);
    if (Date.parse(o.endsAt) <= t || Date.parse(o.startsAt) > t + 86_400_000) return;
    const left = stock[o.id];
    out.push(left !== undefined ? ({ ...o, stockLeft: left } as Offer) : o);
  };
  for (const s of storeIds) for (const o of live.byStore.get(s) ?? []) add(o);
  for (const o of live.everywhere) add(o);
  return out;
}
