import type { TSchema } from 'typebox';
import { sql } from 'kysely';
import { type BulkColumn, bulkInsert, upsertTail } from '../../core/bulk.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { type BatchOptions, type BatchResult, finish, type RecordResult, safeId, screen } from './batch.ts';
import type { IngestEnv } from './orders.service.ts';

export interface StoreRecordSpec<T extends { id: string; storeId: string }> {
  schema: TSchema;
  table: string;
  columns: BulkColumn[];
  /** Why a record is inconsistent on its own (before the database is read), or null. */
  check?: (rec: T) => FieldIssue | null;
  /** The row to store, given the store's merchant. */
  row: (rec: T, merchantId: string) => unknown[];
  /** Extra SET of the upsert (e.g. `updated_at = now()`). */
  touch?: string;
}

/**
 * Upserts records that belong to a store, by id (service sessions, live sessions): screened against the schema
 * and `check`, the store must exist, unchanged records are reported as such; atomic by default.
 */
export async function ingestStoreRecords<T extends { id: string; storeId: string }>(
  env: IngestEnv,
  spec: StoreRecordSpec<T>,
  records: unknown[],
  opts: BatchOptions = {},
): Promise<BatchResult> {
  const atomic = opts.atomic ?? true;
  const { items, rejected, schemaRejected } = screen<T>(spec.schema, records, env.maxBatch, (r) => r.id);
  if (spec.check)
    for (const it of items) {
      const issue = spec.check(it.rec);
      if (issue) rejected.set(it.index, [issue]);
    }
  if (atomic && rejected.size) return finish(records, rejected, [], atomic, schemaRejected, safeId);
  const valid = items.filter((it) => !rejected.has(it.index));
  const results = await env.db.transaction().execute(async (trx) => {
    const ids = [...new Set(valid.map((i) => i.rec.storeId))];
    const owners = new Map(
      (
        await sql<{ id: string; merchant_id: string }>`
          SELECT id, merchant_id FROM stores WHERE id = ANY(${ids}::text[])`.execute(trx)
      ).rows.map((r) => [r.id, r.merchant_id]),
    );
    const ok = valid.filter((it) => {
      if (owners.has(it.rec.storeId)) return true;
      rejected.set(it.index, [{ field: 'storeId', reason: `unknown store ${it.rec.storeId}` }]);
      return false;
    });
    if (atomic && rejected.size) return [];
    const rows = ok.map(({ rec }) => spec.row(rec, owners.get(rec.storeId)!));
    const changed = await bulkInsert(
      trx,
      spec.table,
      spec.columns,
      rows,
      upsertTail(spec.table, spec.columns, ['id'], spec.touch),
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
