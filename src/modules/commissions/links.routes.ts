import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import * as links from './links.service.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Opt = Type.Optional;
const strict = { additionalProperties: false } as const;
const LinkBody = Type.Object(
  {
    productId: Opt(Id),
    storeId: Opt(Id),
    subId: Opt(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z0-9_.:-]+$',
        description: "the party's own tracking id (a chat group, a post, a channel)",
      }),
    ),
    targetUrl: Opt(
      Type.String({
        maxLength: 2000,
        description: 'absolute http(s) landing page; default: the host item or store page',
      }),
    ),
    partyType: Opt(Type.Enum(['creator', 'promoter'] as const)),
    partyId: Opt(Id),
  },
  strict,
);
const LinkList = Type.Object({
  partyType: Opt(Type.Enum(['creator', 'promoter'] as const)),
  partyId: Opt(Id),
  productId: Opt(Id),
  subId: Opt(Type.String({ maxLength: 64 })),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
});
const ClickRange = Type.Object({
  from: Opt(Type.String({ format: 'date-time' })),
  to: Opt(Type.String({ format: 'date-time' })),
});
const tags = ['distribution: links'];

export const linkRoutes =
  (ctx: AppContext, opts: { landing?: string } = {}): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;

    app.post(
      '/distribution/links',
      {
        schema: {
          tags,
          summary: 'Get a share link and code for a product or store (201 new, 200 the one you already have)',
          description:
            'Creators and promoters (operators on their behalf) link a product or a store under a plan open to them, with an optional subId of their own. One link per (party, product/store, subId): asking again returns the same code. The click URL is /c/{code}.',
          body: LinkBody,
        },
      },
      async (req, reply) => {
        const r = await links.createLink(
          db,
          requireRole(req, 'creator', 'promoter', 'operator'),
          req.body as links.LinkBody,
          opts,
        );
        reply.status(r.status);
        return r.body;
      },
    );

    app.get(
      '/distribution/links',
      {
        schema: {
          tags,
          summary: 'Own share links with click counts (operators: anyone’s, by partyType/partyId)',
          querystring: LinkList,
        },
      },
      async (req) => links.listLinks(db, principalOf(req), req.query as Static<typeof LinkList>),
    );

    app.get(
      '/distribution/links/:id/clicks',
      {
        schema: {
          tags,
          summary: 'A link’s clicks per business day (default: the last 30 days)',
          params: Type.Object({ id: Id }),
          querystring: ClickRange,
        },
      },
      async (req) =>
        links.linkClicks(
          db,
          principalOf(req),
          (req.params as { id: string }).id,
          req.query as Static<typeof ClickRange>,
          ctx.cfg.timeZone,
        ),
    );
  };
