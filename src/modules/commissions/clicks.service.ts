import { createHash } from 'node:crypto';
import type { Db } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import { isCode } from './domain/links.ts';
import { writeClick } from './clicks.repo.ts';
import { type LinkRow, linkByCode } from './links.repo.ts';

/** A click on a share code: find the link, record who clicked, say where to send them. */

// Links never change once written, so a code seen once is kept (bounded: a burst of new codes resets it).
const CACHE_MAX = 50_000;
const caches = new WeakMap<Db, Map<string, LinkRow>>();

async function cachedLink(db: Db, code: string): Promise<LinkRow | undefined> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(code);
  if (hit) return hit;
  const row = await linkByCode(db, code);
  if (row) {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(code, row);
  }
  return row;
}

/** IPs and user agents are kept only as salted hashes: enough to spot click farms, not to identify anyone. */
export const clickHash = (v: string | undefined) =>
  v ? createHash('sha256').update(`tributary-click\0${v}`).digest('hex').slice(0, 32) : null;

export interface ClickInput {
  code: string;
  consumerId: string | null;
  ip: string | undefined;
  userAgent: string | undefined;
  at: Date;
}

/** Records the click (resolved once its batch is written) and returns the link's target URL. */
export async function recordClick(db: Db, c: ClickInput): Promise<string> {
  const link = isCode(c.code) ? await cachedLink(db, c.code) : undefined;
  if (!link) throw notFound(`no share link with code ${c.code}`);
  await writeClick(db, {
    linkId: link.id,
    code: link.code,
    partyType: link.partyType,
    partyId: link.partyId,
    subId: link.subId,
    consumerId: c.consumerId,
    productId: link.productId,
    storeId: link.storeId,
    clickedAt: c.at,
    uaHash: clickHash(c.userAgent),
    ipHash: clickHash(c.ip),
  });
  return link.targetUrl;
}
