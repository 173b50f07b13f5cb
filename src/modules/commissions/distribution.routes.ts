import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { principalOf } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { PARTY_TYPES } from './domain/plans.ts';
import * as distribution from './distribution.service.ts';
import { linkRoutes } from './links.routes.ts';
import { planRoutes } from './plans.routes.ts';

export { clickRoutes } from './clicks.routes.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Opt = Type.Optional;
const PartyFields = { partyType: Opt(Type.Enum([...PARTY_TYPES])), partyId: Opt(Id) };
const ProductQuery = Type.Object({
  categoryId: Opt(Id),
  q: Opt(Type.String({ minLength: 1, maxLength: 100, description: 'keyword in the title' })),
  sort: Opt(Type.Enum(['rate', 'sales', 'price', 'score'] as const, { default: 'rate' })),
  order: Opt(Type.Enum(['asc', 'desc'] as const)),
  minRateBp: Opt(Type.Integer({ minimum: 0, maximum: 10_000, description: 'rate at least, bp' })),
  minPrice: Opt(Type.Integer({ minimum: 0, description: 'lowest SKU price at least, fen' })),
  maxPrice: Opt(Type.Integer({ minimum: 0, description: 'lowest SKU price at most, fen' })),
  minProductScore: Opt(
    Type.Number({ minimum: 0, maximum: 100, description: 'latest product score at least (0–100)' }),
  ),
  ...PartyFields,
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
});
const PartyQuery = Type.Object(PartyFields);
const SelectionBody = Type.Object({ productId: Id, ...PartyFields }, { additionalProperties: false });
const tags = ['distribution: selection'];

/** Product selection square and selection list routes. */
const selectionRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    app.get(
      '/distribution/products',
      {
        schema: {
          tags,
          summary:
            'Products the caller may promote now, with rate (boosts included), price, 30-day units sold and scores',
          description:
            'For creators, agencies and promoters (operators name partyType and partyId). Each item carries productScore (0–100) and storeScore (3.00–5.00), the latest of the scoring module, or null. Filter by categoryId (any level), q (title keyword), minRateBp, minPrice / maxPrice (fen, lowest SKU price) and minProductScore (unscored products drop out); sort by rate (default, high first), sales (high first), price (low first) or score (product score, high first; unscored last); order overrides the direction.',
          querystring: ProductQuery,
        },
      },
      async (req) =>
        distribution.listProducts(db, principalOf(req), req.query as Static<typeof ProductQuery>),
    );
    app.get(
      '/distribution/selection',
      {
        schema: {
          tags,
          summary: 'The caller’s selection list with today’s terms',
          querystring: PartyQuery,
        },
      },
      async (req) => distribution.selectionOf(db, principalOf(req), req.query as Static<typeof PartyQuery>),
    );
    app.post(
      '/distribution/selection',
      {
        schema: {
          tags,
          summary: 'Add a product to the selection (201 added, 200 already there)',
          body: SelectionBody,
        },
      },
      async (req, reply) => {
        const r = await distribution.select(db, principalOf(req), req.body as Static<typeof SelectionBody>);
        reply.status(r.status);
        return r.body;
      },
    );
    app.delete(
      '/distribution/selection',
      {
        schema: {
          tags,
          summary: 'Remove a product from the selection (204 even if absent)',
          body: SelectionBody,
        },
      },
      async (req, reply) => {
        await distribution.unselect(db, principalOf(req), req.body as Static<typeof SelectionBody>);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/distribution/selection/:productId',
      {
        schema: {
          tags,
          summary: 'Remove a product from the selection (204 even if absent)',
          params: Type.Object({ productId: Id }),
          querystring: PartyQuery,
        },
      },
      async (req, reply) => {
        await distribution.unselect(db, principalOf(req), {
          ...(req.query as Static<typeof PartyQuery>),
          productId: (req.params as { productId: string }).productId,
        });
        return reply.status(204).send();
      },
    );
  };

/**
 * Every authenticated distribution route (plans, links, product selection), for the commissions module to
 * register under /v1. The public click endpoint is `clickRoutes`, to be registered at the root.
 */
export const distributionRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    await app.register(planRoutes(ctx));
    await app.register(linkRoutes(ctx));
    await app.register(selectionRoutes(ctx));
  };
