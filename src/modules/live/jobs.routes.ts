import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { principalOf } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { idempotent } from '../../core/idempotency.ts';
import { JOB_STATUSES } from './domain/jobs.ts';
import * as jobs from './jobs.service.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Opt = Type.Optional;
const strict = { additionalProperties: false } as const;
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD, marketplace time zone' });
// Amounts and rates are bare numbers here: their ranges are rules explained with a 422 naming the field.
const Fen = Type.Integer({ description: 'fen' });
const Bp = Type.Integer({ description: 'basis points, 10000 = 100% of the GMV' });

const JobBody = Type.Object(
  {
    id: Opt(Id),
    merchantId: Opt(Id),
    storeId: Id,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    categoryId: Id,
    startsOn: Day,
    endsOn: Day,
    sessions: Type.Integer({ description: 'sessions expected over the period' }),
    hoursPerSession: Type.Number({ description: 'hours, in tenths' }),
    fixedFee: Fen,
    commissionBp: Bp,
    minFollowers: Opt(Type.Integer({ minimum: 0 })),
    note: Opt(Type.String({ maxLength: 2000 })),
  },
  strict,
);
const QuoteBody = Type.Object(
  {
    id: Opt(Id),
    creatorId: Opt(Id),
    fixedFee: Fen,
    commissionBp: Bp,
    note: Opt(Type.String({ maxLength: 2000 })),
  },
  strict,
);
const ListQuery = Type.Object({
  status: Opt(Type.Enum([...JOB_STATUSES])),
  mine: Opt(Type.Boolean({ description: 'agencies and creators: only jobs they quoted on or host' })),
  merchantId: Opt(Id),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
});
const IdParams = Type.Object({ id: Id });
const QuoteParams = Type.Object({ id: Id, qid: Id });
const tags = ['creator market: proxy jobs'];

export const jobRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const env = { db: ctx.db.kysely, timeZone: ctx.cfg.timeZone };
    const id = (req: { params: unknown }) => (req.params as { id: string }).id;
    const qid = (req: { params: unknown }) => (req.params as { qid: string }).qid;

    app.post(
      '/proxy-jobs',
      {
        schema: {
          tags,
          summary: 'A merchant posts a proxy-streaming job for one of its stores (idempotent by id)',
          description:
            'Terms: dates, expected sessions and hours, a fixed fee (fen) and a commission (bp of the GMV), the minimum followers a streaming creator needs. Mistakes are 422 naming the field.',
          body: JobBody,
        },
      },
      async (req, reply) =>
        idempotent(env.db, req, reply, () =>
          jobs.createJob(env, principalOf(req), req.body as Static<typeof JobBody>),
        ),
    );
    app.get(
      '/proxy-jobs',
      {
        schema: {
          tags,
          summary:
            'Jobs: merchants their own; agencies and creators open ones plus those they quoted on; operators all',
          querystring: ListQuery,
        },
      },
      async (req) => jobs.listJobs(env, principalOf(req), req.query as Static<typeof ListQuery>),
    );
    app.get(
      '/proxy-jobs/bidders',
      {
        schema: {
          tags,
          summary:
            'Whom the caller may quote with: an agency its creators under contract today, a creator itself (operators name agencyId)',
          querystring: Type.Object({ agencyId: Opt(Id) }),
        },
      },
      async (req) => jobs.bidders(env, principalOf(req), (req.query as { agencyId?: string }).agencyId),
    );
    app.post(
      '/proxy-jobs/:id/invites',
      {
        schema: {
          tags,
          summary:
            'The merchant invites a creator to quote on its open job (201; again 200, the same invitation)',
          description:
            'The job market then flags the job `invited: true` for that creator and for the agencies it is under contract with.',
          params: IdParams,
          body: Type.Object({ creatorId: Id }, strict),
        },
      },
      async (req, reply) => {
        const r = await jobs.invite(
          env,
          principalOf(req),
          id(req),
          (req.body as { creatorId: string }).creatorId,
        );
        reply.status(r.status);
        return r.body;
      },
    );
    app.get(
      '/proxy-jobs/:id',
      {
        schema: {
          tags,
          summary:
            'One job with the quotes the caller may see, its contract and its results against the terms',
          params: IdParams,
        },
      },
      async (req) => jobs.detail(env, principalOf(req), id(req)),
    );
    app.post(
      '/proxy-jobs/:id/quotes',
      {
        schema: {
          tags,
          summary: 'An agency (naming its contracted creator) or a creator quotes on an open job',
          description:
            'One pending quote per bidder (another is 409). A creator below the job’s minimum followers is 422 with code followers_below_minimum; a creator not under contract with the agency, creator_not_contracted.',
          params: IdParams,
          body: QuoteBody,
        },
      },
      async (req, reply) =>
        idempotent(env.db, req, reply, () =>
          jobs.createQuote(env, principalOf(req), id(req), req.body as Static<typeof QuoteBody>),
        ),
    );
    app.post(
      '/proxy-jobs/:id/quotes/:qid/withdraw',
      { schema: { tags, summary: 'The bidder withdraws its pending quote', params: QuoteParams } },
      async (req) => jobs.withdrawQuote(env, principalOf(req), id(req), qid(req)),
    );
    app.post(
      '/proxy-jobs/:id/quotes/:qid/accept',
      {
        schema: {
          tags,
          summary: 'The merchant accepts a quote: job awarded, contract signed, other quotes declined',
          params: QuoteParams,
        },
      },
      async (req) => jobs.acceptQuote(env, principalOf(req), id(req), qid(req)),
    );
    app.post(
      '/proxy-jobs/:id/cancel',
      { schema: { tags, summary: 'Cancel an open job (pending quotes are declined)', params: IdParams } },
      async (req) => jobs.endJob(env, principalOf(req), id(req), 'cancel'),
    );
    app.post(
      '/proxy-jobs/:id/close',
      { schema: { tags, summary: 'Close an awarded job', params: IdParams } },
      async (req) => jobs.endJob(env, principalOf(req), id(req), 'close'),
    );
  };
