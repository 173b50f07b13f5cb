import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { idempotent } from '../../core/idempotency.ts';
import { recordChecker } from '../../core/validate.ts';
import type { Action } from './access.ts';
import * as claims from './claims.service.ts';
import { looseValidation, ValidationResult } from './offers.routes.ts';
import {
  AudienceBody,
  ClaimBody,
  IdParams,
  ListQuery,
  PointsBody,
  TemplateBody,
  TemplatePatch,
} from './schemas.ts';
import * as templates from './templates.service.ts';

const tags = ['pricing: coupons'];
const checkTemplate = recordChecker(TemplateBody);
const passThrough = { validatorCompiler: () => () => true };
const id = (req: { params: unknown }) => (req.params as { id: string }).id;

export const couponRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    const env = { db, timeZone: ctx.cfg.timeZone };

    app.post(
      '/pricing/coupon-templates',
      {
        schema: {
          tags,
          summary: 'Create a coupon template (idempotent by id; honours Idempotency-Key)',
          description:
            'Merchants issue product, store, channel and live coupons for their own stores; operators issue any, including platform and cross-store coupons.',
          body: TemplateBody,
        },
      },
      async (req, reply) => {
        const p = requireRole(req, 'operator', 'merchant');
        return idempotent(db, req, reply, () => templates.createTemplate(db, p, req.body as TemplateBody));
      },
    );

    app.post(
      '/pricing/coupon-templates/validate',
      {
        ...passThrough,
        schema: {
          tags,
          summary: 'Check a coupon template without saving it',
          description:
            'Always 200 with `{ valid, issues }`: schema issues (code `schema`) and the meaning checks on what parsed, each with a stable `code` and its `params`.',
          body: TemplateBody,
          response: { 200: ValidationResult },
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'merchant');
        return looseValidation(checkTemplate, req.body, (rest) =>
          templates.validateTemplateBody(db, p, rest as TemplateBody),
        );
      },
    );

    app.get(
      '/pricing/coupon-templates',
      {
        schema: { tags, summary: 'List coupon templates (merchants see their own)', querystring: ListQuery },
      },
      async (req) =>
        templates.listTemplates(
          db,
          requireRole(req, 'operator', 'integration', 'merchant'),
          req.query as ListQuery,
        ),
    );

    app.get(
      '/pricing/coupon-templates/:id',
      { schema: { tags, summary: 'One coupon template', params: IdParams } },
      async (req) => templates.getTemplate(db, principalOf(req), id(req)),
    );

    app.patch(
      '/pricing/coupon-templates/:id',
      {
        schema: {
          tags,
          summary:
            'Change a coupon template (terms are frozen once coupons were claimed; quantities and windows may change)',
          description:
            'Fields given replace the stored ones; `null` clears an optional field (perUserLimit back to 1; 422 for a required one).',
          params: IdParams,
          body: TemplatePatch,
        },
      },
      async (req) =>
        templates.patchTemplate(
          db,
          requireRole(req, 'operator', 'merchant'),
          id(req),
          req.body as TemplatePatch,
        ),
    );

    for (const action of ['pause', 'resume', 'end'] as Action[]) {
      app.post(
        `/pricing/coupon-templates/:id/${action}`,
        {
          schema: {
            tags,
            summary: `${action[0]!.toUpperCase()}${action.slice(1)} a coupon template`,
            params: IdParams,
          },
        },
        async (req) =>
          templates.changeTemplateStatus(db, requireRole(req, 'operator', 'merchant'), id(req), action),
      );
    }

    app.get(
      '/pricing/coupon-templates/:id/stats',
      {
        schema: {
          tags,
          summary:
            'Claimed, reserved, redeemed, returned; discount by funder and GMV of paid orders that used its coupons',
          params: IdParams,
        },
      },
      async (req) => templates.templateStats(db, principalOf(req), id(req)),
    );

    app.post(
      '/pricing/coupon-templates/:id/claim',
      {
        schema: {
          tags,
          summary: 'Claim a coupon for a buyer (atomic; honours Idempotency-Key)',
          description:
            '409 when sold out or a limit is reached, 422 outside the claim window, for a template not active, or a buyer outside its audience. The problem `type` names the reason (urn:tributary:pricing:sold_out, user_limit, user_daily_limit, daily_sold_out, outside_window, not_active, not_in_audience, expired).',
          params: IdParams,
          body: ClaimBody,
        },
      },
      async (req, reply) => {
        const p = requireRole(req, 'operator', 'integration');
        const key = req.headers['idempotency-key'];
        const claimKey = typeof key === 'string' && key ? `${p.subject}:${key}` : undefined;
        return idempotent(db, req, reply, () =>
          claims.claimCoupon(env, id(req), (req.body as { userId: string }).userId, new Date(), claimKey),
        );
      },
    );

    app.get(
      '/pricing/wallet/:userId',
      {
        schema: {
          tags,
          summary: "A buyer's coupons (available, reserved, used, expired) and points",
          params: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) }),
        },
      },
      async (req) => {
        requireRole(req, 'operator', 'integration');
        return claims.wallet(db, (req.params as { userId: string }).userId, new Date());
      },
    );

    app.post(
      '/pricing/points',
      {
        schema: {
          tags,
          summary: "Credit or debit a buyer's points (honours Idempotency-Key)",
          body: PointsBody,
        },
      },
      async (req, reply) => {
        requireRole(req, 'operator', 'integration');
        const b = req.body as { userId: string; delta: number };
        return idempotent(db, req, reply, async () => ({
          status: 200,
          body: await claims.adjustPoints(db, b.userId, b.delta),
        }));
      },
    );

    app.post(
      '/pricing/audiences/:id/members',
      {
        schema: {
          tags,
          summary: 'Add and remove members of an audience that offers and coupon templates target',
          params: IdParams,
          body: AudienceBody,
        },
      },
      async (req) => {
        requireRole(req, 'operator', 'integration');
        const b = req.body as { add?: string[]; remove?: string[] };
        return claims.setAudience(db, id(req), b.add ?? [], b.remove ?? []);
      },
    );
  };
