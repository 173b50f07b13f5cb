import { sql } from 'kysely';
import { type BulkColumn, bulkInsertSql } from '../../core/bulk.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { dayResolver } from '../../core/time.ts';
import { batchProblem, type BatchOptions, safeId, screen } from './batch.ts';
import { type BehaviourEvent, EventRecord } from './domain/schemas.ts';
import type { IngestEnv } from './orders.service.ts';

export interface EventBatchResult {
  accepted: number;
  inserted: number;
  duplicates: number;
  rejected: { index: number; id?: string; errors: FieldIssue[] }[];
}

export const EVENT_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'day', type: 'date' },
  { name: 'occurred_at', type: 'timestamptz' },
  { name: 'type', type: 'text' },
  { name: 'user_id', type: 'text' },
  { name: 'product_id', type: 'text' },
  { name: 'store_id', type: 'text' },
  { name: 'scene', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'query', type: 'text' },
  { name: 'live_session_id', type: 'text' },
  { name: 'creator_id', type: 'text' },
  { name: 'promoter_id', type: 'text' },
  { name: 'duration_ms', type: 'int' },
];

/** What each event type must name beyond the common fields. */
export function checkEvent(e: BehaviourEvent): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (e.type === 'search' && !e.query)
    issues.push({ field: 'query', reason: 'is required for search events' });
  if ((e.type === 'live_enter' || e.type === 'live_leave') && !e.liveSessionId)
    issues.push({ field: 'liveSessionId', reason: `is required for ${e.type} events` });
  if ((e.type === 'follow' || e.type === 'unfollow') && !e.storeId && !e.creatorId)
    issues.push({ field: 'storeId', reason: `${e.type} needs storeId or creatorId` });
  if (['click', 'view', 'cart', 'favorite'].includes(e.type) && !e.productId)
    issues.push({ field: 'productId', reason: `is required for ${e.type} events` });
  if (e.type === 'exposure' && !e.productId && !e.liveSessionId && !e.storeId)
    issues.push({ field: 'productId', reason: 'an exposure shows a product, a store or a live room' });
  if (e.type !== 'search' && e.query)
    issues.push({ field: 'query', reason: 'only search events carry a query' });
  return issues;
}

const resolvers = new Map<string, (instant: string) => string>();
function dayOf(instant: string, timeZone: string): string {
  let r = resolvers.get(timeZone);
  if (!r) {
    r = dayResolver(timeZone);
    resolvers.set(timeZone, r);
  }
  return r(instant);
}

/** A row of the events table in EVENT_COLUMNS order (shared by the HTTP path and bulk loaders). */
export function eventRow(e: BehaviourEvent, timeZone: string): unknown[] {
  return [
    e.id,
    dayOf(e.occurredAt, timeZone),
    e.occurredAt,
    e.type,
    e.userId,
    e.productId,
    e.storeId,
    e.scene,
    e.channel ?? 'organic',
    e.query,
    e.liveSessionId,
    e.creatorId,
    e.promoterId,
    e.durationMs,
  ];
}

/**
 * Behaviour events are append-only facts: idempotent by (business day, id), duplicates are counted, not rewritten.
 * References are not checked against the catalog (logs may arrive before the catalog does).
 */
export async function ingestEvents(
  env: IngestEnv,
  records: unknown[],
  opts: BatchOptions = {},
): Promise<EventBatchResult> {
  const atomic = opts.atomic ?? true;
  const { items, rejected, schemaRejected } = screen<BehaviourEvent>(
    EventRecord,
    records,
    env.maxBatch,
    (r) => r.id,
  );
  const rows: unknown[][] = [];
  for (const it of items) {
    const issues = checkEvent(it.rec);
    if (issues.length) rejected.set(it.index, issues);
    else rows.push(eventRow(it.rec, env.timeZone));
  }
  const rej = [...rejected.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, errors]) => {
      const id = safeId(records[index]);
      return { index, ...(id ? { id } : {}), errors };
    });
  if (atomic && rej.length) throw batchProblem(rej, schemaRejected);
  // Count inserted rows in the database instead of returning one row per event.
  const inserted = rows.length
    ? Number(
        (
          await sql<{
            n: number;
          }>`WITH ins AS (${bulkInsertSql('events', EVENT_COLUMNS, rows, sql`ON CONFLICT (day, id) DO NOTHING RETURNING 1`)}) SELECT count(*)::int AS n FROM ins`.execute(
            env.db,
          )
        ).rows[0]!.n,
      )
    : 0;
  return { accepted: rows.length, inserted, duplicates: rows.length - inserted, rejected: rej };
}
