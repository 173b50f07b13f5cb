import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { type AppContext, createContext } from './context.ts';
import type { Database } from './db.ts';
import { buildApp, type ModuleDef } from './http.ts';

export interface Running {
  ctx: AppContext;
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Starts workers (outbox dispatcher, webhook sender, module workers) and the HTTP server. */
export async function startServer(
  cfg: Config,
  modules: ModuleDef[],
  opts: { db?: Database; ctx?: AppContext } = {},
): Promise<Running> {
  const ctx = opts.ctx ?? (await createContext(cfg, { db: opts.db }));
  const app = await buildApp(ctx, modules);
  for (const m of modules) await m.start?.(ctx);
  ctx.dispatcher.start();
  ctx.webhooks.start();
  await app.listen({ port: cfg.port, host: cfg.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
  const url = `http://${cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host}:${port}`;
  return {
    ctx,
    app,
    url,
    async stop() {
      await app.close();
      ctx.webhooks.stop();
      await ctx.dispatcher.stop();
      for (const m of modules) await m.stop?.(ctx);
      await ctx.db.close();
    },
  };
}
