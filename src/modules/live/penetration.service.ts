import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { dayStart, shiftDay } from '../../core/time.ts';
import { divHalfUp } from './domain/metrics.ts';

/** Live penetration targets in basis points of the merchants of each type (JD's goal: all self-run, 60% POP). */
export interface LiveSettings {
  targets: { self: number; pop: number };
}
export const DEFAULT_LIVE_SETTINGS: LiveSettings = { targets: { self: 10_000, pop: 6_000 } };

export async function liveSettings(db: Db) {
  const r = (
    await sql<{ version: number; params: LiveSettings; updated_by: string | null; updated_at: Date }>`
      SELECT version, params, updated_by, updated_at FROM live_settings WHERE id = 1`.execute(db)
  ).rows[0];
  if (!r) return { ...DEFAULT_LIVE_SETTINGS, version: 0, updatedBy: null, updatedAt: null };
  return {
    targets: { ...DEFAULT_LIVE_SETTINGS.targets, ...r.params.targets },
    version: r.version,
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function saveLiveSettings(db: Db, s: LiveSettings, by: string) {
  await sql`INSERT INTO live_settings (id, version, params, updated_by, updated_at)
    VALUES (1, 1, ${JSON.stringify({ targets: s.targets })}::jsonb, ${by}, now())
    ON CONFLICT (id) DO UPDATE SET version = live_settings.version + 1, params = EXCLUDED.params,
      updated_by = EXCLUDED.updated_by, updated_at = now()`.execute(db);
  return liveSettings(db);
}

const num = (v: unknown) => Number(v ?? 0);
const rate = (a: number, b: number) => divHalfUp(a * 10_000, b);

/**
 * 开播率 over the business days [from, to]: of the merchants onboarded by `to`, those with at least one session
 * started in the range (any host type, in any of their stores); by merchant type, and by the level-1 category
 * of the stores' main category. Live GMV: paid orders of those days that came from a live room.
 */
export async function penetration(db: Db, tz: string, from: string, to: string) {
  const a = dayStart(from, tz);
  const b = dayStart(shiftDay(to, 1), tz);
  const settings = await liveSettings(db);
  const streaming = sql`SELECT DISTINCT merchant_id, store_id FROM live_sessions
    WHERE started_at >= ${a} AND started_at < ${b}`;
  const merchants = sql`SELECT id, type FROM merchants WHERE onboarded_at <= ${to}::date`;
  const [byType, byCat, gmv, byHost, daily] = await Promise.all([
    sql<{ type: string; merchants: string; streaming: string }>`
      WITH st AS (SELECT DISTINCT merchant_id FROM (${streaming}) x)
      SELECT m.type, count(*) AS merchants, count(st.merchant_id) AS streaming
      FROM (${merchants}) m LEFT JOIN st ON st.merchant_id = m.id GROUP BY m.type`.execute(db),
    sql<{
      id: string;
      name: string;
      name_zh: string | null;
      type: string;
      merchants: string;
      streaming: string;
    }>`
      WITH l1 AS (
        SELECT c.id, CASE c.level WHEN 1 THEN c.id WHEN 2 THEN c.parent_id ELSE p.parent_id END AS l1
        FROM categories c LEFT JOIN categories p ON p.id = c.parent_id),
      ms AS (SELECT DISTINCT s.merchant_id, l1.l1, m.type FROM stores s JOIN l1 ON l1.id = s.main_category_id
        JOIN (${merchants}) m ON m.id = s.merchant_id),
      st AS (SELECT DISTINCT x.merchant_id, l1.l1 FROM (${streaming}) x JOIN stores s ON s.id = x.store_id
        JOIN l1 ON l1.id = s.main_category_id)
      SELECT c.id, c.name, c.name_zh, ms.type, count(*) AS merchants, count(st.merchant_id) AS streaming
      FROM ms JOIN categories c ON c.id = ms.l1
      LEFT JOIN st ON st.merchant_id = ms.merchant_id AND st.l1 = ms.l1
      GROUP BY c.id, c.name, c.name_zh, ms.type ORDER BY c.id, ms.type`.execute(db),
    sql<{ gmv: string; live: string }>`
      SELECT COALESCE(sum(o.pay_amount), 0) AS gmv,
        COALESCE(sum(o.pay_amount) FILTER (WHERE o.live_session_id IS NOT NULL), 0) AS live
      FROM orders o WHERE o.paid_day BETWEEN ${from}::date AND ${to}::date AND ${sql`o.status <> 'cancelled'`}`.execute(
      db,
    ),
    sql<{ host_type: string; gmv: string }>`
      SELECT l.host_type, sum(o.pay_amount) AS gmv FROM orders o JOIN live_sessions l ON l.id = o.live_session_id
      WHERE o.paid_day BETWEEN ${from}::date AND ${to}::date AND o.status <> 'cancelled' GROUP BY 1`.execute(
      db,
    ),
    sql<{ day: string; gmv: string; live: string }>`
      SELECT paid_day::text AS day, sum(pay_amount) AS gmv,
        COALESCE(sum(pay_amount) FILTER (WHERE live_session_id IS NOT NULL), 0) AS live
      FROM orders WHERE paid_day BETWEEN ${from}::date AND ${to}::date AND status <> 'cancelled' GROUP BY 1`.execute(
      db,
    ),
  ]);
  const streamingDaily = (
    await sql<{ day: string; n: string }>`
      SELECT (started_at AT TIME ZONE ${tz})::date::text AS day, count(DISTINCT merchant_id) AS n
      FROM live_sessions WHERE started_at >= ${a} AND started_at < ${b} GROUP BY 1`.execute(db)
  ).rows;
  const total = num(gmv.rows[0]?.gmv);
  const liveGmv = num(gmv.rows[0]?.live);
  const days = new Map<string, { streamingMerchants: number; liveGmv: number; gmv: number }>();
  for (let d = from; d <= to; d = shiftDay(d, 1)) days.set(d, { streamingMerchants: 0, liveGmv: 0, gmv: 0 });
  for (const r of daily.rows) {
    const x = days.get(r.day);
    if (x) Object.assign(x, { gmv: num(r.gmv), liveGmv: num(r.live) });
  }
  for (const r of streamingDaily) {
    const x = days.get(r.day);
    if (x) x.streamingMerchants = num(r.n);
  }
  const host = new Map(byHost.rows.map((r) => [r.host_type, num(r.gmv)]));
  return {
    from,
    to,
    byType: (['self', 'pop'] as const).map((t) => {
      const r = byType.rows.find((x) => x.type === t);
      const m = num(r?.merchants);
      const s = num(r?.streaming);
      return {
        merchantType: t,
        merchants: m,
        streaming: s,
        rateBp: rate(s, m),
        targetBp: settings.targets[t],
      };
    }),
    byCategory: byCat.rows.map((r) => ({
      categoryId: r.id,
      categoryName: r.name,
      categoryNameZh: r.name_zh,
      merchantType: r.type as 'self' | 'pop',
      merchants: num(r.merchants),
      streaming: num(r.streaming),
      rateBp: rate(num(r.streaming), num(r.merchants)),
    })),
    liveGmv: {
      gmv: total,
      liveGmv,
      shareBp: rate(liveGmv, total),
      byHostType: (['self', 'agency', 'creator'] as const).map((h) => ({
        hostType: h,
        gmv: host.get(h) ?? 0,
        shareBp: rate(host.get(h) ?? 0, total),
      })),
    },
    daily: [...days.entries()].map(([day, d]) => ({ day, ...d })),
  };
}
