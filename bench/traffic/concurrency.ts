/**
 * The concurrency part: exposure accounting under concurrency. A campaign budget for one fresh day with a small
 * pool, the day planned; then the server is hammered with rank requests whose `at` sweeps the day in order
 * (many in flight) while a second Ranker in the bench process — its own quota book, on PostgreSQL its own
 * connection pool: a second server sharing the quotas — ranks along the same sweep. Afterwards each line's
 * target, leased and delivered are read back: nothing may be delivered past its target by more than a page, and
 * the program items the two rankers returned must add up to what the database says was delivered.
 */
import { sql } from 'kysely';
import { type Database, openDatabase } from '../../src/core/db.ts';
import { dayStart } from '../../src/core/time.ts';
import { Ranker, rankerOf } from '../../src/modules/traffic/index.ts';
import type { Running } from '../../src/core/server.ts';
import { rng } from '../lib/data.ts';
import { ingestClient } from '../lib/http.ts';
import type { ConcurrencyResult } from './figures.ts';
import { RANK_ROUTE } from './http.ts';
import { budgetForDay, type Market } from './market.ts';

const PAGE = 20;
const PROGRAM = 'bench-concurrency-budget';

export interface ConcurrencyOptions {
  day: string;
  requests: number;
  concurrency: number;
  /** Requests the second ranker keeps going at once (each yields to the event loop between pages). */
  sideWorkers: number;
  pool: number;
  stores: number;
  seed: number;
  timeZone: string;
  /** PostgreSQL: the second ranker's own pool on this URL; PGlite: the same embedded database. */
  databaseUrl?: string;
  log: (s: string) => void;
}

async function readLines(db: Database, day: string) {
  const { rows } = await sql<{ entity_id: string; target: string; leased: string; delivered: string }>`
    SELECT entity_id, target, leased, delivered FROM traffic_quota_days
    WHERE program_id = ${PROGRAM} AND day = ${day}::date ORDER BY entity_id`.execute(db.kysely);
  return rows.map((r) => ({
    storeId: r.entity_id,
    target: Number(r.target),
    leased: Number(r.leased),
    delivered: Number(r.delivered),
  }));
}

export async function concurrencyFigures(
  app: { server: Running; token: string },
  db: Database,
  m: Market,
  o: ConcurrencyOptions,
): Promise<ConcurrencyResult> {
  const stores = m.storesByGmv.slice(0, o.stores);
  await budgetForDay(db, { id: PROGRAM, day: o.day, pool: o.pool, stores, timeZone: o.timeZone });
  const r = rng(o.seed);
  const start = dayStart(o.day, o.timeZone).getTime();
  const atOf = (i: number) => start + Math.floor(((i + 0.5) / o.requests) * 86_400_000);
  const bodies = Array.from({ length: o.requests }, (_, i) =>
    Buffer.from(
      JSON.stringify({
        scene: 'feed',
        userId: r.pick(m.users),
        pageSize: PAGE,
        at: new Date(atOf(i)).toISOString(),
      }),
    ),
  );

  const db2 = o.databaseUrl ? await openDatabase({ databaseUrl: o.databaseUrl, poolSize: 4 }) : db;
  const second = new Ranker(db2, o.timeZone);
  try {
    await second.init();
    await second.refresh(m.endDay);
    second.start();

    const client = ingestClient(app.server.url, app.token, o.concurrency);
    let next = 0;
    let done = false;
    let httpItems = 0;
    let errors = 0;
    const samples: string[] = [];
    const lat: number[] = [];
    const t0 = performance.now();
    const httpRun = Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (next < bodies.length) {
          const i = next++;
          const s = performance.now();
          const res = await client.post(RANK_ROUTE, bodies[i]!);
          lat.push(performance.now() - s);
          if (res.status >= 300) {
            errors++;
            if (samples.length < 3) samples.push(`${res.status} ${res.body.slice(0, 200)}`);
            continue;
          }
          const x = JSON.parse(res.body) as { items: { programId: string | null }[] };
          for (const it of x.items) if (it.programId === PROGRAM) httpItems++;
        }
      }),
    ).finally(() => {
      done = true;
    });
    // The second ranker follows the same sweep: each of its requests is at the instant the server is at.
    let inProcess = 0;
    let inItems = 0;
    const sideRun = Promise.all(
      Array.from({ length: o.sideWorkers }, async () => {
        while (!done) {
          const res = await second.rank({
            scene: 'feed',
            userId: r.pick(m.users),
            pageSize: PAGE,
            at: atOf(Math.min(next, o.requests - 1)),
            log: true,
          });
          inProcess++;
          for (const it of res.items) if (it.programId === PROGRAM) inItems++;
          await new Promise<void>((res) => setImmediate(res));
        }
      }),
    );
    await Promise.all([httpRun, sideRun]);
    const ms = performance.now() - t0;
    client.close();
    lat.sort((a, b) => a - b);
    const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? 0;
    o.log(
      `concurrency: ${o.requests} requests in ${(ms / 1000).toFixed(1)} s (${errors} errors), ${inProcess} in-process ranks; program items ${httpItems} + ${inItems}`,
    );

    // Deliveries written back; leases still held.
    const serverRanker = await rankerOf(app.server.ctx);
    await serverRanker.book.sync();
    await second.book.sync();
    const held = await readLines(db, o.day);
    // Unspent leases returned (as when a day ends or a ranker stops).
    await serverRanker.book.release();
    await second.stop();
    const after = await readLines(db, o.day);
    const heldOf = new Map(held.map((l) => [l.storeId, l.leased]));
    const lines = after.map((l) => ({
      storeId: l.storeId,
      target: l.target,
      leasedHeld: heldOf.get(l.storeId) ?? 0,
      leased: l.leased,
      delivered: l.delivered,
      overshoot: l.delivered - l.target,
    }));
    const target = lines.reduce((s, l) => s + l.target, 0);
    const delivered = lines.reduce((s, l) => s + l.delivered, 0);
    const maxOvershoot = Math.max(...lines.map((l) => l.overshoot));
    const itemsReturned = httpItems + inItems;
    o.log(
      `concurrency: delivered ${delivered} of ${target}, max overshoot ${maxOvershoot}, items returned ${itemsReturned}`,
    );
    return {
      day: o.day,
      programId: PROGRAM,
      pool: o.pool,
      stores: lines.length,
      http: {
        requests: lat.length,
        concurrency: o.concurrency,
        ms,
        rate: (1000 * lat.length) / ms,
        p50: q(50),
        p99: q(99),
        errors,
        programItems: httpItems,
      },
      inProcess: { requests: inProcess, workers: o.sideWorkers, programItems: inItems },
      lines,
      target,
      delivered,
      deliveryRatio: target ? delivered / target : 0,
      maxOvershoot,
      itemsReturned,
      itemsMatchDelivered: itemsReturned === delivered,
      met: maxOvershoot <= PAGE,
      note: [
        o.databaseUrl
          ? 'the second ranker has its own PostgreSQL connection pool'
          : 'PGlite is embedded: the second ranker shares the server’s database handle (its own quota book)',
        samples.length ? `errors: ${samples.join(' / ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    };
  } finally {
    await second.stop().catch(() => {});
    if (db2 !== db) await db2.close();
  }
}
