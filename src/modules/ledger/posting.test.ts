import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Database, openTestDatabase } from '../../core/db.ts';
import type { Problem } from '../../core/errors.ts';
import { migrate } from '../../core/migrate.ts';
import {
  balances,
  checkBalances,
  postBatch,
  postTransactions,
  resolvePending,
  type TxInput,
  transactionsByRef,
} from './index.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db);
});
afterAll(() => db.close());

const at = new Date('2026-10-05T04:00:00Z');
const estimate = (key: string, amount: number, extra: Partial<TxInput> = {}): TxInput => ({
  key,
  kind: 'commission.estimate',
  refType: 'order',
  refId: `ord_${key}`,
  at,
  entries: [
    { account: 'merchant:m_1:payable', amount },
    { account: 'creator:cr_1:pending', amount: -amount },
  ],
  ...extra,
});
const post = (txs: TxInput[]) => db.kysely.transaction().execute((trx) => postTransactions(trx, txs));
const resolve = (items: Parameters<typeof resolvePending>[1]) =>
  db.kysely.transaction().execute((trx) => resolvePending(trx, items));
const status = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: Problem) => e.status,
  );

describe('postTransactions', () => {
  test('posts a batch, creates accounts on first use and updates cached balances', async () => {
    const r = await post([estimate('p1', 1000), estimate('p2', 250)]);
    expect(r.map((x) => x.created)).toEqual([true, true]);
    expect(r[0]!.id).not.toBe(r[1]!.id);
    const b = await balances(db.kysely, [
      'merchant:m_1:payable',
      'creator:cr_1:pending',
      'agency:a_9:available',
    ]);
    expect(b.get('merchant:m_1:payable')).toEqual({ posted: 1250, pending: 0 });
    expect(b.get('creator:cr_1:pending')).toEqual({ posted: -1250, pending: 0 });
    expect(b.get('agency:a_9:available')).toEqual({ posted: 0, pending: 0 });
  });

  test('the same key posted three times posts once', async () => {
    const first = await post([estimate('k3', 70)]);
    const again = await post([estimate('k3', 70)]);
    const third = await post([estimate('k3', 999), estimate('k3', 70)]);
    expect(first[0]!.created).toBe(true);
    expect(again[0]).toEqual({ ...first[0], created: false });
    expect(third.map((x) => [x.id, x.created])).toEqual([
      [first[0]!.id, false],
      [first[0]!.id, false],
    ]);
    const n = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ledger_transactions WHERE key = 'k3'`.execute(db.kysely);
    expect(n.rows[0]!.n).toBe(1);
  });

  test("a transaction cannot reuse a resolution's key", async () => {
    await post([estimate('reuse', 3, { pending: true })]);
    await resolve([{ pendingKey: 'reuse', action: 'post', key: 'reuse:post', at }]);
    expect(await status(post([estimate('reuse:post', 3)]))).toBe(409);
  });

  test('an unbalanced, single-entry or malformed transaction is a 422 naming the record and field, and writes nothing', async () => {
    const bad: TxInput[] = [
      estimate('ok1', 5),
      {
        ...estimate('bad1', 5),
        entries: [
          { account: 'merchant:m_1:payable', amount: 5 },
          { account: 'creator:cr_1:pending', amount: -4 },
        ],
      },
      { ...estimate('bad2', 5), entries: [{ account: 'merchant:m_1:payable', amount: 0 }] },
      {
        ...estimate('bad3', 5),
        entries: [
          { account: 'nobody:x:y', amount: 1.5 },
          { account: 'creator:cr_1:pending', amount: -1 },
        ],
      },
    ];
    const err = await post(bad).catch((e: Problem) => e);
    expect((err as Problem).status).toBe(422);
    const fields = (err as Problem).errors!.map((i) => `${i.index}:${i.field}`);
    expect(fields).toEqual(['1:entries', '2:entries', '3:entries.0.account', '3:entries.0.amount']);
    const n = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ledger_transactions WHERE key = 'ok1'`.execute(db.kysely);
    expect(n.rows[0]!.n).toBe(0);
  });
});

describe('database enforcement', () => {
  test('a direct SQL insert of an unbalanced transaction fails', async () => {
    const q = db.kysely.transaction().execute(async (trx) => {
      const tx = await sql<{ id: number }>`INSERT INTO ledger_transactions (key, kind, at)
        VALUES ('raw-unbalanced', 'test', now()) RETURNING id`.execute(trx);
      const acc = await sql<{ id: number }>`SELECT id FROM ledger_accounts ORDER BY id LIMIT 2`.execute(trx);
      await sql`INSERT INTO ledger_entries (tx_id, line, account_id, amount)
        VALUES (${tx.rows[0]!.id}, 1, ${acc.rows[0]!.id}, 10), (${tx.rows[0]!.id}, 2, ${acc.rows[1]!.id}, -9)`.execute(
        trx,
      );
    });
    await expect(q).rejects.toThrow(/unbalanced/);
  });

  test('entries cannot be added to a transaction in a later statement', async () => {
    const [p] = await post([estimate('later', 30)]);
    const q = sql`INSERT INTO ledger_entries (tx_id, line, account_id, amount)
      SELECT ${Number(p!.id)}, 10 + line, account_id, amount FROM ledger_entries WHERE tx_id = ${Number(p!.id)}`.execute(
      db.kysely,
    );
    await expect(q).rejects.toThrow(/unbalanced or incomplete/);
  });

  test('an entry naming a missing account or transaction fails', async () => {
    const [p] = await post([estimate('refs', 30)]);
    const id = Number(p!.id);
    const acc = await sql<{ id: number }>`SELECT max(id) AS id FROM ledger_accounts`.execute(db.kysely);
    const missingAccount = db.kysely.transaction().execute(async (trx) => {
      const tx = await sql<{ id: number }>`INSERT INTO ledger_transactions (key, kind, at)
        VALUES ('raw-missing-account', 'test', now()) RETURNING id`.execute(trx);
      await sql`INSERT INTO ledger_entries (tx_id, line, account_id, amount)
        VALUES (${tx.rows[0]!.id}, 1, ${acc.rows[0]!.id}, 10), (${tx.rows[0]!.id}, 2, 999999999, -10)`.execute(
        trx,
      );
    });
    await expect(missingAccount).rejects.toThrow(/does not exist/);
    const missingTx = sql`INSERT INTO ledger_entries (tx_id, line, account_id, amount)
      VALUES (${id + 1_000_000}, 1, ${acc.rows[0]!.id}, 10), (${id + 1_000_000}, 2, ${acc.rows[0]!.id}, -10)`.execute(
      db.kysely,
    );
    await expect(missingTx).rejects.toThrow(/existing non-resolution transaction/);
  });

  test('UPDATE and DELETE on entries and transactions, and deleting accounts, are rejected', async () => {
    for (const stmt of [
      sql`UPDATE ledger_entries SET amount = amount + 1`,
      sql`DELETE FROM ledger_entries`,
      sql`UPDATE ledger_transactions SET memo = 'edited'`,
      sql`DELETE FROM ledger_transactions`,
      sql`TRUNCATE ledger_entries`,
      sql`DELETE FROM ledger_accounts`,
    ])
      await expect(stmt.execute(db.kysely)).rejects.toThrow(/append-only/);
  });
});

describe('pending transactions', () => {
  test('pending counts apart until posted; void drops it; both are append-only rows', async () => {
    await post([estimate('pe1', 400, { pending: true }), estimate('pe2', 60, { pending: true })]);
    const names = ['merchant:m_2:payable', 'creator:cr_1:pending'];
    const pend = (k: string, amount: number) =>
      estimate(k, amount, {
        pending: true,
        entries: [
          { account: names[0]!, amount },
          { account: names[1]!, amount: -amount },
        ],
      });
    await post([pend('pe3', 100), pend('pe4', 7)]);
    expect((await balances(db.kysely, names)).get(names[0]!)).toEqual({ posted: 0, pending: 107 });
    const r = await resolve([
      { pendingKey: 'pe3', action: 'post', key: 'pe3:post', at },
      { pendingKey: 'pe4', action: 'void', key: 'pe4:void', at },
    ]);
    expect(r.map((x) => x.created)).toEqual([true, true]);
    expect((await balances(db.kysely, names)).get(names[0]!)).toEqual({ posted: 100, pending: 0 });
    // Same resolution key again: a no-op.
    const again = await resolve([{ pendingKey: 'pe3', action: 'post', key: 'pe3:post', at }]);
    expect(again).toEqual([{ ...r[0], created: false }]);
    // Another resolution of a resolved one: 409; unknown: 404; a posted (not pending) one: 409.
    expect(await status(resolve([{ pendingKey: 'pe3', action: 'void', key: 'pe3:void', at }]))).toBe(409);
    expect(await status(resolve([{ pendingKey: 'nope', action: 'void', key: 'nope:void', at }]))).toBe(404);
    expect(await status(resolve([{ pendingKey: 'p1', action: 'post', key: 'p1:post', at }]))).toBe(409);
    expect((await balances(db.kysely, names)).get(names[0]!)).toEqual({ posted: 100, pending: 0 });
  });

  test('two resolutions of one pending transaction in one call: a 409, and the call writes nothing', async () => {
    await post([estimate('twice', 9, { pending: true })]);
    const both = resolve([
      { pendingKey: 'twice', action: 'post', key: 'twice:a', at },
      { pendingKey: 'twice', action: 'void', key: 'twice:b', at },
    ]);
    expect(await status(both)).toBe(409);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_transactions
      WHERE key IN ('twice:a', 'twice:b')`.execute(db.kysely);
    expect(n.rows[0]!.n).toBe(0);
    expect((await checkBalances(db.kysely)).ok).toBe(true);
  });
});

test("an order's transactions are listed by reference, with entries and resolutions", async () => {
  await post([estimate('ref1', 80, { pending: true, refId: 'ord_ref' })]);
  await resolve([{ pendingKey: 'ref1', action: 'void', key: 'ref1:void', at }]);
  await post([estimate('ref2', 60, { refId: 'ord_ref', memo: 'reposted' })]);
  const r = await transactionsByRef(db.kysely, 'order', 'ord_ref');
  expect(r.map((x) => [x.key, x.kind, x.pending, x.resolution, x.resolvedBy, x.resolves])).toEqual([
    ['ref1', 'commission.estimate', true, 'void', 'ref1:void', null],
    ['ref1:void', 'ledger.void', false, 'void', null, 'ref1'],
    ['ref2', 'commission.estimate', false, null, null, null],
  ]);
  expect(r[0]!.entries).toEqual([
    { account: 'merchant:m_1:payable', amount: 80 },
    { account: 'creator:cr_1:pending', amount: -80 },
  ]);
  expect(r[1]!.entries).toEqual([]);
  expect(r[2]!.memo).toBe('reposted');
});

test('one postBatch voids an estimate, posts its replacement and posts a pending transaction of the same call', async () => {
  const names = ['merchant:m_7:payable', 'creator:cr_7:pending'];
  const pend = (key: string, amount: number) =>
    estimate(key, amount, {
      pending: true,
      entries: [
        { account: names[0]!, amount },
        { account: names[1]!, amount: -amount },
      ],
    });
  await post([pend('b-old', 500)]);
  const r = await db.kysely.transaction().execute((trx) =>
    postBatch(trx, {
      txs: [pend('b-new', 300), pend('b-done', 40)],
      resolve: [
        { pendingKey: 'b-old', action: 'void', key: 'b-old:void', at },
        { pendingKey: 'b-done', action: 'post', key: 'b-done:post', at },
      ],
    }),
  );
  expect(r.posted.map((p) => [p.key, p.created])).toEqual([
    ['b-new', true],
    ['b-done', true],
  ]);
  expect(r.resolved.map((p) => [p.key, p.created])).toEqual([
    ['b-old:void', true],
    ['b-done:post', true],
  ]);
  expect((await balances(db.kysely, names)).get(names[0]!)).toEqual({ posted: 40, pending: 300 });
  // The same batch again: every part a no-op.
  const again = await db.kysely.transaction().execute((trx) =>
    postBatch(trx, {
      txs: [pend('b-new', 300), pend('b-done', 40)],
      resolve: [
        { pendingKey: 'b-old', action: 'void', key: 'b-old:void', at },
        { pendingKey: 'b-done', action: 'post', key: 'b-done:post', at },
      ],
    }),
  );
  expect([...again.posted, ...again.resolved].every((p) => !p.created)).toBe(true);
  expect((await balances(db.kysely, names)).get(names[0]!)).toEqual({ posted: 40, pending: 300 });
  expect((await checkBalances(db.kysely)).ok).toBe(true);
});
