import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import { orderMoney } from './build.ts';
import * as repo from './commissions.repo.ts';
import { diffEntries, orderEntries } from './domain/postings.ts';

export interface Reconciliation {
  orderId: string;
  buyerPaid: number;
  merchant: number;
  creator: number;
  promoter: number;
  agency: number;
  leader: number;
  platform: { serviceFee: number; transactionFee: number; subsidy: number; net: number };
  refunds: number;
  /** buyerPaid = merchant + creator + promoter + agency + leader + platform.net + refunds, to the fen. */
  balanced: boolean;
  /** The ledger transactions in force for the order (voided estimates left out), summed by account. */
  ledger: { account: string; amount: number }[];
  /** The ledger holds exactly the order's current split (no entry missing, none extra). */
  ledgerMatches: boolean;
  ledgerState: string;
}

/** Proves for one order where every fen the buyer paid went, from its commission lines and its ledger postings. */
export async function reconcile(db: Db, orderId: string): Promise<Reconciliation> {
  const { orders, lines } = await repo.loadCommissions(db, [orderId]);
  const o = orders.get(orderId);
  if (!o) throw notFound(`order ${orderId} has no commissions (not paid, or not seen yet)`);
  const ls = lines.get(orderId) ?? [];
  const sum = (f: (l: (typeof ls)[number]) => number) => ls.reduce((s, l) => s + f(l), 0);
  const byParty = (t: string) => sum((l) => (l.partyType === t ? l.partyAmount : 0));
  const serviceFee = sum((l) => l.serviceFee);
  const transactionFee = sum((l) => l.transactionFee);
  const subsidy = sum((l) => l.subsidy);
  const r = {
    merchant: sum((l) => l.merchantAmount),
    creator: byParty('creator'),
    promoter: byParty('promoter'),
    agency: sum((l) => l.agencyAmount),
    leader: sum((l) => l.leaderAmount),
    platform: { serviceFee, transactionFee, subsidy, net: serviceFee + transactionFee - subsidy },
    refunds: o.refunded,
  };
  const shares = r.merchant + r.creator + r.promoter + r.agency + r.leader + r.platform.net + r.refunds;
  const journal = (
    await sql<{
      account: string;
      amount: number;
    }>`SELECT account, sum(amount)::bigint AS amount FROM commission_journal
      WHERE order_id = ${orderId} AND NOT voided GROUP BY account HAVING sum(amount) <> 0 ORDER BY account`.execute(
      db,
    )
  ).rows.map((x) => ({ account: x.account, amount: Number(x.amount) }));
  const expected = o.ledgerState === 'voided' ? new Map<string, number>() : orderEntries(orderMoney(o, ls));
  const got = new Map(journal.map((j) => [j.account, j.amount]));
  return {
    orderId,
    buyerPaid: o.payAmount,
    ...r,
    balanced: shares === o.payAmount,
    ledger: journal,
    ledgerMatches: diffEntries(expected, got).length === 0,
    ledgerState: o.ledgerState,
  };
}
