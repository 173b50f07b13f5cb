import { sql } from 'kysely';
import { type BulkColumn, bulkInsertSql, copyCsv, csvQuote } from '../../core/bulk.ts';
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
  const valid: BehaviourEvent[] = [];
  for (const it of items) {
    const issues = checkEvent(it.rec);
    if (issues.length) rejected.set(it.index, issues);
    else valid.push(it.rec);
  }
  const rej = [...rejected.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, errors]) => {
      const id = safeId(records[index]);
      return { index, ...(id ? { id } : {}), errors };
    });
  if (atomic && rej.length) throw batchProblem(rej, schemaRejected);
  const hooks = env.eventHooks ?? [];
  const before: unknown[] = [];
  if (valid.length) for (const h of hooks) before.push(await h.before?.(env.db, valid));
  const written = valid.length ? await writeEvents(env, valid, hooks.length > 0) : 0;
  const inserted = typeof written === 'number' ? written : written.length;
  // Hooks hear of the newly stored events only: a duplicate was told when it was first stored.
  if (typeof written !== 'number' && written.length)
    for (const [i, h] of hooks.entries()) await h.written(env.db, written, before[i]);
  return { accepted: valid.length, inserted, duplicates: valid.length - inserted, rejected: rej };
}

/**
 * Validated events as CSV rows in EVENT_COLUMNS order, for `COPY … WITH (FORMAT csv)`. Only `query` is free
 * text (always quoted: never read as NULL); ids match `[A-Za-z0-9_.:-]+`, types, scenes and channels are
 * vocabulary words, instants are RFC 3339 and durations integers, so none of them needs quoting; an absent
 * field is an empty unquoted field, i.e. NULL.
 */
export function eventsCsv(events: readonly BehaviourEvent[], timeZone: string): string {
  let s = '';
  for (const e of events) {
    s += `${e.id},${dayOf(e.occurredAt, timeZone)},${e.occurredAt},${e.type},${e.userId ?? ''},${e.productId ?? ''},${e.storeId ?? ''},${e.scene},${e.channel ?? 'organic'},${e.query === undefined ? '' : csvQuote(e.query)},${e.liveSessionId ?? ''},${e.creatorId ?? ''},${e.promoterId ?? ''},${e.durationMs ?? ''}\n`;
  }
  return s;
}

/**
 * Appends validated events; returns the newly stored ones when `which` (for the events-written hooks), otherwise
 * how many were new. Fast path (when the environment hands over the database itself): one `COPY` straight into
 * `events`, as cheap as a bulk load — it succeeds only when none of the batch's (day, id) keys is stored yet,
 * which is what a fresh batch is, and then stored them all. The primary key still decides: if any is already
 * there (a batch sent again after a lost answer, or overlapping a concurrent one), the COPY writes nothing and
 * fails, and the batch takes the idempotent insert below (`ON CONFLICT (day, id) DO NOTHING`, the new rows
 * returned or counted), as every batch does without the fast path (`env.db` may then be a transaction).
 */
async function writeEvents(
  env: IngestEnv,
  events: BehaviourEvent[],
  which: boolean,
): Promise<number | BehaviourEvent[]> {
  if (env.database) {
    try {
      await copyCsv(env.database, 'events', EVENT_COLUMNS, eventsCsv(events, env.timeZone));
      return which ? events : events.length;
    } catch (e) {
      // Any database error (a duplicate key, or a value the database refuses): the COPY wrote nothing, and the
      // idempotent insert decides (with the same errors as without the fast path).
      if (!(e as { code?: unknown }).code) throw e;
    }
  }
  const rows = events.map((e) => eventRow(e, env.timeZone));
  if (which) {
    // The keys of the rows actually inserted (ids are unique within a batch, so a key names one event).
    const r = await sql<{ day: string; id: string }>`${bulkInsertSql(
      'events',
      EVENT_COLUMNS,
      rows,
      sql`ON CONFLICT (day, id) DO NOTHING RETURNING day::text, id`,
    )}`.execute(env.db);
    const keys = new Set(r.rows.map((x) => `${x.day}\u0000${x.id}`));
    return events.filter((e, i) => keys.has(`${rows[i]![1]}\u0000${e.id}`));
  }
  // Count inserted rows in the database instead of returning one row per event.
  return Number(
    (
      await sql<{
        n: number;
      }>`WITH ins AS (${bulkInsertSql('events', EVENT_COLUMNS, rows, sql`ON CONFLICT (day, id) DO NOTHING RETURNING 1`)}) SELECT count(*)::int AS n FROM ins`.execute(
        env.db,
      )
    ).rows[0]!.n,
  );
}
