import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { assertMerchantScope, principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { businessDay, dayRange, shiftDay } from '../../core/time.ts';
import * as q from './overview.repo.ts';

const Window = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })),
  to: Type.Optional(
    Type.String({ format: 'date', description: 'last day (default: today in the marketplace time zone)' }),
  ),
});
const Paging = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
});

/** Fills days without sales with zeros so charts show gaps as gaps. */
function fill<T extends { day: string }>(from: string, to: string, rows: T[], zero: Omit<T, 'day'>): T[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return dayRange(from, to).map((day) => byDay.get(day) ?? ({ day, ...zero } as T));
}

export const queryRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    const window = (w: { days?: number; to?: string }) => {
      const to = w.to ?? businessDay(new Date(), ctx.cfg.timeZone);
      return { from: shiftDay(to, -((w.days ?? 30) - 1)), to };
    };

    app.get(
      '/overview/operator',
      {
        schema: {
          tags: ['overview'],
          summary: 'Marketplace GMV, orders, buyers and merchants over a window',
          querystring: Window,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const { from, to } = window(req.query as { days?: number; to?: string });
        const [totals, daily, top, merchants] = await Promise.all([
          q.salesTotals(db, from, to),
          q.dailySales(db, from, to),
          q.topMerchants(db, from, to, 10),
          q.merchantCount(db),
        ]);
        return {
          currency: 'CNY',
          from,
          to,
          totals: {
            gmv: totals.gmv,
            orders: totals.orders,
            buyers: totals.buyers,
            merchants,
            activeMerchants: totals.merchants,
          },
          daily: fill(from, to, daily, { gmv: 0, orders: 0, buyers: 0 }),
          topMerchants: top,
        };
      },
    );

    app.get(
      '/categories',
      {
        schema: {
          tags: ['catalog'],
          summary:
            'Categories (any signed-in role): id, name, nameZh, level, parentId; by level and/or parent',
          querystring: Type.Object(
            {
              level: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
              parentId: Type.Optional(
                Type.String({ minLength: 1, maxLength: 64, description: 'children of this category' }),
              ),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (req) => {
        principalOf(req);
        return { items: await q.listCategories(db, req.query as { level?: number; parentId?: string }) };
      },
    );

    app.get(
      '/merchants',
      { schema: { tags: ['merchants'], summary: 'List merchants (operators)', querystring: Paging } },
      async (req) => {
        requireRole(req, 'operator', 'integration');
        const {
          q: text,
          limit = 20,
          offset = 0,
        } = req.query as { q?: string; limit?: number; offset?: number };
        return q.listMerchants(db, text, limit, offset);
      },
    );

    app.get(
      '/merchants/:merchantId',
      {
        schema: {
          tags: ['merchants'],
          summary: 'One merchant',
          params: Type.Object({ merchantId: Type.String() }),
        },
      },
      async (req) => {
        const { merchantId } = req.params as { merchantId: string };
        assertMerchantScope(principalOf(req), merchantId);
        const m = await q.getMerchant(db, merchantId);
        if (!m) throw notFound(`merchant ${merchantId}`);
        return m;
      },
    );

    app.get(
      '/merchants/:merchantId/overview',
      {
        schema: {
          tags: ['merchants'],
          summary: "A merchant's GMV, orders, buyers, visitors and conversion",
          params: Type.Object({ merchantId: Type.String() }),
          querystring: Window,
        },
      },
      async (req) => {
        const { merchantId } = req.params as { merchantId: string };
        assertMerchantScope(principalOf(req), merchantId);
        const merchant = await q.getMerchant(db, merchantId);
        if (!merchant) throw notFound(`merchant ${merchantId}`);
        const { from, to } = window(req.query as { days?: number; to?: string });
        const [totals, daily, visitors, visitorDays] = await Promise.all([
          q.salesTotals(db, from, to, merchantId),
          q.dailySales(db, from, to, merchantId),
          q.visitorTotal(db, from, to, merchantId),
          q.dailyVisitors(db, from, to, merchantId),
        ]);
        const vByDay = new Map(visitorDays.map((v) => [v.day, v.visitors]));
        return {
          merchant: { id: merchant.id, name: merchant.name, type: merchant.type },
          currency: 'CNY',
          from,
          to,
          totals: {
            gmv: totals.gmv,
            orders: totals.orders,
            buyers: totals.buyers,
            visitors,
            conversionBp: visitors ? Math.round((totals.buyers * 10000) / visitors) : 0,
          },
          daily: fill(from, to, daily, { gmv: 0, orders: 0, buyers: 0 }).map((d) => ({
            ...d,
            visitors: vByDay.get(d.day) ?? 0,
          })),
        };
      },
    );

    app.get(
      '/merchants/:merchantId/products',
      {
        schema: {
          tags: ['merchants'],
          summary: "A merchant's products with price, stock and SKUs; q filters by title or id",
          params: Type.Object({ merchantId: Type.String() }),
          querystring: Paging,
        },
      },
      async (req) => {
        const { merchantId } = req.params as { merchantId: string };
        assertMerchantScope(principalOf(req), merchantId);
        const {
          limit = 20,
          offset = 0,
          q: text,
        } = req.query as { limit?: number; offset?: number; q?: string };
        return { items: await q.listProducts(db, merchantId, limit, offset, text) };
      },
    );

    app.get(
      '/orders/:orderId',
      {
        schema: {
          tags: ['orders'],
          summary: 'One store order with its lines',
          params: Type.Object({ orderId: Type.String() }),
        },
      },
      async (req) => {
        const { orderId } = req.params as { orderId: string };
        const found = await q.getOrder(db, orderId);
        if (!found) throw notFound(`order ${orderId}`);
        assertMerchantScope(principalOf(req), found.order.merchant_id);
        return found;
      },
    );
  };
