import { Type, type Static, type TSchema } from 'typebox';
import {
  AFTER_SALE_STATUSES,
  AFTER_SALE_TYPES,
  AGE_BANDS,
  CHANNELS,
  EVENT_TYPES,
  ORDER_STATUSES,
  REASON_CODES,
  SCENES,
} from './vocab.ts';

/** Record schemas of the ingestion API: the single source for validation, OpenAPI and docs. */

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const OptId = Type.Optional(Id);
const Fen = Type.Integer({ minimum: 0, maximum: 9_007_199_254_740_991, description: 'integer fen' });
const Instant = Type.String({ format: 'date-time', description: 'RFC 3339 instant' });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Enum = <const T extends readonly string[]>(vals: T) => Type.Enum([...vals] as T[number][]);
const strict = { additionalProperties: false } as const;

export const CategoryRecord = Type.Object(
  {
    id: Id,
    parentId: OptId,
    level: Type.Integer({ minimum: 1, maximum: 3 }),
    name: Text(100),
    nameZh: Type.Optional(Text(100)),
  },
  strict,
);
export const BrandRecord = Type.Object({ id: Id, name: Text(100) }, strict);
export const MerchantRecord = Type.Object(
  { id: Id, name: Text(200), type: Enum(['self', 'pop'] as const), onboardedAt: Day },
  strict,
);
export const StoreRecord = Type.Object(
  { id: Id, merchantId: Id, name: Text(200), mainCategoryId: OptId, openedAt: Day },
  strict,
);
export const SkuRecord = Type.Object(
  {
    id: Id,
    price: Fen,
    listPrice: Type.Optional(Fen),
    stock: Type.Integer({ minimum: 0, maximum: 2_000_000_000 }),
    attributes: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 200 }))),
  },
  strict,
);
export const ProductRecord = Type.Object(
  {
    id: Id,
    storeId: Id,
    categoryId: Id,
    brandId: OptId,
    title: Text(300),
    images: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 30 })),
    attributes: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 200 }))),
    description: Type.Optional(Type.String({ maxLength: 20000 })),
    status: Type.Optional(Enum(['listed', 'delisted'] as const)),
    listedAt: Instant,
    skus: Type.Array(SkuRecord, { minItems: 1, maxItems: 200 }),
  },
  strict,
);
export const ConsumerRecord = Type.Object(
  {
    id: Id,
    ageBand: Type.Optional(Enum(AGE_BANDS)),
    gender: Type.Optional(Enum(['f', 'm'] as const)),
    region: Type.Optional(Text(50)),
    cityTier: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    registeredAt: Instant,
  },
  strict,
);
export const CreatorRecord = Type.Object(
  {
    id: Id,
    name: Text(200),
    followers: Type.Integer({ minimum: 0 }),
    categories: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    joinedAt: Day,
  },
  strict,
);
export const AgencyRecord = Type.Object(
  {
    id: Id,
    name: Text(200),
    contracts: Type.Optional(
      Type.Array(
        Type.Object(
          {
            creatorId: Id,
            splitBp: Type.Integer({ minimum: 0, maximum: 10000 }),
            startsOn: Day,
            endsOn: Type.Optional(Day),
          },
          strict,
        ),
        {
          maxItems: 10000,
        },
      ),
    ),
  },
  strict,
);
export const PromoterRecord = Type.Object(
  {
    id: Id,
    name: Text(200),
    leaderId: OptId,
    isLeader: Type.Optional(Type.Boolean()),
    groupSize: Type.Optional(Type.Integer({ minimum: 0 })),
    joinedAt: Day,
  },
  strict,
);
export const FollowRecord = Type.Object(
  {
    consumerId: Id,
    targetType: Enum(['store', 'creator'] as const),
    targetId: Id,
    followedAt: Instant,
    unfollowedAt: Type.Optional(Instant),
  },
  strict,
);

export const OrderSource = Type.Object(
  {
    scene: Enum(SCENES),
    channel: Enum(CHANNELS),
    liveSessionId: OptId,
    creatorId: OptId,
    promoterId: OptId,
    shareCode: Type.Optional(Text(64)),
    campaignId: OptId,
    adId: OptId,
  },
  strict,
);
export const OrderLine = Type.Object(
  {
    lineNo: Type.Integer({ minimum: 1, maximum: 500 }),
    skuId: Id,
    quantity: Type.Integer({ minimum: 1, maximum: 100000 }),
    unitPrice: Fen,
    discount: Fen,
  },
  strict,
);
export const Payment = Type.Object(
  {
    id: Id,
    kind: Enum(['full', 'deposit', 'balance'] as const),
    amount: Type.Integer({ minimum: 1 }),
    paidAt: Instant,
    method: Type.Optional(Text(32)),
  },
  strict,
);
export const OrderRecord = Type.Object(
  {
    id: Id,
    parentId: OptId,
    storeId: Id,
    consumerId: Id,
    status: Enum(ORDER_STATUSES),
    source: OrderSource,
    lines: Type.Array(OrderLine, { minItems: 1, maxItems: 500 }),
    itemsAmount: Fen,
    discountAmount: Fen,
    shippingFee: Fen,
    payAmount: Fen,
    presale: Type.Optional(
      Type.Object({ depositAmount: Type.Integer({ minimum: 1 }), balanceAmount: Fen }, strict),
    ),
    payments: Type.Optional(Type.Array(Payment, { maxItems: 10 })),
    createdAt: Instant,
    depositPaidAt: Type.Optional(Instant),
    paidAt: Type.Optional(Instant),
    shippedAt: Type.Optional(Instant),
    collectedAt: Type.Optional(Instant),
    deliveredAt: Type.Optional(Instant),
    completedAt: Type.Optional(Instant),
    cancelledAt: Type.Optional(Instant),
    cancelReason: Type.Optional(Text(200)),
    shipment: Type.Optional(Type.Object({ carrier: Text(64), trackingNo: Text(64) }, strict)),
    pricing: Type.Optional(
      Type.Object(
        {
          quoteId: Type.String({
            minLength: 1,
            maxLength: 64,
            description: 'the pricing quote this store order was priced by; its share is locked at creation',
          }),
        },
        strict,
      ),
    ),
  },
  strict,
);

export const AfterSaleRecord = Type.Object(
  {
    id: Id,
    orderId: Id,
    lineNo: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    type: Enum(AFTER_SALE_TYPES),
    reasonCode: Enum(Object.keys(REASON_CODES) as (keyof typeof REASON_CODES)[]),
    amount: Type.Integer({ minimum: 1 }),
    status: Enum(AFTER_SALE_STATUSES),
    platformIntervened: Type.Optional(Type.Boolean()),
    requestedAt: Instant,
    resolvedAt: Type.Optional(Instant),
    refundedAt: Type.Optional(Instant),
  },
  strict,
);

const Rating = Type.Integer({ minimum: 1, maximum: 5 });
export const ReviewRecord = Type.Object(
  {
    id: Id,
    orderId: Id,
    lineNo: Type.Integer({ minimum: 1, maximum: 500 }),
    productRating: Rating,
    logisticsRating: Rating,
    serviceRating: Rating,
    text: Type.Optional(Type.String({ maxLength: 5000 })),
    createdAt: Instant,
  },
  strict,
);

export const ServiceSessionRecord = Type.Object(
  {
    id: Id,
    storeId: Id,
    consumerId: Id,
    orderId: OptId,
    startedAt: Instant,
    firstResponseSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 * 86400 })),
    resolved: Type.Optional(Type.Boolean()),
  },
  strict,
);

export const LIVE_HOST_TYPES = ['self', 'agency', 'creator'] as const;
export const LiveSessionRecord = Type.Object(
  {
    id: Id,
    storeId: Id,
    hostType: Enum(LIVE_HOST_TYPES),
    creatorId: OptId,
    agencyId: OptId,
    title: Type.Optional(Text(200)),
    scheduledAt: Type.Optional(Instant),
    startedAt: Type.Optional(Instant),
    endedAt: Type.Optional(Instant),
  },
  strict,
);

export const EventRecord = Type.Object(
  {
    id: Id,
    type: Enum(EVENT_TYPES),
    occurredAt: Instant,
    userId: OptId,
    productId: OptId,
    storeId: OptId,
    scene: Enum(SCENES),
    channel: Type.Optional(Enum(CHANNELS)),
    query: Type.Optional(Text(200)),
    liveSessionId: OptId,
    creatorId: OptId,
    promoterId: OptId,
    durationMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })),
  },
  strict,
);

export type Category = Static<typeof CategoryRecord>;
export type Brand = Static<typeof BrandRecord>;
export type Merchant = Static<typeof MerchantRecord>;
export type Store = Static<typeof StoreRecord>;
export type Product = Static<typeof ProductRecord>;
export type Consumer = Static<typeof ConsumerRecord>;
export type Creator = Static<typeof CreatorRecord>;
export type Agency = Static<typeof AgencyRecord>;
export type Promoter = Static<typeof PromoterRecord>;
export type Follow = Static<typeof FollowRecord>;
export type Order = Static<typeof OrderRecord>;
export type AfterSale = Static<typeof AfterSaleRecord>;
export type Review = Static<typeof ReviewRecord>;
export type ServiceSession = Static<typeof ServiceSessionRecord>;
export type LiveSession = Static<typeof LiveSessionRecord>;
export type BehaviourEvent = Static<typeof EventRecord>;

/** Catalog and party kinds accepted by POST /v1/catalog/{kind}. */
export const CATALOG_SCHEMAS = {
  categories: CategoryRecord,
  brands: BrandRecord,
  merchants: MerchantRecord,
  stores: StoreRecord,
  products: ProductRecord,
  consumers: ConsumerRecord,
  creators: CreatorRecord,
  agencies: AgencyRecord,
  promoters: PromoterRecord,
  follows: FollowRecord,
} as const satisfies Record<string, TSchema>;
export type CatalogKind = keyof typeof CATALOG_SCHEMAS;
export const CATALOG_KINDS = Object.keys(CATALOG_SCHEMAS) as CatalogKind[];
