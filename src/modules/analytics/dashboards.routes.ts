import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { isOperator, merchantOf, principalOf } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { forbidden } from '../../core/errors.ts';
import { businessDay } from '../../core/time.ts';
import { funnel, overview, peers, products, realtime, sources, storesOf } from './dashboards.service.ts';
import { allDomain } from './domains.service.ts';
import { health } from './health.service.ts';
import { Day, Format, Id, MerchantRangeQuery, RangeFields, resolveRange, sendCsv } from './http.ts';
import { speedLayerOf } from './realtime.service.ts';
import { getReport, listReports, runDailyReports } from './reports.service.ts';
import { rebuildRollups, rollupStatus } from './rollups.service.ts';

const tags = ['analytics'];
const StoreRangeQuery = Type.Object(
  { merchantId: Type.Optional(Id), storeId: Type.Optional(Id), ...RangeFields, format: Format },
  { additionalProperties: false },
);
const ProductsQuery = Type.Object(
  {
    merchantId: Type.Optional(Id),
    storeId: Type.Optional(Id),
    ...RangeFields,
    sort: Type.Optional(Type.Enum(['gmv', 'units', 'views', 'conversion'], { default: 'gmv' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    format: Format,
  },
  { additionalProperties: false },
);
const RealtimeQuery = Type.Object(
  { merchantId: Type.Optional(Id), storeId: Type.Optional(Id) },
  { additionalProperties: false },
);
const HealthQuery = Type.Object({ ...RangeFields, format: Format }, { additionalProperties: false });
const ReportsQuery = Type.Object(
  {
    scope: Type.Optional(Type.Enum(['merchant', 'operator'])),
    partyId: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 30 })),
  },
  { additionalProperties: false },
);
const RunBody = Type.Object({ day: Day }, { additionalProperties: false });
const RebuildBody = Type.Object({ from: Day, to: Day }, { additionalProperties: false });

const RANGE_NOTE =
  'Range `from`..`to` (business days, default the 7 days ending today); merchants see their own stores, operators and integrations name `merchantId`. Buyers and visitors are distinct per store and day and summed over the range.';

function operatorOnly(req: Parameters<typeof principalOf>[0]) {
  if (!isOperator(principalOf(req))) throw forbidden('for operators');
}

/** Merchant dashboards, operator health, stored daily reports and the rollup batch. */
export const dashboardRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    const tz = ctx.cfg.timeZone;
    const scope = async (
      req: Parameters<typeof principalOf>[0],
      q: { merchantId?: string; storeId?: string },
    ) => {
      const merchantId = merchantOf(principalOf(req), q.merchantId);
      return { merchantId, stores: await storesOf(db, merchantId, q.storeId) };
    };

    app.get(
      '/analytics/realtime',
      {
        schema: {
          tags,
          summary: 'Today’s real-time indices (minute level) against yesterday at the same time',
          description:
            'GMV, orders, buyers, visitors and conversion of today so far, from the rollups the speed layer recomputes every second for the stores that changed; `freshnessMs` is how long the newest flushed change waited. Minutes carry today’s cumulative GMV and yesterday’s at the same minute of day.',
          querystring: RealtimeQuery,
        },
      },
      async (req) => {
        const { merchantId, stores } = await scope(req, req.query as Static<typeof RealtimeQuery>);
        const l = speedLayerOf(ctx);
        return realtime(db, merchantId, stores, tz, { lastFlushAt: l.lastFlushAt, lagMs: l.lastLagMs });
      },
    );

    app.get(
      '/analytics/overview',
      {
        schema: {
          tags,
          summary: 'KPIs of a range against the previous range of the same length, with the daily trend',
          description: `${RANGE_NOTE} \`format=csv\` returns the daily rows.`,
          querystring: StoreRangeQuery,
        },
      },
      async (req, reply) => {
        const q = req.query as Static<typeof StoreRangeQuery>;
        const { merchantId, stores } = await scope(req, q);
        const o = await overview(db, merchantId, stores, resolveRange(q, tz));
        if (q.format !== 'csv') return o;
        return sendCsv(
          reply,
          `overview-${merchantId}-${o.from}-${o.to}`,
          [
            { key: 'day', value: (d) => d.day },
            { key: 'gmv_fen', value: (d) => d.gmv },
            { key: 'orders', value: (d) => d.orders },
            { key: 'buyers', value: (d) => d.buyers },
            { key: 'visitors', value: (d) => d.visitors },
            { key: 'conversion', value: (d) => d.conversion },
          ],
          o.daily,
        );
      },
    );

    app.get(
      '/analytics/sources',
      {
        schema: {
          tags,
          summary:
            'Traffic and GMV by source (search, feed, mall, detail, store, live, creator, promoter, ads, joint)',
          description: `${RANGE_NOTE} A source is the order's or event's business channel, or its scene for organic traffic. \`format=csv\` returns the rows.`,
          querystring: StoreRangeQuery,
        },
      },
      async (req, reply) => {
        const q = req.query as Static<typeof StoreRangeQuery>;
        const { merchantId, stores } = await scope(req, q);
        const s = await sources(db, merchantId, stores, resolveRange(q, tz));
        if (q.format !== 'csv') return s;
        return sendCsv(
          reply,
          `sources-${merchantId}-${s.from}-${s.to}`,
          [
            { key: 'source', value: (x) => x.source },
            { key: 'domain', value: (x) => x.domain },
            { key: 'gmv_fen', value: (x) => x.gmv },
            { key: 'gmv_share', value: (x) => x.gmvShare },
            { key: 'orders', value: (x) => x.orders },
            { key: 'buyers', value: (x) => x.buyers },
            { key: 'visitors', value: (x) => x.visitors },
            { key: 'conversion', value: (x) => x.conversion },
            { key: 'previous_gmv_fen', value: (x) => x.previousGmv },
          ],
          s.rows,
        );
      },
    );

    app.get(
      '/analytics/funnel',
      {
        schema: {
          tags,
          summary: 'Funnel exposure → click → cart → order → pay (distinct users per step)',
          description: RANGE_NOTE,
          querystring: StoreRangeQuery,
        },
      },
      async (req) => {
        const q = req.query as Static<typeof StoreRangeQuery>;
        const { merchantId, stores } = await scope(req, q);
        return funnel(db, merchantId, stores, resolveRange(q, tz));
      },
    );

    app.get(
      '/analytics/products',
      {
        schema: {
          tags,
          summary: 'Product ranking with the rank in the previous range',
          description: `${RANGE_NOTE} Product GMV is the paid amount of its lines (after discounts, before shipping). \`format=csv\` returns the rows.`,
          querystring: ProductsQuery,
        },
      },
      async (req, reply) => {
        const q = req.query as Static<typeof ProductsQuery>;
        const { merchantId, stores } = await scope(req, q);
        const p = await products(db, merchantId, stores, resolveRange(q, tz), q.sort ?? 'gmv', q.limit ?? 50);
        if (q.format !== 'csv') return p;
        return sendCsv(
          reply,
          `products-${merchantId}-${p.from}-${p.to}`,
          [
            { key: 'rank', value: (x) => x.rank },
            { key: 'previous_rank', value: (x) => x.previousRank },
            { key: 'product_id', value: (x) => x.productId },
            { key: 'title', value: (x) => x.title },
            { key: 'gmv_fen', value: (x) => x.gmv },
            { key: 'units', value: (x) => x.units },
            { key: 'orders', value: (x) => x.orders },
            { key: 'buyers', value: (x) => x.buyers },
            { key: 'views', value: (x) => x.views },
            { key: 'visitors', value: (x) => x.visitors },
            { key: 'carts', value: (x) => x.carts },
            { key: 'conversion', value: (x) => x.conversion },
          ],
          p.rows,
        );
      },
    );

    app.get(
      '/analytics/peers',
      {
        schema: {
          tags,
          summary: 'Percentile among the merchants of the same main category, without naming them',
          description: RANGE_NOTE,
          querystring: MerchantRangeQuery,
        },
      },
      async (req) => {
        const q = req.query as MerchantRangeQuery;
        const { merchantId, stores } = await scope(req, q);
        return peers(db, merchantId, stores, resolveRange(q, tz));
      },
    );

    app.get(
      '/analytics/all-domain',
      {
        schema: {
          tags,
          summary:
            'All-domain view: self-stream vs distribution vs shelf, new buyers and flows between domains',
          description: `${RANGE_NOTE} A flow counts buyers whose first order of the range came through one domain and who ordered again through another (or the same) later in the range.`,
          querystring: StoreRangeQuery,
        },
      },
      async (req) => {
        const q = req.query as Static<typeof StoreRangeQuery>;
        const { merchantId, stores } = await scope(req, q);
        return allDomain(db, merchantId, stores, resolveRange(q, tz));
      },
    );

    app.get(
      '/analytics/health',
      {
        schema: {
          tags,
          summary:
            'Marketplace health (operators): GMV, active merchants, live penetration, distribution share, refunds',
          description: 'Range as elsewhere; `format=csv` returns the daily rows.',
          querystring: HealthQuery,
        },
      },
      async (req, reply) => {
        operatorOnly(req);
        const q = req.query as Static<typeof HealthQuery>;
        const h = await health(db, resolveRange(q, tz));
        if (q.format !== 'csv') return h;
        return sendCsv(
          reply,
          `health-${h.from}-${h.to}`,
          [
            { key: 'day', value: (d) => d.day },
            { key: 'gmv_fen', value: (d) => d.gmv },
            { key: 'orders', value: (d) => d.orders },
            { key: 'live_gmv_fen', value: (d) => d.liveGmv },
            { key: 'distribution_gmv_fen', value: (d) => d.distributionGmv },
            { key: 'refund_amount_fen', value: (d) => d.refundAmount },
          ],
          h.daily,
        );
      },
    );

    app.get(
      '/analytics/reports',
      {
        schema: {
          tags,
          summary: 'Stored daily reports, newest first (merchants: their own)',
          querystring: ReportsQuery,
        },
      },
      async (req) => {
        const p = principalOf(req);
        const q = req.query as Static<typeof ReportsQuery>;
        if (isOperator(p))
          return {
            rows: await listReports(db, { scope: q.scope, partyId: q.partyId, limit: q.limit ?? 30 }),
          };
        const merchantId = merchantOf(p, q.partyId);
        if (q.scope === 'operator') throw forbidden('marketplace reports are for operators');
        return {
          rows: await listReports(db, { scope: 'merchant', partyId: merchantId, limit: q.limit ?? 30 }),
        };
      },
    );

    app.get(
      '/analytics/reports/:id',
      {
        schema: {
          tags,
          summary: 'One stored daily report',
          params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        },
      },
      async (req) => {
        const r = await getReport(db, (req.params as { id: string }).id);
        const p = principalOf(req);
        if (!isOperator(p) && !(r.scope === 'merchant' && p.role === 'merchant' && p.partyId === r.partyId))
          throw forbidden(`not allowed to see report ${r.id}`);
        return r;
      },
    );

    app.post(
      '/analytics/reports/run',
      {
        schema: {
          tags,
          summary: 'Make (or remake) the stored daily reports of a day (operators)',
          body: RunBody,
        },
      },
      async (req) => {
        operatorOnly(req);
        const { day } = req.body as Static<typeof RunBody>;
        return { day, ...(await runDailyReports(db, day)) };
      },
    );

    app.get(
      '/analytics/rollups/status',
      {
        schema: {
          tags,
          summary: 'The rollup batch and the speed layer: last runs, pending stores, row counts',
        },
      },
      async (req) => {
        const p = principalOf(req);
        if (!isOperator(p) && p.role !== 'merchant') throw forbidden('for merchants and operators');
        const l = speedLayerOf(ctx);
        return rollupStatus(db, { lastFlushAt: l.lastFlushAt, pendingStores: l.pendingStores });
      },
    );

    app.post(
      '/analytics/rollups/rebuild',
      {
        schema: {
          tags,
          summary: 'Recompute the rollups of a day range from the raw tables (operators; at most 366 days)',
          body: RebuildBody,
        },
      },
      async (req) => {
        operatorOnly(req);
        const b = req.body as Static<typeof RebuildBody>;
        const r = resolveRange(b, tz);
        const today = businessDay(Date.now(), tz);
        return rebuildRollups(db, { from: r.from, to: r.to > today ? today : r.to, timeZone: tz });
      },
    );
  };
