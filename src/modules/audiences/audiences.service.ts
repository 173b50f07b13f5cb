import { canonical } from '../../core/json.ts';
import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { conflict, notFound, unprocessable } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { periodicJob } from '../../core/periodic.ts';
import { businessDay, dayStart } from '../../core/time.ts';
import { type AudEnv, assertOwner, iso, isUniqueViolation, merchantOf } from './audiences.shared.ts';
import { toBytes } from './bitmap.ts';
import type { Expr } from './domain/expression.ts';
import { checkExpression, evaluateExpression, latestSnapshot } from './leaves.service.ts';
import { tagIndex } from './tags.store.ts';

/** Stored expressions may come back as JSON text. */
const sameJson = (a: unknown, b: unknown) =>
  canonical(typeof a === 'string' ? JSON.parse(a) : a) ===
  canonical(typeof b === 'string' ? JSON.parse(b) : b);

/** Saved audiences: create (first snapshot taken), list, read, change (optimistic), refresh, snapshots, size. */

export type Refresh = 'manual' | 'daily';

export interface AudienceRow {
  id: string;
  merchant_id: string;
  name: string;
  description: string | null;
  expression: Expr;
  refresh: Refresh;
  version: number;
  created_at: Date;
  updated_at: Date;
  size: number | null;
  snapshot_at: Date | null;
}

export interface CreateBody {
  id?: string;
  merchantId?: string;
  name: string;
  description?: string;
  expression: unknown;
  refresh?: Refresh;
}

export interface PatchBody {
  name?: string;
  description?: string | null;
  expression?: unknown;
  refresh?: Refresh;
  version: number;
}

/** Path segments under /audiences that are routes, not audience ids. */
export const RESERVED_IDS = new Set([
  'activations',
  'stores',
  'size',
  'insight',
  'tags',
  'status',
  'rebuild',
  'settings',
]);

const view = (r: AudienceRow) => ({
  id: r.id,
  merchantId: r.merchant_id,
  name: r.name,
  description: r.description,
  expression: typeof r.expression === 'string' ? JSON.parse(r.expression) : r.expression,
  refresh: r.refresh,
  version: r.version,
  size: r.size,
  snapshotAt: iso(r.snapshot_at),
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});
export type AudienceView = ReturnType<typeof view>;

const SELECT = sql`SELECT a.*, s.size, s.taken_at AS snapshot_at FROM aud_audiences a
  LEFT JOIN LATERAL (SELECT size, taken_at FROM aud_snapshots WHERE audience_id = a.id ORDER BY no DESC LIMIT 1) s
    ON true`;

export async function getRow(db: Db, id: string): Promise<AudienceRow | undefined> {
  const r = await sql<AudienceRow>`${SELECT} WHERE a.id = ${id}`.execute(db);
  return r.rows[0];
}

/** An audience the caller may see (404 unknown, 403 another merchant's). */
export async function loadAudience(db: Db, p: Principal, id: string): Promise<AudienceRow> {
  const row = await getRow(db, id);
  if (!row) throw notFound(`no audience ${id}`);
  assertOwner(p, row.merchant_id, `audience ${id}`);
  return row;
}

/** Evaluates the audience's expression now and stores snapshot no + 1. */
export async function takeSnapshot(env: AudEnv, row: Pick<AudienceRow, 'id' | 'expression' | 'version'>) {
  const ev = await evaluateExpression(env, row.expression);
  const bytes = toBytes(ev.users);
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await sql<{ no: number; taken_at: Date }>`INSERT INTO aud_snapshots
          (audience_id, no, build, version, size, bitmap)
        SELECT ${row.id}, coalesce(max(no), 0) + 1, ${ev.index.build}, ${row.version}, ${ev.users.size}, ${bytes}
        FROM aud_snapshots WHERE audience_id = ${row.id} RETURNING no, taken_at`.execute(env.db);
      return { no: r.rows[0]!.no, size: ev.users.size, build: ev.index.build, takenAt: r.rows[0]!.taken_at };
    } catch (e) {
      // Two snapshots of one audience at once: the later takes the next number.
      if (!isUniqueViolation(e) || attempt >= 3) throw e;
    }
  }
}

export async function createAudience(env: AudEnv, p: Principal, body: CreateBody) {
  const merchantId = merchantOf(p, body.merchantId);
  const id = body.id ?? newId('aud');
  if (RESERVED_IDS.has(id))
    throw unprocessable(`${id} is a reserved word`, [
      { field: 'id', reason: 'is reserved', code: 'id_reserved' },
    ]);
  const expr = await checkExpression(env, body.expression, { merchantId, selfId: id });
  const refresh = body.refresh ?? 'manual';
  const prior = await getRow(env.db, id);
  if (prior) return replay(p, prior, { merchantId, ...body, refresh });
  try {
    await sql`INSERT INTO aud_audiences (id, merchant_id, name, description, expression, refresh, created_by)
      VALUES (${id}, ${merchantId}, ${body.name}, ${body.description ?? null}, ${JSON.stringify(expr)}::jsonb,
        ${refresh}, ${p.subject})`.execute(env.db);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return replay(p, (await getRow(env.db, id))!, { merchantId, ...body, refresh });
  }
  await takeSnapshot(env, { id, expression: expr, version: 1 });
  return { status: 201, body: view((await getRow(env.db, id))!) };
}

/** The same id again: the stored audience when it is the same request (200), else 409. */
function replay(p: Principal, prior: AudienceRow, body: CreateBody & { merchantId: string }) {
  assertOwner(p, prior.merchant_id, `audience ${prior.id}`);
  const same =
    prior.merchant_id === body.merchantId &&
    prior.name === body.name &&
    (prior.description ?? undefined) === body.description &&
    prior.refresh === body.refresh &&
    sameJson(prior.expression, body.expression);
  if (!same)
    throw conflict(`audience ${prior.id} already exists with different content; change it with PATCH`, [
      { field: 'id', reason: `audience ${prior.id} exists`, code: 'id_taken' },
    ]);
  return { status: 200, body: view(prior) };
}

export async function listAudiences(
  env: AudEnv,
  p: Principal,
  q: { merchantId?: string; limit?: number; offset?: number },
) {
  const merchantId = merchantOf(p, q.merchantId);
  const [items, total] = await Promise.all([
    sql<AudienceRow>`${SELECT} WHERE a.merchant_id = ${merchantId} ORDER BY a.created_at DESC, a.id
      LIMIT ${q.limit ?? 50} OFFSET ${q.offset ?? 0}`.execute(env.db),
    sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM aud_audiences WHERE merchant_id = ${merchantId}`.execute(env.db),
  ]);
  return { items: items.rows.map(view), total: total.rows[0]!.n };
}

export async function getAudience(env: AudEnv, p: Principal, id: string) {
  return view(await loadAudience(env.db, p, id));
}

export async function patchAudience(env: AudEnv, p: Principal, id: string, body: PatchBody) {
  const row = await loadAudience(env.db, p, id);
  const expr =
    body.expression !== undefined
      ? await checkExpression(env, body.expression, { merchantId: row.merchant_id, selfId: id })
      : undefined;
  const changedExpr = expr !== undefined && !sameJson(expr, row.expression);
  const r = await sql<{ version: number }>`UPDATE aud_audiences SET
      name = ${body.name ?? row.name},
      description = ${body.description === undefined ? row.description : body.description},
      refresh = ${body.refresh ?? row.refresh},
      expression = ${JSON.stringify(expr ?? row.expression)}::jsonb,
      version = version + 1, updated_at = now()
    WHERE id = ${id} AND version = ${body.version} RETURNING version`.execute(env.db);
  if (!r.rows.length)
    throw conflict(`audience ${id} changed since version ${body.version} (now ${row.version}); reload it`, [
      {
        field: 'version',
        reason: `stale: the audience is at version ${row.version}`,
        code: 'stale_version',
        params: { current: row.version },
      },
    ]);
  if (changedExpr) await takeSnapshot(env, { id, expression: expr!, version: r.rows[0]!.version });
  return view((await getRow(env.db, id))!);
}

export async function refreshAudience(env: AudEnv, p: Principal, id: string) {
  const row = await loadAudience(env.db, p, id);
  await takeSnapshot(env, row);
  return view((await getRow(env.db, id))!);
}

export async function listSnapshots(env: AudEnv, p: Principal, id: string) {
  await loadAudience(env.db, p, id);
  const r = await sql<{ no: number; size: number; build: number; version: number; taken_at: Date }>`
    SELECT no, size, build, version, taken_at FROM aud_snapshots WHERE audience_id = ${id} ORDER BY no DESC
    LIMIT 200`.execute(env.db);
  return {
    items: r.rows.map((s) => ({
      no: s.no,
      size: s.size,
      build: s.build,
      version: s.version,
      takenAt: iso(s.taken_at)!,
    })),
  };
}

/** Instant size of an expression while editing. */
export async function sizeOf(env: AudEnv, p: Principal, body: { merchantId?: string; expression: unknown }) {
  const merchantId = merchantOf(p, body.merchantId);
  const expr = await checkExpression(env, body.expression, { merchantId });
  const ev = await evaluateExpression(env, expr);
  return {
    size: ev.users.size,
    universe: ev.index.universe.size,
    build: ev.index.build,
    asOf: ev.asOf,
    ms: ev.ms,
  };
}

/** POST /audiences/:id/lookalike: a new audience expanding this one to `size` users. */
export async function createLookalike(
  env: AudEnv,
  p: Principal,
  id: string,
  body: { id?: string; size: number; name?: string },
) {
  const row = await loadAudience(env.db, p, id);
  const snap = await latestSnapshot(env.db, id);
  if (!snap)
    throw conflict(`audience ${id} has no snapshot yet`, [
      { field: 'id', reason: 'no snapshot', code: 'no_snapshot' },
    ]);
  return createAudience(env, p, {
    ...(body.id ? { id: body.id } : {}),
    merchantId: row.merchant_id,
    name: body.name ?? `${row.name} lookalike`.slice(0, 80),
    expression: { lookalike: { audience: id, size: body.size } },
    refresh: 'manual',
  });
}

/**
 * Daily audiences whose latest snapshot is from before today's business day get a new one, once a tag build of
 * today exists (the tag job builds every 10 minutes); audiences naming other audiences go after those.
 */
export async function refreshDaily(env: AudEnv, now = new Date()): Promise<number> {
  const today = businessDay(now, env.timeZone);
  const index = await tagIndex(env.db, { fresh: true });
  if (index.asOf === null || index.asOf < today) return 0;
  const since = dayStart(today, env.timeZone);
  const due = await sql<AudienceRow>`${SELECT} WHERE a.refresh = 'daily'
      AND (s.taken_at IS NULL OR s.taken_at < ${since}) ORDER BY a.created_at, a.id`.execute(env.db);
  const names = (r: AudienceRow) => /"(audience)"\s*:/.test(JSON.stringify(r.expression));
  const ordered = [...due.rows.filter((r) => !names(r)), ...due.rows.filter(names)];
  for (const row of ordered) await takeSnapshot(env, row);
  return ordered.length;
}

/** Checks hourly for daily audiences to refresh (the module's start/stop). */
export const dailyRefreshJob = periodicJob('audiences daily refresh', 3_600_000, (ctx) =>
  refreshDaily({ db: ctx.db.kysely, timeZone: ctx.cfg.timeZone }),
);
