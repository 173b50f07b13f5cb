import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { merchantOf, principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { Id, RangeFields, resolveRange } from './http.ts';
import { marketOpportunities, merchantOpportunities } from './opportunities.service.ts';

const tags = ['analytics'];
/** The opportunity center compares the last two weeks with the two before. */
const DEFAULT_DAYS = 14;

const MarketQuery = Type.Object(
  { ...RangeFields, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) },
  { additionalProperties: false },
);
const MerchantQuery = Type.Object(
  {
    merchantId: Type.Optional(Id),
    ...RangeFields,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  { additionalProperties: false },
);

const METHOD =
  'Scores are 0..100; 50 is "as usual". Each component is a ratio to its basis (previous period, marketplace median, supply share) mapped by r/(1+r). Categories and queries: 0.4 search growth (smoothed by 5) + 0.4 searches per listed product vs the median + 0.2 conversion (click-through for queries) vs the median. Price bands: quintiles of paid unit prices; gap = share of paid units − share of listed SKUs. Range: default the 14 days ending today, compared with the 14 days before.';

/** The opportunity center: market opportunities and those that fit one merchant. */
export const opportunityRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    const tz = ctx.cfg.timeZone;
    app.get(
      '/analytics/opportunities/market',
      {
        schema: {
          tags,
          summary:
            'Market opportunities: rising, thinly supplied categories and queries, price bands, trending products',
          description: `${METHOD} Operators, integrations and merchants; market-level figures only (another merchant's product figures are rounded down to one significant digit for merchants).`,
          querystring: MarketQuery,
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'integration', 'merchant');
        const q = req.query as Static<typeof MarketQuery>;
        const range = resolveRange(q, tz, DEFAULT_DAYS);
        return marketOpportunities(db, p, range, { timeZone: tz, limit: q.limit ?? 20 });
      },
    );
    app.get(
      '/analytics/opportunities',
      {
        schema: {
          tags,
          summary:
            'What a merchant could stock next: market opportunities in its categories and their siblings',
          description: `${METHOD} Rows fit the merchant's level-3 categories (own_category) or their siblings under the same level-2 parent (adjacent, weight 0.8); only signals above 50; its own products are never recommended. Merchants: own; operators and integrations name merchantId.`,
          querystring: MerchantQuery,
        },
      },
      async (req) => {
        const p = principalOf(req);
        const q = req.query as Static<typeof MerchantQuery>;
        const merchantId = merchantOf(p, q.merchantId);
        const range = resolveRange(q, tz, DEFAULT_DAYS);
        return merchantOpportunities(db, p, merchantId, range, { timeZone: tz, limit: q.limit ?? 30 });
      },
    );
  };
