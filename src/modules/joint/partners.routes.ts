import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { principalOf } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { forbidden } from '../../core/errors.ts';
import { partnersOf, partnersStatus, rebuildPartners, refreshPartners } from './partners.service.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const tags = ['joint'];

const PartnersQuery = Type.Object(
  {
    storeId: Id,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 10 })),
  },
  { additionalProperties: false },
);
const RefreshBody = Type.Object(
  { mode: Type.Optional(Type.Enum(['full', 'incremental'], { default: 'incremental' })) },
  { additionalProperties: false },
);

/** Recommended partner stores (co-purchase statistics, precomputed by the partner batch) and the batch's runs. */
export const partnerRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    app.get(
      '/joint/partners',
      {
        schema: {
          tags,
          summary: 'Recommended partner stores for one of the merchant’s stores, best first',
          description:
            'From paid orders of the window (default 90 days): shared customers, support, confidence, lift, audience overlap (Jaccard of customers ∪ followers), category complementarity (platform lift of the main categories), reasons and the most co-bought product pairs. Substitutes (same main category, similar category mix) are left out and counted. Merchants: own stores only (403).',
          querystring: PartnersQuery,
        },
      },
      async (req) => {
        const q = req.query as Static<typeof PartnersQuery>;
        return partnersOf(db, principalOf(req), q.storeId, q.limit ?? 10);
      },
    );
    app.get(
      '/joint/partners/status',
      { schema: { tags, summary: 'The partner statistics batch: last run and whether one is running' } },
      async (req) => {
        const p = principalOf(req);
        if (p.role !== 'operator' && p.role !== 'integration' && p.role !== 'merchant')
          throw forbidden('for merchants and operators');
        return partnersStatus(db);
      },
    );
    app.post(
      '/joint/partners/refresh',
      {
        schema: {
          tags,
          summary: 'Run the partner statistics batch now (operator): incremental from the watermark, or full',
          body: RefreshBody,
        },
      },
      async (req) => {
        if (principalOf(req).role !== 'operator')
          throw forbidden('only operators run the partner statistics');
        const mode = (req.body as Static<typeof RefreshBody> | undefined)?.mode ?? 'incremental';
        const opts = { timeZone: ctx.cfg.timeZone };
        await (mode === 'full' ? rebuildPartners(db, opts) : refreshPartners(db, opts));
        return partnersStatus(db);
      },
    );
  };
