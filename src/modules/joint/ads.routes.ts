import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import { merchantOf, principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { unprocessable } from '../../core/errors.ts';
import * as ads from './ads.service.ts';
import { loadView } from './campaigns.service.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Opt = Type.Optional;
const strict = { additionalProperties: false } as const;
const tags = ['joint'];

const MerchantParams = Type.Object({ merchantId: Id });
const NoteBody = Type.Object({ note: Opt(Type.String({ minLength: 1, maxLength: 500 })) }, strict);
const ListQuery = Type.Object(
  { status: Opt(Type.Enum(['open', 'funded', 'refunded', 'cancelled'])) },
  strict,
);
const SweepBody = Type.Object(
  { now: Opt(Type.String({ format: 'date-time', description: 'the instant to settle at (default: now)' })) },
  strict,
);

/** Ad crowdfunding: slots, the whitelist, open ads, an ad's funding and delivery, the deadline sweep. */
export const adRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db;
    ads.useTimeZone(db, ctx.cfg.timeZone);

    app.get(
      '/joint/ad-slots',
      {
        schema: {
          tags,
          summary: 'The ad slots crowdfunding can buy: price (fen), exposures and standard days',
        },
      },
      async (req) => {
        principalOf(req);
        return ads.adSlots();
      },
    );

    app.get(
      '/joint/whitelist',
      { schema: { tags, summary: 'Merchants allowed to crowdfund ads (gray release; operators)' } },
      async (req) => {
        requireRole(req, 'operator', 'integration');
        return ads.whitelistEntries(db);
      },
    );
    app.get(
      '/joint/whitelist/me',
      {
        schema: {
          tags,
          summary: 'Whether the calling merchant may initiate and join ad crowdfunding',
          querystring: Type.Object({ merchantId: Opt(Id) }),
        },
      },
      async (req) =>
        ads.whitelistStatus(
          db,
          merchantOf(principalOf(req), (req.query as { merchantId?: string }).merchantId),
        ),
    );
    app.put(
      '/joint/whitelist/:merchantId',
      {
        schema: {
          tags,
          summary: 'Put a merchant on the ad crowdfunding whitelist (operator; again updates the note)',
          params: MerchantParams,
          body: Type.Union([NoteBody, Type.Null()]),
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator');
        const { merchantId } = req.params as Static<typeof MerchantParams>;
        const note = (req.body as Static<typeof NoteBody> | null)?.note ?? null;
        return ads.addToWhitelist(db, merchantId, note, p.subject);
      },
    );
    app.delete(
      '/joint/whitelist/:merchantId',
      {
        schema: {
          tags,
          summary: 'Take a merchant off the whitelist (operator; ads it already joined are unaffected)',
          params: MerchantParams,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        return ads.removeFromWhitelist(db, (req.params as Static<typeof MerchantParams>).merchantId);
      },
    );

    app.get(
      '/joint/ads',
      {
        schema: {
          tags,
          summary: 'Ad crowdfunding campaigns: status=open lists the ads a merchant can still join',
          description:
            'Merchants: with status=open, open ads before their deadline that none of its stores has joined (empty when the merchant is not whitelisted); otherwise the ads it takes part in. Operators: all, by status.',
          querystring: ListQuery,
        },
      },
      async (req) => {
        const now = new Date();
        const { status } = req.query as Static<typeof ListQuery>;
        const { ids, whitelisted } = await ads.adIdsFor(db, principalOf(req), status, now);
        const items = [];
        for (const id of ids) items.push(await loadView(db, id, now));
        return { items, ...(whitelisted === null ? {} : { whitelisted }) };
      },
    );
    app.get(
      '/joint/campaigns/:id/ad',
      {
        schema: {
          tags,
          summary: "A campaign's ad: funding progress, contributions, its traffic program and delivery",
          params: Type.Object({ id: Id }),
        },
      },
      async (req) => ads.adViewFor(db, principalOf(req), (req.params as { id: string }).id),
    );
    app.post(
      '/joint/ads/sweep',
      {
        schema: {
          tags,
          summary: 'Refund every open ad whose deadline passed unfunded (operator; also a periodic job)',
          body: Type.Union([SweepBody, Type.Null()]),
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const at = (req.body as Static<typeof SweepBody> | null)?.now;
        const now = at ? new Date(at) : new Date();
        if (Number.isNaN(now.getTime()))
          throw unprocessable('now is not an instant', [{ field: 'now', reason: 'invalid' }]);
        return ads.sweepAds(db, now);
      },
    );
  };
