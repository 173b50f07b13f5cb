// Times in forms are the marketplace's wall clock (Asia/Shanghai, UTC+8 all year), whatever
// zone the browser is in, so a promotion that "starts at 20:00" starts at 20:00 in the market.
import dayjs, { type Dayjs } from 'dayjs';
import { formatInstant } from '../../format';

const OFFSET = '+08:00';

/** An instant as a Dayjs whose local fields show the marketplace's wall clock. */
export const toWallClock = (iso: string): Dayjs => dayjs(formatInstant(iso), 'YYYY-MM-DD HH:mm');

/** A picked wall-clock time (marketplace zone) as an RFC 3339 instant. */
export const fromWallClock = (d: Dayjs): string =>
  new Date(`${d.format('YYYY-MM-DDTHH:mm')}:00${OFFSET}`).toISOString();

/** `now` floored to the minute, plus `days`, as an instant: defaults for new windows. */
export function minuteFrom(now: Date, days = 0): string {
  const t = new Date(now.getTime() + days * 86_400_000);
  t.setUTCSeconds(0, 0);
  return t.toISOString();
}
