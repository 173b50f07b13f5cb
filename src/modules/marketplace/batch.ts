import type { TSchema } from 'typebox';
import { type FieldIssue, Problem, summarize } from '../../core/errors.ts';
import { recordChecker } from '../../core/validate.ts';

export type Outcome = 'created' | 'updated' | 'unchanged';

export interface BatchOptions {
  /** true (default): the batch is written whole or not at all. false: valid records are written, invalid ones reported. */
  atomic?: boolean;
}

export interface RecordResult {
  index: number;
  id: string;
  outcome: Outcome;
}

export interface BatchResult {
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { index: number; id?: string; errors: FieldIssue[] }[];
  results: RecordResult[];
}

/** A record that passed schema validation, with its position in the request. */
export interface Item<T> {
  index: number;
  id: string;
  rec: T;
}

/** Thrown inside a write transaction when a concurrent writer changed the same rows: the batch is re-planned. */
export class RetryBatch extends Error {}

const checkers = new WeakMap<TSchema, (r: unknown) => FieldIssue[]>();

/**
 * Schema validation and in-batch duplicate detection, shared by every ingestion kind.
 * Returns the valid items and the rejections so far (keyed by record index).
 */
export function screen<T>(schema: TSchema, records: unknown[], maxBatch: number, idOf: (r: T) => string) {
  if (!Array.isArray(records))
    throw new Problem(400, 'Bad Request', 'body must be { "records": [...] } or NDJSON', [
      { field: 'records', reason: 'must be an array' },
    ]);
  if (records.length > maxBatch) {
    throw new Problem(
      413,
      'Content Too Large',
      `a batch holds at most ${maxBatch} records; this one has ${records.length}`,
      [{ field: 'records', reason: `more than ${maxBatch} records` }],
    );
  }
  let check = checkers.get(schema);
  if (!check) {
    check = recordChecker(schema);
    checkers.set(schema, check);
  }
  const items: Item<T>[] = [];
  const rejected = new Map<number, FieldIssue[]>();
  const firstIndex = new Map<string, number>();
  records.forEach((r, index) => {
    const issues = check!(r);
    if (issues.length) {
      rejected.set(index, issues);
      return;
    }
    const rec = r as T;
    const id = idOf(rec);
    const prior = firstIndex.get(id);
    if (prior !== undefined) {
      rejected.set(index, [{ field: 'id', reason: `repeats record ${prior} of this batch` }]);
      return;
    }
    firstIndex.set(id, index);
    items.push({ index, id, rec });
  });
  return { items, rejected, schemaRejected: rejected.size > 0 };
}

/** Builds the batch answer; in atomic mode any rejection fails the whole batch with every issue listed. */
export function finish(
  records: unknown[],
  rejected: Map<number, FieldIssue[]>,
  results: RecordResult[],
  atomic: boolean,
  schemaRejected: boolean,
  idOf: (r: unknown) => string | undefined,
): BatchResult {
  const rej = [...rejected.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, errors]) => {
      const id = idOf(records[index]);
      return { index, ...(id ? { id } : {}), errors };
    });
  if (atomic && rej.length) throw batchProblem(rej, schemaRejected);
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  results.sort((a, b) => a.index - b.index);
  return {
    accepted: results.length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: rej,
    results,
  };
}

export function batchProblem(
  rej: { index: number; id?: string; errors: FieldIssue[] }[],
  schema: boolean,
): Problem {
  const flat = rej.flatMap((r) =>
    r.errors.map((e) => ({ ...e, index: r.index, ...(r.id ? { id: r.id } : {}) })),
  );
  const n = rej.length;
  const detail = `${n} record${n === 1 ? '' : 's'} rejected, nothing written: ${summarize(flat)}`;
  return schema
    ? new Problem(400, 'Bad Request', detail, flat)
    : new Problem(422, 'Unprocessable Content', detail, flat);
}

export const safeId = (r: unknown): string | undefined => {
  const id = (r as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
};
