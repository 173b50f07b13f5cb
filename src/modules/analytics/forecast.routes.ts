import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { principalOf } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { forbidden } from '../../core/errors.ts';
import { backtestMerchants, forecastFor } from './forecast.service.ts';
import { Id } from './http.ts';

const tags = ['analytics'];

const ForecastQuery = Type.Object(
  {
    subject: Type.Enum(['merchant', 'store', 'creator', 'category'], { description: 'what the series sums' }),
    id: Id,
    horizon: Type.Optional(Type.Integer({ minimum: 1, maximum: 28, default: 14, description: 'days ahead' })),
  },
  { additionalProperties: false },
);
const BacktestBody = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 28, maximum: 731, default: 365 })),
    origins: Type.Optional(Type.Integer({ minimum: 1, maximum: 26, default: 8 })),
    horizon: Type.Optional(Type.Integer({ minimum: 1, maximum: 28, default: 7 })),
  },
  { additionalProperties: false },
);

/** Daily GMV forecasts with the seasonal-naive guard, and the backtest of every merchant. */
export const forecastRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    app.get(
      '/analytics/forecast',
      {
        schema: {
          tags,
          summary: 'Daily GMV forecast of a merchant, store, creator or category with 80% and 95% intervals',
          description:
            'Multiplicative model (robust level × weekday factors × campaign-day uplift for 618 and Double 11) used only when its rolling-origin backtest MASE (8 weekly origins) beats seasonal naive (m = 7); `guard.reason` says why. History ends on the latest day with data before today. Intervals: empirical quantiles of the backtest errors by horizon. Merchants: own merchant and stores; creators: themselves; operators and integrations: any (categories: operators only).',
          querystring: ForecastQuery,
        },
      },
      async (req) => {
        const q = req.query as Static<typeof ForecastQuery>;
        return forecastFor(db, principalOf(req), q, ctx.cfg.timeZone);
      },
    );
    app.post(
      '/analytics/forecast/backtest',
      {
        schema: {
          tags,
          summary: 'Backtest every merchant’s forecast against seasonal naive (operator)',
          body: Type.Optional(BacktestBody),
        },
      },
      async (req) => {
        if (principalOf(req).role !== 'operator') throw forbidden('only operators run the backtest');
        const b = (req.body as Static<typeof BacktestBody> | undefined) ?? {};
        const r = await backtestMerchants(db, { timeZone: ctx.cfg.timeZone, ...b });
        const num = (x: number) => (Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : null);
        return {
          series: r.series,
          evaluated: r.evaluated,
          seconds: num(r.seconds),
          loadSeconds: num(r.loadSeconds),
          from: r.from,
          to: r.to,
          origins: r.origins,
          horizon: r.horizon,
          meanMase: num(r.meanMase),
          meanNaiveMase: num(r.meanNaiveMase),
          shareBeatingNaive: num(r.shareBeatingNaive),
          meanGuardedMase: num(r.meanGuardedMase),
        };
      },
    );
  };
