import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { isOperator, merchantOf, type Principal, principalOf } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { forbidden } from '../../core/errors.ts';
import { attribution } from './attribution.service.ts';
import { Format, Id, RangeFields, resolveRange, sendCsv } from './http.ts';
import { experiment, listExperiments } from './incrementality.service.ts';
import { DEFAULT_EXPOSURE_CPM, roiReport } from './roi.service.ts';
import type { Attribution, RoiKind, RoiReport } from './types.ts';

const tags = ['analytics'];
const strict = { additionalProperties: false } as const;
const KINDS: RoiKind[] = ['promotion', 'coupon', 'live', 'plan', 'program', 'joint'];

const RoiQuery = Type.Object(
  {
    merchantId: Type.Optional(Id),
    ...RangeFields,
    kind: Type.Optional(Type.Enum(KINDS)),
    exposureCpm: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10_000_000,
        default: DEFAULT_EXPOSURE_CPM,
        description: 'fen per thousand program exposures (the traffic module records exposures, not money)',
      }),
    ),
    format: Format,
  },
  strict,
);
const ExperimentsQuery = Type.Object({ merchantId: Type.Optional(Id) }, strict);
const ExperimentParams = Type.Object({ activationId: Id });
const ExperimentQuery = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 60, default: 14, description: 'window after the activation' }),
    ),
  },
  strict,
);
const AttributionQuery = Type.Object(
  {
    merchantId: Type.Optional(Id),
    ...RangeFields,
    lookbackDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 7 })),
    format: Format,
  },
  strict,
);

/** Merchants read their own; operators and integrations all (null) or the one they name; other roles nothing. */
function scopeOf(p: Principal, merchantId: string | undefined): string | null {
  if (isOperator(p)) return merchantId ?? null;
  return merchantOf(p, merchantId);
}

const q = <T>(req: FastifyRequest) => req.query as T;

/** Measurement: ROI of marketing instruments, holdout incrementality of activations, channel attribution. */
export const measureRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    const tz = ctx.cfg.timeZone;

    app.get(
      '/analytics/roi',
      {
        schema: {
          tags,
          summary:
            'ROI of promotions, coupon templates, live sessions, plans, traffic programs and joint campaigns',
          description:
            'GMV of the paid orders each instrument touched in the range against its cost: discounts by funder, commissions, fees, ad spend and exposure cost (fen). Merchants: their own orders and costs; operators: all, or `merchantId`. Rows of different kinds overlap. `format=csv` returns the rows.',
          querystring: RoiQuery,
        },
      },
      async (req, reply) => {
        const query = q<Static<typeof RoiQuery>>(req);
        const merchantId = scopeOf(principalOf(req), query.merchantId);
        const range = resolveRange(query, tz);
        const report = await roiReport(db, {
          merchantId,
          from: range.from,
          to: range.to,
          kind: query.kind,
          exposureCpm: query.exposureCpm ?? DEFAULT_EXPOSURE_CPM,
          timeZone: tz,
        });
        if (query.format !== 'csv') return report;
        type R = RoiReport['rows'][number];
        const cost = (k: keyof R['costs']) => (r: R) => r.costs[k];
        return sendCsv<R>(
          reply,
          `roi-${merchantId ?? 'all'}-${range.from}-${range.to}`,
          [
            { key: 'kind', value: (r) => r.kind },
            { key: 'id', value: (r) => r.id },
            { key: 'name', value: (r) => r.name },
            { key: 'gmv_fen', value: (r) => r.gmv },
            { key: 'orders', value: (r) => r.orders },
            { key: 'buyers', value: (r) => r.buyers },
            { key: 'discount_merchant_fen', value: cost('discountMerchant') },
            { key: 'discount_platform_fen', value: cost('discountPlatform') },
            { key: 'discount_other_fen', value: cost('discountOther') },
            { key: 'commission_fen', value: cost('commission') },
            { key: 'fees_fen', value: cost('fees') },
            { key: 'ad_spend_fen', value: cost('adSpend') },
            { key: 'exposure_cost_fen', value: cost('exposureCost') },
            { key: 'total_cost_fen', value: (r) => r.totalCost },
            { key: 'roi', value: (r) => r.roi },
          ],
          report.rows,
        );
      },
    );

    app.get(
      '/analytics/experiments',
      {
        schema: {
          tags,
          summary: 'Audience activations with a holdout group (experiments), newest first',
          description: 'Merchants: their own; operators: all, or `merchantId`.',
          querystring: ExperimentsQuery,
        },
      },
      async (req) =>
        listExperiments(db, scopeOf(principalOf(req), q<{ merchantId?: string }>(req).merchantId)),
    );

    app.get(
      '/analytics/experiments/:activationId',
      {
        schema: {
          tags,
          summary: 'Incrementality of an activation: treatment vs holdout conversion and GMV per user',
          description:
            'Orders of the activation’s merchant paid in the `days` after the activation (up to now). Conversion: two-proportion z-test; GMV per user: Welch’s t-test; 95% intervals; incremental GMV = GMV-per-user difference × treatment users.',
          params: ExperimentParams,
          querystring: ExperimentQuery,
        },
      },
      async (req) => {
        const p = principalOf(req);
        if (!isOperator(p) && p.role !== 'merchant') throw forbidden('this is for merchants and operators');
        const { activationId } = req.params as Static<typeof ExperimentParams>;
        return experiment(db, p, activationId, q<{ days?: number }>(req).days ?? 14);
      },
    );

    app.get(
      '/analytics/attribution',
      {
        schema: {
          tags,
          summary:
            'Channel attribution of paid orders: last touch and position-based (40/20/40), side by side',
          description:
            'Touches: the buyer’s clicks, views, carts, favourites and live-room entries at the order’s store in the `lookbackDays` before the order was placed. Merchants: their own; operators name `merchantId`. `format=csv` returns the rows.',
          querystring: AttributionQuery,
        },
      },
      async (req, reply) => {
        const query = q<Static<typeof AttributionQuery>>(req);
        const merchantId = merchantOf(principalOf(req), query.merchantId);
        const range = resolveRange(query, tz);
        const a = await attribution(db, {
          merchantId,
          from: range.from,
          to: range.to,
          lookbackDays: query.lookbackDays ?? 7,
        });
        if (query.format !== 'csv') return a;
        type R = Attribution['rows'][number];
        return sendCsv<R>(
          reply,
          `attribution-${merchantId}-${range.from}-${range.to}`,
          [
            { key: 'source', value: (r) => r.source },
            { key: 'last_touch_orders', value: (r) => r.lastTouch.orders },
            { key: 'last_touch_gmv_fen', value: (r) => r.lastTouch.gmv },
            { key: 'last_touch_share', value: (r) => r.lastTouch.share },
            { key: 'position_based_orders', value: (r) => r.positionBased.orders },
            { key: 'position_based_gmv_fen', value: (r) => r.positionBased.gmv },
            { key: 'position_based_share', value: (r) => r.positionBased.share },
          ],
          a.rows,
        );
      },
    );
  };
