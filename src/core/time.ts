import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';

/** Business day (YYYY-MM-DD) of an instant in the marketplace's time zone. */
export function businessDay(instant: Date | string | number, timeZone: string): string {
  return format(new TZDate(new Date(instant).getTime(), timeZone), 'yyyy-MM-dd');
}

/** The instant a business day starts in the marketplace's time zone. */
export function dayStart(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, timeZone).getTime());
}

export function shiftDay(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return format(addDays(new Date(Date.UTC(y, m - 1, d, 12)), n), 'yyyy-MM-dd');
}

/** Inclusive list of days from..to. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = shiftDay(d, 1)) out.push(d);
  return out;
}

const QUARTER_HOUR = 15 * 60_000;

/**
 * businessDay for hot paths: zone offsets change only on quarter-hour boundaries, so the day of
 * every instant in the same quarter hour is the same and is computed once (ingestion calls this per event).
 */
export function dayResolver(timeZone: string): (instant: string | number) => string {
  const cache = new Map<number, string>();
  return (instant) => {
    const ms = typeof instant === 'number' ? instant : Date.parse(instant);
    const q = Math.floor(ms / QUARTER_HOUR);
    let d = cache.get(q);
    if (d === undefined) {
      d = businessDay(q * QUARTER_HOUR, timeZone);
      if (cache.size > 100_000) cache.clear();
      cache.set(q, d);
    }
    return d;
  };
}

/** A timestamp column as ISO 8601 whichever driver read it (null stays null). */
export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
