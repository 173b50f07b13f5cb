import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { badRequest, forbidden } from '../../core/errors.ts';
import { ingestAfterSales, ingestReviews, ingestServiceSessions } from './aftersales.service.ts';
import type { BatchOptions, BatchResult } from './batch.ts';
import { ingestCatalog } from './catalog.service.ts';
import * as S from './domain/schemas.ts';
import { ingestEvents } from './events.service.ts';
import { ingestLiveSessions } from './live-sessions.service.ts';
import { EVENTS_WRITTEN } from './event-hooks.ts';
import { ORDER_CREATE_HOOKS } from './order-hooks.ts';
import { type IngestEnv, ingestOrders } from './orders.service.ts';
import { storeRefs } from './orders.repo.ts';

const Issue = Type.Object({
  field: Type.String(),
  reason: Type.String(),
  index: Type.Optional(Type.Integer()),
  id: Type.Optional(Type.String()),
});
const Rejected = Type.Array(
  Type.Object({ index: Type.Integer(), id: Type.Optional(Type.String()), errors: Type.Array(Issue) }),
);
const BatchResultSchema = Type.Object({
  accepted: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Rejected,
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      id: Type.String(),
      outcome: Type.Enum(['created', 'updated', 'unchanged']),
    }),
  ),
});
const EventResultSchema = Type.Object({
  accepted: Type.Integer(),
  inserted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Rejected,
});
const Query = Type.Object({
  atomic: Type.Optional(
    Type.Boolean({ default: true, description: 'false: write the valid records and report the rest' }),
  ),
});

/** Body: `{ "records": [...] }` as JSON, or one record per line as application/x-ndjson. */
function batchSchema(record: TSchema, summary: string, tag: string, response: TSchema) {
  return {
    tags: [tag],
    summary,
    querystring: Query,
    body: Type.Object({ records: Type.Array(record) }, { additionalProperties: false }),
    response: { 200: response },
  };
}

function records(req: FastifyRequest): unknown[] {
  const b = req.body as { records?: unknown } | null;
  if (!b || typeof b !== 'object' || Array.isArray(b))
    throw badRequest('body must be { "records": [...] } or NDJSON', [
      { field: '(body)', reason: 'must be an object with records' },
    ]);
  const extra = Object.keys(b).filter((k) => k !== 'records');
  if (extra.length)
    throw badRequest(
      `unknown field ${extra[0]}`,
      extra.map((f) => ({ field: f, reason: 'unknown field' })),
    );
  if (!Array.isArray(b.records))
    throw badRequest('records must be an array', [{ field: 'records', reason: 'must be an array' }]);
  return b.records;
}

// Records are validated one by one in the service (so partial batches can name each bad record); the body schema
// above documents them in OpenAPI, and the route skips Fastify's whole-body validation.
const passThrough = { validatorCompiler: () => () => true };

export const ingestRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const env: IngestEnv = {
      db: ctx.db.kysely,
      database: ctx.db,
      timeZone: ctx.cfg.timeZone,
      maxBatch: ctx.cfg.maxBatch,
      orderHooks: ctx.hooks.list(ORDER_CREATE_HOOKS),
      eventHooks: ctx.hooks.list(EVENTS_WRITTEN),
    };
    const opts = (req: FastifyRequest): BatchOptions => {
      const q = req.query as { atomic?: string | boolean };
      return { atomic: !(q.atomic === false || q.atomic === 'false') };
    };
    const count = (kind: string, r: { accepted: number; rejected: unknown[] }) => {
      ctx.metrics.ingested.inc({ kind, outcome: 'accepted' }, r.accepted);
      if (r.rejected.length) ctx.metrics.ingested.inc({ kind, outcome: 'rejected' }, r.rejected.length);
    };

    for (const kind of S.CATALOG_KINDS) {
      app.post(
        `/catalog/${kind}`,
        {
          ...passThrough,
          schema: batchSchema(
            S.CATALOG_SCHEMAS[kind],
            `Upsert ${kind} by natural id`,
            'ingestion',
            BatchResultSchema,
          ),
        },
        async (req) => {
          const p = requireRole(req, 'integration', 'operator', 'merchant');
          const recs = records(req);
          // A merchant may push its own products (its ERP), nothing else and no other merchant's.
          if (p.role === 'merchant') {
            if (kind !== 'products') throw forbidden(`merchants may push products only, not ${kind}`);
            const storeIds = [
              ...new Set(
                recs
                  .map((r) => (r as { storeId?: unknown })?.storeId)
                  .filter((s): s is string => typeof s === 'string'),
              ),
            ];
            const owners = await storeRefs(ctx.db.kysely as never, storeIds);
            const foreign = storeIds.filter((s) => owners.has(s) && owners.get(s) !== p.partyId);
            if (foreign.length) throw forbidden(`store ${foreign[0]} belongs to another merchant`);
          }
          const r: BatchResult = await ingestCatalog(env, kind, recs, opts(req));
          count(kind, r);
          return r;
        },
      );
    }

    const routes: [
      string,
      TSchema,
      string,
      (env: IngestEnv, r: unknown[], o: BatchOptions) => Promise<BatchResult>,
    ][] = [
      [
        '/orders',
        S.OrderRecord,
        'Create orders and move them through their lifecycle (full current state per record)',
        ingestOrders,
      ],
      [
        '/after-sales',
        S.AfterSaleRecord,
        'Refund and return requests with reasons and outcomes',
        ingestAfterSales,
      ],
      [
        '/reviews',
        S.ReviewRecord,
        'Product, logistics and service ratings of delivered order lines',
        ingestReviews,
      ],
      [
        '/live-sessions',
        S.LiveSessionRecord,
        'Live sessions of store rooms (self-stream, agency proxy-stream, creator session): scheduled, started, ended',
        ingestLiveSessions,
      ],
      [
        '/service-sessions',
        S.ServiceSessionRecord,
        'Customer-service sessions with first-response time',
        ingestServiceSessions,
      ],
    ];
    for (const [path, schema, summary, fn] of routes) {
      app.post(
        path,
        { ...passThrough, schema: batchSchema(schema, summary, 'ingestion', BatchResultSchema) },
        async (req) => {
          requireRole(req, 'integration', 'operator');
          const r = await fn(env, records(req), opts(req));
          count(path.slice(1), r);
          return r;
        },
      );
    }

    // Events get their own context only for the JSON parser: the server's parser scans every body twice more for
    // `__proto__` / `constructor.prototype` keys after JSON.parse, a sizeable share of a 5,000-event batch's CPU
    // (and on PGlite the database shares that thread). Skipping the scan here is safe: JSON.parse makes such keys
    // plain own properties (it never sets a prototype); this route reads only `records` (any other top-level key,
    // `__proto__` included, is a 400) and from each record only the fields of EventRecord after validation, which
    // rejects unknown keys (`__proto__`, `constructor`) with a 400 naming the record; nothing of the body is ever
    // merged into another object. Malformed JSON still gets the server's 400 problem.
    await app.register(async (events) => {
      events.removeContentTypeParser('application/json');
      events.addContentTypeParser(
        'application/json',
        { parseAs: 'string' },
        events.getDefaultJsonParser('ignore', 'ignore'),
      );
      events.post(
        '/events',
        {
          ...passThrough,
          schema: batchSchema(
            S.EventRecord,
            'Append behaviour events (idempotent by id)',
            'ingestion',
            EventResultSchema,
          ),
        },
        async (req) => {
          requireRole(req, 'integration', 'operator');
          const r = await ingestEvents(env, records(req), opts(req));
          count('events', r);
          return r;
        },
      );
    });
  };
