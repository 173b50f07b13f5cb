import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { type FieldIssue, unprocessable } from '../../core/errors.ts';
import { MATCH_FEATURES } from './domain/match.ts';
import { creatorsForStore, matcherOf, productsForCreator } from './match.service.ts';

const tags = ['live'];
const MAX_LIMIT = 200;

const Reason = Type.Object({
  code: Type.Enum([...MATCH_FEATURES]),
  value: Type.Union([Type.Number(), Type.Null()], {
    description:
      'category_fit 0..1, audience_overlap share of the store buyers, word_of_mouth 3..5, gpm_history smoothed fen per 1,000 views, commission bp, reach smoothed views per session (followers are the item’s own field)',
  }),
  weight: Type.Number(),
  contribution: Type.Number({ description: 'weight × normalized value; contributions sum to the score' }),
  text: Type.String(),
});

const CreatorItem = Type.Object({
  creatorId: Type.String(),
  name: Type.String(),
  followers: Type.Integer(),
  categories: Type.Array(Type.String()),
  wordOfMouth: Type.Union([Type.Number(), Type.Null()]),
  gpm: Type.Union([Type.Integer(), Type.Null()], {
    description: 'raw GMV fen per 1,000 views of past sessions',
  }),
  sessions: Type.Integer(),
  score: Type.Number({ description: '0..1' }),
  reasons: Type.Array(Reason),
});

const ProductItem = Type.Object({
  productId: Type.String(),
  title: Type.String(),
  storeId: Type.String(),
  storeName: Type.String(),
  price: Type.Integer({ description: 'lowest SKU price, fen' }),
  rateBp: Type.Integer(),
  score: Type.Number(),
  reasons: Type.Array(Reason),
});

const IdParam = Type.String({ maxLength: 64 });
/** limit is range-checked in the handler so that a bad one is a 422 with its field, like other business rules. */
const Limit = Type.Integer({ description: `1..${MAX_LIMIT}, default 20` });

function checked(q: Record<string, unknown>, required: string): number {
  const issues: FieldIssue[] = [];
  const id = q[required];
  if (typeof id !== 'string' || !id.length) issues.push({ field: required, reason: 'is required' });
  const limit = (q.limit as number | undefined) ?? 20;
  if (limit < 1 || limit > MAX_LIMIT) issues.push({ field: 'limit', reason: `must be 1..${MAX_LIMIT}` });
  if (issues.length) throw unprocessable('the recommendation query is not valid', issues);
  return limit;
}

/** Creator–product matching: creators for a merchant's store (or product), products for a creator. */
export const matchRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const matcher = matcherOf(ctx);
    app.get(
      '/live/recommendations/creators',
      {
        schema: {
          tags,
          summary: 'Creators recommended for a store (merchant: its own; operator: any), explained',
          querystring: Type.Object(
            {
              storeId: Type.Optional(IdParam),
              productId: Type.Optional(IdParam),
              limit: Type.Optional(Limit),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              storeId: Type.String(),
              evaluated: Type.Integer(),
              items: Type.Array(CreatorItem),
            }),
          },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const q = req.query as { storeId: string; productId?: string; limit?: number };
        const limit = checked(q, 'storeId');
        return creatorsForStore(matcher, p, { storeId: q.storeId, productId: q.productId, limit });
      },
    );
    app.get(
      '/live/recommendations/products',
      {
        schema: {
          tags,
          summary: 'Products recommended for a creator (the creator, its agency, operators), explained',
          querystring: Type.Object(
            { creatorId: Type.Optional(IdParam), limit: Type.Optional(Limit) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              creatorId: Type.String(),
              evaluated: Type.Integer(),
              items: Type.Array(ProductItem),
            }),
          },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const q = req.query as { creatorId: string; limit?: number };
        const limit = checked(q, 'creatorId');
        return productsForCreator(matcher, p, { creatorId: q.creatorId, limit });
      },
    );
  };
