import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { type Config, ConfigError, describeConfig, loadConfig } from '../core/config.ts';
import { createContext } from '../core/context.ts';
import { openDatabase } from '../core/db.ts';
import { migrate } from '../core/migrate.ts';
import { startServer } from '../core/server.ts';
import { catchUp } from '../modules/analytics/index.ts';
import { ensureEventPartitions, listEventPartitions, rollingWindow } from '../modules/marketplace/index.ts';
import { MODULES } from '../modules/registry.ts';
import { type Scale, SimulationPaused, simulate } from '../modules/simulator/index.ts';
import { DEMO_PASSWORD, ensureDemo, orderHooks, settleLastMonth } from './demo.ts';
import { startDemoLive } from './demo-live.ts';
import { startDemoTraffic } from './demo-traffic.ts';
import { pauseOnSignals, progressReporter } from './progress.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const intArg = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
  return n;
};

function config(overrides: Partial<Config> = {}): Config {
  try {
    return loadConfig(process.env, overrides);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

function ensureConsoleBuilt() {
  if (fs.existsSync(path.join(root, 'console/dist/index.html'))) return;
  process.stderr.write('Building the console (first start only)…\n');
  const r = spawnSync('npm', ['run', 'build', '-w', 'console'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0)
    process.stderr.write('Console build failed: the API still runs; see the output above.\n');
}

async function serve(opts: { port?: number; demo?: boolean }) {
  const cfg = config(opts.port !== undefined ? { port: opts.port } : {});
  process.stderr.write(`${describeConfig(cfg)}\n`);
  const ctx = await createContext(cfg);
  const { logins, generated } = opts.demo ? await ensureDemo(ctx) : { logins: [], generated: null };
  const running = await startServer(cfg, MODULES, { ctx });
  // The demo's shoppers keep browsing: feed and live-feed pages through the ranking service.
  const stopTraffic = opts.demo ? startDemoTraffic(ctx) : async () => {};
  // …and one demo room is on air, its viewers' events and orders arriving every few seconds.
  const demoMerchant = logins.find((l) => l.role === 'merchant')?.partyId;
  const stopLive = demoMerchant ? startDemoLive(ctx, demoMerchant) : async () => {};
  if (generated)
    // A new demo: once the server's dispatcher has followed its orders (coupons, commissions), settle the
    // commissions of the month before, in the background.
    void ctx.dispatcher
      .drain()
      .then(() => settleLastMonth(ctx, generated.endDay))
      .then((line) => process.stderr.write(`${line}\n`))
      .catch((err) => ctx.log.error({ err }, 'demo settlement failed'));
  process.stdout.write(`Tributary is running at ${running.url}\n`);
  process.stdout.write(`  console   ${running.url}/\n  API docs  ${running.url}/docs\n`);
  if (logins.length) {
    process.stdout.write(`  demo logins (password "${DEMO_PASSWORD}"):\n`);
    for (const l of logins)
      process.stdout.write(`    ${l.login.padEnd(9)} ${l.role}${l.partyId ? ` ${l.partyId}` : ''}\n`);
  }
  const shutdown = async () => {
    await stopTraffic();
    await stopLive();
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

const program = new Command('tributary').description(
  'Tributary: marketing, distribution and traffic platform for e-commerce marketplaces',
);

program
  .command('start')
  .description(
    'First-run friendly: build the console if needed, create the demo marketplace on first start, serve',
  )
  .option('-p, --port <port>', 'port (default PORT or 8080)', intArg('port', 0, 65535))
  .action(async (o) => {
    ensureConsoleBuilt();
    await serve({ port: o.port, demo: true });
  });

program
  .command('serve')
  .description('Run the API server and console')
  .option('-p, --port <port>', 'port (default PORT or 8080)', intArg('port', 0, 65535))
  .option('--demo', 'generate the demo marketplace if the database is empty')
  .action(async (o) => serve({ port: o.port, demo: !!o.demo }));

program
  .command('demo')
  .description(
    'Generate the demo marketplace into an empty database, let the workers follow it (commissions settled, analytics built), then exit',
  )
  .action(async () => {
    // The full server on a private port, so every module's workers and subscribers follow the demo as in `serve`.
    const cfg = config({ port: 0, host: '127.0.0.1' });
    process.stderr.write(`${describeConfig(cfg)}\n`);
    const ctx = await createContext(cfg);
    const { generated } = await ensureDemo(ctx);
    const running = await startServer(cfg, MODULES, { ctx });
    await ctx.dispatcher.drain();
    if (generated) process.stderr.write(`${await settleLastMonth(ctx, generated.endDay)}\n`);
    await ctx.dispatcher.drain();
    const t = performance.now();
    await catchUp(ctx.db.kysely, cfg.timeZone, () => {});
    process.stderr.write(`Analytics rollups built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    await running.stop();
    process.stdout.write(
      generated ? 'demo marketplace generated\n' : 'the database already holds data; nothing generated\n',
    );
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    const cfg = config();
    const db = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
    const applied = await migrate(db, (m) => process.stdout.write(`${m}\n`));
    process.stdout.write(
      applied.length ? `${applied.length} migration(s) applied\n` : 'database is up to date\n',
    );
    await db.close();
  });

program
  .command('partitions')
  .description('List the monthly partitions of behaviour events and attach the missing ones')
  .option('--from <day>', 'first day to cover (YYYY-MM-DD); default: the server window (last month on)')
  .option('--to <day>', 'last day to cover (YYYY-MM-DD); default: two months ahead')
  .option('--move-default', 'move rows of those months out of events_default into their partitions')
  .action(async (o) => {
    const cfg = config();
    const db = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
    await migrate(db, () => {});
    const w = rollingWindow(new Date(), cfg.timeZone);
    const day = (v: string | undefined, d: string) => {
      if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
        process.stderr.write(`not a day (YYYY-MM-DD): ${v}\n`);
        process.exit(2);
      }
      return v ?? d;
    };
    const r = await ensureEventPartitions(db.kysely, day(o.from, w.from), day(o.to, w.to), {
      moveDefault: !!o.moveDefault,
    });
    for (const n of r.created)
      process.stdout.write(
        `attached ${n}${n in r.moved ? ` (${r.moved[n]} rows moved from events_default)` : ''}\n`,
      );
    for (const n of r.skipped)
      process.stdout.write(`left ${n} in events_default (it holds rows): add --move-default to move them\n`);
    for (const p of await listEventPartitions(db.kysely))
      process.stdout.write(
        `  ${p.name.padEnd(16)} ${p.from ? `${p.from} … ${p.to}` : 'default'.padEnd(23)}  ~${p.rows} rows\n`,
      );
    await db.close();
  });

program
  .command('simulate')
  .description('Generate a simulated marketplace with known latent truth, through the ingestion service')
  .option('--days <n>', 'days to simulate', intArg('days', 1, 730), 30)
  .option('--seed <n>', 'random seed', intArg('seed', 0, 2 ** 31 - 1), 42)
  .option(
    '--scale <scale>',
    'small | medium | large',
    (v) => {
      if (!['small', 'medium', 'large'].includes(v))
        throw new InvalidArgumentError('scale must be small, medium or large');
      return v as Scale;
    },
    'small' as Scale,
  )
  .option('--end-day <day>', 'last simulated day (YYYY-MM-DD), default today')
  .action(async (o) => {
    const cfg = config();
    // The modules wired as a server wires them: their order-create hooks (pricing locks the quotes of the
    // simulated checkouts) and their outbox handlers (the coupon lifecycle), run below until the outbox is empty.
    const ctx = await createContext(cfg, { log: pino({ level: 'warn' }) });
    for (const m of MODULES) m.setup?.(ctx);
    const bar = progressReporter();
    // Ctrl-C (or SIGTERM) pauses at the next boundary between shards of users; the same command resumes.
    const pause = pauseOnSignals((m) => process.stderr.write(`\n${m}\n`));
    let s: Awaited<ReturnType<typeof simulate>>;
    try {
      s = await simulate(ctx.db, {
        days: o.days,
        seed: o.seed,
        scale: o.scale,
        endDay: o.endDay,
        timeZone: cfg.timeZone,
        maxBatch: cfg.maxBatch,
        onProgress: bar.update,
        orderHooks: orderHooks(ctx),
        signal: pause.signal,
      });
    } catch (e) {
      bar.stop();
      if (!(e instanceof SimulationPaused)) throw e;
      process.stdout.write(`${e.message}\n`);
      await ctx.dispatcher.drain();
      await ctx.db.close();
      return;
    } finally {
      pause.dispose();
    }
    bar.stop();
    const total = Object.values(s.rows).reduce((a, b) => a + b, 0);
    const wallMs = (s.segments ?? []).reduce((a, x) => a + x.wallMs, 0) || s.wallMs;
    const parts = (s.segments?.length ?? 0) > 1 ? ` over ${s.segments!.length} invocations` : '';
    process.stdout.write(
      `simulated ${s.days} days at scale ${s.scale} (seed ${s.seed}) in ${(wallMs / 1000).toFixed(1)} s${parts}: ${total} rows, ${Math.round(total / (wallMs / 1000))} rows/s\n`,
    );
    for (const [k, v] of Object.entries(s.rows)) process.stdout.write(`  ${k.padEnd(18)} ${v}\n`);
    const t0 = performance.now();
    await ctx.dispatcher.drain();
    process.stdout.write(
      `outbox handled (coupons redeemed or released, commissions estimated and completed with their orders) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    if (s.written) process.stdout.write(`${await settleLastMonth(ctx, s.endDay)}\n`);
    await ctx.db.close();
  });

program
  .command('import')
  .description('Import a CSV file of one record kind through the ingestion service')
  .argument(
    '<kind>',
    'merchants | stores | categories | brands | products | consumers | creators | agencies | promoters | follows | orders | after-sales | reviews | service-sessions | live-sessions | events',
  )
  .argument('<file>', 'CSV file with a header row')
  .option('--batch <n>', 'records per batch', intArg('batch', 1, 100000), 2000)
  .option('--partial', 'write valid rows and report the rest (default: a bad batch writes nothing)')
  .action(async (kind, file, o) => {
    const { runImport } = await import('./import.ts');
    const cfg = config();
    const code = await runImport(cfg, kind, file, { batch: o.batch, atomic: !o.partial });
    process.exit(code);
  });

program
  .command('bench')
  .description('Run a benchmark suite and write its results to bench/results/')
  .argument('<suite>', 'suite name, e.g. ingest')
  .allowUnknownOption(true)
  .argument('[args...]')
  .action(async (suite, args) => {
    const file = path.join(root, 'bench', `${suite}.bench.ts`);
    if (!fs.existsSync(file)) {
      process.stderr.write(`no benchmark suite "${suite}" (looked for ${path.relative(root, file)})\n`);
      process.exit(2);
    }
    const mod = (await import(file)) as { run: (args: string[]) => Promise<void> };
    await mod.run(args ?? []);
  });

// ledger: reconciliation (recompute every balance from the entries; exit 1 on any mismatch)
program
  .command('ledger')
  .description('Ledger tools')
  .command('check')
  .description('Recompute every ledger account balance from its entries and report mismatches')
  .action(async () => {
    const { ledgerCheckCommand } = await import('../modules/ledger/index.ts');
    const cfg = config();
    const db = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
    await migrate(db);
    const code = await ledgerCheckCommand(db, (line) => process.stdout.write(`${line}\n`));
    await db.close();
    process.exit(code);
  });

await program.parseAsync(process.argv);
