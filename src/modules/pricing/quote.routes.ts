import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { assertMerchantScope, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { forbidden } from '../../core/errors.ts';
import * as quotes from './quote.service.ts';
import { AddOnBody, ListingBody, QuoteBody, RefundPreviewBody } from './schemas.ts';

const tags = ['pricing: quotes'];

/** Integrations and operators price for any buyer; a merchant (price simulator) only for an anonymous buyer. */
function buyerScope(req: FastifyRequest) {
  const p = requireRole(req, 'operator', 'integration', 'merchant');
  if (p.role === 'merchant' && (req.body as { userId?: string }).userId)
    throw forbidden("merchants price for an anonymous buyer only; a buyer's wallet is not theirs to read");
  return p;
}

export const quoteRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    // Quotes read their facts as a prepared statement straight from the pool.
    const pool = ctx.db.pool;

    app.post(
      '/pricing/quote',
      {
        schema: {
          tags,
          summary:
            "The buyer's lowest payable total for a cart, explained; kept 30 minutes for an order to lock",
          body: QuoteBody,
        },
      },
      async (req, reply) => {
        buyerScope(req);
        const body = await quotes.createQuote(db, req.body as QuoteBody, new Date(), pool);
        return reply.status(201).type('application/json; charset=utf-8').send(body);
      },
    );

    app.post(
      '/pricing/listing-prices',
      {
        schema: {
          tags,
          summary: 'Best single-unit prices (券后价) of up to 1000 SKUs for a buyer or an anonymous one',
          body: ListingBody,
        },
      },
      async (req) => {
        buyerScope(req);
        return quotes.listingPricesFor(db, req.body as ListingBody, new Date(), pool);
      },
    );

    app.post(
      '/pricing/add-ons',
      {
        schema: {
          tags,
          summary: 'How much more reaches each next tier, with SKUs that fill the gap (凑单)',
          body: AddOnBody,
        },
      },
      async (req) => {
        buyerScope(req);
        return quotes.addOnsFor(db, req.body as AddOnBody, new Date(), pool);
      },
    );

    app.post(
      '/pricing/refunds/preview',
      {
        schema: {
          tags,
          summary: 'What refunding units of a priced order returns, from the snapshot locked at its creation',
          body: RefundPreviewBody,
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'integration', 'merchant');
        return quotes.refundPreview(db, req.body as RefundPreviewBody, (merchantId) =>
          assertMerchantScope(p, merchantId),
        );
      },
    );
  };
