import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { assertMerchantScope, type Principal, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { badRequest, forbidden, notFound, unprocessable } from '../../core/errors.ts';
import { businessDay, dayStart, shiftDay } from '../../core/time.ts';
import { sessionStatus } from './domain/metrics.ts';
import { recomputeSession } from './aggregates.service.ts';
import { hostOptions } from './hosts.service.ts';
import { sessionMetrics, totalsOf } from './metrics.service.ts';
import { liveSettings, penetration, saveLiveSettings } from './penetration.service.ts';
import { dashboard, rooms } from './reports.service.ts';
import { getSessionRow, listSessions } from './sessions.repo.ts';
import {
  assertCanRead,
  cancelSession,
  createSession,
  endExplanation,
  endSession,
  patchSession,
  readSession,
  replaceProducts,
  startExplanation,
  startSession,
} from './sessions.service.ts';

const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Day = Type.String({ format: 'date', description: 'business day YYYY-MM-DD' });
const Instant = Type.String({ format: 'date-time', description: 'RFC 3339 instant' });
const HostType = Type.Enum(['self', 'agency', 'creator'] as const);
const Status = Type.Enum(['scheduled', 'live', 'ended'] as const);
const Fen = Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'integer fen' });
const Opt = Type.Optional;
const tags = ['live'];

const ProductList = Type.Array(Type.Object({ productId: Id, livePrice: Opt(Fen) }, strict), {
  maxItems: 200,
});
const CreateBody = Type.Object(
  {
    id: Opt(Id),
    storeId: Id,
    hostType: HostType,
    creatorId: Opt(Id),
    agencyId: Opt(Id),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    scheduledAt: Instant,
    products: Opt(ProductList),
  },
  strict,
);
const PatchBody = Type.Object(
  { title: Opt(Type.String({ minLength: 1, maxLength: 200 })), scheduledAt: Opt(Instant) },
  strict,
);
const AtBody = Type.Union([Type.Object({ at: Opt(Instant) }, strict), Type.Null()]);
const HostsQuery = Type.Object(
  {
    q: Opt(Type.String({ maxLength: 100, description: 'part of a creator name or id' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }),
  },
  strict,
);
const ListQuery = Type.Object(
  {
    status: Opt(Status),
    storeId: Opt(Id),
    hostType: Opt(HostType),
    creatorId: Opt(Id),
    agencyId: Opt(Id),
    merchantId: Opt(Id),
    from: Opt(Day),
    to: Opt(Day),
    q: Opt(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Opt(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Opt(Type.Integer({ minimum: 0, default: 0 })),
  },
  strict,
);
const ExplainBody = Type.Object(
  { id: Opt(Id), productId: Id, startedAt: Opt(Instant), endedAt: Opt(Instant) },
  strict,
);
const Range = Type.Object({ merchantId: Opt(Id), from: Opt(Day), to: Opt(Day) }, strict);
const Bp = Type.Integer({ minimum: 0, maximum: 10_000, description: 'basis points' });
const SettingsBody = Type.Object({ targets: Type.Object({ self: Bp, pop: Bp }, strict) }, strict);
const SessionParams = Type.Object({ id: Id }, strict);

const WRITERS = ['operator', 'integration', 'merchant'] as const;
const RUNNERS = ['operator', 'integration', 'merchant', 'creator', 'agency'] as const;

export const liveRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    const tz = ctx.cfg.timeZone;

    /** A day range, by default the 30 business days ending today. */
    const range = (q: { from?: string; to?: string }) => {
      const to = q.to ?? businessDay(new Date(), tz);
      const from = q.from ?? shiftDay(to, -29);
      if (from > to)
        throw badRequest('from must not be after to', [{ field: 'from', reason: 'is after to' }]);
      return { from, to };
    };

    app.get(
      '/live/sessions',
      { schema: { tags, summary: 'List live sessions', querystring: ListQuery } },
      async (req) => {
        const p = requireRole(req, ...RUNNERS);
        const q = req.query as Static<typeof ListQuery>;
        const f = { ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 };
        if (p.role === 'merchant') {
          if (q.merchantId && q.merchantId !== p.partyId)
            throw forbidden(`not allowed to access merchant ${q.merchantId}`);
          f.merchantId = p.partyId!;
          if (q.storeId) {
            const own = await db
              .selectFrom('stores')
              .select('merchant_id')
              .where('id', '=', q.storeId)
              .executeTakeFirst();
            if (own && own.merchant_id !== p.partyId)
              throw forbidden(`store ${q.storeId} belongs to another merchant`);
          }
        }
        if (p.role === 'creator') {
          if (q.creatorId && q.creatorId !== p.partyId)
            throw forbidden(`not allowed to access creator ${q.creatorId}`);
          f.creatorId = p.partyId!;
        }
        if (p.role === 'agency') {
          if (q.agencyId && q.agencyId !== p.partyId)
            throw forbidden(`not allowed to access agency ${q.agencyId}`);
          f.agencyId = p.partyId!;
        }
        return listSessions(db, {
          ...f,
          from: q.from ? dayStart(q.from, tz) : undefined,
          to: q.to ? dayStart(shiftDay(q.to, 1), tz) : undefined,
        });
      },
    );

    app.post(
      '/live/sessions',
      { schema: { tags, summary: 'Schedule a live session (idempotent by id)', body: CreateBody } },
      async (req, reply) => {
        const p = requireRole(req, ...WRITERS);
        const r = await createSession(db, p, req.body as Static<typeof CreateBody>);
        return reply.status(r.status).send(r.body);
      },
    );

    app.get(
      '/live/sessions/:id',
      {
        schema: {
          tags,
          summary: 'A live session with its products and explanation windows',
          params: SessionParams,
        },
      },
      async (req) => readSession(db, requireRole(req, ...RUNNERS), (req.params as { id: string }).id),
    );

    app.patch(
      '/live/sessions/:id',
      { schema: { tags, summary: 'Change a scheduled session', params: SessionParams, body: PatchBody } },
      async (req) =>
        patchSession(
          db,
          requireRole(req, ...WRITERS),
          (req.params as { id: string }).id,
          req.body as Static<typeof PatchBody>,
        ),
    );

    const at = (b: unknown) => (b as { at?: string } | null)?.at;
    app.post(
      '/live/sessions/:id/start',
      {
        schema: {
          tags,
          summary: 'Go live (again on a live session: the same)',
          params: SessionParams,
          body: AtBody,
        },
      },
      async (req) =>
        startSession(db, requireRole(req, ...RUNNERS), (req.params as { id: string }).id, at(req.body)),
    );
    app.post(
      '/live/sessions/:id/end',
      { schema: { tags, summary: 'End a live session', params: SessionParams, body: AtBody } },
      async (req) =>
        endSession(db, requireRole(req, ...RUNNERS), (req.params as { id: string }).id, at(req.body)),
    );
    app.post(
      '/live/sessions/:id/recompute',
      {
        schema: {
          tags,
          summary:
            "Recompute a session's metrics from its events (operators; the repair of the incremental totals)",
          params: SessionParams,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const id = (req.params as { id: string }).id;
        if (!(await getSessionRow(db, id))) throw notFound(`live session ${id}`);
        const t0 = performance.now();
        await recomputeSession(db, id);
        const ms = Math.round(performance.now() - t0);
        return { sessionId: id, ms, totals: (await totalsOf(db, [id])).get(id)! };
      },
    );
    app.post(
      '/live/sessions/:id/cancel',
      { schema: { tags, summary: 'Cancel a scheduled session (deleted)', params: SessionParams } },
      async (req, reply) => {
        await cancelSession(db, requireRole(req, ...WRITERS), (req.params as { id: string }).id);
        return reply.status(204).send();
      },
    );

    app.put(
      '/live/sessions/:id/products',
      {
        schema: {
          tags,
          summary: 'Replace the products listed in a session (live prices become live_price offers)',
          params: SessionParams,
          body: Type.Object({ products: ProductList }, strict),
        },
      },
      async (req) =>
        replaceProducts(
          db,
          requireRole(req, ...WRITERS),
          (req.params as { id: string }).id,
          (req.body as { products: Static<typeof ProductList> }).products,
        ),
    );

    app.post(
      '/live/sessions/:id/explanations',
      {
        schema: {
          tags,
          summary: 'Start explaining a listed product (讲解)',
          params: SessionParams,
          body: ExplainBody,
        },
      },
      async (req, reply) => {
        const r = await startExplanation(
          db,
          requireRole(req, ...RUNNERS),
          (req.params as { id: string }).id,
          req.body as Static<typeof ExplainBody>,
        );
        return reply.status(r.status).send(r.body);
      },
    );
    app.post(
      '/live/sessions/:id/explanations/:eid/end',
      {
        schema: {
          tags,
          summary: 'End an explanation window',
          params: Type.Object({ id: Id, eid: Id }, strict),
          body: AtBody,
        },
      },
      async (req) => {
        const { id, eid } = req.params as { id: string; eid: string };
        return endExplanation(db, requireRole(req, ...RUNNERS), id, eid, at(req.body));
      },
    );

    app.get(
      '/live/sessions/:id/metrics',
      {
        schema: {
          tags,
          summary: 'Live metrics: totals, products, explanation windows, timeline',
          params: SessionParams,
        },
      },
      async (req) => {
        const p = requireRole(req, ...RUNNERS);
        const id = (req.params as { id: string }).id;
        const s = await getSessionRow(db, id);
        if (!s) throw notFound(`live session ${id}`);
        assertCanRead(p, s);
        return sessionMetrics(db, {
          id,
          status: sessionStatus(s.started_at, s.ended_at),
          startedAt: s.started_at ? new Date(s.started_at) : null,
          endedAt: s.ended_at ? new Date(s.ended_at) : null,
        });
      },
    );

    const merchantOf = (p: Principal, merchantId: string | undefined, required: boolean) => {
      if (p.role === 'merchant') {
        if (merchantId) assertMerchantScope(p, merchantId);
        return p.partyId!;
      }
      if (!merchantId && required)
        throw unprocessable('merchantId is required', [
          { field: 'merchantId', reason: 'is required', code: 'required' },
        ]);
      return merchantId;
    };

    app.get(
      '/live/rooms',
      {
        schema: {
          tags,
          summary: "A merchant's live rooms",
          querystring: Type.Object({ merchantId: Opt(Id) }, strict),
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'integration', 'merchant');
        return rooms(db, merchantOf(p, (req.query as { merchantId?: string }).merchantId, true)!);
      },
    );

    app.get(
      '/live/dashboard',
      { schema: { tags, summary: 'Live dashboard of a merchant (or the marketplace)', querystring: Range } },
      async (req) => {
        const p = requireRole(req, 'operator', 'integration', 'merchant');
        const q = req.query as Static<typeof Range>;
        const { from, to } = range(q);
        return dashboard(db, tz, from, to, merchantOf(p, q.merchantId, false));
      },
    );

    app.get(
      '/live/penetration',
      {
        schema: {
          tags,
          summary: 'Live penetration (开播率) by merchant type and category, and the live GMV share',
          querystring: Type.Object({ from: Opt(Day), to: Opt(Day) }, strict),
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const { from, to } = range(req.query as { from?: string; to?: string });
        return penetration(db, tz, from, to);
      },
    );

    app.get(
      '/live/hosts',
      {
        schema: {
          tags,
          summary: 'Who may host a session: creators by followers, agencies with their contracted creators',
          querystring: HostsQuery,
        },
      },
      async (req) => {
        requireRole(req, 'merchant', 'operator', 'integration');
        const query = req.query as Static<typeof HostsQuery>;
        return hostOptions(db, { ...query, day: businessDay(Date.now(), ctx.cfg.timeZone) });
      },
    );

    app.get(
      '/live/settings',
      { schema: { tags, summary: 'Live settings (penetration targets)' } },
      async (req) => {
        requireRole(req, 'operator');
        return liveSettings(db);
      },
    );
    app.put(
      '/live/settings',
      { schema: { tags, summary: 'Change the live settings', body: SettingsBody } },
      async (req) => {
        const p = requireRole(req, 'operator');
        return saveLiveSettings(db, req.body as Static<typeof SettingsBody>, p.subject);
      },
    );
  };
