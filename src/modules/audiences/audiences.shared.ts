import { isOperator, type Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { type FieldIssue, forbidden, Problem } from '../../core/errors.ts';
import { businessDay, shiftDay } from '../../core/time.ts';

export { isOperator, merchantOf } from '../../core/auth.ts';
export { isUniqueViolation } from '../../core/db.ts';
export { iso } from '../../core/time.ts';

/** What the audience side's services share: the environment, merchant scoping, windows, small caches. */

export interface AudEnv {
  db: Db;
  timeZone: string;
}

/** A merchant's own things only; operators and integrations see every merchant's. */
export function assertOwner(p: Principal, merchantId: string, what: string) {
  if (!isOperator(p) && !(p.role === 'merchant' && p.partyId === merchantId))
    throw forbidden(`${what} belongs to another merchant`);
}

export const forbiddenAt = (detail: string, issues: FieldIssue[]) =>
  new Problem(403, 'Forbidden', detail, issues);

/** The first business day of a window of `days` days ending on `asOf` (inclusive). */
export const windowFrom = (asOf: string, days: number) => shiftDay(asOf, 1 - days);

/** The business day behaviour windows end on: the tag build's day, or today before any build. */
export const asOfDay = (indexAsOf: string | null, timeZone: string, now = new Date()) =>
  indexAsOf ?? businessDay(now, timeZone);

/** A time-limited cache per Db object (entries expire after `ttlMs`; concurrent misses share one load). */
export function ttlCache<T>(ttlMs: number, max = 500) {
  const caches = new WeakMap<Db, Map<string, { at: number; value: Promise<T> }>>();
  return async (db: Db, key: string, load: () => Promise<T>): Promise<T> => {
    let m = caches.get(db);
    if (!m) {
      m = new Map();
      caches.set(db, m);
    }
    const now = Date.now();
    const hit = m.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value;
    if (m.size >= max) for (const [k, v] of m) if (now - v.at >= ttlMs || m.size >= max) m.delete(k);
    const value = load();
    m.set(key, { at: now, value });
    value.catch(() => m.delete(key));
    return value;
  };
}
