/**
 * Live metrics arithmetic: pure functions over per-minute aggregates (see docs/live.md for the definitions).
 * Instants are epoch milliseconds; a minute is named by its start. Money is integer fen.
 */

export const MINUTE_MS = 60_000;

export type SessionStatus = 'scheduled' | 'live' | 'ended';

export function sessionStatus(startedAt: unknown, endedAt: unknown): SessionStatus {
  if (startedAt == null) return 'scheduled';
  return endedAt == null ? 'live' : 'ended';
}

/** num / den rounded half up, for non-negative integers; 0 when den is 0. */
export function divHalfUp(num: number, den: number): number {
  if (den <= 0) return 0;
  return Math.floor((2 * num + den) / (2 * den));
}

/** GMV per 1,000 views, integer fen, round half up. */
export const gpm = (gmv: number, views: number) => divHalfUp(gmv * 1000, views);
/** Buyers / unique viewers in basis points, round half up. */
export const conversionBp = (buyers: number, uniqueViewers: number) =>
  divHalfUp(buyers * 10_000, uniqueViewers);
/** Total watch time of the closed views / their number, whole seconds, round half up. */
export const avgWatchSeconds = (watchMs: number, leaves: number) => divHalfUp(watchMs, leaves * 1000);

export const floorMinute = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;

/** A minute's room deltas (only minutes with activity need to be present). */
export interface MinuteDelta {
  minute: number;
  enters: number;
  leaves: number;
}

/**
 * Peak online: the largest number of viewers in the room at a minute's end, where the number at the end of a
 * minute is all enters minus all leaves up to and including it. Never negative (0 for an empty room).
 */
export function peakOnline(minutes: readonly MinuteDelta[]): number {
  const sorted = [...minutes].sort((a, b) => a.minute - b.minute);
  let online = 0;
  let peak = 0;
  for (const m of sorted) {
    online += m.enters - m.leaves;
    if (online > peak) peak = online;
  }
  return peak;
}

/** Viewers in the room when a window starts: enters minus leaves of every minute before the window's minute. */
export function onlineAt(minutes: readonly MinuteDelta[], at: number): number {
  const m0 = floorMinute(at);
  let online = 0;
  for (const m of minutes) if (m.minute < m0) online += m.enters - m.leaves;
  return Math.max(0, online);
}

/** Whether the minute starting at `minute` overlaps the half-open window [start, end). */
export const overlaps = (minute: number, start: number, end: number) =>
  minute < end && minute + MINUTE_MS > start;

/** Sum of per-minute counts over the minutes overlapping [start, end) (clicks of a window, minute resolution). */
export function sumOverlapping(rows: readonly { minute: number; n: number }[], start: number, end: number) {
  let s = 0;
  for (const r of rows) if (overlaps(r.minute, start, end)) s += r.n;
  return s;
}

export interface MinuteRow extends MinuteDelta {
  clicks: number;
  orders: number;
  gmv: number;
}

export interface TimelinePoint extends MinuteRow {
  online: number;
}

/**
 * One point per minute from `from` to `to` (both floored to the minute, inclusive), with the minutes that had
 * no activity filled with zeros and `online` the cumulative enters − leaves (activity before `from` counts
 * towards it). At most `maxPoints` points: a longer span keeps its last `maxPoints` minutes.
 */
export function timeline(
  rows: readonly MinuteRow[],
  from: number,
  to: number,
  maxPoints = 24 * 60,
): TimelinePoint[] {
  const a = floorMinute(from);
  let b = floorMinute(to);
  if (b < a) b = a;
  const start = Math.max(a, b - (maxPoints - 1) * MINUTE_MS);
  const byMinute = new Map<number, MinuteRow>();
  let online = 0;
  for (const r of rows) {
    if (r.minute < start) online += r.enters - r.leaves;
    else byMinute.set(r.minute, r);
  }
  const out: TimelinePoint[] = [];
  for (let m = start; m <= b; m += MINUTE_MS) {
    const r = byMinute.get(m);
    const p = { minute: m, enters: 0, leaves: 0, clicks: 0, orders: 0, gmv: 0, ...(r ?? {}) };
    online += p.enters - p.leaves;
    out.push({ ...p, minute: m, online: Math.max(0, online) });
  }
  return out;
}
