/**
 * Figure 2: monthly settlement. `m` completed, settleable orders are prepared by bulk SQL as copies of orders the
 * engine itself completed in figure 1 (so every row has exactly the engine's shape): commission_orders and
 * commission_lines rows (all columns copied, new order id, times moved into the month: settleable during it,
 * completed `holdDays` before, paid 2 days before that), the order's estimate as a pending ledger transaction with
 * the template's entries plus its `post` resolution (keys as the engine writes them), the journal rows, and the
 * cached balances raised by the same amounts. Then `settleMonth` runs end to end (wall time) and is checked:
 * every line of the month settled exactly once, statements posted once each, balances reconcile.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Database, Db } from '../../src/core/db.ts';
import { settleMonth } from '../../src/modules/commissions/index.ts';
import { checkBalances } from '../../src/modules/ledger/index.ts';
import { cpuMeter } from '../lib/cpu.ts';
import type { Figure } from './figures.ts';
import { runQueue, type Workers } from './workers.ts';

/**
 * The month settled: September, so that no line of the events figure (paid from late October) is due in it
 * whether a statement cuts at the month's end or at its settlement day (the 20th of the next month).
 */
export const MONTH = '2026-09';
/** The month's start (Asia/Shanghai), its length, and a moment after its settlement day. */
const MONTH_START = '2026-08-31T16:00:00.000Z';
const MONTH_SECONDS = 30 * 86_400;
const SETTLE_NOW = new Date('2026-10-21T00:00:00.000Z');

function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(`benchmark check failed: ${what}`);
}

async function columns(db: Db, table: string): Promise<string[]> {
  const r = await sql<{ c: string }>`SELECT column_name AS c FROM information_schema.columns
    WHERE table_name = ${table} AND table_schema = current_schema() ORDER BY ordinal_position`.execute(db);
  return r.rows.map((x) => x.c);
}

/** `INSERT INTO table (every column) SELECT <override or alias.column> …`: copies rows whatever the schema holds. */
function copyList(cols: string[], alias: string, over: Record<string, string>) {
  const skip = new Set(['id']); // identity columns are generated
  const names = cols.filter((c) => !skip.has(c) || c in over);
  return { into: names.join(', '), select: names.map((c) => over[c] ?? `${alias}.${c}`).join(', ') };
}

export async function settlementFigure(
  database: Database,
  w: Workers,
  m: number,
  templatePrefix: string,
  log: (s: string) => void,
): Promise<Figure[]> {
  const db = database.kysely;
  const tz = 'Asia/Shanghai';
  const hold = Number(
    (await sql<{ h: number }>`SELECT hold_days AS h FROM commission_settings WHERE id = 1`.execute(db))
      .rows[0]?.h ?? 15,
  );
  // Templates: orders the engine completed, with no refund, every line completed and not under review.
  await sql`DROP TABLE IF EXISTS bench_settle_tpl`.execute(db);
  await sql`CREATE TABLE bench_settle_tpl AS
    SELECT (row_number() OVER (ORDER BY o.order_id) - 1)::int AS i, o.order_id, t.id AS tx_id, t.key
    FROM commission_orders o
    JOIN ledger_transactions t ON t.key = 'commission:estimate:' || o.order_id || ':v1'
    WHERE o.order_id LIKE ${`${templatePrefix}%`} AND o.ledger_state = 'posted' AND o.version = 1 AND o.refunded = 0
      AND o.completed_at IS NOT NULL
      AND EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.resolves_id = t.id AND r.resolution = 'post')
      AND NOT EXISTS (SELECT 1 FROM commission_lines l WHERE l.order_id = o.order_id
        AND (l.status <> 'completed' OR l.review IS NOT DISTINCT FROM 'pending'))`.execute(db);
  await sql`CREATE UNIQUE INDEX ON bench_settle_tpl (i)`.execute(db);
  await sql`ANALYZE bench_settle_tpl`.execute(db);
  const T = Number(
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_settle_tpl`.execute(db)).rows[0]!.n,
  );
  check(T > 0, 'the engine completed orders to copy');

  const [orderCols, lineCols, txCols, journalCols] = await Promise.all([
    columns(db, 'commission_orders'),
    columns(db, 'commission_lines'),
    columns(db, 'ledger_transactions'),
    columns(db, 'commission_journal'),
  ]);
  const id = `'so' || g`;
  const times = {
    settleable: 'x.s',
    completed: `x.s - interval '${hold} days'`,
    paid: `x.s - interval '${hold + 2} days'`,
  };
  const orderCopy = copyList(orderCols, 'o', {
    order_id: id,
    click_at: `o.click_at + ((${times.paid}) - o.paid_at)`,
    paid_at: times.paid,
    completed_at: times.completed,
    updated_at: 'now()',
  });
  const lineCopy = copyList(lineCols, 'l', {
    order_id: id,
    paid_at: times.paid,
    completed_at: times.completed,
    settleable_at: times.settleable,
    settle_month: 'NULL',
    updated_at: 'now()',
  });
  const estKey = `'commission:estimate:so' || g || ':v1'`;
  const txCopy = copyList(txCols, 't', {
    key: estKey,
    ref_id: id,
    at: times.paid,
    created_at: 'now()',
  });
  const journalCopy = copyList(journalCols, 'j', {
    key: estKey,
    order_id: id,
    at: times.paid,
    ...(journalCols.includes('created_at') ? { created_at: 'now()' } : {}),
  });
  // One generated order per g: template g % T, settleable somewhere in the month.
  const from = `generate_series($1::int, $2::int - 1) g JOIN bench_settle_tpl tp ON tp.i = g % ${T}
    CROSS JOIN LATERAL (SELECT timestamptz '${MONTH_START}' + ((g::bigint * 7919) % ${MONTH_SECONDS - 60}) * interval '1 second' AS s) x`;
  const statements = [
    `INSERT INTO commission_orders (${orderCopy.into}) SELECT ${orderCopy.select}
       FROM ${from} JOIN commission_orders o ON o.order_id = tp.order_id`,
    `INSERT INTO commission_lines (${lineCopy.into}) SELECT ${lineCopy.select}
       FROM ${from} JOIN commission_lines l ON l.order_id = tp.order_id`,
    `INSERT INTO ledger_transactions (${txCopy.into}) SELECT ${txCopy.select}
       FROM ${from} JOIN ledger_transactions t ON t.id = tp.tx_id`,
    `INSERT INTO ledger_entries (tx_id, line, account_id, amount) SELECT n.id, e.line, e.account_id, e.amount
       FROM ${from} JOIN ledger_transactions n ON n.key = ${estKey} JOIN ledger_entries e ON e.tx_id = tp.tx_id`,
    `INSERT INTO ledger_transactions (key, kind, ref_type, ref_id, at, pending, resolves_id, resolution)
       SELECT 'commission:complete:so' || g || ':v1', 'ledger.post', n.ref_type, n.ref_id, ${times.completed}, false, n.id, 'post'
       FROM ${from} JOIN ledger_transactions n ON n.key = ${estKey}`,
    // The commission journal (a copy of the module's postings), where the schema still has one.
    ...(journalCols.length
      ? [
          `INSERT INTO commission_journal (${journalCopy.into}) SELECT ${journalCopy.select}
       FROM ${from} JOIN commission_journal j ON j.key = tp.key`,
        ]
      : []),
  ];
  const CHUNK = 50_000;
  const chunks: [number, number][] = [];
  for (let g = 0; g < m; g += CHUNK) chunks.push([g, Math.min(m, g + CHUNK)]);
  const t0 = performance.now();
  let done = 0;
  await runQueue(chunks, w.count, async ([a, b]) => {
    await w.db.transaction().execute(async (trx) => {
      for (const s of statements) await trx.executeQuery(CompiledQuery.raw(s, [a, b]));
    });
    done += b - a;
    if (chunks.length > 4) log(`  prepared ${done}/${m} orders`);
  });
  // The copies are posted estimates: their amounts join the accounts' posted balances.
  await sql`UPDATE ledger_accounts a SET posted = a.posted + d.s FROM (
      SELECT e.account_id, sum(e.amount * (${Math.floor(m / T)} + CASE WHEN tp.i < ${m % T} THEN 1 ELSE 0 END))::bigint AS s
      FROM bench_settle_tpl tp JOIN ledger_entries e ON e.tx_id = tp.tx_id GROUP BY 1) d
    WHERE a.id = d.account_id`.execute(db);
  await sql`ANALYZE commission_lines`.execute(db);
  await sql`ANALYZE commission_orders`.execute(db);
  await sql`ANALYZE ledger_transactions`.execute(db);
  await sql`ANALYZE ledger_entries`.execute(db);
  await sql`ANALYZE ledger_accounts`.execute(db);
  const prepMs = performance.now() - t0;
  const cutoff = new Date(Date.parse(MONTH_START) + MONTH_SECONDS * 1000);
  const pre = (
    await sql<{ orders: number; lines: number; expected: number }>`SELECT
      (SELECT count(*)::int FROM commission_orders WHERE order_id LIKE 'so%') AS orders,
      (SELECT count(*)::int FROM commission_lines WHERE order_id LIKE 'so%') AS lines,
      (SELECT count(*)::int FROM commission_lines WHERE completed_at IS NOT NULL AND settle_month IS NULL
         AND settleable_at < ${cutoff} AND review IS DISTINCT FROM 'pending') AS expected`.execute(db)
  ).rows[0]!;
  check(pre.orders === m, `prepared ${m} orders (${pre.orders})`);
  check(
    pre.expected === pre.lines,
    `the month's settleable lines are the prepared ones (${pre.expected}/${pre.lines})`,
  );
  const bal0 = await checkBalances(db);
  check(bal0.ok, 'ledger balances reconcile after preparing');
  log(
    `settlement: prepared ${m} orders (${pre.lines} lines) from ${T} engine orders in ${(prepMs / 1000).toFixed(1)} s; settling ${MONTH}`,
  );

  if (database.kind === 'postgres') await sql`CHECKPOINT`.execute(db);
  const meter = cpuMeter();
  const b0 = w.backendCpuMs();
  const s0 = performance.now();
  // afterChunk (a SettleOptions hook the app's wrapper passes through) marks when the first chunk of postings
  // committed: before it, the one transaction stamping the lines and building the statements.
  const chunkAt: number[] = [];
  const res = await settleMonth({ db: { kysely: w.db }, cfg: { timeZone: tz } } as never, MONTH, SETTLE_NOW, {
    afterChunk: () => {
      chunkAt.push(performance.now() - s0);
    },
  } as never);
  const ms = performance.now() - s0;
  const firstChunk = chunkAt[0] ?? ms;
  const b1 = w.backendCpuMs();
  const cpu = meter.stop(1);
  log(`  settleMonth: ${(ms / 1000).toFixed(2)} s, ${JSON.stringify(res)}`);

  // ---- checks: every line settled exactly once, every statement posted once, balances reconcile -------------
  const c = (
    await sql<Record<string, number>>`SELECT
      (SELECT count(*)::int FROM commission_lines WHERE order_id LIKE 'so%'
         AND (settle_month IS DISTINCT FROM ${MONTH} OR status <> 'settled')) AS unsettled,
      (SELECT count(*)::int FROM commission_lines WHERE completed_at IS NOT NULL AND settle_month IS NULL
         AND settleable_at < ${new Date(res.cutoff)} AND review IS DISTINCT FROM 'pending') AS left_over,
      (SELECT count(*)::int FROM commission_statements WHERE month = ${MONTH}) AS statements,
      (SELECT count(*)::int FROM commission_statements WHERE month = ${MONTH} AND status <> 'settled') AS open,
      (SELECT count(*)::int FROM commission_statements WHERE month = ${MONTH} AND amount <> 0) AS nonzero,
      (SELECT count(*)::int FROM ledger_transactions WHERE key LIKE ${`settle:${MONTH}:%`}) AS settle_txs,
      (SELECT coalesce(sum(amount), 0)::bigint FROM commission_statements WHERE month = ${MONTH}) AS stated,
      (SELECT coalesce(sum(merchant_amount + party_amount + agency_amount + leader_amount), 0)::bigint
         FROM commission_lines WHERE settle_month = ${MONTH}) AS earned,
      (SELECT count(*)::int FROM commission_statements s
         LEFT JOIN ledger_accounts a ON a.name = s.party_type || ':' || s.party_id || ':available'
         WHERE s.month = ${MONTH} AND coalesce(a.posted, 0) <> -s.amount) AS off`.execute(db)
  ).rows[0]!;
  check(res.lines === pre.lines, `settleMonth reports every line (${res.lines}/${pre.lines})`);
  check(c.unsettled === 0, `every prepared line settled in ${MONTH} (${c.unsettled} not)`);
  check(c.left_over === 0, `no settleable line left over (${c.left_over})`);
  check(
    c.open === 0 && res.settledNow === c.statements,
    `every statement posted (${res.settledNow}/${c.statements})`,
  );
  check(
    c.settle_txs === c.nonzero,
    `one ledger transfer per non-zero statement (${c.settle_txs}/${c.nonzero})`,
  );
  check(Number(c.stated) === Number(c.earned), `statements add up to the lines (${c.stated} vs ${c.earned})`);
  check(c.off === 0, `each recipient's available balance is minus its statement (${c.off} differ)`);
  const k0 = performance.now();
  const bal = await checkBalances(db);
  const checkMs = performance.now() - k0;
  check(bal.ok, `ledger balances reconcile after settlement (${JSON.stringify(bal).slice(0, 400)})`);
  await sql`DROP TABLE bench_settle_tpl`.execute(db);
  log(
    `settlement checks ok (checkBalances over ${bal.accounts} accounts took ${(checkMs / 1000).toFixed(1)} s)`,
  );

  const us = (x: number | null, k: number) => (x === null ? undefined : (x * 1000) / k);
  const backend = b0 === null || b1 === null ? null : b1 - b0;
  return [
    {
      figure: `monthly settlement (settleMonth ${MONTH})`,
      count: m,
      unit: 'orders',
      ms,
      rate: (m / ms) * 1000,
      nodeUs: us(cpu.nodeMs, m),
      pgUs: us(backend, m),
      target:
        m >= 1_000_000 ? '1M orders < 60 s' : `1M orders < 60 s (this run ${m.toLocaleString('en-US')})`,
      note:
        `${pre.lines} lines, ${c.statements} statements (${c.nonzero} non-zero), default chunks of 1000 statements, one connection. ` +
        `${Math.round((c.statements / ms) * 1000)} statements/s, ${Math.round((pre.lines / ms) * 1000)} lines/s. ` +
        `Stamping the lines, building the statements and the first chunk of ledger transfers: ${(firstChunk / 1000).toFixed(1)} s; the other ${Math.max(0, chunkAt.length - 1)} chunk(s): ${((ms - firstChunk) / 1000).toFixed(1)} s. ` +
        `Prepared by bulk SQL (not timed, ${(prepMs / 1000).toFixed(0)} s): copies of ${T} orders the engine completed in the events figure — commission orders and lines, the pending estimate with its entries and its post resolution, journal rows where the schema has a journal, cached balances — then ANALYZE. ` +
        `Checked: every line settled once in ${MONTH}, none left, statements = sum of lines, one transfer per non-zero statement, available balances = statements, checkBalances ok (${(checkMs / 1000).toFixed(1)} s).`,
    },
    {
      figure: '  statements posted',
      count: c.statements,
      unit: 'statements',
      ms,
      rate: (c.statements / ms) * 1000,
    },
    {
      figure: '  lines settled',
      count: pre.lines,
      unit: 'lines',
      ms,
      rate: (pre.lines / ms) * 1000,
    },
  ];
}
