/**
 * The helpers the patches in this folder add to src/core (bulk.ts, validate.ts), kept here so micro.ts can
 * measure them and check that they agree with what they replace. See README.md.
 */

const NEEDS_ESCAPE = /["\\]/;
function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${s}"`;
}

/**
 * A PostgreSQL array literal of scalars, identical to what `pg` sends for a JS array parameter
 * (`{"a","b",NULL}`), without pg's per-element prepareValue + two regex replaces.
 */
export function pgArrayLiteral(values: readonly unknown[]): string {
  let s = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) s += ',';
    const v = values[i];
    if (v === null || v === undefined) s += 'NULL';
    else if (typeof v === 'string') s += quote(v);
    else if (typeof v === 'number' || typeof v === 'bigint') s += `"${v}"`;
    else if (typeof v === 'boolean') s += v ? '"true"' : '"false"';
    else if (v instanceof Date) s += `"${v.toISOString()}"`;
    else s += quote(JSON.stringify(v));
  }
  return `${s}}`;
}

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const validDay = (y: number, m: number, d: number) =>
  m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && leap(y) ? 29 : DAYS[m]!);
const DATE_RE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DATE_TIME_RE =
  /^(\d\d\d\d)-(\d\d)-(\d\d)[t\s](\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)$/i;

/** ajv-formats' full `date`, one regex pass. */
export function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  return !!m && validDay(+m[1]!, +m[2]!, +m[3]!);
}

/** ajv-formats' full `date-time` (offset required; leap second only at 23:59:60 UTC), one regex pass. */
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
