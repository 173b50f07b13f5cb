import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Database, openTestDatabase } from '../../core/db.ts';
import { migrate } from '../../core/migrate.ts';
import { checkBalances } from './check.service.ts';
import { txIssues } from './domain/validate.ts';
import { balances, postBatch, postTransactions, resolvePending, statement, type TxInput } from './index.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db);
});
afterAll(() => db.close());

const at = new Date('2026-10-05T04:00:00Z');
const amount = fc.integer({ min: -1_000_000, max: 1_000_000 });

/** Entries over `n` accounts of a run that sum to zero: the last one balances the others. */
const balancedEntries = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 5 }), amount), { minLength: 1, maxLength: 5 })
  .chain((parts) =>
    fc.integer({ min: 0, max: 5 }).map((last) => {
      const sum = parts.reduce((s, [, a]) => s + a, 0);
      return [...parts.map(([acc, a]) => ({ acc, a })), { acc: last, a: -sum }];
    }),
  );

type Op =
  | { op: 'post'; entries: { acc: number; a: number }[]; pending: boolean }
  | { op: 'resolve'; target: number; action: 'post' | 'void' }
  | { op: 'correct'; target: number }
  | { op: 'repeat'; target: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('post' as const),
      entries: balancedEntries,
      pending: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('resolve' as const),
      target: fc.nat(20),
      action: fc.constantFrom('post' as const, 'void' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('correct' as const), target: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat' as const), target: fc.nat(20) }) },
);

let run = 0;

describe('ledger properties', () => {
  test('any sequence of postings, pending, post/void, corrections and repeats keeps cached balances equal to the entries and to a model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        const r = ++run;
        const name = (i: number) => `creator:p${r}_${i}:pending`;
        const model = new Map<string, { posted: number; pending: number }>();
        const bump = (acc: string, field: 'posted' | 'pending', a: number) => {
          const b = model.get(acc) ?? { posted: 0, pending: 0 };
          b[field] += a;
          model.set(acc, b);
        };
        const done: { tx: TxInput; resolved: boolean }[] = [];
        for (const [i, o] of ops.entries()) {
          if (o.op === 'post') {
            const tx: TxInput = {
              key: `r${r}:${i}`,
              kind: 'test.post',
              at,
              pending: o.pending,
              entries: o.entries.map((e) => ({ account: name(e.acc), amount: e.a })),
            };
            await db.kysely.transaction().execute((trx) => postTransactions(trx, [tx]));
            for (const e of tx.entries) bump(e.account, o.pending ? 'pending' : 'posted', e.amount);
            done.push({ tx, resolved: false });
          } else if (done.length) {
            const target = done[o.target % done.length]!;
            if (o.op === 'repeat') {
              const [p] = await db.kysely.transaction().execute((trx) => postTransactions(trx, [target.tx]));
              expect(p!.created).toBe(false);
            } else if (o.op === 'resolve' && target.tx.pending && !target.resolved) {
              await db.kysely
                .transaction()
                .execute((trx) =>
                  resolvePending(trx, [
                    { pendingKey: target.tx.key, action: o.action, key: `${target.tx.key}:${o.action}`, at },
                  ]),
                );
              target.resolved = true;
              for (const e of target.tx.entries) {
                bump(e.account, 'pending', -e.amount);
                if (o.action === 'post') bump(e.account, 'posted', e.amount);
              }
            } else if (o.op === 'correct' && !target.tx.pending) {
              // A correction reverses a posted transaction with a new one (never an edit).
              const tx: TxInput = {
                key: `r${r}:${i}:reverse`,
                kind: 'test.correction',
                at,
                entries: target.tx.entries.map((e) => ({ account: e.account, amount: -e.amount })),
              };
              await db.kysely.transaction().execute((trx) => postTransactions(trx, [tx]));
              for (const e of tx.entries) bump(e.account, 'posted', e.amount);
            }
          }
        }
        const got = await balances(db.kysely, [...model.keys()]);
        for (const [acc, b] of model) expect(got.get(acc)).toEqual(b);
        const check = await checkBalances(db.kysely);
        expect(check.mismatches).toEqual([]);
        expect(check.ok).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  test('any UPDATE or DELETE of any entry or transaction is rejected and leaves the ledger as it was', async () => {
    const before = await sql<{
      n: number;
      s: number;
    }>`SELECT count(*)::int AS n, coalesce(sum(abs(amount)), 0)::bigint AS s
      FROM ledger_entries`.execute(db.kysely);
    // Row triggers fire on rows that exist: entries are picked among transactions that have entries.
    const txIds = (
      await sql<{ id: number }>`SELECT id FROM ledger_transactions ORDER BY id`.execute(db.kysely)
    ).rows.map((r) => Number(r.id));
    const entryTxIds = (
      await sql<{ id: number }>`SELECT DISTINCT tx_id AS id FROM ledger_entries ORDER BY 1`.execute(db.kysely)
    ).rows.map((r) => Number(r.id));
    expect(entryTxIds.length).toBeGreaterThan(0);
    const change = fc.oneof(
      fc.record({
        table: fc.constant('ledger_entries' as const),
        set: fc.constantFrom(
          'amount = amount + 1',
          'amount = -amount',
          'account_id = account_id',
          'line = line + 100',
        ),
      }),
      fc.record({
        table: fc.constant('ledger_transactions' as const),
        set: fc.constantFrom(
          "memo = 'edited'",
          'pending = NOT pending',
          "key = key || 'x'",
          "at = at + interval '1 day'",
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(change, fc.nat(10_000), fc.boolean(), async (c, i, del) => {
        const [col, ids] = c.table === 'ledger_entries' ? ['tx_id', entryTxIds] : ['id', txIds];
        const where = sql.raw(`${col} = ${ids[i % ids.length]}`);
        const stmt = del
          ? sql`DELETE FROM ${sql.table(c.table)} WHERE ${where}`
          : sql`UPDATE ${sql.table(c.table)} SET ${sql.raw(c.set)} WHERE ${where}`;
        await expect(stmt.execute(db.kysely)).rejects.toThrow(/append-only/);
      }),
      { numRuns: 30 },
    );
    const after = await sql<{
      n: number;
      s: number;
    }>`SELECT count(*)::int AS n, coalesce(sum(abs(amount)), 0)::bigint AS s
      FROM ledger_entries`.execute(db.kysely);
    expect(after.rows[0]).toEqual(before.rows[0]);
  });

  test("statements chain: each month opens at the last one's close, and the last closes at the cached balances", async () => {
    const months = ['2026-09', '2026-10', '2026-11', '2026-12'];
    // Instants from 1 September to 31 December (Shanghai), so every posting falls in one of the months.
    const instant = fc.integer({ min: Date.UTC(2026, 7, 31, 16), max: Date.UTC(2026, 11, 31, 15, 59) });
    const txArb = fc.record({
      amount: fc.integer({ min: -50_000, max: 50_000 }),
      at: instant,
      pending: fc.boolean(),
      resolve: fc.option(fc.record({ post: fc.boolean(), at: instant }), { nil: undefined }),
    });
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(txArb, { minLength: 1, maxLength: 15 }), async (list) => {
        const party = `st${++runs}_${Date.now() % 100000}`;
        const acc = `creator:${party}:pending`;
        const txs: TxInput[] = list.map((x, i) => ({
          key: `${party}:${i}`,
          kind: 'test.post',
          at: new Date(x.at),
          pending: x.pending,
          entries: [
            { account: 'platform:main:buyer_funds', amount: -x.amount },
            { account: acc, amount: x.amount },
          ],
        }));
        const resolve = list.flatMap((x, i) =>
          x.pending && x.resolve
            ? [
                {
                  pendingKey: `${party}:${i}`,
                  action: x.resolve.post ? ('post' as const) : ('void' as const),
                  key: `${party}:${i}:r`,
                  at: new Date(x.resolve.at),
                },
              ]
            : [],
        );
        await db.kysely.transaction().execute((trx) => postBatch(trx, { txs, resolve }));
        let close = 0;
        let pendingAtEnd = 0;
        for (const m of months) {
          const s = await statement(db.kysely, 'creator', party, m, 'Asia/Shanghai');
          const a = s.accounts[0]!;
          expect(a.opening).toBe(close);
          expect(a.closing).toBe(a.opening + a.debits - a.credits);
          close = a.closing;
          pendingAtEnd = a.pendingClosing;
        }
        expect((await balances(db.kysely, [acc])).get(acc)).toEqual({ posted: close, pending: pendingAtEnd });
      }),
      { numRuns: 15 },
    );
  });

  test('validation accepts exactly the transactions whose amounts sum to zero', () => {
    fc.assert(
      fc.property(fc.array(amount, { minLength: 2, maxLength: 6 }), (amounts) => {
        const tx: TxInput = {
          key: 'k',
          kind: 'test',
          at,
          entries: amounts.map((a, i) => ({ account: `agency:a${i}:available`, amount: a })),
        };
        const sum = amounts.reduce((s, a) => s + a, 0);
        expect(txIssues(tx).length === 0).toBe(sum === 0);
      }),
    );
  });

  test('the database rejects any unbalanced set of entries inserted directly, and accepts balanced ones', async () => {
    const acc = await sql<{ id: number }>`INSERT INTO ledger_accounts (name, owner_type, owner_id, purpose)
      VALUES ('platform:main:raw_a', 'platform', 'main', 'raw_a'), ('platform:main:raw_b', 'platform', 'main', 'raw_b')
      RETURNING id`.execute(db.kysely);
    const [a, b] = acc.rows.map((x) => Number(x.id));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(amount, { minLength: 1, maxLength: 6 }), async (amounts) => {
        const key = `raw-${++n}`;
        const sum = amounts.reduce((s, x) => s + x, 0);
        const insert = db.kysely.transaction().execute(async (trx) => {
          const tx = await sql<{ id: number }>`INSERT INTO ledger_transactions (key, kind, at)
            VALUES (${key}, 'test', now()) RETURNING id`.execute(trx);
          const id = Number(tx.rows[0]!.id);
          await sql`INSERT INTO ledger_entries (tx_id, line, account_id, amount)
            SELECT ${id}, l, CASE WHEN l % 2 = 0 THEN ${a}::bigint ELSE ${b}::bigint END, x
            FROM unnest(${amounts}::bigint[]) WITH ORDINALITY AS u(x, l)`.execute(trx);
        });
        if (sum === 0 && amounts.length >= 2) await insert;
        else await expect(insert).rejects.toThrow(/unbalanced/);
      }),
      { numRuns: 40 },
    );
  });
});
