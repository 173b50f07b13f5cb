import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { dayStart, shiftDay } from '../../core/time.ts';
import { gpm } from './domain/metrics.ts';
import { PAID, totalsOf } from './metrics.service.ts';
import { SESSION_SELECT, type SessionRow, summaries } from './sessions.repo.ts';

const num = (v: unknown) => Number(v ?? 0);
const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

/** A merchant's live rooms (one per store): what is on now, last and next, sessions and 30-day live GMV. */
export async function rooms(db: Db, merchantId: string, now = new Date()) {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT s.id, s.name,
      (SELECT count(*) FROM live_sessions l WHERE l.store_id = s.id) AS sessions,
      (SELECT l.id FROM live_sessions l WHERE l.store_id = s.id AND l.started_at IS NOT NULL AND l.ended_at IS NULL
        ORDER BY l.started_at DESC LIMIT 1) AS live_now,
      (SELECT max(l.ended_at) FROM live_sessions l WHERE l.store_id = s.id) AS last_ended,
      (SELECT min(l.scheduled_at) FROM live_sessions l WHERE l.store_id = s.id AND l.started_at IS NULL
        AND l.scheduled_at >= ${now}) AS next_scheduled,
      (SELECT COALESCE(sum(o.pay_amount), 0) FROM orders o JOIN live_sessions l ON l.id = o.live_session_id
        WHERE l.store_id = s.id AND ${PAID} AND o.paid_at >= ${since}) AS gmv30d,
      (SELECT count(*) FROM live_sessions l WHERE l.store_id = s.id AND l.host_type = 'self') AS h_self,
      (SELECT count(*) FROM live_sessions l WHERE l.store_id = s.id AND l.host_type = 'agency') AS h_agency,
      (SELECT count(*) FROM live_sessions l WHERE l.store_id = s.id AND l.host_type = 'creator') AS h_creator
    FROM stores s WHERE s.merchant_id = ${merchantId} ORDER BY s.id`.execute(db);
  return {
    items: rows.map((r) => ({
      storeId: r.id as string,
      storeName: r.name as string,
      sessions: num(r.sessions),
      liveNow: (r.live_now as string | null) ?? null,
      lastEndedAt: iso(r.last_ended),
      nextScheduledAt: iso(r.next_scheduled),
      gmv30d: num(r.gmv30d),
      hostTypes: { self: num(r.h_self), agency: num(r.h_agency), creator: num(r.h_creator) },
    })),
  };
}

/** Sessions started in the business days [from, to] (optionally one merchant's), with their totals. */
export async function dashboard(
  db: Db,
  tz: string,
  from: string,
  to: string,
  merchantId?: string,
  now = new Date(),
) {
  const a = dayStart(from, tz);
  const b = dayStart(shiftDay(to, 1), tz);
  const mine = merchantId ? sql`AND ls.merchant_id = ${merchantId}` : sql``;
  const rows = (
    await sql<SessionRow>`${SESSION_SELECT} WHERE ls.started_at >= ${a} AND ls.started_at < ${b} ${mine}
      ORDER BY ls.started_at`.execute(db)
  ).rows;
  const ids = rows.map((r) => r.id);
  const totals = await totalsOf(db, ids);
  const uv = ids.length
    ? num(
        (
          await sql<{ n: string }>`SELECT count(DISTINCT user_id) AS n FROM live_viewers
            WHERE session_id = ANY(${ids}::text[])`.execute(db)
        ).rows[0]?.n,
      )
    : 0;
  const dayOf = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(d);
  const t = { sessions: rows.length, hoursMs: 0, views: 0, orders: 0, gmv: 0 };
  const byHost = new Map<string, { sessions: number; gmv: number; views: number }>();
  const daily = new Map<string, { sessions: number; views: number; gmv: number }>();
  for (const r of rows) {
    const m = totals.get(r.id)!;
    const end = r.ended_at ? new Date(r.ended_at) : now;
    t.hoursMs += Math.max(0, end.getTime() - new Date(r.started_at!).getTime());
    t.views += m.views;
    t.orders += m.orders;
    t.gmv += m.gmv;
    const h = byHost.get(r.host_type) ?? { sessions: 0, gmv: 0, views: 0 };
    h.sessions++;
    h.gmv += m.gmv;
    h.views += m.views;
    byHost.set(r.host_type, h);
    const day = dayOf(new Date(r.started_at!));
    const d = daily.get(day) ?? { sessions: 0, views: 0, gmv: 0 };
    d.sessions++;
    d.views += m.views;
    d.gmv += m.gmv;
    daily.set(day, d);
  }
  const top = [...rows]
    .sort((x, y) => totals.get(y.id)!.gmv - totals.get(x.id)!.gmv || x.id.localeCompare(y.id))
    .slice(0, 5);
  return {
    from,
    to,
    totals: {
      sessions: t.sessions,
      hours: Math.round(t.hoursMs / 360_000) / 10,
      views: t.views,
      uniqueViewers: uv,
      orders: t.orders,
      gmv: t.gmv,
      gpm: gpm(t.gmv, t.views),
    },
    byHostType: (['self', 'agency', 'creator'] as const).map((hostType) => {
      const h = byHost.get(hostType) ?? { sessions: 0, gmv: 0, views: 0 };
      return { hostType, sessions: h.sessions, gmv: h.gmv, gpm: gpm(h.gmv, h.views) };
    }),
    daily: [...daily.entries()].sort().map(([day, d]) => ({ day, ...d })),
    top: await summaries(db, top),
  };
}
