import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import type { BudgetParams, ProtectionParams } from './domain/programs.ts';
import type { RaceParams } from './domain/races.ts';
import { standings } from './domain/races.ts';
import { raceRows } from './plan.service.ts';
import { getProgram, listPrograms } from './programs.service.ts';

/** What programs cost and delivered, what merchants received: read models for the console and the API. */

export interface DeliveryDay {
  day: string;
  participants: number;
  target: number;
  delivered: number;
  organic: number;
  carried: number;
  /** Participant-days whose delivery (protection: with organic) reached at least 98% of the target. */
  met: number;
  /** Largest shortfall of a participant that day, as a share of its target. */
  worstShortfall: number;
  /** Live programs (protection, Chuanliu): participant-days whose room was on air, and how many of them met. */
  onAir: number | null;
  metOnAir: number | null;
}

export async function programDelivery(
  db: Db,
  programId: string,
  from: string,
  to: string,
  timeZone: string,
): Promise<DeliveryDay[]> {
  const p = await getProgram(db, programId);
  const counted = p.kind === 'protection' ? sql`delivered + organic` : sql`delivered`;
  const live = p.kind === 'protection' || p.kind === 'chuanliu';
  // A room was on air that day when one of its sessions (its own room's, or the creator's) started that day and
  // lasted at least the protection's ramp (a guarantee is paced over the ramp: a shorter session cannot get it).
  const minutes = p.kind === 'protection' ? (p.params as ProtectionParams).rampMinutes : 0;
  const aired = sql`EXISTS (SELECT 1 FROM live_sessions ls WHERE ls.started_at IS NOT NULL
    AND (ls.started_at AT TIME ZONE ${timeZone})::date = q.day
    AND COALESCE(ls.ended_at, ls.started_at + interval '12 hours') - ls.started_at >= ${minutes} * interval '1 minute'
    AND CASE WHEN q.entity_kind = 'creator' THEN ls.host_type = 'creator' AND ls.creator_id = q.entity_id
             ELSE ls.host_type <> 'creator' AND ls.store_id = q.entity_id END)`;
  const { rows } = await sql<{
    day: string;
    participants: number;
    target: string;
    delivered: string;
    organic: string;
    carried: string;
    met: number;
    worst: number | null;
    on_air: number;
    met_on_air: number;
  }>`SELECT day::text AS day, COUNT(*)::int AS participants, SUM(target) AS target, SUM(delivered) AS delivered,
        SUM(organic) AS organic, SUM(carried) AS carried,
        (COUNT(*) FILTER (WHERE ${counted} >= 0.98 * target))::int AS met,
        MAX(GREATEST(0, target - (${counted}))::float8 / NULLIF(target, 0)) AS worst,
        (COUNT(*) FILTER (WHERE aired))::int AS on_air,
        (COUNT(*) FILTER (WHERE aired AND ${counted} >= 0.98 * target))::int AS met_on_air
      FROM (SELECT q.*, ${live ? aired : sql`false`} AS aired FROM traffic_quota_days q
            WHERE q.program_id = ${programId} AND q.day BETWEEN ${from}::date AND ${to}::date AND q.target > 0) q
      GROUP BY day ORDER BY day`.execute(db);
  return rows.map((r) => ({
    day: r.day,
    participants: r.participants,
    target: Number(r.target),
    delivered: Number(r.delivered),
    organic: Number(r.organic),
    carried: Number(r.carried),
    met: r.met,
    worstShortfall: Number(r.worst ?? 0),
    onAir: live ? r.on_air : null,
    metOnAir: live ? r.met_on_air : null,
  }));
}

export interface ParticipantView {
  entityKind: string;
  entityId: string;
  name: string | null;
  merchantId: string | null;
  status: string;
  allocation: number;
  detail: Record<string, unknown>;
  target: number;
  delivered: number;
  organic: number;
  today: { day: string; target: number; delivered: number; organic: number } | null;
}

export async function programParticipants(
  db: Db,
  programId: string,
  day: string,
  merchantId?: string,
): Promise<ParticipantView[]> {
  await getProgram(db, programId);
  const { rows } = await sql<{
    entity_kind: string;
    entity_id: string;
    name: string | null;
    merchant_id: string | null;
    status: string;
    allocation: string;
    detail: Record<string, unknown>;
    target: string | null;
    delivered: string | null;
    organic: string | null;
    t_target: string | null;
    t_delivered: string | null;
    t_organic: string | null;
  }>`SELECT pa.entity_kind, pa.entity_id,
        COALESCE((SELECT name FROM stores WHERE id = pa.entity_id AND pa.entity_kind = 'store'),
                 (SELECT name FROM creators WHERE id = pa.entity_id AND pa.entity_kind = 'creator')) AS name,
        pa.merchant_id, pa.status, pa.allocation, pa.detail,
        q.target, q.delivered, q.organic, t.target AS t_target, t.delivered AS t_delivered, t.organic AS t_organic
      FROM traffic_participants pa
      LEFT JOIN LATERAL (SELECT SUM(target) AS target, SUM(delivered) AS delivered, SUM(organic) AS organic
        FROM traffic_quota_days q WHERE q.program_id = pa.program_id AND q.entity_kind = pa.entity_kind AND q.entity_id = pa.entity_id) q ON true
      LEFT JOIN traffic_quota_days t ON t.program_id = pa.program_id AND t.entity_kind = pa.entity_kind
        AND t.entity_id = pa.entity_id AND t.day = ${day}::date
      WHERE pa.program_id = ${programId} AND (${merchantId ?? null}::text IS NULL OR pa.merchant_id = ${merchantId ?? null})
      ORDER BY pa.status, pa.allocation DESC, pa.entity_id LIMIT 500`.execute(db);
  return rows.map((r) => ({
    entityKind: r.entity_kind,
    entityId: r.entity_id,
    name: r.name,
    merchantId: r.merchant_id,
    status: r.status,
    allocation: Number(r.allocation),
    detail: r.detail,
    target: Number(r.target ?? 0),
    delivered: Number(r.delivered ?? 0),
    organic: Number(r.organic ?? 0),
    today:
      r.t_target === null
        ? null
        : { day, target: Number(r.t_target), delivered: Number(r.t_delivered), organic: Number(r.t_organic) },
  }));
}

export interface ExposureSplit {
  day: string;
  scene: string;
  programId: string;
  arm: string;
  exposures: number;
}

/** Exposures by day, scene, program slot ('' organic) and arm; for a merchant's stores when merchantId is given. */
export async function exposureSplit(
  db: Db,
  from: string,
  to: string,
  merchantId?: string,
): Promise<ExposureSplit[]> {
  const { rows } = await sql<{ day: string; scene: string; program_id: string; arm: string; n: string }>`
    SELECT day::text AS day, scene, program_id, arm, SUM(exposures) AS n FROM traffic_exposures e
    WHERE day BETWEEN ${from}::date AND ${to}::date
      AND (${merchantId ?? null}::text IS NULL OR store_id IN (SELECT id FROM stores WHERE merchant_id = ${merchantId ?? null}))
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`.execute(db);
  return rows.map((r) => ({
    day: r.day,
    scene: r.scene,
    programId: r.program_id,
    arm: r.arm,
    exposures: Number(r.n),
  }));
}

export interface ProgramTotals {
  programId: string;
  participants: number;
  target: number;
  delivered: number;
  organic: number;
  daysMet: number;
  participantDays: number;
}

/** Every program's cost in exposures (delivered in its slots) and how often participants got what was due. */
export async function programTotals(
  db: Db,
  from: string,
  to: string,
  merchantId?: string,
): Promise<ProgramTotals[]> {
  const { rows } = await sql<{
    program_id: string;
    kind: string;
    participants: number;
    target: string;
    delivered: string;
    organic: string;
    met: number;
    n: number;
  }>`SELECT q.program_id, p.kind, COUNT(DISTINCT q.entity_kind || ':' || q.entity_id)::int AS participants,
        SUM(q.target) AS target, SUM(q.delivered) AS delivered, SUM(q.organic) AS organic,
        (COUNT(*) FILTER (WHERE q.delivered + CASE WHEN p.kind = 'protection' THEN q.organic ELSE 0 END >= 0.98 * q.target))::int AS met,
        COUNT(*)::int AS n
      FROM traffic_quota_days q JOIN traffic_programs p ON p.id = q.program_id
      WHERE q.day BETWEEN ${from}::date AND ${to}::date AND q.target > 0
        AND (${merchantId ?? null}::text IS NULL OR EXISTS (SELECT 1 FROM traffic_participants pa WHERE pa.program_id = q.program_id
          AND pa.entity_kind = q.entity_kind AND pa.entity_id = q.entity_id AND pa.merchant_id = ${merchantId ?? null}))
      GROUP BY q.program_id, p.kind`.execute(db);
  return rows.map((r) => ({
    programId: r.program_id,
    participants: r.participants,
    target: Number(r.target),
    delivered: Number(r.delivered),
    organic: Number(r.organic),
    daysMet: r.met,
    participantDays: r.n,
  }));
}

export interface QuotaAccount {
  programId: string;
  entityKind: string;
  entityId: string;
  balance: number;
  earned: number;
  delivered: number;
  expired: number;
  /** Delivered today, not yet booked to the account (booked when the day closes). */
  deliveringToday: number;
  entries: { day: string; type: string; exposures: number; gmv: number | null; orders: number | null }[];
}

/** A Chuanliu account: its entries (newest first), balance and totals. */
export async function quotaAccount(
  db: Db,
  programId: string,
  kind: string,
  id: string,
  today: string,
): Promise<QuotaAccount> {
  const p = await getProgram(db, programId);
  if (p.kind !== 'chuanliu')
    throw notFound(`program ${programId} keeps no quota accounts (it is a ${p.kind} program)`);
  const { rows } = await sql<{
    day: string;
    type: string;
    exposures: string;
    gmv: string | null;
    orders: number | null;
  }>`
    SELECT day::text AS day, type, exposures, gmv, orders FROM traffic_quota_entries
    WHERE program_id = ${programId} AND entity_kind = ${kind} AND entity_id = ${id} ORDER BY day DESC, type`.execute(
    db,
  );
  const t = await sql<{
    delivered: string;
  }>`SELECT delivered FROM traffic_quota_days WHERE program_id = ${programId}
    AND entity_kind = ${kind} AND entity_id = ${id} AND day = ${today}::date AND NOT closed`.execute(db);
  const entries = rows.map((r) => ({
    day: r.day,
    type: r.type,
    exposures: Number(r.exposures),
    gmv: r.gmv === null ? null : Number(r.gmv),
    orders: r.orders,
  }));
  const sum = (type: string) => entries.filter((e) => e.type === type).reduce((s, e) => s + e.exposures, 0);
  return {
    programId,
    entityKind: kind,
    entityId: id,
    balance: entries.reduce((s, e) => s + e.exposures, 0),
    earned: sum('earned'),
    delivered: -sum('delivered'),
    expired: -sum('expired'),
    deliveringToday: Number(t.rows[0]?.delivered ?? 0),
    entries,
  };
}

/** A race's standings for a month (to date while it runs), store names beside ids. */
export async function leaderboard(db: Db, programId: string, month: string, today: string) {
  const p = await getProgram(db, programId);
  if (p.kind !== 'horse_race') throw notFound(`program ${programId} is not a horse race`);
  const x = p.params as RaceParams;
  const table = standings(await raceRows(db, x, month, today), x);
  const names = await sql<{
    id: string;
    name: string;
  }>`SELECT id, name FROM stores WHERE id = ANY(${table.map((s) => s.storeId)}::text[])`.execute(db);
  const nameOf = new Map(names.rows.map((r) => [r.id, r.name]));
  return {
    programId,
    month,
    metric: x.metric,
    categoryId: x.categoryId,
    final: month < today.slice(0, 7),
    standings: table.slice(0, 100).map((s) => ({ ...s, storeName: nameOf.get(s.storeId) ?? null })),
  };
}

/**
 * A merchant's programs: protection status, Chuanliu accounts, budget shares and race prizes, and the budgets
 * it may still join (`enrolment.open`; otherwise why not).
 */
export async function merchantPrograms(db: Db, merchantId: string, today: string) {
  const programs = await listPrograms(db);
  const out = [];
  for (const p of programs) {
    const parts = await programParticipants(db, p.id, today, merchantId);
    const why =
      p.kind !== 'budget'
        ? 'not a budget'
        : p.status !== 'active'
          ? `the program is ${p.status}`
          : today >= p.startsOn
            ? 'enrolment closed when the program started'
            : (p.params as BudgetParams).enrolment === 'invite'
              ? 'by invitation: the operator enrols stores'
              : null;
    // Budgets it is not in and can no longer join are of no interest to the merchant.
    if (!parts.length && (p.kind !== 'budget' || (why !== null && today > (p.endsOn ?? today)))) continue;
    out.push({ program: p, participants: parts, enrolment: { open: why === null, reason: why } });
  }
  return out;
}
