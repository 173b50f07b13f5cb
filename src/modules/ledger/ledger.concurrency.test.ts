import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Database, openTestDatabase } from '../../core/db.ts';
import type { Problem } from '../../core/errors.ts';
import { migrate } from '../../core/migrate.ts';
import { checkBalances } from './check.service.ts';
import { postBatch, postTransactions, resolvePending, type TxInput } from './index.ts';

// PGlite is one connection: its writers take turns and prove nothing about races. On PostgreSQL, 32 workers
// each hold their own connection and post at once over accounts that overlap.
const url = process.env.DATABASE_URL;
let base: Database;
let pool: pg.Pool;
// biome-ignore lint/suspicious/noExplicitAny: the ledger takes the untyped shared connection
let db: Kysely<any>;

beforeAll(async () => {
  if (!url) return;
  base = await openTestDatabase();
  await migrate(base);
  pool = new pg.Pool({ connectionString: url, max: 32, options: `-c search_path=${base.schema}` });
  db = new Kysely({ dialect: new PostgresDialect({ pool }) });
});
afterAll(async () => {
  if (!url) return;
  await db.destroy();
  await base.close();
});

const at = new Date('2026-10-05T04:00:00Z');
const WORKERS = 32;

/** A transaction over 5 of 12 shared accounts, chosen by i, in an order that differs between workers. */
function orderTx(key: string, i: number, amount: number, pending = false): TxInput {
  const pick = (k: number) => `creator:cr_${(i * 7 + k * 5) % 12}:pending`;
  const accounts = [...new Set([0, 1, 2, 3].map(pick))];
  return {
    key,
    kind: 'commission.estimate',
    at,
    pending,
    entries: [
      { account: 'platform:main:buyer_funds', amount: amount * accounts.length },
      ...accounts.reverse().map((a) => ({ account: a, amount: -amount })),
    ],
  };
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: Problem & { code?: string }) =>
      typeof e.status === 'number' ? String(e.status) : (e.code ?? e.message),
  );

describe.skipIf(!url)('concurrent ledger writers on PostgreSQL', () => {
  test('32 workers posting and resolving batches over overlapping accounts lose no update and hit no deadlock', async () => {
    const results = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) =>
        outcome(
          (async () => {
            for (let round = 0; round < 5; round++) {
              // Every other transaction pending; the previous round's pending ones resolved (post or void) in
              // the same ledger call as this round's postings.
              const txs = Array.from({ length: 20 }, (_, j) =>
                orderTx(`w${w}:r${round}:${j}`, w + j + round, 1 + j, j % 2 === 1),
              );
              const resolve = Array.from({ length: round ? 10 : 0 }, (_, n) => ({
                pendingKey: `w${w}:r${round - 1}:${2 * n + 1}`,
                action: (n + w) % 3 ? ('post' as const) : ('void' as const),
                key: `w${w}:r${round - 1}:${2 * n + 1}:done`,
                at,
              }));
              await db.transaction().execute((trx) => postBatch(trx, { txs, resolve }));
            }
          })(),
        ),
      ),
    );
    expect(results.filter((r) => r !== 'ok')).toEqual([]);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_transactions`.execute(db);
    expect(n.rows[0]!.n).toBe(WORKERS * 5 * 20 + WORKERS * 4 * 10); // postings and resolutions
    const check = await checkBalances(db);
    expect(check.mismatches).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.accounts).toBe(13);
    const open = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_transactions t
      WHERE t.pending AND NOT EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.resolves_id = t.id)`.execute(
      db,
    );
    expect(open.rows[0]!.n).toBe(WORKERS * 10);
  });

  test('the same transaction key posted by many workers at once posts once', async () => {
    const tx = orderTx('dup-key', 3, 11);
    const results = await Promise.all(
      Array.from({ length: WORKERS }, () =>
        db
          .transaction()
          .execute((trx) => postTransactions(trx, [tx, orderTx(`solo-${Math.random()}`, 5, 2)])),
      ),
    );
    const created = results.filter((r) => r[0]!.created);
    expect(created).toHaveLength(1);
    expect(new Set(results.map((r) => r[0]!.id)).size).toBe(1);
    const n = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ledger_transactions WHERE key = 'dup-key'`.execute(db);
    expect(n.rows[0]!.n).toBe(1);
    expect((await checkBalances(db)).ok).toBe(true);
  });

  test('resolving the same pending transaction from many workers resolves it once', async () => {
    await db.transaction().execute((trx) => postTransactions(trx, [orderTx('pend-race', 1, 40, true)]));
    const results = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) =>
        outcome(
          db.transaction().execute((trx) =>
            resolvePending(trx, [
              // Half the workers send the same resolution key (a retry), half their own (a competing resolver).
              {
                pendingKey: 'pend-race',
                action: w % 3 ? 'post' : 'void',
                key: w % 2 ? 'pend-race:r' : `pend-race:${w}`,
                at,
              },
            ]),
          ),
        ),
      ),
    );
    expect(results.filter((r) => r !== 'ok' && r !== '409')).toEqual([]);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_transactions t
      JOIN ledger_transactions p ON p.id = t.resolves_id WHERE p.key = 'pend-race'`.execute(db);
    expect(rows.rows[0]!.n).toBe(1);
    const check = await checkBalances(db);
    expect(check.mismatches).toEqual([]);
  });
});
