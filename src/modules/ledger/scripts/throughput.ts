/**
 * Ledger posting throughput, a micro figure for docs/ledger.md: 10k order-like transactions × 5 entries
 * posted through postTransactions in batches, against an anchor measured in the same run: the same rows
 * inserted by two plain unnest INSERTs into copies of the tables without triggers, keys or balance updates.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx src/modules/ledger/scripts/throughput.ts [batch]
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { openTestDatabase } from '../../../core/db.ts';
import { migrate } from '../../../core/migrate.ts';
import { checkBalances } from '../check.service.ts';
import { postTransactions, type TxInput } from '../index.ts';

const TOTAL = 10_000;
const BATCH = Number(process.argv[2] ?? 1000);

function orderTx(i: number, run: string): TxInput {
  const pay = 10_000 + (i % 997) * 13;
  const fee = Math.floor(pay / 20);
  const creator = Math.floor(pay / 10);
  const agency = Math.floor(creator / 5);
  return {
    key: `${run}:ord_${i}`,
    kind: 'commission.estimate',
    refType: 'order',
    refId: `ord_${i}`,
    at: new Date(Date.UTC(2026, 9, 1) + i * 60_000),
    pending: i % 2 === 0,
    entries: [
      { account: 'platform:main:buyer_funds', amount: pay },
      { account: 'platform:main:service_fee_revenue', amount: -fee },
      { account: `merchant:m_${i % 200}:payable`, amount: -(pay - fee - creator - agency) },
      { account: `creator:cr_${i % 1000}:pending`, amount: -creator },
      { account: `agency:ag_${i % 50}:pending`, amount: -agency },
    ],
  };
}

/** CPU seconds a local PostgreSQL backend has used so far (utime + stime from /proc), or null elsewhere. */
function backendCpu(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

const db = await openTestDatabase();
try {
  await migrate(db);
  const k = db.kysely;
  const time = async (f: () => Promise<void>) => {
    const t0 = performance.now();
    await f();
    return (performance.now() - t0) / 1000;
  };
  // Warm up: accounts exist, plans cached (the steady state of a running service).
  for (let i = 0; i < 1000; i += BATCH) {
    const txs = Array.from({ length: Math.min(BATCH, 1000 - i) }, (_, j) => orderTx(i + j, 'warm'));
    await k.transaction().execute((trx) => postTransactions(trx, txs));
  }
  // Wall time is at the mercy of the shared machine; CPU time (this process, and the PostgreSQL backend the
  // whole run uses: one connection) is the steadier cost.
  let pid: number | null = null;
  let serverCpu: number | null = null;
  const cpu0 = process.cpuUsage();
  const ledgerSec = await k.connection().execute(async (conn) => {
    if (db.kind === 'postgres')
      pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(conn)).rows[0]!.pid;
    const s0 = backendCpu(pid);
    const sec = await time(async () => {
      for (let i = 0; i < TOTAL; i += BATCH) {
        const txs = Array.from({ length: Math.min(BATCH, TOTAL - i) }, (_, j) => orderTx(i + j, 'run'));
        await conn.transaction().execute((trx) => postTransactions(trx, txs));
      }
    });
    const s1 = backendCpu(pid);
    if (s0 !== null && s1 !== null) serverCpu = s1 - s0;
    return sec;
  });
  const cpu = process.cpuUsage(cpu0);
  const nodeCpu = (cpu.user + cpu.system) / 1e6;
  await sql`CREATE TABLE anchor_tx (LIKE ledger_transactions INCLUDING DEFAULTS INCLUDING IDENTITY)`.execute(
    k,
  );
  await sql`CREATE TABLE anchor_entries (LIKE ledger_entries)`.execute(k);
  const anchorSec = await time(async () => {
    for (let i = 0; i < TOTAL; i += BATCH) {
      const txs = Array.from({ length: Math.min(BATCH, TOTAL - i) }, (_, j) => orderTx(i + j, 'anchor'));
      await k.transaction().execute(async (trx) => {
        await sql`INSERT INTO anchor_tx (key, kind, ref_type, ref_id, at, pending)
          SELECT * FROM unnest(${txs.map((t) => t.key)}::text[], ${txs.map((t) => t.kind)}::text[],
            ${txs.map((t) => t.refType)}::text[], ${txs.map((t) => t.refId)}::text[],
            ${txs.map((t) => t.at)}::timestamptz[], ${txs.map((t) => !!t.pending)}::boolean[])`.execute(trx);
        const e = txs.flatMap((t, n) => t.entries.map((x, l) => [i + n, l + 1, x.amount] as const));
        await sql`INSERT INTO anchor_entries (tx_id, line, account_id, amount)
          SELECT a, b, 1, c FROM unnest(${e.map((x) => x[0])}::bigint[], ${e.map((x) => x[1])}::smallint[],
            ${e.map((x) => x[2])}::bigint[]) AS u(a, b, c)`.execute(trx);
      });
    }
  });
  const check = await checkBalances(k);
  const rate = Math.round(TOTAL / ledgerSec);
  console.log(
    `${db.kind}: ${TOTAL} transactions × 5 entries in batches of ${BATCH}: ledger ${ledgerSec.toFixed(2)} s ` +
      `(${rate} tx/s, ${rate * 5} entries/s); anchor (plain inserts) ${anchorSec.toFixed(2)} s; ` +
      `ratio ${(ledgerSec / anchorSec).toFixed(2)}×; CPU per transaction: node ${((nodeCpu / TOTAL) * 1e6).toFixed(0)} µs` +
      `${serverCpu === null ? '' : `, PostgreSQL ${(((serverCpu as number) / TOTAL) * 1e6).toFixed(0)} µs`}; ` +
      `balances check ${check.ok ? 'ok' : 'FAILED'}`,
  );
} finally {
  await db.close();
}
