import pino from 'pino';
import type { TestApp } from '../../../test/harness.ts';
import type { Role } from '../../core/auth.ts';
import { loadConfig } from '../../core/config.ts';
import { createContext } from '../../core/context.ts';
import { openTestDatabase } from '../../core/db.ts';
import { buildApp, type ModuleDef } from '../../core/http.ts';
import { MODULES } from '../registry.ts';
import { clickRoutes, distributionRoutes } from './distribution.routes.ts';

/**
 * test/harness.ts's app with the distribution routes whether or not the commissions module registers them
 * yet, and the public click endpoint at the root (outside the authenticated /v1). Test support only.
 */
export async function distributionTestApp(): Promise<TestApp> {
  const cfg = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const db = await openTestDatabase();
  const ctx = await createContext(cfg, { db, log: pino({ level: 'silent' }) });
  const modules: ModuleDef[] = MODULES.some((m) => m.name === 'commissions')
    ? MODULES
    : [...MODULES, { name: 'distribution-test', routes: distributionRoutes }];
  const app = await buildApp(ctx, modules);
  if (!app.hasRoute({ method: 'GET', url: '/c/:code' })) await app.register(clickRoutes(ctx));
  await app.ready();
  const keys: Record<string, string> = {
    operator: (await ctx.auth.createApiKey('operator', null, 'test operator')).token,
    integration: (await ctx.auth.createApiKey('integration', null, 'test integration')).token,
  };
  return {
    ctx,
    app,
    keys,
    async key(role: Role, partyId: string | null) {
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
