import type { BulkColumn } from '../../core/bulk.ts';
import type { BatchOptions, BatchResult } from './batch.ts';
import { type LiveSession, LiveSessionRecord } from './domain/schemas.ts';
import type { IngestEnv } from './orders.service.ts';
import { ingestStoreRecords } from './store-records.ts';

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
export const ingestLiveSessions = (
  env: IngestEnv,
  records: unknown[],
  opts: BatchOptions = {},
): Promise<BatchResult> =>
  ingestStoreRecords<LiveSession>(
    env,
    {
      schema: LiveSessionRecord,
      table: 'live_sessions',
      columns: COLUMNS,
      check,
      touch: 'updated_at = now()',
      row: (s, merchantId) => [
        s.id,
        s.storeId,
        merchantId,
        s.hostType,
        s.creatorId ?? null,
        s.agencyId ?? null,
        s.title ?? null,
        s.scheduledAt ?? null,
        s.startedAt ?? null,
        s.endedAt ?? null,
      ],
    },
    records,
    opts,
  );
