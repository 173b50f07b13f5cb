import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import { businessDay, iso, shiftDay } from '../../core/time.ts';
import { overview, products, sources } from './dashboards.service.ts';
import { health } from './health.service.ts';
import type { StoredReport } from './types.ts';

/**
 * Daily reports, stored: one per merchant with sales or visitors that day and one for the marketplace. Made once the
 * day is closed; making a day again replaces its reports (same figures unless late data arrived).
 */
export async function runDailyReports(db: Db, day: string): Promise<{ merchants: number }> {
  const r = { from: day, to: day, days: 1 };
  const active = await sql<{
    merchant_id: string;
    stores: string[];
  }>`SELECT merchant_id, array_agg(store_id ORDER BY store_id) AS stores
    FROM an_store_day WHERE day = ${day}::date AND (orders > 0 OR visitors > 0) GROUP BY merchant_id ORDER BY merchant_id`.execute(
    db,
  );
  for (const m of active.rows) {
    const [o, s, p] = await Promise.all([
      overview(db, m.merchant_id, m.stores, r),
      sources(db, m.merchant_id, m.stores, r),
      products(db, m.merchant_id, m.stores, r, 'gmv', 5),
    ]);
    const { from: _f, to: _t, ...previous } = o.previous;
    await store(db, 'merchant', m.merchant_id, day, {
      kpis: o.kpis,
      previous,
      sources: s.rows,
      topProducts: p.rows,
    });
  }
  const h = await health(db, r);
  await store(db, 'operator', '', day, { kpis: h.kpis, previous: h.previous });
  return { merchants: active.rows.length };
}

async function store(
  db: Db,
  scope: StoredReport['scope'],
  partyId: string,
  day: string,
  body: StoredReport['body'],
) {
  await sql`INSERT INTO an_reports (scope, party_id, day, body) VALUES (${scope}, ${partyId}, ${day}::date, ${JSON.stringify(body)}::jsonb)
    ON CONFLICT (scope, party_id, day) DO UPDATE SET body = EXCLUDED.body, created_at = now()`.execute(db);
}

/** Yesterday's reports, once (the hourly job). */
export async function reportYesterday(db: Db, timeZone: string): Promise<void> {
  const day = shiftDay(businessDay(Date.now(), timeZone), -1);
  const done = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM an_reports WHERE scope = 'operator' AND day = ${day}::date`.execute(db);
  if (done.rows[0]!.n === 0) await runDailyReports(db, day);
}

interface Row {
  id: string;
  scope: StoredReport['scope'];
  party_id: string;
  day: string;
  created_at: Date;
  body: StoredReport['body'] | string;
}
const toReport = (x: Row): StoredReport => ({
  id: String(x.id),
  scope: x.scope,
  partyId: x.party_id,
  day: x.day,
  createdAt: iso(x.created_at)!,
  body: typeof x.body === 'string' ? JSON.parse(x.body) : x.body,
});

export async function listReports(
  db: Db,
  f: { scope?: StoredReport['scope']; partyId?: string; limit: number },
): Promise<StoredReport[]> {
  const r = await sql<Row>`SELECT id, scope, party_id, day::text AS day, created_at, body FROM an_reports
    WHERE (${f.scope ?? null}::text IS NULL OR scope = ${f.scope ?? null})
      AND (${f.partyId ?? null}::text IS NULL OR party_id = ${f.partyId ?? null})
    ORDER BY day DESC, scope, party_id LIMIT ${f.limit}`.execute(db);
  return r.rows.map(toReport);
}

export async function getReport(db: Db, id: string): Promise<StoredReport> {
  const r = await sql<Row>`SELECT id, scope, party_id, day::text AS day, created_at, body FROM an_reports
    WHERE id = ${id}::bigint`.execute(db);
  if (!r.rows[0]) throw notFound(`report ${id} not found`);
  return toReport(r.rows[0]);
}
