import pino, { type Logger } from 'pino';
import { createAuth, type Auth } from './auth.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db.ts';
import { createHooks, type Hooks } from './hooks.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { migrate } from './migrate.ts';
import { createDispatcher, type Dispatcher } from './outbox.ts';
import { createWebhooks, type Webhooks } from './webhooks.ts';

/** Everything a module needs from the platform, created once per process (or per test). */
export interface AppContext {
  cfg: Config;
  db: Database;
  auth: Auth;
  dispatcher: Dispatcher;
  webhooks: Webhooks;
  metrics: Metrics;
  log: Logger;
  /** Extension points between modules (see hooks.ts). */
  hooks: Hooks;
}

export async function createContext(
  cfg: Config,
  opts: { db?: Database; log?: Logger } = {},
): Promise<AppContext> {
  const log = opts.log ?? pino({ level: cfg.logLevel });
  const db =
    opts.db ??
    (await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: cfg.poolSize }));
  await migrate(db, (m) => log.info(m));
  const dispatcher = createDispatcher(db.kysely, log);
  const webhooks = createWebhooks(db.kysely, dispatcher, { timeoutMs: cfg.webhookTimeoutMs });
  return {
    cfg,
    db,
    auth: createAuth(db.kysely),
    dispatcher,
    webhooks,
    metrics: createMetrics(),
    log,
    hooks: createHooks(),
  };
}
