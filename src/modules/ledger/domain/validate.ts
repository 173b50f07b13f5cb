import type { FieldIssue } from '../../../core/errors.ts';
import { parseAccount } from './accounts.ts';
import type { ResolveInput, TxInput } from './types.ts';

const KEY_MAX = 200;
const KIND = /^[a-z][a-z0-9_.-]{0,63}$/;

// Names repeat across a batch (the platform's accounts are in every order): remember the well-formed ones.
const known = new Set<string>();
function validName(name: string): boolean {
  if (known.has(name)) return true;
  if (!parseAccount(name)) return false;
  if (known.size > 100_000) known.clear();
  known.add(name);
  return true;
}

/** The exact sum of safe integers: in doubles while partial sums stay safe, in BigInt past 2^53. */
function exactSum(entries: { amount: number }[]): bigint {
  let sum = 0;
  for (const e of entries) {
    sum += e.amount;
    if (!Number.isSafeInteger(sum)) return entries.reduce((b, x) => b + BigInt(x.amount), 0n);
  }
  return BigInt(sum);
}

/**
 * Problems of one transaction, as field issues under `prefix` (e.g. `txs.3`): key, kind, business time, and
 * entries (at least two, safe-integer fen, well-formed account names, summing exactly to zero).
 */
export function txIssues(tx: TxInput, prefix = ''): FieldIssue[] {
  const f = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const issues: FieldIssue[] = [];
  if (typeof tx.key !== 'string' || tx.key.length === 0 || tx.key.length > KEY_MAX)
    issues.push({ field: f('key'), reason: `must be a non-empty string of at most ${KEY_MAX} characters` });
  if (typeof tx.kind !== 'string' || !KIND.test(tx.kind))
    issues.push({ field: f('kind'), reason: 'must be lower case like commission.estimate (≤ 64 chars)' });
  if (!(tx.at instanceof Date) || Number.isNaN(tx.at.getTime()))
    issues.push({ field: f('at'), reason: 'must be a valid instant' });
  if ((tx.refType === undefined) !== (tx.refId === undefined))
    issues.push({
      field: f(tx.refType === undefined ? 'refType' : 'refId'),
      reason: 'refType and refId go together',
    });
  if (!Array.isArray(tx.entries) || tx.entries.length < 2) {
    issues.push({ field: f('entries'), reason: 'needs at least two entries' });
    return issues;
  }
  if (tx.entries.length > 1000) issues.push({ field: f('entries'), reason: 'at most 1000 entries' });
  let amountsOk = true;
  tx.entries.forEach((e, i) => {
    if (typeof e?.account !== 'string' || !validName(e.account))
      issues.push({
        field: f(`entries.${i}.account`),
        reason: `"${String(e?.account)}" is not an account name <ownerType>:<ownerId>:<purpose>`,
      });
    if (!Number.isSafeInteger(e?.amount)) {
      amountsOk = false;
      issues.push({ field: f(`entries.${i}.amount`), reason: 'must be a safe integer number of fen' });
    }
  });
  if (amountsOk) {
    const sum = exactSum(tx.entries);
    if (sum !== 0n)
      issues.push({ field: f('entries'), reason: `amounts must sum to zero, they sum to ${sum} fen` });
  }
  return issues;
}

/** Problems of a batch of transactions; empty when the batch may be posted. */
export function batchIssues(txs: TxInput[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  txs.forEach((tx, i) => {
    for (const issue of txIssues(tx))
      issues.push({ ...issue, index: i, id: typeof tx.key === 'string' ? tx.key : undefined });
  });
  return issues;
}

/** Problems of a batch of resolutions. */
export function resolveIssues(items: ResolveInput[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  items.forEach((it, index) => {
    const add = (field: string, reason: string) => issues.push({ field, reason, index, id: it.key });
    if (typeof it.pendingKey !== 'string' || !it.pendingKey) add('pendingKey', 'is required');
    if (it.action !== 'post' && it.action !== 'void') add('action', "must be 'post' or 'void'");
    if (typeof it.key !== 'string' || !it.key || it.key.length > KEY_MAX)
      add('key', `must be a non-empty string of at most ${KEY_MAX} characters`);
    if (!(it.at instanceof Date) || Number.isNaN(it.at.getTime())) add('at', 'must be a valid instant');
  });
  return issues;
}
