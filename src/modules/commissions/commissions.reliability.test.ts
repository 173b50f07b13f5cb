import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, paidOrder } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import type { Db } from '../../core/db.ts';
import type { OutboxEvent } from '../../core/outbox.ts';
import { balances, checkBalances } from '../ledger/index.ts';
import { commissionWorld, delivered, orders } from './commissions.fixture.ts';
import { available } from './domain/postings.ts';
import { reconcile } from './reconciliation.service.ts';
import { processOrderEvents } from './run.ts';
import { settleMonth } from './settlement.service.ts';

// Real concurrency needs PostgreSQL (PGlite is one connection: workers would only take turns). The interrupted
// settlement runs on both; the SIGKILLed child settles against the PostgreSQL schema of this file.
const url = process.env.DATABASE_URL;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
let t: TestApp;
const db = () => t.ctx.db.kysely;
const TZ = 'Asia/Shanghai';
const CREATORS = Array.from({ length: 24 }, (_, i) => `c${i}`);

const orderOf = (i: number) =>
  i % 5 === 4
    ? paidOrder(`r${i}`, { source: { scene: 'share', channel: 'organic', shareCode: 'PR1CODE' } })
    : paidOrder(`r${i}`, {
        source: { scene: 'video', channel: 'creator', creatorId: CREATORS[i % CREATORS.length] },
      });
const ev = (id: string): OutboxEvent => ({
  id: 0,
  topic: 'order.created',
  aggregateId: id,
  payload: {},
  createdAt: new Date(),
});

/** The ledger is sound (cached balances = entries) and every order's transactions in force hold its split. */
async function ledgerMatchesOrders(conn: Db, prefix: string) {
  const check = await checkBalances(conn);
  const ids = (
    await sql<{
      order_id: string;
    }>`SELECT order_id FROM commission_orders WHERE order_id LIKE ${`${prefix}%`}`.execute(conn)
  ).rows.map((r) => r.order_id);
  const off: string[] = [];
  for (const id of ids) {
    const r = await reconcile(conn, id);
    if (!r.balanced || !r.ledgerMatches) off.push(id);
  }
  return { ok: check.ok, mismatches: check.mismatches, orders: ids.length, off };
}

beforeAll(async () => {
  t = await testApp();
  await commissionWorld(t);
  const r = await t.req(t.keys.integration!, {
    method: 'POST',
    url: '/v1/catalog/creators',
    payload: {
      records: CREATORS.map((id) => ({ id, name: id, followers: 1, joinedAt: '2026-03-01' })),
    } as never,
  });
  expect(r.status).toBe(200);
});
afterAll(() => t.close());

describe.skipIf(!url)('concurrent workers on PostgreSQL', () => {
  let pool: pg.Pool;
  let wdb: Db;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: url, max: 24, options: `-c search_path=${t.ctx.db.schema}` });
    wdb = new Kysely({ dialect: new PostgresDialect({ pool }) });
  });
  afterAll(() => wdb.destroy());

  test('32 workers estimating and completing 320 orders of overlapping parties lose no update', async () => {
    const N = 320;
    const all = Array.from({ length: N }, (_, i) => orderOf(i));
    expect((await orders.post(t, all)).status).toBe(200);
    // Each worker takes its slice plus the next worker's first order: some orders are handled twice at once.
    const slices = Array.from({ length: 32 }, (_, w) => [
      ...all.filter((_, i) => i % 32 === w).map((o) => ev(o.id)),
      ev(all[(w + 1) % 32]!.id),
    ]);
    const run = () => Promise.all(slices.map((s) => processOrderEvents(wdb, s, TZ)));
    const created = (await run()).reduce((s, r) => s + r.created, 0);
    expect(created).toBe(N);
    const state = async () =>
      (
        await sql<{
          v: number;
          n: number;
        }>`SELECT sum(version)::int AS v, count(*)::int AS n FROM commission_orders
          WHERE order_id LIKE 'r%'`.execute(db())
      ).rows[0]!;
    // one estimate per order (version 1), and the ledger holds each order's split exactly
    expect(await state()).toEqual({ v: N, n: N });
    expect(await ledgerMatchesOrders(db(), 'r')).toEqual({ ok: true, mismatches: [], orders: N, off: [] });

    expect(
      (
        await orders.post(
          t,
          all.map((o) => delivered(o)),
        )
      ).status,
    ).toBe(200);
    const completed = (await run()).reduce((s, r) => s + r.completed, 0);
    expect(completed).toBe(N);
    expect(await ledgerMatchesOrders(db(), 'r')).toEqual({ ok: true, mismatches: [], orders: N, off: [] });
    // The creators' posted earnings are the sum of their lines, and nothing stays pending.
    const lines = await sql<{
      party_id: string;
      amount: number;
    }>`SELECT party_id, sum(party_amount)::bigint AS amount
      FROM commission_lines WHERE order_id LIKE 'r%' AND party_type = 'creator' GROUP BY party_id`.execute(
      db(),
    );
    const b = await balances(
      db(),
      lines.rows.map((r) => `creator:${r.party_id}:pending`),
    );
    for (const r of lines.rows)
      expect(b.get(`creator:${r.party_id}:pending`)).toEqual({ posted: -Number(r.amount), pending: 0 });
    // The outbox then delivers every event again through the dispatcher: nothing changes.
    const before = await balances(db(), ['platform:main:buyer_funds', 'creator:c0:pending']);
    await t.ctx.dispatcher.drain();
    expect(await balances(db(), ['platform:main:buyer_funds', 'creator:c0:pending'])).toEqual(before);
    expect(await state()).toEqual({ v: N, n: N });
  });
});

/** Orders of every creator (and the promoter link) paid `day` days after T0 and delivered two days later. */
async function deliveredOrders(prefix: string, day: number, n: number) {
  const recs = Array.from({ length: n }, (_, i) => {
    const o = orderOf(i);
    const paidAt = at(day * 1440 + 5);
    return {
      ...o,
      id: `${prefix}${i}`,
      createdAt: at(day * 1440),
      paidAt,
      payments: [{ id: `${prefix}${i}-pay`, kind: 'full', amount: o.payAmount, paidAt }],
      status: 'delivered',
      shippedAt: at(day * 1440 + 60),
      deliveredAt: at((day + 2) * 1440),
    };
  });
  const res = await orders.post(t, recs);
  expect(res.status, JSON.stringify(res.body).slice(0, 600)).toBe(200);
  await t.ctx.dispatcher.drain();
}

/**
 * Every statement of the month settled, and posted exactly once: each recipient's available balance is minus the
 * sum of its settled statements of every month (a double posting or a missing one would show), and no completed
 * line settleable before the month's end is left out.
 */
async function checkMonth(month: string, cutoff: string) {
  const st = (
    await sql<{ party_type: string; party_id: string; status: string }>`
      SELECT party_type, party_id, status FROM commission_statements WHERE month = ${month}`.execute(db())
  ).rows;
  expect(st.length).toBeGreaterThan(20);
  expect(st.filter((s) => s.status !== 'settled')).toEqual([]);
  const totals = (
    await sql<{
      party_type: string;
      party_id: string;
      amount: number;
    }>`SELECT party_type, party_id, sum(amount)::bigint AS amount
      FROM commission_statements WHERE status IN ('settled', 'paid') GROUP BY 1, 2`.execute(db())
  ).rows;
  const b = await balances(
    db(),
    totals.map((r) => available(r.party_type, r.party_id)),
  );
  for (const r of totals) expect(b.get(available(r.party_type, r.party_id))!.posted).toBe(-Number(r.amount));
  const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM commission_lines
    WHERE status = 'completed' AND settleable_at < ${new Date(cutoff)} AND review IS DISTINCT FROM 'pending'`.execute(
    db(),
  );
  expect(left.rows[0]!.n).toBe(0);
}

describe('interrupted settlement', () => {
  test('a run that stops after some chunks and is rerun settles every statement once, nothing missing', async () => {
    await deliveredOrders('s', 0, 60);
    let stopped = false;
    const first = settleMonth(db(), '2026-11', new Date('2026-12-21T00:00:00Z'), {
      timeZone: TZ,
      chunkSize: 2,
      afterChunk: (k) => {
        if (k === 3) {
          stopped = true;
          throw new Error('interrupted');
        }
      },
    });
    await expect(first).rejects.toThrow('interrupted');
    expect(stopped).toBe(true);
    const mid = await sql<{
      status: string;
      n: number;
    }>`SELECT status, count(*)::int AS n FROM commission_statements
      WHERE month = '2026-11' GROUP BY status ORDER BY status`.execute(db());
    expect(mid.rows.find((r) => r.status === 'settled')?.n).toBe(6);
    const again = await settleMonth(db(), '2026-11', new Date('2026-12-21T00:00:00Z'), {
      timeZone: TZ,
      chunkSize: 2,
    });
    expect(again.settledNow).toBe(again.statements - 6);
    await checkMonth('2026-11', '2026-12-01T00:00:00+08:00');
    const creators = (
      await sql<{ party_id: string; amount: number }>`SELECT party_id, amount FROM commission_statements
        WHERE month = '2026-11' AND party_type = 'creator'`.execute(db())
    ).rows;
    const b = await balances(
      db(),
      creators.flatMap((s) => [`creator:${s.party_id}:pending`, `creator:${s.party_id}:available`]),
    );
    for (const s of creators) {
      expect(b.get(`creator:${s.party_id}:available`)!.posted).toBe(-Number(s.amount));
      expect(b.get(`creator:${s.party_id}:pending`)).toEqual({ posted: 0, pending: 0 });
    }
  });

  test.skipIf(!url)(
    'a settlement process killed with SIGKILL mid-run and rerun: no double payout, nothing missing',
    async () => {
      await deliveredOrders('k', 33, 60);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(here, 'settlement.child.ts'), '2026-12', '2027-01-21T00:00:00Z'],
        {
          cwd: root,
          env: { ...process.env, TEST_SCHEMA: t.ctx.db.schema },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
      });
      const killed = await new Promise<boolean>((resolve) => {
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (/chunk 4\n/.test(out) && child.exitCode === null) {
            child.kill('SIGKILL');
            resolve(true);
          }
        });
        child.once('exit', () => resolve(false));
      });
      expect(killed, `child ended before it was killed:\n${out}\n${err}`).toBe(true);
      await new Promise((r) => child.once('exit', r));
      const mid = await sql<{ n: number }>`SELECT count(*)::int AS n FROM commission_statements
      WHERE month = '2026-12' AND status = 'open'`.execute(db());
      expect(mid.rows[0]!.n).toBeGreaterThan(0);
      await settleMonth(db(), '2026-12', new Date('2027-01-21T00:00:00Z'), { timeZone: TZ, chunkSize: 5 });
      await checkMonth('2026-12', '2027-01-01T00:00:00+08:00');
    },
  );
});
