import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { idempotent } from '../../core/idempotency.ts';
import { recordChecker } from '../../core/validate.ts';
import type { Action } from './access.ts';
import * as offers from './offers.service.ts';
import { IdParams, ListQuery, OfferBody, OfferPatch, prunedAround, schemaCheck } from './schemas.ts';

const tags = ['pricing: offers'];
const checkOffer = recordChecker(OfferBody);
// The validate route takes half-filled forms: schema problems come back as issues, not as a 400.
const passThrough = { validatorCompiler: () => () => true };
export const ValidationResult = Type.Object({
  valid: Type.Boolean(),
  issues: Type.Array(
    Type.Object({
      field: Type.String(),
      reason: Type.String({ description: 'what is wrong, in an English sentence' }),
      code: Type.Optional(
        Type.String({ description: 'stable machine code, e.g. tier_off_not_below_min; schema for shape' }),
      ),
      params: Type.Optional(
        Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
          description: 'the figures of the sentence: money in fen, rates in bp, instants ISO, tiers from 1',
        }),
      ),
    }),
  ),
});

/**
 * The validate routes' answer: the schema's issues, then the meaning checks on whatever parsed (minus
 * what only repeats a schema issue), so a half-filled form learns everything at once.
 */
export async function looseValidation(
  check: (body: unknown) => FieldIssue[],
  body: unknown,
  semantic: (rest: Record<string, unknown>) => Promise<{ issues: FieldIssue[] }>,
) {
  const { issues, rest, pruned } = schemaCheck(check, body);
  if (rest) issues.push(...(await semantic(rest)).issues.filter((i) => !prunedAround(i.field, pruned)));
  return { valid: issues.length === 0, issues };
}

export const offerRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;

    app.post(
      '/pricing/offers',
      {
        schema: {
          tags,
          summary: 'Create an offer (idempotent by id; honours Idempotency-Key)',
          description:
            'Merchants create item offers and store thresholds for their own stores; operators create any, including cross-store and platform offers. Invalid offers are refused with 422 and every issue explained.',
          body: OfferBody,
        },
      },
      async (req, reply) => {
        const p = requireRole(req, 'operator', 'merchant');
        return idempotent(db, req, reply, () => offers.createOffer(db, p, req.body as OfferBody));
      },
    );

    app.post(
      '/pricing/offers/validate',
      {
        ...passThrough,
        schema: {
          tags,
          summary: 'Check an offer without saving it (for live validation)',
          description:
            'Always 200 with `{ valid, issues }`. Schema problems come back as issues with code `schema`, together with the meaning checks run on the parts that parsed; each issue has a stable `code` and its `params`.',
          body: OfferBody,
          response: { 200: ValidationResult },
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'merchant');
        return looseValidation(checkOffer, req.body, (rest) =>
          offers.validateOfferBody(db, p, rest as OfferBody),
        );
      },
    );

    app.get(
      '/pricing/offers',
      { schema: { tags, summary: 'List offers (merchants see their own)', querystring: ListQuery } },
      async (req) =>
        offers.listOffers(
          db,
          requireRole(req, 'operator', 'integration', 'merchant'),
          req.query as ListQuery,
        ),
    );

    app.get(
      '/pricing/offers/:id',
      { schema: { tags, summary: 'One offer', params: IdParams } },
      async (req) => offers.getOffer(db, principalOf(req), (req.params as { id: string }).id),
    );

    app.patch(
      '/pricing/offers/:id',
      {
        schema: {
          tags,
          summary:
            'Change an offer that has not ended (bumps its version; give version to guard against lost updates)',
          description:
            'Fields given replace the stored ones; `null` clears an optional field (422 for a required one: name, kind, scope, startsAt, endsAt, rule).',
          params: IdParams,
          body: OfferPatch,
        },
      },
      async (req) =>
        offers.patchOffer(
          db,
          requireRole(req, 'operator', 'merchant'),
          (req.params as { id: string }).id,
          req.body as OfferPatch,
        ),
    );

    for (const action of ['pause', 'resume', 'end'] as Action[]) {
      app.post(
        `/pricing/offers/:id/${action}`,
        {
          schema: {
            tags,
            summary: `${action[0]!.toUpperCase()}${action.slice(1)} an offer`,
            params: IdParams,
          },
        },
        async (req) =>
          offers.changeOfferStatus(
            db,
            requireRole(req, 'operator', 'merchant'),
            (req.params as { id: string }).id,
            action,
          ),
      );
    }

    app.get(
      '/pricing/offers/:id/stats',
      {
        schema: {
          tags,
          summary: 'Orders, units, discount by funder and GMV of paid orders that used the offer',
          params: IdParams,
        },
      },
      async (req) => offers.offerStats(db, principalOf(req), (req.params as { id: string }).id),
    );
  };
