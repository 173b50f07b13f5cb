/**
 * Figure 1: the commission engine on real outbox events. The orders are ingested phase by phase (paid; some
 * refunded before delivery; most delivered or completed; a few refunded after delivery) and after each phase the
 * events it published (`order.created`, `after_sale.changed`, `order.status_changed`) are handed to the engine in
 * outbox order, in batches of 500 as the dispatcher reads them, by `processOrderEvents` (the engine's entry point
 * for workers: one transaction per batch, deadlocks retried) with 2 workers on PostgreSQL. Only the engine's
 * calls are timed. Anchor, same run, same database, same workers: as many balanced ledger transactions as there
 * were events, with the engine's own entries (accounts and amounts copied from what it posted), inserted by two
 * plain unnest INSERTs per batch into ledger_transactions / ledger_entries (the sum-zero statement trigger runs).
 */
import { sql } from 'kysely';
import type { Database, Db } from '../../src/core/db.ts';
import type { OutboxEvent } from '../../src/core/outbox.ts';
import { processOrderEvents, reconcile } from '../../src/modules/commissions/index.ts';
import type { IngestEnv } from '../../src/modules/marketplace/index.ts';
import { checkBalances } from '../../src/modules/ledger/index.ts';
import { cpuMeter } from '../lib/cpu.ts';
import { percentile } from '../lib/results.ts';
import type { Figure } from './figures.ts';
import { ingest, makeOrderBook, type World, writeClicks } from './world.ts';
import { profiled, runQueue, type Workers } from './workers.ts';

const TOPICS = ['order.created', 'order.status_changed', 'after_sale.changed'];
const BATCH = 500;

function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(`benchmark check failed: ${what}`);
}

const one = async <T>(db: Db, q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows[0]!;

/** Outbox events of the engine's topics after `afterId`, in id order (what the dispatcher would hand it). */
async function pendingEvents(db: Db, afterId: number): Promise<OutboxEvent[]> {
  const r = await sql<{
    id: string;
    topic: string;
    aggregate_id: string;
    payload: unknown;
    created_at: Date;
  }>`
    SELECT id, topic, aggregate_id, payload, created_at FROM outbox
    WHERE id > ${afterId} AND topic = ANY(${TOPICS}::text[]) ORDER BY id`.execute(db);
  return r.rows.map((e) => ({
    id: Number(e.id),
    topic: e.topic,
    aggregateId: e.aggregate_id,
    payload: e.payload,
    createdAt: e.created_at,
  }));
}

interface PhaseResult {
  name: string;
  events: number;
  ms: number;
  batchMs: number[];
  nodeMs: number;
  backendMs: number | null;
  allPgMs: number | null;
  result: { created: number; refunds: number; cancelled: number; completed: number };
}

async function phase(
  name: string,
  db: Db,
  w: Workers,
  tz: string,
  afterId: number,
  log: (s: string) => void,
  prof?: string,
): Promise<{ r: PhaseResult; lastId: number }> {
  const events = await pendingEvents(db, afterId);
  const batches: OutboxEvent[][] = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  const result = { created: 0, refunds: 0, cancelled: 0, completed: 0 };
  if (db !== w.db && w.pids.length) await sql`CHECKPOINT`.execute(db);
  const meter = cpuMeter();
  const b0 = w.backendCpuMs();
  const t0 = performance.now();
  const batchMs = await profiled(prof, `events-${name.replace(/[^a-z]+/gi, '-').replace(/-$/, '')}`, () =>
    runQueue(batches, w.count, async (b) => {
      const x = await processOrderEvents(w.db, b, tz);
      result.created += x.created;
      result.refunds += x.refunds;
      result.cancelled += x.cancelled;
      result.completed += x.completed;
    }),
  );
  const ms = performance.now() - t0;
  const b1 = w.backendCpuMs();
  const cpu = meter.stop(1);
  log(
    `  ${name}: ${events.length} events in ${batches.length} batches, ${(ms / 1000).toFixed(2)} s (${Math.round((events.length / ms) * 1000)}/s); ${JSON.stringify(result)}`,
  );
  return {
    r: {
      name,
      events: events.length,
      ms,
      batchMs,
      nodeMs: cpu.nodeMs,
      backendMs: b0 === null || b1 === null ? null : b1 - b0,
      allPgMs: cpu.postgresMs,
      result,
    },
    lastId: events.length ? events[events.length - 1]!.id : afterId,
  };
}

export interface EventsOutcome {
  figures: Figure[];
  /** Orders of this run (commission rows exist for them). */
  orders: number;
}

export async function eventsFigure(
  database: Database,
  env: IngestEnv,
  w: World,
  workers: Workers,
  n: number,
  log: (s: string) => void,
  prof?: string,
): Promise<EventsOutcome> {
  const db = database.kysely;
  const tz = env.timeZone;
  const prefix = 'bo_';
  const book = makeOrderBook(w, n, prefix);
  log(`events: ${n} orders (${JSON.stringify(book.attribution)})`);
  // Last clicks happen before the orders they bring.
  const clicks = await writeClicks(db, book.clicks);
  check(clicks === book.clicks.length, `every click written (${clicks}/${book.clicks.length})`);
  // Warm-up (not timed, other orders): the engine's code paths and statement plans, as in a running service.
  const warm = makeOrderBook(w, Math.min(1000, Math.max(100, Math.round(n / 20))), 'bw_', 7);
  await writeClicks(db, warm.clicks);
  let lastId = Number((await one(db, sql<{ id: string | null }>`SELECT max(id) AS id FROM outbox`)).id ?? 0);
  for (const [kind, recs] of [
    ['orders', warm.paid],
    ['after-sales', warm.earlyRefunds],
    ['orders', warm.delivered],
    ['after-sales', warm.lateRefunds],
  ] as const) {
    await ingest(env, kind, recs);
    lastId = (await phase('warm-up', db, workers, tz, lastId, () => {})).lastId;
  }
  const firstTx = Number(
    (await one(db, sql<{ id: string | null }>`SELECT max(id) AS id FROM ledger_transactions`)).id ?? 0,
  );
  lastId = Number((await one(db, sql<{ id: string | null }>`SELECT max(id) AS id FROM outbox`)).id ?? 0);
  const deadlocks = async () =>
    database.kind === 'postgres'
      ? Number(
          (
            await one(
              db,
              sql<{
                n: string;
              }>`SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()`,
            )
          ).n,
        )
      : 0;
  const deadlocks0 = await deadlocks();

  const phases: PhaseResult[] = [];
  const steps: [string, 'orders' | 'after-sales', unknown[]][] = [
    ['paid (order.created)', 'orders', book.paid],
    ['refunded before delivery (after_sale.changed)', 'after-sales', book.earlyRefunds],
    ['delivered / completed (order.status_changed)', 'orders', book.delivered],
    ['refunded after delivery (after_sale.changed)', 'after-sales', book.lateRefunds],
  ];
  let ingestMs = 0;
  for (const [name, kind, recs] of steps) {
    const t0 = performance.now();
    await ingest(env, kind, recs);
    ingestMs += performance.now() - t0;
    const p = await phase(name, db, workers, tz, lastId, log, prof);
    phases.push(p.r);
    lastId = p.lastId;
  }

  const retried = (await deadlocks()) - deadlocks0;
  // ---- checks: every event was handled -------------------------------------------------------------------
  const like = `${prefix}%`;
  const c = await one(
    db,
    sql<Record<string, number>>`SELECT
      (SELECT count(*)::int FROM commission_orders WHERE order_id LIKE ${like}) AS orders,
      (SELECT count(*)::int FROM commission_orders WHERE order_id LIKE ${like} AND party_id IS NOT NULL) AS attributed,
      (SELECT count(*)::int FROM commission_orders o WHERE order_id LIKE ${like}
         AND NOT EXISTS (SELECT 1 FROM commission_lines l WHERE l.order_id = o.order_id)) AS without_lines,
      (SELECT count(*)::int FROM commission_orders o WHERE order_id LIKE ${like}
         AND NOT EXISTS (SELECT 1 FROM ledger_transactions t
           WHERE t.key = 'commission:estimate:' || o.order_id || ':v' || o.version)) AS without_estimate,
      (SELECT count(*)::int FROM commission_orders WHERE order_id LIKE ${like} AND completed_at IS NOT NULL) AS completed,
      (SELECT count(*)::int FROM commission_refunds WHERE order_id LIKE ${like}) AS refunds,
      (SELECT count(*)::int FROM commission_lines WHERE order_id LIKE ${like} AND party_id IS NOT NULL AND commission > 0) AS paying_lines,
      (SELECT count(*)::int FROM commission_lines WHERE order_id LIKE ${like}) AS lines`,
  );
  check(c.orders === n, `commission rows for every paid order (${c.orders}/${n})`);
  check(c.attributed === n, `every order attributed (${c.attributed}/${n})`);
  check(c.without_lines === 0, `every order has commission lines (${c.without_lines} without)`);
  check(
    c.without_estimate === 0,
    `every order's current estimate is in the ledger (${c.without_estimate} missing)`,
  );
  check(
    c.completed === book.delivered.length,
    `every delivery completed its commissions (${c.completed}/${book.delivered.length})`,
  );
  const refunds = book.earlyRefunds.length + book.lateRefunds.length;
  check(c.refunds === refunds, `every refund applied (${c.refunds}/${refunds})`);
  const posted = await one(
    db,
    sql<Record<string, number>>`SELECT
      count(*) FILTER (WHERE resolves_id IS NULL)::int AS txs,
      count(*) FILTER (WHERE resolution = 'post')::int AS posts,
      count(*) FILTER (WHERE resolution = 'void')::int AS voids,
      count(*) FILTER (WHERE kind = 'commission.adjust')::int AS adjusts,
      (SELECT count(*)::int FROM ledger_entries WHERE tx_id > ${firstTx}) AS entries
      FROM ledger_transactions WHERE id > ${firstTx}`,
  );
  check(posted.posts === book.delivered.length, `one post resolution per delivered order (${posted.posts})`);
  check(posted.voids === book.earlyRefunds.length, `one void per refund before delivery (${posted.voids})`);
  const bal = await checkBalances(db);
  check(bal.ok, `ledger balances reconcile after the engine (${JSON.stringify(bal).slice(0, 400)})`);
  const sample = (
    await sql<{ order_id: string }>`SELECT order_id FROM commission_orders WHERE order_id LIKE ${like}
      ORDER BY md5(order_id) LIMIT 200`.execute(db)
  ).rows;
  for (const s of sample) {
    const r = await reconcile(db, s.order_id);
    check(
      r.balanced && r.ledgerMatches,
      `order ${s.order_id} reconciles (${JSON.stringify(r).slice(0, 300)})`,
    );
  }
  log(
    `events checks ok: ${c.orders} orders (${c.lines} lines, ${c.paying_lines} paying a party), ${posted.txs} ledger transactions, ${posted.entries} entries, ${posted.posts} posts, ${posted.voids} voids, ${posted.adjusts} adjustments; checkBalances ok; 200 orders reconciled`,
  );

  // ---- anchor: as many balanced transactions as events, the engine's entries, plain INSERTs ---------------
  const events = phases.reduce((s, p) => s + p.events, 0);
  const anchor = await plainSqlAnchor(db, workers, firstTx, events, log);
  // The anchor's transactions are real balanced postings; bring the cached balances up to them (not timed).
  await sql`UPDATE ledger_accounts a SET posted = a.posted + d.s FROM (
      SELECT e.account_id, sum(e.amount)::bigint AS s FROM ledger_entries e
      JOIN ledger_transactions t ON t.id = e.tx_id WHERE t.key LIKE 'bench:anchor:%' GROUP BY 1) d
    WHERE a.id = d.account_id`.execute(db);
  const bal2 = await checkBalances(db);
  check(bal2.ok, 'ledger balances reconcile after the anchor');

  const ms = phases.reduce((s, p) => s + p.ms, 0);
  const batchMs = phases.flatMap((p) => p.batchMs);
  const rate = (events / ms) * 1000;
  const nodeMs = phases.reduce((s, p) => s + p.nodeMs, 0);
  const backend = phases.every((p) => p.backendMs !== null)
    ? phases.reduce((s, p) => s + p.backendMs!, 0)
    : null;
  const allPg = phases.every((p) => p.allPgMs !== null) ? phases.reduce((s, p) => s + p.allPgMs!, 0) : null;
  const us = (x: number | null, k: number) => (x === null ? undefined : (x * 1000) / k);
  const entriesPerTx = Number(posted.entries) / Number(posted.txs);
  const main: Figure = {
    figure: 'order events → attribution + commission + ledger (engine)',
    count: events,
    unit: 'events',
    ms,
    rate,
    p50: percentile(batchMs, 50),
    p99: percentile(batchMs, 99),
    anchor: {
      name: `plain-SQL balanced transactions (${entriesPerTx.toFixed(2)} entries each)`,
      ms: anchor.ms,
      rate: anchor.rate,
    },
    ratio: rate / anchor.rate,
    nodeUs: us(nodeMs, events),
    pgUs: us(backend, events),
    target: database.kind === 'postgres' ? '≥ 5,000 events/s on 2 cores' : undefined,
    note:
      `${n} paid orders, all attributed (${Object.entries(book.attribution)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )}); batches of ${BATCH} outbox events in outbox order, ${workers.count} worker${workers.count > 1 ? 's' : ''} (processOrderEvents)${database.kind === 'postgres' ? `, ${retried} deadlock${retried === 1 ? '' : 's'} retried (pg_stat_database)` : ''}; p50/p99 per batch. ` +
      `The engine wrote ${c.lines} commission lines, ${posted.txs} ledger transactions (${posted.entries} entries), ${posted.posts} posts, ${posted.voids} voids, ${posted.adjusts} adjustments. ` +
      `Checked: commission rows, lines and the current estimate in the ledger for every order, every delivery and refund applied, checkBalances ok, 200 orders reconciled. ` +
      `Ingestion (not timed) ${(ingestMs / 1000).toFixed(1)} s. CPU: anchor node ${(us(anchor.nodeMs, events) ?? 0).toFixed(1)} µs/tx` +
      (anchor.backendMs !== null
        ? `, PostgreSQL ${(us(anchor.backendMs, events) ?? 0).toFixed(1)} µs/tx`
        : '') +
      (allPg !== null && database.kind === 'postgres'
        ? `; all postgres processes on the machine (other users' tests included) ${(us(allPg, events) ?? 0).toFixed(0)} µs/event`
        : '') +
      '.',
  };
  const perPhase: Figure[] = phases.map((p) => ({
    figure: `  phase: ${p.name}`,
    count: p.events,
    unit: 'events',
    ms: p.ms,
    rate: (p.events / p.ms) * 1000,
    p50: percentile(p.batchMs, 50),
    p99: percentile(p.batchMs, 99),
    nodeUs: us(p.nodeMs, p.events),
    pgUs: us(p.backendMs, p.events),
    note: JSON.stringify(p.result),
  }));
  return { figures: [main, ...perPhase], orders: n };
}

/**
 * `count` balanced transactions whose entries copy, in turn, the transactions the engine posted after `firstTx`
 * (same accounts, amounts and number of entries), inserted by the same workers in batches of 500: an INSERT …
 * SELECT FROM unnest into ledger_transactions returning ids, then one into ledger_entries (lines 1..n per
 * transaction in one statement, as the sum-zero trigger requires). No balance updates, no validation.
 */
async function plainSqlAnchor(db: Db, w: Workers, firstTx: number, count: number, log: (s: string) => void) {
  const rows = (
    await sql<{ tx_id: string; account_id: string; amount: string }>`
      SELECT e.tx_id, e.account_id, e.amount FROM ledger_entries e WHERE e.tx_id > ${firstTx} ORDER BY e.tx_id, e.line`.execute(
      db,
    )
  ).rows;
  const templates: { accounts: number[]; amounts: number[] }[] = [];
  let cur = '';
  for (const r of rows) {
    if (r.tx_id !== cur) {
      templates.push({ accounts: [], amounts: [] });
      cur = r.tx_id;
    }
    templates[templates.length - 1]!.accounts.push(Number(r.account_id));
    templates[templates.length - 1]!.amounts.push(Number(r.amount));
  }
  check(templates.length > 0, 'the engine posted transactions');
  const at = Date.parse('2026-11-15T00:00:00Z');
  const jobs: number[][] = [];
  for (let i = 0; i < count; i += BATCH)
    jobs.push(Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => i + j));
  const ints = (xs: number[]) => `{${xs.join(',')}}`;
  const meter = cpuMeter();
  const b0 = w.backendCpuMs();
  const t0 = performance.now();
  await runQueue(jobs, w.count, async (idx) => {
    await w.db.transaction().execute(async (trx) => {
      const keys = idx.map((i) => `bench:anchor:${i}`);
      const ids = await sql<{
        id: string;
        key: string;
      }>`INSERT INTO ledger_transactions (key, kind, ref_type, ref_id, at, pending)
        SELECT k, 'bench.anchor', 'order', k, timestamptz 'epoch' + ms * interval '1 millisecond', false
        FROM unnest(${keys}::text[], ${ints(idx.map((i) => at + i))}::bigint[]) AS u(k, ms)
        RETURNING id, key`.execute(trx);
      const byKey = new Map(ids.rows.map((r) => [r.key, Number(r.id)]));
      const tx: number[] = [];
      const line: number[] = [];
      const acct: number[] = [];
      const amt: number[] = [];
      for (const i of idx) {
        const t = templates[i % templates.length]!;
        const id = byKey.get(`bench:anchor:${i}`)!;
        for (let l = 0; l < t.accounts.length; l++) {
          tx.push(id);
          line.push(l + 1);
          acct.push(t.accounts[l]!);
          amt.push(t.amounts[l]!);
        }
      }
      await sql`INSERT INTO ledger_entries (tx_id, line, account_id, amount)
        SELECT * FROM unnest(${ints(tx)}::bigint[], ${ints(line)}::smallint[], ${ints(acct)}::bigint[], ${ints(amt)}::bigint[])`.execute(
        trx,
      );
    });
  });
  const ms = performance.now() - t0;
  const b1 = w.backendCpuMs();
  const cpu = meter.stop(1);
  const n = Number(
    (
      await one(
        db,
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM ledger_transactions WHERE key LIKE 'bench:anchor:%'`,
      )
    ).n,
  );
  check(n === count, `anchor inserted every transaction (${n}/${count})`);
  log(
    `  anchor: ${count} plain-SQL transactions in ${(ms / 1000).toFixed(2)} s (${Math.round((count / ms) * 1000)}/s)`,
  );
  return {
    ms,
    rate: (count / ms) * 1000,
    nodeMs: cpu.nodeMs,
    backendMs: b0 === null || b1 === null ? null : b1 - b0,
  };
}
