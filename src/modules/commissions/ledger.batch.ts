import type { Tx } from '../../core/db.ts';
import { postTransactions, resolvePending, type TxInput } from '../ledger/index.ts';

/**
 * Ledger work of one handler batch, collected while the batch is computed and flushed in three set-based calls:
 * voids of estimates posted by earlier batches, then every new transaction, then the posts that complete
 * estimates (possibly created in this batch).
 */
export class LedgerBatch {
  private txs = new Map<string, TxInput>();
  private voids: { pendingKey: string; key: string; at: Date }[] = [];
  private posts: { pendingKey: string; key: string; at: Date }[] = [];

  /** Adds (or, for a key not flushed yet, replaces) a transaction. */
  put(tx: TxInput) {
    this.txs.set(tx.key, tx);
  }
  has(key: string) {
    return this.txs.has(key);
  }
  drop(key: string) {
    this.txs.delete(key);
  }
  void(pendingKey: string, key: string, at: Date) {
    this.voids.push({ pendingKey, key, at });
  }
  post(pendingKey: string, key: string, at: Date) {
    this.posts.push({ pendingKey, key, at });
  }

  async flush(trx: Tx) {
    const txs = [...this.txs.values()].filter((t) => t.entries.length >= 2);
    if (this.voids.length)
      await resolvePending(
        trx,
        this.voids.map((v) => ({ ...v, action: 'void' as const })),
      );
    if (txs.length) await postTransactions(trx, txs);
    const posted = new Set(txs.map((t) => t.key));
    const posts = this.posts.filter((p) => !this.txs.has(p.pendingKey) || posted.has(p.pendingKey));
    if (posts.length)
      await resolvePending(
        trx,
        posts.map((p) => ({ ...p, action: 'post' as const })),
      );
  }
}
