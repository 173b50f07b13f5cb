import { dayStart } from '../../../core/time.ts';
import type { InvalidReason, LineStatus } from './types.ts';

/**
 * Status codes of commission lines, in the manner of JD Union / Alimama order reports: one number for each
 * state and one for each invalid reason. `settleable` is a derived state: completed and past its holding period.
 */
export const STATUS_CODES: Record<LineStatus | 'settleable', number> = {
  estimated: 16,
  completed: 17,
  settleable: 18,
  settled: 19,
  paid: 20,
  invalid: 13,
};
export const INVALID_CODES: Record<InvalidReason, number> = {
  cancelled: 3,
  refunded: 4,
  split_parent: 2,
  self_purchase: 5,
  abnormal_clicks: 6,
  refund_farming: 7,
  quantity_cap: 8,
};

export function displayStatus(
  status: LineStatus,
  settleableAt: number | null,
  now: number,
  reviewPending: boolean,
): LineStatus | 'settleable' {
  if (status === 'completed' && settleableAt !== null && settleableAt <= now && !reviewPending)
    return 'settleable';
  return status;
}

export const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The month's statement runs on the settlement day of the following month (the 20th by default, as JD Union
 * pays the previous month on the 20th) and that day is also its cut-off: it takes every line whose holding
 * period ended before it. With the default 15-day hold every line completed in the month is in it; a line
 * completed early in the next month whose hold already ended is paid now rather than a month later.
 */
export function settlementRunAt(month: string, settlementDay: number, timeZone: string): Date {
  return dayStart(`${nextMonth(month)}-${String(settlementDay).padStart(2, '0')}`, timeZone);
}

export const settleableAt = (completedAt: number, holdDays: number) => completedAt + holdDays * 86_400_000;
