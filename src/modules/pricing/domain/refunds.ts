import type { Allocation, Fen, LinePart, Quote, QuotedLine, SourceType } from './types.ts';

/** Unit u's share when `total` is spread evenly over n units, the extra fen going to the first units. */
const share = (total: Fen, n: number, u: number) => Math.floor(total / n) + (u < total % n ? 1 : 0);

/**
 * Discount of each source on unit u of a part. Sources are spread by their running total, so every
 * extra fen lands on the next unit in turn and no unit is discounted below zero.
 */
export function unitShares(
  part: LinePart,
  listUnitPrice: Fen,
  u: number,
): { paid: Fen; sources: { sourceType: SourceType; sourceId: string; amount: Fen }[] } {
  let before = 0;
  let cum = 0;
  const out = part.sources.map((s) => {
    cum += s.amount;
    const now = share(cum, part.quantity, u);
    const amount = now - before;
    before = now;
    return { sourceType: s.sourceType, sourceId: s.sourceId, amount };
  });
  return { paid: listUnitPrice - before, sources: out };
}

export interface RefundRequest {
  lineId: string;
  /** Unit indexes within the line, 0-based in the order of the line's parts. */
  units: number[];
}

export interface Refund {
  amount: Fen;
  /** The discount each source had given the refunded units (what settlement gives back to its funder). */
  bySource: Pick<Allocation, 'lineId' | 'sourceType' | 'sourceId' | 'amount'>[];
}

/**
 * What refunding these units returns: exactly what they paid under the apportionment (the policy for
 * partial refunds that break a threshold: the remaining units keep their discount; see docs/pricing.md).
 */
export function refundFor(q: Quote, requests: RefundRequest[]): Refund {
  let amount = 0;
  const bySource = new Map<string, Refund['bySource'][number]>();
  for (const r of requests) {
    const line = q.lines.find((l) => l.lineId === r.lineId);
    if (!line) throw new RangeError(`line ${r.lineId} is not in the quote`);
    const seen = new Set<number>();
    for (const u of r.units) {
      if (!Number.isInteger(u) || u < 0 || u >= line.quantity)
        throw new RangeError(`unit ${u} is outside line ${r.lineId}`);
      if (seen.has(u)) throw new RangeError(`unit ${u} of line ${r.lineId} is listed twice`);
      seen.add(u);
      let k = u;
      const part = line.parts.find((p) => {
        if (k < p.quantity) return true;
        k -= p.quantity;
        return false;
      })!;
      const s = unitShares(part, line.unitPrice, k);
      amount += s.paid;
      for (const x of s.sources) {
        const key = `${x.sourceType}:${x.sourceId}`;
        const cur = bySource.get(`${line.lineId}|${key}`) ?? {
          lineId: line.lineId,
          sourceType: x.sourceType,
          sourceId: x.sourceId,
          amount: 0,
        };
        cur.amount += x.amount;
        bySource.set(`${line.lineId}|${key}`, cur);
      }
    }
  }
  return { amount, bySource: [...bySource.values()].filter((s) => s.amount > 0) };
}

export type PresaleEnd = 'merchant_cancelled' | 'buyer_cancelled' | 'balance_unpaid';

/**
 * A presale line that ends before its balance is paid: the merchant cancelling refunds the deposit; the
 * buyer cancelling or letting the balance window pass forfeits it. Once the balance is paid the line is
 * refunded like any other (refundFor).
 */
export function presaleDepositOutcome(line: QuotedLine, end: PresaleEnd): { refund: Fen; forfeited: Fen } {
  const deposit = line.presale?.deposit ?? 0;
  return end === 'merchant_cancelled' ? { refund: deposit, forfeited: 0 } : { refund: 0, forfeited: deposit };
}
