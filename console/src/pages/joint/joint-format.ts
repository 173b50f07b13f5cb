// Pure helpers of the joint marketing pages: the create form's values to the API body (yuan typed, fen sent),
// where a server issue belongs in that form, how an ad's cost splits exact to the fen, who may do what with a
// campaign, and the partner figures in words. No React, no I/O: unit-tested in joint-format.test.ts.
import type { TFunction } from 'i18next';
import type { CouponRule } from '../../api-types';
import { formatYuan, type Lang, yuanToFen } from '../../format';
import { couponRuleText, offerRuleText } from '../pricing/rule-text';
import type {
  AdView,
  Campaign,
  CampaignBody,
  CampaignStatus,
  CampaignType,
  Decoration,
  Participant,
  ParticipantStatus,
  Theme,
} from './joint-types';

// ---- Names, tags ----

/** A campaign's name in the UI language (the Chinese one when there is one). */
export const campaignName = (c: Pick<Campaign, 'name' | 'nameZh'>, lang: Lang): string =>
  lang === 'zh' && c.nameZh ? c.nameZh : c.name;

export const STATUS_COLORS: Record<CampaignStatus, string> = {
  inviting: 'blue',
  running: 'green',
  ended: 'default',
  cancelled: 'red',
};

export const PARTICIPANT_COLORS: Record<ParticipantStatus, string> = {
  invited: 'gold',
  accepted: 'green',
  declined: 'default',
  removed: 'red',
};

export const TYPE_COLORS: Record<CampaignType, string> = {
  cross_store_threshold: 'volcano',
  cross_store_coupon: 'magenta',
  ad_crowdfunding: 'geekblue',
  shared_decoration: 'cyan',
};

/** Colours of the decoration themes: the preview's background when the banner colour is not set. */
export const THEME_COLORS: Record<Theme, string> = {
  festive: '#d4380d',
  spring: '#52c41a',
  summer: '#13c2c2',
  autumn: '#d48806',
  winter: '#2f54eb',
  minimal: '#434343',
};

/** Whether a #rrggbb colour is dark enough for white text on it (else dark text). */
export function isDark(color: string): boolean {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!m) return true;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => Number.parseInt(h as string, 16) / 255) as [
    number,
    number,
    number,
  ];
  // Relative luminance (sRGB, rounded channels are close enough for a text colour choice).
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.6;
}

/** The banner text of a decoration in the UI language. */
export const bannerOf = (d: Pick<Decoration, 'bannerText' | 'bannerTextZh'>, lang: Lang): string =>
  lang === 'zh' && d.bannerTextZh ? d.bannerTextZh : d.bannerText;

// ---- What a campaign offers, in words ----

/**
 * The campaign's rule as a back office reads it: "满199减100" / "Spend ¥199 save ¥100" for a threshold
 * campaign, the coupon and how many for a coupon campaign, the slot and its price for an ad. `t` is the main
 * translator (pricing's rule sentences); `slotName` names an ad slot.
 */
export function ruleSummary(c: Pick<Campaign, 'type' | 'rules' | 'ad'>, t: TFunction, lang: Lang): string {
  const r = c.rules ?? {};
  if (c.type === 'cross_store_threshold' && r.rule) return offerRuleText(r.rule as never, t, lang);
  if (c.type === 'cross_store_coupon' && r.coupon) {
    const base = couponRuleText(r.coupon, t, lang);
    return r.quantity ? `${base} × ${r.quantity}` : base;
  }
  if (c.type === 'ad_crowdfunding') {
    const slot = c.ad ? (lang === 'zh' ? c.ad.slotNameZh : c.ad.slotName) : (r.ad?.slot ?? '');
    const price = c.ad?.price ?? r.ad?.price;
    return price === undefined ? slot : `${slot} · ¥${formatYuan(price)}`;
  }
  return '';
}

// ---- Who may do what ----

/** The stores of `merchantId` invited to the campaign and not yet answering. */
export const myInvitations = (c: Pick<Campaign, 'participants'>, merchantId: string | null): Participant[] =>
  merchantId ? c.participants.filter((p) => p.status === 'invited' && p.merchantId === merchantId) : [];

/** Whether the signed-in party organises the campaign (operators act for every organiser). */
export const organises = (
  c: Pick<Campaign, 'organiser'>,
  user: { role: string; partyId: string | null },
): boolean => user.role === 'operator' || (!!user.partyId && c.organiser.merchantId === user.partyId);

/** Participants can be removed by the organiser or an operator before the campaign starts; never the organiser. */
export const canRemove = (c: Pick<Campaign, 'status'>, p: Participant, allowed: boolean): boolean =>
  allowed &&
  c.status === 'inviting' &&
  p.role !== 'organiser' &&
  (p.status === 'accepted' || p.status === 'invited');

/** Cancelling: the organiser before start, an operator until it ends. */
export const canCancel = (c: Pick<Campaign, 'status'>, role: string, organiser: boolean): boolean =>
  role === 'operator'
    ? c.status === 'inviting' || c.status === 'running'
    : organiser && c.status === 'inviting';

/** Whether accepting needs a share (shares funding, or an ad split by shares). */
export const needsShare = (c: Pick<Campaign, 'type' | 'funding' | 'rules' | 'ad'>): boolean =>
  c.type === 'ad_crowdfunding'
    ? (c.ad?.split ?? c.rules.ad?.split) === 'shares'
    : c.funding?.mode === 'shares';

// ---- Ad crowdfunding money ----

/** An equal split of `price` over `seats`: seat i pays ⌊price·i/seats⌋ − ⌊price·(i−1)/seats⌋; sums to price. */
export function equalSplit(price: number, seats: number): number[] {
  if (!Number.isInteger(seats) || seats < 1) return [];
  return Array.from(
    { length: seats },
    (_, k) => Math.floor((price * (k + 1)) / seats) - Math.floor((price * k) / seats),
  );
}

/** A split by shares (bp) in joining order: each pays ⌊price·c_i/10000⌋ − ⌊price·c_(i−1)/10000⌋. */
export function sharesSplit(price: number, shares: number[]): number[] {
  let cum = 0;
  return shares.map((s) => {
    const before = Math.floor((price * cum) / 10000);
    cum += s;
    return Math.floor((price * cum) / 10000) - before;
  });
}

/** How far an ad is funded, 0–100 (whole percent, never 100 before the last fen). */
export function fundedPercent(ad: Pick<AdView, 'raised' | 'price'>): number {
  if (ad.price <= 0) return 0;
  if (ad.raised >= ad.price) return 100;
  return Math.min(99, Math.floor((ad.raised * 100) / ad.price));
}

/** Seats or share taken: contributions still standing (held or posted). */
export const standing = (ad: Pick<AdView, 'contributions'>) =>
  ad.contributions.filter((c) => c.status !== 'voided');

/** Shares (bp) still open on an ad split by shares. */
export const sharesLeft = (ad: Pick<AdView, 'contributions'>): number =>
  10000 - standing(ad).reduce((n, c) => n + c.shareBp, 0);

// ---- Partner figures ----

/** A ratio (0–1) as a percentage with one decimal: 0.1234 → "12.3%"; tiny non-zero ones "<0.1%". */
export function pctText(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const pct = Math.round(x * 1000) / 10;
  if (pct === 0 && x > 0) return '<0.1%';
  return `${pct.toFixed(1)}%`;
}

/** Lift over independence: 2.345 → "×2.35". */
export const liftText = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : `×${x.toFixed(2)}`;

/** A score as the list shows it: up to one decimal ("87.5", "92"). */
export const scoreText = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : String(Math.round(x * 10) / 10);

// ---- The create form ----

export interface TierValue {
  min?: number | null;
  off?: number | null;
}

/** The create form as typed: money in yuan, rates in percent, dates already ISO instants. */
export interface CampaignFormValues {
  type: CampaignType;
  name: string;
  nameZh?: string;
  storeId: string;
  startsAt: string;
  endsAt: string;
  thresholdType?: 'amount_tiers' | 'amount_every';
  tiers?: TierValue[];
  every?: number | null;
  everyOff?: number | null;
  cap?: number | null;
  couponType?: 'amount' | 'percent';
  couponMin?: number | null;
  couponOff?: number | null;
  /** percent off, 10 = 9折 */
  couponPercent?: number | null;
  couponMaxOff?: number | null;
  quantity?: number | null;
  perUserLimit?: number | null;
  adSlot?: string;
  adPrice?: number | null;
  adDeadline?: string;
  adSplit?: 'equal' | 'shares';
  adSeats?: number | null;
  adMax?: number | null;
  /** split by shares: the initiator's own share, percent */
  adShare?: number | null;
  minStoreScore?: number | null;
  categoryIds?: string[];
  fundingMode?: 'own_lines' | 'shares';
  /** funding by shares: the organiser's own share, percent */
  organiserShare?: number | null;
  fanEnabled?: boolean;
  fanMin?: number | null;
  fanOff?: number | null;
  fanQuantity?: number | null;
  decorationEnabled?: boolean;
  theme?: Theme;
  bannerText?: string;
  bannerTextZh?: string;
  color?: string;
  giftWrap?: boolean;
  giftWrapFee?: number | null;
  invite?: string[];
}

const fen = (yuan: number | null | undefined): number => yuanToFen(Number(yuan ?? 0));
const int = (n: number | null | undefined): number | undefined =>
  n === null || n === undefined || Number.isNaN(Number(n)) ? undefined : Math.trunc(Number(n));

function couponOf(
  type: 'amount' | 'percent',
  min: number | null | undefined,
  off: number | null | undefined,
  percent: number | null | undefined,
  maxOff: number | null | undefined,
): CouponRule {
  if (type === 'percent') {
    const rule: CouponRule = { type, min: fen(min), rateBp: 10000 - Math.round(Number(percent ?? 0) * 100) };
    if (maxOff) rule.maxOff = fen(maxOff);
    return rule;
  }
  return { type, min: fen(min), off: fen(off) };
}

/** The decoration of the form when it has one (always for a shared decoration campaign). */
export function decorationOf(v: CampaignFormValues): Decoration | undefined {
  if (!v.decorationEnabled && v.type !== 'shared_decoration') return undefined;
  const d: Decoration = {
    theme: v.theme ?? 'festive',
    bannerText: (v.bannerText ?? '').trim(),
    color: v.color ?? THEME_COLORS[v.theme ?? 'festive'],
    giftWrap: !!v.giftWrap,
  };
  if (v.bannerTextZh?.trim()) d.bannerTextZh = v.bannerTextZh.trim();
  if (v.giftWrap) d.giftWrapFee = fen(v.giftWrapFee);
  return d;
}

/** The POST /v1/joint/campaigns body of the form (`id` for a retried submit to be the same campaign). */
export function campaignBody(v: CampaignFormValues, id?: string): CampaignBody {
  const rules: CampaignBody['rules'] = {};
  switch (v.type) {
    case 'cross_store_threshold':
      rules.rule =
        v.thresholdType === 'amount_every'
          ? {
              type: 'amount_every',
              every: fen(v.every),
              off: fen(v.everyOff),
              ...(v.cap ? { cap: fen(v.cap) } : {}),
            }
          : {
              type: 'amount_tiers',
              tiers: (v.tiers ?? []).map((x) => ({ min: fen(x.min), off: fen(x.off) })),
            };
      break;
    case 'cross_store_coupon':
      rules.coupon = couponOf(
        v.couponType ?? 'amount',
        v.couponMin,
        v.couponOff,
        v.couponPercent,
        v.couponMaxOff,
      );
      rules.quantity = int(v.quantity) ?? 0;
      if (v.perUserLimit) rules.perUserLimit = int(v.perUserLimit);
      break;
    case 'ad_crowdfunding': {
      const split = v.adSplit ?? 'equal';
      rules.ad = {
        slot: v.adSlot ?? '',
        price: fen(v.adPrice),
        deadline: v.adDeadline ?? '',
        split,
        maxParticipants: int(v.adMax) ?? 20,
        ...(split === 'equal'
          ? { seats: int(v.adSeats) ?? 2 }
          : { shareBp: Math.round(Number(v.adShare ?? 0) * 100) }),
      };
      break;
    }
    default:
      break;
  }
  const body: CampaignBody = {
    type: v.type,
    name: v.name.trim(),
    storeId: v.storeId,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    rules,
  };
  if (id) body.id = id;
  if (v.nameZh?.trim()) body.nameZh = v.nameZh.trim();
  const minStoreScore = v.minStoreScore ?? null;
  const categoryIds = v.categoryIds ?? [];
  if (minStoreScore !== null || categoryIds.length) body.requirements = { minStoreScore, categoryIds };
  if (v.type === 'cross_store_threshold' || v.type === 'cross_store_coupon') {
    const mode = v.fundingMode ?? 'own_lines';
    body.funding =
      mode === 'shares' && v.organiserShare
        ? { mode, organiserShareBp: Math.round(Number(v.organiserShare) * 100) }
        : { mode };
  }
  if (v.fanEnabled)
    body.fanOffer = {
      rule: couponOf('amount', v.fanMin, v.fanOff, null, null),
      quantity: int(v.fanQuantity) ?? 0,
    };
  const decoration = decorationOf(v);
  if (decoration) body.decoration = decoration;
  if (v.invite?.length) body.invite = [...new Set(v.invite)];
  return body;
}

/** Form fields a server issue can land on (flat names of CampaignFormValues). */
const DIRECT: Record<string, string> = {
  'rules.rule.every': 'every',
  'rules.rule.off': 'everyOff',
  'rules.rule.cap': 'cap',
  'rules.coupon.min': 'couponMin',
  'rules.coupon.off': 'couponOff',
  'rules.coupon.rateBp': 'couponPercent',
  'rules.coupon.maxOff': 'couponMaxOff',
  'rules.quantity': 'quantity',
  'rules.perUserLimit': 'perUserLimit',
  'rules.ad.slot': 'adSlot',
  'rules.ad.price': 'adPrice',
  'rules.ad.deadline': 'adDeadline',
  'rules.ad.split': 'adSplit',
  'rules.ad.seats': 'adSeats',
  'rules.ad.maxParticipants': 'adMax',
  'rules.ad.shareBp': 'adShare',
  'funding.organiserShareBp': 'organiserShare',
  'requirements.minStoreScore': 'minStoreScore',
  'fanOffer.quantity': 'fanQuantity',
  'fanOffer.rule.min': 'fanMin',
  'decoration.theme': 'theme',
  'decoration.bannerText': 'bannerText',
  'decoration.bannerTextZh': 'bannerTextZh',
  'decoration.color': 'color',
  'decoration.giftWrap': 'giftWrap',
  'decoration.giftWrapFee': 'giftWrapFee',
  startsAt: 'dates',
  endsAt: 'dates',
};
const PREFIXES: [string, string][] = [
  ['rules.rule', 'tiers'],
  ['rules.coupon', 'couponOff'],
  ['rules.ad', 'adSlot'],
  ['requirements.categoryIds', 'categoryIds'],
  ['requirements', 'minStoreScore'],
  ['funding', 'fundingMode'],
  ['fanOffer', 'fanOff'],
  ['decoration', 'bannerText'],
  ['invite', 'invite'],
];

/** The form field of an API issue path (`/rules/rule/tiers/0/off`, `rules.ad.price`, `body.name` …). */
export function formField(field: string): string {
  const f = field
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\.+/, '')
    .replace(/^body\./, '');
  if (DIRECT[f]) return DIRECT[f] as string;
  for (const [p, to] of PREFIXES) if (f === p || f.startsWith(`${p}.`)) return to;
  return f;
}

/** Checks before asking the server: threshold tiers rising, each taking off less than it asks. */
export function tierIssues(tiers: TierValue[]): ('empty' | 'off_not_below_min' | 'not_rising')[] {
  const out: ('empty' | 'off_not_below_min' | 'not_rising')[] = [];
  if (!tiers.length) return ['empty'];
  let last = 0;
  for (const t of tiers) {
    const min = Number(t.min ?? 0);
    const off = Number(t.off ?? 0);
    if (!(min > 0) || !(off > 0)) out.push('empty');
    else if (off >= min) out.push('off_not_below_min');
    else if (min <= last) out.push('not_rising');
    last = Math.max(last, min);
  }
  return [...new Set(out)];
}
