import { sql } from 'kysely';
import type { Database, Db } from '../../core/db.ts';
import { dayStart, shiftDay } from '../../core/time.ts';
import { latestStoreScores } from '../scoring/index.ts';
import {
  type ChuanliuParams,
  chuanliuTarget,
  earnedFor,
  expiringOn,
  type QuotaEntry,
} from './domain/chuanliu.ts';
import { allocatePool, carryOver, evenDays } from './domain/pacing.ts';
import type { BudgetParams, ProtectionParams } from './domain/programs.ts';
import {
  daysOfMonth,
  nextMonth,
  previousMonth,
  type RaceParams,
  type RaceRow,
  standings,
} from './domain/races.ts';
import { listPrograms, type Program } from './programs.service.ts';

/**
 * The daily program job for business day `day`: who is protected, what Chuanliu accounts earned yesterday and
 * may spend today, each budget participant's share with yesterday's shortfall carried in, race prizes, written
 * as the day's quota lines. Safe to run again: a program is planned once a day (one created later joins at the
 * next run), and entries and lines are keyed by day and never written twice.
 */
export async function planDay(db: Database, day: string, timeZone: string) {
  // Read before the transaction: the embedded database has one connection, which the transaction holds.
  const scores = await latestStoreScores(db);
  return db.kysely.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`traffic_plan:${day}`}))`.execute(trx);
    const done = await sql<{
      summary: unknown;
    }>`SELECT summary FROM traffic_jobs WHERE job = 'plan' AND day = ${day}::date`.execute(trx);
    // A program created (or resumed) after the day was planned is planned at the next run; the others never twice.
    const summary = { ...((done.rows[0]?.summary as Record<string, unknown> | undefined) ?? {}) };
    const programs = (await listPrograms(trx)).filter(
      (p) =>
        !(p.id in summary) &&
        p.status === 'active' &&
        p.startsOn <= day &&
        (p.endsOn === null || shiftDay(p.endsOn, 31) >= day),
    );
    if (done.rows[0] && !programs.length) return summary;
    for (const p of programs) {
      const inRange = p.endsOn === null || p.endsOn >= day;
      if (p.kind === 'protection' && inRange) summary[p.id] = await planProtection(trx, p, day, timeZone);
      else if (p.kind === 'chuanliu') summary[p.id] = await planChuanliu(trx, p, day, inRange);
      else if (p.kind === 'budget' && inRange) summary[p.id] = await planBudget(trx, p, day, scores);
      else if (p.kind === 'horse_race') summary[p.id] = await planRace(trx, p, day);
    }
    await sql`INSERT INTO traffic_jobs (job, day, summary) VALUES ('plan', ${day}::date, ${JSON.stringify(summary)}::jsonb)
      ON CONFLICT (job, day) DO UPDATE SET summary = EXCLUDED.summary, ran_at = now()`.execute(trx);
    return summary;
  });
}

/**
 * Protection again during the day: a store whose first session starts after the day was planned is protected
 * from then on (rankers pick the new line up within a minute).
 */
export async function refreshProtection(db: Database, day: string, timeZone: string) {
  return db.kysely.transaction().execute(async (trx) => {
    const out: Record<string, unknown> = {};
    for (const p of await listPrograms(trx, { kind: 'protection', activeOn: day }))
      out[p.id] = await planProtection(trx, p, day, timeZone);
    return out;
  });
}

/** Has the day been planned? */
export async function isPlanned(db: Db, day: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM traffic_jobs WHERE job = 'plan' AND day = ${day}::date`.execute(db);
  return r.rows.length > 0;
}

async function line(trx: Db, p: Program, kind: string, id: string, day: string, target: number, carried = 0) {
  await sql`INSERT INTO traffic_quota_days (program_id, entity_kind, entity_id, day, target, carried)
    VALUES (${p.id}, ${kind}, ${id}, ${day}::date, ${target}, ${carried}) ON CONFLICT DO NOTHING`.execute(
    trx,
  );
}

async function previousLine(trx: Db, p: Program, kind: string, id: string, day: string) {
  const r = await sql<{ target: string; delivered: string; organic: string }>`
    SELECT target, delivered, organic FROM traffic_quota_days
    WHERE program_id = ${p.id} AND entity_kind = ${kind} AND entity_id = ${id} AND day = ${shiftDay(day, -1)}::date`.execute(
    trx,
  );
  const x = r.rows[0];
  return x ? { target: Number(x.target), delivered: Number(x.delivered), organic: Number(x.organic) } : null;
}

/** New streamers: stores whose first session in their own room (self or agency 代播) began in the last N days. */
async function planProtection(trx: Db, p: Program, day: string, timeZone: string) {
  const x = p.params as ProtectionParams;
  const end = dayStart(shiftDay(day, 1), timeZone);
  const from = dayStart(shiftDay(day, -(x.days - 1)), timeZone);
  const { rows } = await sql<{ store_id: string; merchant_id: string; first: Date }>`
    SELECT store_id, MIN(merchant_id) AS merchant_id, MIN(started_at) AS first FROM live_sessions
    WHERE host_type <> 'creator' AND started_at IS NOT NULL AND started_at < ${end}
    GROUP BY store_id HAVING MIN(started_at) >= ${from}`.execute(trx);
  for (const r of rows) {
    const firstOn = new Date(r.first).toISOString();
    await sql`INSERT INTO traffic_participants (program_id, entity_kind, entity_id, merchant_id, status, allocation, detail)
      VALUES (${p.id}, 'store', ${r.store_id}, ${r.merchant_id}, 'active', ${x.minDaily},
        ${JSON.stringify({ firstLiveAt: firstOn, days: x.days })}::jsonb)
      ON CONFLICT (program_id, entity_kind, entity_id) DO UPDATE SET status = 'active', allocation = EXCLUDED.allocation,
        detail = EXCLUDED.detail, updated_at = now()`.execute(trx);
    await line(trx, p, 'store', r.store_id, day, x.minDaily);
  }
  const ids = rows.map((r) => r.store_id);
  await sql`UPDATE traffic_participants SET status = 'finished', updated_at = now()
    WHERE program_id = ${p.id} AND status = 'active' AND NOT (entity_id = ANY(${ids}::text[]))`.execute(trx);
  return { protected: rows.length };
}

/** Accrues yesterday's distribution GMV, books yesterday's delivery and expiry, and sets today's targets. */
async function planChuanliu(trx: Db, p: Program, day: string, inRange: boolean) {
  const x = p.params as ChuanliuParams;
  const y = shiftDay(day, -1);
  let earned = 0;
  if (y >= p.startsOn && (p.endsOn === null || y <= p.endsOn)) {
    const gmv = await sql<{
      kind: 'store' | 'creator';
      id: string;
      merchant_id: string | null;
      gmv: string;
      orders: number;
    }>`
      SELECT 'store' AS kind, store_id AS id, MIN(merchant_id) AS merchant_id, SUM(pay_amount) AS gmv, COUNT(*)::int AS orders
      FROM orders WHERE paid_day = ${y}::date AND creator_id IS NOT NULL AND status <> 'cancelled' GROUP BY store_id
      UNION ALL
      SELECT 'creator', creator_id, NULL, SUM(pay_amount), COUNT(*)::int
      FROM orders WHERE paid_day = ${y}::date AND creator_id IS NOT NULL AND status <> 'cancelled' GROUP BY creator_id`.execute(
      trx,
    );
    for (const g of gmv.rows) {
      const n = earnedFor(Number(g.gmv), g.kind === 'store' ? x.merchantPerYuan : x.creatorPerYuan);
      if (n <= 0) continue;
      earned += n;
      await sql`INSERT INTO traffic_participants (program_id, entity_kind, entity_id, merchant_id, status)
        VALUES (${p.id}, ${g.kind}, ${g.id}, ${g.merchant_id}, 'active') ON CONFLICT DO NOTHING`.execute(trx);
      await sql`INSERT INTO traffic_quota_entries (program_id, entity_kind, entity_id, day, type, exposures, gmv, orders)
        VALUES (${p.id}, ${g.kind}, ${g.id}, ${y}::date, 'earned', ${n}, ${Number(g.gmv)}, ${g.orders}) ON CONFLICT DO NOTHING`.execute(
        trx,
      );
    }
  }
  // Yesterday's delivery leaves the account; then whatever is older than validDays expires.
  await sql`INSERT INTO traffic_quota_entries (program_id, entity_kind, entity_id, day, type, exposures)
    SELECT program_id, entity_kind, entity_id, day, 'delivered', -delivered FROM traffic_quota_days
    WHERE program_id = ${p.id} AND day = ${y}::date AND delivered > 0 ON CONFLICT DO NOTHING`.execute(trx);
  await sql`UPDATE traffic_quota_days SET closed = true WHERE program_id = ${p.id} AND day = ${y}::date`.execute(
    trx,
  );
  const entries = await sql<{
    entity_kind: string;
    entity_id: string;
    day: string;
    type: QuotaEntry['type'];
    exposures: string;
  }>`
    SELECT entity_kind, entity_id, day::text AS day, type, exposures FROM traffic_quota_entries
    WHERE program_id = ${p.id} ORDER BY entity_kind, entity_id, day`.execute(trx);
  const byEntity = new Map<string, QuotaEntry[]>();
  for (const e of entries.rows) {
    const k = `${e.entity_kind}\u0000${e.entity_id}`;
    const l = byEntity.get(k) ?? [];
    l.push({ day: e.day, type: e.type, exposures: Number(e.exposures) });
    byEntity.set(k, l);
  }
  let expired = 0;
  let lines = 0;
  for (const [k, es] of byEntity) {
    const [kind, id] = k.split('\u0000') as [string, string];
    const ex = expiringOn(es, y, x.validDays, shiftDay);
    if (ex > 0) {
      const ins =
        await sql`INSERT INTO traffic_quota_entries (program_id, entity_kind, entity_id, day, type, exposures)
        VALUES (${p.id}, ${kind}, ${id}, ${y}::date, 'expired', ${-ex}) ON CONFLICT DO NOTHING`.execute(trx);
      if (Number(ins.numAffectedRows ?? 0) > 0) {
        es.push({ day: y, type: 'expired', exposures: -ex });
        expired += ex;
      }
    }
    const target = inRange
      ? chuanliuTarget(
          es.reduce((s, e) => s + e.exposures, 0),
          x.dailyCap,
        )
      : 0;
    if (target > 0) {
      await line(trx, p, kind, id, day, target);
      lines++;
    }
  }
  return { earned, expired, lines };
}

/** Splits the pool when the program starts; every later day takes its even share plus yesterday's shortfall. */
async function planBudget(trx: Db, p: Program, day: string, scores: Map<string, number>) {
  const x = p.params as BudgetParams;
  if (!p.endsOn) return { skipped: 'a budget needs an end date' };
  let parts = await sql<{
    entity_id: string;
    merchant_id: string | null;
    allocation: string;
    status: string;
  }>`
    SELECT entity_id, merchant_id, allocation, status FROM traffic_participants
    WHERE program_id = ${p.id} AND entity_kind = 'store' AND status IN ('enrolled','active')`.execute(trx);
  if (parts.rows.some((r) => r.status === 'enrolled')) {
    // Allocation happens once, on the program's first planned day: enrolment is closed from then on.
    const gmv = await sql<{
      store_id: string;
      gmv: string;
    }>`SELECT store_id, SUM(pay_amount) AS gmv FROM orders
      WHERE paid_day BETWEEN ${shiftDay(day, -30)}::date AND ${shiftDay(day, -1)}::date AND status <> 'cancelled'
        AND store_id = ANY(${parts.rows.map((r) => r.entity_id)}::text[]) GROUP BY store_id`.execute(trx);
    const gmvOf = new Map(gmv.rows.map((r) => [r.store_id, Number(r.gmv)]));
    const eligible = parts.rows.filter(
      (r) => x.minStoreScore === null || (scores.get(r.entity_id) ?? -1) >= x.minStoreScore,
    );
    const shares = allocatePool(
      x.pool,
      x.rule,
      eligible.map((r) => ({
        id: r.entity_id,
        score: scores.get(r.entity_id) ?? null,
        gmv: gmvOf.get(r.entity_id) ?? 0,
      })),
    );
    for (const [i, r] of eligible.entries())
      await sql`UPDATE traffic_participants SET status = 'active', allocation = ${shares[i]!}, updated_at = now(),
        detail = detail || ${JSON.stringify({ score: scores.get(r.entity_id) ?? null, gmv30d: gmvOf.get(r.entity_id) ?? 0 })}::jsonb
        WHERE program_id = ${p.id} AND entity_kind = 'store' AND entity_id = ${r.entity_id}`.execute(trx);
    const out = parts.rows.filter((r) => !eligible.includes(r)).map((r) => r.entity_id);
    await sql`UPDATE traffic_participants SET status = 'ineligible', updated_at = now()
      WHERE program_id = ${p.id} AND entity_kind = 'store' AND entity_id = ANY(${out}::text[])`.execute(trx);
    parts = await sql<{ entity_id: string; merchant_id: string | null; allocation: string; status: string }>`
      SELECT entity_id, merchant_id, allocation, status FROM traffic_participants
      WHERE program_id = ${p.id} AND entity_kind = 'store' AND status = 'active'`.execute(trx);
  }
  const days: string[] = [];
  for (let d = p.startsOn; d <= p.endsOn; d = shiftDay(d, 1)) days.push(d);
  const i = days.indexOf(day);
  if (i < 0) return { lines: 0 };
  let carried = 0;
  for (const r of parts.rows) {
    const base = evenDays(Number(r.allocation), days.length)[i]!;
    const prev = i > 0 ? await previousLine(trx, p, 'store', r.entity_id, day) : null;
    const carry = prev ? carryOver(prev.target, prev.delivered) : 0;
    carried += carry;
    await line(trx, p, 'store', r.entity_id, day, base + carry, carry);
  }
  return { lines: parts.rows.length, carried };
}

/** Race standings of a month (to date when it is not over). */
export async function raceRows(db: Db, x: RaceParams, month: string, upTo?: string): Promise<RaceRow[]> {
  const days = daysOfMonth(month);
  const last = upTo && upTo < days[days.length - 1]! ? upTo : days[days.length - 1]!;
  const prev = daysOfMonth(previousMonth(month));
  const { rows } = await sql<{
    store_id: string;
    merchant_id: string;
    gmv: string;
    prev: string;
    live: string;
    orders: number;
  }>`
    SELECT s.id AS store_id, s.merchant_id,
      COALESCE(SUM(o.pay_amount) FILTER (WHERE o.paid_day >= ${days[0]!}::date), 0) AS gmv,
      COALESCE(SUM(o.pay_amount) FILTER (WHERE o.paid_day < ${days[0]!}::date), 0) AS prev,
      COALESCE(SUM(o.pay_amount) FILTER (WHERE o.paid_day >= ${days[0]!}::date AND o.live_session_id IS NOT NULL), 0) AS live,
      (COUNT(o.id) FILTER (WHERE o.paid_day >= ${days[0]!}::date))::int AS orders
    FROM stores s JOIN categories c ON c.id = s.main_category_id LEFT JOIN categories c2 ON c2.id = c.parent_id
    LEFT JOIN orders o ON o.store_id = s.id AND o.status <> 'cancelled'
      AND o.paid_day BETWEEN ${prev[0]!}::date AND ${last}::date
    WHERE ${x.categoryId} IN (c.id, c.parent_id, c2.parent_id)
    GROUP BY s.id, s.merchant_id`.execute(db);
  return rows.map((r) => ({
    storeId: r.store_id,
    merchantId: r.merchant_id,
    gmv: Number(r.gmv),
    previousGmv: Number(r.prev),
    liveGmv: Number(r.live),
    orders: r.orders,
  }));
}

/** Closes last month's race on the first planned day after it and pays its prizes over this month. */
async function planRace(trx: Db, p: Program, day: string) {
  const x = p.params as RaceParams;
  const month = day.slice(0, 7);
  const raced = previousMonth(month);
  const raceEnd = daysOfMonth(raced).at(-1)!;
  if (raceEnd < p.startsOn || (p.endsOn !== null && `${raced}-01` > p.endsOn)) return { lines: 0 };
  const closed = await sql`SELECT 1 FROM traffic_participants WHERE program_id = ${p.id}
    AND detail->>'month' = ${raced} LIMIT 1`.execute(trx);
  if (!closed.rows.length) {
    const table = standings(await raceRows(trx, x, raced), x).filter((s) => s.prize > 0);
    for (const s of table)
      await sql`INSERT INTO traffic_participants (program_id, entity_kind, entity_id, merchant_id, status, allocation, detail)
        VALUES (${p.id}, 'store', ${s.storeId}, ${s.merchantId}, 'active', ${s.prize},
          ${JSON.stringify({ month: raced, rank: s.rank, value: s.value, metric: x.metric, paidIn: month })}::jsonb)
        ON CONFLICT (program_id, entity_kind, entity_id) DO UPDATE SET status = 'active', allocation = EXCLUDED.allocation,
          detail = EXCLUDED.detail, updated_at = now()`.execute(trx);
    await sql`UPDATE traffic_participants SET status = 'finished', updated_at = now()
      WHERE program_id = ${p.id} AND detail->>'month' <> ${raced}`.execute(trx);
  }
  const winners = await sql<{
    entity_id: string;
    allocation: string;
  }>`SELECT entity_id, allocation FROM traffic_participants
    WHERE program_id = ${p.id} AND detail->>'month' = ${raced} AND status = 'active'`.execute(trx);
  const days = daysOfMonth(nextMonth(raced));
  const i = days.indexOf(day);
  for (const w of winners.rows) {
    const prev = i > 0 ? await previousLine(trx, p, 'store', w.entity_id, day) : null;
    const carry = prev ? carryOver(prev.target, prev.delivered) : 0;
    await line(
      trx,
      p,
      'store',
      w.entity_id,
      day,
      evenDays(Number(w.allocation), days.length)[i]! + carry,
      carry,
    );
  }
  return { month: raced, winners: winners.rows.length };
}
