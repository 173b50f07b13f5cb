import {
  AFFINITY_FLOOR,
  AFFINITY_HALF_LIFE_DAYS,
  AFFINITY_TOP,
  BRAND_TOP,
  type Lifecycle,
  PRICE_BAND_FEN,
  type PriceBand,
  type PriceSensitivity,
  type RfmSegment,
  TAG_CHANNELS,
  type TagChannel,
} from './catalog.ts';

/**
 * Pure derivation of a user's tags from its profile rows at an instant `asOf` (catalog version 1; the rules
 * are documented in docs/audiences.md). No database: the store streams profile rows in and collects the keys.
 */

const DAY_MS = 86_400_000;
/** The reference instant decayed affinities are stored at (see the 0700 migration). */
export const AFFINITY_EPOCH_MS = Date.UTC(2024, 0, 1);

/** The weight of a point at instant `t` in the stored (epoch-referenced) affinity. */
export const affinityWeight = (tMs: number) =>
  2 ** ((tMs - AFFINITY_EPOCH_MS) / (AFFINITY_HALF_LIFE_DAYS * DAY_MS));
/** A stored affinity read at `asOf`: points decayed by their age (half-life 30 days). */
export const decayedAt = (stored: number, asOfMs: number) => stored / affinityWeight(asOfMs);

export interface OrderStats {
  paidOrders: number;
  socialOrders: number;
  firstPaidAt: number | null;
  lastPaidAt: number | null;
  orders365: number;
  monetary365: number;
  discounted365: number;
  items365: number;
  discount365: number;
  units365: number;
  paidLines365: number;
}

export interface CategoryStat {
  categoryId: string;
  /** Stored (epoch-referenced) affinity, events + orders. */
  affinity: number;
  views: number;
  carts: number;
  favorites: number;
  lastSeen: number | null;
  lastIntent: number | null;
  lastBought: number | null;
}

export interface BrandStat {
  brandId: string;
  affinity: number;
}

export interface ChannelStat {
  channel: string;
  clicks: number;
  orders: number;
  lastAt: number | null;
}

export interface Profile {
  registeredAt: number | null;
  ageBand: string | null;
  gender: string | null;
  region: string | null;
  cityTier: number | null;
  orders: OrderStats | null;
  categories: readonly CategoryStat[];
  brands: readonly BrandStat[];
  channels: readonly ChannelStat[];
}

/** Instants are epoch milliseconds (the store reads them as numbers: no Date per row). */
const daysBetween = (from: number, to: number) => (to - from) / DAY_MS;

/** The user's last behaviour event (the latest over channels). */
export function lastEventAt(p: Profile): number | null {
  let best: number | null = null;
  for (const c of p.channels) if (c.lastAt !== null && (best === null || c.lastAt > best)) best = c.lastAt;
  return best;
}

/**
 * new: registered ≤ 30 days ago with ≤ 1 paid order; active: paid in 30 days or an event in 14 days;
 * dormant: last activity (order or event) 31–90 days ago; churned: none in 90 days (or never active).
 */
export function lifecycleOf(p: Profile, asOfMs: number): Lifecycle {
  const paid = p.orders?.paidOrders ?? 0;
  if (p.registeredAt !== null && daysBetween(p.registeredAt, asOfMs) <= 30 && paid <= 1) return 'new';
  const lastPaid = p.orders?.lastPaidAt ?? null;
  const lastEv = lastEventAt(p);
  if (
    (lastPaid !== null && daysBetween(lastPaid, asOfMs) <= 30) ||
    (lastEv !== null && daysBetween(lastEv, asOfMs) <= 14)
  )
    return 'active';
  const last = Math.max(lastPaid ?? -Infinity, lastEv ?? -Infinity);
  if (Number.isFinite(last) && (asOfMs - last) / DAY_MS <= 90) return 'dormant';
  return 'churned';
}

/** RFM monetary threshold: ≥ ¥1,000 paid in 365 days counts as high value. */
export const RFM_HIGH_MONETARY = 100_000;

/**
 * RFM over 365 days. R: 3 = paid in 30 days, 2 = in 90, 1 = in 365; F: 1 order, 2 = 2–3, 3 = 4+; M high ≥ ¥1,000.
 * champion R3 & (F3 | F2 & M high); new R3 & F1; loyal R≥2 & F≥2 (else); potential R2 & F1; at_risk R1 & F≥2;
 * hibernating R1 & F1; lost: bought before but not in 365 days. No tag for users who never paid.
 */
export function rfmOf(o: OrderStats | null, asOfMs: number): RfmSegment | null {
  if (!o || o.paidOrders === 0 || o.lastPaidAt === null) return null;
  const age = daysBetween(o.lastPaidAt, asOfMs);
  if (age > 365 || o.orders365 === 0) return 'lost';
  const r = age <= 30 ? 3 : age <= 90 ? 2 : 1;
  const f = o.orders365 >= 4 ? 3 : o.orders365 >= 2 ? 2 : 1;
  const mHigh = o.monetary365 >= RFM_HIGH_MONETARY;
  if (r === 3 && (f === 3 || (f === 2 && mHigh))) return 'champion';
  if (r === 3 && f === 1) return 'new';
  if (r >= 2 && f >= 2) return 'loyal';
  if (r === 2) return 'potential';
  return f >= 2 ? 'at_risk' : 'hibernating';
}

/**
 * Coupon/discount share of the 365-day orders and the discount depth (discount / items amount):
 * high: share ≥ 60% or depth ≥ 20%; low: share < 20% and depth < 5%; medium otherwise. None without orders.
 */
export function priceSensitivityOf(o: OrderStats | null): PriceSensitivity | null {
  if (!o || o.orders365 === 0) return null;
  const share = o.discounted365 / o.orders365;
  const depth = o.items365 > 0 ? o.discount365 / o.items365 : 0;
  if (share >= 0.6 || depth >= 0.2) return 'high';
  if (share < 0.2 && depth < 0.05) return 'low';
  return 'medium';
}

/** Average paid unit price over the 365-day order lines, in bands (PRICE_BAND_FEN). */
export function priceBandOf(o: OrderStats | null): PriceBand | null {
  if (!o || o.units365 <= 0) return null;
  const avg = o.paidLines365 / o.units365;
  if (avg >= PRICE_BAND_FEN.premium) return 'premium';
  if (avg >= PRICE_BAND_FEN.high) return 'high';
  if (avg >= PRICE_BAND_FEN.mid) return 'mid';
  return 'low';
}

/** The channel with the most paid orders + clicks (ties: live, search, feed, social, other). */
export function channelOf(p: Profile): TagChannel | null {
  let best: TagChannel | null = null;
  let bestN = 0;
  for (const ch of TAG_CHANNELS) {
    let n = 0;
    for (const c of p.channels) if (c.channel === ch) n += c.clicks + c.orders;
    if (n > bestN) {
      best = ch;
      bestN = n;
    }
  }
  return best;
}

/** The top `n` ids by decayed score at or above the floor (ties by id). */
function topBy<T>(
  rows: readonly T[],
  id: (r: T) => string,
  score: (r: T) => number,
  n: number,
  asOfMs: number,
) {
  return rows
    .map((r) => ({ id: id(r), s: decayedAt(score(r), asOfMs) }))
    .filter((x) => x.s >= AFFINITY_FLOOR)
    .sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, n)
    .map((x) => x.id);
}

/** ≥ 2 paid orders, ≥ 30% of them after a share, a creator or a promoter. */
export const isGuidable = (o: OrderStats | null) =>
  !!o && o.paidOrders >= 2 && o.socialOrders / o.paidOrders >= 0.3;

/** Every tag key of a user at `asOf`. */
export function tagsOf(p: Profile, asOf: Date | number): string[] {
  const t = typeof asOf === 'number' ? asOf : asOf.getTime();
  const keys: string[] = [];
  if (p.ageBand) keys.push(`age:${p.ageBand}`);
  if (p.gender) keys.push(`gender:${p.gender}`);
  if (p.region) keys.push(`region:${p.region}`);
  if (p.cityTier !== null && p.cityTier >= 1 && p.cityTier <= 5) keys.push(`city_tier:${p.cityTier}`);
  keys.push(`lifecycle:${lifecycleOf(p, t)}`);
  const rfm = rfmOf(p.orders, t);
  if (rfm) keys.push(`rfm:${rfm}`);
  const ps = priceSensitivityOf(p.orders);
  if (ps) keys.push(`price_sensitivity:${ps}`);
  const pb = priceBandOf(p.orders);
  if (pb) keys.push(`price_band:${pb}`);
  const ch = channelOf(p);
  if (ch) keys.push(`channel:${ch}`);
  for (const c of topBy(
    p.categories,
    (c) => c.categoryId,
    (c) => c.affinity,
    AFFINITY_TOP,
    t,
  ))
    keys.push(`affinity:${c}`);
  const d30 = t - 30 * DAY_MS;
  const d180 = t - 180 * DAY_MS;
  for (const c of p.categories) {
    const boughtRecently = c.lastBought !== null && c.lastBought >= d30;
    if (c.lastIntent !== null && c.lastIntent >= d30 && c.lastIntent <= t && !boughtRecently)
      keys.push(`intent:${c.categoryId}`);
    if (c.lastBought !== null && c.lastBought >= d180 && c.lastBought <= t)
      keys.push(`bought:${c.categoryId}`);
  }
  for (const b of topBy(
    p.brands,
    (b) => b.brandId,
    (b) => b.affinity,
    BRAND_TOP,
    t,
  ))
    keys.push(`brand:${b}`);
  if (isGuidable(p.orders)) keys.push('social:guidable');
  return keys;
}

/**
 * The tag channel of an event or order: live (live scene or a live session), social (share scene, a share code,
 * a promoter or a creator outside live), search, feed (feed and video), other.
 */
export function tagChannel(x: {
  scene: string;
  channel?: string | null;
  liveSessionId?: string | null;
  creatorId?: string | null;
  promoterId?: string | null;
  shareCode?: string | null;
}): TagChannel {
  if (x.scene === 'live' || x.liveSessionId || x.channel === 'self_live') return 'live';
  if (
    x.scene === 'share' ||
    x.shareCode ||
    x.promoterId ||
    x.creatorId ||
    x.channel === 'promoter' ||
    x.channel === 'creator'
  )
    return 'social';
  if (x.scene === 'search') return 'search';
  if (x.scene === 'feed' || x.scene === 'video') return 'feed';
  return 'other';
}

/** The same mapping in SQL over columns of alias `a` (scene, channel, live_session_id, creator_id, promoter_id, share_code?). */
export const tagChannelSql = (a: string, withShareCode: boolean) => `CASE
  WHEN ${a}.scene = 'live' OR ${a}.live_session_id IS NOT NULL OR ${a}.channel = 'self_live' THEN 'live'
  WHEN ${a}.scene = 'share' ${withShareCode ? `OR ${a}.share_code IS NOT NULL` : ''} OR ${a}.promoter_id IS NOT NULL
    OR ${a}.creator_id IS NOT NULL OR ${a}.channel IN ('promoter', 'creator') THEN 'social'
  WHEN ${a}.scene = 'search' THEN 'search'
  WHEN ${a}.scene IN ('feed', 'video') THEN 'feed'
  ELSE 'other' END`;
