import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import { conflict, notFound, unprocessable } from '../../core/errors.ts';
import { businessDay } from '../../core/time.ts';
import { postTransactions } from '../ledger/index.ts';
import { MONTH_RE, settlementRunAt } from './domain/lifecycle.ts';
import { available, PLATFORM, unsettled } from './domain/postings.ts';
import { loadSettings } from './sync.repo.ts';

/** Advisory lock between stamping (exclusive) and order batches that complete or release lines (shared). */
export const SETTLEMENT_LOCK = 7_320_001;

/**
 * Under the shared settlement lock: the cut-off of the latest run. A line completed (or cleared from review) now
 * is settleable no earlier than that, so a late line goes to the next run instead of being skipped.
 */
export async function settledUpTo(trx: Tx): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock_shared(${SETTLEMENT_LOCK})`.execute(trx);
  const r = await sql<{
    cutoff: Date | null;
  }>`SELECT max(cutoff) AS cutoff FROM commission_settlement_runs`.execute(trx);
  const c = r.rows[0]?.cutoff;
  return c ? new Date(c).getTime() : 0;
}

async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= attempts || (err as { code?: string }).code !== '40P01') throw err;
    }
  }
}

export interface SettleOptions {
  timeZone: string;
  /** Statements posted per transaction. */
  chunkSize?: number;
  /** Called after each committed chunk (tests interrupt a run here). */
  afterChunk?: (chunk: number) => void | Promise<void>;
}

export interface SettleResult {
  month: string;
  cutoff: string;
  /** Statements of the month, and how many this call posted (a rerun posts only what is left). */
  statements: number;
  settledNow: number;
  lines: number;
}

/**
 * Monthly settlement, set-based and restartable:
 *   1. once per month, one transaction stamps every completed line settleable before the month's end (and every
 *      open adjustment) with the month, marks those lines settled and builds one statement per recipient
 *      (INSERT … SELECT grouped by party over a single scan);
 *   2. open statements are then posted in chunks, each chunk one transaction: a ledger transfer from the
 *      recipient's pending (merchant: payable) to available account under the key `settle:<month>:<type>:<id>`,
 *      and the statements marked settled. A run killed between or inside chunks resumes where it stopped: done
 *      statements are not open any more, and a key already in the ledger is a no-op.
 * The month's statement runs on or after the settlement day of the following month.
 */
export async function settleMonth(
  db: Db,
  month: string,
  now: Date,
  opts: SettleOptions,
): Promise<SettleResult> {
  if (!MONTH_RE.test(month))
    throw unprocessable(`month must be YYYY-MM, got ${month}`, [
      { field: 'month', reason: 'must be YYYY-MM' },
    ]);
  const settings = await loadSettings(db);
  const runAt = settlementRunAt(month, settings.settlementDay, opts.timeZone);
  if (now < runAt)
    throw conflict(
      `statements of ${month} are settled on or after ${runAt.toISOString()} (settlement day ${settings.settlementDay})`,
      [{ field: 'month', reason: `settles on or after ${runAt.toISOString()}` }],
    );
  // Lines whose hold ended before the settlement day (see settlementRunAt).
  const cutoff = runAt;
  const later = await sql<{
    month: string;
  }>`SELECT month FROM commission_settlement_runs WHERE month > ${month} LIMIT 1`.execute(db);
  if (later.rows.length)
    throw conflict(`month ${later.rows[0]!.month} is already settled: settle months in order`, [
      { field: 'month', reason: `${later.rows[0]!.month} was settled already` },
    ]);

  // Stamping runs alone (order batches hold the settlement lock shared while they complete lines): a batch
  // completing a line either committed before and is seen, or comes after and finds this run's cut-off.
  await retryOnDeadlock(() =>
    db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${SETTLEMENT_LOCK})`.execute(trx);
      const run =
        await sql`INSERT INTO commission_settlement_runs (month, cutoff, stamped_at) VALUES (${month}, ${cutoff}, ${now})
      ON CONFLICT DO NOTHING RETURNING month`.execute(trx);
      if (!run.rows.length) return;
      // Lines settleable before the previous run's cut-off were all stamped by it (or moved to after it): the
      // month's lines are the range [previous cut-off, cut-off), found through the settleable_at index.
      const prev = (
        await sql<{ cutoff: Date | null }>`SELECT max(cutoff) AS cutoff FROM commission_settlement_runs
          WHERE month < ${month}`.execute(trx)
      ).rows[0]?.cutoff;
      const from = prev ? new Date(prev) : new Date(0);
      // One statement: the stamped lines and adjustments feed the per-party sums straight from RETURNING (no
      // second scan). Invalid lines settle too: their merchant keeps what the commission would have been.
      await sql`WITH stamped AS (
          UPDATE commission_lines SET settle_month = ${month}, updated_at = now(),
            status = CASE WHEN status = 'completed' THEN 'settled' ELSE status END
          WHERE settleable_at >= ${from} AND settleable_at < ${cutoff} AND settle_month IS NULL
            AND completed_at IS NOT NULL AND review IS DISTINCT FROM 'pending'
          RETURNING merchant_id, merchant_amount, party_type, party_id, party_amount, agency_id, agency_amount,
            leader_id, leader_amount),
        adj AS (
          UPDATE commission_adjustments SET settle_month = ${month} WHERE settle_month IS NULL AND created_at < ${cutoff}
          RETURNING party_type, party_id, amount),
        l AS (
          SELECT v.t, v.id, count(*)::int AS n, sum(v.a)::bigint AS a
          FROM stamped c CROSS JOIN LATERAL (VALUES
            ('merchant', c.merchant_id, c.merchant_amount), (c.party_type, c.party_id, c.party_amount),
            ('agency', c.agency_id, c.agency_amount), ('promoter', c.leader_id, c.leader_amount)) AS v(t, id, a)
          WHERE v.id IS NOT NULL AND v.a <> 0 GROUP BY v.t, v.id),
        j AS (SELECT party_type AS t, party_id AS id, sum(amount)::bigint AS a FROM adj GROUP BY 1, 2)
      INSERT INTO commission_statements (id, month, party_type, party_id, lines, amount, adjustments, status)
      SELECT 'stm_' || substr(md5(${month} || ':' || t || ':' || id), 1, 24), ${month}, t, id,
        coalesce(l.n, 0), coalesce(l.a, 0) + coalesce(j.a, 0), coalesce(j.a, 0), 'open'
      FROM l FULL JOIN j USING (t, id)
      ON CONFLICT (month, party_type, party_id) DO NOTHING`.execute(trx);
    }),
  );

  const chunkSize = opts.chunkSize ?? 1000;
  let settledNow = 0;
  for (let chunk = 1; ; chunk++) {
    const n = await db.transaction().execute(async (trx) => {
      const open = (
        await sql<{ id: string; party_type: string; party_id: string; amount: number }>`
          SELECT id, party_type, party_id, amount FROM commission_statements WHERE month = ${month} AND status = 'open'
          ORDER BY id LIMIT ${chunkSize} FOR UPDATE SKIP LOCKED`.execute(trx)
      ).rows;
      if (!open.length) return 0;
      await postTransactions(
        trx,
        open
          .filter((s) => Number(s.amount) !== 0)
          .map((s) => ({
            key: `settle:${month}:${s.party_type}:${s.party_id}`,
            kind: 'commission.settle',
            refType: 'statement',
            refId: s.id,
            at: now,
            entries: [
              { account: unsettled(s.party_type, s.party_id), amount: Number(s.amount) },
              { account: available(s.party_type, s.party_id), amount: -Number(s.amount) },
            ],
          })),
      );
      await sql`UPDATE commission_statements SET status = 'settled', settled_at = ${now}
        WHERE id = ANY(${open.map((s) => s.id)}::text[]) AND status = 'open'`.execute(trx);
      return open.length;
    });
    if (!n) break;
    settledNow += n;
    await opts.afterChunk?.(chunk);
  }
  const totals = (
    await sql<{ statements: number; lines: number }>`SELECT
      (SELECT count(*)::int FROM commission_statements WHERE month = ${month}) AS statements,
      (SELECT count(*)::int FROM commission_lines WHERE settle_month = ${month}) AS lines`.execute(db)
  ).rows[0]!;
  // The run's figures are kept with it, so listing runs never counts lines.
  await sql`UPDATE commission_settlement_runs SET finished_at = coalesce(finished_at, ${now}),
      statements = ${totals.statements}, lines = ${totals.lines} WHERE month = ${month}`.execute(db);
  return {
    month,
    cutoff: cutoff.toISOString(),
    statements: totals.statements,
    settledNow,
    lines: totals.lines,
  };
}

/**
 * Pays a settled statement out: available → the platform's payouts account under `payout:<statementId>`
 * (idempotent: paying again changes nothing). The lines of a party's statement then show as paid.
 */
export async function payStatement(db: Db, id: string, now: Date) {
  return db.transaction().execute(async (trx) => {
    const s = (
      await sql<{
        id: string;
        month: string;
        party_type: string;
        party_id: string;
        amount: number;
        status: string;
      }>`
        SELECT id, month, party_type, party_id, amount, status FROM commission_statements WHERE id = ${id} FOR UPDATE`.execute(
        trx,
      )
    ).rows[0];
    if (!s) throw notFound(`there is no statement ${id}`);
    if (s.status === 'paid') return { id, status: 'paid' as const, amount: Number(s.amount), replayed: true };
    if (s.status !== 'settled')
      throw conflict(`statement ${id} is ${s.status}: only settled statements are paid out`);
    const amount = Number(s.amount);
    if (amount < 0)
      throw conflict(
        `statement ${id} is negative (${amount} fen): it is carried against the party's next earnings`,
      );
    if (amount > 0)
      await postTransactions(trx, [
        {
          key: `payout:${id}`,
          kind: 'payout',
          refType: 'statement',
          refId: id,
          at: now,
          entries: [
            { account: available(s.party_type, s.party_id), amount },
            { account: PLATFORM.payouts, amount: -amount },
          ],
        },
      ]);
    await sql`UPDATE commission_statements SET status = 'paid', paid_at = ${now} WHERE id = ${id}`.execute(
      trx,
    );
    if (s.party_type === 'creator' || s.party_type === 'promoter')
      await sql`UPDATE commission_lines SET status = 'paid', updated_at = now() WHERE settle_month = ${s.month}
        AND party_type = ${s.party_type} AND party_id = ${s.party_id} AND status = 'settled'`.execute(trx);
    else if (s.party_type === 'merchant')
      await sql`UPDATE commission_lines SET status = 'paid', updated_at = now() WHERE settle_month = ${s.month}
        AND merchant_id = ${s.party_id} AND party_id IS NULL AND status = 'settled'`.execute(trx);
    return { id, status: 'paid' as const, amount, replayed: false };
  });
}

/**
 * The month whose statements are due at `now` and not finished yet (the previous month once its settlement day
 * has come), or null. The module's timer settles it; the route settles any month on request.
 */
export async function dueMonth(db: Db, now: Date, timeZone: string): Promise<string | null> {
  const settings = await loadSettings(db);
  const [y, m] = businessDay(now, timeZone).split('-').map(Number) as [number, number];
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  if (now < settlementRunAt(prev, settings.settlementDay, timeZone)) return null;
  const r = await sql<{ finished_at: Date | null }>`SELECT finished_at FROM commission_settlement_runs
    WHERE month >= ${prev} ORDER BY month DESC LIMIT 1`.execute(db);
  return r.rows[0]?.finished_at ? null : prev;
}
