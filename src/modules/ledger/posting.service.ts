import type { Tx } from '../../core/db.ts';
import { conflict, notFound, summarize, unprocessable } from '../../core/errors.ts';
import { parseAccount } from './domain/accounts.ts';
import type { Posted, ResolveInput, TxInput } from './domain/types.ts';
import { batchIssues, resolveIssues } from './domain/validate.ts';
import * as repo from './ledger.repo.ts';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Posts many transactions in four set-based statements (accounts, transactions, balance deltas, entries),
 * inside the caller's database transaction. A key already in the ledger (or repeated in the batch) is a
 * no-op reported with created: false. Input problems are a 422 naming each record and field, before any write.
 *
 * Lock order, shared by every ledger write so concurrent callers never deadlock: new account names sorted,
 * then transaction keys sorted, then account rows by id. A caller making several ledger calls in one
 * database transaction should keep each call's accounts in that order or accept retries.
 */
export async function postTransactions(trx: Tx, txs: TxInput[]): Promise<Posted[]> {
  if (txs.length === 0) return [];
  const issues = batchIssues(txs);
  if (issues.length) throw unprocessable(`ledger transactions are invalid: ${summarize(issues)}`, issues);

  const unique = new Map<string, TxInput>();
  for (const t of txs) if (!unique.has(t.key)) unique.set(t.key, t);
  const batch = [...unique.values()].sort((a, b) => byString(a.key, b.key));

  const names = [...new Set(batch.flatMap((t) => t.entries.map((e) => e.account)))].sort(byString);
  const parts = names.map((n) => parseAccount(n)!);
  await repo.insertAccounts(trx, {
    name: names,
    ownerType: parts.map((p) => p.ownerType),
    ownerId: parts.map((p) => p.ownerId),
    purpose: parts.map((p) => p.purpose),
  });

  const created = new Map<string, number>();
  for (const r of await repo.insertTransactions(trx, {
    key: batch.map((t) => t.key),
    kind: batch.map((t) => t.kind),
    refType: batch.map((t) => t.refType ?? null),
    refId: batch.map((t) => t.refId ?? null),
    at: batch.map((t) => t.at),
    pending: batch.map((t) => t.pending === true),
    memo: batch.map((t) => t.memo ?? null),
  }))
    created.set(r.key, Number(r.id));

  const existing = new Map<string, number>();
  const old = batch.filter((t) => !created.has(t.key)).map((t) => t.key);
  if (old.length)
    for (const r of await repo.transactionsByKey(trx, old)) {
      // Resolutions share the key namespace: a transaction cannot reuse a resolution's key.
      if (r.resolves_id !== null)
        throw conflict(`ledger key ${r.key} is already used by a resolution (${r.kind})`, [
          { field: 'key', reason: 'already used by a resolution', id: r.key },
        ]);
      existing.set(r.key, Number(r.id));
    }

  if (created.size)
    await writeEntries(
      trx,
      batch.filter((t) => created.has(t.key)),
      created,
    );

  const seen = new Set<string>();
  return txs.map((t) => {
    const first = !seen.has(t.key);
    seen.add(t.key);
    const id = created.get(t.key) ?? existing.get(t.key);
    return { key: t.key, id: String(id), created: first && created.has(t.key) };
  });
}

/** Balance deltas summed per account (one UPDATE), then every entry in one INSERT. */
async function writeEntries(trx: Tx, fresh: TxInput[], ids: Map<string, number>) {
  const posted = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const t of fresh)
    for (const e of t.entries) {
      const into = t.pending ? pending : posted;
      into.set(e.account, (into.get(e.account) ?? 0) + e.amount);
    }
  const names = [...new Set([...posted.keys(), ...pending.keys()])];
  const accountIds = new Map<string, number>();
  for (const r of await repo.addDeltas(trx, {
    name: names,
    posted: names.map((n) => safe(posted.get(n) ?? 0, n)),
    pending: names.map((n) => safe(pending.get(n) ?? 0, n)),
  }))
    accountIds.set(r.name, Number(r.id));
  // Every account was created above (by this call or a committed one): anything else is a bug, not input.
  if (accountIds.size !== names.length)
    throw new Error('ledger: an account of the batch could not be locked');

  const cols = {
    txId: [] as number[],
    line: [] as number[],
    accountId: [] as number[],
    amount: [] as number[],
  };
  for (const t of fresh) {
    const txId = ids.get(t.key)!;
    t.entries.forEach((e, i) => {
      cols.txId.push(txId);
      cols.line.push(i + 1);
      cols.accountId.push(accountIds.get(e.account)!);
      cols.amount.push(e.amount);
    });
  }
  await repo.insertEntries(trx, cols);
}

/** A per-call delta past 2^53 fen cannot be summed exactly in a double: refuse rather than drift. */
function safe(n: number, account: string) {
  if (!Number.isSafeInteger(n))
    throw unprocessable(`the amounts posted to ${account} in one call exceed the safe integer range`, [
      { field: 'entries', reason: `sum for ${account} is not a safe integer` },
    ]);
  return n;
}

/**
 * Resolves pending transactions: 'post' moves their amounts from pending into posted balances, 'void' drops
 * them. Each resolution is a new transaction row; the database lets a pending transaction resolve once, so of
 * concurrent resolvers exactly one wins. The same resolution key again is a no-op (created: false); another
 * resolution of an already-resolved transaction is a 409; an unknown pending key a 404.
 */
export async function resolvePending(trx: Tx, items: ResolveInput[]): Promise<Posted[]> {
  if (items.length === 0) return [];
  const issues = resolveIssues(items);
  if (issues.length) throw unprocessable(`ledger resolutions are invalid: ${summarize(issues)}`, issues);

  const pendings = new Map(
    (await repo.transactionsByKey(trx, [...new Set(items.map((i) => i.pendingKey))])).map((r) => [r.key, r]),
  );
  const missing = items.filter((i) => !pendings.has(i.pendingKey));
  if (missing.length)
    throw notFound(`no pending ledger transaction with key ${missing.map((i) => i.pendingKey).join(', ')}`);
  const notPending = items.filter((i) => !pendings.get(i.pendingKey)!.pending);
  if (notPending.length)
    throw conflict(
      `ledger transaction ${notPending[0]!.pendingKey} is not pending: only pending transactions resolve`,
      notPending.map((i) => ({ field: 'pendingKey', reason: 'is not a pending transaction', id: i.key })),
    );

  // One resolution per key (the first wins); sorted by the pending transaction so racers meet in one order.
  const unique = new Map<string, ResolveInput>();
  for (const i of items) if (!unique.has(i.key)) unique.set(i.key, i);
  const batch = [...unique.values()].sort(
    (a, b) => pendings.get(a.pendingKey)!.id - pendings.get(b.pendingKey)!.id || byString(a.key, b.key),
  );
  const created = new Map<string, number>();
  for (const r of await repo.insertResolutions(trx, {
    key: batch.map((i) => i.key),
    kind: batch.map((i) => `ledger.${i.action}`),
    refType: batch.map((i) => pendings.get(i.pendingKey)!.ref_type),
    refId: batch.map((i) => pendings.get(i.pendingKey)!.ref_id),
    at: batch.map((i) => i.at),
    resolvesId: batch.map((i) => Number(pendings.get(i.pendingKey)!.id)),
    resolution: batch.map((i) => i.action),
  }))
    created.set(r.key, Number(r.id));

  // Those not inserted: the same resolution again (a no-op), or a clash (409, and the caller rolls back).
  const existing = new Map<string, number>();
  const skipped = batch.filter((i) => !created.has(i.key));
  if (skipped.length) {
    const pendingIds = skipped.map((i) => Number(pendings.get(i.pendingKey)!.id));
    const rows = [
      ...(await repo.transactionsByKey(
        trx,
        skipped.map((i) => i.key),
      )),
      ...(await repo.resolutionsOf(trx, pendingIds)),
    ];
    for (const i of skipped) {
      const pid = Number(pendings.get(i.pendingKey)!.id);
      const same = rows.find(
        (r) => r.key === i.key && Number(r.resolves_id) === pid && r.resolution === i.action,
      );
      if (same) {
        existing.set(i.key, Number(same.id));
        continue;
      }
      const other = rows.find((r) => Number(r.resolves_id) === pid);
      throw conflict(
        other
          ? `pending ledger transaction ${i.pendingKey} is already resolved (${other.resolution}, key ${other.key})`
          : `ledger key ${i.key} is already used by another transaction`,
        [
          {
            field: other ? 'pendingKey' : 'key',
            reason: other ? 'already resolved' : 'key already used',
            id: i.key,
          },
        ],
      );
    }
  }

  const fresh = batch.filter((i) => created.has(i.key));
  if (fresh.length)
    await repo.applyResolutions(trx, {
      txId: fresh.map((i) => Number(pendings.get(i.pendingKey)!.id)),
      post: fresh.map((i) => i.action === 'post'),
    });

  const seen = new Set<string>();
  return items.map((i) => {
    const first = !seen.has(i.key);
    seen.add(i.key);
    return {
      key: i.key,
      id: String(created.get(i.key) ?? existing.get(i.key)),
      created: first && created.has(i.key),
    };
  });
}
