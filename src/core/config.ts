import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** Environment variables Tributary reads; every one has a safe default for `npm start`. */
const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  dataDir: Type.String({ minLength: 1 }),
  timeZone: Type.String({ minLength: 1 }),
  logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  maxBatch: Type.Integer({ minimum: 1, maximum: 100_000 }),
  bodyLimitBytes: Type.Integer({ minimum: 1024 }),
  poolSize: Type.Integer({ minimum: 1, maximum: 200 }),
  webhookTimeoutMs: Type.Integer({ minimum: 100 }),
  /** Minutes an unpaid order keeps the coupons, flash stock and points its quote reserved. */
  reservationMinutes: Type.Integer({ minimum: 1, maximum: 10080 }),
});
export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {}

function int(v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const cfg = {
    port: int(env.PORT, 8080),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.TRIBUTARY_DATA_DIR || '.tributary'),
    timeZone: env.TRIBUTARY_TIMEZONE || 'Asia/Shanghai',
    logLevel: env.LOG_LEVEL || 'info',
    maxBatch: int(env.TRIBUTARY_MAX_BATCH, 10_000),
    bodyLimitBytes: int(env.TRIBUTARY_BODY_LIMIT, 32 * 1024 * 1024),
    poolSize: int(env.TRIBUTARY_POOL_SIZE, 10),
    webhookTimeoutMs: int(env.TRIBUTARY_WEBHOOK_TIMEOUT_MS, 5000),
    reservationMinutes: int(env.TRIBUTARY_RESERVATION_MINUTES, 30),
    ...overrides,
  };
  if (cfg.databaseUrl === undefined) delete cfg.databaseUrl;
  if (!Value.Check(ConfigSchema, cfg)) {
    const problems = [...Value.Errors(ConfigSchema, cfg)].map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: cfg.timeZone });
  } catch {
    throw new ConfigError(
      `invalid configuration: TRIBUTARY_TIMEZONE "${cfg.timeZone}" is not an IANA time zone`,
    );
  }
  return cfg as Config;
}

/** One line per setting, secrets masked, printed at start so operators see what is in force. */
export function describeConfig(cfg: Config): string {
  const db = cfg.databaseUrl
    ? cfg.databaseUrl.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@')
    : `embedded PGlite in ${cfg.dataDir}`;
  return [
    `database    ${db}`,
    `listen      ${cfg.host}:${cfg.port}`,
    `time zone   ${cfg.timeZone}`,
    `max batch   ${cfg.maxBatch} records, body limit ${Math.round(cfg.bodyLimitBytes / 1048576)} MiB`,
  ].join('\n');
}
