import { sql } from 'kysely';
import { type BulkColumn, bulkInsert, upsertTail } from '../../core/bulk.ts';
import { type BatchOptions, type BatchResult, finish, type RecordResult, safeId, screen } from './batch.ts';
import { type LiveSession, LiveSessionRecord } from './domain/schemas.ts';
import type { IngestEnv } from './orders.service.ts';

const col = (name: string, type: BulkColumn['type'] = 'text'): BulkColumn => ({ name, type });
const COLUMNS = [
  col('id'),
  col('store_id'),
  col('merchant_id'),
  col('host_type'),
  col('creator_id'),
  col('agency_id'),
  col('title'),
  col('scheduled_at', 'timestamptz'),
  col('started_at', 'timestamptz'),
  col('ended_at', 'timestamptz'),
];

/** Why a session record is inconsistent on its own (before looking at the database), or null. */
function check(s: LiveSession): { field: string; reason: string } | null {
  if (s.endedAt && !s.startedAt) return { field: 'endedAt', reason: 'a session cannot end before it starts' };
  if (s.endedAt && s.startedAt && Date.parse(s.endedAt) < Date.parse(s.startedAt))
    return { field: 'endedAt', reason: 'must not be before startedAt' };
  if (s.hostType !== 'self' && !s.creatorId)
    return { field: 'creatorId', reason: `required when hostType is ${s.hostType}` };
  if (s.hostType === 'agency' && !s.agencyId)
    return { field: 'agencyId', reason: 'required when hostType is agency' };
  return null;
}

/**
 * Upserts live sessions by id (the full current state each time: scheduled → started → ended). The room is the
 * store's; its merchant is taken from the store.
 */
export async function ingestLiveSessions(
  env: IngestEnv,
  records: unknown[],
  opts: BatchOptions = {},
): Promise<BatchResult> {
  const atomic = opts.atomic ?? true;
  const { items, rejected, schemaRejected } = screen<LiveSession>(
    LiveSessionRecord,
    records,
    env.maxBatch,
    (r) => r.id,
  );
  for (const it of items) {
    const issue = check(it.rec);
    if (issue) rejected.set(it.index, [issue]);
  }
  if (atomic && rejected.size) return finish(records, rejected, [], atomic, schemaRejected, safeId);
  const valid = items.filter((it) => !rejected.has(it.index));
  const results = await env.db.transaction().execute(async (trx) => {
    const storeIds = [...new Set(valid.map((i) => i.rec.storeId))];
    const owners = new Map(
      (
        await sql<{ id: string; merchant_id: string }>`
          SELECT id, merchant_id FROM stores WHERE id = ANY(${storeIds}::text[])`.execute(trx)
      ).rows.map((r) => [r.id, r.merchant_id]),
    );
    const ok = valid.filter((it) => {
      if (owners.has(it.rec.storeId)) return true;
      rejected.set(it.index, [{ field: 'storeId', reason: `unknown store ${it.rec.storeId}` }]);
      return false;
    });
    if (atomic && rejected.size) return [];
    const rows = ok.map(({ rec: s }) => [
      s.id,
      s.storeId,
      owners.get(s.storeId),
      s.hostType,
      s.creatorId ?? null,
      s.agencyId ?? null,
      s.title ?? null,
      s.scheduledAt ?? null,
      s.startedAt ?? null,
      s.endedAt ?? null,
    ]);
    const changed = await bulkInsert(
      trx,
      'live_sessions',
      COLUMNS,
      rows,
      upsertTail('live_sessions', COLUMNS, ['id'], 'updated_at = now()'),
    );
    const outcome = new Map(
      changed.map((c) => [c.id as string, c.inserted ? 'created' : 'updated'] as const),
    );
    return ok.map<RecordResult>((i) => ({
      index: i.index,
      id: i.id,
      outcome: outcome.get(i.id) ?? 'unchanged',
    }));
  });
  return finish(records, rejected, results, atomic, schemaRejected, safeId);
}
