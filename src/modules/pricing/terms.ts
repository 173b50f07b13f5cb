import type { CouponTerms, Offer } from './domain/types.ts';
import type { CouponTemplateInput } from './domain/validate.ts';
import type { OfferBody, Status, TemplateBody } from './schemas.ts';
import type { OfferRow, TemplateRow } from './tables.ts';

/** Conversions between API bodies, stored rows and the engine's types. */

/** What a template stores as its coupons' terms (the engine's CouponTerms). */
export type StoredTerms = CouponTerms;

/** Drops undefined members so stored JSON and comparisons don't depend on how a client spelled "absent". */
export function clean<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clean) as T;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clean(x);
    return out as T;
  }
  return v;
}

export { canonical } from '../../core/json.ts';

export function toOffer(body: Omit<OfferBody, 'status'>, id: string): Offer {
  const { id: _id, status: _s, ...rest } = body as OfferBody;
  return clean({ ...rest, id }) as unknown as Offer;
}

export const iso = (d: Date | string | null) => (d === null ? undefined : new Date(d).toISOString());

export function offerView(r: OfferRow, stock?: { stockLeft: number; sold: number }) {
  return {
    ...r.terms,
    status: r.status,
    version: r.version,
    ...(stock ? { stockLeft: stock.stockLeft, sold: stock.sold } : {}),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** A template body as the validator and the stored columns see it. */
export type TemplateInput = Omit<TemplateBody, 'id' | 'status'>;

export function toCouponTerms(t: TemplateInput, templateId: string): CouponTerms {
  return clean({
    templateId,
    name: t.name,
    kind: t.kind,
    merchantId: t.merchantId,
    scope: t.scope,
    rule: t.rule,
    platformFundedBp: t.platformFundedBp,
    channel: t.channel,
    liveSessionId: t.liveSessionId,
    audienceId: t.audienceId,
    group: t.group,
    stackable: t.stackable,
    priority: t.priority,
  }) as unknown as CouponTerms;
}

export function templateColumns(t: TemplateInput, id: string) {
  return {
    merchant_id: t.merchantId ?? null,
    kind: t.kind,
    name: t.name,
    store_ids: t.scope.storeIds ?? null,
    terms: toCouponTerms(t, id),
    total_quantity: t.totalQuantity,
    per_user_limit: t.perUserLimit ?? 1,
    per_user_daily_limit: t.perUserDailyLimit ?? null,
    per_day_limit: t.perDayLimit ?? null,
    claim_starts_at: new Date(t.claimStartsAt),
    claim_ends_at: new Date(t.claimEndsAt),
    valid_from: t.validity.from ? new Date(t.validity.from) : null,
    valid_to: t.validity.to ? new Date(t.validity.to) : null,
    valid_days: t.validity.days ?? null,
    audience_id: t.audienceId ?? null,
  };
}

/** The template as the API shows it (and as a PATCH merges into). */
export function templateInput(r: TemplateRow): TemplateInput {
  const c = r.terms;
  return clean({
    name: r.name,
    kind: c.kind,
    merchantId: c.merchantId,
    scope: c.scope,
    rule: c.rule,
    platformFundedBp: c.platformFundedBp,
    channel: c.channel,
    liveSessionId: c.liveSessionId,
    audienceId: c.audienceId,
    group: c.group,
    stackable: c.stackable,
    priority: c.priority,
    totalQuantity: r.total_quantity,
    perUserLimit: r.per_user_limit,
    perUserDailyLimit: r.per_user_daily_limit ?? undefined,
    perDayLimit: r.per_day_limit ?? undefined,
    claimStartsAt: iso(r.claim_starts_at)!,
    claimEndsAt: iso(r.claim_ends_at)!,
    validity: { from: iso(r.valid_from), to: iso(r.valid_to), days: r.valid_days ?? undefined },
  }) as TemplateInput;
}

export function templateView(r: TemplateRow) {
  return {
    id: r.id,
    status: r.status as Status,
    ...templateInput(r),
    claimed: r.claimed,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** The input as it reads back once stored (defaults filled in): equal inputs compare equal. */
export const normalizedInput = (t: TemplateInput, id: string) =>
  templateInput({ id, ...templateColumns(t, id) } as unknown as TemplateRow);

/** The template body in the validator's shape. */
export const asValidatorInput = (t: TemplateInput) => t as unknown as CouponTemplateInput;
