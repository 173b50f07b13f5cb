import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { principalOf } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { idempotent } from '../../core/idempotency.ts';
import * as activations from './activations.service.ts';
import * as audiences from './audiences.service.ts';
import type { AudEnv } from './audiences.shared.ts';
import { EVENT_LEAF_TYPES, MAX_DEPTH, MAX_LEAVES, TIERS } from './domain/expression.ts';
import { audienceInsight, expressionInsight } from './insight.service.ts';
import { tiersView } from './tiers.service.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Opt = Type.Optional;
const strict = { additionalProperties: false } as const;
const tags = ['audiences'];

const Expression = Type.Unknown({
  description: `An audience expression (checked by the service: a problem is 422 naming the field, e.g. expression.args[1].tag).
{ op: 'and'|'or', args: [Expr, …] } | { op: 'not', arg: Expr } | { tag: '<group>:<value>' }
| { event: { type: ${EVENT_LEAF_TYPES.join('|')}, category?, brand?, store?, min: 1..1000, days: 1..180 } }
| { tier: { store, tier: ${TIERS.join('|')} } } | { audience: '<id>' } | { lookalike: { audience: '<id>', size: 1..10000000 } }.
Depth ≤ ${MAX_DEPTH}, ≤ ${MAX_LEAVES} leaves. Merchants may name only their own stores and audiences (403 otherwise).`,
});
const Refresh = Type.Enum(['manual', 'daily']);
const Base = Type.String({
  maxLength: 80,
  description: 'platform (default), customers (of any of the merchant’s stores, 180 days) or audience:<id>',
});

const SizeBody = Type.Object({ merchantId: Opt(Id), expression: Expression }, strict);
const InsightBody = Type.Object({ merchantId: Opt(Id), expression: Expression, base: Opt(Base) }, strict);
const CreateBody = Type.Object(
  {
    id: Opt(Id),
    merchantId: Opt(Id),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    description: Opt(Type.String({ maxLength: 500 })),
    expression: Expression,
    refresh: Opt(Refresh),
  },
  strict,
);
const PatchBody = Type.Object(
  {
    name: Opt(Type.String({ minLength: 1, maxLength: 80 })),
    description: Opt(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    expression: Opt(Expression),
    refresh: Opt(Refresh),
    version: Type.Integer({ minimum: 1, description: 'the version read; a stale one is 409 stale_version' }),
  },
  strict,
);
const ListQuery = Type.Object({
  merchantId: Opt(Id),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
});
const LookalikeBody = Type.Object(
  {
    id: Opt(Id),
    size: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    name: Opt(Type.String({ minLength: 1, maxLength: 80 })),
  },
  strict,
);
const ActivationBody = Type.Object(
  {
    id: Opt(Id),
    kind: Type.Enum([...activations.ACTIVATION_KINDS]),
    couponTemplateId: Opt(Id),
    programId: Opt(Id),
    message: Opt(
      Type.Object(
        {
          title: Type.String({ minLength: 1, maxLength: 80 }),
          body: Type.String({ minLength: 1, maxLength: 500 }),
        },
        strict,
      ),
    ),
    adId: Opt(Id),
    holdoutPct: Opt(Type.Integer({ minimum: 0, maximum: 50, default: 10 })),
  },
  strict,
);
const ActivationsQuery = Type.Object({
  merchantId: Opt(Id),
  audienceId: Opt(Id),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
});
const IdParams = Type.Object({ id: Id });
const StoreParams = Type.Object({ storeId: Id });

const id = (req: FastifyRequest) => (req.params as { id: string }).id;

/** The audience builder: instant size, saved audiences and snapshots, insight, store tiers, lookalike, activation. */
export const audienceRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const env: AudEnv = { db: ctx.db.kysely, timeZone: ctx.cfg.timeZone };

    app.post(
      '/audiences/size',
      {
        schema: {
          tags,
          summary: 'Instant size of an expression while editing (counts only)',
          description:
            'Evaluated on the latest tag build; behaviour windows end on the build’s business day.',
          body: SizeBody,
        },
      },
      async (req) => audiences.sizeOf(env, principalOf(req), req.body as Static<typeof SizeBody>),
    );
    app.post(
      '/audiences/insight',
      {
        schema: {
          tags,
          summary: 'Insight of an expression being edited: 10 dimensions with shares and TGI against a base',
          body: InsightBody,
        },
      },
      async (req) => expressionInsight(env, principalOf(req), req.body as Static<typeof InsightBody>),
    );
    app.get(
      '/audiences',
      { schema: { tags, summary: 'A merchant’s saved audiences, newest first', querystring: ListQuery } },
      async (req) => audiences.listAudiences(env, principalOf(req), req.query as Static<typeof ListQuery>),
    );
    app.post(
      '/audiences',
      {
        schema: {
          tags,
          summary: 'Save an audience (idempotent by id); its first snapshot is taken at once',
          description:
            'refresh daily takes a new snapshot each business day; manual only on POST /audiences/:id/refresh. The same id with other content is 409 id_taken.',
          body: CreateBody,
        },
      },
      async (req, reply) =>
        idempotent(env.db, req, reply, () =>
          audiences.createAudience(env, principalOf(req), req.body as Static<typeof CreateBody>),
        ),
    );
    app.get(
      '/audiences/activations',
      {
        schema: { tags, summary: 'A merchant’s activations, newest first', querystring: ActivationsQuery },
      },
      async (req) =>
        activations.listActivations(env, principalOf(req), req.query as Static<typeof ActivationsQuery>),
    );
    app.get(
      '/audiences/activations/:id',
      {
        schema: {
          tags,
          summary: 'An activation with treatment vs holdout results (orders at the merchant’s stores since)',
          params: IdParams,
        },
      },
      async (req) => activations.getActivation(env, principalOf(req), id(req)),
    );
    app.get(
      '/audiences/stores/:storeId/tiers',
      {
        schema: {
          tags,
          summary: 'Store relationship tiers and the visitor split (customers vs prospects), counts only',
          description:
            'customers: paid at the store in 180 days; intent: viewed/clicked/carted/favourited there in 30 days, not customers; competitor: bought the store’s main category elsewhere (180 days); potential: lookalike of the customers minus customers and intent; visitors: viewed/clicked/carted or ordered there in 30 days, split into customers and prospects.',
          params: StoreParams,
        },
      },
      async (req) => tiersView(env, principalOf(req), (req.params as { storeId: string }).storeId),
    );
    app.get(
      '/audiences/:id',
      { schema: { tags, summary: 'One audience with its latest size', params: IdParams } },
      async (req) => audiences.getAudience(env, principalOf(req), id(req)),
    );
    app.patch(
      '/audiences/:id',
      {
        schema: {
          tags,
          summary: 'Change an audience (optimistic by version); a new expression takes a new snapshot',
          params: IdParams,
          body: PatchBody,
        },
      },
      async (req) =>
        audiences.patchAudience(env, principalOf(req), id(req), req.body as Static<typeof PatchBody>),
    );
    app.post(
      '/audiences/:id/refresh',
      { schema: { tags, summary: 'Take a new snapshot of an audience now', params: IdParams } },
      async (req) => audiences.refreshAudience(env, principalOf(req), id(req)),
    );
    app.get(
      '/audiences/:id/snapshots',
      { schema: { tags, summary: 'An audience’s snapshots, newest first (sizes only)', params: IdParams } },
      async (req) => audiences.listSnapshots(env, principalOf(req), id(req)),
    );
    app.get(
      '/audiences/:id/insight',
      {
        schema: {
          tags,
          summary: 'Insight of an audience’s latest snapshot: 10 dimensions, shares and TGI against a base',
          description:
            'Cells with fewer users than the operator’s minCell are suppressed (count, share and tgi null); a base cell under minCell shows no baseShare. tgi = round(share / baseShare × 100).',
          params: IdParams,
          querystring: Type.Object({ base: Opt(Base) }),
        },
      },
      async (req) => audienceInsight(env, principalOf(req), id(req), (req.query as { base?: string }).base),
    );
    app.post(
      '/audiences/:id/lookalike',
      {
        schema: {
          tags,
          summary: 'Save a lookalike of an audience: the `size` users most like it (by tag log-lift)',
          params: IdParams,
          body: LookalikeBody,
        },
      },
      async (req, reply) =>
        idempotent(env.db, req, reply, () =>
          audiences.createLookalike(env, principalOf(req), id(req), req.body as Static<typeof LookalikeBody>),
        ),
    );
    app.post(
      '/audiences/:id/activations',
      {
        schema: {
          tags,
          summary: 'Activate an audience with a holdout group (coupon, traffic boost, push message, ad)',
          description:
            'The latest snapshot is split deterministically by (activation id, user) into treatment and holdout (holdoutPct, default 10). coupon: the merchant’s active template with enough coupons left for the treatment group; coupons are issued to treatment users only. Idempotent by id or Idempotency-Key.',
          params: IdParams,
          body: ActivationBody,
        },
      },
      async (req, reply) => {
        const key = req.headers['idempotency-key'];
        return idempotent(env.db, req, reply, () =>
          activations.createActivation(
            env,
            principalOf(req),
            id(req),
            req.body as Static<typeof ActivationBody>,
            typeof key === 'string' && key ? key : undefined,
          ),
        );
      },
    );
  };
