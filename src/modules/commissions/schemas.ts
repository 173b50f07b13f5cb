import { type Static, Type } from 'typebox';
import { CHANNELS, SCENES } from '../marketplace/index.ts';

/** Request schemas of the commission routes (TypeBox: validation, OpenAPI and types from one place). */

const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Instant = Type.String({ format: 'date-time' });
const Bp = (max: number) => Type.Integer({ minimum: 0, maximum: max, description: 'basis points' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Nullable = <
  T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer> | ReturnType<typeof Type.Array>,
>(
  t: T,
) => Type.Union([t, Type.Null()]);

const MerchantTypes = Type.Array(Type.Enum(['self', 'pop']), { minItems: 1, maxItems: 2, uniqueItems: true });
const Scenes = Type.Array(Type.Enum([...SCENES]), {
  minItems: 1,
  maxItems: SCENES.length,
  uniqueItems: true,
});
const Channels = Type.Array(Type.Enum([...CHANNELS]), {
  minItems: 1,
  maxItems: CHANNELS.length,
  uniqueItems: true,
});
const CategoryBp = Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Bp(5000));

export const FeePolicyBody = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Enum(['transaction', 'service'], {
      description: 'transaction: on the merchant sales of the line; service: on the commission',
    }),
    defaultBp: Type.Optional(Nullable(Bp(5000))),
    categoryBp: Type.Optional(CategoryBp),
    merchantTypes: Type.Optional(Nullable(MerchantTypes)),
    scenes: Type.Optional(Nullable(Scenes)),
    channels: Type.Optional(Nullable(Channels)),
    priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
    startsAt: Instant,
    endsAt: Type.Optional(Nullable(Instant)),
  },
  strict,
);
export type FeePolicyBody = Static<typeof FeePolicyBody>;

export const FeePolicyPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    defaultBp: Type.Optional(Nullable(Bp(5000))),
    categoryBp: Type.Optional(CategoryBp),
    merchantTypes: Type.Optional(Nullable(MerchantTypes)),
    scenes: Type.Optional(Nullable(Scenes)),
    channels: Type.Optional(Nullable(Channels)),
    priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
    startsAt: Type.Optional(Instant),
    endsAt: Type.Optional(Nullable(Instant)),
  },
  { ...strict, minProperties: 1 },
);
export type FeePolicyPatch = Static<typeof FeePolicyPatch>;

export const SettingsBody = Type.Object(
  {
    attributionWindowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    selfPurchasePolicy: Type.Optional(Type.Enum(['allow', 'review', 'forbid'])),
    holdDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 180 })),
    settlementDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })),
    serviceFeeBp: Type.Optional(Bp(5000)),
    transactionFeeBp: Type.Optional(Bp(1000)),
    leaderOverrideBp: Type.Optional(Bp(5000)),
    minClickGapSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    refundFarmingCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    refundFarmingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    categoryCaps: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 1 })),
    ),
  },
  { ...strict, minProperties: 1 },
);
export type SettingsBody = Static<typeof SettingsBody>;

export const PartyQuery = Type.Object(
  {
    partyType: Type.Enum(['creator', 'agency', 'promoter']),
    partyId: Id,
    status: Type.Optional(Type.Enum(['estimated', 'completed', 'settleable', 'settled', 'paid', 'invalid'])),
    month: Type.Optional(Month),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    after: Type.Optional(Type.String({ maxLength: 200, description: 'cursor from the previous page' })),
  },
  strict,
);
export type PartyQuery = Static<typeof PartyQuery>;

export const MerchantQuery = Type.Object(
  {
    merchantId: Id,
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    top: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  strict,
);
export type MerchantQuery = Static<typeof MerchantQuery>;

export const StatementQuery = Type.Object(
  {
    partyType: Type.Enum(['merchant', 'creator', 'agency', 'promoter']),
    partyId: Id,
    month: Type.Optional(Month),
  },
  strict,
);
export type StatementQuery = Static<typeof StatementQuery>;

export const SettleBody = Type.Object({ month: Month }, strict);
export const ReviewQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Enum(['pending', 'decided'], {
        description: 'pending (default): the queue; decided: lines decided, latest first',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    after: Type.Optional(Id),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  strict,
);
export const LineParams = Type.Object(
  { orderId: Id, lineNo: Type.Integer({ minimum: 1, maximum: 500 }) },
  strict,
);
export const ReviewBody = Type.Object(
  {
    action: Type.Enum(['clear', 'confirm']),
    reason: Type.Optional(
      Type.String({
        description: 'why (required, at most 500 characters; 422 naming `reason` when missing or longer)',
      }),
    ),
  },
  strict,
);
export type ReviewBody = Static<typeof ReviewBody>;

export const MonthStatementQuery = Type.Object(
  {
    month: Month,
    partyType: Type.Optional(Type.Enum(['merchant', 'creator', 'agency', 'promoter'])),
    status: Type.Optional(Type.Enum(['open', 'settled', 'paid'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  strict,
);
export type MonthStatementQuery = Static<typeof MonthStatementQuery>;

export const RunsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 24 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  strict,
);

export const DailyEarningsQuery = Type.Object(
  {
    partyType: Type.Enum(['creator', 'agency', 'promoter']),
    partyId: Id,
    from: Type.String({ format: 'date', description: 'first business day (YYYY-MM-DD)' }),
    to: Type.String({ format: 'date', description: 'last business day, at most 365 days after from' }),
  },
  strict,
);
export type DailyEarningsQuery = Static<typeof DailyEarningsQuery>;
export const IdParams = Type.Object({ id: Id }, strict);
export const OrderQuery = Type.Object({ orderId: Id }, strict);

export const ShoppersBody = Type.Object(
  {
    partyType: Type.Enum(['creator', 'promoter']),
    partyId: Id,
    consumerIds: Type.Array(Id, { maxItems: 1000, uniqueItems: true }),
  },
  strict,
);
export type ShoppersBody = Static<typeof ShoppersBody>;

export const FeePolicyQuery = Type.Object(
  {
    kind: Type.Optional(Type.Enum(['transaction', 'service'])),
    status: Type.Optional(Type.Enum(['active', 'ended'])),
  },
  strict,
);
