import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { idempotent } from '../../core/idempotency.ts';
import { SAMPLE_STATUSES, type SampleAction } from './domain/samples.ts';
import * as samples from './samples.service.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Opt = Type.Optional;
const strict = { additionalProperties: false } as const;
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

const PolicyBody = Type.Object(
  {
    merchantId: Opt(Id),
    minCreatorScore: Opt(
      Type.Number({ minimum: 0, maximum: 5, description: 'word-of-mouth score 3.00–5.00; 0 = no minimum' }),
    ),
    minFollowers: Opt(Type.Integer({ minimum: 0, maximum: 2_000_000_000 })),
    autoApprove: Opt(Type.Boolean()),
    contentDays: Opt(Type.Integer({ minimum: 1, maximum: 365, description: 'default 14' })),
    requireReturn: Opt(Type.Boolean()),
  },
  strict,
);
const CreateBody = Type.Object(
  { id: Opt(Id), productId: Id, creatorId: Opt(Id), note: Opt(Text(500)) },
  strict,
);
const ListQuery = Type.Object({
  status: Opt(Type.Enum([...SAMPLE_STATUSES])),
  productId: Opt(Id),
  creatorId: Opt(Id),
  merchantId: Opt(Id),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
});
const Shipment = Type.Object({ carrier: Text(60), trackingNo: Text(60) }, strict);
const Bodies: Partial<Record<SampleAction, ReturnType<typeof Type.Object>>> = {
  reject: Type.Object({ reason: Text(500) }, strict),
  ship: Shipment,
  fulfil: Type.Object(
    {
      type: Type.Enum(['live', 'video']),
      sessionId: Opt(Id),
      url: Opt(Type.String({ minLength: 1, maxLength: 1000, pattern: '^https?://' })),
    },
    strict,
  ),
  return: Shipment,
};
const SUMMARY: Record<SampleAction, string> = {
  approve: 'Merchant approves a requested sample',
  reject: 'Merchant rejects a requested sample, with the reason the creator sees',
  ship: 'Merchant ships an approved sample (carrier and tracking number)',
  receive: 'Creator confirms receipt; content is then due within the policy’s content days',
  fulfil:
    'Creator names the content: a live session it hosted in the store, or a video address (late ones are flagged)',
  return: 'Creator returns the sample, when the policy asks for it, after the content (or once overdue)',
};
const IdParams = Type.Object({ id: Id });
const tags = ['creator market: samples'];

export const sampleRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const env = { db: ctx.db.kysely, timeZone: ctx.cfg.timeZone };
    const id = (req: { params: unknown }) => (req.params as { id: string }).id;

    app.get(
      '/samples/policy',
      {
        schema: {
          tags,
          summary: 'A merchant’s sample policy (defaults when it never set one)',
          querystring: Type.Object({ merchantId: Opt(Id) }),
        },
      },
      async (req) =>
        samples.getPolicy(env, principalOf(req), (req.query as { merchantId?: string }).merchantId),
    );
    app.put(
      '/samples/policy',
      {
        schema: {
          tags,
          summary: 'Set the sample policy (fields left out keep their value)',
          description:
            'Minimum word-of-mouth score and followers are checked when a creator asks: below either, the request is rejected at once with reasonCode creator_score_below_minimum or followers_below_minimum. autoApprove approves the others. Terms apply to requests made afterwards.',
          body: PolicyBody,
        },
      },
      async (req) =>
        samples.putPolicy(
          env,
          requireRole(req, 'merchant', 'operator'),
          req.body as Static<typeof PolicyBody>,
        ),
    );
    app.post(
      '/samples',
      {
        schema: {
          tags,
          summary: 'A creator asks for a sample (idempotent by id); the merchant’s policy decides at once',
          description:
            'Rejected (with reasonCode), approved (autoApprove) or requested. One open request per creator and product (another is 409). Operators name creatorId.',
          body: CreateBody,
        },
      },
      async (req, reply) =>
        idempotent(env.db, req, reply, () =>
          samples.createSample(env, principalOf(req), req.body as Static<typeof CreateBody>),
        ),
    );
    app.get(
      '/samples',
      {
        schema: {
          tags,
          summary: 'Samples the caller may see, newest first, with counts by status',
          querystring: ListQuery,
        },
      },
      async (req) => samples.listSamples(env, principalOf(req), req.query as Static<typeof ListQuery>),
    );
    app.get(
      '/samples/:id',
      { schema: { tags, summary: 'One sample with its history', params: IdParams } },
      async (req) => samples.getSample(env, principalOf(req), id(req)),
    );
    for (const action of Object.keys(SUMMARY) as SampleAction[]) {
      const body = Bodies[action];
      app.post(
        `/samples/:id/${action}`,
        {
          schema: {
            tags,
            summary: SUMMARY[action],
            description: 'A step the sample’s status does not allow is 409 naming the current status.',
            params: IdParams,
            ...(body ? { body } : {}),
          },
        },
        async (req) =>
          samples.act(env, principalOf(req), id(req), action, (req.body ?? {}) as samples.ActionBody),
      );
    }
  };
