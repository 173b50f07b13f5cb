import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import type { Role } from '../src/core/auth.ts';
import { loadConfig } from '../src/core/config.ts';
import { type AppContext, createContext } from '../src/core/context.ts';
import { openTestDatabase } from '../src/core/db.ts';
import { buildApp } from '../src/core/http.ts';
import { MODULES } from '../src/modules/registry.ts';

export interface TestApp {
  ctx: AppContext;
  app: FastifyInstance;
  /** API key tokens by name: operator, integration, and any created with key(). */
  keys: Record<string, string>;
  key(role: Role, partyId: string | null): Promise<string>;
  req(
    token: string | null,
    opts: InjectOptions,
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** A full app on a throwaway database (in-memory PGlite, or a fresh schema when DATABASE_URL is set). */
export async function testApp(overrides: Parameters<typeof loadConfig>[1] = {}): Promise<TestApp> {
  const cfg = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, overrides);
  const db = await openTestDatabase();
  const ctx = await createContext(cfg, { db, log: pino({ level: 'silent' }) });
  const app = await buildApp(ctx, MODULES);
  await app.ready();
  const keys: Record<string, string> = {
    operator: (await ctx.auth.createApiKey('operator', null, 'test operator')).token,
    integration: (await ctx.auth.createApiKey('integration', null, 'test integration')).token,
  };
  return {
    ctx,
    app,
    keys,
    async key(role, partyId) {
      return (await ctx.auth.createApiKey(role, partyId, `test ${role}`)).token;
    },
    async req(token, opts) {
      const res = await app.inject({
        ...opts,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(opts.headers ?? {}) },
      });
      let body: unknown = res.body;
      if ((res.headers['content-type'] ?? '').toString().includes('json')) body = res.json();
      return { status: res.statusCode, body, headers: res.headers as Record<string, unknown> };
    },
    async close() {
      await app.close();
      await ctx.dispatcher.stop();
      await ctx.db.close();
    },
  };
}
