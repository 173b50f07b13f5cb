import { Type } from 'typebox';
import type { FastifyPluginAsync } from 'fastify';
import { bearer, principalOf, requireRole, ROLES } from './auth.ts';
import type { AppContext } from './context.ts';
import { badRequest, notFound } from './errors.ts';
import type { ModuleDef } from './http.ts';
import { idempotent } from './idempotency.ts';
import { newId, randomToken } from './ids.ts';

const User = Type.Object({
  id: Type.String(),
  login: Type.String(),
  role: Type.String(),
  partyId: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
});
const RoleSchema = Type.Enum([...ROLES]);

const routes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Log in to the console',
          security: [],
          body: Type.Object(
            {
              login: Type.String({ minLength: 1, maxLength: 200 }),
              password: Type.String({ minLength: 1, maxLength: 200 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ token: Type.String(), user: User }) },
        },
      },
      async (req) => {
        const { login, password } = req.body as { login: string; password: string };
        return ctx.auth.login(login, password);
      },
    );

    app.get(
      '/auth/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The calling principal',
          response: {
            200: Type.Object({
              user: Type.Union([User, Type.Null()]),
              role: Type.String(),
              partyId: Type.Union([Type.String(), Type.Null()]),
            }),
          },
        },
      },
      async (req) => {
        const p = principalOf(req);
        return {
          user: p.via === 'session' ? await ctx.auth.user(p.subject) : null,
          role: p.role,
          partyId: p.partyId,
        };
      },
    );

    app.post(
      '/auth/logout',
      { schema: { tags: ['auth'], summary: 'End the console session' } },
      async (req, reply) => {
        const t = bearer(req);
        if (t) await ctx.auth.logout(t);
        return reply.status(204).send();
      },
    );

    app.post(
      '/api-keys',
      {
        schema: {
          tags: ['auth'],
          summary: 'Issue an API key (operator only); the token is shown once',
          body: Type.Object(
            {
              role: RoleSchema,
              partyId: Type.Optional(Type.String({ minLength: 1 })),
              label: Type.String({ minLength: 1, maxLength: 200 }),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (req, reply) => {
        requireRole(req, 'operator');
        const b = req.body as { role: (typeof ROLES)[number]; partyId?: string; label: string };
        const scoped = ['merchant', 'creator', 'agency', 'promoter'].includes(b.role);
        if (scoped && !b.partyId)
          throw badRequest(`a ${b.role} key needs partyId`, [
            { field: 'partyId', reason: `is required for role ${b.role}` },
          ]);
        return idempotent(ctx.db.kysely, req, reply, async () => ({
          status: 201,
          body: await ctx.auth.createApiKey(b.role, b.partyId ?? null, b.label),
        }));
      },
    );

    app.post(
      '/webhooks',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Subscribe an endpoint to event topics; deliveries are signed with the returned secret',
          body: Type.Object(
            {
              url: Type.String({ format: 'uri', pattern: '^https?://' }),
              topics: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 50 }),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (req, reply) => {
        const p = requireRole(req, 'operator', 'integration', 'merchant');
        const b = req.body as { url: string; topics: string[] };
        return idempotent(ctx.db.kysely, req, reply, async () => {
          const id = newId('whk');
          const secret = `whsec_${randomToken(24)}`;
          await ctx.db.kysely
            .insertInto('webhook_endpoints')
            .values({
              id,
              url: b.url,
              secret,
              topics: b.topics,
              owner_role: p.role,
              owner_party_id: p.partyId,
            })
            .execute();
          return { status: 201, body: { id, url: b.url, topics: b.topics, secret } };
        });
      },
    );

    app.get(
      '/webhooks/:id/deliveries',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Delivery attempts of an endpoint',
          params: Type.Object({ id: Type.String() }),
        },
      },
      async (req) => {
        const p = principalOf(req);
        const { id } = req.params as { id: string };
        const ep = await ctx.db.kysely
          .selectFrom('webhook_endpoints')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        if (!ep || (p.role !== 'operator' && (ep.owner_role !== p.role || ep.owner_party_id !== p.partyId)))
          throw notFound(`webhook ${id}`);
        const items = await ctx.db.kysely
          .selectFrom('webhook_deliveries')
          .select([
            'id',
            'event_id',
            'topic',
            'status',
            'attempts',
            'last_status',
            'last_error',
            'delivered_at',
            'next_attempt_at',
          ])
          .where('endpoint_id', '=', id)
          .orderBy('id', 'desc')
          .limit(100)
          .execute();
        return { items };
      },
    );
  };

export const platformModule: ModuleDef = { name: 'platform', routes };
