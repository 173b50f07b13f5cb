import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { idempotent } from '../../core/idempotency.ts';
import { PARTY_TYPES, PLAN_KINDS, PLAN_STATUSES } from './domain/plans.ts';
import * as plans from './plans.service.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
// Rates are bare integers here: the range is a rule explained with a 422 naming the field, not a schema 400.
const Bp = Type.Integer({ description: 'basis points: 1000 = 10% of the line paid' });
const Instant = Type.String({ format: 'date-time', description: 'RFC 3339 instant' });
const Enum = <const T extends readonly string[]>(vals: T) => Type.Enum([...vals] as T[number][]);
const strict = { additionalProperties: false } as const;
const Opt = Type.Optional;

const Boost = Type.Object(
  {
    id: Opt(Id),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    extraBp: Bp,
    startsAt: Instant,
    endsAt: Instant,
  },
  strict,
);
const planFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  defaultRateBp: Bp,
  presaleRateBp: Opt(Type.Union([Bp, Type.Null()])),
  couponTemplateId: Opt(Type.Union([Id, Type.Null()])),
  startsAt: Instant,
  endsAt: Opt(Type.Union([Instant, Type.Null()])),
  products: Opt(Type.Array(Type.Object({ productId: Id, rateBp: Opt(Bp) }, strict), { maxItems: 5000 })),
  parties: Opt(Type.Array(Type.Object({ type: Enum(PARTY_TYPES), id: Id }, strict), { maxItems: 5000 })),
  boosts: Opt(Type.Array(Boost, { maxItems: 100 })),
};
export const PlanBody = Type.Object(
  {
    id: Opt(Id),
    merchantId: Opt(Id),
    kind: Enum(PLAN_KINDS),
    status: Opt(Enum(['active', 'paused'] as const)),
    ...planFields,
  },
  strict,
);
export const PlanPatch = Type.Partial(Type.Object(planFields), strict);
const PlanList = Type.Object({
  merchantId: Opt(Id),
  status: Opt(Enum(PLAN_STATUSES)),
  kind: Opt(Enum(PLAN_KINDS)),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
});
const IdParams = Type.Object({ id: Id });
const tags = ['distribution: plans'];

export const planRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    const id = (req: { params: unknown }) => (req.params as { id: string }).id;

    app.post(
      '/distribution/plans',
      {
        schema: {
          tags,
          summary: 'Create a distribution plan (idempotent by id; honours Idempotency-Key)',
          description:
            'Merchants create plans for their own products; operators name merchantId. Mistakes (rates outside 0–9000 bp, an end before the start, a targeted or exclusive plan without parties, a product of another merchant, overlapping exclusive plans, a channel coupon that does not fit) are 422 naming the field.',
          body: PlanBody,
        },
      },
      async (req, reply) => {
        const p = requireRole(req, 'operator', 'merchant');
        return idempotent(db, req, reply, () => plans.createPlan(db, p, req.body as plans.PlanBody));
      },
    );

    app.get(
      '/distribution/plans',
      {
        schema: {
          tags,
          summary:
            'List plans: merchants their own, operators all, creators/agencies/promoters those open to them now',
          querystring: PlanList,
        },
      },
      async (req) => plans.listPlansFor(db, principalOf(req), req.query as Static<typeof PlanList>),
    );

    app.get(
      '/distribution/plans/:id',
      { schema: { tags, summary: 'One plan with its product rates, parties and boosts', params: IdParams } },
      async (req) => plans.getPlanFor(db, principalOf(req), id(req)),
    );

    app.patch(
      '/distribution/plans/:id',
      {
        schema: {
          tags,
          summary: 'Change a plan that has not ended (products, parties and boosts given replace the lists)',
          params: IdParams,
          body: PlanPatch,
        },
      },
      async (req) =>
        plans.patchPlan(db, requireRole(req, 'operator', 'merchant'), id(req), req.body as plans.PlanPatch),
    );

    app.get(
      '/distribution/plans/:id/products',
      {
        schema: {
          tags,
          summary: 'The products a plan covers, with base, presale and current boosted rates',
          params: IdParams,
          querystring: Type.Object({
            limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
          }),
        },
      },
      async (req) =>
        plans.planProducts(db, principalOf(req), id(req), req.query as { limit?: number; offset?: number }),
    );

    for (const action of ['pause', 'resume', 'end'] as const) {
      app.post(
        `/distribution/plans/:id/${action}`,
        {
          schema: { tags, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a plan`, params: IdParams },
        },
        async (req) => plans.changePlanStatus(db, requireRole(req, 'operator', 'merchant'), id(req), action),
      );
    }

    app.post(
      '/distribution/plans/:id/boosts',
      {
        schema: {
          tags,
          summary:
            'Add a boost (招商 campaign: extra bp for a window inside the plan’s); idempotent by boost id',
          params: IdParams,
          body: Boost,
        },
      },
      async (req, reply) => {
        const r = await plans.addBoost(
          db,
          requireRole(req, 'operator', 'merchant'),
          id(req),
          req.body as plans.BoostBody,
        );
        reply.status(r.status);
        return r.body;
      },
    );

    app.delete(
      '/distribution/plans/:id/boosts/:boostId',
      {
        schema: {
          tags,
          summary: 'Remove a boost',
          params: Type.Object({ id: Id, boostId: Id }),
        },
      },
      async (req) =>
        plans.removeBoost(
          db,
          requireRole(req, 'operator', 'merchant'),
          id(req),
          (req.params as { boostId: string }).boostId,
        ),
    );
  };
