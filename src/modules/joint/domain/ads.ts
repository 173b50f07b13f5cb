import type { FieldIssue } from '../../../core/errors.ts';

/**
 * Ad crowdfunding, the pure part: the slot catalog, the rules of an ad (`rules.ad` of an ad_crowdfunding
 * campaign), how a participant's cost is cut from the price exactly to the fen whatever the order of joining
 * and leaving, and the funding state machine.
 *
 * Cost model. The price is laid on a line of `units` equal units: `seats` units in an equal split (one per
 * seat), 10,000 in a split by shares (one per basis point). A contribution owns a set of unit ranges
 * `[lo, hi)`; it pays Σ floor(price·hi/units) − floor(price·lo/units) over its ranges. Disjoint ranges that
 * cover the whole line telescope to exactly `price`, so the contributions of a funded ad always sum to the price.
 * A joiner takes the lowest free units: with nobody leaving this is the contract's formula in join order
 * (seat i pays floor(price·i/seats) − floor(price·(i−1)/seats); shares by cumulative c_i), and a store that
 * joins after another left takes over the units that store freed (a seat is a seat; shares may span two gaps).
 */

export interface AdSlot {
  id: string;
  name: string;
  nameZh: string;
  /** List price of the slot, fen. */
  price: number;
  /** Exposures the slot delivers over its run (the traffic program's pool). */
  exposures: number;
  /** The slot's standard run in days. */
  days: number;
}

export const AD_SLOTS: readonly AdSlot[] = [
  {
    id: 'home_banner',
    name: 'Home page banner',
    nameZh: '首页焦点图',
    price: 3_000_000,
    exposures: 1_500_000,
    days: 7,
  },
  {
    id: 'feed_top',
    name: 'Recommendation feed, top positions',
    nameZh: '推荐信息流置顶',
    price: 1_200_000,
    exposures: 800_000,
    days: 7,
  },
  {
    id: 'mall_channel',
    name: 'Mall channel banner',
    nameZh: '商城频道横幅',
    price: 600_000,
    exposures: 400_000,
    days: 5,
  },
  {
    id: 'festival_hall',
    name: 'Festival main venue',
    nameZh: '大促主会场',
    price: 8_000_000,
    exposures: 4_000_000,
    days: 3,
  },
];

export const slotOf = (id: string): AdSlot | undefined => AD_SLOTS.find((s) => s.id === id);

export const MAX_PARTICIPANTS = 20;
export const SHARE_UNITS = 10_000;

export type Split = 'equal' | 'shares';
export type FundingStatus = 'open' | 'funded' | 'refunded' | 'cancelled';
export type ContributionStatus = 'held' | 'posted' | 'voided' | 'refunded';

/** `rules.ad` after validation, defaults filled in. */
export interface AdRules {
  slot: string;
  price: number;
  /** ISO instant: fully funded by then, or every hold is voided. */
  deadline: string;
  split: Split;
  /** equal split: the number of seats (2..20); null for shares. */
  seats: number | null;
  /** Participants allowed, the initiator included (≤ 20; equal split: at least the seats). */
  maxParticipants: number;
  /**
   * shares: the initiator's own share in bp (1..9999); when absent the organiser's participant share
   * (`funding.organiserShareBp` of the create body) is used. null for equal.
   */
  shareBp: number | null;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const AD_KEYS = new Set(['slot', 'price', 'deadline', 'split', 'seats', 'maxParticipants', 'shareBp']);

/** Issues with an ad campaign's rules (`rules.ad.*`), and the normalised rules when there are none. */
export function parseAdRules(rules: Record<string, unknown>): { issues: FieldIssue[]; ad: AdRules | null } {
  const issues: FieldIssue[] = [];
  const bad = (field: string, reason: string, code?: string) =>
    issues.push({ field: `rules.ad${field ? `.${field}` : ''}`, reason, ...(code ? { code } : {}) });
  const raw = rules.ad;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    bad('', 'required: { slot, price, deadline, split, seats | shareBp, maxParticipants }');
    return { issues, ad: null };
  }
  const a = raw as Record<string, unknown>;
  for (const k of Object.keys(a)) if (!AD_KEYS.has(k)) bad(k, 'unknown field');
  for (const k of Object.keys(rules))
    if (k !== 'ad') issues.push({ field: `rules.${k}`, reason: 'unknown field' });
  const slot = typeof a.slot === 'string' ? slotOf(a.slot) : undefined;
  if (!slot) bad('slot', `must be one of ${AD_SLOTS.map((s) => s.id).join(', ')}`, 'unknown_ad_slot');
  let price = slot?.price ?? 0;
  if (a.price !== undefined) {
    if (!isInt(a.price) || a.price <= 0) bad('price', 'must be a positive integer number of fen');
    else if (slot && a.price !== slot.price)
      bad('price', `the ${slot.id} slot costs ${slot.price} fen`, 'price_not_slot_price');
    else price = a.price;
  }
  let deadline = '';
  if (typeof a.deadline !== 'string' || Number.isNaN(Date.parse(a.deadline)))
    bad('deadline', 'required: an ISO 8601 instant');
  else deadline = new Date(a.deadline).toISOString();
  const split = a.split;
  if (split !== 'equal' && split !== 'shares') bad('split', "must be 'equal' or 'shares'");
  let seats: number | null = null;
  let shareBp: number | null = null;
  let maxParticipants = MAX_PARTICIPANTS;
  if (split === 'equal') {
    if (!isInt(a.seats) || a.seats < 2 || a.seats > MAX_PARTICIPANTS)
      bad('seats', `required for an equal split: 2..${MAX_PARTICIPANTS}`);
    else seats = a.seats;
    if (a.shareBp !== undefined && a.shareBp !== null) bad('shareBp', 'only for a split by shares');
    maxParticipants = seats ?? MAX_PARTICIPANTS;
  } else if (split === 'shares') {
    if (a.seats !== undefined && a.seats !== null) bad('seats', 'only for an equal split');
    if (a.shareBp !== undefined && a.shareBp !== null) {
      if (!isInt(a.shareBp) || a.shareBp < 1 || a.shareBp >= SHARE_UNITS)
        bad('shareBp', `the initiator's share: 1..${SHARE_UNITS - 1} bp`);
      else shareBp = a.shareBp;
    }
  }
  if (a.maxParticipants !== undefined) {
    if (!isInt(a.maxParticipants) || a.maxParticipants < 2 || a.maxParticipants > MAX_PARTICIPANTS)
      bad('maxParticipants', `2..${MAX_PARTICIPANTS}, the initiator included`);
    else if (seats !== null && a.maxParticipants < seats)
      bad('maxParticipants', `must be at least the ${seats} seats`);
    else maxParticipants = a.maxParticipants;
  }
  if (issues.length) return { issues, ad: null };
  return {
    issues,
    ad: { slot: slot!.id, price, deadline, split: split as Split, seats, maxParticipants, shareBp },
  };
}

/** Units the price is laid on. */
export const unitsOf = (ad: { split: Split; seats: number | null }): number =>
  ad.split === 'equal' ? ad.seats! : SHARE_UNITS;

export type Range = [number, number];

/** Units in a set of ranges. */
export const width = (rs: readonly Range[]): number => rs.reduce((s, [lo, hi]) => s + hi - lo, 0);

/** The free ranges of [0, total) given the taken ones, lowest first. */
export function freeRanges(taken: readonly Range[], total: number): Range[] {
  const sorted = [...taken].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  let at = 0;
  for (const [lo, hi] of sorted) {
    if (lo > at) out.push([at, lo]);
    at = Math.max(at, hi);
  }
  if (at < total) out.push([at, total]);
  return out;
}

/** The lowest `want` free units (possibly over several gaps); null when fewer are free. */
export function allocate(taken: readonly Range[], total: number, want: number): Range[] | null {
  if (!Number.isSafeInteger(want) || want < 1) return null;
  const out: Range[] = [];
  let left = want;
  for (const [lo, hi] of freeRanges(taken, total)) {
    if (left === 0) break;
    const n = Math.min(left, hi - lo);
    out.push([lo, lo + n]);
    left -= n;
  }
  return left === 0 ? out : null;
}

/** floor(a·b/c) exactly (BigInt beyond doubles' exact range). */
function floorMulDiv(a: number, b: number, c: number): number {
  const p = a * b;
  if (Number.isSafeInteger(p)) return Math.floor(p / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** What a set of ranges pays of `price` laid on `total` units (telescoping floors: exact to the fen). */
export function amountOf(price: number, total: number, rs: readonly Range[]): number {
  let s = 0;
  for (const [lo, hi] of rs) s += floorMulDiv(price, hi, total) - floorMulDiv(price, lo, total);
  return s;
}

/** A contribution's share in bp (same telescoping: the shares of a funded ad sum to exactly 10,000). */
export const shareBpOf = (total: number, rs: readonly Range[]): number => amountOf(SHARE_UNITS, total, rs);

/** Why a store cannot join now (status, stable code, field), or null. */
export interface Refusal {
  status: 403 | 409 | 422;
  code: string;
  field: string;
  reason: string;
}

export interface AdState {
  status: FundingStatus;
  deadline: string;
  units: number;
  split: Split;
  maxParticipants: number;
  /** Ranges held by live (held or posted) contributions. */
  taken: Range[];
  /** Live contributions. */
  count: number;
}

/** Checks a join of `shareBp` (shares split; ignored for seats) at `now`; the ranges it takes when allowed. */
export function planJoin(
  s: AdState,
  now: Date,
  shareBp: number | null | undefined,
): { refusal: Refusal; ranges: null } | { refusal: null; ranges: Range[] } {
  const no = (status: Refusal['status'], code: string, field: string, reason: string) => ({
    refusal: { status, code, field, reason },
    ranges: null,
  });
  if (s.status !== 'open') return no(409, `ad_${s.status}`, 'campaignId', `the ad is ${s.status}`);
  if (now.getTime() >= Date.parse(s.deadline))
    return no(409, 'deadline_passed', 'campaignId', `the funding deadline ${s.deadline} has passed`);
  if (s.count >= s.maxParticipants)
    return no(409, 'ad_full', 'campaignId', `the ad already has its ${s.maxParticipants} participants`);
  const free = s.units - width(s.taken);
  if (s.split === 'equal') {
    if (shareBp !== undefined && shareBp !== null)
      return no(422, 'share_not_allowed', 'shareBp', 'an equal split has fixed seats: leave shareBp out');
    return { refusal: null, ranges: allocate(s.taken, s.units, 1)! };
  }
  if (shareBp === undefined || shareBp === null || !Number.isSafeInteger(shareBp) || shareBp < 1)
    return no(422, 'share_required', 'shareBp', `required: your share in bp, 1..${free}`);
  if (shareBp > free)
    return no(422, 'share_too_large', 'shareBp', `only ${free} bp of the ad are still open`);
  if (s.count + 1 === s.maxParticipants && shareBp !== free)
    return no(
      422,
      'share_must_complete',
      'shareBp',
      `the last of the ${s.maxParticipants} participants must take the remaining ${free} bp`,
    );
  return { refusal: null, ranges: allocate(s.taken, s.units, shareBp)! };
}

/** Fully funded: every unit is taken. */
export const isFull = (taken: readonly Range[], units: number): boolean => width(taken) >= units;

export type FundingEvent = 'join' | 'leave' | 'fund' | 'expire' | 'cancel';

/**
 * The funding state machine: open → funded (every unit taken), open → refunded (deadline passed unfunded: every
 * hold voided), open | funded → cancelled (holds voided, posted contributions refunded). Joining and leaving keep
 * an ad open. null: the event is not allowed in that state.
 */
export function nextStatus(s: FundingStatus, e: FundingEvent): FundingStatus | null {
  switch (e) {
    case 'join':
    case 'leave':
      return s === 'open' ? 'open' : null;
    case 'fund':
      return s === 'open' ? 'funded' : null;
    case 'expire':
      return s === 'open' ? 'refunded' : null;
    case 'cancel':
      return s === 'open' || s === 'funded' ? 'cancelled' : null;
  }
}

/** The ledger key of a contribution's hold (the first one is the contract's `joint.ad.hold:<campaign>:<store>`). */
export const holdKey = (campaignId: string, storeId: string, seq: number): string =>
  `joint.ad.hold:${campaignId}:${storeId}${seq > 1 ? `:${seq}` : ''}`;
