import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Database, openTestDatabase } from '../../core/db.ts';
import { migrate } from '../../core/migrate.ts';
import { checkBalances, ledgerCheckCommand, postTransactions, resolvePending } from './index.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db);
  const at = new Date('2026-10-05T04:00:00Z');
  const entries = (n: number) => [
    { account: 'platform:main:buyer_funds', amount: n },
    { account: 'agency:ag_1:pending', amount: -n },
  ];
  await db.kysely.transaction().execute(async (trx) => {
    await postTransactions(trx, [
      { key: 'a', kind: 'test', at, entries: entries(100) },
      { key: 'b', kind: 'test', at, entries: entries(40), pending: true },
      { key: 'c', kind: 'test', at, entries: entries(5), pending: true },
    ]);
    await resolvePending(trx, [{ pendingKey: 'c', action: 'post', key: 'c:post', at }]);
  });
});
afterAll(() => db.close());

test('a sound ledger checks clean, and the CLI says so with exit code 0', async () => {
  const r = await checkBalances(db.kysely);
  expect(r).toEqual({
    ok: true,
    accounts: 2,
    mismatches: [],
    totals: { posted: 0, pending: 0 },
    unbalanced: [],
  });
  const lines: string[] = [];
  expect(await ledgerCheckCommand(db, (l) => lines.push(l))).toBe(0);
  expect(lines.at(-1)).toBe('ledger ok');
});

test('a cached balance that drifted from the entries is reported, and the CLI exits 1', async () => {
  // The cache is the one ledger table that may be written in place; simulate a lost update.
  await sql`UPDATE ledger_accounts SET pending = pending + 7 WHERE name = 'agency:ag_1:pending'`.execute(
    db.kysely,
  );
  const r = await checkBalances(db.kysely);
  expect(r.ok).toBe(false);
  expect(r.mismatches).toEqual([
    {
      account: 'agency:ag_1:pending',
      cached: { posted: -105, pending: -33 },
      recomputed: { posted: -105, pending: -40 },
    },
  ]);
  expect(r.totals).toEqual({ posted: 0, pending: 7 });
  const lines: string[] = [];
  expect(await ledgerCheckCommand(db, (l) => lines.push(l))).toBe(1);
  expect(lines).toContain('LEDGER MISMATCH');
});
