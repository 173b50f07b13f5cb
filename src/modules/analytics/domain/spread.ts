import { splitEvenly } from '../../../core/money.ts';
import { dayRange } from '../../../core/time.ts';

/**
 * The part of a cost spent over a run of days (an ad's first to last day) that falls in the range [from, to]:
 * the total split evenly over the run's days, exact to the fen (the first days take the extra fen), so the parts of
 * any ranges that tile the run add up to the total.
 */
export function spendInRange(total: number, first: string, last: string, from: string, to: string): number {
  if (last < first) return from <= first && first <= to ? total : 0;
  const days = dayRange(first, last);
  const parts = splitEvenly(total, days.length);
  let s = 0;
  days.forEach((d, i) => {
    if (d >= from && d <= to) s += parts[i]!;
  });
  return s;
}
