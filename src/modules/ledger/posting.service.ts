import type { Tx } from '../../core/db.ts';
import { conflict, type FieldIssue, notFound, summarize, unprocessable } from '../../core/errors.ts';
import { parseAccount } from './domain/accounts.ts';
import type { Posted, ResolveInput, TxInput } from './domain/types.ts';
import { batchIssues, resolveIssues } from './domain/validate.ts';
import * as repo from './ledger.repo.ts';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface LedgerBatch {
  /** New transactions (pending or not). */
  txs?: TxInput[];
  /** Resolutions of pending transactions, including ones posted by `txs` of this same batch. */
  resolve?: ResolveInput[];
}

export interface BatchResult {
  posted: Posted[];
  resolved: Posted[];
}

/**
 * One ledger write, set-based whatever its size, inside the caller's database transaction: new transactions
 * and resolutions of pending ones together (e.g. void an estimate, post its replacement, post completed
 * ones). Its statements take their locks in the one order every ledger write uses — new account names
 * sorted, transaction keys sorted, resolutions by pending transaction, then every account row touched, once,
 * by id — so concurrent writers never deadlock and no balance update is lost. Prefer one call per database
 * transaction: locks taken by an earlier call are outside that order.
 *
 * Input problems are a 422 naming each record and field, before any write. A transaction key already in the
 * ledger (or repeated in the batch) is a no-op reported with created: false, as is a resolution key repeated
 * for the same pending transaction and action. An unknown pending key is a 404; resolving a transaction that
 * is not pending, or already resolved under another key, is a 409 (the caller's transaction then rolls back).
 */
export async function postBatch(trx: Tx, batch: LedgerBatch): Promise<BatchResult> {
  const txs = batch.txs ?? [];
  const items = batch.resolve ?? [];
  if (txs.length === 0 && items.length === 0) return { posted: [], resolved: [] };
  const txProblems = batchIssues(txs);
  if (txProblems.length)
    throw unprocessable(`ledger transactions are invalid: ${summarize(txProblems)}`, txProblems);
  const resolveProblems = resolveIssues(items);
  if (resolveProblems.length)
    throw unprocessable(`ledger resolutions are invalid: ${summarize(resolveProblems)}`, resolveProblems);

  const fresh = new Map<string, TxInput>();
  for (const t of txs) if (!fresh.has(t.key)) fresh.set(t.key, t);
  const sorted = [...fresh.values()].sort((a, b) => byString(a.key, b.key));
  const names = [...new Set(sorted.flatMap((t) => t.entries.map((e) => e.account)))].sort(byString);
  const accountIds = names.length ? await ensureAccounts(trx, names) : new Map<string, number>();
  const { created, existing } = sorted.length
    ? await insertTransactions(trx, sorted)
    : { created: new Map<string, number>(), existing: new Map<string, number>() };
  const resolutions = items.length ? await insertResolutions(trx, items) : null;

  // Entries of the new transactions, then every balance change of the call in one locked UPDATE.
  const posted = new Map<number, number>();
  const pending = new Map<number, number>();
  const cols = {
    txId: [] as number[],
    line: [] as number[],
    accountId: [] as number[],
    amount: [] as number[],
  };
  for (const t of sorted) {
    const txId = created.get(t.key);
    if (txId === undefined) continue;
    const into = t.pending ? pending : posted;
    t.entries.forEach((e, i) => {
      const accountId = accountIds.get(e.account)!;
      cols.txId.push(txId);
      cols.line.push(i + 1);
      cols.accountId.push(accountId);
      cols.amount.push(e.amount);
      into.set(accountId, (into.get(accountId) ?? 0) + e.amount);
    });
  }
  if (cols.txId.length) await repo.insertEntries(trx, cols);
  const touched = [...new Set([...posted.keys(), ...pending.keys()])];
  const resolved = resolutions?.fresh ?? [];
  if (touched.length || resolved.length)
    await repo.applyDeltas(trx, {
      accountId: touched,
      posted: touched.map((id) => safe(posted.get(id) ?? 0)),
      pending: touched.map((id) => safe(pending.get(id) ?? 0)),
      resolvedTxId: resolved.map((r) => r.pendingId),
      post: resolved.map((r) => r.action === 'post'),
    });

  return {
    posted: report(
      txs.map((t) => t.key),
      created,
      existing,
    ),
    resolved: resolutions
      ? report(
          items.map((i) => i.key),
          resolutions.created,
          resolutions.existing,
        )
      : [],
  };
}

/** Posts many transactions: a `postBatch` of transactions only. */
export async function postTransactions(trx: Tx, txs: TxInput[]): Promise<Posted[]> {
  if (txs.length === 0) return [];
  return (await postBatch(trx, { txs })).posted;
}

/**
 * Resolves pending transactions: 'post' moves their amounts from pending into posted balances, 'void' drops
 * them; a `postBatch` of resolutions only. Each resolution is a new transaction row; the database lets a
 * pending transaction resolve once, so of concurrent resolvers exactly one wins.
 */
export async function resolvePending(trx: Tx, items: ResolveInput[]): Promise<Posted[]> {
  if (items.length === 0) return [];
  return (await postBatch(trx, { resolve: items })).resolved;
}

/** Ids of the batch's accounts, created on first use (names sorted by the caller). */
async function ensureAccounts(trx: Tx, names: string[]) {
  const parts = names.map((n) => parseAccount(n)!);
  const ids = new Map<string, number>();
  for (const r of await repo.upsertAccounts(trx, {
    name: names,
    ownerType: parts.map((p) => p.ownerType),
    ownerId: parts.map((p) => p.ownerId),
    purpose: parts.map((p) => p.purpose),
  }))
    ids.set(r.name, Number(r.id));
  // Names another writer committed while this statement waited on them: visible to a new statement.
  const late = names.filter((n) => !ids.has(n));
  if (late.length) for (const r of await repo.accountIds(trx, late)) ids.set(r.name, Number(r.id));
  if (ids.size !== names.length) throw new Error('ledger: an account of the batch could not be created');
  return ids;
}

/** Inserts the transactions whose key is new (keys sorted by the caller); finds the others. */
async function insertTransactions(trx: Tx, sorted: TxInput[]) {
  const created = new Map<string, number>();
  for (const r of await repo.insertTransactions(trx, {
    key: sorted.map((t) => t.key),
    kind: sorted.map((t) => t.kind),
    refType: sorted.map((t) => t.refType ?? null),
    refId: sorted.map((t) => t.refId ?? null),
    at: sorted.map((t) => t.at),
    pending: sorted.map((t) => t.pending === true),
    memo: sorted.map((t) => t.memo ?? null),
  }))
    created.set(r.key, Number(r.id));
  const existing = new Map<string, number>();
  const old = sorted.filter((t) => !created.has(t.key)).map((t) => t.key);
  if (old.length)
    for (const r of await repo.transactionsByKey(trx, old)) {
      // Resolutions share the key namespace: a transaction cannot reuse a resolution's key.
      if (r.resolves_id !== null)
        throw conflict(`ledger key ${r.key} is already used by a resolution (${r.kind})`, [
          { field: 'key', reason: 'already used by a resolution', id: r.key },
        ]);
      existing.set(r.key, Number(r.id));
    }
  return { created, existing };
}

/**
 * Inserts resolution rows (sorted by the pending transaction, so racers meet in one order). Returns those
 * created with their pending transaction, and the keys that were already the same resolution.
 */
async function insertResolutions(trx: Tx, items: ResolveInput[]) {
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
  const pendingId = (i: ResolveInput) => Number(pendings.get(i.pendingKey)!.id);

  const unique = new Map<string, ResolveInput>();
  for (const i of items) if (!unique.has(i.key)) unique.set(i.key, i);
  const sorted = [...unique.values()].sort((a, b) => pendingId(a) - pendingId(b) || byString(a.key, b.key));
  const created = new Map<string, number>();
  for (const r of await repo.insertResolutions(trx, {
    key: sorted.map((i) => i.key),
    kind: sorted.map((i) => `ledger.${i.action}`),
    refType: sorted.map((i) => pendings.get(i.pendingKey)!.ref_type),
    refId: sorted.map((i) => pendings.get(i.pendingKey)!.ref_id),
    at: sorted.map((i) => i.at),
    resolvesId: sorted.map(pendingId),
    resolution: sorted.map((i) => i.action),
  }))
    created.set(r.key, Number(r.id));

  // Those not inserted: the same resolution again (a no-op), or a clash (409).
  const existing = new Map<string, number>();
  const skipped = sorted.filter((i) => !created.has(i.key));
  if (skipped.length) {
    const rows = [
      ...(await repo.transactionsByKey(
        trx,
        skipped.map((i) => i.key),
      )),
      ...(await repo.resolutionsOf(trx, skipped.map(pendingId))),
    ];
    for (const i of skipped) {
      const pid = pendingId(i);
      const same = rows.find(
        (r) => r.key === i.key && Number(r.resolves_id) === pid && r.resolution === i.action,
      );
      if (same) {
        existing.set(i.key, Number(same.id));
        continue;
      }
      const other = rows.find((r) => Number(r.resolves_id) === pid);
      const issue: FieldIssue = other
        ? { field: 'pendingKey', reason: 'already resolved', id: i.key }
        : { field: 'key', reason: 'key already used', id: i.key };
      throw conflict(
        other
          ? `pending ledger transaction ${i.pendingKey} is already resolved (${other.resolution}, key ${other.key})`
          : `ledger key ${i.key} is already used by another transaction`,
        [issue],
      );
    }
  }
  const fresh = sorted
    .filter((i) => created.has(i.key))
    .map((i) => ({ pendingId: pendingId(i), action: i.action }));
  return { created, existing, fresh };
}

/** Results in the caller's order; a key repeated in the call is created at most once. */
function report(keys: string[], created: Map<string, number>, existing: Map<string, number>): Posted[] {
  const seen = new Set<string>();
  return keys.map((key) => {
    const first = !seen.has(key);
    seen.add(key);
    return { key, id: String(created.get(key) ?? existing.get(key)), created: first && created.has(key) };
  });
}

/** A per-call delta past 2^53 fen cannot be summed exactly in a double: refuse rather than drift. */
function safe(n: number) {
  if (!Number.isSafeInteger(n))
    throw unprocessable('the amounts posted to one account in one call exceed the safe integer range', [
      { field: 'entries', reason: 'an account sum is not a safe integer' },
    ]);
  return n;
}
