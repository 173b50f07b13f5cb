import { type Static, type TProperties, type TSchema, type TUnsafe, Type } from 'typebox';
import type { FieldIssue } from '../../core/errors.ts';
import { COUPON_KINDS, ITEM_KINDS, THRESHOLD_KINDS } from './domain/types.ts';

/**
 * Request schemas of the pricing API. Rules are one flat object per family (`type` plus every field any type
 * uses) rather than a union: schema errors then name the field, and `domain/validate.ts` explains which
 * fields a rule type needs in plain sentences.
 */

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Ids = (max: number) => Type.Array(Id, { maxItems: max, uniqueItems: true });
const Fen = Type.Integer({ minimum: 0, maximum: 9_007_199_254_740_991, description: 'integer fen' });
const Bp = Type.Integer({ description: 'basis points (9000 = 9折)' });
const Instant = Type.String({ format: 'date-time', description: 'RFC 3339 instant' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Enum = <const T extends readonly string[]>(vals: T) => Type.Enum([...vals] as T[number][]);
const strict = { additionalProperties: false } as const;
const Opt = Type.Optional;
/**
 * A schema that also takes `null` (a PATCH clearing the field). Written as `type: [t, "null"]` (or `null`
 * among the enum's values) rather than `anyOf`, so a wrong value gets one schema error, not three.
 */
function orNull<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const json = { ...schema } as Record<string, unknown>;
  if (typeof json.type === 'string') json.type = [json.type, 'null'];
  else if (Array.isArray(json.enum)) json.enum = [...json.enum, null];
  else return Type.Unsafe<Static<T> | null>(Type.Union([schema, Type.Null()]));
  return Type.Unsafe<Static<T> | null>(json);
}
/** Every field of a PATCH body may also be `null`: clear it (refused with 422 for a required field). */
const nullable = <T extends TProperties>(props: T) =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k, orNull(v)])) as {
    [K in keyof T]: TUnsafe<Static<T[K]> | null>;
  };

export const OFFER_KINDS = [...ITEM_KINDS, ...THRESHOLD_KINDS] as const;
export const STATUSES = ['draft', 'active', 'paused', 'ended'] as const;
export type Status = (typeof STATUSES)[number];

export const ScopeSchema = Type.Object(
  {
    storeIds: Opt(Ids(500)),
    skuIds: Opt(Ids(5000)),
    productIds: Opt(Ids(5000)),
    categoryIds: Opt(Ids(500)),
    brandIds: Opt(Ids(500)),
    exclude: Opt(
      Type.Object(
        {
          skuIds: Opt(Ids(5000)),
          productIds: Opt(Ids(5000)),
          categoryIds: Opt(Ids(500)),
          brandIds: Opt(Ids(500)),
        },
        strict,
      ),
    ),
  },
  strict,
);

const Tier = Type.Object(
  { min: Opt(Fen), off: Opt(Fen), rateBp: Opt(Bp), minQty: Opt(Type.Integer()) },
  strict,
);

export const OfferRuleSchema = Type.Object(
  {
    type: Enum([
      'price',
      'off',
      'rate',
      'amount_tiers',
      'amount_every',
      'percent_tiers',
      'qty_percent_tiers',
      'qty_fixed_price',
      'buy_x_get_y',
    ] as const),
    price: Opt(Fen),
    skuPrices: Opt(Type.Record(Type.String(), Fen)),
    off: Opt(Fen),
    rateBp: Opt(Bp),
    tiers: Opt(Type.Array(Tier, { maxItems: 20 })),
    every: Opt(Fen),
    cap: Opt(Fen),
    qty: Opt(Type.Integer()),
    buy: Opt(Type.Integer()),
    get: Opt(Type.Integer()),
    maxApplications: Opt(Type.Integer()),
  },
  strict,
);

export const CouponRuleSchema = Type.Object(
  { type: Enum(['amount', 'percent'] as const), min: Fen, off: Opt(Fen), rateBp: Opt(Bp), maxOff: Opt(Fen) },
  strict,
);

const offerFields = {
  name: Text(200),
  kind: Enum(OFFER_KINDS),
  merchantId: Opt(Id),
  scope: ScopeSchema,
  startsAt: Instant,
  endsAt: Instant,
  rule: OfferRuleSchema,
  priority: Opt(Type.Integer({ minimum: -1000, maximum: 1000 })),
  platformFundedBp: Opt(Type.Integer()),
  audienceId: Opt(Id),
  group: Opt(Text(64)),
  stackable: Opt(Type.Boolean()),
  stockLeft: Opt(Type.Integer()),
  perUserLimit: Opt(Type.Integer()),
  liveSessionId: Opt(Id),
  presale: Opt(
    Type.Object(
      { depositPerUnit: Fen, worthPerUnit: Fen, balanceStartsAt: Instant, balanceEndsAt: Instant },
      strict,
    ),
  ),
};

export const OfferBody = Type.Object(
  { id: Opt(Id), status: Opt(Enum(['draft', 'active'] as const)), ...offerFields },
  strict,
);
export type OfferBody = Static<typeof OfferBody>;
export const OfferPatch = Type.Partial(
  Type.Object({
    ...nullable(offerFields),
    version: Type.Integer({ minimum: 1, description: 'expected current version' }),
  }),
  strict,
);
/** Offer fields a PATCH may not clear with `null`. */
export const OFFER_REQUIRED = ['name', 'kind', 'scope', 'startsAt', 'endsAt', 'rule'] as const;
export type OfferPatch = Static<typeof OfferPatch>;

const templateFields = {
  name: Text(200),
  kind: Enum(COUPON_KINDS),
  merchantId: Opt(Id),
  scope: ScopeSchema,
  rule: CouponRuleSchema,
  platformFundedBp: Opt(Type.Integer()),
  channel: Opt(Type.Object({ promoterId: Opt(Id), creatorId: Opt(Id) }, strict)),
  liveSessionId: Opt(Id),
  audienceId: Opt(Id),
  group: Opt(Text(64)),
  stackable: Opt(Type.Boolean()),
  priority: Opt(Type.Integer({ minimum: -1000, maximum: 1000 })),
  totalQuantity: Type.Integer(),
  perUserLimit: Opt(Type.Integer({ description: 'coupons one buyer may claim in all (default 1)' })),
  perUserDailyLimit: Opt(Type.Integer({ description: 'coupons one buyer may claim per business day' })),
  perDayLimit: Opt(Type.Integer({ description: 'coupons all buyers together may claim per business day' })),
  claimStartsAt: Instant,
  claimEndsAt: Instant,
  validity: Type.Object(
    {
      from: Opt(Instant),
      to: Opt(Instant),
      days: Opt(Type.Integer({ description: 'valid for this many days after the claim' })),
    },
    strict,
  ),
};

export const TemplateBody = Type.Object(
  { id: Opt(Id), status: Opt(Enum(['draft', 'active'] as const)), ...templateFields },
  strict,
);
export type TemplateBody = Static<typeof TemplateBody>;
export const TemplatePatch = Type.Partial(
  Type.Object({ ...nullable(templateFields), version: Type.Integer({ minimum: 1 }) }),
  strict,
);
/** Coupon template fields a PATCH may not clear with `null` (`perUserLimit` cleared is the default, 1). */
export const TEMPLATE_REQUIRED = [
  'name',
  'kind',
  'scope',
  'rule',
  'totalQuantity',
  'claimStartsAt',
  'claimEndsAt',
  'validity',
] as const;

/**
 * A PATCH merged into the stored fields: a given value replaces the stored one, `null` removes it, absent
 * keeps it. Nulling a required field is an issue (`not_clearable`) rather than a merge.
 */
export function mergePatch<T extends object>(
  current: T,
  changes: Record<string, unknown>,
  required: readonly string[],
  what: string,
): { merged: T; issues: FieldIssue[] } {
  const merged: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  const issues: FieldIssue[] = [];
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) continue;
    if (v !== null) merged[k] = v;
    else if (required.includes(k))
      issues.push({
        field: k,
        reason: `${k} cannot be cleared: every ${what} needs one; send a new value instead of null.`,
        code: 'not_clearable',
        params: { name: k },
      });
    else delete merged[k];
  }
  return { merged: merged as T, issues };
}

/** What ajv said, as a word for `params.rule` of a `schema` issue. */
function schemaRule(reason: string): string {
  if (reason === 'is required') return 'required';
  if (reason === 'unknown field') return 'unknown_field';
  if (reason.startsWith('must match format')) return 'format';
  if (reason.startsWith('must match pattern')) return 'pattern';
  if (reason.startsWith('must be equal to one of')) return 'enum';
  if (/^must be [<>]=? /.test(reason)) return 'range';
  if (/^must NOT have (more|fewer) than \d+ characters/.test(reason)) return 'length';
  if (/^must NOT have (more|fewer) than \d+ items/.test(reason)) return 'items';
  if (reason.startsWith('must NOT have duplicate items')) return 'unique';
  if (/^must be (integer|number|string|boolean|object|array|null)\b/.test(reason)) return 'type';
  return 'invalid';
}

/**
 * Schema check for the validate routes, which take half-filled forms: the schema's issues (code `schema`,
 * each sentence naming its field) and a copy of the body without the parts that failed, for the meaning
 * checks to run on. `pruned` lists the removed paths (an invalid element of a list removes the list);
 * a meaning issue at or around one of them only repeats the schema issue. `rest` is null when the body
 * is not an object at all.
 */
export function schemaCheck(
  check: (body: unknown) => FieldIssue[],
  body: unknown,
): { issues: FieldIssue[]; rest: Record<string, unknown> | null; pruned: string[] } {
  const raw = check(body);
  const issues = raw.map(({ field, reason }): FieldIssue => {
    const rule = schemaRule(reason);
    const sentence =
      rule === 'required'
        ? `${field} is required.`
        : rule === 'unknown_field'
          ? `${field} is not a field of this body; remove it.`
          : `${field} ${reason}.`;
    return {
      field,
      reason: sentence,
      code: 'schema',
      params: { rule, name: field.split('.').pop() ?? field },
    };
  });
  if (
    body === null ||
    typeof body !== 'object' ||
    Array.isArray(body) ||
    raw.some((i) => i.field === '(body)')
  )
    return { issues, rest: null, pruned: [] };
  const rest = structuredClone(body) as Record<string, unknown>;
  const pruned = raw.map((i) => prunePath(rest, i.field.split('.')));
  return { issues, rest, pruned };
}

/** Removes the value at a path; an element of a list takes the whole list. Returns the removed path. */
function prunePath(root: Record<string, unknown>, path: string[]): string {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const next = (node as Record<string, unknown>)[path[i]!];
    if (Array.isArray(next) && i + 1 < path.length) {
      if (
        i + 1 === path.length - 1 ||
        next[Number(path[i + 1])] === null ||
        typeof next[Number(path[i + 1])] !== 'object'
      ) {
        delete (node as Record<string, unknown>)[path[i]!];
        return path.slice(0, i + 1).join('.');
      }
    }
    if (next === null || typeof next !== 'object') return path.join('.');
    node = next;
  }
  if (node && typeof node === 'object' && !Array.isArray(node))
    delete (node as Record<string, unknown>)[path.at(-1)!];
  return path.join('.');
}

/** Whether a meaning issue at `field` concerns a part the schema check removed. */
export const prunedAround = (field: string, pruned: string[]) =>
  pruned.some((p) => field === p || field.startsWith(`${p}.`) || p.startsWith(`${field}.`));
export type TemplatePatch = Static<typeof TemplatePatch>;

export const ListQuery = Type.Object({
  merchantId: Opt(Type.String({ maxLength: 64, description: 'a merchant id, or "platform"' })),
  status: Opt(Enum(STATUSES)),
  kind: Opt(Type.String({ maxLength: 40 })),
  activeAt: Opt(Type.String({ format: 'date-time', description: 'live at this instant' })),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
});
export type ListQuery = Static<typeof ListQuery>;

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const ClaimBody = Type.Object({ userId: Id }, strict);

const QuoteContext = Type.Object({ liveSessionId: Opt(Id), creatorId: Opt(Id), promoterId: Opt(Id) }, strict);
export type QuoteContext = Static<typeof QuoteContext>;
const CartLines = Type.Array(
  Type.Object({ skuId: Id, quantity: Type.Integer({ minimum: 1, maximum: 100_000 }) }, strict),
  { minItems: 1, maxItems: 200 },
);

export const QuoteBody = Type.Object(
  {
    userId: Opt(Id),
    lines: CartLines,
    context: Opt(QuoteContext),
    couponIds: Opt(Ids(100)),
    usePoints: Opt(Type.Boolean()),
  },
  strict,
);
export type QuoteBody = Static<typeof QuoteBody>;

export const AddOnBody = Type.Object(
  { userId: Opt(Id), lines: CartLines, context: Opt(QuoteContext) },
  strict,
);
export type AddOnBody = Static<typeof AddOnBody>;

export const ListingBody = Type.Object(
  { userId: Opt(Id), skuIds: Type.Array(Id, { minItems: 1, maxItems: 1000 }) },
  strict,
);
export type ListingBody = Static<typeof ListingBody>;

export const RefundPreviewBody = Type.Object(
  {
    orderId: Id,
    lines: Type.Array(
      Type.Object(
        {
          lineNo: Type.Integer({ minimum: 1, maximum: 500 }),
          units: Type.Array(Type.Integer({ minimum: 0, maximum: 99_999 }), {
            minItems: 1,
            maxItems: 100_000,
          }),
        },
        strict,
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  strict,
);
export type RefundPreviewBody = Static<typeof RefundPreviewBody>;

export const PointsBody = Type.Object(
  {
    userId: Id,
    delta: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000 }),
    reason: Opt(Text(200)),
  },
  strict,
);

export const AudienceBody = Type.Object(
  { add: Opt(Type.Array(Id, { maxItems: 100_000 })), remove: Opt(Type.Array(Id, { maxItems: 100_000 })) },
  strict,
);
