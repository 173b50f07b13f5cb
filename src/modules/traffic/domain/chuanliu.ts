/**
 * Chuanliu (川流计划): a merchant's creator-distribution GMV earns exposure quota for its own live room, and the
 * creators who distributed earn quota for theirs. The account is a ledger of earned (+), delivered (−) and
 * expired (−) entries; quota not delivered within `validDays` of being earned expires, oldest first.
 */

export interface ChuanliuParams {
  /** Exposures earned by the merchant per yuan of creator-distribution GMV. */
  merchantPerYuan: number;
  /** Exposures earned by a creator per yuan of GMV it distributed. */
  creatorPerYuan: number;
  /** Days earned quota stays usable. */
  validDays: number;
  /** At most this many exposures delivered to one room a day. */
  dailyCap: number;
}

/** Quota earned by `gmv` fen at `perYuan` exposures a yuan, rounded down (a fraction of an exposure is not earned). */
export const earnedFor = (gmv: number, perYuan: number) => Math.floor((gmv * perYuan) / 100);

export interface QuotaEntry {
  day: string;
  type: 'earned' | 'delivered' | 'expired';
  /** Signed: earned positive, delivered and expired negative. */
  exposures: number;
}

export const balanceOf = (entries: readonly QuotaEntry[]) => entries.reduce((s, e) => s + e.exposures, 0);

/**
 * Quota that expires at the end of `day`: whatever the balance holds beyond what was earned in the last
 * `validDays` days (delivery and earlier expiry use the oldest quota first, so that is exactly the old part).
 */
export function expiringOn(
  entries: readonly QuotaEntry[],
  day: string,
  validDays: number,
  shiftDay: (d: string, n: number) => string,
): number {
  const since = shiftDay(day, -(validDays - 1));
  let balance = 0;
  let recent = 0;
  for (const e of entries) {
    if (e.day > day) continue;
    balance += e.exposures;
    if (e.type === 'earned' && e.day >= since) recent += e.exposures;
  }
  return Math.max(0, balance - recent);
}

/** A room's target for a day: its balance, at most the daily cap. */
export const chuanliuTarget = (balance: number, cap: number) => Math.max(0, Math.min(balance, cap));
