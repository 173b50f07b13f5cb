// Form values ↔ API bodies for offers and coupon templates. The forms hold values in the API's
// own units (fen, basis points, instants) so that a server issue's field path ("rule.tiers.0.off")
// is also the form field it belongs to; the inputs show yuan, 折 and wall-clock times.
import type {
  CouponKind,
  CouponRule,
  CouponTemplate,
  Offer,
  OfferBody,
  OfferKind,
  OfferRule,
  OfferRuleType,
  Presale,
  Scope,
  TemplateBody,
} from '../../api-types';
import { ITEM_OFFER_KINDS, PLATFORM_COUPON_KINDS, PLATFORM_OFFER_KINDS } from '../../api-types';

export interface OfferFormValues {
  name?: string;
  kind: OfferKind;
  merchantId?: string;
  startsAt?: string;
  endsAt?: string;
  status?: 'draft' | 'active';
  rule: Partial<OfferRule> & { type: OfferRuleType };
  scope?: Scope;
  group?: string;
  stackable?: boolean;
  platformFundedBp?: number;
  audienceId?: string;
  priority?: number;
  stockLeft?: number;
  perUserLimit?: number;
  liveSessionId?: string;
  presale?: Partial<Presale>;
}

export type ValidityMode = 'days' | 'fixed';

export interface TemplateFormValues {
  name?: string;
  kind: CouponKind;
  merchantId?: string;
  status?: 'draft' | 'active';
  scope?: Scope;
  rule: Partial<CouponRule> & { type: CouponRule['type'] };
  platformFundedBp?: number;
  channel?: { promoterId?: string; creatorId?: string };
  liveSessionId?: string;
  audienceId?: string;
  group?: string;
  stackable?: boolean;
  priority?: number;
  totalQuantity?: number;
  perUserLimit?: number;
  perUserDailyLimit?: number;
  perDayLimit?: number;
  claimStartsAt?: string;
  claimEndsAt?: string;
  /** Form only: which validity the template has. */
  validityMode: ValidityMode;
  validity?: { from?: string; to?: string; days?: number };
}

export const isItemKind = (kind: OfferKind): boolean =>
  (ITEM_OFFER_KINDS as readonly string[]).includes(kind);

/** The fields each rule type uses; others are left out of the body. */
const RULE_FIELDS: Record<OfferRuleType, (keyof OfferRule)[]> = {
  price: ['price'],
  off: ['off'],
  rate: ['rateBp'],
  amount_tiers: ['tiers'],
  amount_every: ['every', 'off', 'cap'],
  percent_tiers: ['tiers'],
  qty_percent_tiers: ['tiers'],
  qty_fixed_price: ['qty', 'price'],
  buy_x_get_y: ['buy', 'get', 'maxApplications'],
};
const TIER_FIELDS: Partial<Record<OfferRuleType, string[]>> = {
  amount_tiers: ['min', 'off'],
  percent_tiers: ['min', 'rateBp'],
  qty_percent_tiers: ['minQty', 'rateBp'],
};

/** Drops what a form leaves behind: undefined, null, blank strings, empty lists and objects. */
export function prune<T>(v: T): T | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return (v.trim() === '' ? undefined : v.trim()) as T;
  if (Array.isArray(v)) {
    const items = v.map(prune).filter((x) => x !== undefined);
    return (items.length ? items : undefined) as T;
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const y = prune(x);
      if (y !== undefined) out[k] = y;
    }
    return (Object.keys(out).length ? out : undefined) as T;
  }
  return v;
}

function pick<T extends object>(o: T | undefined, keys: string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o && (o as Record<string, unknown>)[k] !== undefined) out[k] = (o as never)[k];
  return out as Partial<T>;
}

function ruleOf(rule: OfferFormValues['rule']): OfferRule {
  const keys = RULE_FIELDS[rule.type] ?? [];
  const out: OfferRule = { type: rule.type, ...pick(rule, keys as string[]) };
  const tierKeys = TIER_FIELDS[rule.type];
  if (tierKeys) out.tiers = (rule.tiers ?? []).map((x) => pick(x ?? {}, tierKeys));
  return out;
}

/** The offer body for these values; required fields the user has not filled yet stay undefined. */
export function offerBody(v: OfferFormValues, platformOwner: boolean): Partial<OfferBody> {
  const kind = v.kind;
  const body: Partial<OfferBody> = {
    name: v.name,
    kind,
    merchantId: PLATFORM_OFFER_KINDS.includes(kind) || platformOwner ? undefined : v.merchantId,
    status: v.status,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    rule: ruleOf(v.rule),
    scope: prune(v.scope) ?? {},
    group: v.group,
    stackable: v.stackable,
    platformFundedBp: v.platformFundedBp,
    audienceId: v.audienceId,
    priority: v.priority,
  };
  if (kind === 'flash_sale') Object.assign(body, { stockLeft: v.stockLeft, perUserLimit: v.perUserLimit });
  if (kind === 'live_price') body.liveSessionId = v.liveSessionId;
  if (kind === 'presale') body.presale = v.presale as Presale;
  const pruned = prune(body) ?? {};
  // Tiers keep their places even when a row is still empty: tier 2 stays "rule.tiers.1".
  if (body.rule?.tiers) pruned.rule = { ...(pruned.rule as OfferRule), tiers: body.rule.tiers };
  pruned.scope = (prune(body.scope) ?? {}) as Scope;
  return pruned;
}

export function templateBody(v: TemplateFormValues, platformOwner: boolean): Partial<TemplateBody> {
  const kind = v.kind;
  const rule: CouponRule =
    v.rule.type === 'amount'
      ? { type: 'amount', min: v.rule.min ?? 0, ...pick(v.rule, ['off']) }
      : { type: 'percent', min: v.rule.min ?? 0, ...pick(v.rule, ['rateBp', 'maxOff']) };
  const validity =
    v.validityMode === 'days' ? { days: v.validity?.days } : { from: v.validity?.from, to: v.validity?.to };
  const body: Partial<TemplateBody> = {
    name: v.name,
    kind,
    merchantId: PLATFORM_COUPON_KINDS.includes(kind) || platformOwner ? undefined : v.merchantId,
    status: v.status,
    scope: v.scope ?? {},
    rule,
    platformFundedBp: v.platformFundedBp,
    channel: kind === 'channel' ? v.channel : undefined,
    liveSessionId: kind === 'live' ? v.liveSessionId : undefined,
    audienceId: v.audienceId,
    group: v.group,
    stackable: v.stackable,
    priority: v.priority,
    totalQuantity: v.totalQuantity,
    perUserLimit: v.perUserLimit,
    perUserDailyLimit: v.perUserDailyLimit,
    perDayLimit: v.perDayLimit,
    claimStartsAt: v.claimStartsAt,
    claimEndsAt: v.claimEndsAt,
  };
  const pruned = prune(body) ?? {};
  pruned.scope = (prune(body.scope) ?? {}) as Scope;
  pruned.validity = prune(validity) ?? {};
  return pruned;
}

/**
 * A half-filled body made complete enough for the server's checks: missing required fields get
 * harmless stand-ins (listed in `filled`) so the server explains the meaning of what *is* filled
 * (discount ≥ threshold, overlapping tiers…) instead of stopping at "name is required".
 */
export function offerDraft(b: Partial<OfferBody>, now: Date): { body: OfferBody; filled: Set<string> } {
  const filled = new Set<string>();
  const fill = <T>(field: string, value: T | undefined, standIn: T): T => {
    if (value !== undefined) return value;
    filled.add(field);
    return standIn;
  };
  const day = 86_400_000;
  const startsAt = fill(
    'startsAt',
    b.startsAt,
    b.endsAt ? new Date(Date.parse(b.endsAt) - day).toISOString() : now.toISOString(),
  );
  const endsAt = fill('endsAt', b.endsAt, new Date(Date.parse(startsAt) + 7 * day).toISOString());
  const body: OfferBody = {
    ...(b as OfferBody),
    name: fill('name', b.name, 'draft'),
    startsAt,
    endsAt,
    scope: b.scope ?? {},
    rule: b.rule ?? { type: 'amount_tiers', tiers: [] },
  };
  if (body.kind === 'presale') {
    const p: Partial<Presale> = b.presale ?? {};
    const worth = p.worthPerUnit ?? p.depositPerUnit;
    const balanceStartsAt = fill('presale.balanceStartsAt', p.balanceStartsAt, endsAt);
    body.presale = {
      depositPerUnit: fill('presale.depositPerUnit', p.depositPerUnit, Math.max(1, worth ?? 1)),
      worthPerUnit: fill('presale.worthPerUnit', p.worthPerUnit, Math.max(1, worth ?? 1)),
      balanceStartsAt,
      balanceEndsAt: fill(
        'presale.balanceEndsAt',
        p.balanceEndsAt,
        new Date(Date.parse(balanceStartsAt) + 3 * day).toISOString(),
      ),
    };
  }
  return { body, filled };
}

export function templateDraft(
  b: Partial<TemplateBody>,
  now: Date,
): { body: TemplateBody; filled: Set<string> } {
  const filled = new Set<string>();
  const fill = <T>(field: string, value: T | undefined, standIn: T): T => {
    if (value !== undefined) return value;
    filled.add(field);
    return standIn;
  };
  const day = 86_400_000;
  const claimStartsAt = fill(
    'claimStartsAt',
    b.claimStartsAt,
    b.claimEndsAt ? new Date(Date.parse(b.claimEndsAt) - day).toISOString() : now.toISOString(),
  );
  const limits = [b.perUserLimit, b.perDayLimit, b.perUserDailyLimit, 1].filter(
    (n): n is number => typeof n === 'number',
  );
  const body: TemplateBody = {
    ...(b as TemplateBody),
    name: fill('name', b.name, 'draft'),
    scope: b.scope ?? {},
    rule: b.rule ?? { type: 'amount', min: 0 },
    totalQuantity: fill('totalQuantity', b.totalQuantity, Math.max(...limits)),
    claimStartsAt,
    claimEndsAt: fill(
      'claimEndsAt',
      b.claimEndsAt,
      new Date(Date.parse(claimStartsAt) + 7 * day).toISOString(),
    ),
    validity: b.validity ?? {},
  };
  return { body, filled };
}

/** Optional fields an edit may take away: the PATCH clears them with `null`. */
export const CLEARABLE_OFFER_FIELDS = [
  'group',
  'platformFundedBp',
  'audienceId',
  'priority',
  'liveSessionId',
] as const;
export const CLEARABLE_TEMPLATE_FIELDS = [
  'group',
  'platformFundedBp',
  'audienceId',
  'priority',
  'liveSessionId',
  'channel',
  'perUserLimit',
  'perUserDailyLimit',
  'perDayLimit',
] as const;

/**
 * The PATCH body of an edit: the form's fields, plus `null` for each optional field the stored
 * record has and the form no longer does — the server keeps a field left out, and clears a null.
 */
export function patchBody<T extends object>(
  stored: object,
  body: T,
  clearable: readonly string[],
): T & Record<string, unknown> {
  const out = { ...body } as Record<string, unknown>;
  for (const k of clearable)
    if ((stored as Record<string, unknown>)[k] !== undefined && out[k] === undefined) out[k] = null;
  return out as T & Record<string, unknown>;
}

/** An offer as the edit form starts from it. */
export function offerValues(o: Offer): OfferFormValues {
  const { id: _i, status: _s, version: _v, sold: _so, createdAt: _c, updatedAt: _u, ...rest } = o;
  return { ...rest, rule: { ...o.rule } };
}

export function templateValues(t: CouponTemplate): TemplateFormValues {
  const { id: _i, status: _s, version: _v, claimed: _c, createdAt: _ca, updatedAt: _u, ...rest } = t;
  return { ...rest, validityMode: t.validity.days !== undefined ? 'days' : 'fixed' };
}
