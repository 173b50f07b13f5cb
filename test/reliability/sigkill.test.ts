/**
 * Crash safety of ingestion: the real server (a child process) is killed with SIGKILL in the middle of a large
 * concurrent run of order and event batches, restarted, and every batch is sent again.
 *
 *   - every acknowledged (HTTP 200) batch is present, each record exactly once;
 *   - no batch is half-written (a batch is one transaction: all of its records or none), and no stored order is
 *     half-written (its lines, its payments adding up to payAmount, exactly one order.created outbox event);
 *   - after resending everything, every record is present exactly once, previously written orders come back
 *     `unchanged` and previously written events as duplicates.
 *
 * On PostgreSQL when DATABASE_URL is set (in a fresh database of that server), otherwise on a PGlite data folder.
 * RELIABILITY_SEED=<n> replays a run (the seed is in every failure message); RELIABILITY_DEBUG=1 logs the phases.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type Catalog, makeCatalog, makeEvents, makeOrders, rng } from '../../bench/lib/data.ts';
import { createPgDatabase, dropPgDatabase } from '../../bench/lib/db.ts';
import { chunk, ingestClient, jsonBody, type Reply } from '../../bench/lib/http.ts';
import { createAuth } from '../../src/core/auth.ts';
import { type Database, openDatabase } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import type { schemas } from '../../src/modules/marketplace/index.ts';

const DEBUG = !!process.env.RELIABILITY_DEBUG;
const t0 = Date.now();
const debug = (m: string) => {
  if (DEBUG) process.stderr.write(`[sigkill +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}\n`);
};
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASE_URL = process.env.DATABASE_URL;

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts `tributary serve --port 0` and waits for the line with its URL. */
function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [path.join(root, 'bin/tributary.mjs'), 'serve', '--port', '0'], {
    cwd: root,
    env: { ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  let errText = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 60 s:\n${out}\n${errText}`));
    }, 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      errText += d.toString();
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Tributary is running at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, exited });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before printing its URL:\n${out}\n${errText}`));
    });
  });
}

async function stopServer(s: Server) {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  await s.exited;
}

type Order = schemas.Order;
type Ev = schemas.BehaviourEvent;
type Batch = { kind: 'orders'; recs: Order[]; body: Buffer } | { kind: 'events'; recs: Ev[]; body: Buffer };

interface Sizes {
  stores: number;
  products: number;
  consumers: number;
  orders: number;
  orderBatch: number;
  events: number;
  eventBatch: number;
  concurrency: number;
}

async function loadCatalog(url: string, token: string, cat: Catalog) {
  const c = ingestClient(url, token, 2);
  try {
    for (const kind of cat.kinds) {
      const r = await c.postAll(`/v1/catalog/${kind}`, chunk(cat[kind], 2000).map(jsonBody));
      for (const x of r.replies)
        if (x.status !== 200) throw new Error(`catalog ${kind}: ${x.status} ${x.body.slice(0, 300)}`);
    }
  } finally {
    c.close();
  }
}

function makeBatches(cat: Catalog, s: Sizes, seed: number): Batch[] {
  const orders = makeOrders(s.orders, cat, { seed, presaleShare: 0.1, shippedShare: 0.2 });
  const events = makeEvents(s.events, cat, { seed: seed + 1 });
  const ob: Batch[] = chunk(orders, s.orderBatch).map((recs) => ({
    kind: 'orders',
    recs,
    body: jsonBody(recs),
  }));
  const eb: Batch[] = chunk(events, s.eventBatch).map((recs) => ({
    kind: 'events',
    recs,
    body: jsonBody(recs),
  }));
  // Interleave so orders and events are in flight together.
  const out: Batch[] = [];
  for (let i = 0; i < Math.max(ob.length, eb.length); i++) {
    if (eb[i]) out.push(eb[i]!);
    if (ob[i]) out.push(ob[i]!);
  }
  return out;
}

/** Sends every batch; SIGKILLs the server once `killAfter` batches were acknowledged (plus a random few ms). */
async function sendAndKill(
  server: Server,
  token: string,
  batches: Batch[],
  s: Sizes,
  killAfter: number,
  delayMs: number,
) {
  const c = ingestClient(server.url, token, s.concurrency);
  const acked = new Array<boolean>(batches.length).fill(false);
  let n = 0;
  let killed = false;
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const i = next++;
      const b = batches[i]!;
      try {
        const r = await c.post(`/v1/${b.kind}`, b.body);
        if (r.status === 200) {
          acked[i] = true;
          n++;
        } else if (!killed)
          throw new Error(`batch ${i} (${b.kind}) answered ${r.status}: ${r.body.slice(0, 300)}`);
      } catch (e) {
        if (!killed) throw e;
      }
      if (!killed && n >= killAfter) {
        killed = true;
        setTimeout(() => server.child.kill('SIGKILL'), delayMs);
      }
    }
  };
  await Promise.all(Array.from({ length: s.concurrency }, worker));
  c.close();
  await server.exited;
  return acked;
}

const q = async (db: Database, text: string, params: unknown[] = []) =>
  (await db.pool.query(text, params)).rows;

/** Checks the stored state against the batches; returns which orders and events are stored. */
async function verify(db: Database, batches: Batch[], acked: boolean[] | null) {
  const problems: string[] = [];
  const orderRecs = new Map<string, Order>();
  for (const b of batches) if (b.kind === 'orders') for (const o of b.recs) orderRecs.set(o.id, o);

  const stored = await q(
    db,
    `WITH l AS (SELECT order_id, count(*)::int AS n, sum(paid)::bigint AS paid FROM order_lines GROUP BY order_id),
          p AS (SELECT order_id, count(*)::int AS n, sum(amount)::bigint AS amount FROM payments GROUP BY order_id),
          x AS (SELECT aggregate_id, count(*)::int AS n FROM outbox WHERE topic = 'order.created' GROUP BY aggregate_id)
     SELECT o.id, o.pay_amount AS pay, o.paid_at IS NOT NULL AS paid, coalesce(l.n, 0) AS lines, coalesce(l.paid, 0) AS lines_paid,
       coalesce(p.n, 0) AS pays, coalesce(p.amount, 0) AS pay_sum, coalesce(x.n, 0) AS created_events
     FROM orders o LEFT JOIN l ON l.order_id = o.id LEFT JOIN p ON p.order_id = o.id LEFT JOIN x ON x.aggregate_id = o.id`,
  );
  const storedOrders = new Set<string>();
  for (const r of stored) {
    storedOrders.add(r.id);
    const o = orderRecs.get(r.id);
    if (!o) {
      problems.push(`order ${r.id} was never sent`);
      continue;
    }
    if (r.lines !== o.lines.length)
      problems.push(`order ${r.id}: ${r.lines} lines stored, ${o.lines.length} sent`);
    if (Number(r.lines_paid) + o.shippingFee !== Number(r.pay))
      problems.push(`order ${r.id}: lines + shipping ≠ payAmount`);
    if (r.pays !== (o.payments?.length ?? 0))
      problems.push(`order ${r.id}: ${r.pays} payments stored, ${o.payments?.length ?? 0} sent`);
    if (r.paid && Number(r.pay_sum) !== Number(r.pay))
      problems.push(`order ${r.id}: payments add up to ${r.pay_sum}, payAmount ${r.pay}`);
    if (r.created_events !== 1) problems.push(`order ${r.id}: ${r.created_events} order.created events`);
  }
  const orphans = await q(
    db,
    `SELECT count(*)::int AS n FROM (SELECT DISTINCT aggregate_id FROM outbox WHERE topic = 'order.created') x
     LEFT JOIN orders o ON o.id = x.aggregate_id WHERE o.id IS NULL`,
  );
  if (orphans[0].n) problems.push(`${orphans[0].n} order.created events without their order`);
  const strayLines = await q(
    db,
    'SELECT count(*)::int AS n FROM order_lines l LEFT JOIN orders o ON o.id = l.order_id WHERE o.id IS NULL',
  );
  if (strayLines[0].n) problems.push(`${strayLines[0].n} order lines without their order`);

  const evRows = await q(db, 'SELECT id, count(*)::int AS n FROM events GROUP BY id');
  const storedEvents = new Map<string, number>(evRows.map((r) => [r.id, r.n]));
  for (const [id, n] of storedEvents) if (n !== 1) problems.push(`event ${id} stored ${n} times`);

  // Each batch is one transaction: all of it or nothing; an acknowledged one all of it.
  batches.forEach((b, i) => {
    const present =
      b.kind === 'orders'
        ? b.recs.filter((o) => storedOrders.has(o.id)).length
        : b.recs.filter((e) => storedEvents.has(e.id)).length;
    if (present !== 0 && present !== b.recs.length)
      problems.push(`batch ${i} (${b.kind}) is half-written: ${present}/${b.recs.length}`);
    if (acked?.[i] && present !== b.recs.length)
      problems.push(
        `batch ${i} (${b.kind}) was acknowledged but ${b.recs.length - present} records are missing`,
      );
  });
  const sentEvents = batches.reduce((n, b) => n + (b.kind === 'events' ? b.recs.length : 0), 0);
  if (storedEvents.size > sentEvents) problems.push('more events stored than sent');
  return { problems, storedOrders, storedEvents };
}

async function resendAll(
  url: string,
  token: string,
  batches: Batch[],
  before: { storedOrders: Set<string>; storedEvents: Map<string, number> },
  concurrency: number,
) {
  const c = ingestClient(url, token, concurrency);
  const problems: string[] = [];
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batches.length) {
          const i = next++;
          const b = batches[i]!;
          const r: Reply = await c.post(`/v1/${b.kind}`, b.body);
          if (r.status !== 200) {
            problems.push(`resend of batch ${i} answered ${r.status}: ${r.body.slice(0, 200)}`);
            continue;
          }
          const body = JSON.parse(r.body);
          if (b.kind === 'orders') {
            for (const x of body.results as { id: string; outcome: string }[]) {
              const want = before.storedOrders.has(x.id) ? 'unchanged' : 'created';
              if (x.outcome !== want)
                problems.push(`order ${x.id}: ${x.outcome} on resend, expected ${want}`);
            }
          } else {
            const dup = b.recs.filter((e) => before.storedEvents.has(e.id)).length;
            if (body.duplicates !== dup || body.inserted !== b.recs.length - dup)
              problems.push(
                `events batch ${i}: inserted ${body.inserted}, duplicates ${body.duplicates}, expected ${b.recs.length - dup}/${dup}`,
              );
          }
        }
      }),
    );
  } finally {
    c.close();
  }
  return problems;
}

async function scenario(opts: {
  label: string;
  sizes: Sizes;
  /** Environment of the server child process (its database). */
  env: NodeJS.ProcessEnv;
  /** Opens the database in this process (PGlite: only while no server holds the data folder). */
  open: () => Promise<Database>;
  /** PGlite: the data folder can't be shared with a running server. */
  exclusive: boolean;
}) {
  const seed = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 1e9));
  const r = rng(seed);
  const ctx = `${opts.label} (RELIABILITY_SEED=${seed})`;
  const s = opts.sizes;

  // Schema and an integration key, written straight into the database.
  let db = await opts.open();
  await migrate(db);
  const { token } = await createAuth(db.kysely).createApiKey('integration', null, 'reliability test');
  if (opts.exclusive) await db.close();

  debug(`${ctx}: schema and key ready`);
  let server = await startServer(opts.env);
  debug(`server at ${server.url}`);
  const cat = makeCatalog({ stores: s.stores, products: s.products, consumers: s.consumers, seed });
  await loadCatalog(server.url, token, cat);
  debug('catalog loaded');
  const batches = makeBatches(cat, s, seed);
  const killAfter = r.int(Math.floor(batches.length / 5), Math.floor(batches.length / 2));
  debug(`${batches.length} batches; SIGKILL after ${killAfter} acknowledged`);
  const acked = await sendAndKill(server, token, batches, s, killAfter, r.int(0, 40));
  expect(server.child.signalCode, ctx).toBe('SIGKILL');
  const nAcked = acked.filter(Boolean).length;
  expect(nAcked, `${ctx}: killed mid-stream`).toBeGreaterThanOrEqual(killAfter);
  expect(nAcked, `${ctx}: killed mid-stream`).toBeLessThan(batches.length);

  debug(`killed; ${acked.filter(Boolean).length} acknowledged`);
  // Restart on the crashed database. PostgreSQL: the server comes back up, then the state is checked directly.
  // PGlite: the data folder is single-process, so this process opens it first (PGlite's recovery, the same code
  // the server runs on start), checks it, closes it, and the server restarts on it for the resend.
  if (!opts.exclusive) server = await startServer(opts.env);
  else db = await opts.open();
  debug('restarted');
  const after = await verify(db, batches, acked);
  debug(`verified: ${after.storedOrders.size} orders, ${after.storedEvents.size} events stored`);
  expect(after.problems, ctx).toEqual([]);
  if (opts.exclusive) {
    await db.close();
    server = await startServer(opts.env);
  }

  const resend = await resendAll(server.url, token, batches, after, s.concurrency);
  expect(resend, ctx).toEqual([]);
  debug('resent everything');
  await stopServer(server);

  if (opts.exclusive) db = await opts.open();
  const final = await verify(
    db,
    batches,
    batches.map(() => true),
  );
  expect(final.problems, ctx).toEqual([]);
  expect(final.storedOrders.size, ctx).toBe(s.orders);
  expect(final.storedEvents.size, ctx).toBe(s.events);
  const lines = await q(db, 'SELECT count(*)::int AS n FROM order_lines');
  expect(lines[0].n).toBe(
    batches.reduce(
      (n, b) => n + (b.kind === 'orders' ? b.recs.reduce((m, o) => m + o.lines.length, 0) : 0),
      0,
    ),
  );
  await db.close();
  return {
    acked: nAcked,
    batches: batches.length,
    ordersBeforeResend: after.storedOrders.size,
    eventsBeforeResend: after.storedEvents.size,
  };
}

describe.skipIf(!BASE_URL)('SIGKILL during ingestion — PostgreSQL', () => {
  const name = `rel_sigkill_${randomBytes(5).toString('hex')}`;
  afterAll(async () => {
    await dropPgDatabase(BASE_URL!, name);
  });

  it('keeps every acknowledged record exactly once, writes nothing by halves, and converges on resend', async () => {
    const url = await createPgDatabase(BASE_URL!, name);
    const r = await scenario({
      label: 'postgres',
      sizes: {
        stores: 60,
        products: 1500,
        consumers: 3000,
        orders: 12_000,
        orderBatch: 500,
        events: 120_000,
        eventBatch: 2000,
        concurrency: 6,
      },
      env: { ...process.env, DATABASE_URL: url },
      open: async () => {
        const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
        db.pool.on('error', () => {}); // a connection ended while the database is dropped is no failure
        return db;
      },
      exclusive: false,
    });
    expect(r.acked).toBeGreaterThan(0);
  }, 120_000);
});

// The PGlite pass of the suite (no DATABASE_URL) checks the embedded database; the PostgreSQL pass checks PostgreSQL.
describe.skipIf(!!BASE_URL)('SIGKILL during ingestion — embedded PGlite data folder', () => {
  let dir: string | undefined;
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('recovers the data folder after SIGKILL with the same guarantees', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-sigkill-'));
    dir = dataDir;
    const env: NodeJS.ProcessEnv = { ...process.env, TRIBUTARY_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const r = await scenario({
      label: 'pglite',
      sizes: {
        stores: 30,
        products: 600,
        consumers: 1000,
        orders: 1200,
        orderBatch: 100,
        events: 24_000,
        eventBatch: 2000,
        concurrency: 4,
      },
      env,
      open: () => openDatabase({ dataDir }),
      exclusive: true,
    });
    expect(r.acked).toBeGreaterThan(0);
  }, 120_000);
});
