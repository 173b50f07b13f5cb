import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its function is the default export's `default`.
const addFormats = addFormatsModule as unknown as { default: (a: Ajv) => void };
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { bearer } from './auth.ts';
import type { AppContext } from './context.ts';
import { badRequest, installErrorHandling, unauthorized } from './errors.ts';

export type App = FastifyInstance;

/** A capability plugs in as a module: routes under /v1 plus optional start/stop hooks for workers. */
export interface ModuleDef {
  name: string;
  routes?: (ctx: AppContext) => FastifyPluginAsync;
  /**
   * Routes at the root that anyone may call without credentials (a share link's click redirect): kept out of
   * /v1 so the credential check there stays without exceptions.
   */
  publicRoutes?: (ctx: AppContext) => FastifyPluginAsync;
  /** Wiring done once per context before any routes: hooks into other modules, outbox subscriptions. */
  setup?: (ctx: AppContext) => void;
  start?: (ctx: AppContext) => void | Promise<void>;
  stop?: (ctx: AppContext) => void | Promise<void>;
}

const consoleDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../console/dist');

/** Routes under /v1 that need no credentials. */
const PUBLIC = new Set(['/v1/auth/login']);

function makeAjv(coerce: boolean) {
  // Bodies are validated strictly (no coercion, unknown fields rejected); query strings are coerced from text.
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

export async function buildApp(ctx: AppContext, modules: ModuleDef[]): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.log as unknown as FastifyBaseLogger,
    bodyLimit: ctx.cfg.bodyLimitBytes,
    disableRequestLogging: true,
    // Long path parameters (ids, link codes) reach their routes and get a 404 problem there, instead of
    // falling through to the console's app shell.
    routerOptions: { maxParamLength: 1024 },
  });
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema),
  );
  installErrorHandling(app);
  for (const m of modules) m.setup?.(ctx);

  // NDJSON batches: one record per line, turned into the same { records } body as JSON.
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_req, body, done) => {
    const records: unknown[] = [];
    const lines = (body as string).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line) continue;
      try {
        records.push(JSON.parse(line));
      } catch (e) {
        return done(
          badRequest(`line ${i + 1} is not valid JSON: ${(e as Error).message}`, [
            { field: `line ${i + 1}`, reason: 'invalid JSON' },
          ]),
          undefined,
        );
      }
    }
    done(null, { records });
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpDuration.observe(
      { method: req.method, route, status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tributary API',
        version: '0.1.0',
        description:
          'Marketing, distribution and traffic platform for content and social e-commerce marketplaces. Money is integer fen.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'API key (trb_…) or console session token (ses_…)',
          },
        },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/health', { schema: { hide: true } }, async () => {
    await ctx.db.kysely.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    return { status: 'ok', database: ctx.db.kind };
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (v1) => {
      v1.addHook('onRequest', async (req) => {
        if (PUBLIC.has(req.routeOptions.url ?? '')) return;
        const token = bearer(req);
        const principal = token ? await ctx.auth.resolve(token) : null;
        if (!principal) throw unauthorized();
        req.principal = principal;
      });
      for (const m of modules) if (m.routes) await v1.register(m.routes(ctx));
    },
    { prefix: '/v1' },
  );
  for (const m of modules) if (m.publicRoutes) await app.register(m.publicRoutes(ctx));

  if (fs.existsSync(path.join(consoleDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: consoleDist, wildcard: false });
    // Client-side routes fall back to the app shell; unknown API paths stay 404 problems.
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith('/v1/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }
  return app;
}
