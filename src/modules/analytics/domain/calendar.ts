/**
 * Campaign days of the marketplace calendar (month-day, every year) and day arithmetic on day numbers (days since
 * 1970-01-01), so the forecast code never builds Date objects per point. Extend CAMPAIGN_DAYS to add a campaign;
 * the forecast estimates one uplift per name.
 */

export interface CampaignDay {
  /** Stable name shown in forecasts, e.g. `618`. */
  name: string;
  /** MM-DD, every year. */
  monthDay: string;
}

export const CAMPAIGN_DAYS: readonly CampaignDay[] = [
  { name: '618', monthDay: '06-18' },
  // The day after a big campaign is its hangover (buyers spent the day before): its own factor, usually below 1.
  { name: '618_after', monthDay: '06-19' },
  { name: 'double11', monthDay: '11-11' },
  { name: 'double11_after', monthDay: '11-12' },
  { name: 'double12', monthDay: '12-12' },
];

const DAY_MS = 86_400_000;

/** Day number of a YYYY-MM-DD calendar day. */
export function dayNumber(day: string): number {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** YYYY-MM-DD of a day number. */
export const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** Weekday of a day number, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export const weekdayOf = (n: number): number => (((n + 3) % 7) + 7) % 7;

/** The campaign of a day, or null. */
export function campaignOf(day: string, calendar: readonly CampaignDay[] = CAMPAIGN_DAYS): string | null {
  const md = day.slice(5, 10);
  for (const c of calendar) if (c.monthDay === md) return c.name;
  return null;
}

/**
 * Campaign index (into `calendar`) of each of `length` days from day number `start`, −1 on ordinary days: one
 * array shared by every series with the same first day.
 */
export function campaignIndex(
  start: number,
  length: number,
  calendar: readonly CampaignDay[] = CAMPAIGN_DAYS,
): Int8Array {
  const out = new Int8Array(length).fill(-1);
  const mds = calendar.map((c) => c.monthDay);
  for (let i = 0; i < length; i++) {
    const md = dayString(start + i).slice(5, 10);
    out[i] = mds.indexOf(md);
  }
  return out;
}
