import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its function is the default export's `default`.
const addFormats = addFormatsModule as unknown as { default: (a: Ajv) => void };
import type { TSchema } from 'typebox';
import { type FieldIssue, validationIssues } from './errors.ts';

// Strict: no coercion, unknown fields are errors, every problem of a record is reported.
const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, strict: false });
addFormats.default(ajv);
// The same acceptance as ajv-formats' full `date-time` and `date`, in one regex pass each (they are most of the
// per-record validation cost of events).
ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
ajv.addFormat('date', { type: 'string', validate: isDate });

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const validDay = (y: number, m: number, d: number) =>
  m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && leap(y) ? 29 : DAYS[m]!);
const DATE_RE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DATE_TIME_RE =
  /^(\d\d\d\d)-(\d\d)-(\d\d)[t\s](\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)$/i;

export function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  return !!m && validDay(+m[1]!, +m[2]!, +m[3]!);
}

/** RFC 3339 date-time with a required offset; a leap second only at 23:59:60 UTC (as ajv-formats). */
export function isDateTime(s: string): boolean {
  const m = DATE_TIME_RE.exec(s);
  if (!m || !validDay(+m[1]!, +m[2]!, +m[3]!)) return false;
  const hr = +m[4]!;
  const min = +m[5]!;
  const sec = +m[6]!;
  const sign = m[8] === '-' ? -1 : 1;
  const tzH = +(m[9] ?? 0);
  const tzM = +(m[10] ?? 0);
  if (tzH > 23 || tzM > 59) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  const utcMin = min - tzM * sign;
  const utcHr = hr - tzH * sign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}

/** Compiles a record schema once; the checker returns the record's field issues (empty when valid). */
export function recordChecker(schema: TSchema): (rec: unknown) => FieldIssue[] {
  const v = ajv.compile(schema);
  return (rec) => (v(rec) ? [] : validationIssues((v.errors ?? []) as ErrorObject[]));
}
