import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../core/context.ts';
import { consumerOf } from './domain/links.ts';
import { recordClick } from './clicks.service.ts';

/**
 * The public click endpoint `GET /c/:code`: no credentials (it is opened by consumers from chat messages and
 * posts), so it is registered at the root, outside the authenticated /v1 prefix.
 */
export const clickRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    app.get(
      '/c/:code',
      {
        schema: {
          tags: ['distribution: links'],
          summary: 'Follow a share code: records the click and redirects (302) to the link’s target',
          description:
            'Public. The consumer id is taken from the `uid` query parameter or the `uid` cookie when the host knows it; the IP and user agent are stored only as hashes. Unknown codes are a 404 problem.',
          params: Type.Object({ code: Type.String() }),
          querystring: Type.Object({ uid: Type.Optional(Type.String({ maxLength: 64 })) }),
          security: [],
        },
      },
      async (req, reply) => {
        const target = await recordClick(db, {
          code: (req.params as { code: string }).code,
          consumerId: consumerOf(req.query as { uid?: string }, req.headers.cookie),
          ip: req.ip,
          userAgent: req.headers['user-agent'],
          at: new Date(),
        });
        return reply.header('cache-control', 'no-store').redirect(target, 302);
      },
    );
  };
