import { splitByWeights } from '../../../core/money.ts';

/**
 * Shares-mode funding: the merchant-funded discount of each paid order is re-apportioned over the accepted
 * stores by their agreed shares, exact to the fen; the difference to what each merchant funded on its own lines
 * moves between merchants. A store without an explicit share takes an equal part of what explicit shares leave.
 */

export interface ShareHolder {
  storeId: string;
  merchantId: string;
  shareBp: number | null;
}

/** Integer weights per holder (bp): explicit shares as given, the rest of 10000 split evenly over the others. */
export function effectiveShares(holders: readonly ShareHolder[]): number[] {
  const explicit = holders.reduce((s, h) => s + (h.shareBp ?? 0), 0);
  const open = holders.filter((h) => h.shareBp === null).length;
  const rest = open ? splitByWeights(Math.max(0, 10_000 - explicit), new Array(open).fill(1)) : [];
  let k = 0;
  return holders.map((h) => h.shareBp ?? rest[k++]!);
}

export interface FundedLine {
  merchantId: string;
  merchantFunded: number;
}

export interface MerchantFunding {
  merchantId: string;
  storeIds: string[];
  /** What the merchant funded on its own lines. */
  fundedByLines: number;
  /** What its stores' shares say it should fund. */
  owedByShare: number;
  /** owedByShare − fundedByLines: > 0 pays, < 0 receives. The transfers of an order sum to zero. */
  transfer: number;
}

/** One order's re-apportionment, per merchant (a merchant with several stores is one party). */
export function apportion(
  lines: readonly FundedLine[],
  holders: readonly ShareHolder[],
  mode: 'own_lines' | 'shares',
): MerchantFunding[] {
  const total = lines.reduce((s, l) => s + l.merchantFunded, 0);
  const owed =
    mode === 'shares' && holders.length
      ? splitByWeights(total, effectiveShares(holders))
      : holders.map(() => 0);
  const by = new Map<string, MerchantFunding>();
  const of = (merchantId: string) => {
    let m = by.get(merchantId);
    if (!m) {
      m = { merchantId, storeIds: [], fundedByLines: 0, owedByShare: 0, transfer: 0 };
      by.set(merchantId, m);
    }
    return m;
  };
  holders.forEach((h, i) => {
    const m = of(h.merchantId);
    m.storeIds.push(h.storeId);
    m.owedByShare += owed[i]!;
  });
  for (const l of lines) of(l.merchantId).fundedByLines += l.merchantFunded;
  for (const m of by.values()) {
    // own_lines (or no holders): each merchant keeps what it funded.
    if (mode !== 'shares' || !holders.length) m.owedByShare = m.fundedByLines;
    m.transfer = m.owedByShare - m.fundedByLines;
  }
  return [...by.values()].sort((a, b) =>
    a.merchantId < b.merchantId ? -1 : a.merchantId > b.merchantId ? 1 : 0,
  );
}

/** Ledger entries of an order's transfers: a merchant that pays has its payable debited, one that receives credited. */
export function transferEntries(rows: readonly MerchantFunding[]) {
  return rows
    .filter((r) => r.transfer !== 0)
    .map((r) => ({ account: `merchant:${r.merchantId}:payable`, amount: r.transfer }));
}

/** Sums per-order rows into a campaign total per merchant. */
export function sumFunding(orders: readonly MerchantFunding[][]): MerchantFunding[] {
  const by = new Map<string, MerchantFunding>();
  for (const rows of orders)
    for (const r of rows) {
      const m = by.get(r.merchantId);
      if (!m) by.set(r.merchantId, { ...r, storeIds: [...r.storeIds] });
      else {
        for (const s of r.storeIds) if (!m.storeIds.includes(s)) m.storeIds.push(s);
        m.fundedByLines += r.fundedByLines;
        m.owedByShare += r.owedByShare;
        m.transfer += r.transfer;
      }
    }
  return [...by.values()].sort((a, b) =>
    a.merchantId < b.merchantId ? -1 : a.merchantId > b.merchantId ? 1 : 0,
  );
}
