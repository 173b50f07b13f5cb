import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { principalOf } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { idempotent } from '../../core/idempotency.ts';
import { CouponRuleSchema } from '../pricing/index.ts';
import * as campaigns from './campaigns.service.ts';
import { dashboard } from './dashboard.service.ts';
import { settleRoute, settlementView } from './funding.service.ts';
import { cartQuote, pool, productLink, storeDecoration } from './pool.service.ts';
import { CAMPAIGN_TYPES } from './types.ts';

const Id = Type.String({ minLength: 1, maxLength: 48, pattern: '^[A-Za-z0-9_.:-]+$' });
const Opt = Type.Optional;
const strict = { additionalProperties: false } as const;
const tags = ['joint'];
const Instant = Type.String({ format: 'date-time' });
const Bp = Type.Integer({ minimum: 0, maximum: 10_000, description: 'basis points' });
const Note = Type.String({ maxLength: 500 });

const Decoration = Type.Object(
  {
    theme: Type.Enum(['festive', 'spring', 'summer', 'autumn', 'winter', 'minimal']),
    bannerText: Type.String({ minLength: 1, maxLength: 80 }),
    bannerTextZh: Opt(Type.String({ minLength: 1, maxLength: 80 })),
    color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    giftWrap: Type.Boolean(),
    giftWrapFee: Opt(Type.Integer({ minimum: 0, maximum: 100_000, description: 'fen' })),
  },
  strict,
);

const CreateBody = Type.Object(
  {
    id: Opt(Id),
    type: Type.Enum([...CAMPAIGN_TYPES]),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    nameZh: Opt(Type.String({ minLength: 1, maxLength: 120 })),
    storeId: Id,
    startsAt: Instant,
    endsAt: Instant,
    rules: Type.Record(Type.String(), Type.Unknown(), {
      description: `By type: cross_store_threshold { rule: amount_tiers | amount_every };
cross_store_coupon { coupon: CouponRule, quantity, perUserLimit? }; ad_crowdfunding { ad: {...} }; shared_decoration {}`,
    }),
    requirements: Opt(
      Type.Object(
        {
          minStoreScore: Opt(Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()])),
          categoryIds: Opt(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
        },
        strict,
      ),
    ),
    funding: Opt(
      Type.Object(
        {
          mode: Type.Enum(['own_lines', 'shares']),
          platformFundedBp: Opt(Bp),
          organiserShareBp: Opt(Type.Union([Bp, Type.Null()])),
        },
        strict,
      ),
    ),
    fanOffer: Opt(
      Type.Union([
        Type.Object(
          { rule: CouponRuleSchema, quantity: Type.Integer({ minimum: 1, maximum: 10_000_000 }) },
          strict,
        ),
        Type.Null(),
      ]),
    ),
    decoration: Opt(Type.Union([Decoration, Type.Null()])),
    invite: Opt(Type.Array(Id, { maxItems: 199, uniqueItems: true })),
  },
  strict,
);
const ListQuery = Type.Object({
  role: Opt(Type.Enum(['organiser', 'participant', 'invited'])),
  status: Opt(Type.Enum(['inviting', 'running', 'ended', 'cancelled'])),
  type: Opt(Type.Enum([...CAMPAIGN_TYPES])),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
});
const IdParams = Type.Object({ id: Id });
const PartParams = Type.Object({ id: Id, storeId: Id });
const InviteBody = Type.Object({ storeIds: Type.Array(Id, { minItems: 1, maxItems: 199 }) }, strict);
const AcceptBody = Type.Object({ shareBp: Opt(Bp), note: Opt(Note) }, strict);
const NoteBody = Type.Object({ note: Opt(Note) }, strict);
const JoinBody = Type.Object({ storeId: Id, shareBp: Opt(Bp) }, strict);
const PoolQuery = Type.Object({
  userId: Opt(Id),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
const QuoteBody = Type.Object(
  {
    userId: Opt(Id),
    lines: Type.Array(
      Type.Object({ skuId: Id, quantity: Type.Integer({ minimum: 1, maximum: 999 }) }, strict),
      {
        minItems: 1,
        maxItems: 100,
      },
    ),
  },
  strict,
);

const id = (req: FastifyRequest) => (req.params as { id: string }).id;
const part = (req: FastifyRequest) => req.params as Static<typeof PartParams>;
const body = <T>(req: FastifyRequest) => (req.body ?? {}) as T;

/** Joint campaigns: lifecycle, shared data, the pool, the detail-page link and the shared decoration. */
export const campaignRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db;
    const k = db.kysely;

    app.post(
      '/joint/campaigns',
      {
        schema: {
          tags,
          summary: 'Create a campaign (idempotent by id; the same id with another body is 409 id_taken)',
          description:
            'The organiser is the merchant of storeId (operators may name any store). Merchants cannot set funding.platformFundedBp > 0. funding.organiserShareBp is the organiser store’s share in shares mode.',
          body: CreateBody,
        },
      },
      async (req, reply) =>
        idempotent(k, req, reply, () =>
          campaigns.createCampaign(db, principalOf(req), req.body as campaigns.CreateBody, new Date()),
        ),
    );
    app.get(
      '/joint/campaigns',
      {
        schema: {
          tags,
          summary: 'Campaigns of the caller’s stores (operators: all), newest first',
          querystring: ListQuery,
        },
      },
      async (req) =>
        campaigns.listCampaigns(db, principalOf(req), req.query as Static<typeof ListQuery>, new Date()),
    );
    app.get(
      '/joint/campaigns/:id',
      { schema: { tags, summary: 'A campaign (its merchants and operators)', params: IdParams } },
      async (req) => campaigns.getCampaign(db, principalOf(req), id(req), new Date()),
    );
    app.post(
      '/joint/campaigns/:id/invitations',
      {
        schema: {
          tags,
          summary: 'Invite stores (organiser or operator, before the start)',
          params: IdParams,
          body: InviteBody,
        },
      },
      async (req, reply) =>
        idempotent(k, req, reply, async () => ({
          status: 200,
          body: await campaigns.invite(
            db,
            principalOf(req),
            id(req),
            (req.body as Static<typeof InviteBody>).storeIds,
            new Date(),
          ),
        })),
    );
    for (const answer of ['accept', 'decline'] as const)
      app.post(
        `/joint/campaigns/:id/participants/:storeId/${answer}`,
        {
          schema: {
            tags,
            summary:
              answer === 'accept'
                ? 'Accept an invitation (the store’s merchant); 422 requirement_not_met when the store does not qualify'
                : 'Decline an invitation (or withdraw before the start)',
            params: PartParams,
            body: answer === 'accept' ? AcceptBody : NoteBody,
          },
        },
        async (req) =>
          campaigns.respond(
            db,
            principalOf(req),
            part(req).id,
            part(req).storeId,
            answer,
            body(req),
            new Date(),
          ),
      );
    app.post(
      '/joint/campaigns/:id/join',
      {
        schema: {
          tags,
          summary: 'Join an open campaign (ad crowdfunding) with a store',
          params: IdParams,
          body: JoinBody,
        },
      },
      async (req) =>
        campaigns.join(db, principalOf(req), id(req), req.body as Static<typeof JoinBody>, new Date()),
    );
    app.post(
      '/joint/campaigns/:id/participants/:storeId/remove',
      {
        schema: {
          tags,
          summary: 'Remove a store (organiser or operator, before the start)',
          params: PartParams,
          body: NoteBody,
        },
      },
      async (req) =>
        campaigns.remove(
          db,
          principalOf(req),
          part(req).id,
          part(req).storeId,
          body<{ note?: string }>(req).note,
          new Date(),
        ),
    );
    app.post(
      '/joint/campaigns/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel (organiser before the start, operator until the end)',
          params: IdParams,
        },
      },
      async (req) => campaigns.cancel(db, principalOf(req), id(req), new Date()),
    );
    app.get(
      '/joint/campaigns/:id/dashboard',
      {
        schema: { tags, summary: 'Shared campaign data per participant (aggregates only)', params: IdParams },
      },
      async (req) => dashboard(db, principalOf(req), id(req), new Date(), ctx.cfg.timeZone),
    );
    app.get(
      '/joint/campaigns/:id/pool',
      {
        schema: {
          tags,
          summary: 'The joint pool ranked for a user (traffic ranker), with listing prices',
          description: 'Merchants previewing the pool see anonymous prices.',
          params: IdParams,
          querystring: PoolQuery,
        },
      },
      async (req) => pool(ctx, principalOf(req), id(req), req.query as Static<typeof PoolQuery>, new Date()),
    );
    app.post(
      '/joint/campaigns/:id/cart-quote',
      {
        schema: {
          tags,
          summary:
            'Price a cart of pool SKUs across stores (a pricing quote; merchants get the anonymous price)',
          params: IdParams,
          body: QuoteBody,
        },
      },
      async (req, reply) => {
        const q = await cartQuote(
          db,
          principalOf(req),
          id(req),
          req.body as Static<typeof QuoteBody>,
          new Date(),
        );
        return reply.status(201).type('application/json; charset=utf-8').send(q);
      },
    );
    app.get(
      '/joint/products/:productId/link',
      {
        schema: {
          tags,
          summary: 'The campaign slot of a product’s detail page (a running campaign of its store), or null',
          params: Type.Object({ productId: Id }),
        },
      },
      async (req) => productLink(db, (req.params as { productId: string }).productId, new Date()),
    );
    app.get(
      '/joint/stores/:storeId/decoration',
      {
        schema: {
          tags,
          summary: 'The shared decoration on a store’s pages now, or null',
          params: Type.Object({ storeId: Id }),
        },
      },
      async (req) => storeDecoration(db, (req.params as { storeId: string }).storeId, new Date()),
    );
    app.get(
      '/joint/campaigns/:id/settlement',
      {
        schema: {
          tags,
          summary: 'Funding split: funded on own lines, owed by share, transfer per merchant',
          params: IdParams,
        },
      },
      async (req) => settlementView(db, principalOf(req), id(req)),
    );
    app.post(
      '/joint/campaigns/:id/settle',
      {
        schema: {
          tags,
          summary: 'Settle paid orders’ funding on the ledger now (operator)',
          params: IdParams,
        },
      },
      async (req) => settleRoute(db, principalOf(req), id(req), new Date()),
    );
  };
