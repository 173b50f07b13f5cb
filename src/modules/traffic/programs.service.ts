import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { conflict, notFound, unprocessable } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { DEFAULT_PARAMS, paramIssues, type ProgramKind, type ProgramParams } from './domain/programs.ts';

export interface Program {
  id: string;
  kind: ProgramKind;
  name: string;
  nameZh: string | null;
  startsOn: string;
  endsOn: string | null;
  status: 'active' | 'paused' | 'ended';
  params: ProgramParams[ProgramKind];
  version: number;
  updatedAt: string;
}

export interface ProgramInput {
  kind: ProgramKind;
  name: string;
  nameZh?: string | null;
  startsOn: string;
  endsOn?: string | null;
  status?: Program['status'];
  params?: Partial<ProgramParams[ProgramKind]>;
}

interface Row {
  id: string;
  kind: ProgramKind;
  name: string;
  name_zh: string | null;
  starts_on: string;
  ends_on: string | null;
  status: Program['status'];
  params: ProgramParams[ProgramKind];
  version: number;
  updated_at: Date;
}

const toProgram = (r: Row): Program => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  nameZh: r.name_zh,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  status: r.status,
  params: r.params,
  version: r.version,
  updatedAt: new Date(r.updated_at).toISOString(),
});

const COLS = sql`id, kind, name, name_zh, starts_on::text AS starts_on, ends_on::text AS ends_on, status, params, version, updated_at`;

export async function listPrograms(
  db: Db,
  filter: { kind?: ProgramKind; activeOn?: string } = {},
): Promise<Program[]> {
  const { rows } = await sql<Row>`SELECT ${COLS} FROM traffic_programs
    WHERE (${filter.kind ?? null}::text IS NULL OR kind = ${filter.kind ?? null})
      AND (${filter.activeOn ?? null}::date IS NULL OR (status = 'active' AND starts_on <= ${filter.activeOn ?? null}::date
           AND (ends_on IS NULL OR ends_on >= ${filter.activeOn ?? null}::date)))
    ORDER BY starts_on DESC, id`.execute(db);
  return rows.map(toProgram);
}

export async function getProgram(db: Db, id: string): Promise<Program> {
  const { rows } = await sql<Row>`SELECT ${COLS} FROM traffic_programs WHERE id = ${id}`.execute(db);
  if (!rows[0]) throw notFound(`no traffic program ${id}`);
  return toProgram(rows[0]);
}

function validated(p: Omit<Program, 'id' | 'version' | 'updatedAt'>): void {
  const issues = paramIssues(p.kind, p.params);
  if (p.endsOn && p.endsOn < p.startsOn)
    issues.push({ field: 'endsOn', reason: 'must not be before startsOn' });
  if (issues.length) throw unprocessable(issues[0]!.reason, issues);
}

async function saveVersion(trx: Db, p: Program, by: string, note: string | null) {
  await sql`INSERT INTO traffic_program_versions (program_id, version, name, name_zh, starts_on, ends_on, status, params, changed_by, note)
    VALUES (${p.id}, ${p.version}, ${p.name}, ${p.nameZh}, ${p.startsOn}::date, ${p.endsOn}::date, ${p.status},
      ${JSON.stringify(p.params)}::jsonb, ${by}, ${note})`.execute(trx);
}

/** Creates a program (version 1). `id` makes the call safe to retry: the same id and body return the program. */
export async function createProgram(db: Db, input: ProgramInput, by: string, id?: string): Promise<Program> {
  const params = { ...DEFAULT_PARAMS[input.kind], ...(input.params ?? {}) } as ProgramParams[ProgramKind];
  const p = {
    kind: input.kind,
    name: input.name,
    nameZh: input.nameZh ?? null,
    startsOn: input.startsOn,
    endsOn: input.endsOn ?? null,
    status: input.status ?? ('active' as const),
    params,
  };
  validated(p);
  const pid = id ?? newId('tp');
  return db.transaction().execute(async (trx) => {
    const ins =
      await sql<Row>`INSERT INTO traffic_programs (id, kind, name, name_zh, starts_on, ends_on, status, params)
      VALUES (${pid}, ${p.kind}, ${p.name}, ${p.nameZh}, ${p.startsOn}::date, ${p.endsOn}::date, ${p.status}, ${JSON.stringify(params)}::jsonb)
      ON CONFLICT (id) DO NOTHING RETURNING ${COLS}`.execute(trx);
    if (!ins.rows[0]) {
      const existing = await getProgram(trx, pid);
      if (
        existing.kind !== p.kind ||
        JSON.stringify(existing.params) !== JSON.stringify(params) ||
        existing.name !== p.name
      )
        throw conflict(`program ${pid} exists with other settings`, [
          { field: 'id', reason: 'already used' },
        ]);
      return existing;
    }
    const prog = toProgram(ins.rows[0]);
    await saveVersion(trx, prog, by, 'created');
    return prog;
  });
}

export interface ProgramPatch {
  baseVersion: number;
  name?: string;
  nameZh?: string | null;
  startsOn?: string;
  endsOn?: string | null;
  status?: Program['status'];
  params?: Partial<ProgramParams[ProgramKind]>;
  note?: string;
}

/** Saves an edit made from `baseVersion` (409 if the program changed meanwhile) as the next version. */
export async function updateProgram(db: Db, id: string, patch: ProgramPatch, by: string): Promise<Program> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<Row>`SELECT ${COLS} FROM traffic_programs WHERE id = ${id} FOR UPDATE`.execute(
      trx,
    );
    if (!rows[0]) throw notFound(`no traffic program ${id}`);
    const cur = toProgram(rows[0]);
    if (cur.version !== patch.baseVersion)
      throw conflict(
        `program ${id} is at version ${cur.version}, not ${patch.baseVersion}: reload and edit again`,
        [{ field: 'baseVersion', reason: `current version is ${cur.version}` }],
      );
    const next = {
      kind: cur.kind,
      name: patch.name ?? cur.name,
      nameZh: patch.nameZh === undefined ? cur.nameZh : patch.nameZh,
      startsOn: patch.startsOn ?? cur.startsOn,
      endsOn: patch.endsOn === undefined ? cur.endsOn : patch.endsOn,
      status: patch.status ?? cur.status,
      params: { ...cur.params, ...(patch.params ?? {}) } as ProgramParams[ProgramKind],
    };
    validated(next);
    const upd = await sql<Row>`UPDATE traffic_programs SET name = ${next.name}, name_zh = ${next.nameZh},
        starts_on = ${next.startsOn}::date, ends_on = ${next.endsOn}::date, status = ${next.status},
        params = ${JSON.stringify(next.params)}::jsonb, version = version + 1, updated_at = now()
      WHERE id = ${id} RETURNING ${COLS}`.execute(trx);
    const prog = toProgram(upd.rows[0]!);
    await saveVersion(trx, prog, by, patch.note ?? null);
    return prog;
  });
}

export async function programVersions(db: Db, id: string) {
  await getProgram(db, id);
  const { rows } = await sql<{
    version: number;
    name: string;
    starts_on: string;
    ends_on: string | null;
    status: string;
    params: unknown;
    changed_by: string | null;
    changed_by_name: string | null;
    name_zh: string | null;
    note: string | null;
    changed_at: Date;
  }>`SELECT v.version, v.name, v.name_zh, v.starts_on::text AS starts_on, v.ends_on::text AS ends_on, v.status, v.params,
       v.changed_by, COALESCE(u.display_name, k.label) AS changed_by_name, v.note, v.changed_at
     FROM traffic_program_versions v LEFT JOIN console_users u ON u.id = v.changed_by LEFT JOIN api_keys k ON k.id = v.changed_by
     WHERE v.program_id = ${id} ORDER BY v.version DESC`.execute(db);
  return rows.map((r) => ({
    version: r.version,
    name: r.name,
    nameZh: r.name_zh,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
    params: r.params,
    changedBy: r.changed_by,
    changedByName: r.changed_by_name,
    note: r.note,
    changedAt: new Date(r.changed_at).toISOString(),
  }));
}
