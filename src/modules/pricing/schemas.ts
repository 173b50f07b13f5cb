import { Type, type Static } from 'typebox';
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
    ...offerFields,
    version: Type.Integer({ minimum: 1, description: 'expected current version' }),
  }),
  strict,
);
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
  Type.Object({ ...templateFields, version: Type.Integer({ minimum: 1 }) }),
  strict,
);
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
