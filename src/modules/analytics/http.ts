import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { type Static, Type } from 'typebox';
import { unprocessable } from '../../core/errors.ts';
import { businessDay, dayRange, shiftDay } from '../../core/time.ts';

/** Shared query pieces of the analytics routes: a day range, the merchant named by operators, CSV output. */

export const Day = Type.String({
  format: 'date',
  description: 'business day (marketplace time zone), YYYY-MM-DD',
});
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
export const Format = Type.Optional(
  Type.Enum(['json', 'csv'], {
    default: 'json',
    description: '`csv` returns the table as text/csv with a header row',
  }),
);

export const RangeFields = {
  from: Type.Optional(Day),
  to: Type.Optional(Day),
};
export const MerchantRangeQuery = Type.Object(
  { merchantId: Type.Optional(Id), ...RangeFields, format: Format },
  { additionalProperties: false },
);
export type MerchantRangeQuery = Static<typeof MerchantRangeQuery>;

export interface DayRange {
  from: string;
  to: string;
  days: number;
}

/** The longest range a report reads. */
export const MAX_RANGE_DAYS = 366;

/**
 * The requested range, by default the 7 days ending today (marketplace time zone). A reversed or too long range
 * is a 422 naming the field.
 */
export function resolveRange(q: { from?: string; to?: string }, timeZone: string, defaultDays = 7): DayRange {
  const to = q.to ?? businessDay(Date.now(), timeZone);
  const from = q.from ?? shiftDay(to, -(defaultDays - 1));
  if (from > to)
    throw unprocessable('the range is reversed', [{ field: 'from', reason: 'must not be after to' }]);
  const days = dayRange(from, to).length;
  if (days > MAX_RANGE_DAYS)
    throw unprocessable('the range is too long', [
      { field: 'from', reason: `at most ${MAX_RANGE_DAYS} days` },
    ]);
  return { from, to, days };
}

/** The range of the same length just before. */
export const previousRange = (r: DayRange): DayRange => ({
  from: shiftDay(r.from, -r.days),
  to: shiftDay(r.from, -1),
  days: r.days,
});

export type CsvColumn<T> = { key: string; value: (row: T) => string | number | boolean | null };

/** Sends rows as a CSV attachment (header row first); money stays in fen, named `…_fen`. */
export function sendCsv<T>(
  reply: FastifyReply,
  filename: string,
  columns: CsvColumn<T>[],
  rows: readonly T[],
) {
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}.csv"`);
  return stringify(
    rows.map((r) => columns.map((c) => c.value(r))),
    { header: true, columns: columns.map((c) => c.key) },
  );
}
