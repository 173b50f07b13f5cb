/**
 * Benchmark suite `ingest`: `npm run bench -- ingest [--db pglite|postgres|both] [--events N] [--orders N] [--simulate none|small|medium|large]`.
 *
 * Every figure goes through a real server (127.0.0.1, random port, real HTTP requests with pre-serialized bodies)
 * and is reported with the ratio to an anchor measured in the same run on the same, freshly truncated tables:
 *   - events via POST /v1/events           vs raw COPY of the same rows into `events`
 *   - orders via POST /v1/orders (create)  vs raw COPY of the same orders + order_lines + payments rows
 *   - orders moved to shipped (updates)    vs COPY of the changes into a scratch table + one UPDATE … FROM
 *   - simulate --scale X (default small; large only when asked: hours) on PostgreSQL, in its own fresh database,
 *                                          vs the events COPY rate measured on that server (rows/s)
 * PostgreSQL runs in a fresh database (bench_ingest_<ts>, dropped afterwards); PGlite in a temporary data folder.
 * Writes bench/results/ingest-<db>-<YYYYMMDD-HHMMSS>.json and regenerates bench/results/ingest-latest.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../src/core/config.ts';
import { createContext } from '../src/core/context.ts';
import { type Database, type DbKind, openDatabase } from '../src/core/db.ts';
import { migrate } from '../src/core/migrate.ts';
import { startServer } from '../src/core/server.ts';
import { EVENTS_WRITTEN } from '../src/modules/marketplace/index.ts';
import { MODULES } from '../src/modules/registry.ts';
import {
  type Catalog,
  EVENT_COPY_COLUMNS,
  eventRows,
  LINE_COPY_COLUMNS,
  makeCatalog,
  makeEvents,
  makeOrders,
  ORDER_COPY_COLUMNS,
  orderRows,
  PAYMENT_COPY_COLUMNS,
  shipped,
  toCsvChunks,
} from './lib/data.ts';
import { BULK_SETTINGS, copyCsv, createPgDatabase, dropPgDatabase, exec, serverSettings } from './lib/db.ts';
import { chunk, type IngestClient, ingestClient, jsonBody, ndjsonBody } from './lib/http.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(here, 'results');

interface Figure {
  figure: string;
  count: number;
  unit: string;
  ms: number;
  rate: number;
  anchor?: { name: string; ms: number; rate: number };
  ratio?: number;
  /** CPU of this process per record during the phase, µs (the server's JS; on PGlite also the database). */
  cpuUs?: number;
  target?: string;
  note?: string;
  /** A simulation paused between shards: not a result. */
  paused?: boolean;
}

interface DbRun {
  suite: 'ingest';
  db: DbKind;
  startedAt: string;
  machine: Record<string, unknown>;
  params: Record<string, unknown>;
  figures: Figure[];
}

interface Opts {
  dbs: DbKind[];
  events: number;
  orders: number;
  eventBatch: number;
  orderBatch: number;
  concurrency: number;
  stores: number;
  products: number;
  consumers: number;
  shipShare: number;
  repeat: number;
  ndjson: boolean;
  dispatcher: boolean;
  simulate: 'small' | 'medium' | 'large' | null;
  simulateDays: number;
  /** A named PostgreSQL database for the simulation, resumable across invocations (see --help). */
  simulateInto: string | null;
  databaseUrl: string;
  keep: boolean;
  only: 'events' | 'orders' | null;
  /** Write a CPU profile of each measured HTTP phase into this folder. */
  cpuProf: string | null;
}

function parse(args: string[]): Opts {
  const { values: v } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      db: { type: 'string', default: 'both' },
      events: { type: 'string', default: '200000' },
      orders: { type: 'string', default: '50000' },
      'event-batch': { type: 'string', default: '5000' },
      'order-batch': { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '4' },
      stores: { type: 'string', default: '1000' },
      products: { type: 'string', default: '20000' },
      consumers: { type: 'string', default: '50000' },
      'ship-share': { type: 'string', default: '0.5' },
      repeat: { type: 'string', default: '1' },
      'no-ndjson': { type: 'boolean', default: false },
      'no-dispatcher': { type: 'boolean', default: false },
      simulate: { type: 'string', default: 'small' },
      'simulate-days': { type: 'string', default: '30' },
      'simulate-into': { type: 'string' },
      'database-url': { type: 'string' },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (v.help) {
    process.stdout.write(
      'npm run bench -- ingest [--db pglite|postgres|both] [--events N] [--orders N] [--event-batch N] [--order-batch N]\n' +
        '  [--concurrency N] [--stores N] [--products N] [--consumers N] [--ship-share F] [--repeat N] [--no-ndjson]\n' +
        '  [--no-dispatcher] [--simulate none|small|medium|large] [--simulate-days N] [--database-url URL] [--keep]\n' +
        '  [--simulate-into NAME]   simulate into this PostgreSQL database: kept while the run is paused (Ctrl-C pauses\n' +
        '                           between shards of users), resumed by the same command, dropped once finished\n' +
        '  [--only events|orders] [--cpu-prof DIR]   one part only; CPU profiles of the measured HTTP phases\n',
    );
    process.exit(0);
  }
  const int = (name: string, s: string | undefined, min = 1) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const dbs: DbKind[] =
    v.db === 'both' ? ['postgres', 'pglite'] : v.db === 'pglite' || v.db === 'postgres' ? [v.db] : [];
  if (!dbs.length) throw new Error('--db must be pglite, postgres or both');
  if (v.only && !['events', 'orders'].includes(v.only)) throw new Error('--only must be events or orders');
  if (v.simulate && !['none', 'small', 'medium', 'large'].includes(v.simulate))
    throw new Error('--simulate must be none, small, medium or large');
  return {
    dbs,
    events: int('events', v.events),
    orders: int('orders', v.orders),
    eventBatch: int('event-batch', v['event-batch']),
    orderBatch: int('order-batch', v['order-batch']),
    concurrency: int('concurrency', v.concurrency),
    stores: int('stores', v.stores),
    products: int('products', v.products),
    consumers: int('consumers', v.consumers),
    shipShare: Math.min(1, Math.max(0, Number(v['ship-share']))),
    repeat: int('repeat', v.repeat),
    ndjson: !v['no-ndjson'],
    dispatcher: !v['no-dispatcher'],
    simulate: v.simulate === 'none' ? null : ((v.simulate as Opts['simulate']) ?? null),
    simulateDays: int('simulate-days', v['simulate-days']),
    simulateInto: v['simulate-into'] ?? null,
    databaseUrl:
      v['database-url'] ??
      process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/test',
    keep: v.keep,
    only: (v.only as Opts['only']) ?? null,
    cpuProf: v['cpu-prof'] ?? null,
  };
}

/** Profiles `fn` (the server runs in this process) into DIR/<name>.cpuprofile when --cpu-prof is given. */
async function profiled<T>(o: Opts, name: string, fn: () => Promise<T>): Promise<T & { cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const withCpu = (v: T) => {
    const c = process.cpuUsage(cpu0);
    return Object.assign(v as object, { cpuMs: (c.user + c.system) / 1000 }) as T & { cpuMs: number };
  };
  if (!o.cpuProf) return withCpu(await fn());
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return withCpu(await fn());
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(o.cpuProf, { recursive: true });
    const file = path.join(o.cpuProf, `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    log(`CPU profile ${file} (summarize: npx tsx bench/tools/cpuprofile-top.ts ${file})`);
  }
}

const log = (m: string) => process.stderr.write(`[ingest] ${m}\n`);
const stamp = (d = new Date()) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
};
/** Best of the repeats (the machines are shared: the fastest pass is the least disturbed), for anchors and HTTP alike. */
const best = (xs: number[]) => Math.min(...xs);

function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`benchmark check failed: ${what}`);
}

async function count(db: Database, table: string): Promise<number> {
  return Number((await exec(db, `SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
}

/**
 * Waits until the server's work behind ingestion (outbox handlers, events-written hooks) has caught up; returns
 * how long each events-written hook took to drain (ms), in the order they run.
 */
type Quiet = () => Promise<Record<string, number>>;

async function settle(db: Database) {
  // Same starting point for every measured phase: dirty pages flushed now, not in the middle of a timing. (Callers
  // first wait for the previous phase's deferred work, `quiet`, so it neither runs into this timing nor holds locks
  // a TRUNCATE waits on.)
  if (db.kind === 'postgres') await exec(db, 'CHECKPOINT');
}

function parseOk(r: { status: number; body: string }, what: string) {
  if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 500)}`);
  return JSON.parse(r.body);
}

async function loadCatalog(client: IngestClient, cat: Catalog): Promise<Figure> {
  let n = 0;
  let ms = 0;
  for (const kind of cat.kinds) {
    const recs = cat[kind];
    const size = kind === 'products' ? 2000 : 5000;
    const bodies = chunk(recs, size).map(jsonBody);
    // Categories in one batch (parents and children together); the rest concurrently.
    const r = await client.postAll(`/v1/catalog/${kind}`, bodies);
    for (const x of r.replies) {
      const b = parseOk(x, `catalog ${kind}`);
      check(b.created + b.updated + b.unchanged === b.accepted, `catalog ${kind} outcomes`);
    }
    n += recs.length;
    ms += r.ms;
  }
  return {
    figure: 'catalog via HTTP (setup)',
    count: n,
    unit: 'records',
    ms,
    rate: (n / ms) * 1000,
    note: `${cat.stores.length} stores, ${cat.products.length} products, ${cat.skuCount} SKUs, ${cat.consumers.length} consumers`,
  };
}

async function benchEvents(
  db: Database,
  quiet: Quiet,
  client: IngestClient,
  cat: Catalog,
  o: Opts,
  tz: string,
): Promise<Figure[]> {
  const events = makeEvents(o.events, cat);
  const batches = chunk(events, o.eventBatch);
  const bodies = batches.map(jsonBody);
  const ndBodies = o.ndjson ? batches.map(ndjsonBody) : [];
  const csv = toCsvChunks(eventRows(events, tz));
  const mb = bodies.reduce((s, b) => s + b.length, 0) / 1048576;

  // Warm the server's code paths (JIT, statement plans) on other ids, then start from an empty table.
  const warm = makeEvents(Math.min(o.eventBatch * 2, o.events), cat, { prefix: 'evw_', seed: 99 });
  await client.postAll('/v1/events', chunk(warm, o.eventBatch).map(jsonBody));

  const copyMs: number[] = [];
  const httpMs: number[] = [];
  const ndMs: number[] = [];
  const httpCpu: number[] = [];
  const ndCpu: number[] = [];
  const caughtMs: number[] = [];
  const drains: Record<string, number>[] = [];
  for (let rep = 0; rep < o.repeat; rep++) {
    await quiet();
    await exec(db, 'TRUNCATE events');
    await settle(db);
    const t0 = performance.now();
    await copyCsv(db, 'events', EVENT_COPY_COLUMNS, csv);
    copyMs.push(performance.now() - t0);
    check((await count(db, 'events')) === o.events, 'COPY loaded every event');

    await quiet();
    await exec(db, 'TRUNCATE events');
    await settle(db);
    const r = await profiled(o, `events-http-${db.kind}-${rep}`, () => client.postAll('/v1/events', bodies));
    httpMs.push(r.ms);
    httpCpu.push(r.cpuMs);
    // Then until the hooks behind ingestion (audience profiles, analytics rollups, live metrics) have it all.
    const q0 = performance.now();
    const drained = await quiet();
    caughtMs.push(r.ms + performance.now() - q0);
    drains.push(drained);
    const inserted = r.replies.reduce((s, x) => s + parseOk(x, 'events').inserted, 0);
    check(inserted === o.events, `HTTP inserted every event (${inserted}/${o.events})`);
    check((await count(db, 'events')) === o.events, 'events table holds every event');

    if (o.ndjson) {
      await quiet();
      await exec(db, 'TRUNCATE events');
      await settle(db);
      const nd = await profiled(o, `events-ndjson-${db.kind}-${rep}`, () =>
        client.postAll('/v1/events', ndBodies, 'application/x-ndjson'),
      );
      ndMs.push(nd.ms);
      ndCpu.push(nd.cpuMs);
      const ins = nd.replies.reduce((s, x) => s + parseOk(x, 'events ndjson').inserted, 0);
      check(ins === o.events, 'NDJSON inserted every event');
    }
  }
  const copy = best(copyMs);
  const anchor = { name: 'COPY events', ms: copy, rate: (o.events / copy) * 1000 };
  const fig = (name: string, ms: number, cpuMs: number, note: string): Figure => ({
    figure: name,
    count: o.events,
    unit: 'events',
    ms,
    rate: (o.events / ms) * 1000,
    anchor,
    ratio: copy / ms,
    cpuUs: (cpuMs * 1000) / o.events,
    target: '≥ 50% of COPY',
    note,
  });
  const caught = best(caughtMs);
  const drained = drains[caughtMs.indexOf(caught)] ?? {};
  const after = Object.entries(drained)
    .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`)
    .join(', ');
  const out = [
    fig(
      'events via HTTP (JSON)',
      best(httpMs),
      best(httpCpu),
      `batches of ${o.eventBatch}, ${o.concurrency} in flight, ${mb.toFixed(0)} MiB of JSON`,
    ),
    {
      figure: 'events via HTTP (JSON), hooks caught up',
      count: o.events,
      unit: 'events',
      ms: caught,
      rate: (o.events / caught) * 1000,
      anchor,
      ratio: copy / caught,
      note: `from the first request until audience profiles, analytics rollups and live metrics hold every event; after the last answer: ${after}`,
    },
  ];
  if (o.ndjson)
    out.push(
      fig(
        'events via HTTP (NDJSON)',
        best(ndMs),
        best(ndCpu),
        `batches of ${o.eventBatch}, ${o.concurrency} in flight`,
      ),
    );
  return out;
}

async function truncateOrders(db: Database) {
  await exec(db, 'TRUNCATE orders, order_lines, payments, outbox, outbox_handled RESTART IDENTITY CASCADE');
}

async function benchOrders(
  db: Database,
  quiet: Quiet,
  client: IngestClient,
  cat: Catalog,
  o: Opts,
  tz: string,
): Promise<Figure[]> {
  const orders = makeOrders(o.orders, cat);
  const lineCount = orders.reduce((s, x) => s + x.lines.length, 0);
  const payCount = orders.reduce((s, x) => s + (x.payments?.length ?? 0), 0);
  const bodies = chunk(orders, o.orderBatch).map(jsonBody);
  const paid = orders.filter((x) => x.status === 'paid');
  const toShip = paid.slice(0, Math.round(paid.length * o.shipShare)).map((x) => shipped(x));
  const shipBodies = chunk(toShip, o.orderBatch).map(jsonBody);
  const rows = orderRows(orders, cat, tz);
  const csv = {
    orders: toCsvChunks(rows.orders),
    lines: toCsvChunks(rows.lines),
    payments: toCsvChunks(rows.payments),
  };
  const shipCsv = toCsvChunks(
    toShip.map((x) => [x.id, x.shippedAt, x.shipment?.carrier, x.shipment?.trackingNo]),
  );

  // Warm-up on other ids, then empty tables.
  const warm = makeOrders(Math.min(o.orderBatch, o.orders), cat, { prefix: 'ow_', seed: 5 });
  parseOk(await client.post('/v1/orders', jsonBody(warm)), 'warm-up orders');

  const aCreate: number[] = [];
  const aShip: number[] = [];
  const hCreate: number[] = [];
  const hShip: number[] = [];
  const cCreate: number[] = [];
  const cShip: number[] = [];
  for (let rep = 0; rep < o.repeat; rep++) {
    // Anchor: raw COPY of the rows the service would write, then the ship changes as COPY + one UPDATE.
    await quiet();
    await truncateOrders(db);
    await settle(db);
    let t0 = performance.now();
    await copyCsv(db, 'orders', ORDER_COPY_COLUMNS, csv.orders);
    await copyCsv(db, 'order_lines', LINE_COPY_COLUMNS, csv.lines);
    await copyCsv(db, 'payments', PAYMENT_COPY_COLUMNS, csv.payments);
    aCreate.push(performance.now() - t0);
    check((await count(db, 'orders')) === o.orders, 'COPY loaded every order');
    await exec(db, 'DROP TABLE IF EXISTS bench_ship');
    await exec(
      db,
      'CREATE TABLE bench_ship (id text, shipped_at timestamptz, carrier text, tracking_no text)',
    );
    await settle(db);
    t0 = performance.now();
    await copyCsv(db, 'bench_ship', ['id', 'shipped_at', 'carrier', 'tracking_no'], shipCsv);
    const upd = await exec(
      db,
      `UPDATE orders o SET status = 'shipped', shipped_at = s.shipped_at, carrier = s.carrier, tracking_no = s.tracking_no,
         version = o.version + 1, updated_at = now() FROM bench_ship s WHERE o.id = s.id`,
    );
    aShip.push(performance.now() - t0);
    check(upd.rowCount === toShip.length, 'anchor shipped every order');
    await exec(db, 'DROP TABLE bench_ship');

    // Through the API.
    await quiet();
    await truncateOrders(db);
    await settle(db);
    const r = await profiled(o, `orders-http-${db.kind}-${rep}`, () => client.postAll('/v1/orders', bodies));
    hCreate.push(r.ms);
    cCreate.push(r.cpuMs);
    const created = r.replies.reduce((s, x) => s + parseOk(x, 'orders').created, 0);
    check(created === o.orders, `HTTP created every order (${created}/${o.orders})`);
    check((await count(db, 'order_lines')) === lineCount, 'every order line written');
    check((await count(db, 'payments')) === payCount, 'every payment written');
    const s = await profiled(o, `ship-http-${db.kind}-${rep}`, () =>
      client.postAll('/v1/orders', shipBodies),
    );
    hShip.push(s.ms);
    cShip.push(s.cpuMs);
    const updated = s.replies.reduce((n, x) => n + parseOk(x, 'ship orders').updated, 0);
    check(updated === toShip.length, `HTTP shipped every order (${updated}/${toShip.length})`);
    const ev = (
      await exec(
        db,
        `SELECT count(*) FILTER (WHERE topic = 'order.created')::int AS c, count(*) FILTER (WHERE topic = 'order.status_changed')::int AS u FROM outbox`,
      )
    ).rows[0];
    check(ev.c === o.orders && ev.u === toShip.length, 'one outbox event per change');
  }
  const anchorCreate = {
    name: 'COPY orders+lines+payments',
    ms: best(aCreate),
    rate: (o.orders / best(aCreate)) * 1000,
  };
  const anchorShip = {
    name: 'COPY + UPDATE … FROM',
    ms: best(aShip),
    rate: (toShip.length / best(aShip)) * 1000,
  };
  return [
    {
      figure: 'orders via HTTP (create)',
      count: o.orders,
      unit: 'orders',
      ms: best(hCreate),
      rate: (o.orders / best(hCreate)) * 1000,
      anchor: anchorCreate,
      ratio: anchorCreate.ms / best(hCreate),
      cpuUs: (best(cCreate) * 1000) / o.orders,
      target: db.kind === 'postgres' ? '≥ 5,000 orders/s' : undefined,
      note: `${lineCount} lines, ${payCount} payments, outbox; batches of ${o.orderBatch}, ${o.concurrency} in flight`,
    },
    {
      figure: 'orders via HTTP (→ shipped)',
      count: toShip.length,
      unit: 'orders',
      ms: best(hShip),
      rate: (toShip.length / best(hShip)) * 1000,
      anchor: anchorShip,
      ratio: anchorShip.ms / best(hShip),
      cpuUs: (best(cShip) * 1000) / toShip.length,
      note: `${Math.round(o.shipShare * 100)}% of paid orders moved paid → shipped (full records, lifecycle checks)`,
    },
  ];
}

async function benchSimulate(
  db: Database,
  o: Opts,
  tz: string,
  copyRate: number | undefined,
): Promise<Figure> {
  const scale = o.simulate!;
  const { simulate, SimulationPaused } = await import('../src/modules/simulator/index.ts');
  const { pauseOnSignals, progressReporter } = await import('../src/cli/progress.ts');
  const bar = progressReporter();
  // Ctrl-C or SIGTERM pauses the simulation between two shards of users (resumable with --simulate-into).
  const pause = pauseOnSignals(log);
  try {
    const t0 = performance.now();
    const s = await simulate(db, {
      days: o.simulateDays,
      seed: 42,
      scale,
      timeZone: tz,
      maxBatch: 10_000,
      onProgress: bar.update,
      signal: pause.signal,
    });
    const wall = performance.now() - t0;
    bar.stop();
    const rows = Object.values(s.rows).reduce((a, b) => a + b, 0);
    // A resumed run: its wall time is that of every invocation that wrote it.
    const segments = s.segments ?? [];
    const ms = segments.reduce((a, x) => a + x.wallMs, 0) || s.wallMs || wall;
    const parts =
      segments.length > 1
        ? `written in ${segments.length} invocations (${segments.map((x) => `shards ${x.fromShard + 1}–${x.toShard} in ${(x.wallMs / 1000).toFixed(0)} s`).join(', ')}); `
        : '';
    return {
      figure: `simulate --scale ${scale} --days ${o.simulateDays}`,
      count: rows,
      unit: 'rows',
      ms,
      rate: (rows / ms) * 1000,
      ...(copyRate
        ? {
            anchor: { name: 'COPY events (rows/s)', ms: 0, rate: copyRate },
            ratio: ((rows / ms) * 1000) / copyRate,
          }
        : {}),
      note:
        parts +
        Object.entries(s.rows)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
    };
  } catch (e) {
    bar.stop();
    const paused = e instanceof SimulationPaused;
    return {
      figure: `simulate --scale ${scale}`,
      count: 0,
      unit: 'rows',
      ms: 0,
      rate: 0,
      note: paused ? e.message : `not available: ${(e as Error).message}`,
      ...(paused ? { paused } : {}),
    };
  } finally {
    pause.dispose();
  }
}

async function machine(db: Database): Promise<Record<string, unknown>> {
  const cpus = os.cpus();
  const version = (await exec(db, 'SELECT version() AS v')).rows[0].v as string;
  let pglite: string | undefined;
  if (db.kind === 'pglite') {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(here, '../node_modules/@electric-sql/pglite/package.json'), 'utf8'),
    );
    pglite = pkg.version;
  }
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    database:
      db.kind === 'pglite'
        ? `PGlite ${pglite} (${version.split(' on ')[0]})`
        : `${version.split(' on ')[0]} (${await serverSettings(db, BULK_SETTINGS)})`,
  };
}

async function benchDb(kind: DbKind, o: Opts, ts: string): Promise<DbRun> {
  const startedAt = new Date().toISOString();
  const name = `bench_ingest_${ts.replace('-', '_')}`;
  let url: string | undefined;
  let dataDir: string | undefined;
  if (kind === 'postgres') {
    url = await createPgDatabase(o.databaseUrl, name);
    log(`postgres: fresh database ${name}`);
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-'));
    log(`pglite: data folder ${dataDir}`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  const cfg = loadConfig(env, {
    port: 0,
    host: '127.0.0.1',
    ...(url ? { databaseUrl: url } : {}),
    ...(dataDir ? { dataDir } : {}),
  });
  const db = await openDatabase({ databaseUrl: url, dataDir, poolSize: cfg.poolSize });
  // An idle pooled connection that dies (e.g. the database dropped during cleanup) must not crash the run.
  db.pool.on('error', (err) => log(`${kind}: pool: ${err.message}`));
  const figures: Figure[] = [];
  let info: Record<string, unknown> = {};
  try {
    const ctx = await createContext(cfg, { db, log: pino({ level: 'silent' }) });
    const server = await startServer(cfg, MODULES, { ctx });
    if (!o.dispatcher) await ctx.dispatcher.stop();
    const token = (await ctx.auth.createApiKey('integration', null, 'bench')).token;
    const client = ingestClient(server.url, token, o.concurrency);
    const quiet: Quiet = async () => {
      if (o.dispatcher) await ctx.dispatcher.drain();
      const ms: Record<string, number> = {};
      for (const h of ctx.hooks.list(EVENTS_WRITTEN)) {
        const t0 = performance.now();
        await h.drain?.();
        ms[h.name] = performance.now() - t0;
      }
      return ms;
    };
    info = await machine(db);
    log(`${kind}: server at ${server.url}; ${info.database}`);
    try {
      const cat = makeCatalog({ stores: o.stores, products: o.products, consumers: o.consumers });
      log(`${kind}: loading the catalog through the catalog endpoints`);
      figures.push(await loadCatalog(client, cat));
      if (o.only !== 'orders') {
        log(`${kind}: events (${o.events}) — COPY anchor, then HTTP`);
        figures.push(...(await benchEvents(db, quiet, client, cat, o, cfg.timeZone)));
      }
      if (o.only !== 'events') {
        log(`${kind}: orders (${o.orders}) — COPY anchor, then HTTP create and ship`);
        figures.push(...(await benchOrders(db, quiet, client, cat, o, cfg.timeZone)));
      }
    } finally {
      client.close();
      await server.stop(); // closes db
    }
  } catch (e) {
    log(`${kind}: failed: ${(e as Error).stack ?? e}`);
    await db.close().catch(() => {});
    throw e;
  } finally {
    if (url && !o.keep) await dropPgDatabase(o.databaseUrl, name);
    if (dataDir && !o.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const runSim = o.simulate && (kind === 'postgres' || !o.dbs.includes('postgres'));
  if (runSim) {
    const into = kind === 'postgres' ? o.simulateInto : null;
    const simName = into ?? `bench_sim_${ts.replace('-', '_')}`;
    let simDb: Database;
    let simDir: string | undefined;
    if (kind === 'postgres')
      simDb = await openDatabase({
        databaseUrl: await createPgDatabase(o.databaseUrl, simName, into !== null),
        poolSize: cfg.poolSize,
      });
    else {
      simDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-sim-'));
      simDb = await openDatabase({ dataDir: simDir });
    }
    simDb.pool.on('error', (err) => log(`${kind}: simulator pool: ${err.message}`));
    try {
      await migrate(simDb);
      log(
        `${kind}: simulate --scale ${o.simulate} --days ${o.simulateDays} ${into ? `into ${into} (resumed if paused there)` : 'on a fresh database'}`,
      );
      const copyRate = figures.find((f) => f.anchor?.name === 'COPY events')?.anchor?.rate;
      figures.push(await benchSimulate(simDb, o, cfg.timeZone, copyRate));
    } finally {
      await simDb.close();
      const paused = figures.some((f) => f.paused);
      if (paused && into) log(`${kind}: ${into} is kept; the same command resumes the simulation`);
      if (kind === 'postgres' && !o.keep && !(paused && into)) await dropPgDatabase(o.databaseUrl, simName);
      if (simDir && !o.keep) fs.rmSync(simDir, { recursive: true, force: true });
    }
  }
  const params = {
    events: o.events,
    orders: o.orders,
    eventBatch: o.eventBatch,
    orderBatch: o.orderBatch,
    concurrency: o.concurrency,
    stores: o.stores,
    products: o.products,
    consumers: o.consumers,
    shipShare: o.shipShare,
    repeat: o.repeat,
    dispatcher: o.dispatcher,
    simulate: runSim ? o.simulate : null,
  };
  return { suite: 'ingest', db: kind, startedAt, machine: info, params, figures };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (r: number | undefined) => (r === undefined ? '—' : `${(r * 100).toFixed(0)}%`);

function table(runs: DbRun[]): string {
  const head = [
    'db',
    'figure',
    'count',
    'wall s',
    'rate /s',
    'anchor',
    'anchor /s',
    'ratio',
    'node µs/rec',
    'target',
  ];
  const rows = runs.flatMap((r) =>
    r.figures.map((f) => [
      r.db,
      f.figure,
      fmt(f.count),
      f.ms ? (f.ms / 1000).toFixed(2) : '—',
      f.rate ? fmt(f.rate) : '—',
      f.anchor?.name ?? '—',
      f.anchor ? fmt(f.anchor.rate) : '—',
      pct(f.ratio),
      f.cpuUs ? f.cpuUs.toFixed(1) : '—',
      f.target ?? '',
    ]),
  );
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ');
  const notes = runs.flatMap((r) =>
    r.figures.filter((f) => f.note).map((f) => `  ${r.db} · ${f.figure}: ${f.note}`),
  );
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line), '', ...notes].join('\n');
}

function markdown(runs: DbRun[]): string {
  const out = [
    '# Ingest benchmark — latest results',
    '',
    'Generated by `npm run bench -- ingest`. Ratios are HTTP rate ÷ anchor rate measured in the same run on the same (freshly truncated) tables. ' +
      '"node µs/record" is the CPU time of the benchmark process (the server, its JSON parsing, validation and SQL building; on PGlite also the embedded database) per record: less sensitive than wall time to other load on a shared machine.',
    '',
  ];
  for (const r of runs) {
    const m = r.machine;
    out.push(`## ${r.db} — ${r.startedAt}`, '');
    out.push(
      `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}; database: ${m.database}.`,
      '',
    );
    out.push(
      `Parameters: ${Object.entries(r.params)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}.`,
      '',
    );
    out.push(
      '| figure | count | wall s | rate /s | anchor | anchor /s | ratio | node µs/record | target | notes |',
      '|---|---:|---:|---:|---|---:|---:|---:|---|---|',
    );
    for (const f of r.figures) {
      out.push(
        `| ${f.figure} | ${fmt(f.count)} | ${f.ms ? (f.ms / 1000).toFixed(2) : '—'} | ${f.rate ? fmt(f.rate) : '—'} | ${f.anchor?.name ?? '—'} | ${f.anchor ? fmt(f.anchor.rate) : '—'} | ${pct(f.ratio)} | ${f.cpuUs ? f.cpuUs.toFixed(1) : '—'} | ${f.target ?? ''} | ${(f.note ?? '').replace(/\|/g, '/')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** The newest result file of each database, so a run on one database keeps the other's latest figures. */
function latestRuns(): DbRun[] {
  const files = fs.existsSync(resultsDir)
    ? fs.readdirSync(resultsDir).filter((f) => /^ingest-(pglite|postgres)-\d{8}-\d{6}\.json$/.test(f))
    : [];
  const out: DbRun[] = [];
  for (const kind of ['postgres', 'pglite'] as const) {
    const f = files
      .filter((x) => x.startsWith(`ingest-${kind}-`))
      .sort()
      .pop();
    if (f) out.push(JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')));
  }
  return out;
}

export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const ts = stamp();
  const runs: DbRun[] = [];
  for (const kind of o.dbs) {
    const r = await benchDb(kind, o, ts);
    runs.push(r);
    // Partial runs (profiling, a paused simulation) don't replace the recorded results.
    if (o.only || r.figures.some((f) => f.paused)) continue;
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `ingest-${kind}-${ts}.json`);
    fs.writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
    log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  process.stdout.write(`\n${table(runs)}\n\n`);
  if (o.only || runs.some((r) => r.figures.some((f) => f.paused))) return;
  fs.writeFileSync(path.join(resultsDir, 'ingest-latest.md'), markdown(latestRuns()));
  log(`wrote ${path.relative(process.cwd(), path.join(resultsDir, 'ingest-latest.md'))}`);
}
