import type { Db } from '../../core/db.ts';
import { notFound } from '../../core/errors.ts';
import { orderMoney } from './build.ts';
import { transactionsByRef } from '../ledger/index.ts';
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
  /** The order's ledger transactions: key, kind, pending, and how a pending one was resolved. */
  transactions: { key: string; kind: string; pending: boolean; resolution: string | null }[];
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
  // The ledger's own record of the order: every transaction except voided estimates (and resolution rows).
  const txs = await transactionsByRef(db, 'order', orderId);
  const live = txs.filter((t) => t.entries.length && !(t.pending && t.resolution === 'void'));
  const sums = new Map<string, number>();
  for (const t of live) for (const e of t.entries) sums.set(e.account, (sums.get(e.account) ?? 0) + e.amount);
  const journal = [...sums]
    .filter(([, v]) => v !== 0)
    .map(([account, amount]) => ({ account, amount }))
    .sort((a, b) => (a.account < b.account ? -1 : 1));
  const expected = o.ledgerState === 'voided' ? new Map<string, number>() : orderEntries(orderMoney(o, ls));
  const got = new Map(journal.map((j) => [j.account, j.amount]));
  return {
    orderId,
    buyerPaid: o.payAmount,
    ...r,
    balanced: shares === o.payAmount,
    ledger: journal,
    transactions: txs
      .filter((t) => t.entries.length)
      .map((t) => ({ key: t.key, kind: t.kind, pending: t.pending, resolution: t.resolution })),
    ledgerMatches: diffEntries(expected, got).length === 0,
    ledgerState: o.ledgerState,
  };
}
